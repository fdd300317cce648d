"""Scoring predicted documents against gold annotations and writing reports."""

from zs_ner.evaluation.metrics import entity_scores, pair_documents, relation_scores, seqeval_scores
from zs_ner.evaluation.report import compare_reports, evaluate_documents, write_report

__all__ = ["compare_reports", "entity_scores", "evaluate_documents", "pair_documents", "relation_scores", "seqeval_scores", "write_report"]
