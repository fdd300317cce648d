"""Evaluation metrics and reports on hand-checked predictions."""

import copy
import json
from pathlib import Path

from zs_ner.document import Document, Entity, Relation
from zs_ner.evaluation import compare_reports, evaluate_documents, write_report

TEXT = "碾子山区签订10亿元的矿山生态修复综合开发项目，万里润达投资建设年产5万吨饲料项目。"


def gold() -> Document:
    return Document(
        "g1",
        TEXT,
        [
            Entity(0, 4, "REGION", "碾子山区", "e1"),
            Entity(6, 10, "AMOUNT", "10亿元", "e2"),
            Entity(11, 23, "PROJECT", "矿山生态修复综合开发项目", "e3"),
            Entity(24, 28, "COMPANY", "万里润达", "e4"),
            Entity(32, 42, "PROJECT", "年产5万吨饲料项目", "e5"),
        ],
        [Relation("e2", "e3", "amount_of"), Relation("e3", "e1", "located_in"), Relation("e4", "e5", "investor_of")],
    )


def prediction() -> Document:
    p = copy.deepcopy(gold())
    p.entities[4] = Entity(34, 42, "PROJECT", "5万吨饲料项目", "e5")  # boundary error
    p.entities[3].label = "REGION"  # label error
    p.relations = [Relation("e2", "e3", "amount_of"), Relation("e3", "e1", "located_in")]
    return p


def test_exact_span_scores_per_label_and_micro():
    m = evaluate_documents([gold()], [prediction()])
    assert m["entities"]["AMOUNT"]["f1"] == 1.0
    assert m["entities"]["PROJECT"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1, "support": 2}
    assert m["entities"]["COMPANY"]["recall"] == 0.0
    assert m["entities"]["micro"]["tp"] == 3 and m["entities"]["micro"]["fp"] == 2 and m["entities"]["micro"]["fn"] == 2
    assert m["seqeval"]["micro"]["f1"] == m["entities"]["micro"]["f1"]


def test_relations_need_both_ends_right():
    m = evaluate_documents([gold()], [prediction()])
    assert m["relations"]["amount_of"]["f1"] == 1.0
    assert m["relations"]["investor_of"]["recall"] == 0.0
    assert m["relations"]["micro"]["tp"] == 2


def test_confusion_matrix_counts_same_span_label_swaps():
    m = evaluate_documents([gold()], [prediction()])
    assert m["confusion"]["COMPANY"]["REGION"] == 1
    assert m["confusion"]["PROJECT"]["O"] == 1 and m["confusion"]["O"]["PROJECT"] == 1


def test_report_directory_has_all_files_and_errors_in_context(tmp_path: Path):
    write_report([gold()], [prediction()], tmp_path)
    for name in ("metrics.json", "report.md", "report.html", "confusion_matrix.png", "per_label_f1.png"):
        assert (tmp_path / name).stat().st_size > 0
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "gold `年产5万吨饲料项目|PROJECT` pred `5万吨饲料项目|PROJECT`" in md
    assert "【万里润达】" in md
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["entities"]["micro"]) >= {"precision", "recall", "f1"}
    assert set(metrics["relations"]) >= {"amount_of", "investor_of", "located_in"}


def test_compare_prints_deltas(tmp_path: Path):
    write_report([gold()], [prediction()], tmp_path / "old")
    write_report([gold()], [gold()], tmp_path / "new")
    table = compare_reports(tmp_path / "old", tmp_path / "new")
    line = next(row for row in table.splitlines() if row.startswith("entities.PROJECT"))
    assert line.split()[1:] == ["0.500", "1.000", "+0.500"]
