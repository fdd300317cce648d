#!/usr/bin/env python
"""Speed benchmark (same as `zs-ner benchmark`): inference chars/s at batch sizes 1/8/32, training speed."""

import sys

from zs_ner.cli import main

if __name__ == "__main__":
    sys.exit(main(["benchmark", *sys.argv[1:]]))
