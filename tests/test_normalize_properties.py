"""Hypothesis property tests for zs_ner.normalize: the offset map is exact on arbitrary noisy text."""

from __future__ import annotations

import unicodedata

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from zs_ner.normalize import NormalizedText, NormalizerOptions, normalize

_T2S = opencc.OpenCC("t2s")

FRAGMENTS = st.one_of(
    st.sampled_from(list("雙鴨山市產業濟源縣區項目投資簽約招商引資公司有限集團华润万里润达薴苧")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from(["(chǎn)", "(yè)", "（jì）", "(qū)", "(lǜ)", "(cha\u030cn)", "(zhōng)(guó)"]),
    st.sampled_from(["?jiǎng)", "?(chuàng)", "？jiǎng）", "?", "？"]),
    st.sampled_from(["(市)", "(通讯员 蒋磊)", "(盱眙)", "(白雪摄)", "（2019年）", "(Shenzhen)", "(ABC)", "(1)", "?(记者问)", "(chan)"]),
    st.sampled_from(["\r\n", "\r", "\n", "\t", "\u00a0", "\u3000", "\u2028", "\u2002"]),
    st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]),
    st.characters(categories=["Cc"]),
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
    st.characters(exclude_categories=["Cs"]),
)
RAW_TEXT = st.lists(FRAGMENTS, max_size=30).map("".join)


def deletable(char: str) -> bool:
    """Independent oracle: only control and invisible format characters may vanish."""
    return unicodedata.category(char) in ("Cc", "Cf") and char not in "\n\t\r"


def is_han(char: str) -> bool:
    """Han ideographs as the normaliser defines them (CJK blocks, compatibility ideographs, 〇, planes 2-3)."""
    code = ord(char)
    return code == 0x3007 or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def simplified(char: str) -> str:
    """OpenCC t2s of one char, kept only when it stays one char, followed to a fixed point."""
    for _ in range(3):
        converted = _T2S.convert(char)
        if len(converted) != 1 or converted == char:
            break
        char = converted
    return char


def covering(norm: NormalizedText, raw_start: int, raw_end: int) -> list[int]:
    """Brute force: normalised chars whose raw run overlaps [raw_start, raw_end)."""
    return [i for i, (s, e) in enumerate(zip(norm.raw_starts, norm.raw_ends, strict=True)) if s < raw_end and e > raw_start]


@given(RAW_TEXT)
def test_runs_are_ordered_disjoint_and_in_bounds(raw: str) -> None:
    norm = normalize(raw)
    assert len(norm.text) == len(norm.raw_starts) == len(norm.raw_ends)
    previous_end = 0
    for start, end in zip(norm.raw_starts, norm.raw_ends, strict=True):
        assert previous_end <= start < end <= len(raw)
        previous_end = end


@given(RAW_TEXT)
def test_every_normalised_span_round_trips(raw: str) -> None:
    norm = normalize(raw)
    n = len(norm.text)
    for i in range(n):
        for j in range(i + 1, n + 1):
            assert norm.to_norm_span(*norm.to_raw_span(i, j)) == (i, j)


@given(RAW_TEXT, st.data())
def test_raw_spans_map_to_exactly_the_overlapping_chars(raw: str, data: st.DataObject) -> None:
    norm = normalize(raw)
    if not raw:
        return
    for _ in range(20):
        raw_start = data.draw(st.integers(0, len(raw) - 1))
        raw_end = data.draw(st.integers(raw_start + 1, len(raw)))
        chars = covering(norm, raw_start, raw_end)
        if not chars:
            try:
                norm.to_norm_span(raw_start, raw_end)
            except ValueError:
                continue
            raise AssertionError(f"[{raw_start}, {raw_end}) covers nothing but mapped")
        i, j = norm.to_norm_span(raw_start, raw_end)
        assert list(range(i, j)) == chars
        back_start, back_end = norm.to_raw_span(i, j)
        assert back_start == min(norm.raw_starts[k] for k in chars)
        assert back_end == max(norm.raw_ends[k] for k in chars)


@given(RAW_TEXT)
def test_only_invisible_and_control_chars_are_deleted(raw: str) -> None:
    norm = normalize(raw)
    covered = {k for s, e in zip(norm.raw_starts, norm.raw_ends, strict=True) for k in range(s, e)}
    for index, char in enumerate(raw):
        if index not in covered:
            assert deletable(char), f"{char!r} at {index} was deleted"


@given(RAW_TEXT)
def test_each_char_is_the_expected_image_of_its_run(raw: str) -> None:
    norm = normalize(raw)
    for char, start, end in zip(norm.text, norm.raw_starts, norm.raw_ends, strict=True):
        run = "".join(c for c in raw[start:end] if not deletable(c))
        if len(run) == 1:
            source = run
            if 0xFF01 <= ord(source) <= 0xFF5E:
                source = chr(ord(source) - 0xFEE0)
            if source in "\r\u2028\u2029":
                assert char == "\n"
            elif source == "\t" or unicodedata.category(source) == "Zs":
                assert char == " "
            elif source.isascii():
                assert char == source
            else:
                assert char == simplified(source)
        elif run == "\r\n":
            assert char == "\n"
        elif run[0] in "?？":
            assert char == "□" and run[-1] in ")）"
        else:
            assert is_han(run[0]) and run[1] in "(（" and run[-1] in ")）"
            assert char == simplified(run[0])


@given(RAW_TEXT)
def test_normalisation_is_idempotent(raw: str) -> None:
    once = normalize(raw)
    twice = normalize(once.text)
    assert twice.text == once.text
    assert twice.raw_starts == tuple(range(len(once.text)))
    assert twice.raw_ends == tuple(range(1, len(once.text) + 1))


@settings(max_examples=50)
@given(RAW_TEXT, st.booleans(), st.booleans(), st.booleans())
def test_map_invariants_hold_for_every_option_combination(raw: str, simplified: bool, pinyin: bool, width: bool) -> None:
    norm = normalize(raw, NormalizerOptions(to_simplified=simplified, strip_pinyin=pinyin, fold_width=width))
    previous_end = 0
    for start, end in zip(norm.raw_starts, norm.raw_ends, strict=True):
        assert previous_end <= start < end <= len(raw)
        previous_end = end
    assert "\r" not in norm.text
    assert not any(deletable(c) for c in norm.text)
