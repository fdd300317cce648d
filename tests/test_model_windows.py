"""Overlapping windows over long documents and merging their scores without cutting entities."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from zs_ner.model.base_model import M3E_SMALL, load_tokenizer
from zs_ner.model.bio import decode, default_tags
from zs_ner.model.char_encoding import CharEncoder
from zs_ner.model.inference import predict_char_probs
from zs_ner.model.windows import Window, merge_window_scores, plan_windows

TAGS = default_tags()


def test_short_text_is_one_window() -> None:
    assert plan_windows(20, max_length=34, stride=8) == [Window(0, 20)]


def test_empty_text_has_no_windows() -> None:
    assert plan_windows(0, max_length=34, stride=8) == []


def test_windows_cover_every_character_with_the_requested_overlap() -> None:
    windows = plan_windows(100, max_length=34, stride=8)
    assert windows[0].start == 0 and windows[-1].end == 100
    assert all(len(w) == 32 for w in windows)
    for a, b in zip(windows, windows[1:], strict=False):
        assert a.end - b.start >= 8
    covered = set().union(*(range(w.start, w.end) for w in windows))
    assert covered == set(range(100))


def test_stride_must_leave_windows_advancing() -> None:
    with pytest.raises(ValueError, match="stride"):
        plan_windows(100, max_length=34, stride=32)


def test_merge_takes_each_character_from_the_window_where_it_has_most_context() -> None:
    windows = [Window(0, 10), Window(6, 16)]
    scores = [np.full((10, 2), 1.0), np.full((10, 2), 2.0)]
    merged = merge_window_scores(16, windows, scores)
    # char 7: 2 chars of right context in the first window, 1 of left context in the second.
    assert merged[:, 0].tolist() == [1.0] * 8 + [2.0] * 8


def test_merge_rejects_uncovered_characters() -> None:
    with pytest.raises(ValueError, match="covered by no window"):
        merge_window_scores(12, [Window(0, 10)], [np.zeros((10, 2))])


class EdgeBlindAmountModel(torch.nn.Module):
    """A stand-in tagger: tags digits/亿/万/元 runs as AMOUNT, but sees nothing within ``edge`` chars of a window edge."""

    def __init__(self, amount_ids: set[int], edge: int):
        super().__init__()
        self.anchor = torch.nn.Parameter(torch.zeros(1))
        self.config = SimpleNamespace(num_labels=len(TAGS))
        self.amount_ids = amount_ids
        self.edge = edge

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> SimpleNamespace:
        logits = torch.full((*input_ids.shape, len(TAGS)), -5.0)
        logits[..., TAGS.index("O")] = 5.0
        for row in range(input_ids.shape[0]):
            ids = input_ids[row].tolist()
            length = int(attention_mask[row].sum()) - 2
            for p in range(1, length + 1):
                if min(p - 1, length - p) < self.edge or ids[p] not in self.amount_ids:
                    continue
                tag = "I-AMOUNT" if ids[p - 1] in self.amount_ids else "B-AMOUNT"
                logits[row, p] = -5.0
                logits[row, p, TAGS.index(tag)] = 5.0
        return SimpleNamespace(logits=logits)


def test_long_document_decodes_entities_straddling_window_edges() -> None:
    encoder = CharEncoder(load_tokenizer(M3E_SMALL))
    model = EdgeBlindAmountModel({encoder.char_id(c) for c in "0123456789.亿万元"}, edge=3)
    sentences = [
        "本报讯今年以来全市新签约项目",
        "总投资26.44亿元，",
        "其中铜冶炼项目投资10亿元，",
        "矿山生态修复项目投资150.33亿元，",
        "到位资金5000万元。",
    ]
    text = "".join(sentences * 6) + "各项工作稳步推进。"
    windows = plan_windows(len(text), max_length=34, stride=12)
    gold = [(m.start(), m.end()) for m in re.finditer(r"[0-9.]+[亿万]元", text)]
    assert len(windows) >= 10
    assert any(w.start < s < w.end < e for w in windows for s, e in gold), "no amount straddles a window edge"

    (probs,) = predict_char_probs(model, encoder, [text], max_length=34, stride=12, batch_size=4)
    spans = decode(probs, TAGS)
    assert [(s.start, s.end, s.label) for s in spans] == [(s, e, "AMOUNT") for s, e in gold]


def test_texts_are_batched_together_and_returned_in_order() -> None:
    encoder = CharEncoder(load_tokenizer(M3E_SMALL))
    model = EdgeBlindAmountModel({encoder.char_id(c) for c in "0123456789.亿万元"}, edge=0)
    texts = ["签约额150.33亿元", "", "总投资26.44亿元的铜冶炼项目" * 4]
    results = predict_char_probs(model, encoder, texts, max_length=34, stride=12, batch_size=2)
    assert [r.shape for r in results] == [(len(t), len(TAGS)) for t in texts]
    assert [(s.start, s.end) for s in decode(results[0], TAGS)] == [(3, 11)]
