#!/usr/bin/env python
"""Train the entity tagger: ``python scripts/train.py --config configs/default.yaml [--output DIR] [--override k=v …]``.

The same as ``zs-ner train``; see ``zs_ner/model/cli.py``.
"""

from __future__ import annotations

import argparse
import sys

from zs_ner.model.cli import add_train_arguments, cmd_train


def main() -> int:
    """Parse the arguments and run training."""
    parser = argparse.ArgumentParser(description=__doc__)
    add_train_arguments(parser)
    return cmd_train(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
