"""Training sources: reading by format name, schema checks, and weighted sampling."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from zs_ner.document import Document
from zs_ner.model.sources import SOURCE_FORMATS, read_source, weighted_sample

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sample.markup"


def test_registered_formats_cover_the_project_readers() -> None:
    assert set(SOURCE_FORMATS) >= {"jsonl", "markup", "labelstudio"}


def test_markup_source_is_read_and_capped(tmp_path: Path) -> None:
    docs = read_source("markup", FIXTURE)
    assert [d.id for d in docs] == ["fx-001"]
    assert read_source("markup", FIXTURE, max_docs=1) == docs


def test_entity_that_does_not_slice_its_text_names_file_and_document(tmp_path: Path) -> None:
    path = tmp_path / "extra.jsonl"
    record = {"id": "bad-7", "text": "碾子山区签订10亿元的项目。", "entities": [{"start": 6, "end": 10, "label": "AMOUNT", "text": "10亿"}]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"extra\.jsonl: document 'bad-7' breaks the schema: .*text-mismatch"):
        read_source("jsonl", path)


def test_missing_source_and_unknown_format_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope.jsonl: source not found"):
        read_source("jsonl", tmp_path / "nope.jsonl")
    with pytest.raises(ValueError, match="unknown source format 'conll'"):
        read_source("conll", FIXTURE)


@pytest.mark.parametrize(("weight", "expected"), [(1.0, 10), (0.5, 5), (2.3, 23)])
def test_weight_scales_the_number_of_documents(weight: float, expected: int) -> None:
    docs = [Document(f"d{i}", "签约项目") for i in range(10)]
    sample = weighted_sample(docs, weight, random.Random(0))
    assert len(sample) == expected
    assert {d.id for d in sample} <= {d.id for d in docs}
