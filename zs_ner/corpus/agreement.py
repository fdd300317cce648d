"""Inter-annotator agreement between two passes over the same articles (span F1, relation F1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zs_ner.document import Document
from zs_ner.evaluation.metrics import entity_scores, pair_documents, relation_scores

#: Below this entity micro-F1 the guide or the annotation needs work before more articles are added.
THRESHOLD = 0.90


def agreement(first: Sequence[Document], second: Sequence[Document]) -> dict[str, Any]:
    """Scores of ``second`` against ``first`` on the articles both passes annotated (F1 is symmetric)."""
    ids = {d.id for d in second}
    pairs = pair_documents([d for d in first if d.id in ids], second)
    ents = entity_scores(pairs)
    rels = relation_scores(pairs)
    f1 = ents["micro"]["f1"]
    verdict = "meets" if f1 >= THRESHOLD else "is below"
    return {
        "articles": len(pairs),
        "entities": ents,
        "relations": rels,
        "summary": f"{len(pairs)} articles re-annotated blind; entity micro-F1 {f1:.3f} {verdict} the {THRESHOLD:.2f} bar; "
        f"relation micro-F1 {rels['micro']['f1']:.3f}.",
    }
