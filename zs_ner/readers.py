"""Load annotated documents from any supported file or directory: markup, JSONL, Label Studio JSON."""

from __future__ import annotations

from pathlib import Path

from zs_ner.document import Document, Issue

#: Extensions of annotated corpora, by format name.
FORMATS = {".markup": "markup", ".jsonl": "jsonl", ".json": "labelstudio"}
#: Public corpora read only when named explicitly (their files share extensions with ours).
AUX_FORMATS = ("cluener", "boson")


def detect_format(path: str | Path) -> str:
    """Format name of an annotated file from its extension; raises ``ValueError`` for unknown ones."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown annotation format (expected one of {', '.join(FORMATS)})")
    return fmt


def corpus_files(path: str | Path) -> list[Path]:
    """The annotated files under ``path`` (itself if a file), sorted so loading order is stable."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)


def load_file(path: str | Path, issues: list[Issue], strict: bool = False, fmt: str | None = None) -> list[Document]:
    """Documents of one file; problems go to ``issues`` (or raise when ``strict``)."""
    from zs_ner import markup
    from zs_ner.jsonl import read_jsonl

    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "markup":
        try:
            docs = markup.read_markup(path)
        except markup.MarkupError as exc:
            if strict:
                raise
            issues.append(Issue("-", "markup", str(exc), source=str(path)))
            return []
        return docs
    if fmt == "jsonl":
        return read_jsonl(path, issues, validate=False, strict=strict)
    if fmt == "labelstudio":
        from zs_ner.labelstudio.export_reader import read_export

        docs, found = read_export(path, strict=strict)
        issues.extend(found)
        return docs
    if fmt in AUX_FORMATS:
        from zs_ner.corpus import aux_sources

        return getattr(aux_sources, f"read_{fmt}")(path)
    raise ValueError(f"{path}: unknown format {fmt!r}")


def load_documents(path: str | Path, strict: bool = False, fmt: str | None = None) -> tuple[list[Document], list[Issue]]:
    """All documents under ``path`` plus the issues met while reading (documents are not validated here)."""
    issues: list[Issue] = []
    docs: list[Document] = []
    for file in corpus_files(path):
        docs += load_file(file, issues, strict=strict, fmt=fmt)
    return docs, issues
