"""Scraping noise added to raw training documents, with exact span bookkeeping.

Real inputs come from sites that convert articles to traditional characters, insert toned pinyin
after some characters (``產(chǎn)業(yè)``) and wrap the article in navigation bars, captions and
copyright footers. Training documents get the same noise at random (seeded), then pass through the
real normaliser, so the model learns on what the normaliser actually produces from noisy input.
Every edit keeps a per-character position map; entity spans are re-derived from it and checked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from zs_ner.document import Document, Entity
from zs_ner.model.config import AugmentationConfig

#: Toned pinyin of common characters of the genre whose traditional form differs from the simplified one.
#: Keys are simplified; the traditional form is looked up in both scripts.
PINYIN: dict[str, str] = {
    "产": "chǎn", "业": "yè", "区": "qū", "设": "shè", "转": "zhuǎn", "发": "fā", "质": "zhì", "台": "tái",
    "务": "wù", "导": "dǎo", "据": "jù", "网": "wǎng", "权": "quán", "项": "xiàng", "资": "zī", "经": "jīng",
    "济": "jì", "贸": "mào", "开": "kāi", "县": "xiàn", "万": "wàn", "亿": "yì", "实": "shí", "现": "xiàn",
    "华": "huá", "电": "diàn", "车": "chē", "园": "yuán", "厂": "chǎng", "线": "xiàn", "约": "yuē", "签": "qiān",
    "动": "dòng", "农": "nóng", "药": "yào", "团": "tuán", "关": "guān", "兴": "xīng", "东": "dōng", "龙": "lóng",
    "阳": "yáng", "镇": "zhèn", "乡": "xiāng", "国": "guó", "际": "jì", "钢": "gāng", "铁": "tiě", "矿": "kuàng",
    "态": "tài", "环": "huán", "术": "shù", "销": "xiāo", "办": "bàn", "备": "bèi", "广": "guǎng", "场": "chǎng",
    "会": "huì", "长": "zhǎng", "总": "zǒng", "协": "xié", "议": "yì", "计": "jì", "划": "huà", "汇": "huì",
    "链": "liàn", "统": "tǒng", "级": "jí", "领": "lǐng", "营": "yíng", "润": "rùn", "运": "yùn", "输": "shū",
    "检": "jiǎn", "测": "cè", "纳": "nà", "税": "shuì", "贷": "dài", "银": "yín", "证": "zhèng", "奖": "jiǎng",
    "节": "jié", "绿": "lǜ", "乐": "lè", "历": "lì", "规": "guī", "价": "jià", "优": "yōu", "势": "shì",
}  # fmt: skip

_EDITORS = ("王磊", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "周丽", "吴昊", "孙悦")
_TOP_TEMPLATES = (
    "首页 > 新闻中心 > 招商动态",
    "当前位置：首页 > 要闻 > 正文",
    "来源：本报　　作者：记者 {name}　　发布时间：{date} {time}",
    "{date} {time}　来源：新华网　　字号：大 中 小",
    "发布时间：{date}　　浏览次数：{count}　　【打印】【关闭】",
    "IMG_{digits}.jpg",
    "图片{n}.png",
    "{hex}.jpeg",
    "分享到：微信 微博 QQ空间",
)
_BOTTOM_TEMPLATES = (
    "（责任编辑：{name}）",
    "编辑：{name}　审核：{name2}",
    "责编：{name}",
    "【版权及免责声明】凡本网所属版权作品，转载时须获得授权并注明来源，违者本网将保留追究其相关法律责任的权力。",
    "版权所有：本网站　京ICP备{digits8}号-{n}",
    "扫一扫在手机打开当前页",
    "延伸阅读",
    "[打印本页] [关闭窗口]",
)


@dataclass
class _Edit:
    """The text being built: a prefix, one piece per original character, a suffix."""

    pieces: list[str]
    prefix: str = ""
    suffix: str = ""
    kinds: list[str] = field(default_factory=list)


class Augmenter:
    """Adds traditional script, pinyin insertions and boilerplate lines to documents with the configured probabilities."""

    def __init__(self, config: AugmentationConfig):
        self.config = config

    def augment(self, doc: Document, rng: random.Random) -> Document:
        """A noisy copy of ``doc`` (or ``doc`` itself when no noise is drawn); spans follow the edits exactly."""
        cfg = self.config
        use_boilerplate = rng.random() < cfg.boilerplate
        use_traditional = rng.random() < cfg.traditional
        use_pinyin = rng.random() < cfg.pinyin
        if not (use_boilerplate or use_traditional or use_pinyin):
            return doc
        edit = _Edit(pieces=list(doc.text))
        if use_boilerplate:
            edit.prefix, edit.suffix = boilerplate_lines(rng)
            edit.kinds.append("boilerplate")
        if use_traditional:
            edit.prefix, edit.suffix = to_traditional(edit.prefix), to_traditional(edit.suffix)
            edit.pieces = list(to_traditional("".join(edit.pieces)))
            edit.kinds.append("traditional")
        if use_pinyin:
            insert_pinyin(edit.pieces, rng)
            edit.kinds.append("pinyin")
        return _apply(doc, edit)


def to_traditional(text: str) -> str:
    """OpenCC s2t conversion keeping the length (character by character where a phrase would change it)."""
    converter = _s2t()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    out = []
    for char in text:
        one = converter.convert(char)
        out.append(one if len(one) == 1 else char)
    return "".join(out)


@lru_cache(maxsize=1)
def _s2t() -> Any:
    """The OpenCC simplified → traditional converter (loaded once)."""
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=1)
def pinyin_by_char() -> dict[str, str]:
    """``PINYIN`` keyed by both the simplified and the traditional form of each character."""
    table = dict(PINYIN)
    for simplified, syllable in PINYIN.items():
        table[to_traditional(simplified)] = syllable
    return table


def insert_pinyin(pieces: list[str], rng: random.Random) -> None:
    """Append ``(pinyin)`` to every occurrence of about half the table's characters, as a broken converter does."""
    table = pinyin_by_char()
    chosen = {char for char in sorted(table) if rng.random() < 0.5}
    left, right = ("（", "）") if rng.random() < 0.2 else ("(", ")")
    for i, piece in enumerate(pieces):
        if piece in chosen:
            pieces[i] = f"{piece}{left}{table[piece]}{right}"


