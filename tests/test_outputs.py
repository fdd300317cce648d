"""Prediction outputs resume after an interruption and never duplicate an article."""

import csv
import json
from pathlib import Path

from zs_ner.document import Document, Entity, Relation
from zs_ner.outputs import PredictionWriter


def doc(i: int) -> Document:
    text = f"第{i}批：富拉尔基区签订10亿元的铜冶炼项目。"
    start = text.index("富")
    return Document(
        f"a{i}",
        text,
        [
            Entity(start, start + 5, "REGION", "富拉尔基区", "e1"),
            Entity(start + 7, start + 11, "AMOUNT", "10亿元", "e2", attrs={"money": {"value": "1000000000", "currency": "CNY"}, "role": "contract"}),
            Entity(start + 12, start + 17, "PROJECT", "铜冶炼项目", "e3"),
        ],
        [Relation("e2", "e3", "amount_of"), Relation("e3", "e1", "located_in")],
    )


def test_jsonl_resume_skips_written_ids_and_drops_a_partial_line(tmp_path: Path):
    out = tmp_path / "pred.jsonl"
    with PredictionWriter(out) as w:
        w.write(doc(1))
        w.write(doc(2))
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "a3", "text": "第3批')  # interrupted mid-record
    w2 = PredictionWriter(out)
    assert w2.done == {"a1", "a2"}
    with w2:
        w2.write(doc(3))
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["a1", "a2", "a3"]


def test_csv_has_one_row_per_project_with_parsed_amounts(tmp_path: Path):
    out = tmp_path / "pred.csv"
    with PredictionWriter(out) as w:
        w.write(doc(1))
        w.write(Document("empty", "今日无签约。"))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["doc_id"], r["project"], r["amounts"], r["amount_values"], r["regions"]) for r in rows] == [
        ("a1", "铜冶炼项目", "10亿元", "1000000000", "富拉尔基区"),
        ("empty", "", "", "", ""),
    ]
    assert PredictionWriter(out).done == {"a1", "empty"}


def test_jsonl_record_carries_the_project_table(tmp_path: Path):
    out = tmp_path / "pred.jsonl"
    with PredictionWriter(out) as w:
        w.write(doc(1))
    rec = json.loads(out.read_text(encoding="utf-8"))
    (project,) = rec["projects"]
    assert (project["project"], project["regions"], project["amounts"][0]["value"]) == ("铜冶炼项目", ["富拉尔基区"], "1000000000")
