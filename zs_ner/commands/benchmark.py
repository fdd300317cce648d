"""``zs-ner benchmark``: measure batch-inference chars/s (CPU, and GPU when present) and record training speed."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Time the extractor over a corpus at several batch sizes and write reports/benchmark.md."""
    from zs_ner.benchmark import time_inference, training_speed, write_benchmark
    from zs_ner.commands.evaluate import model_and_articles

    loaded = model_and_articles(args.model, args.data, args.split)
    if loaded is None:
        return 2
    model_dir, docs = loaded
    if args.limit:
        docs = docs[: args.limit]
    timings = time_inference(model_dir, docs, args.batch_sizes, args.devices, args.repeats)
    for t in timings:
        print(f"{t.device:<28} batch {t.batch_size:>3}: {t.chars_per_second:>8} chars/s ({t.characters} chars in {t.seconds} s)")
    write_benchmark(args.out, model_dir, timings, training_speed(model_dir))
    print(f"→ {args.out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``benchmark`` to the CLI."""
    p = sub.add_parser("benchmark", help="measure batch-inference and training speed; writes reports/benchmark.md")
    p.add_argument("--model", help="model directory (default: the shipped default model)")
    p.add_argument("--data", default="annotations", help="articles to run on (annotations dir or any annotated file)")
    p.add_argument("--split", default="all")
    p.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    p.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 8, 32])
    p.add_argument("--devices", nargs="+", default=["cpu", "cuda"], help="cuda is skipped when absent")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--out", type=Path, default=Path("reports/benchmark.md"))
    p.set_defaults(func=cmd_benchmark)
