"""Entity and relation errors, classified and shown in context, for the evaluation report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from zs_ner.document import Document, Entity

#: Error kinds, most serious first.
KINDS = ("label", "boundary+label", "missed", "spurious", "boundary")


@dataclass(frozen=True)
class EntityError:
    """One mismatch between a gold and a predicted span (either may be absent)."""

    doc_id: str
    kind: str
    gold: str | None  # "text|LABEL"
    pred: str | None
    score: float | None
    context: str
    start: int

    def as_dict(self) -> dict:
        return asdict(self)


def _context(text: str, start: int, end: int, width: int = 20) -> str:
    left = text[max(0, start - width) : start].replace("\n", "⏎")
    right = text[end : end + width].replace("\n", "⏎")
    return f"…{left}【{text[start:end]}】{right}…"


def _fmt(e: Entity) -> str:
    return f"{e.text}|{e.label}"


def entity_errors(pairs: Sequence[tuple[Document, Document]]) -> list[EntityError]:
    """Every span mismatch, classified: wrong label, wrong boundary, both, missed or spurious."""
    out: list[EntityError] = []
    for g, p in pairs:
        gold = {(e.start, e.end, e.label): e for e in g.entities}
        pred = {(e.start, e.end, e.label): e for e in p.entities}
        unmatched_gold = [e for k, e in gold.items() if k not in pred]
        unmatched_pred = [e for k, e in pred.items() if k not in gold]
        used: set[int] = set()
        for ge in unmatched_gold:
            overlap = [pe for pe in unmatched_pred if pe.start < ge.end and ge.start < pe.end]
            if not overlap:
                out.append(EntityError(g.id, "missed", _fmt(ge), None, None, _context(g.text, ge.start, ge.end), ge.start))
                continue
            pe = max(overlap, key=lambda x: min(x.end, ge.end) - max(x.start, ge.start))
            used.add(id(pe))
            same_span = pe.start == ge.start and pe.end == ge.end
            kind = "label" if same_span else ("boundary" if pe.label == ge.label else "boundary+label")
            lo, hi = min(ge.start, pe.start), max(ge.end, pe.end)
            out.append(EntityError(g.id, kind, _fmt(ge), _fmt(pe), pe.score, _context(g.text, lo, hi), lo))
        for pe in unmatched_pred:
            if id(pe) not in used and not any(pe.start < ge.end and ge.start < pe.end for ge in unmatched_gold):
                out.append(EntityError(g.id, "spurious", None, _fmt(pe), pe.score, _context(p.text, pe.start, pe.end), pe.start))
    return out


def worst_errors(errors: Sequence[EntityError], per_kind: int = 15) -> dict[str, list[EntityError]]:
    """The most telling errors of each kind: confident ones first (by model score), then document order."""
    grouped: dict[str, list[EntityError]] = {k: [] for k in KINDS}
    for err in errors:
        grouped[err.kind].append(err)
    return {
        kind: sorted(items, key=lambda e: (-(e.score or 0.0), e.doc_id, e.start))[:per_kind] for kind, items in grouped.items() if items
    }


def relation_errors(pairs: Sequence[tuple[Document, Document]]) -> list[dict]:
    """Relations missed or invented, with both ends' text, for the report."""
    out = []
    for g, p in pairs:

        def keyed(doc: Document) -> dict[tuple, tuple[Entity, Entity, str]]:
            ents = doc.entity_by_id()
            res = {}
            for r in doc.relations:
                h, t = ents.get(r.head), ents.get(r.tail)
                if h and t:
                    res[((h.start, h.end, h.label), (t.start, t.end, t.label), r.label)] = (h, t, r.attrs.get("rule", ""))
            return res

        gk, pk = keyed(g), keyed(p)
        for k, (h, t, _) in gk.items():
            if k not in pk:
                out.append({"doc_id": g.id, "kind": "missed", "relation": k[2], "head": h.text, "tail": t.text, "rule": ""})
        for k, (h, t, rule) in pk.items():
            if k not in gk:
                out.append({"doc_id": g.id, "kind": "spurious", "relation": k[2], "head": h.text, "tail": t.text, "rule": rule})
    return out
