"""Character-level BIO tags over normalised text: spans ↔ tags, and constrained Viterbi decoding.

Every character is its own token (digits and Latin letters included), so a span may start or end
anywhere, e.g. inside ``26.44亿元`` or ``温7区域``. Decoding never produces an ``I-X`` that does not
continue a ``B-X``/``I-X``: it runs Viterbi over per-character log-probabilities with those
transitions forbidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from zs_ner.schema import bio_labels

OUTSIDE = "O"


@dataclass(frozen=True)
class TagSpan:
    """A decoded span ``[start, end)`` over the tagged characters, with its label and a 0–1 score."""

    start: int
    end: int
    label: str
    score: float = 1.0


def default_tags() -> list[str]:
    """The project's tag set (``O`` first, then ``B-``/``I-`` per entity label)."""
    return bio_labels()


def spans_to_tags(length: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for ``length`` characters; ``spans`` are ``(start, end, label)`` and must not overlap."""
    tags = [OUTSIDE] * length
    for start, end, label in sorted(spans):
        if not 0 <= start < end <= length:
            raise ValueError(f"span [{start}, {end}) {label} is empty or outside [0, {length}]")
        if any(tag != OUTSIDE for tag in tags[start:end]):
            raise ValueError(f"span [{start}, {end}) {label} overlaps another span")
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


def tags_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, label)`` of an IOB2 tag sequence; a stray ``I-X`` starts a new span (lenient)."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, OUTSIDE]):
        prefix, _, tag_label = tag.partition("-")
        continues = prefix == "I" and start is not None and tag_label == label
        if start is not None and not continues:
            spans.append((start, i, label))
            start = None
        if prefix in ("B", "I") and not continues:
            start, label = i, tag_label
    return spans


def transition_mask(tags: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(allowed[prev, next], allowed_start[next])`` for IOB2: ``I-X`` only after ``B-X`` or ``I-X``."""
    n = len(tags)
    allowed = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for j, nxt in enumerate(tags):
        prefix, _, label = nxt.partition("-")
        if prefix != "I":
            continue
        start[j] = False
        for i, prev in enumerate(tags):
            allowed[i, j] = prev in (f"B-{label}", f"I-{label}")
    return allowed, start


def viterbi(log_probs: np.ndarray, tags: Sequence[str]) -> list[int]:
    """Best tag ids for ``log_probs`` of shape ``(length, len(tags))`` under the IOB2 transition constraints."""
    length, n = log_probs.shape
    if n != len(tags):
        raise ValueError(f"log_probs has {n} columns for {len(tags)} tags")
    if length == 0:
        return []
    allowed, allowed_start = transition_mask(tags)
    penalty = np.where(allowed, 0.0, -np.inf)
    scores = np.where(allowed_start, log_probs[0].astype(np.float64), -np.inf)
    backpointers = np.zeros((length, n), dtype=np.int64)
    for t in range(1, length):
        candidates = scores[:, None] + penalty  # (prev, next)
        backpointers[t] = candidates.argmax(axis=0)
        scores = candidates.max(axis=0) + log_probs[t]
    best = [int(scores.argmax())]
    for t in range(length - 1, 0, -1):
        best.append(int(backpointers[t, best[-1]]))
    return best[::-1]


def decode(probs: np.ndarray, tags: Sequence[str]) -> list[TagSpan]:
    """Constrained decoding of per-character probabilities ``(length, len(tags))`` into scored spans.

    A span's score is the mean probability of the tags chosen for its characters.
    """
    if len(probs) == 0:
        return []
    log_probs = np.log(np.clip(probs, 1e-12, 1.0))
    path = viterbi(log_probs, tags)
    chosen = probs[np.arange(len(path)), path]
    return [TagSpan(start, end, label, float(chosen[start:end].mean())) for start, end, label in tags_to_spans([tags[i] for i in path])]
