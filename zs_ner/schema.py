"""The label schema, defined once: entity labels and relation end types from annotations/GUIDE.md."""

from __future__ import annotations

from dataclasses import dataclass

#: Entity labels in the order the guide defines them; BIO tag ids follow this order.
ENTITY_LABELS: tuple[str, ...] = ("REGION", "COMPANY", "AMOUNT", "PROJECT")


@dataclass(frozen=True)
class RelationType:
    """A relation label with the entity labels its head and tail must carry."""

    name: str
    head: str
    tail: str
    description: str


RELATION_TYPES: dict[str, RelationType] = {
    rt.name: rt
    for rt in (
        RelationType("amount_of", "AMOUNT", "PROJECT", "the sum is this project's investment, contract value, funding or output value"),
        RelationType("investor_of", "COMPANY", "PROJECT", "the company invests in, builds or runs the project"),
        RelationType("located_in", "PROJECT", "REGION", "the project is sited in, or lands in, that place"),
    )
}

RELATION_LABELS: tuple[str, ...] = tuple(RELATION_TYPES)

#: Colours used in the Label Studio labeling config, one per entity label.
LABEL_COLOURS: dict[str, str] = {
    "REGION": "#2e86de",
    "COMPANY": "#10ac84",
    "AMOUNT": "#ee5253",
    "PROJECT": "#ff9f43",
}


def bio_labels() -> list[str]:
    """All BIO tags, ``O`` first, then ``B-``/``I-`` per entity label."""
    tags = ["O"]
    for label in ENTITY_LABELS:
        tags += [f"B-{label}", f"I-{label}"]
    return tags


def relation_allowed(label: str, head_label: str, tail_label: str) -> bool:
    """True when the guide allows ``label`` between entities of these labels."""
    rt = RELATION_TYPES.get(label)
    return rt is not None and rt.head == head_label and rt.tail == tail_label
