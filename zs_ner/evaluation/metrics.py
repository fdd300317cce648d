"""Scores of predicted against gold Documents: seqeval IOB2, exact spans, relations, a span confusion matrix."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from zs_ner.document import Document, Entity
from zs_ner.schema import ENTITY_LABELS, RELATION_LABELS

SpanKey = tuple[int, int, str]
RelKey = tuple[tuple[int, int, str], tuple[int, int, str], str]


@dataclass(frozen=True)
class PRF:
    """Counts and precision/recall/F1 of one class."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """JSON-friendly view with support (= gold count)."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.tp + self.fn,
        }


def pair_documents(gold: Sequence[Document], pred: Sequence[Document]) -> list[tuple[Document, Document]]:
    """Pair gold and predicted documents by id; every gold id must have a prediction with the same text."""
    by_id = {d.id: d for d in pred}
    pairs = []
    for g in gold:
        p = by_id.get(g.id)
        if p is None:
            raise ValueError(f"no prediction for document {g.id!r}")
        if p.text != g.text:
            raise ValueError(f"prediction for {g.id!r} is over a different text")
        pairs.append((g, p))
    return pairs


def _span_key(e: Entity) -> SpanKey:
    return (e.start, e.end, e.label)


def _scores_from_sets(gold: Counter, pred: Counter, classes: Sequence[str], cls_of) -> dict[str, PRF]:
    out: dict[str, PRF] = {}
    for cls in classes:
        g = Counter({k: v for k, v in gold.items() if cls_of(k) == cls})
        p = Counter({k: v for k, v in pred.items() if cls_of(k) == cls})
        tp = sum((g & p).values())
        out[cls] = PRF(tp, sum(p.values()) - tp, sum(g.values()) - tp)
    return out


def _with_averages(per_class: dict[str, PRF]) -> dict[str, dict]:
    result = {cls: prf.as_dict() for cls, prf in per_class.items()}
    tp = sum(p.tp for p in per_class.values())
    fp = sum(p.fp for p in per_class.values())
    fn = sum(p.fn for p in per_class.values())
    result["micro"] = PRF(tp, fp, fn).as_dict()
    present = [p for p in per_class.values() if p.tp + p.fn > 0]
    if present:
        result["macro"] = {
            "precision": round(sum(p.precision for p in present) / len(present), 4),
            "recall": round(sum(p.recall for p in present) / len(present), 4),
            "f1": round(sum(p.f1 for p in present) / len(present), 4),
        }
    return result


def entity_scores(pairs: Sequence[tuple[Document, Document]], labels: Sequence[str] = ENTITY_LABELS) -> dict[str, dict]:
    """Exact-span P/R/F1 per label, micro and macro (macro over labels with gold support)."""
    gold: Counter = Counter()
    pred: Counter = Counter()
    for i, (g, p) in enumerate(pairs):
        gold.update((i, *_span_key(e)) for e in g.entities)
        pred.update((i, *_span_key(e)) for e in p.entities)
    return _with_averages(_scores_from_sets(gold, pred, labels, lambda k: k[3]))


def _relation_keys(doc: Document) -> list[RelKey]:
    ents = doc.entity_by_id()
    keys = []
    for r in doc.relations:
        h, t = ents.get(r.head), ents.get(r.tail)
        if h is not None and t is not None:
            keys.append((_span_key(h), _span_key(t), r.label))
    return keys


def relation_scores(pairs: Sequence[tuple[Document, Document]], labels: Sequence[str] = RELATION_LABELS) -> dict[str, dict]:
    """End-to-end relation P/R/F1 per type: a relation counts when both ends' spans and labels match too."""
    gold: Counter = Counter()
    pred: Counter = Counter()
    for i, (g, p) in enumerate(pairs):
        gold.update((i, *k) for k in _relation_keys(g))
        pred.update((i, *k) for k in _relation_keys(p))
    return _with_averages(_scores_from_sets(gold, pred, labels, lambda k: k[3]))


def bio_sequence(doc: Document) -> list[str]:
    """Character-level IOB2 tags over the document's text (entities assumed non-overlapping)."""
    tags = ["O"] * len(doc.text)
    for e in doc.sorted_entities():
        if e.start >= e.end:
            continue
        tags[e.start] = f"B-{e.label}"
        for k in range(e.start + 1, e.end):
            tags[k] = f"I-{e.label}"
    return tags


def seqeval_scores(pairs: Sequence[tuple[Document, Document]]) -> dict[str, dict]:
    """seqeval's strict IOB2 report over character tags, per label plus micro/macro averages."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    y_true = [bio_sequence(g) for g, _ in pairs]
    y_pred = [bio_sequence(p) for _, p in pairs]
    if not any(t != "O" for seq in y_true + y_pred for t in seq):
        return {}
    rep = classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    out: dict[str, dict] = {}
    for key, vals in rep.items():
        name = {"micro avg": "micro", "macro avg": "macro", "weighted avg": "weighted"}.get(key, key)
        out[name] = {
            "precision": round(float(vals["precision"]), 4),
            "recall": round(float(vals["recall"]), 4),
            "f1": round(float(vals["f1-score"]), 4),
            "support": int(vals["support"]),
        }
    return out


def span_confusion(pairs: Sequence[tuple[Document, Document]], labels: Sequence[str] = ENTITY_LABELS) -> dict[str, dict[str, int]]:
    """Gold label → predicted label counts over spans with identical boundaries; ``O`` is a missing span."""
    names = [*labels, "O"]
    matrix = {g: dict.fromkeys(names, 0) for g in names}
    for g, p in pairs:
        pred_by_span = {(e.start, e.end): e.label for e in p.entities}
        gold_spans = set()
        for e in g.entities:
            gold_spans.add((e.start, e.end))
            matrix[e.label if e.label in matrix else "O"][pred_by_span.get((e.start, e.end), "O")] += 1
        for e in p.entities:
            if (e.start, e.end) not in gold_spans and e.label in matrix:
                matrix["O"][e.label] += 1
    return matrix
