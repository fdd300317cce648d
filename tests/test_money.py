"""Tests for zs_ner.money: exact Decimal values, currencies, ranges and bound flags of real AMOUNT forms."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from zs_ner.money import Money, parse_money

D = Decimal
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
AMOUNTS_TSV = SHARED / "facts" / "amounts.tsv"

# (text, left, right, value, currency, low, high, lower_bound, approx)
CASES: list[tuple[str, str, str, Decimal, str, Decimal | None, Decimal | None, bool, bool]] = [
    # plain 亿元 / 万元 forms from amounts.tsv
    ("26.44亿元", "引进投资额", "的", D("2644000000"), "CNY", None, None, False, False),
    ("67.7亿元", "", "", D("6770000000"), "CNY", None, None, False, False),
    ("158.36亿元", "", "", D("15836000000"), "CNY", None, None, False, False),
    ("1030.16亿元", "", "", D("103016000000"), "CNY", None, None, False, False),
    ("21482亿元", "", "", D("2148200000000"), "CNY", None, None, False, False),
    ("0.2亿元", "", "", D("20000000"), "CNY", None, None, False, False),
    ("5000万元", "", "", D("50000000"), "CNY", None, None, False, False),
    ("444.2亿元", "", "", D("44420000000"), "CNY", None, None, False, False),
    ("1.3亿元", "", "", D("130000000"), "CNY", None, None, False, False),
    ("10 亿元", "", "", D("1000000000"), "CNY", None, None, False, False),
    ("1115.2 亿元", "", "", D("111520000000"), "CNY", None, None, False, False),
    ("142.9 亿元", "", "", D("14290000000"), "CNY", None, None, False, False),
    ("5 000万元", "", "", D("50000000"), "CNY", None, None, False, False),
    ("6 200万元", "", "", D("62000000"), "CNY", None, None, False, False),
    ("1,200万元", "", "", D("12000000"), "CNY", None, None, False, False),
    ("1.19万亿元", "", "", D("1190000000000"), "CNY", None, None, False, False),
    ("1.18万亿元", "", "", D("1180000000000"), "CNY", None, None, False, False),
    # bare 亿 / 万 in a money context
    ("1.85亿", "到位投资", "", D("185000000"), "CNY", None, None, False, False),
    ("806亿", "", "", D("80600000000"), "CNY", None, None, False, False),
    ("3415.7亿", "", "", D("341570000000"), "CNY", None, None, False, False),
    ("5000万", "", "", D("50000000"), "CNY", None, None, False, False),
    ("200万", "", "", D("2000000"), "CNY", None, None, False, False),
    # 人民币 before / after
    ("150亿元人民币", "", "", D("15000000000"), "CNY", None, None, False, False),
    ("410.37亿元人民币", "", "", D("41037000000"), "CNY", None, None, False, False),
    ("128.5亿元人民币", "", "", D("12850000000"), "CNY", None, None, False, False),
    ("人民币2757亿元", "", "", D("275700000000"), "CNY", None, None, False, False),
    ("5亿人民币", "", "", D("500000000"), "CNY", None, None, False, False),
    # foreign currencies
    ("0.35亿美元", "", "", D("35000000"), "USD", None, None, False, False),
    ("102.4亿美元", "", "", D("10240000000"), "USD", None, None, False, False),
    ("14113万美元", "", "", D("141130000"), "USD", None, None, False, False),
    ("2 100万美元", "", "", D("21000000"), "USD", None, None, False, False),
    ("3000 万美元", "", "", D("30000000"), "USD", None, None, False, False),
    ("千万美元", "", "", D("10000000"), "USD", None, None, False, False),
    ("6000万欧元", "", "", D("60000000"), "EUR", None, None, False, False),
    ("1000亿日元", "", "", D("100000000000"), "JPY", None, None, False, False),
    ("3亿港元", "", "", D("300000000"), "HKD", None, None, False, False),
    ("港币5亿元", "", "", D("500000000"), "HKD", None, None, False, False),
    ("200万英镑", "", "", D("2000000"), "GBP", None, None, False, False),
    ("500万美金", "", "", D("5000000"), "USD", None, None, False, False),
    ("US$5000万", "", "", D("50000000"), "USD", None, None, False, False),
    ("$300万", "", "", D("3000000"), "USD", None, None, False, False),
    ("HK$3億", "", "", D("300000000"), "HKD", None, None, False, False),
    ("€200万", "", "", D("2000000"), "EUR", None, None, False, False),
    ("￥300万", "", "", D("3000000"), "CNY", None, None, False, False),
    # traditional characters and full-width digits
    ("12.5億元", "", "", D("1250000000"), "CNY", None, None, False, False),
    ("３０００萬圓", "", "", D("30000000"), "CNY", None, None, False, False),
    ("１２．５億美圓", "", "", D("1250000000"), "USD", None, None, False, False),
    ("8億歐元", "", "", D("800000000"), "EUR", None, None, False, False),
    ("20億港幣", "", "", D("2000000000"), "HKD", None, None, False, False),
    # Chinese numerals
    ("一亿元", "", "", D("100000000"), "CNY", None, None, False, False),
    ("三千万元", "", "", D("30000000"), "CNY", None, None, False, False),
    ("一亿五千万元", "", "", D("150000000"), "CNY", None, None, False, False),
    ("两亿", "", "", D("200000000"), "CNY", None, None, False, False),
    ("十二亿元", "", "", D("1200000000"), "CNY", None, None, False, False),
    ("一百二十亿元", "", "", D("12000000000"), "CNY", None, None, False, False),
    ("五十亿", "", "", D("5000000000"), "CNY", None, None, False, False),
    ("五千亿", "", "", D("500000000000"), "CNY", None, None, False, False),
    ("百亿元", "", "", D("10000000000"), "CNY", None, None, False, False),
    ("千亿元", "", "", D("100000000000"), "CNY", None, None, False, False),
    ("千万元", "", "", D("10000000"), "CNY", None, None, False, False),
    ("百万元", "", "", D("1000000"), "CNY", None, None, False, False),
    ("1.2万亿元", "", "", D("1200000000000"), "CNY", None, None, False, False),
    ("3千万元", "", "", D("30000000"), "CNY", None, None, False, False),
    ("5千万", "", "", D("50000000"), "CNY", None, None, False, False),
    ("1亿2000万元", "", "", D("120000000"), "CNY", None, None, False, False),
    ("一点五亿元", "", "", D("150000000"), "CNY", None, None, False, False),
    ("壹仟万元", "", "", D("10000000"), "CNY", None, None, False, False),
    # 余 / 多 inside the span: lower bound
    ("20余亿元", "", "", D("2000000000"), "CNY", None, None, True, False),
    ("2400多亿元", "", "", D("240000000000"), "CNY", None, None, True, False),
    ("1764亿多元", "", "", D("176400000000"), "CNY", None, None, True, False),
    ("1000 多亿", "", "", D("100000000000"), "CNY", None, None, True, False),
    ("134余亿元", "", "", D("13400000000"), "CNY", None, None, True, False),
    ("2000余万元", "", "", D("20000000"), "CNY", None, None, True, False),
    ("4亿多元", "", "", D("400000000"), "CNY", None, None, True, False),
    ("3000多亿元", "", "", D("300000000000"), "CNY", None, None, True, False),
    # qualifiers outside the span
    ("5000万元", "", "以上", D("50000000"), "CNY", None, None, True, False),
    ("50亿", "投资", "以上", D("5000000000"), "CNY", None, None, True, False),
    ("10亿元", "总投资超", "", D("1000000000"), "CNY", None, None, True, False),
    ("8亿美元", "合同外资逾", "", D("800000000"), "USD", None, None, True, False),
    ("100亿元", "签约金额超过", "", D("10000000000"), "CNY", None, None, True, False),
    ("3亿元", "总投资约", "", D("300000000"), "CNY", None, None, False, True),
    ("3亿美元", "", "左右", D("300000000"), "USD", None, None, False, True),
    ("12亿元", "投资大约", "", D("1200000000"), "CNY", None, None, False, True),
    ("10亿元", "签约", "", D("1000000000"), "CNY", None, None, False, False),
    ("6亿元", "合约", "", D("600000000"), "CNY", None, None, False, False),
    # ranges
    ("5-10亿元", "", "", D("500000000"), "CNY", D("500000000"), D("1000000000"), False, False),
    ("10-20亿元", "", "", D("1000000000"), "CNY", D("1000000000"), D("2000000000"), False, False),
    ("5至10亿元", "", "", D("500000000"), "CNY", D("500000000"), D("1000000000"), False, False),
    ("1至5亿元", "", "", D("100000000"), "CNY", D("100000000"), D("500000000"), False, False),
    ("10亿—50亿元", "", "", D("1000000000"), "CNY", D("1000000000"), D("5000000000"), False, False),
    ("5亿元~10亿元", "", "", D("500000000"), "CNY", D("500000000"), D("1000000000"), False, False),
    ("50亿元至80亿元", "", "", D("5000000000"), "CNY", D("5000000000"), D("8000000000"), False, False),
    ("50亿~100亿元", "", "", D("5000000000"), "CNY", D("5000000000"), D("10000000000"), False, False),
    ("50亿-100亿元", "", "", D("5000000000"), "CNY", D("5000000000"), D("10000000000"), False, False),
    ("3000-5000亿元", "", "", D("300000000000"), "CNY", D("300000000000"), D("500000000000"), False, False),
    ("3-5千万元", "", "", D("30000000"), "CNY", D("30000000"), D("50000000"), False, False),
    ("5000万-1亿元", "", "", D("50000000"), "CNY", D("50000000"), D("100000000"), False, False),
    ("1000～2000万美元", "", "", D("10000000"), "USD", D("10000000"), D("20000000"), False, False),
]


@pytest.mark.parametrize(("text", "left", "right", "value", "currency", "low", "high", "lower_bound", "approx"), CASES)
def test_parse_money_table(
    text: str,
    left: str,
    right: str,
    value: Decimal,
    currency: str,
    low: Decimal | None,
    high: Decimal | None,
    lower_bound: bool,
    approx: bool,
) -> None:
    money = parse_money(text, left, right)
    assert money.reason is None
    assert money.value == value
    assert str(money.value) == str(value)  # no exponent noise such as 2644000000.00
    assert money.currency == currency
    assert (money.low, money.high) == (low, high)
    assert (money.lower_bound, money.approx) == (lower_bound, approx)
    assert money.text == text


def test_table_has_at_least_sixty_forms() -> None:
    assert len({row[0] for row in CASES}) >= 60


@pytest.mark.parametrize(
    ("text", "left", "right", "lower_bound", "upper_bound", "approx"),
    [
        ("5亿元", "总投资近", "", False, True, True),
        ("5亿元", "将近", "", False, True, True),
        ("5亿元", "接近", "", False, True, True),
        ("5亿元", "最近", "", False, False, False),
        ("5000万元", "投资不到", "", False, True, False),
        ("5000万元", "不足", "", False, True, False),
        ("5亿美元", "不超过", "", False, True, False),
        ("1亿元", "", "以下", False, True, False),
        ("1亿元", "", "以内", False, True, False),
        ("1亿元", "不低于", "", True, False, False),
        ("1亿元", "", "及以上", True, False, False),
        ("1亿元", "", "上下", False, False, True),
        ("1亿元", "總投資約", "", False, False, True),
        ("20余亿元", "", "左右", True, False, True),
    ],
)
def test_bound_and_approx_flags(text: str, left: str, right: str, lower_bound: bool, upper_bound: bool, approx: bool) -> None:
    money = parse_money(text, left, right)
    assert (money.lower_bound, money.upper_bound, money.approx) == (lower_bound, upper_bound, approx)


@pytest.mark.parametrize(
    ("text", "value", "lower_bound", "upper_bound", "approx"),
    [
        ("约5亿元", D("500000000"), False, False, True),
        ("近百亿元", D("10000000000"), False, True, True),
        ("超10亿元", D("1000000000"), True, False, False),
        ("5000万元以上", D("50000000"), True, False, False),
    ],
)
def test_qualifiers_wrongly_inside_the_span_are_read(text: str, value: Decimal, lower_bound: bool, upper_bound: bool, approx: bool) -> None:
    money = parse_money(text)
    assert money.value == value
    assert (money.lower_bound, money.upper_bound, money.approx) == (lower_bound, upper_bound, approx)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("数千亿元", "vague quantity"),
        ("几亿元", "vague quantity"),
        ("数十亿元", "vague quantity"),
        ("上亿元", "vague quantity"),
        ("十几亿元", "vague quantity"),
        ("二三十亿元", "vague quantity"),
        ("百亿级", "scale class (…级) is not an amount"),
        ("千亿元级", "scale class (…级) is not an amount"),
        ("亿元", "no number before 亿"),
        ("万元", "no number before 万"),
        ("abc", "unparseable numeral 'abc'"),
        ("5000", "no currency and no 万/亿 unit"),
        ("", "empty amount text"),
        ("5-10-20亿元", "malformed range"),
        ("10-5亿元", "range low end above high end"),
        ("人民币5亿美元", "conflicting currencies ['CNY', 'USD']"),
    ],
)
def test_unparseable_gives_none_with_reason(text: str, reason: str) -> None:
    money = parse_money(text)
    assert money.value is None
    assert money.currency is None
    assert money.reason == reason
    assert money.text == text


@pytest.mark.parametrize("bad", [None, 5, ["5亿元"], "\x00亿", "5亿元" * 50, "-" * 10, "1.2.3亿元", "¥$€"])
def test_parse_money_never_raises(bad: object) -> None:
    money = parse_money(bad)  # type: ignore[arg-type]
    assert isinstance(money, Money)
    assert (money.value is None) == (money.reason is not None)


def test_to_dict_is_json_friendly() -> None:
    assert parse_money("5-10亿元", "总投资约").to_dict() == {
        "value": "500000000",
        "currency": "CNY",
        "low": "500000000",
        "high": "1000000000",
        "lower_bound": False,
        "upper_bound": False,
        "approx": True,
        "text": "5-10亿元",
        "reason": None,
    }


def test_to_dict_keeps_decimal_fraction_exact() -> None:
    assert parse_money("12.35元").to_dict()["value"] == "12.35"


def test_decimal_arithmetic_has_no_float_rounding() -> None:
    # 0.1 + 0.2 style float errors would show as 1.0299999… here
    assert parse_money("1.03亿元").value == D("103000000")
    assert parse_money("0.07万元").value == D("700")


def test_every_amount_in_the_fact_sheet_parses() -> None:
    if not AMOUNTS_TSV.is_file():
        pytest.skip(f"{AMOUNTS_TSV} not present (../shared is outside the repo)")
    with AMOUNTS_TSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    expressions = sorted({row["expression"] for row in rows})
    results = {expr: parse_money(expr) for expr in expressions}  # must not raise
    failed = sorted(expr for expr, money in results.items() if money.value is None)
    parsed = len(expressions) - len(failed)
    print(f"amounts.tsv: {parsed}/{len(expressions)} distinct forms parsed; failed: {failed}")
    assert parsed / len(expressions) >= 0.9
    assert all(money.reason for money in results.values() if money.value is None)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("210亿坚戈", "21000000000", "KZT"),
        ("210億堅戈", "21000000000", "KZT"),
        ("新台币3亿元", "300000000", "TWD"),
        ("新臺幣320億元", "32000000000", "TWD"),
        ("台币8000万元", "80000000", "TWD"),
        ("新台币1.8兆元", "1800000000000", "TWD"),
        ("新臺幣2兆2,000億元", "2200000000000", "TWD"),
    ],
)
def test_currencies_found_in_the_corpus(text: str, value: str, currency: str) -> None:
    money = parse_money(text)
    assert (money.value, money.currency) == (Decimal(value), currency)
