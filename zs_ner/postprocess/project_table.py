"""The analyst's table: one record per project with its amounts, companies and regions, and evidence offsets."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from zs_ner.document import Document


@dataclass
class AmountCell:
    """One amount linked to a project: its text, parsed value and role, and where it stands."""

    text: str
    value: str | None
    currency: str | None
    role: str | None
    low: str | None
    high: str | None
    start: int
    end: int


@dataclass
class ProjectRecord:
    """A project with everything linked to it; offsets are evidence into the document text."""

    doc_id: str
    project: str
    start: int
    end: int
    score: float | None = None
    amounts: list[AmountCell] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """JSON-friendly view."""
        return asdict(self)


def project_table(doc: Document) -> list[ProjectRecord]:
    """Group the document's relations by project, in text order (projects without links included)."""
    ents = doc.entity_by_id()
    records: dict[str, ProjectRecord] = {}
    for e in doc.sorted_entities():
        if e.label == "PROJECT" and e.id is not None:
            records[e.id] = ProjectRecord(doc.id, e.text, e.start, e.end, e.score)
    for r in doc.relations:
        head, tail = ents.get(r.head), ents.get(r.tail)
        if head is None or tail is None:
            continue
        if r.label == "amount_of" and tail.id in records:
            money = head.attrs.get("money") or {}
            records[tail.id].amounts.append(
                AmountCell(head.text, money.get("value"), money.get("currency"), head.attrs.get("role"), money.get("low"), money.get("high"), head.start, head.end)
            )
        elif r.label == "investor_of" and tail.id in records:
            if head.text not in records[tail.id].companies:
                records[tail.id].companies.append(head.text)
        elif r.label == "located_in" and head.id in records and tail.text not in records[head.id].regions:
            records[head.id].regions.append(tail.text)
    for rec in records.values():
        rec.amounts.sort(key=lambda a: a.start)
    return list(records.values())


def project_rows(doc: Document) -> list[dict]:
    """Flat CSV rows (one per project): list cells joined with ``; ``."""
    rows = []
    for rec in project_table(doc):
        rows.append(
            {
                "doc_id": rec.doc_id,
                "project": rec.project,
                "project_start": rec.start,
                "project_end": rec.end,
                "amounts": "; ".join(a.text for a in rec.amounts),
                "amount_values": "; ".join(a.value or "" for a in rec.amounts),
                "currencies": "; ".join(a.currency or "" for a in rec.amounts),
                "amount_roles": "; ".join(a.role or "" for a in rec.amounts),
                "companies": "; ".join(rec.companies),
                "regions": "; ".join(rec.regions),
                "score": "" if rec.score is None else f"{rec.score:.3f}",
            }
        )
    return rows
