"""Attach the parsed value, currency and role to every AMOUNT entity of a document."""

from __future__ import annotations

from zs_ner.amount_role import amount_role
from zs_ner.document import Document
from zs_ner.money import parse_money

#: Characters of context handed to the money parser on each side (qualifiers like 约/以上 live there).
CONTEXT = 4


def annotate_amounts(doc: Document) -> Document:
    """Set ``attrs["money"]`` (value/currency/range/flags as strings) and ``attrs["role"]`` on AMOUNTs."""
    for ent in doc.entities:
        if ent.label != "AMOUNT":
            continue
        left = doc.text[max(0, ent.start - CONTEXT) : ent.start]
        right = doc.text[ent.end : ent.end + CONTEXT]
        ent.attrs["money"] = parse_money(ent.text, left, right).to_dict()
        ent.attrs["role"] = amount_role(doc.text, ent.start, ent.end)
    return doc
