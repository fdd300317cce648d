"""Resumable prediction outputs: JSONL (one record per article), CSV (one row per project), Label Studio tasks.

Each article is written with one ``write`` call followed by a flush, so an interrupted run leaves at most
one partial line, which the next run drops before it skips the articles already written.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import IO

from zs_ner.document import Document

OUTPUT_FORMATS = ("jsonl", "csv", "labelstudio")


def format_for(path: str | Path, given: str | None = None) -> str:
    """The output format: ``given``, else from the extension (.jsonl, .csv, .json → labelstudio)."""
    if given:
        if given not in OUTPUT_FORMATS:
            raise ValueError(f"unknown output format {given!r}; choose from {OUTPUT_FORMATS}")
        return given
    suffix = Path(path).suffix.lower()
    return {".jsonl": "jsonl", ".csv": "csv", ".json": "labelstudio"}.get(suffix, "jsonl")


def _drop_partial_last_line(path: Path) -> None:
    """Cut a trailing line without a newline (left by an interrupted write)."""
    with path.open("rb+") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size == 0:
            return
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        pos = size - 1
        while pos > 0:
            fh.seek(pos - 1)
            if fh.read(1) == b"\n":
                break
            pos -= 1
        fh.truncate(pos)


CSV_COLUMNS = (
    "doc_id",
    "project",
    "project_start",
    "project_end",
    "amounts",
    "amount_values",
    "currencies",
    "amount_roles",
    "companies",
    "regions",
    "score",
)


def prediction_record(doc: Document) -> dict:
    """The JSONL record of a predicted article: the shared record shape plus its project table."""
    from zs_ner.postprocess.project_table import project_table

    rec = doc.to_record()
    rec["projects"] = [p.as_dict() for p in project_table(doc)]
    return rec


class PredictionWriter:
    """Appends predicted documents to OUT in one format and knows which ids OUT already holds."""

    def __init__(self, path: str | Path, fmt: str | None = None, model_version: str | None = None):
        self.path = Path(path)
        self.model_version = model_version
        self.format = format_for(self.path, fmt)
        # Label Studio output is one JSON array: progress is kept in a JSONL beside it until close().
        self.progress_path = self.path.with_name(self.path.name + ".partial.jsonl") if self.format == "labelstudio" else self.path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.done: set[str] = self._existing_ids()
        self._fh: IO[str] | None = None

    def _existing_ids(self) -> set[str]:
        p = self.progress_path
        if not p.exists() or p.stat().st_size == 0:
            return set()
        _drop_partial_last_line(p)
        ids: set[str] = set()
        with p.open("r", encoding="utf-8") as fh:
            if self.format == "csv":
                for row in csv.DictReader(fh):
                    ids.add(row["doc_id"])
            else:
                for lineno, line in enumerate(fh, start=1):
                    if line.strip():
                        try:
                            ids.add(str(json.loads(line)["id"]))
                        except (json.JSONDecodeError, KeyError) as exc:
                            raise ValueError(f"{p}:{lineno}: existing output is not a prediction record ({exc}); refusing to append") from exc
        return ids

    def __enter__(self) -> PredictionWriter:
        new_file = not self.progress_path.exists() or self.progress_path.stat().st_size == 0
        self._fh = self.progress_path.open("a", encoding="utf-8", newline="")
        if self.format == "csv" and new_file:
            self._write(",".join(CSV_COLUMNS) + "\r\n")
        return self

    def _write(self, chunk: str) -> None:
        assert self._fh is not None
        self._fh.write(chunk)
        self._fh.flush()

    def write(self, doc: Document) -> None:
        """Write one article (all its rows or its record at once) and remember its id."""
        if self.format == "csv":
            from zs_ner.postprocess.project_table import project_rows

            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
            rows = project_rows(doc) or [{"doc_id": doc.id}]
            for row in rows:
                writer.writerow({k: row.get(k, "") for k in CSV_COLUMNS})
            self._write(buf.getvalue())
        else:
            self._write(json.dumps(prediction_record(doc), ensure_ascii=False) + "\n")
        self.done.add(doc.id)

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()
        if self.format == "labelstudio" and exc[0] is None:
            self.finalize_labelstudio()

    def finalize_labelstudio(self) -> None:
        """Render the progress JSONL as one Label Studio task list (predictions) at OUT."""
        from zs_ner.jsonl import read_jsonl
        from zs_ner.labelstudio.task_writer import write_tasks

        docs = read_jsonl(self.progress_path, validate=False)
        write_tasks(docs, self.path, as_predictions=True, model_version=self.model_version)
