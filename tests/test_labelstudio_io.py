"""Label Studio export reader and task writer, on a hand-written export in the real export format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zs_ner.cli import main
from zs_ner.document import Document, DocumentError, Entity, Relation
from zs_ner.labelstudio.export_reader import read_export, read_tasks
from zs_ner.labelstudio.task_writer import documents_to_tasks, write_tasks
from zs_ner.markup import read_markup

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPORT = FIXTURES / "labelstudio" / "export.json"


def spans(doc: Document) -> list[tuple[str | None, int, int, str, str]]:
    return [(e.id, e.start, e.end, e.label, e.text) for e in doc.entities]


def rels(doc: Document) -> list[tuple[str, str, str]]:
    return [(r.head, r.label, r.tail) for r in doc.relations]


@pytest.fixture(scope="module")
def export() -> tuple[dict[str, Document], list]:
    docs, issues = read_export(EXPORT)
    return {d.id: d for d in docs}, issues


def task(text: str, result: list[dict], task_id: int = 7, **annotation) -> dict:
    """A minimal exported task with one annotation holding ``result``."""
    return {"id": task_id, "data": {"text": text}, "annotations": [{"id": 1, "result": result, "was_cancelled": False, **annotation}]}


def span_item(rid: str, start: int, end: int, text: str, label: str) -> dict:
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


# -- reading: which annotation ------------------------------------------------------------------------
def test_reads_one_document_per_task_with_text(export) -> None:
    docs, _ = export
    assert list(docs) == ["qqhr-2020-0512", "qqhr-2020-0513", "task-103", "aks-2021-0077", "jy-2019-0031"]


def test_ground_truth_annotation_wins_over_later_and_cancelled_ones(export) -> None:
    doc = export[0]["qqhr-2020-0512"]
    assert spans(doc) == [
        ("r1Xa9", 0, 14, "REGION", "黑龙江省齐齐哈尔市富拉尔基区"),
        ("c0Mp2", 15, 24, "COMPANY", "黑龙江紫金铜业公司"),
        ("pRj3k", 26, 37, "PROJECT", "年产15万吨铜冶炼项目"),
        ("aMt4q", 41, 48, "AMOUNT", "26.44亿元"),
    ]


def test_left_relation_is_read_reversed(export) -> None:
    doc = export[0]["qqhr-2020-0512"]
    assert rels(doc) == [("aMt4q", "amount_of", "pRj3k"), ("c0Mp2", "investor_of", "pRj3k"), ("pRj3k", "located_in", "r1Xa9")]


def test_latest_updated_annotation_wins_and_cancelled_is_skipped(export) -> None:
    # annotation 22 was created first but updated last; the newer annotation 23 is cancelled
    doc = export[0]["qqhr-2020-0513"]
    assert [e.id for e in doc.entities] == ["n1", "n2", "n3"]
    assert rels(doc) == [("n2", "amount_of", "n3"), ("n3", "located_in", "n1")]


def test_only_cancelled_annotations_give_an_empty_document_and_a_warning() -> None:
    data = task("碾子山区签订10亿元项目。", [span_item("a", 0, 4, "碾子山区", "REGION")], task_id=31)
    data["annotations"][0]["was_cancelled"] = True
    docs, issues = read_tasks([data], source="skipped.json")
    assert [(d.id, d.entities) for d in docs] == [("task-31", [])]
    assert [(i.code, i.severity, i.message) for i in issues] == [
        ("no-annotation", "warning", "task 31: all 1 annotations are cancelled; document kept without entities")
    ]


def test_emoji_before_entity_utf16_offsets_become_code_points(export) -> None:
    raw = json.loads(EXPORT.read_text(encoding="utf-8"))[1]["annotations"][1]["result"][0]["value"]
    assert (raw["start"], raw["end"]) == (5, 9)  # UTF-16: 🎉 counts twice
    doc = export[0]["qqhr-2020-0513"]
    assert spans(doc)[0] == ("n1", 4, 8, "REGION", "碾子山区")
    assert doc.text[4:8] == "碾子山区"


def test_code_point_offsets_are_accepted_when_only_they_match() -> None:
    text = "👍👍济源市签约。"
    docs, issues = read_tasks([task(text, [span_item("a", 2, 5, "济源市", "REGION")])])
    assert issues == []
    assert spans(docs[0]) == [("a", 2, 5, "REGION", "济源市")]


def test_meta_and_doc_id_come_from_data(export) -> None:
    docs = export[0]
    assert docs["qqhr-2020-0512"].meta == {"source": "齐齐哈尔日报", "year": 2020}
    assert docs["jy-2019-0031"].meta == {"year": 2019}
    assert docs["task-103"].meta == {}


# -- reading: predictions -----------------------------------------------------------------------------
def test_predictions_are_ignored_by_default(export) -> None:
    docs, issues = export
    assert docs["task-103"].entities == [] and docs["task-103"].relations == []
    assert [(i.doc_id, i.code, i.severity) for i in issues if i.doc_id == "task-103"] == [("task-103", "no-annotation", "warning")]
    assert all(e.score is None for e in docs["qqhr-2020-0513"].entities)


def test_use_predictions_takes_the_latest_prediction_with_scores() -> None:
    docs, _ = read_export(EXPORT, use_predictions=True)
    doc = {d.id: d for d in docs}["task-103"]
    assert [(e.id, e.start, e.end, e.label, e.text, e.score) for e in doc.entities] == [
        ("q1", 0, 4, "COMPANY", "华润集团", 0.97),
        ("q2", 5, 13, "REGION", "梅里斯达斡尔族区", 0.93),
        ("q3", 15, 19, "AMOUNT", "12亿元", 0.88),
        ("q4", 21, 28, "PROJECT", "生物质发电项目", 0.82),
    ]
    assert [(r.head, r.label, r.tail, r.score) for r in doc.relations] == [
        ("q1", "investor_of", "q4", 0.8),
        ("q3", "amount_of", "q4", 0.9),
        ("q4", "located_in", "q2", 0.7),
    ]


def test_use_predictions_still_prefers_an_annotation() -> None:
    docs, _ = read_export(EXPORT, use_predictions=True)
    doc = {d.id: d for d in docs}["qqhr-2020-0513"]
    assert [e.id for e in doc.entities] == ["n1", "n2", "n3"] and all(e.score is None for e in doc.entities)


# -- reading: bad items -------------------------------------------------------------------------------
def test_every_problem_is_reported_with_file_and_task_id(export) -> None:
    _, issues = export
    assert [(i.doc_id, i.code, i.severity, i.message.split(":")[0]) for i in issues] == [
        ("task-103", "no-annotation", "warning", "task 103"),
        ("aks-2021-0077", "text-mismatch", "error", "task 104"),
        ("aks-2021-0077", "unknown-label", "error", "task 104"),
        ("aks-2021-0077", "overlap", "error", "task 104"),
        ("aks-2021-0077", "dangling-relation", "error", "task 104"),
        ("jy-2019-0031", "dangling-relation", "error", "task 105"),
        ("jy-2019-0031", "relation-types", "error", "task 105"),
        ("empty-0001", "no-text", "error", "task 106"),
    ]
    assert {i.source for i in issues} == {str(EXPORT)}


def test_span_text_mismatch_drops_the_span_and_its_relation(export) -> None:
    docs, issues = export
    doc = docs["aks-2021-0077"]
    mismatch = next(i for i in issues if i.code == "text-mismatch")
    assert mismatch.message == "task 104: entity b3 [23,27) AMOUNT '20亿元': text at these offsets is '30亿元'; skipped"
    dangling = next(i for i in issues if i.code == "dangling-relation" and i.doc_id == doc.id)
    assert dangling.message == "task 104: relation b3 amount_of b4: entity b3 was skipped above; skipped"
    assert spans(doc) == [
        ("b1", 6, 11, "REGION", "阿克苏地区"),
        ("b2", 12, 18, "COMPANY", "深圳宝能集团"),
        ("b4", 28, 37, "PROJECT", "现代农业产业园项目"),
    ]
    assert rels(doc) == [("b2", "investor_of", "b4"), ("b4", "located_in", "b1")]


def test_unknown_label_and_overlap_are_skipped(export) -> None:
    docs, issues = export
    assert "b5" not in {e.id for e in docs["aks-2021-0077"].entities}
    assert "b6" not in {e.id for e in docs["aks-2021-0077"].entities}
    by_code = {i.code: i.message for i in issues if i.doc_id == "aks-2021-0077"}
    assert (
        by_code["unknown-label"]
        == "task 104: entity b5 [0,5) DATE '5月12日': label not in ('REGION', 'COMPANY', 'AMOUNT', 'PROJECT'); skipped"
    )
    assert by_code["overlap"] == "task 104: entity b6 [14,18) COMPANY '宝能集团' overlaps b2 [12,18) COMPANY '深圳宝能集团'; skipped"


def test_dangling_and_wrong_type_relations_are_skipped(export) -> None:
    docs, issues = export
    doc = docs["jy-2019-0031"]
    assert [e.id for e in doc.entities] == ["g1", "g2", "g3", "g4"]
    assert rels(doc) == [("g3", "amount_of", "g4")]
    messages = [i.message for i in issues if i.doc_id == "jy-2019-0031"]
    assert messages == [
        "task 105: relation g2 investor_of gX: entity gX is not an entity of this annotation; skipped",
        "task 105: relation g3 located_in g1: joins AMOUNT→REGION, guide wants PROJECT→REGION; skipped",
    ]


def test_documents_read_are_valid(export) -> None:
    assert all(doc.validate() == [] for doc in export[0].values())


@pytest.mark.parametrize(("labels", "count"), [([], 0), (["amount_of", "investor_of"], 2)])
def test_relation_needs_exactly_one_label(labels: list[str], count: int) -> None:
    result = [
        span_item("m", 0, 4, "10亿元", "AMOUNT"),
        span_item("p", 5, 9, "光伏项目", "PROJECT"),
        {"type": "relation", "from_id": "m", "to_id": "p", "direction": "right", "labels": labels},
    ]
    docs, issues = read_tasks([task("10亿元的光伏项目", result, task_id=9)])
    assert docs[0].relations == []
    assert [(i.code, i.message) for i in issues] == [
        ("relation-labels", f"task 9: relation m→p: needs exactly one label, has {count}; skipped")
    ]


def test_strict_raises_at_the_first_bad_task() -> None:
    with pytest.raises(DocumentError) as err:
        read_export(EXPORT, strict=True)
    assert [(i.doc_id, i.code) for i in err.value.issues] == [
        ("aks-2021-0077", "text-mismatch"),
        ("aks-2021-0077", "unknown-label"),
        ("aks-2021-0077", "overlap"),
        ("aks-2021-0077", "dangling-relation"),
    ]


def test_broken_json_file_is_one_issue_and_other_files_load(tmp_path: Path) -> None:
    shutil.copy(EXPORT, tmp_path / "a_export.json")
    (tmp_path / "b_broken.json").write_text('[{"id": 1, "data": {"text": "签约', encoding="utf-8")
    docs, issues = read_export(tmp_path)
    assert len(docs) == 5
    broken = [i for i in issues if i.code == "bad-json"]
    assert len(broken) == 1 and broken[0].source == str(tmp_path / "b_broken.json")


def test_broken_json_raises_when_strict(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("[{", encoding="utf-8")
    with pytest.raises(DocumentError, match="bad-json"):
        read_export(tmp_path / "broken.json", strict=True)


def test_single_task_object_is_accepted(tmp_path: Path) -> None:
    one = json.loads(EXPORT.read_text(encoding="utf-8"))[0]
    (tmp_path / "one.json").write_text(json.dumps(one, ensure_ascii=False), encoding="utf-8")
    docs, issues = read_export(tmp_path / "one.json")
    assert [d.id for d in docs] == ["qqhr-2020-0512"] and issues == []


# -- writing ------------------------------------------------------------------------------------------
def emoji_doc() -> Document:
    text = "🎉喜讯！碾子山区签订10亿元的矿山生态修复综合开发项目。"
    return Document(
        "nzs-001",
        text,
        [
            Entity(4, 8, "REGION", "碾子山区", "r"),
            Entity(10, 14, "AMOUNT", "10亿元", "m", score=0.9),
            Entity(15, 27, "PROJECT", "矿山生态修复综合开发项目", "p", score=0.7),
        ],
        [Relation("m", "p", "amount_of", score=0.8), Relation("p", "r", "located_in")],
        {"genre": "news"},
    )


def test_writer_task_shape_with_utf16_offsets() -> None:
    (task_,) = documents_to_tasks([emoji_doc()])
    assert task_["data"] == {"text": emoji_doc().text, "doc_id": "nzs-001", "meta": {"genre": "news"}}
    (annotation,) = task_["annotations"]
    assert (annotation["was_cancelled"], annotation["ground_truth"]) == (False, False)
    assert annotation["result"][0] == {
        "id": "r",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 5, "end": 9, "text": "碾子山区", "labels": ["REGION"]},
    }
    assert annotation["result"][3:] == [
        {"type": "relation", "from_id": "m", "to_id": "p", "direction": "right", "labels": ["amount_of"]},
        {"type": "relation", "from_id": "p", "to_id": "r", "direction": "right", "labels": ["located_in"]},
    ]


def test_writer_predictions_carry_scores_and_model_version() -> None:
    (task_,) = documents_to_tasks([emoji_doc()], as_predictions=True, model_version="zs-ner-0.2")
    assert "annotations" not in task_
    (prediction,) = task_["predictions"]
    assert (prediction["model_version"], prediction["score"]) == ("zs-ner-0.2", 0.8)
    assert [item.get("score") for item in prediction["result"]] == [None, 0.9, 0.7, 0.8, None]


def test_writer_gives_missing_ids_on_a_copy() -> None:
    doc = Document("d", "济源市签约5亿元项目", [Entity(0, 3, "REGION", "济源市"), Entity(5, 8, "AMOUNT", "5亿元", "")])
    (task_,) = documents_to_tasks([doc])
    assert [item["id"] for item in task_["annotations"][0]["result"]] == ["e1", "e2"]
    assert [e.id for e in doc.entities] == [None, ""]


def test_writer_refuses_duplicate_entity_ids() -> None:
    doc = Document("dup-1", "济源市签约5亿元项目", [Entity(0, 3, "REGION", "济源市", "x"), Entity(5, 8, "AMOUNT", "5亿元", "x")])
    with pytest.raises(DocumentError, match=r"dup-1.*\['x'\]"):
        documents_to_tasks([doc])


def test_write_tasks_writes_readable_utf8_atomically(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "tasks.json"
    write_tasks([emoji_doc()], out)
    content = out.read_text(encoding="utf-8")
    assert "矿山生态修复综合开发项目" in content and "🎉" in content
    assert json.loads(content) == documents_to_tasks([emoji_doc()])
    assert [p.name for p in out.parent.iterdir()] == ["tasks.json"]


# -- round trips --------------------------------------------------------------------------------------
def test_export_to_tasks_to_documents_round_trip(tmp_path: Path, export) -> None:
    docs = list(export[0].values())
    write_tasks(docs, tmp_path / "tasks.json")
    again, issues = read_export(tmp_path / "tasks.json")
    assert again == docs
    assert [i.code for i in issues] == ["no-annotation"]  # task-103 had no annotation and still has none


def test_prediction_round_trip_keeps_scores(tmp_path: Path) -> None:
    docs = [emoji_doc()]
    write_tasks(docs, tmp_path / "pre.json", as_predictions=True, model_version="v1")
    again, issues = read_export(tmp_path / "pre.json", use_predictions=True)
    assert again == docs and issues == []


def test_markup_sample_round_trips_through_convert(tmp_path: Path) -> None:
    sample = FIXTURES / "sample.markup"
    out = tmp_path / "sample.json"
    assert main(["convert", str(sample), str(out)]) == 0
    again, issues = read_export(out)
    original = read_markup(sample)
    assert issues == []
    assert [(d.id, d.text, spans(d), rels(d), d.meta) for d in again] == [(d.id, d.text, spans(d), rels(d), d.meta) for d in original]


def test_document_without_entities_becomes_a_task_to_label() -> None:
    doc = Document("raw-7", "温宿县召开招商引资推介会。", meta={"year": 2021})
    assert documents_to_tasks([doc]) == [{"data": {"text": "温宿县召开招商引资推介会。", "doc_id": "raw-7", "meta": {"year": 2021}}}]
    assert documents_to_tasks([doc], as_predictions=True) == documents_to_tasks([doc])


def test_latest_is_decided_by_updated_then_created_then_id_across_timestamp_forms() -> None:
    def ann(ident: int, region: str, created: str | None, updated: str | None) -> dict:
        text = "济源市与温宿县签约。"
        start = text.index(region)
        result = [span_item(f"s{ident}", start, start + 3, region, "REGION")]
        return {"id": ident, "result": result, "was_cancelled": False, "created_at": created, "updated_at": updated}

    def winner(*annotations: dict) -> str:
        docs, _ = read_tasks([{"id": 5, "data": {"text": "济源市与温宿县签约。"}, "annotations": list(annotations)}])
        return docs[0].entities[0].text

    # a 9-digit fraction with a "Z" suffix is read (not sorted first): the later updated_at wins
    nine_digits = ann(1, "济源市", None, "2024-05-22T08:00:00.923456789Z")
    assert winner(nine_digits, ann(2, "温宿县", None, "2024-05-22T08:00:00.5+00:00")) == "济源市"
    # equal updated_at: created_at decides, then the annotation id
    same = "2024-05-22T08:00:00Z"
    assert winner(ann(1, "温宿县", "2024-05-21T08:00:00", same), ann(2, "济源市", "2024-05-20T08:00:00", same)) == "温宿县"
    assert winner(ann(9, "温宿县", same, same), ann(4, "济源市", same, same)) == "温宿县"
