"""Character-level BIO tags: spans ↔ tags and constrained Viterbi decoding."""

from __future__ import annotations

import numpy as np
import pytest

from zs_ner.model.bio import decode, default_tags, spans_to_tags, tags_to_spans, transition_mask, viterbi

TAGS = default_tags()
TEXT = "齐齐哈尔市富拉尔基区签订铜冶炼项目,总投资26.44亿元。"


def probs_from_tags(tags: list[str], confidence: float = 0.9) -> np.ndarray:
    """Per-character probabilities that put ``confidence`` on the given tag and spread the rest."""
    out = np.full((len(tags), len(TAGS)), (1 - confidence) / (len(TAGS) - 1))
    for i, tag in enumerate(tags):
        out[i, TAGS.index(tag)] = confidence
    return out


def test_spans_to_tags_marks_each_character() -> None:
    spans = [(0, 10, "REGION"), (12, 17, "PROJECT"), (21, 28, "AMOUNT")]
    tags = spans_to_tags(len(TEXT), spans)
    assert TEXT[21:28] == "26.44亿元"
    assert tags[:11] == ["B-REGION"] + ["I-REGION"] * 9 + ["O"]
    assert tags[21:29] == ["B-AMOUNT"] + ["I-AMOUNT"] * 6 + ["O"]


def test_round_trip_keeps_spans_that_start_or_end_next_to_digits() -> None:
    text = "温北油田温7区域油气勘探开发建设项目总投资26.44亿元"
    spans = [(4, 8, "REGION"), (8, 18, "PROJECT"), (21, 28, "AMOUNT")]
    assert [text[s:e] for s, e, _ in spans] == ["温7区域", "油气勘探开发建设项目", "26.44亿元"]
    assert tags_to_spans(spans_to_tags(len(text), spans)) == spans


def test_overlapping_spans_are_rejected() -> None:
    with pytest.raises(ValueError, match="overlaps"):
        spans_to_tags(10, [(0, 6, "PROJECT"), (4, 8, "REGION")])


def test_adjacent_spans_of_the_same_label_stay_apart() -> None:
    tags = spans_to_tags(6, [(0, 3, "REGION"), (3, 6, "REGION")])
    assert tags == ["B-REGION", "I-REGION", "I-REGION", "B-REGION", "I-REGION", "I-REGION"]
    assert tags_to_spans(tags) == [(0, 3, "REGION"), (3, 6, "REGION")]


def test_span_outside_text_is_rejected() -> None:
    with pytest.raises(ValueError, match="outside"):
        spans_to_tags(5, [(3, 8, "AMOUNT")])


def test_tags_to_spans_treats_stray_inside_tag_as_a_start() -> None:
    assert tags_to_spans(["O", "I-AMOUNT", "I-AMOUNT", "B-REGION", "I-PROJECT"]) == [(1, 3, "AMOUNT"), (3, 4, "REGION"), (4, 5, "PROJECT")]


def test_transition_mask_forbids_inside_without_its_begin() -> None:
    allowed, start = transition_mask(TAGS)
    o, b_amount, i_amount, b_region = (TAGS.index(t) for t in ("O", "B-AMOUNT", "I-AMOUNT", "B-REGION"))
    assert not allowed[o, i_amount]
    assert not allowed[b_region, i_amount]
    assert allowed[b_amount, i_amount]
    assert allowed[i_amount, i_amount]
    assert allowed[i_amount, o]
    assert not start[i_amount]
    assert start[b_amount]


def test_decoding_never_starts_an_amount_with_an_inside_tag() -> None:
    # Greedy argmax would give O, I-AMOUNT, I-AMOUNT: an entity with no beginning.
    probs = probs_from_tags(["O", "I-AMOUNT", "I-AMOUNT"], confidence=0.6)
    probs[1, TAGS.index("B-AMOUNT")] = 0.35
    path = [TAGS[i] for i in viterbi(np.log(probs), TAGS)]
    assert path == ["O", "B-AMOUNT", "I-AMOUNT"]
    assert [(s.start, s.end, s.label) for s in decode(probs, TAGS)] == [(1, 3, "AMOUNT")]


def test_decoding_at_text_start_replaces_inside_tag() -> None:
    probs = probs_from_tags(["I-REGION", "I-REGION", "O"], confidence=0.5)
    probs[0, TAGS.index("B-REGION")] = 0.4
    assert [(s.start, s.end, s.label) for s in decode(probs, TAGS)] == [(0, 2, "REGION")]


def test_decoding_does_not_continue_a_different_label() -> None:
    probs = probs_from_tags(["B-COMPANY", "I-COMPANY", "I-PROJECT", "I-PROJECT"], confidence=0.6)
    path = [TAGS[i] for i in viterbi(np.log(probs), TAGS)]
    for prev, nxt in zip(path, path[1:], strict=False):
        if nxt.startswith("I-"):
            assert prev[2:] == nxt[2:] and prev != "O"


def test_decode_recovers_gold_spans_with_mean_probability_scores() -> None:
    gold = [(0, 10, "REGION"), (12, 17, "PROJECT"), (21, 28, "AMOUNT")]
    probs = probs_from_tags(spans_to_tags(len(TEXT), gold), confidence=0.8)
    probs[22, :] = 0.05
    probs[22, TAGS.index("I-AMOUNT")] = 0.6
    spans = decode(probs, TAGS)
    assert [(s.start, s.end, s.label) for s in spans] == gold
    assert spans[0].score == pytest.approx(0.8)
    assert spans[2].score == pytest.approx((0.8 * 6 + 0.6) / 7)


def test_decode_of_empty_text_is_empty() -> None:
    assert decode(np.zeros((0, len(TAGS))), TAGS) == []
