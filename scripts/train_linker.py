#!/usr/bin/env python
"""Train the learned relation linker: ``python scripts/train_linker.py --data annotations --out DIR``.

The same as ``zs-ner linker train``; compare it with the rules by ``zs-ner linker evaluate --linker DIR``.
"""

import sys

from zs_ner.cli import main

if __name__ == "__main__":
    sys.exit(main(["linker", "train", *sys.argv[1:]]))
