"""Mechanical checks of an annotated corpus against annotations/GUIDE.md (what a script can decide)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from zs_ner.document import Document, Entity, Issue

#: Characters that carry a currency: any of them makes a number an amount.
CURRENCY_MARKERS = (
    "元", "圆", "人民币", "美金", "港币", "港幣", "英镑", "卢布", "盧布", "坚戈", "堅戈", "卢比", "泰铢", "越南盾", "林吉特", "比索",
    "兰特", "里拉", "法郎", "克朗", "第纳尔", "迪拉姆", "里亚尔", "$", "€", "¥", "￥", "£",
)  # fmt: skip
#: Bare magnitudes the guide accepts as money in a plainly monetary context (到位投资1.85亿).
BARE_MAGNITUDES = ("万", "亿", "萬", "億")
_NUMBER = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两〇零壹贰叁肆伍陆柒捌玖拾佰仟萬億兩几数幾數半]")
#: Qualifiers the guide keeps outside an AMOUNT span.
OUTER_QUALIFIERS_START = ("近", "约", "超", "逾", "超过", "大约", "約", "逾")
OUTER_QUALIFIERS_END = ("以上", "左右", "以下", "之多")
#: PROJECT texts that are generic or counted mentions, not a named project.
_GENERIC_PROJECT = re.compile(
    r"^(?:[0-9一二三四五六七八九十百千]+个|这些|该|此|各类?|一批|多个|全部|所有|相关)?"
    r"(?:省|市|县|区|全市|全省)?(?:百大|千亿级|百亿级|亿元以上|[0-9.]+亿元以上|重点|重大|招商引资|招商|签约|合作|投资|产业|建设|在建|续建|新建|"
    r"新开工|开工|竣工|储备|大|好|优质|外资|内资|工业|服务业|基础设施|民生|示范|引进|落地|入统)*"
    r"(?:项目|工程)(?:群|库)?$"
)
_GENERIC_REGION = {"全市", "该市", "我市", "本市", "师市", "全省", "我省", "本省", "该省", "各县区", "当地", "全区", "我区", "全县", "我县", "该县", "全国", "各地", "境内", "本地"}
_NOT_COMPANY_SUFFIX = ("局", "管委会", "政府", "大学", "学院", "研究院", "研究所", "商会", "指挥部", "委员会", "办公室", "日报", "电视台", "新闻网", "在线")
#: Latin legal forms whose final period belongs to the name (Honeywell International Inc., Aurora Yachts S.p.A.).
_LEGAL_ABBREVIATION_END = re.compile(r"(?:\b(?:Inc|Ltd|Co|Corp|Pte|PLC|GmbH|AG)|S\.A|S\.p\.A|N\.V|B\.V|L\.P|S\.A\.S)\.$")
_QUOTES = "“”\"‘’'《》〈〉「」『』"


def _is_edge_junk(ch: str) -> bool:
    """Whitespace or punctuation that a span must not start or end with."""
    return ch.isspace() or unicodedata.category(ch).startswith(("P", "Z", "C"))


def _balanced_close(span: str) -> bool:
    """True when a closing bracket at the end is matched inside the span (九州牧居（盱眙）…, 產業(yè))."""
    pairs = {")": "(", "）": "（", "]": "[", "】": "【"}
    close = span[-1]
    return close in pairs and pairs[close] in span[:-1]


def check_entity(doc: Document, ent: Entity) -> list[Issue]:
    """Rules that concern one span."""
    out: list[Issue] = []
    text = ent.text
    where = f"{ent.id} {ent.label} {text!r} [{ent.start},{ent.end})"

    def add(code: str, msg: str, severity: str = "error") -> None:
        out.append(Issue(doc.id, code, f"{where}: {msg}", severity))

    if not text:
        return out
    if _is_edge_junk(text[0]):
        add("span-edge", "starts with whitespace or punctuation")
    if _is_edge_junk(text[-1]) and not _balanced_close(text) and not _LEGAL_ABBREVIATION_END.search(text):
        add("span-edge", "ends with whitespace or punctuation")
    if any(q in text for q in _QUOTES):
        add("quote-in-span", "quotation or book-title marks stay outside every span")
    if ent.label == "AMOUNT":
        if not _NUMBER.search(text):
            add("amount-no-number", "an AMOUNT needs a number")
        if not any(m in text for m in CURRENCY_MARKERS) and not any(m in text for m in BARE_MAGNITUDES):
            add("amount-no-unit", "an AMOUNT needs a currency unit (or 万/亿 in a monetary context)")
        if text.startswith(OUTER_QUALIFIERS_START) or text.endswith(OUTER_QUALIFIERS_END):
            add("amount-qualifier", "qualifiers 近/约/超/逾/以上/左右 stay outside the span")
        if "级" in text:
            add("amount-scale-class", "百亿级/千亿级 descriptors are not amounts")
    elif ent.label == "PROJECT":
        if _GENERIC_PROJECT.match(text):
            add("generic-project", "generic or counted mention, not a named project")
        if re.search(r"[0-9０-９.]+\s*(?:万|亿)?元", text) or re.search(r"[0-9.]+\s*(?:万|亿)?美元", text):
            add("money-in-project", "money never lies inside a PROJECT span")
        if text.startswith("投资"):
            add("project-leading-invest", "a leading 投资X亿元的 stays outside the PROJECT", "warning")
    elif ent.label == "REGION":
        if text in _GENERIC_REGION:
            add("generic-region", "anaphora and generic words (全市, 该市, 当地 …) are not regions")
    elif ent.label == "COMPANY" and text.endswith(_NOT_COMPANY_SUFFIX):
        add("not-company", "government bodies, universities, institutes, chambers and media are not companies", "warning")
    return out


def check_adjacency(doc: Document) -> list[Issue]:
    """Settled cases: a place written directly before a company or project name is inside it; 地区 stays in the REGION."""
    out: list[Issue] = []
    ents = doc.sorted_entities()
    for a, b in zip(ents, ents[1:], strict=False):
        if a.label == "REGION" and a.end == b.start and b.label in ("COMPANY", "PROJECT"):
            out.append(Issue(doc.id, "place-before-name", f"{a.id} {a.text!r} directly before {b.label} {b.id} {b.text!r}: the place is part of the {b.label} span"))
    for a in ents:
        if a.label == "REGION" and re.match(r"地[区區]", doc.text[a.end : a.end + 2]) and not a.text.endswith(("地区", "地區")):
            out.append(Issue(doc.id, "region-suffix-outside", f"{a.id} {a.text!r} is followed by 地区: the written suffix belongs inside the REGION"))
    return out


def check_consistency(doc: Document) -> list[Issue]:
    """Warn where a string tagged in the document also occurs untagged (a likely missed mention)."""
    out: list[Issue] = []
    covered = [False] * len(doc.text)
    for e in doc.entities:
        for i in range(max(0, e.start), min(len(doc.text), e.end)):
            covered[i] = True
    seen: set[tuple[str, str]] = set()
    for e in doc.entities:
        key = (e.text, e.label)
        if key in seen or len(e.text) < 2:
            continue
        seen.add(key)
        for m in re.finditer(re.escape(e.text), doc.text):
            if not any(covered[m.start() : m.end()]):
                ctx = doc.text[max(0, m.start() - 8) : m.end() + 8].replace("\n", " ")
                out.append(Issue(doc.id, "untagged-repeat", f"{e.label} {e.text!r} also occurs untagged at {m.start()}: …{ctx}…", "warning"))
    return out


def lint_documents(docs: Iterable[Document], source: str = "") -> list[Issue]:
    """Every issue in ``docs``: schema errors, span rules, duplicate document ids, consistency warnings."""
    issues: list[Issue] = []
    ids: Counter[str] = Counter()
    for doc in docs:
        ids[doc.id] += 1
        found = doc.validate()
        if not any(i.code in {"bad-offsets", "text-mismatch"} for i in found):
            for ent in doc.entities:
                found += check_entity(doc, ent)
            found += check_adjacency(doc)
            found += check_consistency(doc)
        issues += [Issue(i.doc_id, i.code, i.message, i.severity, i.source or source) for i in found]
    for doc_id, n in ids.items():
        if n > 1:
            issues.append(Issue(doc_id, "duplicate-doc-id", f"document id used {n} times", "error", source))
    return issues
