"""The Document model: validation rules and the JSONL record shape."""

from zs_ner.document import Document, Entity, Relation

TEXT = "齐齐哈尔市富拉尔基区与黑龙江紫金铜业公司签订铜冶炼项目，总投资26.44亿元。"


def make_doc() -> Document:
    return Document(
        "d1",
        TEXT,
        [
            Entity(0, 10, "REGION", "齐齐哈尔市富拉尔基区", "e1"),
            Entity(11, 20, "COMPANY", "黑龙江紫金铜业公司", "e2"),
            Entity(22, 27, "PROJECT", "铜冶炼项目", "e3"),
            Entity(31, 38, "AMOUNT", "26.44亿元", "e4"),
        ],
        [Relation("e4", "e3", "amount_of"), Relation("e2", "e3", "investor_of"), Relation("e3", "e1", "located_in")],
    )


def test_valid_document_has_no_issues():
    doc = make_doc()
    assert [e.text for e in doc.entities] == [TEXT[e.start : e.end] for e in doc.entities]
    assert doc.validate() == []


def test_span_text_must_equal_the_slice():
    doc = make_doc()
    doc.entities[3] = Entity(31, 38, "AMOUNT", "26.4亿元", "e4")
    assert [i.code for i in doc.validate()] == ["text-mismatch"]


def test_overlapping_entities_are_an_error():
    doc = make_doc()
    doc.entities.append(Entity(5, 10, "REGION", "富拉尔基区", "e5"))
    assert "overlap" in [i.code for i in doc.validate()]


def test_relation_end_types_follow_the_guide():
    doc = make_doc()
    doc.relations.append(Relation("e3", "e4", "amount_of"))
    codes = [i.code for i in doc.validate()]
    assert codes == ["relation-types"]


def test_dangling_relation_and_unknown_label_are_reported():
    doc = make_doc()
    doc.relations.append(Relation("e9", "e3", "amount_of"))
    doc.entities[0].label = "PLACE"
    assert sorted(i.code for i in doc.validate()) == ["dangling-relation", "relation-types", "unknown-label"]


def test_record_round_trip_keeps_everything():
    doc = make_doc()
    doc.meta = {"year": 2020}
    rec = doc.to_record()
    assert set(rec) == {"id", "text", "entities", "relations", "meta"}
    assert rec["entities"][0] == {"id": "e1", "start": 0, "end": 10, "label": "REGION", "text": "齐齐哈尔市富拉尔基区"}
    assert rec["relations"][0] == {"head": "e4", "tail": "e3", "label": "amount_of"}
    assert Document.from_record(rec).to_record() == rec


def test_assign_ids_keeps_existing_ids():
    doc = make_doc()
    doc.entities[0].id = "e2"
    doc.entities[1].id = None
    doc.assign_ids()
    assert [e.id for e in doc.entities] == ["e2", "e1", "e3", "e4"]
