#!/usr/bin/env python
"""Evaluation report on held-out annotations (same as `zs-ner evaluate`)."""

import sys

from zs_ner.cli import main

if __name__ == "__main__":
    sys.exit(main(["evaluate", *sys.argv[1:]]))
