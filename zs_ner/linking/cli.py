"""``zs-ner linker train`` and ``zs-ner linker evaluate``: fit the learned linker and compare it with the rules."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict
from pathlib import Path


def _load_splits(root: str, names: list[str]) -> dict[str, list]:
    from zs_ner.corpus import load_split

    return {name: load_split(root, name) for name in names}


def _tag(model_dir: str | None, splits: dict[str, list]) -> dict[str, list]:
    """The splits as the tagger in ``model_dir`` reads them (empty when no tagger is given)."""
    if model_dir is None:
        return {}
    from zs_ner.linking.tagged import tag_documents

    started = time.perf_counter()
    flat = tag_documents(model_dir, [d for docs in splits.values() for d in docs])
    tagged, pos = {}, 0
    for name, docs in splits.items():
        tagged[name], pos = flat[pos : pos + len(docs)], pos + len(docs)
    print(
        f"tagged {sum(len(d) for d in tagged.values())} articles with {model_dir} in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    return tagged


def _linker_name(directory: str, count: int) -> str:
    """``learned`` for a single linker; ``learned:<directory name>`` to tell several apart."""
    return "learned" if count == 1 else f"learned:{Path(directory).name}"


def cmd_train(args: argparse.Namespace) -> int:
    """Train on the train split, tune thresholds on dev, save into ``OUT/linker/`` and print the dev scores."""
    from zs_ner.linking.learned import LearnedLinker, LinkerConfig

    try:
        splits = _load_splits(args.data, ["train", "dev"])
        tagged = _tag(args.tagger, {"train": splits["train"]})
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    given = {"hidden": args.hidden, "epochs": args.epochs, "learning_rate": args.learning_rate, "l2": args.l2, "seed": args.seed}
    config = LinkerConfig(**{k: v for k, v in given.items() if v is not None})
    try:
        linker = LearnedLinker.train(splits["train"], splits["dev"], config, tagged_train_docs=tagged.get("train", ()))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    linker.record["tagger"] = args.tagger
    out = linker.save(args.out)
    dev = linker.record.get("dev_scores_at_thresholds") or {}
    summary = ", ".join(f"{k} F1 {v['f1']:.4f} (threshold {linker.thresholds[k]})" for k, v in dev.items())
    print(
        f"linker saved to {out} ({linker.record['train_pairs']} training pairs, {linker.record['train_seconds']} s); dev: {summary or 'no dev set'}"
    )
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score the rules and the saved learned linkers on gold (and tagger) entities; print the table, optionally write the report."""
    from zs_ner.linking.comparison import compare, comparison_table, write_report
    from zs_ner.linking.learned import LearnedLinker

    try:
        linkers = {_linker_name(d, len(args.linker)): LearnedLinker.load(d) for d in args.linker}
        splits = _load_splits(args.data, args.splits)
        tagged = _tag(args.tagger, splits)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = compare(splits, {name: lk.link for name, lk in linkers.items()}, tagged)
    results["linkers"] = {
        name: {
            "directory": str(Path(d) / "linker"),
            "config": asdict(lk.config),
            "thresholds": lk.thresholds,
            "train_data_sha256": lk.record.get("train_data_sha256"),
            "trained_with_tagger": lk.record.get("tagger"),
            "train_seconds": lk.record.get("train_seconds"),
        }
        for d, (name, lk) in zip(args.linker, linkers.items(), strict=True)
    }
    results["evaluate_seconds"] = round(time.perf_counter() - started, 2)
    if args.tagger:
        results["tagger"] = args.tagger
    print(comparison_table(results))
    if tagged:
        print("end to end (tagger entities):")
        print(comparison_table(results, "end_to_end"))
    choice = results["choice"]
    print(f"kept: {choice['kept']} ({choice['reason']})")
    if args.report:
        md, js = write_report(results, args.report)
        print(f"wrote {md} and {js}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``linker train`` and ``linker evaluate`` to the CLI."""
    parser = sub.add_parser("linker", help="train the learned relation linker and compare it with the rules")
    linker_sub = parser.add_subparsers(dest="linker_command", required=True)

    p = linker_sub.add_parser("train", help="train on the train split, tune thresholds on dev, save DIR/linker/")
    p.add_argument("--data", default="annotations", help="corpus root with batches/ and split.tsv (default: annotations)")
    p.add_argument("--out", required=True, help="directory to save into (the linker goes to OUT/linker/), e.g. a model directory")
    p.add_argument("--tagger", help="model directory of a trained tagger: its entities on the train articles are added to training")
    # defaults live in LinkerConfig (not imported here: it pulls in torch)
    p.add_argument("--hidden", type=int, help="hidden units of an MLP instead of logistic regression (default 0: logistic regression)")
    p.add_argument("--epochs", type=int, help="full-batch training steps (default: LinkerConfig.epochs)")
    p.add_argument("--learning-rate", type=float, help="Adam learning rate (default: LinkerConfig.learning_rate)")
    p.add_argument("--l2", type=float, help="L2 penalty on the feature weights (default: LinkerConfig.l2)")
    p.add_argument("--seed", type=int, help="random seed (default: LinkerConfig.seed)")
    p.set_defaults(func=cmd_train)

    p = linker_sub.add_parser("evaluate", help="rules vs saved learned linkers on gold (and tagger) entities, per split")
    p.add_argument("--data", default="annotations", help="corpus root with batches/ and split.tsv (default: annotations)")
    p.add_argument(
        "--linker",
        required=True,
        nargs="+",
        help="directories holding linker/ (as given to 'linker train --out'); several are compared side by side",
    )
    p.add_argument(
        "--splits", nargs="+", default=["dev", "test"], choices=["train", "dev", "test"], help="splits to score (default: dev test)"
    )
    p.add_argument("--tagger", help="model directory of a trained tagger: also score both linkers on its entities (end to end)")
    p.add_argument("--report", help="write comparison.md and comparison.json into this directory")
    p.set_defaults(func=cmd_evaluate)
