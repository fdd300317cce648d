"""After the tagger: parse amounts, link entities into relations, and build one row per project."""

from zs_ner.postprocess.amounts import annotate_amounts
from zs_ner.postprocess.pipeline import postprocess
from zs_ner.postprocess.project_table import ProjectRecord, project_rows, project_table

__all__ = ["ProjectRecord", "annotate_amounts", "postprocess", "project_rows", "project_table"]
