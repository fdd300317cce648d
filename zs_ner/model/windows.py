"""Overlapping windows over long documents and merging per-window scores back into one per-character array.

A window holds ``max_length - 2`` characters (room for ``[CLS]`` and ``[SEP]``); consecutive windows
overlap by ``stride`` characters and the last one is aligned to the end of the text, so every character
is read. When merging, each character takes the scores of the window in which it has the most context
on its nearer side (a document edge counts as unlimited context), so an entity cut by one window's edge
is read from the neighbouring window where it sits in the middle. Decoding then runs once over the
whole document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: ``[CLS]`` and ``[SEP]`` take two positions of every window.
SPECIAL_TOKENS = 2


@dataclass(frozen=True)
class Window:
    """Characters ``[start, end)`` of a document read together in one model input."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def window_capacity(max_length: int, stride: int) -> int:
    """Characters per window for ``max_length`` tokens; checks that ``stride`` leaves the windows advancing."""
    size = max_length - SPECIAL_TOKENS
    if size < 1:
        raise ValueError(f"max_length {max_length} leaves no room for characters besides [CLS] and [SEP]")
    if not 0 <= stride < size:
        raise ValueError(f"stride {stride} must be >= 0 and smaller than max_length - {SPECIAL_TOKENS} = {size}")
    return size


def plan_windows(length: int, max_length: int, stride: int) -> list[Window]:
    """Windows covering ``length`` characters, overlapping by at least ``stride``; none for empty text."""
    size = window_capacity(max_length, stride)
    if length <= 0:
        return []
    if length <= size:
        return [Window(0, length)]
    starts = list(range(0, length - size, size - stride)) + [length - size]
    return [Window(start, start + size) for start in starts]


def merge_window_scores(length: int, windows: Sequence[Window], scores: Sequence[np.ndarray]) -> np.ndarray:
    """One ``(length, n_tags)`` array from per-window arrays, each character taken from its best-context window."""
    if len(windows) != len(scores):
        raise ValueError(f"{len(windows)} windows but {len(scores)} score arrays")
    if length == 0:
        width = scores[0].shape[1] if scores else 0
        return np.zeros((0, width), dtype=np.float32)
    merged = np.zeros((length, scores[0].shape[1]), dtype=np.float32)
    best = np.full(length, -1, dtype=np.int64)
    unlimited = length + 1
    for window, window_scores in zip(windows, scores, strict=True):
        if window_scores.shape[0] != len(window):
            raise ValueError(f"window [{window.start}, {window.end}) has {window_scores.shape[0]} score rows")
        positions = np.arange(window.start, window.end)
        left = positions - window.start if window.start > 0 else np.full(len(window), unlimited)
        right = window.end - 1 - positions if window.end < length else np.full(len(window), unlimited)
        context = np.minimum(left, right)
        take = context > best[positions]
        merged[positions[take]] = window_scores[take]
        best[positions[take]] = context[take]
    if (best < 0).any():
        missing = int(np.flatnonzero(best < 0)[0])
        raise ValueError(f"character {missing} is covered by no window")
    return merged
