"""The Label Studio labeling config: generated from the schema, committed, and checked."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from zs_ner.cli import main
from zs_ner.labelstudio.config import check_config, labeling_config
from zs_ner.schema import ENTITY_LABELS, LABEL_COLOURS, RELATION_LABELS

CONFIG_FILE = Path(__file__).resolve().parent.parent / "configs" / "labelstudio.xml"


def test_committed_config_is_the_generated_one() -> None:
    assert CONFIG_FILE.read_text(encoding="utf-8") == labeling_config()


def test_generated_config_carries_labels_colours_and_relations() -> None:
    root = ET.fromstring(labeling_config())
    labels = root.find("Labels")
    assert labels is not None and labels.get("name") == "label" and labels.get("toName") == "text"
    assert [(lab.get("value"), lab.get("background")) for lab in labels.iter("Label")] == [
        (name, LABEL_COLOURS[name]) for name in ENTITY_LABELS
    ]
    assert [rel.get("value") for rel in root.iter("Relation")] == list(RELATION_LABELS)
    text = root.find("Text")
    assert text is not None and (text.get("name"), text.get("value")) == ("text", "$text")


def test_check_config_passes_on_committed_file() -> None:
    assert check_config(CONFIG_FILE.read_text(encoding="utf-8")) == []


def test_check_config_names_a_missing_label() -> None:
    xml = labeling_config().replace('    <Label value="AMOUNT" background="#ee5253"/>\n', "")
    assert check_config(xml) == ["entity label 'AMOUNT' is missing"]


def test_check_config_names_extra_and_missing_relation_labels() -> None:
    xml = labeling_config().replace('<Relation value="located_in"/>', '<Relation value="sited_in"/>')
    assert check_config(xml) == ["relation label 'located_in' is missing", "relation label 'sited_in' is not in the schema"]


def test_check_config_names_an_extra_entity_label() -> None:
    xml = labeling_config().replace("  </Labels>", '    <Label value="PERSON"/>\n  </Labels>')
    assert check_config(xml) == ["entity label 'PERSON' is not in the schema"]


def test_check_config_reports_sdk_rejection_of_a_dangling_to_name() -> None:
    xml = labeling_config().replace('toName="text"', 'toName="body"')
    problems = check_config(xml)
    assert "<Labels name=\"label\"> points to 'body', expected 'text'" in problems
    assert any(p.startswith("Label Studio rejects the config:") and "body" in p for p in problems)


def test_check_config_reports_broken_xml() -> None:
    problems = check_config("<View><Labels name='label'")
    assert len(problems) == 1 and problems[0].startswith("config is not well-formed XML")


def test_cli_config_prints_and_writes(tmp_path: Path, capsys) -> None:
    assert main(["labelstudio", "config"]) == 0
    assert capsys.readouterr().out == labeling_config()
    out = tmp_path / "ls.xml"
    assert main(["labelstudio", "config", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == labeling_config()
