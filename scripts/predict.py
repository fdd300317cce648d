#!/usr/bin/env python
"""Batch inference (same as `zs-ner predict`)."""

import sys

from zs_ner.cli import main

if __name__ == "__main__":
    sys.exit(main(["predict", *sys.argv[1:]]))
