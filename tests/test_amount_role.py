"""Tests for zs_ner.amount_role: the role of an amount from the cue words in its clause."""

from __future__ import annotations

import pytest

from zs_ner.amount_role import AMOUNT_ROLES, ROLE_CUES, amount_role


def _role(sentence: str, amount: str, occurrence: int = 0) -> str:
    """Role of the ``occurrence``-th appearance of ``amount`` in ``sentence``."""
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(amount, start + 1)
    return amount_role(sentence, start, start + len(amount))


@pytest.mark.parametrize(
    ("sentence", "amount", "role"),
    [
        ("富拉尔基区引进投资额26.44亿元的铜冶炼建设项目正式开工。", "26.44亿元", "investment"),
        ("该项目总投资15亿元，占地300亩，主要建设智能化生产线。", "15亿元", "investment"),
        ("宁德时代拟投资120亿元在洛阳建设新能源电池生产基地。", "120亿元", "investment"),
        ("本次集中签约项目28个，签约总额达356.8亿元。", "356.8亿元", "contract"),
        ("全市上半年协议引资1030.16亿元，同比增长12.3%。", "1030.16亿元", "contract"),
        ("双方签订合同金额2亿美元的设备采购协议。", "2亿美元", "contract"),
        ("项目达产后可实现年产值50亿元、利税8亿元。", "50亿元", "output"),
        ("项目达产后可实现年产值50亿元、利税8亿元。", "8亿元", "other"),
        ("园区去年实现营业收入320亿元，增长15%。", "320亿元", "output"),
        ("一季度全区招商引资到位资金48.98亿元。", "48.98亿元", "funds_in_place"),
        ("截至6月底，项目资金实际到位8.42亿元。", "8.42亿元", "funds_in_place"),
        ("全年实际使用外资5.15亿美元，增长20%。", "5.15亿美元", "foreign_investment"),
        ("新签合同外资项目12个，合同外资2.36亿美元。", "2.36亿美元", "foreign_investment"),
        ("对新落户的企业给予设备补贴300万元。", "300万元", "subsidy"),
        ("市财政安排扶持资金5000万元支持园区建设。", "5000万元", "subsidy"),
        ("同时获得省招商引资激励资金673万元。", "673万元", "subsidy"),
        ("该企业去年实现税收1.2亿元。", "1.2亿元", "other"),
        ("工商银行为项目授信50亿元。", "50亿元", "other"),
        ("全年固定资产投资完成380亿元。", "380亿元", "other"),
        ("力争全年引进亿元以上项目30个，5亿元已经到位。", "5亿元", "funds_in_place"),
        ("会上举行了揭牌仪式，金额为3亿元。", "3亿元", "other"),
    ],
)
def test_role_from_closest_cue(sentence: str, amount: str, role: str) -> None:
    assert _role(sentence, amount) == role


def test_closest_cue_wins_over_an_earlier_one() -> None:
    sentence = "该项目总投资10亿元，建成后年销售收入可达30亿元。"
    assert _role(sentence, "10亿元") == "investment"
    assert _role(sentence, "30亿元") == "output"


def test_breakdown_takes_the_role_of_the_amount_it_breaks_down() -> None:
    sentence = "项目总投资10亿元，其中一期5亿元，二期5亿元。"
    assert _role(sentence, "5亿元", 0) == "investment"
    assert _role(sentence, "5亿元", 1) == "investment"


def test_cue_after_the_amount_is_used_when_none_precedes() -> None:
    assert _role("开发区此次引进的12亿元投资主要来自长三角。", "12亿元") == "investment"


def test_threshold_before_a_project_noun_is_other() -> None:
    sentence = "投资完成率为13.7%,500万元以上产业项目开复工率56.7%。"
    assert _role(sentence, "500万元") == "other"
    assert _role("全市计划投资10亿元以上的项目共25个。", "10亿元") == "other"


def test_search_stops_at_the_clause_end() -> None:
    sentence = "项目总投资10亿元。园区去年实现20亿元。"
    assert _role(sentence, "20亿元") == "other"


def test_foreign_direct_investment_is_not_plain_investment() -> None:
    assert _role("全市外商直接投资3.9亿美元。", "3.9亿美元") == "foreign_investment"


def test_contract_cue_beats_the_investment_word_inside_the_subject() -> None:
    assert _role("新签约投资项目15个，签约额达到86亿元。", "86亿元") == "contract"


def test_bad_offsets_raise_a_clear_error() -> None:
    with pytest.raises(ValueError, match="out of range"):
        amount_role("总投资10亿元", 3, 99)


def test_roles_tuple_and_cue_table_agree() -> None:
    assert AMOUNT_ROLES == ("investment", "contract", "output", "funds_in_place", "foreign_investment", "subsidy", "other")
    assert set(ROLE_CUES) <= set(AMOUNT_ROLES)
