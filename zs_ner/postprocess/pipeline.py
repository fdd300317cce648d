"""The post-processing stage as one call: amounts parsed, relations linked."""

from __future__ import annotations

from zs_ner.document import Document
from zs_ner.linking import link
from zs_ner.postprocess.amounts import annotate_amounts


def postprocess(doc: Document, relink: bool = True) -> Document:
    """Parse every AMOUNT and (re)build the relations with the linker; returns the same document."""
    doc.assign_ids()
    annotate_amounts(doc)
    if relink:
        doc.relations = link(doc)
    return doc
