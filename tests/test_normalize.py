"""Table tests for zs_ner.normalize: each rule with exact text and exact raw offsets."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from zs_ner.normalize import (
    DEFAULT_LOST_CHAR_PLACEHOLDER,
    NORMALIZER_VERSION,
    NormalizedText,
    NormalizerOptions,
    is_toned_pinyin_syllable,
    length_preserving_char_map,
    normalize,
    pinyin_syllables,
)

EXAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "scraped_article_traditional.txt"
TONED_VOWELS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü")
LOST = DEFAULT_LOST_CHAR_PLACEHOLDER


def runs(norm: NormalizedText) -> list[str]:
    """The raw run behind every normalised char."""
    return [norm.raw[s:e] for s, e in zip(norm.raw_starts, norm.raw_ends, strict=True)]


def assert_one_to_one(norm: NormalizedText) -> None:
    assert norm.raw_starts == tuple(range(len(norm.raw)))
    assert norm.raw_ends == tuple(range(1, len(norm.raw) + 1))


# --- 1. pinyin insertions -------------------------------------------------------------------------


def test_pinyin_insertions_are_removed_and_covered_by_their_character() -> None:
    norm = normalize("產(chǎn)業(yè)")
    assert norm.text == "产业"
    assert norm.raw_starts == (0, 7)
    assert norm.raw_ends == (7, 12)
    assert runs(norm) == ["產(chǎn)", "業(yè)"]


def test_region_with_insertion_maps_back_to_whole_raw_span() -> None:
    raw = "项目落户濟(jì)源市高新区"
    norm = normalize(raw)
    assert norm.text == "项目落户济源市高新区"
    start = norm.text.index("济源市")
    assert norm.to_raw_span(start, start + 3) == (4, 11)
    assert raw[4:11] == "濟(jì)源市"


def test_span_ending_on_character_with_insertion_covers_the_insertion() -> None:
    raw = "黑龍江紫金銅業(yè)公司投資"
    norm = normalize(raw)
    assert norm.text == "黑龙江紫金铜业公司投资"
    s, e = norm.to_raw_span(0, 7)  # 黑龙江紫金铜业
    assert raw[s:e] == "黑龍江紫金銅業(yè)"
    s, e = norm.to_raw_span(0, 9)  # 黑龙江紫金铜业公司
    assert raw[s:e] == "黑龍江紫金銅業(yè)公司"


def test_full_width_parenthesised_insertion_is_removed() -> None:
    norm = normalize("產（chǎn）業（yè）園")
    assert norm.text == "产业园"
    assert runs(norm) == ["產（chǎn）", "業（yè）", "園"]


def test_decomposed_tone_marks_are_recognised() -> None:
    raw = "產(cha\u030cn)業"
    norm = normalize(raw)
    assert norm.text == "产业"
    assert norm.raw_ends == (8, 9)


def test_umlaut_syllable_without_tone_mark_counts_as_pinyin() -> None:
    norm = normalize("綠(lü)色")
    assert norm.text == "绿色"
    assert runs(norm) == ["綠(lü)", "色"]


def test_insertion_after_zero_width_space_still_belongs_to_the_character() -> None:
    raw = "產\u200b(chǎn)業"
    norm = normalize(raw)
    assert norm.text == "产业"
    assert norm.raw_starts == (0, 8)
    assert norm.raw_ends == (8, 9)


def test_consecutive_insertions_all_belong_to_the_character() -> None:
    norm = normalize("中(zhōng)(zhòng)國")
    assert norm.text == "中国"
    assert runs(norm) == ["中(zhōng)(zhòng)", "國"]


def test_insertion_inside_real_parentheses() -> None:
    raw = "分市縣(區(qū))兩級組建"
    norm = normalize(raw)
    assert norm.text == "分市县(区)两级组建"
    assert norm.raw_starts == (0, 1, 2, 3, 4, 9, 10, 11, 12, 13)
    assert norm.raw_ends == (1, 2, 3, 4, 9, 10, 11, 12, 13, 14)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("分市县(市)两级", "分市县(市)两级"),
        ("签约仪式(通讯员 蒋磊)", "签约仪式(通讯员 蒋磊)"),
        ("九州牧居(盱眙)酒店管理有限公司", "九州牧居(盱眙)酒店管理有限公司"),
        ("项目现场(白雪摄)", "项目现场(白雪摄)"),
        ("实现产值5亿元（2019年）", "实现产值5亿元(2019年)"),
        ("落户深圳(Shenzhen)", "落户深圳(Shenzhen)"),
        ("新材料公司(ABC)", "新材料公司(ABC)"),
        ("重点项目(1)", "重点项目(1)"),
        ("园区(chan)", "园区(chan)"),  # no tone mark
        ("园区(Chǎn)", "园区(Chǎn)"),  # not lowercase
        ("园区(chǎn yè)", "园区(chǎn yè)"),  # not one syllable
        ("园区(xǐǎ)", "园区(xǐǎ)"),  # two tone marks
        ("园区(gùi)", "园区(gùi)"),  # tone on the wrong vowel
        ("园区(café)", "园区(café)"),  # not a syllable
        ("ABC(chǎn)", "ABC(chǎn)"),  # not after a Han character
        ("项目 (chǎn)", "项目 (chǎn)"),  # space between character and parenthesis
    ],
)
def test_real_parentheses_are_kept(raw: str, expected: str) -> None:
    norm = normalize(raw)
    assert norm.text == expected
    if len(expected) == len(raw):
        assert_one_to_one(norm)


# --- 1b. damaged insertions -----------------------------------------------------------------------


def test_lost_characters_become_one_placeholder_each() -> None:
    raw = "要?jiǎng)?chuàng)新"
    norm = normalize(raw)
    assert norm.text == f"要{LOST}{LOST}新"
    assert norm.raw_starts == (0, 1, 8, 16)
    assert norm.raw_ends == (1, 8, 16, 17)
    assert runs(norm) == ["要", "?jiǎng)", "?chuàng)", "新"]


def test_lost_character_with_surviving_parenthesis() -> None:
    norm = normalize("大力?(chuàng)新")
    assert norm.text == f"大力{LOST}新"
    assert runs(norm) == ["大", "力", "?(chuàng)", "新"]


def test_lost_character_placeholder_is_configurable() -> None:
    norm = normalize("要?jiǎng)新", NormalizerOptions(lost_char_placeholder="\ufffd"))
    assert norm.text == "要\ufffd新"


@pytest.mark.parametrize(
    "raw",
    [
        "是否可行?(记者问)",
        "是否可行?jiǎng",  # no closing parenthesis
        "是否可行? (jiǎng)",
        "是否可行?(Jiǎng)",
        "实行市委常委包??h区招商",
    ],
)
def test_real_question_marks_are_kept(raw: str) -> None:
    norm = normalize(raw)
    assert norm.text == raw
    assert_one_to_one(norm)


def test_strip_pinyin_off_keeps_insertions_and_lost_runs() -> None:
    raw = "產(chǎn)業?jiǎng)"
    norm = normalize(raw, NormalizerOptions(strip_pinyin=False))
    assert norm.text == "产(chǎn)业?jiǎng)"
    assert_one_to_one(norm)


@pytest.mark.parametrize("syllable", ["chǎn", "yè", "jì", "qū", "zhuǎn", "lǜ", "nüè", "ér", "ōu", "guī", "liù", "xiōng", "ǎi"])
def test_toned_syllables_are_pinyin(syllable: str) -> None:
    assert is_toned_pinyin_syllable(syllable)


@pytest.mark.parametrize("candidate", ["chan", "Chǎn", "chǎnyè", "bǐá", "gùi", "líu", "qǘ", "fīng", "ABC", "ńg"])
def test_other_strings_are_not_pinyin(candidate: str) -> None:
    assert not is_toned_pinyin_syllable(candidate)


def test_syllable_inventory_has_standard_size_and_members() -> None:
    syllables = pinyin_syllables()
    assert 400 <= len(syllables) <= 420
    assert {"zhuang", "chuang", "shuang", "lüe", "nü", "er", "yong", "jiong", "dia"} <= syllables
    assert not {"juen", "bou", "fiao", "zhia"} & syllables


# --- 2. traditional -> simplified -----------------------------------------------------------------


def test_traditional_converted_character_by_character() -> None:
    raw = "雙鴨山市簽約華潤集團生物質發電項目"
    norm = normalize(raw)
    assert norm.text == "双鸭山市签约华润集团生物质发电项目"
    assert_one_to_one(norm)


def test_conversion_chain_is_resolved_to_simplified_form() -> None:
    assert normalize("薴").text == "苎"
    assert normalize("苧").text == "苎"


def test_length_changing_conversions_are_dropped() -> None:
    conversions = {"乾": "干", "甲": "乙丙", "一": "一", "薴": "苧", "苧": "苎"}
    assert length_preserving_char_map(conversions) == {"乾": "干", "薴": "苎", "苧": "苎"}


def test_supplementary_plane_conversion_maps_one_to_one() -> None:
    norm = normalize("㑮字")
    assert norm.text == "\U0002b748字"
    assert_one_to_one(norm)


def test_to_simplified_off_keeps_traditional() -> None:
    norm = normalize("雙鴨山市產(chǎn)業", NormalizerOptions(to_simplified=False))
    assert norm.text == "雙鴨山市產業"


# --- 3. width folding -----------------------------------------------------------------------------


def test_full_width_letters_digits_and_punctuation_fold_to_ascii() -> None:
    raw = "ＡＢＣ公司投资５．１亿元，占比３０％；（一期）：完成！是否？"
    norm = normalize(raw)
    assert norm.text == "ABC公司投资5.1亿元,占比30%;(一期):完成!是否?"
    assert_one_to_one(norm)


def test_cjk_punctuation_without_ascii_twin_is_kept() -> None:
    raw = "签约。引进、“万里润达”《惠企政策汇编》【版权】「项目」……——"
    norm = normalize(raw)
    assert norm.text == raw
    assert_one_to_one(norm)


def test_ideographic_space_becomes_space() -> None:
    norm = normalize("\u3000\u3000今年以来")
    assert norm.text == "  今年以来"
    assert_one_to_one(norm)


def test_fold_width_off_keeps_full_width_forms() -> None:
    raw = "ＡＢＣ公司，５亿元"
    assert normalize(raw, NormalizerOptions(fold_width=False)).text == raw


# --- 4. newlines, spaces, invisible and control characters, emoji ---------------------------------


def test_crlf_becomes_one_newline_covering_both() -> None:
    raw = "签约项目\r\n总投资5亿元"
    norm = normalize(raw)
    assert norm.text == "签约项目\n总投资5亿元"
    assert (norm.raw_starts[4], norm.raw_ends[4]) == (4, 6)
    assert norm.raw_starts[5] == 6


def test_lone_cr_and_unicode_line_separators_become_newline() -> None:
    norm = normalize("甲\r乙\u2028丙\u2029丁")
    assert norm.text == "甲\n乙\n丙\n丁"
    assert_one_to_one(norm)


def test_cr_before_line_separator_is_two_newlines() -> None:
    norm = normalize("甲\r\u2028乙")
    assert norm.text == "甲\n\n乙"
    assert_one_to_one(norm)


def test_tab_nbsp_and_unicode_spaces_become_space() -> None:
    raw = "投资\t5\u00a0亿元\u2002项目\u202f落地"
    norm = normalize(raw)
    assert norm.text == "投资 5 亿元 项目 落地"
    assert_one_to_one(norm)


def test_zero_width_characters_are_deleted_and_never_end_a_span() -> None:
    raw = "双鸭\u200b山市\ufeff"
    norm = normalize(raw)
    assert norm.text == "双鸭山市"
    assert norm.raw_starts == (0, 1, 3, 4)
    assert norm.raw_ends == (1, 2, 4, 5)
    assert norm.to_raw_span(0, 2) == (0, 2)
    assert norm.to_raw_span(0, 4) == (0, 5)


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\u00ad", "\u200e", "\u2060"])
def test_control_and_format_characters_are_deleted(control: str) -> None:
    norm = normalize(f"招商{control}引资")
    assert norm.text == "招商引资"
    assert norm.raw_starts == (0, 1, 3, 4)


def test_raw_span_of_only_deleted_characters_is_an_error() -> None:
    norm = normalize("双鸭\u200b\u200c山市")
    with pytest.raises(ValueError, match="covers no normalised character"):
        norm.to_norm_span(2, 4)


def test_emoji_survive_one_to_one() -> None:
    raw = "点赞😀项目签约🎉"
    norm = normalize(raw)
    assert norm.text == raw
    assert_one_to_one(norm)
    assert norm.to_raw_span(2, 3) == (2, 3)


# --- 5. identity ----------------------------------------------------------------------------------


def test_normal_simplified_text_is_identity() -> None:
    raw = (
        "本报讯 4月16日,齐齐哈尔市富拉尔基区与黑龙江紫金铜业有限公司签订铜冶炼项目合作协议,"
        "项目总投资45亿元。\n九州牧居(盱眙)酒店管理有限公司投资5000万元的装配式建筑项目同日开工。"
    )
    norm = normalize(raw)
    assert norm.is_identity
    assert norm.text == raw
    assert_one_to_one(norm)


def test_normalising_twice_changes_nothing() -> None:
    once = normalize("雙鴨山市\u200b產(chǎn)業(yè)，投資５億元\r\n要?jiǎng)?chuàng)新")
    twice = normalize(once.text)
    assert twice.is_identity
    assert_one_to_one(twice)


# --- span mapping ---------------------------------------------------------------------------------


def test_raw_span_inside_an_insertion_maps_to_its_character() -> None:
    norm = normalize("產(chǎn)業(yè)")
    assert norm.to_norm_span(2, 4) == (0, 1)  # "hǎ" inside "(chǎn)"
    assert norm.to_norm_span(5, 9) == (0, 2)  # "n)業(" straddles both runs


@pytest.mark.parametrize(("start", "end"), [(0, 0), (2, 1), (-1, 1), (0, 3)])
def test_invalid_normalised_spans_raise(start: int, end: int) -> None:
    norm = normalize("产业")
    with pytest.raises(ValueError):
        norm.to_raw_span(start, end)


@pytest.mark.parametrize(("start", "end"), [(3, 3), (4, 2), (-1, 2), (0, 13)])
def test_invalid_raw_spans_raise(start: int, end: int) -> None:
    norm = normalize("產(chǎn)業(yè)")
    with pytest.raises(ValueError):
        norm.to_norm_span(start, end)


def test_mismatched_offset_map_is_rejected() -> None:
    with pytest.raises(ValueError, match="length mismatch"):
        NormalizedText(raw="产业", text="产业", raw_starts=(0,), raw_ends=(1, 2))


def test_non_string_input_is_rejected() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        normalize(b"\xe4\xba\xa7")  # type: ignore[arg-type]


# --- options --------------------------------------------------------------------------------------


def test_options_round_trip_through_dict() -> None:
    options = NormalizerOptions(to_simplified=False, lost_char_placeholder="?")
    assert NormalizerOptions.from_dict(options.to_dict()) == options


def test_unknown_option_is_rejected() -> None:
    with pytest.raises(ValueError, match="to_simplfied"):
        NormalizerOptions.from_dict({"to_simplfied": True})


@pytest.mark.parametrize("placeholder", ["", "??", " ", "\u200b"])
def test_placeholder_must_be_one_visible_character(placeholder: str) -> None:
    with pytest.raises(ValueError, match="lost_char_placeholder"):
        NormalizerOptions(lost_char_placeholder=placeholder)


def test_version_is_a_non_empty_string() -> None:
    assert isinstance(NORMALIZER_VERSION, str) and NORMALIZER_VERSION


# --- the real scraped example ---------------------------------------------------------------------

needs_example = pytest.mark.skipif(not EXAMPLE.is_file(), reason=f"example article not found at {EXAMPLE}")


@pytest.fixture(scope="module")
def example() -> NormalizedText:
    return normalize(EXAMPLE.read_text(encoding="utf-8"))


@needs_example
def test_example_has_no_pinyin_left(example: NormalizedText) -> None:
    assert "(chǎn)" in example.raw
    assert not TONED_VOWELS & set(example.text)


@needs_example
def test_example_city_maps_back_to_traditional(example: NormalizedText) -> None:
    start = example.text.index("双鸭山市")
    s, e = example.to_raw_span(start, start + 4)
    assert example.raw[s:e] == "雙鴨山市"
    assert example.to_norm_span(s, e) == (start, start + 4)


@needs_example
def test_example_every_chanye_maps_back_with_its_insertions(example: NormalizedText) -> None:
    starts = [m.start() for m in re.finditer("产业", example.text)]
    assert len(starts) > 10
    for start in starts:
        s, e = example.to_raw_span(start, start + 2)
        assert example.raw[s:e] == "產(chǎn)業(yè)"


@needs_example
def test_example_real_parentheses_and_question_marks_stay(example: NormalizedText) -> None:
    assert "分市县(区)两级" in example.text
    assert example.text.count("九州牧居(盱眙)酒店管理有限公司") == 2
    assert "(国林岳杨军记者任志勇王宗华文/摄)" in example.text
    assert "包??h区" in example.text
    assert "【版权及免责声明】" in example.text
    assert "“中国产业经济信息网”" in example.text


@needs_example
def test_example_normalises_fast() -> None:
    raw = EXAMPLE.read_text(encoding="utf-8")
    normalize(raw)  # build the cached tables outside the timing
    began = time.perf_counter()
    for _ in range(50):
        normalize(raw)
    assert time.perf_counter() - began < 2.0
