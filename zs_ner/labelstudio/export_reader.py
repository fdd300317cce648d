"""Read Label Studio JSON exports (a list of tasks, one task, or a directory of such files) into Documents.

Which annotation of a task is read:

1. cancelled annotations (``was_cancelled: true``, the annotator skipped the task) never count;
2. among the rest, a ground-truth annotation (``ground_truth: true``) wins;
3. otherwise the latest one wins: greatest ``updated_at``, then ``created_at``, then annotation ``id``
   (the same order decides between several ground-truth annotations);
4. predictions are ignored unless ``use_predictions=True``; then a task without a usable annotation takes
   its latest prediction (same order) and the result items' ``score`` become ``Entity.score``/``Relation.score``.

A task with no usable annotation still gives a document (with no entities) and a warning.

Document id is ``data["doc_id"]`` when present, else ``task-<task id>``; ``meta`` is ``data["meta"]``.
Offsets: Label Studio counts in UTF-16 code units; for text with characters outside the BMP (emoji) they are
converted to Python code points, checked against the span text (code-point offsets are accepted too when only
they match the span text).

Every problem is an :class:`~zs_ner.document.Issue` naming the file (``source``) and the task id (message).
By default the bad item alone is skipped: a bad span (text mismatch, unknown label, overlap, duplicate id),
a relation that is malformed, dangling (also when it refers to a skipped span), of an unknown label or
between the wrong entity types; the rest of the document is kept. A task without text is skipped; a file
that is not valid JSON is one issue and other files still load. ``strict=True`` raises
:class:`~zs_ner.document.DocumentError` at the first task with an error instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from zs_ner.document import Document, DocumentError, Entity, Issue, Relation
from zs_ner.labelstudio.offsets import Utf16Index
from zs_ner.schema import ENTITY_LABELS, RELATION_TYPES, relation_allowed

_OLDEST = datetime.min.replace(tzinfo=timezone.utc)
_FRACTION = re.compile(r"^(?P<main>[^.]+)\.(?P<fraction>\d+)(?P<zone>.*)$")


def read_export(
    path: str | Path, strict: bool = False, use_predictions: bool = False, text_key: str = "text"
) -> tuple[list[Document], list[Issue]]:
    """Documents of a Label Studio JSON export file or of every ``*.json`` under a directory, plus issues."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".json")
    elif path.exists():
        files = [path]
    else:
        raise FileNotFoundError(f"{path}: no such file or directory")
    docs: list[Document] = []
    issues: list[Issue] = []
    for file in files:
        try:
            payload = json.loads(file.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            issue = Issue("-", "bad-json", f"not a readable JSON file: {exc}", source=str(file))
            if strict:
                raise DocumentError([issue]) from exc
            issues.append(issue)
            continue
        found_docs, found_issues = read_tasks(payload, source=str(file), strict=strict, use_predictions=use_predictions, text_key=text_key)
        docs += found_docs
        issues += found_issues
    return docs, issues


def read_tasks(
    payload: Any, source: str = "", strict: bool = False, use_predictions: bool = False, text_key: str = "text"
) -> tuple[list[Document], list[Issue]]:
    """Documents of already parsed export data: a list of tasks or a single task object (see module doc)."""
    if isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list):
        issue = Issue("-", "bad-export", f"export holds a {type(payload).__name__}, expected a list of tasks", source=source)
        if strict:
            raise DocumentError([issue])
        return [], [issue]
    docs: list[Document] = []
    issues: list[Issue] = []
    for index, task in enumerate(payload, start=1):
        doc, found = _TaskReader(task, index, source, use_predictions, text_key).read()
        if strict and any(i.severity == "error" for i in found):
            raise DocumentError([i for i in found if i.severity == "error"])
        issues += found
        if doc is not None:
            docs.append(doc)
    return docs, issues


def _timestamp(value: Any) -> datetime:
    """An ISO timestamp as an aware datetime (naive ones taken as UTC); missing or unreadable ones sort first."""
    if not isinstance(value, str) or not value.strip():
        return _OLDEST
    text = value.strip().replace("Z", "+00:00")
    match = _FRACTION.match(text)
    if match:  # Python 3.10 reads only 3 or 6 fraction digits: cut or pad to 6
        text = f"{match['main']}.{match['fraction'][:6].ljust(6, '0')}{match['zone']}"
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return _OLDEST
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def _recency(item: dict[str, Any]) -> tuple[datetime, datetime, int]:
    """Sort key of an annotation or prediction: ``updated_at``, then ``created_at``, then ``id``."""
    ident = item.get("id")
    return (_timestamp(item.get("updated_at")), _timestamp(item.get("created_at")), ident if isinstance(ident, int) else -1)


