"""Batched forward passes over many documents: windows from all texts share batches, scores merge back per text.

Used by the :class:`~zs_ner.model.extractor.Extractor` and by dev evaluation during training. Windows
are sorted by length before batching so padding stays small; on CUDA the forward runs under fp16
autocast, on CPU in fp32. Always in eval mode and without gradients, so results are deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

import numpy as np

from zs_ner.model.char_encoding import CharEncoder
from zs_ner.model.windows import Window, merge_window_scores, plan_windows


def resolve_device(device: str = "auto") -> Any:
    """A ``torch.device``: ``auto`` picks CUDA when present, else CPU; anything else is used as given."""
    import torch

    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    resolved = torch.device(device)
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {device!r} requested but CUDA is not available")
    return resolved


def predict_char_probs(
    model: Any,
    encoder: CharEncoder,
    texts: Sequence[str],
    max_length: int,
    stride: int,
    batch_size: int = 16,
    progress: bool = False,
) -> list[np.ndarray]:
    """Per-character tag probabilities ``(len(text), n_tags)`` for each text (normalised text in, one array out)."""
    import torch
    from tqdm import tqdm

    device = next(model.parameters()).device
    items: list[tuple[int, Window, list[int]]] = []
    for index, text in enumerate(texts):
        ids = encoder.encode(text)
        for window in plan_windows(len(ids), max_length, stride):
            items.append((index, window, ids[window.start : window.end]))
    order = sorted(range(len(items)), key=lambda k: -len(items[k][1]))
    results: list[np.ndarray | None] = [None] * len(items)
    autocast = torch.autocast("cuda", dtype=torch.float16) if device.type == "cuda" else nullcontext()
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode(), autocast:
            for first in tqdm(range(0, len(order), batch_size), desc="windows", unit="batch", disable=not progress):
                batch = order[first : first + batch_size]
                width = len(items[batch[0]][1]) + 2
                input_ids = torch.full((len(batch), width), encoder.pad_id, dtype=torch.long)
                attention = torch.zeros((len(batch), width), dtype=torch.long)
                for row, k in enumerate(batch):
                    chars = items[k][2]
                    input_ids[row, : len(chars) + 2] = torch.tensor([encoder.cls_id, *chars, encoder.sep_id])
                    attention[row, : len(chars) + 2] = 1
                logits = model(input_ids=input_ids.to(device), attention_mask=attention.to(device)).logits
                probs = torch.softmax(logits.float(), dim=-1).cpu().numpy()
                for row, k in enumerate(batch):
                    results[k] = probs[row, 1 : len(items[k][1]) + 1]
    finally:
        model.train(was_training)
    n_tags = int(model.config.num_labels)
    by_text: dict[int, list[int]] = {}
    for k, (index, _, _) in enumerate(items):
        by_text.setdefault(index, []).append(k)
    merged = []
    for index, text in enumerate(texts):
        mine = by_text.get(index, [])
        if not mine:
            merged.append(np.zeros((0, n_tags), dtype=np.float32))
            continue
        scores = [results[k] for k in mine]
        merged.append(merge_window_scores(len(text), [items[k][1] for k in mine], scores))  # type: ignore[arg-type]
    return merged
