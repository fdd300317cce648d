"""One input id per normalised character, looked up in the m3e-small vocabulary."""

from __future__ import annotations

import pytest

from zs_ner.model.base_model import M3E_SMALL, load_tokenizer
from zs_ner.model.char_encoding import CharEncoder


@pytest.fixture(scope="module")
def encoder() -> CharEncoder:
    return CharEncoder(load_tokenizer(M3E_SMALL))


@pytest.mark.parametrize("text", ["ＡＢＣ公司", "ABC公司"])
def test_latin_letters_are_not_unknown(encoder: CharEncoder, text: str) -> None:
    ids = encoder.encode(text)
    assert len(ids) == 5
    assert encoder.unk_id not in ids
    assert ids == [encoder.vocab[c] for c in "abc公司"]


def test_every_character_gets_exactly_one_id(encoder: CharEncoder) -> None:
    text = "温7区域投资26.44亿元"
    ids = encoder.encode(text)
    assert len(ids) == len(text)
    assert ids[1] == encoder.vocab["7"]
    assert ids[6:11] == [encoder.vocab[c] for c in "26.44"]


def test_whitespace_gets_reserved_tokens(encoder: CharEncoder) -> None:
    ids = encoder.encode("签约 \u3000\n项目")
    space, newline = encoder.vocab["[unused1]"], encoder.vocab["[unused2]"]
    assert ids[2:5] == [space, space, newline]
    assert encoder.unk_id not in ids


def test_characters_outside_the_vocabulary_are_unknown(encoder: CharEncoder) -> None:
    assert encoder.encode("𠀾") == [encoder.unk_id]


def test_special_ids_come_from_the_tokenizer(encoder: CharEncoder) -> None:
    assert (encoder.cls_id, encoder.sep_id, encoder.pad_id) == (encoder.vocab["[CLS]"], encoder.vocab["[SEP]"], encoder.vocab["[PAD]"])


def test_capitals_survive_the_tokenizer_fallback_too(encoder: CharEncoder) -> None:
    # m3e-small ships with lower-casing off; load_tokenizer turns it on, else capitals would be [UNK].
    assert encoder.tokenizer.tokenize("ABC") == ["abc"]
