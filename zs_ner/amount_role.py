"""Guess what an AMOUNT measures (investment, contract value, output, …) from the cue words around it.

Rule, kept simple on purpose:

0. A threshold (5000万元以上产业项目, 亿元以上的项目) is ``other`` whatever cue precedes it.
1. The search stays inside the amount's clause: it never crosses 。；;！？!? or a line break.
2. Look back from the amount to the end of the previous money expression in the clause (or the clause start);
   the cue closest to the amount wins (on a tie of end position, the longer cue: 实际使用外资 over 投资).
3. No cue there: look just after the amount, up to the next comma/punctuation or 10 characters (5亿元已到位).
4. Still none: keep searching back past earlier amounts in the clause, closest cue first, so a breakdown
   takes the role of what it breaks down (总投资10亿元，其中一期5亿元 → investment for both).
5. Nothing at all: ``other``.

The cues are simplified Chinese: pass text already run through :mod:`zs_ner.normalize` (offsets are kept there).
"""

from __future__ import annotations

import re

__all__ = ["AMOUNT_ROLES", "ROLE_CUES", "amount_role"]

#: The roles :func:`amount_role` returns.
AMOUNT_ROLES: tuple[str, ...] = ("investment", "contract", "output", "funds_in_place", "foreign_investment", "subsidy", "other")

#: Cue words per role. Overlaps are settled by position (closest wins) and then by length (longest wins).
ROLE_CUES: dict[str, tuple[str, ...]] = {
    "investment": ("总投资", "投资额", "计划投资", "拟投资", "投资总额", "投资"),
    "contract": ("签约额", "签约金额", "合同金额", "合同额", "协议金额", "协议引资", "协议投资", "签约总额", "签约资金", "签约"),
    "output": (
        "产值", "销售收入", "营业收入", "主营业务收入", "营收", "年收入", "销售额", "营业额", "增加值", "生产总值", "GDP",
    ),
    "funds_in_place": ("到位资金", "实际到位", "实到资金", "资金到位", "实际利用内资", "利用内资", "到位"),
    "foreign_investment": (
        "利用外资", "合同外资", "协议外资", "实际使用外资", "实际利用外资", "外商直接投资", "外商投资额", "外资",
    ),
    "subsidy": ("补贴", "补助", "奖励资金", "扶持资金", "激励资金", "奖补", "奖励", "资助", "贴息"),
    "other": (
        "税收", "纳税", "利税", "税金", "利润", "贷款", "授信", "融资", "目标", "固定资产投资", "注册资本",
        "财政收入", "税收收入", "进出口", "贸易额", "交易额",
    ),
}  # fmt: skip

_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_RIGHT_STOP = re.compile(r"[，,、。；;！？!?\n]")
_RIGHT_WINDOW = 10
# A money expression inside the clause: a number with a currency word, or with 亿 (bare 亿 is money in this genre).
_MONEY = re.compile(
    r"[0-9０-９零〇一二两三四五六七八九十百千][0-9０-９.．,零〇一二两三四五六七八九十百千\s]*"
    r"(?:[余多]\s*)?(?:(?:万亿|亿|万)\s*[余多]?\s*)?(?:元|美元|欧元|港元|港币|日元|英镑)"
    r"|[0-9０-９零〇一二两三四五六七八九十百千][0-9０-９.．零〇一二两三四五六七八九十百千]*\s*[余多]?亿"
)
# 以上 followed by a project noun within a few characters: the amount is a size class, not a sum.
_THRESHOLD = re.compile(r"\s*(?:及以上|以上)[^，,。；;！？!?\n]{0,6}?项目")
_CUES: tuple[tuple[str, str], ...] = tuple(
    sorted(((cue, role) for role, cues in ROLE_CUES.items() for cue in cues), key=lambda p: -len(p[0]))
)


def amount_role(text: str, start: int, end: int) -> str:
    """Role of the AMOUNT at ``text[start:end]`` (one of :data:`AMOUNT_ROLES`), from the closest cue in its clause."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"amount offsets {start}:{end} out of range for a text of {len(text)} characters")
    if _THRESHOLD.match(text, end):
        return "other"
    clause_start = _clause_start(text, start)
    gap_start = _previous_money_end(text, clause_start, start)
    role = _closest_cue_before(text, gap_start, start)
    if role is None:
        role = _first_cue_after(text, end)
    if role is None and gap_start > clause_start:
        role = _closest_cue_before(text, clause_start, gap_start)
    return role or "other"


def _clause_start(text: str, start: int) -> int:
    """Index just after the last clause-ending punctuation before ``start`` (0 if none)."""
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    return ends[-1] if ends else 0


def _previous_money_end(text: str, clause_start: int, start: int) -> int:
    """End of the last money expression between ``clause_start`` and ``start`` (or ``clause_start``)."""
    ends = [m.end() for m in _MONEY.finditer(text, clause_start, start)]
    return ends[-1] if ends else clause_start


def _closest_cue_before(text: str, lo: int, hi: int) -> str | None:
    """Role of the cue in ``text[lo:hi]`` ending nearest ``hi``; longer cue on a tie."""
    window = text[lo:hi]
    best: tuple[int, int, str] | None = None
    for cue, role in _CUES:
        at = window.rfind(cue)
        if at < 0:
            continue
        key = (at + len(cue), len(cue), role)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _first_cue_after(text: str, end: int) -> str | None:
    """Role of the first cue right after the amount, before the next punctuation and within a few characters."""
    window = text[end : end + _RIGHT_WINDOW]
    stop = _RIGHT_STOP.search(window)
    if stop:
        window = window[: stop.start()]
    best: tuple[int, int, str] | None = None
    for cue, role in _CUES:
        at = window.find(cue)
        if at < 0:
            continue
        key = (at, -len(cue), role)
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best else None
