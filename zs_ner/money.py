"""Normalise an AMOUNT span (``26.44亿元``, ``5-10亿元``, ``2000余万美元``) into a :class:`Money` value.

Values are exact :class:`~decimal.Decimal` point values in units of the currency; parsing never raises:
text it cannot read comes back as ``Money(value=None, reason=...)``.

Choices worth knowing:

- Qualifiers outside the span arrive in ``left``/``right`` (近/约/超/逾/不到 … before, 以上/以下/左右 … after);
  the same words at the edge of ``text`` itself are accepted too. 余/多 inside the number make ``lower_bound``.
- A number with 万/亿 but no currency word is CNY (the guide only tags such numbers in a monetary context);
  a plain number with neither currency nor 万/亿 (``5000``) is not money: value None.
- Vague quantities (数千亿元, 几亿元, 上亿元, 十几亿元, 二三十亿元) and scale classes (百亿级) get value None.
- A range (5-10亿元, 5亿元~10亿元, 10亿—50亿元, 5至10亿元) sets ``low``/``high``; ``value`` is the low end.
  A low end without a unit borrows the high end's trailing unit (5-10亿元 → 5亿元; 3-5千万元 → 3千万元).
- ``¥`` is read as CNY (the corpus is mainland news); a bare ``$`` is USD.
- Colloquial 一亿五 is read as 1.5亿; otherwise trailing digits after 万/亿 are taken literally (1亿2000万).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from zs_ner.normalize import traditional_to_simplified_char

__all__ = ["Money", "parse_money"]


@dataclass(frozen=True)
class Money:
    """A parsed sum of money: point value (low end for ranges), ISO 4217 currency, range ends and bound flags."""

    value: Decimal | None
    currency: str | None
    low: Decimal | None = None
    high: Decimal | None = None
    lower_bound: bool = False
    upper_bound: bool = False
    approx: bool = False
    text: str = ""
    reason: str | None = None

    def to_dict(self) -> dict:
        """JSON-friendly dict: Decimals become strings (``"2644000000"``), None stays None."""
        return {
            "value": _dec_str(self.value),
            "currency": self.currency,
            "low": _dec_str(self.low),
            "high": _dec_str(self.high),
            "lower_bound": self.lower_bound,
            "upper_bound": self.upper_bound,
            "approx": self.approx,
            "text": self.text,
            "reason": self.reason,
        }


class _Unparseable(Exception):
    """Internal signal: the text cannot be read; the message is the user-facing reason."""


def _longest_first(*rows: tuple) -> tuple:
    """Order (word, …) rows so longer words are tried first (不超过 before 超过, US$ before $)."""
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


# Traditional / financial-capital characters that matter for amounts, mapped to their simplified forms.
_CHAR_MAP = str.maketrans(
    {
        "億": "亿", "萬": "万", "圓": "元", "圆": "元", "歐": "欧", "幣": "币", "兩": "两", "數": "数",
        "幾": "几", "餘": "余", "鎊": "镑", "韓": "韩", "盧": "卢", "臺": "台", "門": "门", "點": "点",
        "約": "约", "過": "过", "將": "将", "額": "额", "內": "内", "級": "级", "〇": "零",
        "壹": "一", "貳": "二", "贰": "二", "叁": "三", "參": "三", "肆": "四", "伍": "五",
        "陸": "六", "陆": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百", "仟": "千",
    }
)  # fmt: skip

# Currency words and symbols, longest first so 美元 wins over 元 and US$ over $.
_PREFIX_CURRENCIES: tuple[tuple[str, str], ...] = _longest_first(
    ("人民币", "CNY"), ("RMB", "CNY"), ("CNY", "CNY"), ("美金", "USD"), ("美元", "USD"), ("USD", "USD"),
    ("US$", "USD"), ("HK$", "HKD"), ("HKD", "HKD"), ("港币", "HKD"), ("港元", "HKD"), ("NT$", "TWD"),
    ("S$", "SGD"), ("A$", "AUD"), ("C$", "CAD"), ("EUR", "EUR"), ("欧元", "EUR"), ("GBP", "GBP"),
    ("英镑", "GBP"), ("JPY", "JPY"), ("日元", "JPY"), ("$", "USD"), ("€", "EUR"), ("¥", "CNY"),
    ("£", "GBP"), ("₩", "KRW"), ("₽", "RUB"), ("新台币", "TWD"), ("台币", "TWD"), ("澳门元", "MOP"),
)  # fmt: skip
_SUFFIX_CURRENCIES: tuple[tuple[str, str], ...] = _longest_first(
    ("人民币", "CNY"), ("RMB", "CNY"), ("CNY", "CNY"), ("美元", "USD"), ("美金", "USD"), ("USD", "USD"),
    ("欧元", "EUR"), ("EUR", "EUR"), ("港元", "HKD"), ("港币", "HKD"), ("HKD", "HKD"), ("日元", "JPY"),
    ("JPY", "JPY"), ("英镑", "GBP"), ("GBP", "GBP"), ("韩元", "KRW"), ("韩币", "KRW"), ("卢布", "RUB"),
    ("澳元", "AUD"), ("澳大利亚元", "AUD"), ("新加坡元", "SGD"), ("新元", "SGD"), ("新台币", "TWD"),
    ("台币", "TWD"), ("加元", "CAD"), ("加拿大元", "CAD"), ("瑞士法郎", "CHF"), ("瑞郎", "CHF"),
    ("泰铢", "THB"), ("澳门元", "MOP"), ("澳门币", "MOP"), ("印度卢比", "INR"), ("卢比", "INR"),
    ("越南盾", "VND"), ("林吉特", "MYR"), ("迪拉姆", "AED"), ("雷亚尔", "BRL"), ("兰特", "ZAR"),
    ("坚戈", "KZT"), ("图格里克", "MNT"),
)  # fmt: skip
_GENERIC_YUAN = "元"  # plain 元: CNY unless a specific currency (港币5亿元) says otherwise

# Qualifiers before the number: (word, lower_bound, upper_bound, approx), longest first.
_LEFT_QUALIFIERS: tuple[tuple[str, bool, bool, bool], ...] = _longest_first(
    ("不低于", True, False, False), ("不少于", True, False, False), ("超过", True, False, False),
    ("超出", True, False, False), ("突破", True, False, False), ("至少", True, False, False),
    ("高于", True, False, False), ("多于", True, False, False), ("超", True, False, False), ("逾", True, False, False),
    ("不超过", False, True, False), ("不高于", False, True, False), ("不到", False, True, False),
    ("不足", False, True, False), ("低于", False, True, False), ("少于", False, True, False),
    ("至多", False, True, False), ("最多", False, True, False),
    ("将近", False, True, True), ("接近", False, True, True), ("逼近", False, True, True), ("近", False, True, True),
    ("大约", False, False, True), ("约合", False, False, True), ("约为", False, False, True),
    ("大概", False, False, True), ("约", False, False, True),
)  # fmt: skip
# A one-character qualifier preceded by one of these characters is part of another word (签约, 最近 …).
_NOT_QUALIFIER_AFTER: dict[str, str] = {"约": "签合协预履节制公契邀规条纳", "近": "最附", "超": "高赶"}

# Qualifiers after the number: (word, lower_bound, upper_bound, approx), longest first.
_RIGHT_QUALIFIERS: tuple[tuple[str, bool, bool, bool], ...] = _longest_first(
    ("及以上", True, False, False), ("及以下", False, True, False), ("以上", True, False, False),
    ("开外", True, False, False), ("以下", False, True, False), ("以内", False, True, False),
    ("之内", False, True, False), ("左右", False, False, True), ("上下", False, False, True),
)  # fmt: skip

_RANGE_SEP = re.compile(r"(?:-|—|–|~|〜|至|到)+")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_ARABIC_SMALL_UNIT = re.compile(r"(\d+(?:\.\d+)?)([十百千])")
_CN_DIGITS = "零一二两三四五六七八九"
_CN_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_SMALL_UNITS = "十百千"
_BIG_UNITS = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}
_ENGLISH_SCALES: tuple[tuple[str, Decimal], ...] = (
    ("thousand", Decimal(10) ** 3), ("million", Decimal(10) ** 6), ("billion", Decimal(10) ** 9),
    ("mn", Decimal(10) ** 6), ("bn", Decimal(10) ** 9),
)  # fmt: skip
_VAGUE = re.compile(r"数|几|若干|^上[十百千万亿]|[一二两三四五六七八九]{2}[十百千万亿]")
_TRAILING_UNIT_RUN = re.compile(r"[十百千万亿]+$")


def parse_money(text: str, left: str = "", right: str = "") -> Money:
    """Parse an AMOUNT span (with the few characters ``left``/``right`` of it) into :class:`Money`; never raises."""
    try:
        return _parse(text, left, right)
    except _Unparseable as exc:
        return Money(value=None, currency=None, text=_as_text(text), reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - the contract is "never an exception"
        return Money(value=None, currency=None, text=_as_text(text), reason=f"unparseable ({type(exc).__name__}: {exc})")


def _parse(text: str, left: str, right: str) -> Money:
    """The parser proper; raises :class:`_Unparseable` with a reason for text it cannot read."""
    if not isinstance(text, str):
        raise _Unparseable(f"not a string: {type(text).__name__}")
    core = _normalise(text)
    lower, upper, approx = _context_flags(
        _normalise(left if isinstance(left, str) else ""), _normalise(right if isinstance(right, str) else "")
    )
    core, in_flags = _strip_inner_qualifiers(core)
    lower, upper, approx = lower or in_flags[0], upper or in_flags[1], approx or in_flags[2]
    if not core:
        raise _Unparseable("empty amount text")
    if "级" in core:
        raise _Unparseable("scale class (…级) is not an amount")

    parts = _RANGE_SEP.split(core)
    if len(parts) == 1:
        value, currency, more = _parse_single(core)
        return Money(value, currency, lower_bound=lower or more, upper_bound=upper, approx=approx, text=text)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise _Unparseable("malformed range")
    high_num, high_cur, high_generic = _split_currency(parts[1])
    low_num, low_cur, low_generic = _split_currency(parts[0])
    if low_cur and high_cur and low_cur != high_cur:
        raise _Unparseable(f"range ends in different currencies ({low_cur}, {high_cur})")
    if _is_unitless(low_num):
        run = _TRAILING_UNIT_RUN.search(high_num)
        if run:
            unit = run.group()
            if run.start() == 0:  # 百亿 / 十亿 alone: borrow only the 万/亿 part
                unit = unit.lstrip(_SMALL_UNITS)
            low_num += unit
    low, low_more = _parse_quantity(low_num)
    high, high_more = _parse_quantity(high_num)
    currency = _resolve_currency(high_cur or low_cur, high_generic or low_generic, low_num + high_num)
    if low > high:
        raise _Unparseable("range low end above high end")
    return Money(low, currency, low=low, high=high, lower_bound=lower or low_more or high_more, upper_bound=upper, approx=approx, text=text)


def _parse_single(core: str) -> tuple[Decimal, str | None, bool]:
    """Parse one amount without a range: (value, currency, 余/多 seen)."""
    number, currency, generic = _split_currency(core)
    value, more = _parse_quantity(number)
    return value, _resolve_currency(currency, generic, number), more


def _normalise(text: str) -> str:
    """NFKC (full-width digits, ．, ～, ￥), traditional → simplified (OpenCC table, then amount words), no spaces or 1,200 commas."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(traditional_to_simplified_char(ch) for ch in text).translate(_CHAR_MAP)
    text = re.sub(r"\s+", "", text)
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


