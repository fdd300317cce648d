"""Documents → normalised tagged characters → windowed model rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from zs_ner.document import Document, Entity
from zs_ner.markup import read_markup
from zs_ner.model.base_model import M3E_SMALL, load_tokenizer
from zs_ner.model.bio import default_tags, tags_to_spans
from zs_ner.model.char_encoding import CharEncoder
from zs_ner.model.dataset import IGNORE_INDEX, build_dataset, collate, tag_document, window_rows

TAGS = default_tags()
TAG_IDS = {t: i for i, t in enumerate(TAGS)}
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sample.markup"


@pytest.fixture(scope="module")
def encoder() -> CharEncoder:
    return CharEncoder(load_tokenizer(M3E_SMALL))


def raw_doc() -> Document:
    raw = "雙鴨山市與萬里潤達集團簽訂年產(chǎn)10萬噸優(yōu)質(zhì)白酒項目，總投資５.１億元。"
    spans = [
        ("雙鴨山市", "REGION"),
        ("萬里潤達集團", "COMPANY"),
        ("年產(chǎn)10萬噸優(yōu)質(zhì)白酒項目", "PROJECT"),
        ("５.１億元", "AMOUNT"),
    ]
    ents = [Entity(raw.index(s), raw.index(s) + len(s), label, s) for s, label in spans]
    return Document("noisy-1", raw, ents)


def test_gold_spans_on_raw_text_are_tagged_on_normalised_text() -> None:
    tagged = tag_document(raw_doc())
    assert tagged.text == "双鸭山市与万里润达集团签订年产10万吨优质白酒项目,总投资5.1亿元。"
    spans = [(tagged.text[s:e], label) for s, e, label in tags_to_spans(tagged.tags)]
    assert spans == [("双鸭山市", "REGION"), ("万里润达集团", "COMPANY"), ("年产10万吨优质白酒项目", "PROJECT"), ("5.1亿元", "AMOUNT")]
    assert tagged.dropped == 0


def test_entity_covering_only_deleted_characters_is_dropped() -> None:
    raw = "签约\u200b\u200b项目"
    doc = Document("zw", raw, [Entity(2, 4, "PROJECT", "\u200b\u200b"), Entity(4, 6, "PROJECT", "项目")])
    tagged = tag_document(doc)
    assert tagged.dropped == 1
    assert tags_to_spans(tagged.tags) == [(2, 4, "PROJECT")]


def test_window_rows_wrap_characters_in_special_tokens(encoder: CharEncoder) -> None:
    tagged = tag_document(raw_doc())
    rows = window_rows(tagged, encoder, TAG_IDS, max_length=18, stride=4)
    assert len(rows) == 3
    for row in rows:
        assert row["input_ids"][0] == encoder.cls_id and row["input_ids"][-1] == encoder.sep_id
        assert row["labels"][0] == IGNORE_INDEX and row["labels"][-1] == IGNORE_INDEX
        assert len(row["input_ids"]) == len(row["labels"]) == len(row["attention_mask"]) <= 18
    assert rows[0]["labels"][1:5] == [TAG_IDS["B-REGION"]] + [TAG_IDS["I-REGION"]] * 3
    assert rows[0]["input_ids"][1:5] == encoder.encode("双鸭山市")


def test_build_dataset_has_one_row_per_window(encoder: CharEncoder) -> None:
    docs = read_markup(FIXTURE) + [raw_doc()]
    dataset = build_dataset(docs, encoder, TAGS, max_length=34, stride=8)
    assert set(dataset.column_names) == {"input_ids", "attention_mask", "labels"}
    expected = sum(len(window_rows(tag_document(d), encoder, TAG_IDS, 34, 8)) for d in docs)
    assert len(dataset) == expected


def test_collate_pads_to_the_longest_row(encoder: CharEncoder) -> None:
    rows = [
        {"input_ids": [101, 5, 102], "attention_mask": [1, 1, 1], "labels": [-100, 1, -100]},
        {"input_ids": [101, 102], "attention_mask": [1, 1], "labels": [-100, -100]},
    ]
    batch = collate(rows, pad_id=0)
    assert batch["input_ids"].tolist() == [[101, 5, 102], [101, 102, 0]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1], [1, 1, 0]]
    assert batch["labels"].tolist() == [[-100, 1, -100], [-100, -100, -100]]
