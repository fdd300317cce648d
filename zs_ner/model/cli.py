"""``zs-ner train``: fine-tune the tagger from a YAML config (the same as ``scripts/train.py``)."""

from __future__ import annotations

import argparse
import logging
import sys


def cmd_train(args: argparse.Namespace) -> int:
    """Load and validate the config, train, and print where the model went."""
    from zs_ner.model.config import ConfigError, load_config

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config, args.override or [])
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from zs_ner.model.train import train

    try:
        result = train(config, output_dir=args.output, resume=args.resume)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    f1 = result.dev_scores.get("f1")
    score = f"dev micro F1 {f1:.3f}" if f1 is not None else "no dev set"
    print(f"model saved to {result.output_dir} (best epoch {result.best_epoch}, {score}, {result.train_seconds:.0f} s training)")
    return 0


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """The options shared by ``zs-ner train`` and ``scripts/train.py``."""
    parser.add_argument("--config", required=True, help="training config (YAML), e.g. configs/default.yaml")
    parser.add_argument("--output", help="model directory (default: output_dir from the config)")
    parser.add_argument(
        "--override",
        action="extend",
        nargs="+",
        metavar="KEY=VALUE",
        help="change config values, e.g. epochs=2 data.root=annotations augmentation.pinyin=0.3 (values are YAML)",
    )
    parser.add_argument("--resume", action="store_true", help="continue from the checkpoint of an interrupted run in the output dir")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``train`` to the CLI."""
    p = sub.add_parser("train", help="fine-tune the entity tagger from a YAML config")
    add_train_arguments(p)
    p.set_defaults(func=cmd_train)