def _context_flags(left: str, right: str) -> tuple[bool, bool, bool]:
    """Bound/approx flags from the qualifier ending ``left`` and the one starting ``right``."""
    lower = upper = approx = False
    for word, lo, up, ap in _LEFT_QUALIFIERS:
        if left.endswith(word):
            before = left[-len(word) - 1] if len(left) > len(word) else ""
            if before and before in _NOT_QUALIFIER_AFTER.get(word, ""):
                continue
            lower, upper, approx = lo, up, ap
            break
    for word, lo, up, ap in _RIGHT_QUALIFIERS:
        if right.startswith(word):
            lower, upper, approx = lower or lo, upper or up, approx or ap
            break
    return lower, upper, approx


def _strip_inner_qualifiers(core: str) -> tuple[str, tuple[bool, bool, bool]]:
    """Remove qualifiers wrongly kept inside the span (约5亿元, 5000万元以上) and return their flags."""
    lower = upper = approx = False
    for word, lo, up, ap in _LEFT_QUALIFIERS:
        if core.startswith(word) and len(core) > len(word):
            core = core[len(word) :]
            lower, upper, approx = lo, up, ap
            break
    for word, lo, up, ap in _RIGHT_QUALIFIERS:
        if core.endswith(word) and len(core) > len(word):
            core = core[: -len(word)]
            lower, upper, approx = lower or lo, upper or up, approx or ap
            break
    return core, (lower, upper, approx)


