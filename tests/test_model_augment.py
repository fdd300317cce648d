"""Scraping-noise augmentation keeps every entity span exact, and the normaliser undoes most of it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from zs_ner.document import Document, Entity
from zs_ner.markup import read_markup
from zs_ner.model.augment import PINYIN, Augmenter, to_traditional
from zs_ner.model.config import AugmentationConfig
from zs_ner.normalize import is_toned_pinyin_syllable, normalize

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sample.markup"
PINYIN_INSERTION = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


@pytest.fixture()
def doc() -> Document:
    return read_markup(FIXTURE)[0]


def noisy(doc: Document, seed: int, traditional: float = 1.0, pinyin: float = 1.0, boilerplate: float = 1.0) -> Document:
    return Augmenter(AugmentationConfig(traditional, pinyin, boilerplate)).augment(doc, random.Random(seed))


def test_all_noise_keeps_every_entity_slicing_its_text(doc: Document) -> None:
    out = noisy(doc, seed=3)
    assert out.validate() == []
    assert [e.id for e in out.entities] == [e.id for e in doc.entities]
    assert PINYIN_INSERTION.search(out.text)
    assert "齊齊哈爾市富拉爾基區" in out.text
    for before, after in zip(doc.entities, out.entities, strict=True):
        assert PINYIN_INSERTION.sub("", after.text) == to_traditional(before.text)


def test_normaliser_maps_noisy_entities_back_to_the_original_text(doc: Document) -> None:
    for seed in range(5):
        out = noisy(doc, seed=seed)
        norm = normalize(out.text)
        for before, after in zip(doc.entities, out.entities, strict=True):
            start, end = norm.to_norm_span(after.start, after.end)
            assert norm.text[start:end] == before.text


def test_boilerplate_shifts_spans_by_the_header(doc: Document) -> None:
    out = noisy(doc, seed=1, traditional=0.0, pinyin=0.0)
    offset = out.text.index(doc.text)
    assert out.text != doc.text
    assert [(e.start - offset, e.end - offset) for e in out.entities] == [e.span for e in doc.entities]
    assert out.meta["augmented"] == ["boilerplate"]


def test_same_seed_gives_the_same_noise(doc: Document) -> None:
    assert noisy(doc, seed=7, traditional=0.5, pinyin=0.5, boilerplate=0.5) == noisy(
        doc, seed=7, traditional=0.5, pinyin=0.5, boilerplate=0.5
    )
    assert len({noisy(doc, seed=s).text for s in range(6)}) > 1


def test_zero_probabilities_leave_the_document_alone(doc: Document) -> None:
    assert noisy(doc, seed=0, traditional=0.0, pinyin=0.0, boilerplate=0.0) is doc


def test_traditional_conversion_keeps_length() -> None:
    text = "黑龙江紫金铜业公司签订铜冶炼项目投资协议，项目总投资26.44亿元。"
    converted = to_traditional(text)
    assert len(converted) == len(text)
    assert converted.startswith("黑龍江紫金銅業公司簽訂銅冶煉項目")


@pytest.mark.parametrize(("simplified", "syllable"), sorted(PINYIN.items()))
def test_pinyin_table_holds_real_toned_syllables_of_changed_characters(simplified: str, syllable: str) -> None:
    assert is_toned_pinyin_syllable(syllable)
    assert to_traditional(simplified) != simplified
    assert normalize(f"{to_traditional(simplified)}({syllable})业").text == f"{simplified}业"


def test_pinyin_after_an_entity_last_character_belongs_to_the_entity() -> None:
    doc = Document("d1", "碾子山区签约", [Entity(0, 4, "REGION", "碾子山区", "e1")])
    out = noisy(doc, seed=2, traditional=1.0, pinyin=1.0, boilerplate=0.0)
    assert out.text == "碾子山區(qū)簽約(yuē)"
    assert out.entities[0].text == "碾子山區(qū)"
