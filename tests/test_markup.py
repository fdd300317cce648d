"""Inline markup ↔ Documents."""

from pathlib import Path

import pytest

from zs_ner import markup
from zs_ner.document import Document, Entity

FIXTURE = Path(__file__).parent / "fixtures" / "sample.markup"


def test_parse_inline_gives_exact_offsets():
    text, ents = markup.parse_inline("[[齐齐哈尔市|REGION|e1]]签约[[10亿元|AMOUNT]]的[[铜冶炼项目|PROJECT|e3]]")
    assert text == "齐齐哈尔市签约10亿元的铜冶炼项目"
    assert [(e.start, e.end, e.label, e.text, e.id) for e in ents] == [
        (0, 5, "REGION", "齐齐哈尔市", "e1"),
        (7, 11, "AMOUNT", "10亿元", None),
        (12, 17, "PROJECT", "铜冶炼项目", "e3"),
    ]


def test_fixture_reads_with_relations_and_meta():
    (doc,) = markup.read_markup(FIXTURE)
    assert doc.id == "fx-001"
    assert doc.meta["year"] == 2020
    assert doc.validate() == []
    by_id = doc.entity_by_id()
    assert by_id["e2"].text == "齐齐哈尔市富拉尔基区"
    assert [(r.head, r.label, r.tail) for r in doc.relations][:2] == [("e5", "amount_of", "e4"), ("e3", "investor_of", "e4")]


def test_write_then_read_is_identical():
    docs = markup.read_markup(FIXTURE)
    again = markup.loads(markup.dumps(docs))
    assert [d.to_record() for d in again] == [d.to_record() for d in docs]
    assert markup.dumps(again) == FIXTURE.read_text(encoding="utf-8")


def test_unbalanced_markup_names_the_document():
    with pytest.raises(markup.MarkupError, match=r"\[x1\].*malformed"):
        markup.loads("### doc x1\n[[齐齐哈尔市|REGION签约\n")


def test_relation_line_must_have_three_parts():
    with pytest.raises(markup.MarkupError, match=r":4 \[x1\]"):
        markup.loads("### doc x1\n[[10亿元|AMOUNT|e1]]\n## relations\ne1 amount_of\n", "f.markup")


def test_text_that_markup_cannot_carry_is_refused():
    doc = Document("x2", "见[[附件]]", [Entity(0, 1, "REGION", "见", "e1")])
    with pytest.raises(markup.MarkupError, match=r"\[x2\]"):
        markup.dumps([doc])
