"""Readers for public Chinese NER corpora in ``../shared/corpus`` as optional extra training sources.

Label mapping (the data stays in ../shared; nothing is copied into the project):

* CLUENER2020 — ``company`` → COMPANY; ``address`` → REGION when it names an administrative place
  (ends in 省/市/县/区/州/旗/盟/镇/乡/村/国… and holds no street, number or building); sentences with any
  other ``address``, with ``government``/``organization`` (whose place prefixes our guide tags but
  CLUENER does not), or with money (an untagged AMOUNT) are dropped whole.
* Boson — ``company_name`` → COMPANY; ``location`` → REGION under the same administrative test;
  paragraphs are cut into sentences and a sentence is dropped when it holds ``org_name``,
  ``product_name``, a non-administrative location, or money.

Neither corpus labels AMOUNT or PROJECT, so every kept sentence is one where neither occurs by
the simple tests above; ``meta["labels"]`` lists the labels the source annotates.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from zs_ner.document import Document, Entity

_ADMIN_SUFFIX = re.compile(
    r"(?:省|市|县|区|州|旗|盟|镇|乡|村|国|自治区|特别行政区|地区|新区|开发区|高新区|园区|岛|洲|湾区)$"
)
_NOT_ADMIN = re.compile(r"(?:[0-9０-９]|路|街|道|巷|号|楼|大厦|广场|公园|医院|学校|大学|中学|小学|站|机场|桥|酒店|宾馆|餐厅|商场|中心|寺|馆|院)")
_MONEY = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两.]+\s*(?:多|余)?\s*(?:万|亿)?\s*(?:元|美元|欧元|港元|英镑|日元)")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
LABELS = ("REGION", "COMPANY")


def is_admin_place(name: str) -> bool:
    """True for names our guide tags as REGION (administrative places, zones, countries), not addresses."""
    name = name.strip()
    if len(name) < 2 or _NOT_ADMIN.search(name):
        return False
    return bool(_ADMIN_SUFFIX.search(name)) or name in _KNOWN_SHORT


#: Bare names without a suffix that are common and unambiguous places.
_KNOWN_SHORT = frozenset(
    ["北京", "上海", "天津", "重庆", "香港", "澳门", "台湾", "广东", "广西", "江苏", "浙江", "山东", "河南", "河北", "湖南", "湖北", "四川", "云南", "贵州", "陕西", "山西", "甘肃", "青海", "宁夏", "新疆", "西藏", "内蒙古", "辽宁", "吉林", "黑龙江", "安徽", "福建", "江西", "海南", "深圳", "广州", "杭州", "南京", "苏州", "武汉", "成都", "西安", "沈阳", "大连", "青岛", "厦门", "宁波", "长沙", "郑州", "济南", "哈尔滨", "长春", "合肥", "福州", "南昌", "昆明", "贵阳", "兰州", "西宁", "银川", "乌鲁木齐", "拉萨", "南宁", "海口", "石家庄", "太原", "呼和浩特", "无锡", "东莞", "佛山", "温州", "美国", "日本", "韩国", "德国", "英国", "法国", "俄罗斯", "印度", "新加坡", "欧洲", "亚洲", "非洲", "欧盟", "东盟", "长三角", "珠三角", "京津冀"]
)


class AuxStats(Counter):
    """Counts of sentences kept and dropped (by reason) while reading an auxiliary corpus."""


def _keep(doc_id: str, text: str, ents: list[Entity], source: str, stats: AuxStats, require_entities: bool) -> Document | None:
    """The sentence as a Document when it has entities (if required) and passes validation; counts the outcome."""
    if require_entities and not ents:
        stats["dropped: no entity"] += 1
        return None
    doc = Document(doc_id, text, ents, meta={"source": source, "labels": list(LABELS)})
    doc.assign_ids()
    if doc.validate():
        stats["dropped: invalid"] += 1
        return None
    stats["kept"] += 1
    return doc


def _mapped(kind: str, start: int, end: int, surface: str, company: str, place: str) -> Entity | None:
    """COMPANY for the source's company type, REGION for an administrative place; None for anything else."""
    if kind == company:
        return Entity(start, end, "COMPANY", surface)
    if kind == place and is_admin_place(surface):
        return Entity(start, end, "REGION", surface)
    return None


