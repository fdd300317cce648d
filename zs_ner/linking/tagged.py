"""Annotated articles re-read by a trained tagger: its entities, with the gold relations whose two ends it found.

The learned linker is trained on gold entities, but in use it links the tagger's entities. Adding the train
articles as the tagger sees them (spurious, missing and cut spans included) teaches it those mistakes; the
same documents score both linkers end to end.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from zs_ner.document import Document, Relation


def transfer_relations(gold: Document, tagged: Document) -> Document:
    """``tagged``'s entities with every gold relation whose head and tail spans and labels it predicted exactly."""
    if gold.text != tagged.text:
        raise ValueError(f"document {gold.id!r}: tagged text differs from the annotated text")
    gold.assign_ids()
    tagged.assign_ids()
    by_span = {(e.start, e.end, e.label): e.id for e in tagged.entities}
    gold_ents = gold.entity_by_id()
    relations = []
    for r in gold.relations:
        head, tail = gold_ents.get(r.head), gold_ents.get(r.tail)
        if head is None or tail is None:
            continue
        h = by_span.get((head.start, head.end, head.label))
        t = by_span.get((tail.start, tail.end, tail.label))
        if h is not None and t is not None:
            relations.append(Relation(h, t, r.label))
    return Document(tagged.id, tagged.text, list(tagged.entities), relations, dict(gold.meta))


def tag_documents(model_dir: str | Path, docs: Sequence[Document], batch_size: int = 16) -> list[Document]:
    """Run the tagger in ``model_dir`` over the texts of ``docs``; gold relations carried over by :func:`transfer_relations`."""
    from zs_ner.model.extractor import Extractor

    extractor = Extractor.from_pretrained(model_dir)
    tagged = extractor.extract([Document(d.id, d.text, [], [], dict(d.meta)) for d in docs], batch_size=batch_size)
    return [transfer_relations(g, t) for g, t in zip(docs, tagged, strict=True)]
