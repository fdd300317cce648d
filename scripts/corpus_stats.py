#!/usr/bin/env python
"""Regenerate reports/corpus_stats.md from annotations/ (same as `zs-ner corpus stats`)."""

import sys

from zs_ner.cli import main

if __name__ == "__main__":
    sys.exit(main(["corpus", "stats", *sys.argv[1:]]))