def boilerplate_lines(rng: random.Random) -> tuple[str, str]:
    """A header (navigation, source/date, image file names) and a footer (editor, copyright) as ``(prefix, suffix)``."""

    def fill(template: str) -> str:
        year, month, day = rng.randint(2015, 2023), rng.randint(1, 12), rng.randint(1, 28)
        return template.format(
            name=rng.choice(_EDITORS),
            name2=rng.choice(_EDITORS),
            date=f"{year}-{month:02d}-{day:02d}",
            time=f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}",
            count=rng.randint(10, 9999),
            digits=f"{year}{month:02d}{day:02d}_{rng.randint(0, 999999):06d}",
            digits8=rng.randint(10_000_000, 99_999_999),
            n=rng.randint(1, 9),
            hex=f"{rng.getrandbits(64):016x}",
        )

    top = [fill(t) for t in rng.sample(_TOP_TEMPLATES, rng.randint(0, 2))]
    bottom = [fill(t) for t in rng.sample(_BOTTOM_TEMPLATES, rng.randint(1 if not top else 0, 2))]
    prefix = "".join(line + "\n" for line in top)
    suffix = "".join("\n" + line for line in bottom)
    return prefix, suffix


def _apply(doc: Document, edit: _Edit) -> Document:
    """The edited document; each entity spans its characters' pieces, a pinyin insertion after its last character included.

    That is the corpus convention (and what ``NormalizedText.to_raw_span`` returns for predictions).
    """
    if len(edit.pieces) != len(doc.text):
        raise RuntimeError(f"[{doc.id}] augmentation changed the number of characters")
    positions = []
    at = len(edit.prefix)
    for piece in edit.pieces:
        positions.append(at)
        at += len(piece)
    text = edit.prefix + "".join(edit.pieces) + edit.suffix
    entities = []
    for ent in doc.entities:
        start, end = positions[ent.start], positions[ent.end - 1] + len(edit.pieces[ent.end - 1])
        new_text = text[start:end]
        expected = "".join(edit.pieces[ent.start : ent.end])
        if new_text != expected:
            raise RuntimeError(f"[{doc.id}] entity {ent.id} {ent.text!r} lost its text in augmentation: {new_text!r} != {expected!r}")
        entities.append(Entity(start, end, ent.label, new_text, ent.id, ent.score, dict(ent.attrs)))
    meta = {**doc.meta, "augmented": list(edit.kinds)}
    return Document(doc.id, text, entities, list(doc.relations), meta)
