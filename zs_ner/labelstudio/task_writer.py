"""Documents → Label Studio import tasks, as annotations or as predictions (pre-annotation).

A task is ``{"data": {"text", "doc_id", "meta"}, "annotations": [{"result": [...], ...}]}`` (or
``"predictions": [{"model_version", "score", "result"}]``). Entities become ``labels`` result items whose id
is the entity id; relations become ``relation`` items. Offsets are written in UTF-16 code units, as Label
Studio counts them, so text with emoji round-trips through :func:`~zs_ner.labelstudio.export_reader.read_export`.
Entity and relation ``attrs`` travel in an ``attrs`` key of their result item. A document without entities
becomes a task without annotations or predictions, so Label Studio lists it as still to be labelled.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zs_ner.document import Document, DocumentError, Entity, Issue, Relation
from zs_ner.labelstudio.config import LABELS_NAME, TEXT_NAME
from zs_ner.labelstudio.offsets import Utf16Index


def _entity_item(ent: Entity, index: Utf16Index, with_score: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": ent.id,
        "from_name": LABELS_NAME,
        "to_name": TEXT_NAME,
        "type": "labels",
        "value": {"start": index.to_utf16(ent.start), "end": index.to_utf16(ent.end), "text": ent.text, "labels": [ent.label]},
    }
    if with_score and ent.score is not None:
        item["score"] = round(float(ent.score), 4)
    if ent.attrs:
        item["attrs"] = dict(ent.attrs)
    return item


def _relation_item(rel: Relation, with_score: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "relation", "from_id": rel.head, "to_id": rel.tail, "direction": "right", "labels": [rel.label]}
    if with_score and rel.score is not None:
        item["score"] = round(float(rel.score), 4)
    if rel.attrs:
        item["attrs"] = dict(rel.attrs)
    return item


def document_to_task(doc: Document, as_predictions: bool = False, model_version: str | None = None) -> dict[str, Any]:
    """One import task for ``doc``; entities without an id get one (on a copy), duplicate ids raise."""
    doc = copy.deepcopy(doc)
    doc.assign_ids()
    ids = [e.id for e in doc.entities]
    duplicates = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    if duplicates:
        raise DocumentError([Issue(doc.id, "duplicate-id", f"entity ids {duplicates} are used twice; relations would be ambiguous")])
    index = Utf16Index(doc.text)
    result = [_entity_item(e, index, as_predictions) for e in doc.sorted_entities()]
    result += [_relation_item(r, as_predictions) for r in doc.relations]
    task: dict[str, Any] = {"data": {"text": doc.text, "doc_id": doc.id, "meta": dict(doc.meta)}}
    if not result:
        return task  # nothing annotated yet: a plain task, which Label Studio shows as still to do
    if as_predictions:
        prediction: dict[str, Any] = {}
        if model_version is not None:
            prediction["model_version"] = model_version
        scores = [float(e.score) for e in doc.entities if e.score is not None]
        if scores:
            prediction["score"] = round(sum(scores) / len(scores), 4)
        prediction["result"] = result
        task["predictions"] = [prediction]
    else:
        task["annotations"] = [{"result": result, "was_cancelled": False, "ground_truth": False}]
    return task


def documents_to_tasks(docs: Iterable[Document], as_predictions: bool = False, model_version: str | None = None) -> list[dict[str, Any]]:
    """Import tasks for ``docs``: annotations, or predictions (score = mean entity score when known)."""
    return [document_to_task(doc, as_predictions, model_version) for doc in docs]


def write_tasks(docs: Iterable[Document], path: str | Path, as_predictions: bool = False, model_version: str | None = None) -> None:
    """Write ``docs`` as a Label Studio import file (UTF-8 JSON list), atomically via a temp file."""
    path = Path(path)
    tasks = documents_to_tasks(docs, as_predictions=as_predictions, model_version=model_version)
    write_json(tasks, path)


def write_json(payload: Any, path: str | Path) -> None:
    """Write JSON readable by people (Chinese kept, indent 1) atomically: temp file, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)
