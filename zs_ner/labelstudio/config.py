"""The Label Studio labeling config, generated from :mod:`zs_ner.schema`, and a check of any config against it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

from zs_ner.schema import ENTITY_LABELS, LABEL_COLOURS, RELATION_LABELS

#: Names the reader and writer use in result items: ``from_name`` and ``to_name``.
LABELS_NAME = "label"
TEXT_NAME = "text"
TEXT_VALUE = "$text"


def labeling_config() -> str:
    """The labeling config XML: one Text, the four entity labels with their colours, the three relations."""
    lines = ["<View>", "  <Relations>"]
    lines += [f"    <Relation value={quoteattr(name)}/>" for name in RELATION_LABELS]
    lines += ["  </Relations>", f"  <Labels name={quoteattr(LABELS_NAME)} toName={quoteattr(TEXT_NAME)}>"]
    lines += [f"    <Label value={quoteattr(label)} background={quoteattr(LABEL_COLOURS[label])}/>" for label in ENTITY_LABELS]
    lines += ["  </Labels>", f"  <Text name={quoteattr(TEXT_NAME)} value={quoteattr(TEXT_VALUE)}/>", "</View>"]
    return "\n".join(lines) + "\n"


def _compare(kind: str, found: list[str], wanted: tuple[str, ...]) -> list[str]:
    problems = [f"{kind} {name!r} is missing" for name in wanted if name not in found]
    problems += [f"{kind} {name!r} is not in the schema" for name in dict.fromkeys(found) if name not in wanted]
    problems += [f"{kind} {name!r} is listed twice" for name in dict.fromkeys(found) if found.count(name) > 1]
    return problems


def _sdk_problems(xml: str) -> list[str]:
    """What the SDK's own config validator rejects (empty when the SDK is not installed)."""
    try:
        from label_studio_sdk.label_interface import LabelInterface
    except ImportError:  # pragma: no cover - the SDK is a declared dependency
        return []
    try:
        LabelInterface(xml).validate()
    except Exception as exc:  # the SDK raises plain Exception subclasses for every kind of invalid config
        return [f"Label Studio rejects the config: {exc}"]
    return []


def check_config(xml: str) -> list[str]:
    """Every disagreement between a labeling config and the schema; empty when they agree.

    Checks the Text object, the entity labels of the ``Labels`` control and the relation labels
    (colours are not checked: a project may recolour labels freely).
    """
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        return [f"config is not well-formed XML: {exc}"]
    problems: list[str] = []
    texts = [t for t in root.iter("Text") if t.get("name") == TEXT_NAME]
    if not texts:
        problems.append(f'no <Text name="{TEXT_NAME}"> object')
    elif texts[0].get("value") != TEXT_VALUE:
        problems.append(f'<Text name="{TEXT_NAME}"> reads {texts[0].get("value")!r}, expected {TEXT_VALUE!r}')
    controls = [c for c in root.iter("Labels") if c.get("name") == LABELS_NAME]
    if not controls:
        problems.append(f'no <Labels name="{LABELS_NAME}"> control')
    else:
        control = controls[0]
        if control.get("toName") != TEXT_NAME:
            problems.append(f'<Labels name="{LABELS_NAME}"> points to {control.get("toName")!r}, expected {TEXT_NAME!r}')
        found = [str(lab.get("value")) for lab in control.iter("Label")]
        problems += _compare("entity label", found, ENTITY_LABELS)
    relations = [str(rel.get("value")) for rel in root.iter("Relation")]
    problems += _compare("relation label", relations, RELATION_LABELS)
    return problems + _sdk_problems(xml)
