"""Sentence and clause boundaries over a document, used by the linker to keep links local."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zs_ner.document import Document, Entity

_SENTENCE_END = re.compile(r"[。！？!?\n]+")
_SENTENCE_OR_SEMICOLON = re.compile(r"[。！？!?；;\n]+")
_CLAUSE_END = re.compile(r"[，,：:。！？!?；;\n]")
_LIST_JOIN = re.compile(r"^\s*(?:、|和|及|与|以及|，|,)\s*$")


@dataclass(frozen=True)
class Sentence:
    """A sentence ``[start, end)`` of the text and the entities that lie inside it, in order."""

    index: int
    start: int
    end: int
    entities: tuple[Entity, ...]


def split_sentences(doc: Document, at_semicolons: bool = False) -> list[Sentence]:
    """Cut the text at 。！？ and newlines (half-width forms too); attach entities to their sentence.

    Semicolons stay inside the sentence unless ``at_semicolons``: in project lists they separate the
    fields of one item, in prose they often separate clauses about different projects.
    """
    bounds = []
    pos = 0
    for m in (_SENTENCE_OR_SEMICOLON if at_semicolons else _SENTENCE_END).finditer(doc.text):
        bounds.append((pos, m.end()))
        pos = m.end()
    if pos < len(doc.text):
        bounds.append((pos, len(doc.text)))
    ents = doc.sorted_entities()
    out = []
    k = 0
    for i, (s, e) in enumerate(bounds):
        inside = []
        while k < len(ents) and ents[k].start < e:
            if ents[k].start >= s:
                inside.append(ents[k])
            k += 1
        out.append(Sentence(i, s, e, tuple(inside)))
    return out


def has_clause_break(text: str) -> bool:
    """True when ``text`` (a gap between two mentions) crosses a comma, colon or sentence end."""
    return bool(_CLAUSE_END.search(text))


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Start of the clause containing ``pos`` (just after the previous comma/colon/sentence end)."""
    k = pos
    while k > floor and not _CLAUSE_END.match(text[k - 1]):
        k -= 1
    return k


def is_list_join(gap: str) -> bool:
    """True when ``gap`` only joins two listed mentions (A、B; A和B; A及B), whitespace allowed."""
    return _LIST_JOIN.match(gap) is not None
