"""The project's own annotated corpus (annotations/), its fixed split, and auxiliary public sources."""

from zs_ner.corpus.split import SPLITS, assign_split, load_corpus, load_split, read_split_file, update_split_file

__all__ = ["SPLITS", "assign_split", "load_corpus", "load_split", "read_split_file", "update_split_file"]