def read_cluener(path: str | Path, max_docs: int | None = None, stats: AuxStats | None = None, require_entities: bool = True) -> list[Document]:
    """CLUENER2020 JSONL (``{"text", "label": {type: {span: [[start, end_inclusive]]}}}``) → Documents.

    ``require_entities`` keeps only sentences with at least one mapped entity (denser supervision).
    """
    path = Path(path)
    stats = stats if stats is not None else AuxStats()
    docs: list[Document] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if max_docs is not None and len(docs) >= max_docs:
                break
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = rec["text"]
                labels = rec.get("label") or {}
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: not a CLUENER record ({exc})") from exc
            if labels.keys() & {"government", "organization"}:
                stats["dropped: government/organization"] += 1
                continue
            if _MONEY.search(text):
                stats["dropped: money"] += 1
                continue
            ents: list[Entity] = []
            ok = True
            for kind, spans in labels.items():
                for surface, offsets in spans.items():
                    for start, end_incl in offsets:
                        end = end_incl + 1
                        if text[start:end] != surface:
                            raise ValueError(f"{path}:{lineno}: span {surface!r} does not match text at [{start},{end})")
                        ent = _mapped(kind, start, end, surface, "company", "address")
                        if ent is not None:
                            ents.append(ent)
                        elif kind == "address":
                            ok = False
            if not ok:
                stats["dropped: street address"] += 1
                continue
            doc = _keep(f"cluener:{path.stem}:{lineno}", text, ents, "cluener", stats, require_entities)
            if doc is not None:
                docs.append(doc)
    return docs


_BOSON_SPAN = re.compile(r"\{\{([a-z_]+):(.*?)\}\}")


def read_boson(path: str | Path, max_docs: int | None = None, stats: AuxStats | None = None, require_entities: bool = True) -> list[Document]:
    """Boson inline ``{{type:span}}`` paragraphs → one Document per kept sentence (see :func:`read_cluener`)."""
    path = Path(path)
    stats = stats if stats is not None else AuxStats()
    docs: list[Document] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            pieces: list[str] = []
            spans: list[tuple[int, int, str]] = []
            pos = 0
            length = 0
            line = line.rstrip("\n")
            for m in _BOSON_SPAN.finditer(line):
                plain = line[pos : m.start()]
                pieces.append(plain)
                length += len(plain)
                surface = m.group(2)
                spans.append((length, length + len(surface), m.group(1)))
                pieces.append(surface)
                length += len(surface)
                pos = m.end()
            pieces.append(line[pos:])
            text = "".join(pieces)
            for sm in _SENTENCE.finditer(text):
                if max_docs is not None and len(docs) >= max_docs:
                    return docs
                s, e = sm.start(), sm.end()
                sentence = text[s:e]
                if len(sentence.strip()) < 6:
                    continue
                inside = [(a - s, b - s, k) for a, b, k in spans if a >= s and b <= e]
                if any(a < e and b > s and not (a >= s and b <= e) for a, b, _ in spans):
                    stats["dropped: span across sentences"] += 1
                    continue
                kinds = {k for _, _, k in inside}
                if kinds & {"org_name", "product_name"}:
                    stats["dropped: org/product"] += 1
                    continue
                if _MONEY.search(sentence):
                    stats["dropped: money"] += 1
                    continue
                ents = []
                ok = True
                for a, b, kind in inside:
                    surface = sentence[a:b]
                    ent = _mapped(kind, a, b, surface, "company_name", "location") if surface == surface.strip() else None
                    if ent is not None:
                        ents.append(ent)
                    elif kind in ("company_name", "location"):
                        ok = False
                if not ok:
                    stats["dropped: non-administrative location"] += 1
                    continue
                doc = _keep(f"boson:{lineno}:{s}", sentence, ents, "boson", stats, require_entities)
                if doc is not None:
                    docs.append(doc)
    return docs
