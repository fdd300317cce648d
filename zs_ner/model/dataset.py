"""Documents → normalised, tagged characters → windowed model inputs (a ``datasets.Dataset``).

Gold spans are stored on raw text; they are mapped onto the normalised text with
``NormalizedText.to_norm_span`` before tagging. Each window becomes one row:
``[CLS] chars… [SEP]`` with a BIO tag id per character and ``-100`` on the special tokens.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zs_ner.document import Document
from zs_ner.model.bio import spans_to_tags
from zs_ner.model.char_encoding import CharEncoder
from zs_ner.model.windows import plan_windows
from zs_ner.normalize import NormalizerOptions, normalize

log = logging.getLogger(__name__)

#: Label id that the loss ignores (special tokens, padding).
IGNORE_INDEX = -100


@dataclass
class TaggedText:
    """A document's normalised text with one tag per character; ``dropped`` counts gold entities lost in normalisation."""

    doc_id: str
    text: str
    tags: list[str]
    dropped: int = 0


def tag_document(doc: Document, options: NormalizerOptions | None = None) -> TaggedText:
    """Normalise ``doc`` and tag its gold entities on the normalised text (IOB2, one tag per character)."""
    norm = normalize(doc.text, options)
    spans: list[tuple[int, int, str]] = []
    dropped = 0
    taken = [False] * len(norm.text)
    for ent in doc.sorted_entities():
        try:
            start, end = norm.to_norm_span(ent.start, ent.end)
        except ValueError:
            dropped += 1
            log.warning("[%s] entity %s %r covers no normalised character; left out", doc.id, ent.id, ent.text)
            continue
        if any(taken[start:end]):
            dropped += 1
            log.warning("[%s] entity %s %r overlaps another after normalisation; left out", doc.id, ent.id, ent.text)
            continue
        taken[start:end] = [True] * (end - start)
        spans.append((start, end, ent.label))
    return TaggedText(doc.id, norm.text, spans_to_tags(len(norm.text), spans), dropped)


def window_rows(
    tagged: TaggedText, encoder: CharEncoder, tag_ids: dict[str, int], max_length: int, stride: int
) -> list[dict[str, list[int]]]:
    """Model input rows (``input_ids``, ``attention_mask``, ``labels``) for every window of one document."""
    ids = encoder.encode(tagged.text)
    labels = [tag_ids[tag] for tag in tagged.tags]
    rows = []
    for window in plan_windows(len(ids), max_length, stride):
        row_ids = [encoder.cls_id, *ids[window.start : window.end], encoder.sep_id]
        rows.append(
            {
                "input_ids": row_ids,
                "attention_mask": [1] * len(row_ids),
                "labels": [IGNORE_INDEX, *labels[window.start : window.end], IGNORE_INDEX],
            }
        )
    return rows


def build_dataset(
    docs: Sequence[Document],
    encoder: CharEncoder,
    tags: Sequence[str],
    max_length: int,
    stride: int,
    options: NormalizerOptions | None = None,
) -> Any:
    """A ``datasets.Dataset`` of windowed rows for ``docs`` (normalised and tagged first)."""
    from datasets import Dataset

    tag_ids = {tag: i for i, tag in enumerate(tags)}
    columns: dict[str, list[list[int]]] = {"input_ids": [], "attention_mask": [], "labels": []}
    for doc in docs:
        for row in window_rows(tag_document(doc, options), encoder, tag_ids, max_length, stride):
            for key, value in row.items():
                columns[key].append(value)
    return Dataset.from_dict(columns)


def collate(rows: Sequence[dict[str, list[int]]], pad_id: int) -> dict[str, Any]:
    """Pad a batch of rows to its longest row; returns ``torch`` tensors ready for the model."""
    import torch

    width = max(len(row["input_ids"]) for row in rows)
    batch: dict[str, Any] = {}
    for key, fill in (("input_ids", pad_id), ("attention_mask", 0), ("labels", IGNORE_INDEX)):
        if key in rows[0]:
            batch[key] = torch.tensor([list(row[key]) + [fill] * (width - len(row[key])) for row in rows], dtype=torch.long)
    return batch
