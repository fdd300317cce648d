"""The fixed train/dev/test split by article, stored in ``annotations/split.tsv``.

An article's split is decided once, when it first enters the corpus, from a hash of its id
(62 % train, 13 % dev, 25 % test), and written to the split file; it never moves afterwards, so the
test articles stay unseen by training and tuning as the corpus grows.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from zs_ner.document import Document, DocumentError, Issue

SPLITS: tuple[str, ...] = ("train", "dev", "test")
SPLIT_FILE = "split.tsv"
BATCH_DIR = "batches"
#: Upper bounds of the hash fraction for train and dev; the rest is test.
_BOUNDS = (0.62, 0.75)


def assign_split(doc_id: str) -> str:
    """The split a new article gets: a stable function of its id alone."""
    frac = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16) / 0x100000000
    if frac < _BOUNDS[0]:
        return "train"
    if frac < _BOUNDS[1]:
        return "dev"
    return "test"


def read_split_file(path: str | Path) -> dict[str, str]:
    """Map article id → split from a ``id<TAB>split`` file (header line ``id\tsplit``)."""
    path = Path(path)
    out: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("id\t") or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[1] not in SPLITS:
            raise ValueError(f"{path}:{lineno}: expected 'id<TAB>train|dev|test', got {line!r}")
        if parts[0] in out:
            raise ValueError(f"{path}:{lineno}: article {parts[0]!r} listed twice")
        out[parts[0]] = parts[1]
    return out


def update_split_file(path: str | Path, doc_ids: list[str]) -> dict[str, str]:
    """Add ids not yet in the split file (existing assignments never change); return the full map."""
    path = Path(path)
    current = read_split_file(path) if path.exists() else {}
    for doc_id in doc_ids:
        current.setdefault(doc_id, assign_split(doc_id))
    lines = ["id\tsplit"] + [f"{k}\t{v}" for k, v in sorted(current.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return current


def load_corpus(root: str | Path, strict: bool = True) -> list[Document]:
    """Every article under ``root/batches`` (Label Studio JSON); raises on any schema problem when strict."""
    from zs_ner.labelstudio.export_reader import read_export

    root = Path(root)
    batch_dir = root / BATCH_DIR
    if not batch_dir.is_dir():
        raise FileNotFoundError(f"{batch_dir}: corpus batch directory not found")
    docs: list[Document] = []
    issues: list[Issue] = []
    for file in sorted(batch_dir.glob("*.json")):
        found, problems = read_export(file, strict=False)
        docs += found
        issues += problems
    if strict and any(i.severity == "error" for i in issues):
        raise DocumentError([i for i in issues if i.severity == "error"])
    return docs


def load_split(root: str | Path, split: str) -> list[Document]:
    """The articles of one split (``train``, ``dev`` or ``test``; ``all`` for everything), in corpus order."""
    if split not in (*SPLITS, "all"):
        raise ValueError(f"unknown split {split!r}; choose from {SPLITS + ('all',)}")
    root = Path(root)
    docs = load_corpus(root)
    if split == "all":
        return docs
    assignment = read_split_file(root / SPLIT_FILE)
    missing = [d.id for d in docs if d.id not in assignment]
    if missing:
        raise ValueError(f"{root / SPLIT_FILE}: articles without a split: {missing[:5]} (run scripts/corpus_split.py)")
    return [d for d in docs if assignment[d.id] == split]
