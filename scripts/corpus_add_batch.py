#!/usr/bin/env python
"""Add a linted markup batch to annotations/ (same as `zs-ner corpus add MARKUP --name NAME`)."""

import sys

from zs_ner.cli import main

if __name__ == "__main__":
    sys.exit(main(["corpus", "add", *sys.argv[1:]]))
