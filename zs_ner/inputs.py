"""Raw articles for batch inference: .txt files, directories, JSONL records and Label Studio exports.

Files are decoded by BOM (UTF-8, UTF-16 LE/BE), else strict UTF-8, else GB18030 (a superset of GBK
and GB2312), else the best guess of charset-normalizer; a file that decodes under none is reported,
never guessed into mojibake silently.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zs_ner.document import Document

#: File extensions read as raw input when walking a directory.
INPUT_SUFFIXES = (".txt", ".jsonl", ".json")
#: Documents longer than this are refused (a runaway file, not an article); override per call.
MAX_CHARS = 2_000_000


class InputError(ValueError):
    """A file or record that cannot be read; the message names the file and record."""


@dataclass(frozen=True)
class DecodedText:
    """A decoded file and the encoding that decoded it."""

    text: str
    encoding: str


def decode_bytes(data: bytes, source: str = "") -> DecodedText:
    """Decode article bytes: BOM first, then UTF-8, then GB18030, then charset-normalizer's guess."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: has a {enc} byte-order mark but does not decode: {exc}") from exc
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return DecodedText(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{source}: cannot detect the text encoding (tried UTF-8, UTF-16, GB18030)")
    return DecodedText(str(best), best.encoding)


def read_text_file(path: str | Path) -> DecodedText:
    """Read and decode one text file."""
    path = Path(path)
    return decode_bytes(path.read_bytes(), str(path))


@dataclass
class InputProblem:
    """A file or record that was skipped, and why."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def _check_text(text: object, where: str, max_chars: int) -> str:
    if not isinstance(text, str):
        raise InputError(f"{where}: 'text' is {type(text).__name__}, expected a string")
    if not text.strip():
        raise InputError(f"{where}: empty text")
    if len(text) > max_chars:
        raise InputError(f"{where}: {len(text)} characters, more than the limit of {max_chars}")
    return text


def _from_jsonl(path: Path, problems: list[InputProblem], max_chars: int) -> Iterator[Document]:
    decoded = read_text_file(path)
    for lineno, line in enumerate(decoded.text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise InputError(f"{where}: record is not a JSON object")
            text = _check_text(rec.get("text"), where, max_chars)
            doc_id = str(rec.get("id") or f"{path.stem}:{lineno}")
            yield Document(doc_id, text, meta=dict(rec.get("meta") or {}))
        except (json.JSONDecodeError, InputError) as exc:
            problems.append(InputProblem(where, str(exc)))


def _from_labelstudio(path: Path, problems: list[InputProblem], max_chars: int) -> Iterator[Document]:
    try:
        tasks = json.loads(read_text_file(path).text)
    except json.JSONDecodeError as exc:
        problems.append(InputProblem(str(path), f"broken JSON: {exc}"))
        return
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        problems.append(InputProblem(str(path), "expected a Label Studio export (a list of tasks)"))
        return
    for i, task in enumerate(tasks):
        where = f"{path} task #{i}"
        try:
            data = task.get("data") if isinstance(task, dict) else None
            if not isinstance(data, dict):
                raise InputError(f"{where}: no 'data' object")
            where = f"{path} task {task.get('id', '#' + str(i))}"
            text = _check_text(data.get("text"), where, max_chars)
            doc_id = str(data.get("doc_id") or f"task-{task.get('id', i)}")
            yield Document(doc_id, text, meta=dict(data.get("meta") or {}))
        except InputError as exc:
            problems.append(InputProblem(where, str(exc)))


def _from_txt(path: Path, root: Path | None, problems: list[InputProblem], max_chars: int) -> Iterator[Document]:
    try:
        decoded = read_text_file(path)
        text = _check_text(decoded.text, str(path), max_chars)
    except (InputError, OSError) as exc:
        problems.append(InputProblem(str(path), str(exc)))
        return
    doc_id = str(path.relative_to(root).with_suffix("")) if root else path.stem
    yield Document(doc_id, text, meta={"source": str(path), "encoding": decoded.encoding})


def iter_inputs(paths: list[str | Path], problems: list[InputProblem], max_chars: int = MAX_CHARS) -> Iterator[Document]:
    """Yield one Document per article in ``paths``; unreadable files or records go to ``problems``."""
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            root: Path | None = path
        elif path.is_file():
            files, root = [path], None
        else:
            problems.append(InputProblem(str(path), "no such file or directory"))
            continue
        for file in files:
            suffix = file.suffix.lower()
            try:
                if suffix == ".jsonl":
                    yield from _from_jsonl(file, problems, max_chars)
                elif suffix == ".json":
                    yield from _from_labelstudio(file, problems, max_chars)
                else:
                    yield from _from_txt(file, root, problems, max_chars)
            except (InputError, OSError) as exc:
                problems.append(InputProblem(str(file), str(exc)))
