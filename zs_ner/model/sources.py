"""Reading training and dev documents: the project's corpus splits and extra sources by format name.

``SOURCE_FORMATS`` maps a format name used in training configs (``data.aux[].format``) to a reader
``path -> documents``. Readers for public datasets (CLUENER, Boson, …) are added to this table.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from zs_ner.document import Document

SourceReader = Callable[[Path], list[Document]]


def _read_with(fmt: str) -> SourceReader:
    """A reader that loads a file or directory through ``zs_ner.readers`` in one format and fails on bad records."""

    def read(path: Path) -> list[Document]:
        from zs_ner.readers import load_documents

        docs, issues = load_documents(path, fmt=fmt)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            shown = "; ".join(str(i) for i in errors[:3])
            raise ValueError(f"{path}: {len(errors)} unreadable {fmt} record(s): {shown}")
        return docs

    return read


#: Format name → reader. Extend this table to make a new source usable from training configs.
SOURCE_FORMATS: dict[str, SourceReader] = {
    "jsonl": _read_with("jsonl"),
    "markup": _read_with("markup"),
    "labelstudio": _read_with("labelstudio"),
    # public corpora in ../shared/corpus, mapped to REGION/COMPANY (see zs_ner/corpus/aux_sources.py)
    "cluener": _read_with("cluener"),
    "boson": _read_with("boson"),
}


def read_source(fmt: str, path: str | Path, max_docs: int | None = None) -> list[Document]:
    """Documents of one source (the first ``max_docs`` when given), each checked against the schema."""
    if fmt not in SOURCE_FORMATS:
        raise ValueError(f"{path}: unknown source format {fmt!r}; known: {sorted(SOURCE_FORMATS)}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: source not found")
    docs = SOURCE_FORMATS[fmt](path)
    if max_docs is not None:
        docs = docs[:max_docs]
    for doc in docs:
        issues = doc.validate()
        if issues:
            raise ValueError(f"{path}: document {doc.id!r} breaks the schema: {issues[0]}")
    return docs


def read_corpus_split(root: str | Path, split: str) -> list[Document]:
    """One split (train/dev/test) of the project's annotated corpus."""
    from zs_ner.corpus import load_split

    return load_split(root, split)


def weighted_sample(docs: list[Document], weight: float, rng: random.Random) -> list[Document]:
    """``weight`` × the documents: whole copies for the integer part, a random subset for the fraction."""
    copies, fraction = divmod(weight, 1.0)
    out = docs * int(copies)
    extra = round(fraction * len(docs))
    if extra:
        out += rng.sample(docs, extra)
    return out
