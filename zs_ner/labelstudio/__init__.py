"""Label Studio integration: labeling config, export reader, task writer, SDK client and CLI."""

from zs_ner.labelstudio.client import LabelStudioError, LabelStudioServer
from zs_ner.labelstudio.config import check_config, labeling_config
from zs_ner.labelstudio.export_reader import read_export, read_tasks
from zs_ner.labelstudio.task_writer import document_to_task, documents_to_tasks, write_tasks

__all__ = [
    "LabelStudioError",
    "LabelStudioServer",
    "check_config",
    "document_to_task",
    "documents_to_tasks",
    "labeling_config",
    "read_export",
    "read_tasks",
    "write_tasks",
]
