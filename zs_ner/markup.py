"""Inline annotation markup for annotators ↔ Documents.

A markup file holds one or more documents::

    ### doc zs-0001
    @meta {"genre": "news", "year": 2019}
    [[齐齐哈尔市|REGION|e1]]签约[[10亿元|AMOUNT|e2]]的[[铜冶炼项目|PROJECT|e3]]。
    ## relations
    e2 amount_of e3
    e3 located_in e1

``[[surface|LABEL]]`` gets an automatic id; ``[[surface|LABEL|id]]`` keeps the given one.
The text is every line between the header (and optional ``@meta`` line) and ``## relations``
or the next header, with leading and trailing blank lines dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from zs_ner.document import Document, Entity, Relation

DOC_HEADER = "### doc "
REL_HEADER = "## relations"
META_PREFIX = "@meta "
_SPAN = re.compile(r"\[\[((?:(?!\[\[|\]\])[^|\n])+)\|([A-Za-z_]+)(?:\|([A-Za-z0-9_.:-]+))?\]\]")


class MarkupError(ValueError):
    """A markup file that cannot be read or a document that cannot be written as markup."""


def parse_inline(marked: str, doc_id: str = "", where: str = "") -> tuple[str, list[Entity]]:
    """Strip ``[[surface|LABEL|id]]`` spans from ``marked``; return plain text and the entities over it."""
    out: list[str] = []
    entities: list[Entity] = []
    pos = 0
    length = 0
    for m in _SPAN.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        surface, label, ent_id = m.group(1), m.group(2), m.group(3)
        entities.append(Entity(length, length + len(surface), label, surface, ent_id))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    for token in ("[[", "]]"):
        k = text.find(token)
        if k >= 0:
            ctx = text[max(0, k - 15) : k + 15].replace("\n", " ")
            raise MarkupError(f"{where}[{doc_id}] unbalanced or malformed span markup near {ctx!r}")
    return text, entities


def _parse_block(doc_id: str, lines: list[tuple[int, str]], path: str) -> Document:
    meta: dict = {}
    body: list[tuple[int, str]] = []
    rel_lines: list[tuple[int, str]] = []
    in_rel = False
    for i, (lineno, line) in enumerate(lines):
        if i == 0 and line.startswith(META_PREFIX):
            try:
                meta = json.loads(line[len(META_PREFIX) :])
            except json.JSONDecodeError as exc:
                raise MarkupError(f"{path}:{lineno} [{doc_id}] @meta is not valid JSON: {exc}") from exc
            if not isinstance(meta, dict):
                raise MarkupError(f"{path}:{lineno} [{doc_id}] @meta must be a JSON object")
            continue
        if line.strip() == REL_HEADER:
            if in_rel:
                raise MarkupError(f"{path}:{lineno} [{doc_id}] second '{REL_HEADER}' block")
            in_rel = True
            continue
        (rel_lines if in_rel else body).append((lineno, line))
    while body and not body[0][1].strip():
        body.pop(0)
    while body and not body[-1][1].strip():
        body.pop()
    if not body:
        raise MarkupError(f"{path}:{lines[0][0] if lines else '?'} [{doc_id}] document has no text")
    text, entities = parse_inline("\n".join(line for _, line in body), doc_id, f"{path}:{body[0][0]} ")
    doc = Document(doc_id, text, entities, [], meta)
    doc.assign_ids()
    for lineno, line in rel_lines:
        stripped = line.split("#", 1)[0].strip()
        if not stripped:
            continue
        parts = stripped.split()
        if len(parts) != 3:
            raise MarkupError(f"{path}:{lineno} [{doc_id}] relation line must be 'HEAD label TAIL', got {line!r}")
        head, label, tail = parts
        doc.relations.append(Relation(head, tail, label))
    return doc


def loads(content: str, path: str = "<string>") -> list[Document]:
    """Parse markup text into documents (not validated: call :meth:`Document.validate`)."""
    docs: list[Document] = []
    current_id: str | None = None
    block: list[tuple[int, str]] = []
    ids: set[str] = set()
    for lineno, line in enumerate(content.splitlines(), start=1):
        if line.startswith(DOC_HEADER):
            if current_id is not None:
                docs.append(_parse_block(current_id, block, path))
            current_id = line[len(DOC_HEADER) :].strip()
            if not current_id:
                raise MarkupError(f"{path}:{lineno} document header without an id")
            if current_id in ids:
                raise MarkupError(f"{path}:{lineno} duplicate document id {current_id!r}")
            ids.add(current_id)
            block = []
        elif current_id is None:
            if line.strip() and not line.startswith("<!--"):
                raise MarkupError(f"{path}:{lineno} text before the first '{DOC_HEADER}<id>' header")
        else:
            block.append((lineno, line))
    if current_id is not None:
        docs.append(_parse_block(current_id, block, path))
    return docs


def read_markup(path: str | Path) -> list[Document]:
    """Read a markup file (UTF-8)."""
    path = Path(path)
    return loads(path.read_text(encoding="utf-8-sig"), str(path))


def _check_writable(doc: Document) -> None:
    text = doc.text
    problems = []
    if "[[" in text or "]]" in text:
        problems.append("text contains '[[' or ']]'")
    if "\r" in text:
        problems.append("text contains a carriage return")
    if text != text.strip("\n") or not text.strip():
        problems.append("text starts or ends with a blank line")
    for line in text.split("\n"):
        if line.startswith(DOC_HEADER) or line.strip() == REL_HEADER or line.startswith(META_PREFIX):
            problems.append(f"a text line looks like markup syntax: {line[:30]!r}")
    for e in doc.entities:
        if "|" in e.text or "\n" in e.text:
            problems.append(f"entity {e.id} {e.text!r} contains '|' or a newline")
    if problems:
        raise MarkupError(f"[{doc.id}] cannot be written as markup: " + "; ".join(problems))


def dumps(docs: Iterable[Document]) -> str:
    """Render documents as markup; raises :class:`MarkupError` for text the format cannot carry."""
    blocks = []
    for doc in docs:
        _check_writable(doc)
        doc.assign_ids()
        pieces = []
        pos = 0
        for e in doc.sorted_entities():
            if e.start < pos:
                raise MarkupError(f"[{doc.id}] overlapping entities cannot be written as markup ({e.id})")
            pieces.append(doc.text[pos : e.start])
            pieces.append(f"[[{doc.text[e.start:e.end]}|{e.label}|{e.id}]]")
            pos = e.end
        pieces.append(doc.text[pos:])
        lines = [f"{DOC_HEADER}{doc.id}"]
        if doc.meta:
            lines.append(META_PREFIX + json.dumps(doc.meta, ensure_ascii=False))
        lines.append("".join(pieces))
        if doc.relations:
            lines.append(REL_HEADER)
            lines += [f"{r.head} {r.label} {r.tail}" for r in doc.relations]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def write_markup(docs: Iterable[Document], path: str | Path) -> None:
    """Write documents as a markup file (UTF-8)."""
    Path(path).write_text(dumps(list(docs)), encoding="utf-8")
