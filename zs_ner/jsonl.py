"""JSONL reading and writing of Documents, one record per line; bad lines are reported by file and line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from zs_ner.document import Document, DocumentError, Issue


def iter_jsonl(path: str | Path, issues: list[Issue] | None = None, validate: bool = True, strict: bool = False) -> Iterator[Document]:
    """Yield the documents in ``path``; a broken line is recorded in ``issues`` and skipped (raised if ``strict``)."""
    path = Path(path)
    with path.open("r", encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(line)
                doc = Document.from_record(rec)
                if not doc.id:
                    doc.id = f"{path.stem}:{lineno}"
            except (json.JSONDecodeError, ValueError) as exc:
                issue = Issue(f"line {lineno}", "bad-record", str(exc), source=str(path))
                if strict:
                    raise DocumentError([issue]) from exc
                if issues is not None:
                    issues.append(issue)
                continue
            if validate:
                found = [Issue(i.doc_id, i.code, i.message, i.severity, where) for i in doc.validate()]
                if found:
                    if strict:
                        raise DocumentError(found)
                    if issues is not None:
                        issues.extend(found)
                    continue
            yield doc


def read_jsonl(path: str | Path, issues: list[Issue] | None = None, validate: bool = True, strict: bool = False) -> list[Document]:
    """All valid documents of a JSONL file (see :func:`iter_jsonl`)."""
    return list(iter_jsonl(path, issues, validate, strict))


def dumps(doc: Document) -> str:
    """One JSONL line for ``doc`` (no trailing newline), Chinese kept readable."""
    return json.dumps(doc.to_record(), ensure_ascii=False)


def write_jsonl(docs: Iterable[Document], path: str | Path) -> int:
    """Write documents atomically (temp file then rename); returns how many were written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(dumps(doc) + "\n")
            n += 1
    os.replace(tmp, path)
    return n
