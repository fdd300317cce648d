"""Plain dataclasses passed between every stage: Document, Entity, Relation, and their validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zs_ner.schema import ENTITY_LABELS, RELATION_TYPES


@dataclass
class Entity:
    """A labelled character span ``text[start:end]`` of a document (Python ``str`` indices)."""

    start: int
    end: int
    label: str
    text: str
    id: str | None = None
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` as a tuple, handy for comparisons."""
        return (self.start, self.end)


@dataclass
class Relation:
    """A directed relation between two entities, referenced by entity id."""

    head: str
    tail: str
    label: str
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Issue:
    """One problem found in a document; ``severity`` is ``error`` or ``warning``."""

    doc_id: str
    code: str
    message: str
    severity: str = "error"
    source: str = ""

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}[{self.doc_id}] {self.severity} {self.code}: {self.message}"


class DocumentError(ValueError):
    """Raised when a document breaks the schema; carries every issue found."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


@dataclass
class Document:
    """An article: its text exactly as stored, entities over it, relations between them, free metadata."""

    id: str
    text: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def entity_by_id(self) -> dict[str, Entity]:
        """Map entity id → entity (entities without an id are left out)."""
        return {e.id: e for e in self.entities if e.id is not None}

    def sorted_entities(self) -> list[Entity]:
        """Entities ordered by start, then end."""
        return sorted(self.entities, key=lambda e: (e.start, e.end))

    def assign_ids(self, prefix: str = "e") -> None:
        """Give every entity without an id a fresh one (``e1``, ``e2``, …), keeping existing ids."""
        used = {e.id for e in self.entities if e.id}
        n = 0
        for ent in self.sorted_entities():
            if ent.id:
                continue
            n += 1
            while f"{prefix}{n}" in used:
                n += 1
            ent.id = f"{prefix}{n}"
            used.add(ent.id)

    def validate(self) -> list[Issue]:
        """Every schema problem: span text, bounds, labels, overlaps, duplicate ids, relation ends."""
        issues: list[Issue] = []

        def err(code: str, msg: str) -> None:
            issues.append(Issue(self.id, code, msg))

        if not isinstance(self.text, str) or not self.text:
            err("empty-text", "document text is empty")
        seen_ids: set[str] = set()
        for ent in self.entities:
            where = f"entity {ent.id or '?'} [{ent.start},{ent.end}) {ent.label} {ent.text!r}"
            if ent.label not in ENTITY_LABELS:
                err("unknown-label", f"{where}: label not in {ENTITY_LABELS}")
            if not (0 <= ent.start < ent.end <= len(self.text)):
                err("bad-offsets", f"{where}: offsets outside text of length {len(self.text)}")
            elif self.text[ent.start : ent.end] != ent.text:
                err("text-mismatch", f"{where}: text slice is {self.text[ent.start:ent.end]!r}")
            if ent.id is not None:
                if ent.id in seen_ids:
                    err("duplicate-id", f"{where}: id used twice")
                seen_ids.add(ent.id)
        ordered = self.sorted_entities()
        for a, b in zip(ordered, ordered[1:], strict=False):
            if b.start < a.end:
                err("overlap", f"entities {a.id} {a.text!r} [{a.start},{a.end}) and {b.id} {b.text!r} [{b.start},{b.end}) overlap")
        by_id = self.entity_by_id()
        seen_rel: set[tuple[str, str, str]] = set()
        for rel in self.relations:
            where = f"relation {rel.head} {rel.label} {rel.tail}"
            rt = RELATION_TYPES.get(rel.label)
            if rt is None:
                err("unknown-relation", f"{where}: label not in {tuple(RELATION_TYPES)}")
            head, tail = by_id.get(rel.head), by_id.get(rel.tail)
            if head is None or tail is None:
                err("dangling-relation", f"{where}: {'head' if head is None else 'tail'} is not an entity id")
                continue
            if rt is not None and (head.label != rt.head or tail.label != rt.tail):
                err("relation-types", f"{where}: joins {head.label}→{tail.label}, guide wants {rt.head}→{rt.tail}")
            key = (rel.head, rel.tail, rel.label)
            if key in seen_rel:
                err("duplicate-relation", f"{where}: stated twice")
            seen_rel.add(key)
        return issues

    def check(self) -> Document:
        """Raise :class:`DocumentError` if :meth:`validate` finds anything; return self otherwise."""
        issues = self.validate()
        if issues:
            raise DocumentError(issues)
        return self

    # -- the JSONL record shape shared with outside tools -------------------------------------------
    def to_record(self) -> dict[str, Any]:
        """The record shape ``{"id","text","entities","relations","meta"}`` with entity ids as relation ends."""
        ents = []
        for e in self.sorted_entities():
            rec: dict[str, Any] = {"id": e.id, "start": e.start, "end": e.end, "label": e.label, "text": e.text}
            if e.score is not None:
                rec["score"] = round(float(e.score), 4)
            if e.attrs:
                rec.update({k: v for k, v in e.attrs.items() if k not in rec})
            ents.append(rec)
        rels = []
        for r in self.relations:
            rrec: dict[str, Any] = {"head": r.head, "tail": r.tail, "label": r.label}
            if r.score is not None:
                rrec["score"] = round(float(r.score), 4)
            if r.attrs:
                rrec.update({k: v for k, v in r.attrs.items() if k not in rrec})
            rels.append(rrec)
        return {"id": self.id, "text": self.text, "entities": ents, "relations": rels, "meta": dict(self.meta)}

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Document:
        """Build a document from the JSONL record shape; unknown entity keys go to ``attrs``."""
        if not isinstance(rec, dict):
            raise ValueError(f"record is a {type(rec).__name__}, expected an object")
        if "text" not in rec:
            raise ValueError("record has no 'text'")
        ents = []
        for i, e in enumerate(rec.get("entities") or []):
            try:
                extra = {k: v for k, v in e.items() if k not in {"id", "start", "end", "label", "text", "score"}}
                ents.append(
                    Entity(
                        start=int(e["start"]),
                        end=int(e["end"]),
                        label=str(e["label"]),
                        text=str(e.get("text", rec["text"][int(e["start"]) : int(e["end"])])),
                        id=None if e.get("id") is None else str(e["id"]),
                        score=e.get("score"),
                        attrs=extra,
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"entity #{i} is malformed: {exc!r}") from exc
        rels = []
        for i, r in enumerate(rec.get("relations") or []):
            try:
                extra = {k: v for k, v in r.items() if k not in {"head", "tail", "label", "score"}}
                rels.append(Relation(str(r["head"]), str(r["tail"]), str(r["label"]), r.get("score"), extra))
            except (KeyError, TypeError) as exc:
                raise ValueError(f"relation #{i} is malformed: {exc!r}") from exc
        doc_id = rec.get("id")
        return cls(
            id="" if doc_id is None else str(doc_id),
            text=str(rec["text"]),
            entities=ents,
            relations=rels,
            meta=dict(rec.get("meta") or {}),
        )
