#!/usr/bin/env python
"""Money-parser report over the corpus and the facts (same as `zs-ner corpus money-report`)."""

import sys

from zs_ner.cli import main

if __name__ == "__main__":
    sys.exit(main(["corpus", "money-report", *sys.argv[1:]]))
