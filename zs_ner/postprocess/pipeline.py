"""The post-processing stage as one call: amounts parsed, relations linked, on the normalised text.

Rules and cue words are written for simplified script without pinyin insertions, so they run over the
normaliser's view of the document; results travel back by entity id, so raw offsets never change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zs_ner.document import Document, Entity
from zs_ner.linking import link
from zs_ner.normalize import normalize
from zs_ner.postprocess.amounts import annotate_amounts

if TYPE_CHECKING:
    from zs_ner.linking.learned import LearnedLinker


def normalised_view(doc: Document) -> Document:
    """A copy of ``doc`` over normalised text, entities mapped there with the same ids."""
    norm = normalize(doc.text)
    ents = []
    for e in doc.entities:
        s, t = norm.to_norm_span(e.start, e.end)
        ents.append(Entity(s, t, e.label, norm.text[s:t], e.id, e.score))
    return Document(doc.id, norm.text, ents, [], dict(doc.meta))


def postprocess(doc: Document, relink: bool = True, linker: LearnedLinker | None = None) -> Document:
    """Parse every AMOUNT and (re)build the relations; returns the same document.

    The rule linker builds the relations unless a trained ``linker`` (:class:`LearnedLinker`) is given.
    """
    doc.assign_ids()
    view = annotate_amounts(normalised_view(doc))
    by_id = view.entity_by_id()
    for e in doc.entities:
        if e.label == "AMOUNT" and e.id in by_id:
            e.attrs.update(by_id[e.id].attrs)
    if relink:
        doc.relations = linker.link(view) if linker is not None else link(view)
    return doc
