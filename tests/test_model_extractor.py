"""The inference wrapper: raw-text offsets, ids, scores, inputs of both kinds, save/load."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import zs_ner
from zs_ner.document import Document
from zs_ner.model import extractor as extractor_module
from zs_ner.model.base_model import build_tiny_random_model, load_token_classifier, load_tokenizer
from zs_ner.model.bio import default_tags, spans_to_tags
from zs_ner.model.extractor import Extractor
from zs_ner.model.model_dir import ModelSettings

TAGS = default_tags()

#: What the controlled "model" tags, as phrases of the normalised text.
ORACLE = {"双鸭山市宝清县": "REGION", "万里润达集团": "COMPANY", "年产10万吨优质白酒项目": "PROJECT", "5.1亿元": "AMOUNT"}

RAW = "新建成的萬里潤達廠區(qū)。\n本報訊 雙鴨山市寶清縣(xiàn)與萬里潤達集團簽訂年產(chǎn)10萬噸優(yōu)質(zhì)白酒項目，總投資5.1億(yì)元。"


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> Extractor:
    path = build_tiny_random_model(tmp_path_factory.mktemp("tiny"))
    model = load_token_classifier(path, TAGS)
    return Extractor(model, load_tokenizer(path), ModelSettings(tags=TAGS, max_length=34, stride=8))


def oracle_probs(model: object, encoder: object, texts: Sequence[str], *args: object, **kwargs: object) -> list[np.ndarray]:
    """Stand-in for the forward pass: 0.9 on the tags of ORACLE's phrases in each normalised text."""
    out = []
    for text in texts:
        spans = [(m.start(), m.end(), label) for phrase, label in ORACLE.items() for m in re.finditer(re.escape(phrase), text)]
        probs = np.full((len(text), len(TAGS)), 0.1 / (len(TAGS) - 1))
        for i, tag in enumerate(spans_to_tags(len(text), spans)):
            probs[i, TAGS.index(tag)] = 0.9
        out.append(probs)
    return out


@pytest.fixture()
def controlled(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> Extractor:
    monkeypatch.setattr(extractor_module, "predict_char_probs", oracle_probs)
    return extractor


def test_entities_carry_exact_raw_offsets_through_traditional_script_and_pinyin(controlled: Extractor) -> None:
    (doc,) = controlled.extract([RAW])
    got = [(e.start, e.end, e.label, e.text) for e in doc.entities]
    expected_texts = [
        ("雙鴨山市寶清縣(xiàn)", "REGION"),
        ("萬里潤達集團", "COMPANY"),
        ("年產(chǎn)10萬噸優(yōu)質(zhì)白酒項目", "PROJECT"),
        ("5.1億(yì)元", "AMOUNT"),
    ]
    assert got == [(RAW.index(t), RAW.index(t) + len(t), label, t) for t, label in expected_texts]
    assert all(RAW[e.start : e.end] == e.text for e in doc.entities)


def test_entities_get_ids_and_scores(controlled: Extractor) -> None:
    (doc,) = controlled.extract([RAW])
    assert [e.id for e in doc.entities] == ["e1", "e2", "e3", "e4"]
    assert all(e.score == pytest.approx(0.9) for e in doc.entities)
    assert doc.validate() == []


def test_documents_keep_id_and_meta_and_strings_get_numbered_ids(controlled: Extractor) -> None:
    article = Document("hlj-2020-07", RAW, meta={"source": "黑龙江日报"})
    docs = controlled.extract(["签约额5.1亿元", article, ""])
    assert [d.id for d in docs] == ["doc-1", "hlj-2020-07", "doc-3"]
    assert docs[1].meta == {"source": "黑龙江日报"} and docs[1].text == RAW
    assert [(e.text, e.label) for e in docs[0].entities] == [("5.1亿元", "AMOUNT")]
    assert docs[2].entities == []


def test_whitespace_at_span_edges_is_trimmed(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    def padded(model: object, encoder: object, texts: Sequence[str], *args: object, **kwargs: object) -> list[np.ndarray]:
        probs = np.full((len(texts[0]), len(TAGS)), 0.01)
        for i, tag in enumerate(spans_to_tags(len(texts[0]), [(2, 9, "AMOUNT"), (9, 11, "REGION")])):
            probs[i, TAGS.index(tag)] = 0.9
        return [probs]

    monkeypatch.setattr(extractor_module, "predict_char_probs", padded)
    (doc,) = extractor.extract(["投资 5.1亿元   "])
    assert [(e.start, e.end, e.text) for e in doc.entities] == [(3, 8, "5.1亿元")]


def test_real_forward_pass_handles_empty_and_long_texts(extractor: Extractor) -> None:
    long_text = "雙鴨山市簽約項目50項，簽約額150.33億元。" * 20
    docs = extractor.extract([long_text, "", "   "], batch_size=4)
    assert [len(d.text) for d in docs] == [len(long_text), 0, 3]
    for doc in docs:
        assert all(doc.text[e.start : e.end] == e.text for e in doc.entities)
        assert all(e.label in ("REGION", "COMPANY", "AMOUNT", "PROJECT") and 0 <= e.score <= 1 for e in doc.entities)


def test_extractor_is_exported_lazily_from_the_package() -> None:
    assert zs_ner.Extractor is Extractor


def test_save_and_load_round_trip(extractor: Extractor, tmp_path: Path) -> None:
    extractor.save_pretrained(tmp_path / "saved")
    loaded = Extractor.from_pretrained(tmp_path / "saved", device="cpu")
    assert loaded.settings.tags == TAGS and loaded.settings.max_length == 34
    text = "雙鴨山市寶清縣(xiàn)與萬里潤達集團簽約。" * 3
    first, second = extractor.extract([text])[0], loaded.extract([text])[0]
    assert [(e.start, e.end, e.label) for e in first.entities] == [(e.start, e.end, e.label) for e in second.entities]


def test_loading_a_directory_without_settings_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="zs_ner_config.json"):
        Extractor.from_pretrained(tmp_path)
