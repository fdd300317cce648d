"""``zs-ner evaluate`` and ``zs-ner compare``: score a model on held-out annotations, compare two reports."""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from zs_ner.document import Document

if TYPE_CHECKING:
    from zs_ner.linking.learned import LearnedLinker


def load_gold(data: str, split: str | None) -> list[Document]:
    """Gold documents: a split of the project corpus (a dir with split.tsv) or any annotated file/dir."""
    from zs_ner.corpus import load_split
    from zs_ner.readers import load_documents

    root = Path(data)
    if (root / "split.tsv").is_file():
        return load_split(root, split or "test")
    docs, issues = load_documents(root)
    for issue in issues:
        print(f"skipped: {issue}", file=sys.stderr)
    bad = {i.doc_id for d in docs for i in d.validate()}
    return [d for d in docs if d.id not in bad]


def linker_only(gold: list[Document], linker: LearnedLinker | None = None) -> list[Document]:
    """Gold entities with relations re-derived by the post-processor (scores the linker alone)."""
    from zs_ner.postprocess import postprocess

    out = []
    for doc in gold:
        d = copy.deepcopy(doc)
        d.relations = []
        out.append(postprocess(d, linker=linker))
    return out


def _display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies inside it (reports stay machine-independent)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def model_and_articles(model: str | None, data: str, split: str | None) -> tuple[Path, list[Document]] | None:
    """The model directory and the annotated articles a command runs on; None (error printed) when either fails."""
    from zs_ner.default_model import resolve_model

    try:
        model_dir = resolve_model(model)
        docs = load_gold(data, split)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    if not docs:
        print(f"error: no annotated articles in {data}", file=sys.stderr)
        return None
    return model_dir, docs


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Predict on the gold texts, then write metrics.json, report.md, report.html and charts."""
    from zs_ner.default_model import load_linker
    from zs_ner.evaluation import write_report
    from zs_ner.model.extractor import Extractor
    from zs_ner.postprocess import postprocess

    loaded = model_and_articles(args.model, args.data, args.split)
    if loaded is None:
        return 2
    model_dir, gold = loaded
    extractor = Extractor.from_pretrained(model_dir, device=args.device)
    linker = None if args.rules else load_linker(model_dir)
    inputs = [Document(d.id, d.text, meta=dict(d.meta)) for d in gold]
    t0 = time.perf_counter()
    pred = extractor.extract(inputs, batch_size=args.batch_size, progress=not args.quiet)
    elapsed = time.perf_counter() - t0
    pred = [postprocess(d, linker=linker) for d in pred]
    info = {
        "model": _display_path(model_dir),
        "data": f"{args.data} ({args.split or 'all'})",
        "inference chars/s": round(sum(len(d.text) for d in gold) / max(elapsed, 1e-9)),
        "device": extractor.device_name,
        "linker": "learned (model_dir/linker)" if linker is not None else "rules",
    }
    metrics = write_report(gold, pred, args.out, title=args.title, info=info, linked_gold=linker_only(gold, linker))
    ent = metrics["entities"]["micro"]
    rel = metrics["relations"].get("micro", {})
    print(f"entities micro P/R/F1 {ent['precision']:.3f}/{ent['recall']:.3f}/{ent['f1']:.3f}; relations micro F1 {rel.get('f1', 0):.3f} → {args.out}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Print F1 deltas between two report directories."""
    from zs_ner.evaluation import compare_reports

    try:
        print(compare_reports(args.old, args.new))
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``evaluate`` and ``compare`` to the CLI."""
    p = sub.add_parser("evaluate", help="score a model against held-out annotations and write a report")
    p.add_argument("--model", help="model directory (default: the shipped default model)")
    p.add_argument("--data", default="annotations", help="annotations dir (with split.tsv) or any annotated file/dir")
    p.add_argument("--split", default="test", help="split of the project corpus (train, dev, test, all)")
    p.add_argument("--out", required=True, type=Path, help="report directory")
    p.add_argument("--title", default="zs_ner evaluation")
    p.add_argument("--device", default="auto")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--rules", action="store_true", help="score the rule linker even when the model ships a learned one")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("compare", help="print F1 deltas between two evaluation report directories")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.set_defaults(func=cmd_compare)