def _split_currency(part: str) -> tuple[str, str | None, bool]:
    """Strip currency words/symbols: (numeral with 万/亿 kept, specific ISO code or None, plain 元 seen)."""
    found: set[str] = set()
    generic = False
    changed = True
    while changed and part:
        changed = False
        for word, code in _PREFIX_CURRENCIES:
            if part[: len(word)].upper() == word:
                part, changed = part[len(word) :], True
                found.add(code)
                break
        for word, code in _SUFFIX_CURRENCIES:
            if len(part) >= len(word) and part[-len(word) :].upper() == word:
                part, changed = part[: -len(word)], True
                found.add(code)
                break
        if part.endswith(_GENERIC_YUAN):
            part, changed, generic = part[:-1], True, True
    if len(found) > 1:
        raise _Unparseable(f"conflicting currencies {sorted(found)}")
    return part, (found.pop() if found else None), generic


def _resolve_currency(currency: str | None, generic_yuan: bool, numeral: str) -> str:
    """Specific currency, else CNY for 元 or a bare 万/亿 in a money span; a unitless plain number is not money."""
    if currency:
        return currency
    if generic_yuan or any(unit in numeral for unit in _BIG_UNITS):
        return "CNY"
    raise _Unparseable("no currency and no 万/亿 unit")