class _TaskReader:
    """Reads one task; collects its issues with the file and task id."""

    def __init__(self, task: Any, index: int, source: str, use_predictions: bool, text_key: str):
        self.task = task
        self.index = index
        self.source = source
        self.use_predictions = use_predictions
        self.text_key = text_key
        self.issues: list[Issue] = []
        task_id = task.get("id") if isinstance(task, dict) else None
        self.where = f"task {task_id}" if task_id is not None else f"task #{index} of the file"
        self.doc_id = f"task-{task_id}" if task_id is not None else f"{Path(source).stem or 'task'}-{index}"

    def issue(self, code: str, message: str, severity: str = "error") -> None:
        self.issues.append(Issue(self.doc_id, code, f"{self.where}: {message}", severity, self.source))

    def read(self) -> tuple[Document | None, list[Issue]]:
        """The document of the task (``None`` when it has no text) and the issues met."""
        task = self.task
        if not isinstance(task, dict):
            self.issue("bad-task", f"is a {type(task).__name__}, expected a task object")
            return None, self.issues
        data = task.get("data", task if self.text_key in task else None)
        if not isinstance(data, dict):
            self.issue("no-text", "has no 'data' object")
            return None, self.issues
        if data.get("doc_id") not in (None, ""):
            self.doc_id = str(data["doc_id"])
        text = data.get(self.text_key)
        if not isinstance(text, str) or not text:
            self.issue("no-text", f"data has no text under {self.text_key!r}")
            return None, self.issues
        meta = data.get("meta", {})
        if not isinstance(meta, dict):
            self.issue("bad-meta", f"data.meta is a {type(meta).__name__}, expected an object; dropped", "warning")
            meta = {}
        result, from_prediction = self._chosen_result()
        entities, skipped = self._entities(result, text, from_prediction)
        relations = self._relations(result, entities, skipped, from_prediction)
        doc = Document(self.doc_id, text, entities, relations, dict(meta))
        doc.assign_ids()
        for left in doc.validate():  # a safety net: the checks above should leave nothing
            self.issue(left.code, left.message)
        return doc, self.issues

    # -- which result --------------------------------------------------------------------------------
    def _chosen_result(self) -> tuple[list[Any], bool]:
        annotations = [a for a in self.task.get("annotations") or [] if isinstance(a, dict)]
        usable = [a for a in annotations if not a.get("was_cancelled")]
        pool = [a for a in usable if a.get("ground_truth")] or usable
        if pool:
            return self._result_list(max(pool, key=_recency), "annotation"), False
        why = f"all {len(annotations)} annotations are cancelled" if annotations else "no annotations"
        if self.use_predictions:
            predictions = self.task.get("predictions") or []
            objects = [p for p in predictions if isinstance(p, dict)]
            if objects:
                return self._result_list(max(objects, key=_recency), "prediction"), True
            if predictions:
                why += " and the predictions are ids only (fetch them with the task API)"
            else:
                why += " and no predictions"
        self.issue("no-annotation", f"{why}; document kept without entities", "warning")
        return [], False

    def _result_list(self, item: dict[str, Any], kind: str) -> list[Any]:
        result = item.get("result") or []
        if not isinstance(result, list):
            self.issue("bad-result", f"{kind} {item.get('id')}: result is a {type(result).__name__}, expected a list")
            return []
        return result

    # -- entities ------------------------------------------------------------------------------------
    def _entities(self, result: list[Any], text: str, from_prediction: bool) -> tuple[list[Entity], set[str]]:
        """Valid entities of ``result`` (no overlaps, unique ids) and the ids of the skipped ones."""
        index = Utf16Index(text)
        candidates: list[Entity] = []
        skipped: set[str] = set()
        for n, item in enumerate(result, start=1):
            if not isinstance(item, dict):
                self.issue("bad-result", f"result item #{n} is a {type(item).__name__}, expected an object")
                continue
            kind = item.get("type")
            if kind == "relation":
                continue
            if kind != "labels":
                self.issue("ignored-result", f"result item #{n} of type {kind!r} ignored", "warning")
                continue
            ent = self._entity(item, n, text, index, from_prediction)
            if ent is None:
                if item.get("id") is not None:
                    skipped.add(str(item["id"]))
            else:
                candidates.append(ent)
        kept: list[Entity] = []
        seen_ids: set[str] = set()
        for ent in sorted(candidates, key=lambda e: (e.start, e.end)):
            where = f"entity {ent.id} [{ent.start},{ent.end}) {ent.label} {ent.text!r}"
            if ent.id is not None and ent.id in seen_ids:
                self.issue("duplicate-id", f"{where}: id used twice; skipped")
                continue
            if kept and ent.start < kept[-1].end:
                prev = kept[-1]
                self.issue("overlap", f"{where} overlaps {prev.id} [{prev.start},{prev.end}) {prev.label} {prev.text!r}; skipped")
                if ent.id is not None:
                    skipped.add(ent.id)
                continue
            if ent.id is not None:
                seen_ids.add(ent.id)
            kept.append(ent)
        return kept, skipped - seen_ids

    def _entity(self, item: dict[str, Any], n: int, text: str, index: Utf16Index, from_prediction: bool) -> Entity | None:
        value = item.get("value") if isinstance(item.get("value"), dict) else {}
        ident = None if item.get("id") in (None, "") else str(item["id"])
        start, end, labels, surface = value.get("start"), value.get("end"), value.get("labels"), value.get("text")
        where = f"entity {ident or f'#{n}'} [{start},{end}) {surface!r}"
        if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
            count = len(labels) if isinstance(labels, list) else 0
            self.issue("entity-labels", f"{where}: needs exactly one label, has {count}; skipped")
            return None
        label = labels[0]
        where = f"entity {ident or f'#{n}'} [{start},{end}) {label} {surface!r}"
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
            self.issue("bad-offsets", f"{where}: start/end are not integers; skipped")
            return None
        span = self._resolve_span(start, end, surface, text, index)
        if span is None:
            if not 0 <= start < end <= index.to_utf16(len(text)):
                self.issue("bad-offsets", f"{where}: offsets outside text of length {len(text)}; skipped")
            else:
                self.issue("text-mismatch", f"{where}: text at these offsets is {self._slice(start, end, text, index)!r}; skipped")
            return None
        if label not in ENTITY_LABELS:
            self.issue("unknown-label", f"{where}: label not in {ENTITY_LABELS}; skipped")
            return None
        score = item.get("score") if from_prediction and isinstance(item.get("score"), (int, float)) else None
        attrs = item.get("attrs") if isinstance(item.get("attrs"), dict) else {}
        s, e = span
        return Entity(s, e, label, text[s:e], ident, None if score is None else float(score), dict(attrs))

    @staticmethod
    def _resolve_span(start: int, end: int, surface: Any, text: str, index: Utf16Index) -> tuple[int, int] | None:
        """Code-point span: UTF-16 offsets first (Label Studio's), then code points, checked against ``surface``."""
        candidates = []
        if index.astral:
            s, e = index.to_codepoint(start), index.to_codepoint(end)
            if s is not None and e is not None:
                candidates.append((s, e))
        candidates.append((start, end))
        for s, e in candidates:
            if 0 <= s < e <= len(text) and (not isinstance(surface, str) or text[s:e] == surface):
                return s, e
        return None

    @staticmethod
    def _slice(start: int, end: int, text: str, index: Utf16Index) -> str:
        s, e = index.to_codepoint(start), index.to_codepoint(end)
        return text[s:e] if s is not None and e is not None else text[start:end]

    # -- relations -----------------------------------------------------------------------------------
    def _relations(self, result: list[Any], entities: list[Entity], skipped: set[str], from_prediction: bool) -> list[Relation]:
        by_id = {e.id: e for e in entities if e.id is not None}
        relations: list[Relation] = []
        seen: set[tuple[str, str, str]] = set()
        for item in self._relation_items(result):
            labels = item.get("labels")
            ends = f"{item.get('from_id')}→{item.get('to_id')}"
            if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
                count = len(labels) if isinstance(labels, list) else 0
                self.issue("relation-labels", f"relation {ends}: needs exactly one label, has {count}; skipped")
                continue
            label = labels[0]
            direction = item.get("direction") or "right"
            if direction not in ("right", "left"):
                self.issue("relation-direction", f"relation {ends} {label}: direction {direction!r} is not 'right' or 'left'; skipped")
                continue
            head, tail = str(item.get("from_id")), str(item.get("to_id"))
            if direction == "left":
                head, tail = tail, head
            where = f"relation {head} {label} {tail}"
            if label not in RELATION_TYPES:
                self.issue("unknown-relation", f"{where}: label not in {tuple(RELATION_TYPES)}; skipped")
                continue
            missing = [end for end in (head, tail) if end not in by_id]
            if missing:
                why = "was skipped above" if missing[0] in skipped else "is not an entity of this annotation"
                self.issue("dangling-relation", f"{where}: entity {missing[0]} {why}; skipped")
                continue
            if not relation_allowed(label, by_id[head].label, by_id[tail].label):
                rt = RELATION_TYPES[label]
                self.issue(
                    "relation-types", f"{where}: joins {by_id[head].label}→{by_id[tail].label}, guide wants {rt.head}→{rt.tail}; skipped"
                )
                continue
            if (head, tail, label) in seen:
                self.issue("duplicate-relation", f"{where}: stated twice; kept once", "warning")
                continue
            seen.add((head, tail, label))
            score = item.get("score") if from_prediction and isinstance(item.get("score"), (int, float)) else None
            attrs = item.get("attrs") if isinstance(item.get("attrs"), dict) else {}
            relations.append(Relation(head, tail, label, None if score is None else float(score), dict(attrs)))
        return relations

    @staticmethod
    def _relation_items(result: Iterable[Any]) -> Iterable[dict[str, Any]]:
        return (item for item in result if isinstance(item, dict) and item.get("type") == "relation")
