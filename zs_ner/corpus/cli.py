"""``zs-ner corpus``: add a linted markup batch to annotations/, regenerate statistics, measure agreement."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_add(args: argparse.Namespace) -> int:
    """Lint a markup batch; if clean, store it as Label Studio JSON in annotations/batches and assign splits."""
    from zs_ner.corpus.split import BATCH_DIR, SPLIT_FILE, load_corpus, update_split_file
    from zs_ner.labelstudio.task_writer import write_tasks
    from zs_ner.lint import lint_documents
    from zs_ner.markup import MarkupError, read_markup

    root = Path(args.root)
    try:
        docs = read_markup(args.markup)
    except MarkupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    errors = [i for i in lint_documents(docs, source=str(args.markup)) if i.severity == "error"]
    existing = {d.id for d in load_corpus(root)} if (root / BATCH_DIR).is_dir() else set()
    out = root / BATCH_DIR / f"{args.name}.json"
    clash = sorted({d.id for d in docs} & existing)
    if clash and not (out.exists() and args.replace):
        print(f"error: ids already in the corpus: {clash[:5]}", file=sys.stderr)
        return 1
    for issue in errors:
        print(str(issue), file=sys.stderr)
    if errors:
        print(f"error: {len(errors)} lint errors; nothing added", file=sys.stderr)
        return 1
    if out.exists() and not args.replace:
        print(f"error: {out} exists (use --replace to overwrite a batch)", file=sys.stderr)
        return 1
    write_tasks(docs, out)
    split = update_split_file(root / SPLIT_FILE, [d.id for d in docs])
    counts = {s: sum(1 for d in docs if split[d.id] == s) for s in ("train", "dev", "test")}
    print(f"added {len(docs)} articles to {out}: {counts}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Write reports/corpus_stats.md (and .json) for the corpus."""
    from zs_ner.corpus.split import SPLIT_FILE, load_corpus, read_split_file
    from zs_ner.corpus.stats import write_statistics

    root = Path(args.root)
    docs = load_corpus(root)
    split = read_split_file(root / SPLIT_FILE) if (root / SPLIT_FILE).is_file() else None
    stats = write_statistics(docs, args.out, split, args.agreement)
    print(f"{stats['articles']} articles, median length {stats['length'].get('median')} → {args.out}")
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    """Compare a blind second pass with the corpus and write the agreement JSON."""
    from zs_ner.corpus.agreement import agreement
    from zs_ner.corpus.split import load_corpus
    from zs_ner.readers import load_documents

    first = load_corpus(Path(args.root))
    second, issues = load_documents(args.second)
    for issue in issues:
        print(str(issue), file=sys.stderr)
    result = agreement(first, second)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(result["summary"])
    return 0


def cmd_money_report(args: argparse.Namespace) -> int:
    """Write reports/money_parser.md: parse rates, currencies and roles over the corpus and the facts."""
    from zs_ner.corpus.money_report import money_report
    from zs_ner.corpus.split import load_corpus

    text = money_report(load_corpus(Path(args.root)), args.facts)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text.splitlines()[5])
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``corpus add|stats|agreement`` to the CLI."""
    p = sub.add_parser("corpus", help="manage the project's annotated corpus in annotations/")
    csub = p.add_subparsers(dest="corpus_command", required=True)

    a = csub.add_parser("add", help="lint a markup batch and store it as Label Studio JSON with split assignments")
    a.add_argument("markup", type=Path)
    a.add_argument("--name", required=True, help="batch file name, e.g. batch_b01")
    a.add_argument("--root", default="annotations")
    a.add_argument("--replace", action="store_true", help="overwrite an existing batch of the same name")
    a.set_defaults(func=cmd_add)

    s = csub.add_parser("stats", help="write the corpus statistics report")
    s.add_argument("--root", default="annotations")
    s.add_argument("--out", default="reports/corpus_stats.md")
    s.add_argument("--agreement", default="reports/agreement.json")
    s.set_defaults(func=cmd_stats)

    m = csub.add_parser("money-report", help="parse rates of the money parser over the corpus and the facts")
    m.add_argument("--root", default="annotations")
    m.add_argument("--facts", default="../shared/facts/amounts.tsv")
    m.add_argument("--out", default="reports/money_parser.md")
    m.set_defaults(func=cmd_money_report)

    g = csub.add_parser("agreement", help="score a blind second annotation pass against the corpus")
    g.add_argument("second", help="markup/JSONL/Label Studio file of the second pass")
    g.add_argument("--root", default="annotations")
    g.add_argument("--out", default="reports/agreement.json")
    g.set_defaults(func=cmd_agreement)