def _is_unitless(numeral: str) -> bool:
    """True for a range low end with no magnitude of its own (the 5 of 5-10亿元)."""
    bare = numeral.replace("余", "").replace("多", "")
    return bool(re.fullmatch(r"\d+(?:\.\d+)?|[一二两三四五六七八九]", bare))


def _parse_quantity(numeral: str) -> tuple[Decimal, bool]:
    """Numeral with 万/亿 magnitudes (and 余/多) → (exact Decimal value, 余/多 seen)."""
    if not numeral:
        raise _Unparseable("no number")
    if _VAGUE.search(numeral):
        raise _Unparseable("vague quantity")
    more = "余" in numeral or "多" in numeral
    numeral = numeral.replace("余", "").replace("多", "")
    scale = Decimal(1)
    for word, factor in _ENGLISH_SCALES:
        if numeral.lower().endswith(word):
            numeral, scale = numeral[: -len(word)], factor
            break
    if "兆" in numeral:  # Taiwan usage: 1兆 = 10^12 (新台币2兆2,000亿元)
        high, _, rest = numeral.partition("兆")
        high_value = _parse_quantity(high)[0]
        rest_value = _parse_quantity(rest)[0] if rest else Decimal(0)
        return (high_value * Decimal(10) ** 12 + rest_value) * scale, more
    total = section = Decimal(0)
    segment = ""
    last_unit: Decimal | None = None
    for char in numeral:
        if char not in _BIG_UNITS:
            segment += char
            continue
        unit = _BIG_UNITS[char]
        value = _parse_segment(segment) if segment else None
        if char == "万":
            if value is None and section == 0:
                raise _Unparseable("no number before 万")
            section = (section + (value or 0)) * unit
        else:
            if value is None and section == 0 and total == 0:
                raise _Unparseable("no number before 亿")
            total, section = (total + section + (value or 0)) * unit, Decimal(0)
        segment, last_unit = "", unit
    if segment:
        if last_unit is not None and len(segment) == 1 and segment in _CN_DIGIT_VALUE:
            tail = _CN_DIGIT_VALUE[segment] * last_unit / 10  # 一亿五 → 1.5亿
        else:
            tail = _parse_segment(segment)
        section += tail
    elif last_unit is None:
        raise _Unparseable("no number")
    return _tidy((total + section) * scale), more


def _parse_segment(segment: str) -> Decimal:
    """A numeral below 万: Arabic (26.44), Arabic + 十/百/千 (3千), Chinese via cn2an (一千二百), 点 decimals."""
    if _ARABIC.fullmatch(segment):
        return Decimal(segment)
    match = _ARABIC_SMALL_UNIT.fullmatch(segment)
    if match:
        return Decimal(match.group(1)) * Decimal(10) ** (_SMALL_UNITS.index(match.group(2)) + 1)
    if "." in segment:
        raise _Unparseable(f"unparseable numeral {segment!r}")
    if "点" in segment:
        whole, _, frac = segment.partition("点")
        if not frac or any(c not in _CN_DIGIT_VALUE for c in frac):
            raise _Unparseable(f"unparseable numeral {segment!r}")
        digits = "".join(str(_CN_DIGIT_VALUE[c]) for c in frac)
        return _parse_segment(whole or "零") + Decimal("0." + digits)
    if segment[0] in "百千":  # 百亿 / 千万: cn2an wants the leading 一
        segment = "一" + segment
    if not all(c in _CN_DIGITS + _SMALL_UNITS or c.isdigit() for c in segment):
        raise _Unparseable(f"unparseable numeral {segment!r}")
    try:
        result = cn2an.cn2an(segment, "smart")
    except Exception as exc:  # noqa: BLE001 - cn2an raises bare ValueErrors with Chinese messages
        raise _Unparseable(f"unparseable numeral {segment!r}") from exc
    if isinstance(result, float):
        if not result.is_integer():
            raise _Unparseable(f"unparseable numeral {segment!r}")
        result = int(result)
    return Decimal(int(result))


def _tidy(value: Decimal) -> Decimal:
    """Drop the exponent noise of scaling: 2644000000.00 → 2644000000, 12.50 → 12.5."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _dec_str(value: Decimal | None) -> str | None:
    """Decimal → plain (non-scientific) string for JSON."""
    return None if value is None else format(value, "f")


def _as_text(text: object) -> str:
    """The original span text for the result, whatever type was passed."""
    return text if isinstance(text, str) else repr(text)
