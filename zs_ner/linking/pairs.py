"""Candidate (head, tail) pairs for the learned linker and the sparse string features that describe each pair.

Candidates follow the guide's locality. Each records how it reaches across the text (``reach``):

- ``sentence``: both ends in one sentence;
- ``back``: a sentence without a project of its own points back to the projects of the last sentence that had
  some (项目总投资…, 投资方：…);
- ``qizhong``: a 其中 sentence whose projects were signed by the regions of the sentence before;
- ``heading``: a line that is only a region (二、安宁市) heads the project list under it;
- ``covering``: 上述项目均落户X covers the projects listed before it (settled case).

Features are plain strings (``amount_of|gap=的``) so they can be hashed into any table size; the rule linker's
decision is one of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from zs_ner.amount_role import amount_role
from zs_ner.document import Document, Entity
from zs_ner.linking.rules import link as rule_link
from zs_ner.linking.sentences import Sentence, clause_start, is_list_join, split_sentences
from zs_ner.schema import RELATION_TYPES

#: Sentences after the last one with a project whose entities may still point back to it.
MAX_SENTENCES_BACK = 2
#: Sentences before a covering statement (上述项目均落户X) whose projects it may cover.
MAX_SENTENCES_COVERED = 15
#: Gaps up to this many characters are used verbatim as a feature.
SHORT_GAP = 8
#: Characters of context taken on each side of an entity.
WINDOW = 8

#: Cue words looked for in the gap and around each end of a pair.
CUE_WORDS: tuple[str, ...] = (
    "投资", "总投资", "计划投资", "拟投资", "一期", "二期", "首期", "其中", "建设", "新建", "扩建", "投建", "打造", "实施",
    "落户", "落地", "位于", "坐落", "选址", "建设地点", "入驻", "签约", "签订", "签署", "引进", "与", "和", "由", "系", "投资方",
    "投资主体", "分别", "共", "累计", "合计", "总计", "总额", "税", "利润", "产值", "销售收入", "营业收入", "收入", "达产",
    "建成", "投产", "项目", "该项目", "这一项目", "个", "的", "在", "于", "为", "是", "旗下", "所属", "公司", "集团", "来自",
    "总部", "举行", "仪式", "会见", "基金", "补贴", "规模", "每", "全市", "全省", "全区", "全县", "以上", "约", "占地",
)  # fmt: skip

_BACK_REFERENCE = re.compile(
    r"该项目|这一项目|这个项目|此项目|上述项目|以上项目|该基地|该工程|该园区|该中心|其中|投资方|建设地点|项目|一期|二期|首期"
)
_QIZHONG = re.compile(r"^\W{0,3}其中")
#: 上述项目均落户X, 以上项目…; not a size class (亿元以上项目).
_COVERING = re.compile(r"(?:上述|这些|上列|(?<![0-9０-９元万亿千百个])以上)[^，,。；;]{0,6}项目")
#: List numbering and separators allowed around a region that stands alone as a heading line.
_HEADING_RIM = re.compile(r"^[\s#*·•●◆■【\[(（]*(?:[0-9]+|[一二三四五六七八九十]+)?[\s.、．:：)）】\]]*$")
_COUNTED = re.compile(r"[0-9一二三四五六七八九十百两]+(?:个|项|批)")


@dataclass(frozen=True)
class Candidate:
    """A possible relation ``label`` from ``head`` to ``tail``; ``reach`` says how it crosses sentences (module doc)."""

    head: Entity
    tail: Entity
    label: str
    sentences_apart: int = 0
    reach: str = "sentence"

    @property
    def project(self) -> Entity:
        """The PROJECT end of the pair (every relation type has one)."""
        return self.tail if self.label != "located_in" else self.head

    @property
    def other(self) -> Entity:
        """The non-project end: the AMOUNT, COMPANY or REGION."""
        return self.head if self.label != "located_in" else self.tail

    def key(self) -> tuple[str, str, str]:
        """``(head id, tail id, label)``, the identity of the relation it would make."""
        return (self.head.id or "", self.tail.id or "", self.label)


def _pair(a: Entity, b: Entity, apart: int, reach: str) -> Candidate | None:
    """The candidate joining ``a`` and ``b`` in the direction the schema allows, if any."""
    for name, rt in RELATION_TYPES.items():
        if a.label == rt.head and b.label == rt.tail:
            return Candidate(a, b, name, apart, reach)
        if b.label == rt.head and a.label == rt.tail:
            return Candidate(b, a, name, apart, reach)
    return None


def _heading_region(text: str, sent: Sentence) -> Entity | None:
    """The region a line consists of, numbering aside (二、安宁市; 【滇中新区】), else None."""
    if len(sent.entities) != 1 or sent.entities[0].label != "REGION":
        return None
    region = sent.entities[0]
    rim = text[sent.start : region.start] + text[region.end : sent.end]
    return region if _HEADING_RIM.match(rim) else None


def candidate_pairs(doc: Document, sentences: Sequence[Sentence]) -> list[Candidate]:
    """Every pair of entities that may be related under the guide's locality rule, in a stable order."""
    out: list[Candidate] = []
    seen: set[tuple[str, str, str]] = set()

    def add(cand: Candidate | None) -> None:
        if cand is not None and cand.key() not in seen:
            seen.add(cand.key())
            out.append(cand)

    last_with_projects: Sentence | None = None
    heading: tuple[Sentence, Entity] | None = None
    for sent in sentences:
        ents = sent.entities
        projects = [e for e in ents if e.label == "PROJECT"]
        for i, a in enumerate(ents):
            for b in ents[i + 1 :]:
                add(_pair(a, b, 0, "sentence"))
        if last_with_projects is not None:
            apart = sent.index - last_with_projects.index
            earlier = [e for e in last_with_projects.entities if e.label == "PROJECT"]
            if not projects and apart <= MAX_SENTENCES_BACK:
                for o in ents:
                    for p in earlier:
                        add(_pair(o, p, apart, "back"))
        if projects and sent.index > 0 and _QIZHONG.match(doc.text[sent.start : sent.start + 6]):
            for r in (e for e in sentences[sent.index - 1].entities if e.label == "REGION"):
                for p in projects:
                    add(_pair(p, r, 1, "qizhong"))
        region = _heading_region(doc.text, sent)
        if region is not None:
            heading = (sent, region)
        elif heading is not None:
            for p in projects:
                add(_pair(p, heading[1], sent.index - heading[0].index, "heading"))
        if _COVERING.search(doc.text, sent.start, sent.end):
            for r in (e for e in ents if e.label == "REGION"):
                for prev in sentences[max(0, sent.index - MAX_SENTENCES_COVERED) : sent.index]:
                    for p in (e for e in prev.entities if e.label == "PROJECT"):
                        add(_pair(p, r, sent.index - prev.index, "covering"))
            heading = None
        if projects:
            last_with_projects = sent
    return out


def _bucket(n: int, edges: Sequence[int] = (0, 1, 2, 3, 5, 9, 17, 33, 65, 129)) -> str:
    """``n`` as the label of its bucket (``<5`` style upper bounds, ``129+`` beyond the last)."""
    for lo, hi in zip(edges, edges[1:], strict=False):
        if lo <= n < hi:
            return str(lo) if hi == lo + 1 else f"{lo}-{hi - 1}"
    return f"{edges[-1]}+"


def _count(n: int) -> str:
    return str(n) if n < 3 else "3+"


def _cues(text: str) -> list[str]:
    return [c for c in CUE_WORDS if c in text]


def _masked(text: str, start: int, end: int, ents: Sequence[Entity]) -> str:
    """``text[start:end]`` with every entity inside replaced by its label in angle brackets."""
    parts, pos = [], start
    for e in ents:
        if start <= e.start and e.end <= end:
            parts.append(text[pos : e.start])
            parts.append(f"<{e.label}>")
            pos = e.end
    parts.append(text[pos:end])
    return "".join(parts)


@dataclass
class DocumentContext:
    """What every pair of one document shares: its sentences, entities in order, and the rule linker's output."""

    doc: Document
    sentences: list[Sentence]
    entities: list[Entity]
    sentence_of: dict[str, Sentence]
    rules: dict[tuple[str, str, str], str] = field(default_factory=dict)
    rule_heads: set[tuple[str, str]] = field(default_factory=set)
    rule_tails: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def build(cls, doc: Document) -> DocumentContext:
        """Split ``doc`` (normalised view) into sentences and run the rule linker on it."""
        doc.assign_ids()
        sentences = split_sentences(doc)
        ctx = cls(doc, sentences, doc.sorted_entities(), {e.id or "": s for s in sentences for e in s.entities})
        for r in rule_link(doc):
            ctx.rules[(r.head, r.tail, r.label)] = str(r.attrs.get("rule", "rule"))
            ctx.rule_heads.add((r.head, r.label))
            ctx.rule_tails.add((r.tail, r.label))
        return ctx


def pair_features(ctx: DocumentContext, cand: Candidate) -> list[str]:
    """The sparse features of one candidate, every one prefixed with its relation type."""
    text = ctx.doc.text
    proj, other = cand.project, cand.other
    first, second = (other, proj) if other.start < proj.start else (proj, other)
    direction = "o<p" if first is other else "p<o"
    gap_start, gap_end = first.end, max(first.end, second.start)
    gap = text[gap_start:gap_end]
    between = [e for e in ctx.entities if gap_start <= e.start and e.end <= gap_end]
    masked_gap = _masked(text, gap_start, gap_end, between)
    sent_o = ctx.sentence_of.get(other.id or "")
    sent_p = ctx.sentence_of.get(proj.id or "")
    floor = sent_o.start if sent_o is not None else 0
    ceil = sent_o.end if sent_o is not None else len(text)

    f: list[str] = ["bias", f"dir={direction}", f"reach={cand.reach}", f"apart={_count(cand.sentences_apart)}"]
    dist = _bucket(len(gap))
    f += [f"dist={dist}", f"dir_dist={direction}|{dist}"]
    for label in ("REGION", "COMPANY", "AMOUNT", "PROJECT"):
        n = _count(sum(e.label == label for e in between))
        f.append(f"between_{label}={n}")
        f.append(f"dir_between_{label}={direction}|{n}")
    f += [
        f"commas={_count(gap.count('，') + gap.count(','))}",
        f"semicolons={_count(gap.count('；') + gap.count(';'))}",
        f"colons={_count(gap.count('：') + gap.count(':'))}",
        f"stops={_count(len(re.findall(r'[。！？!?]', gap)))}",
        f"newline={chr(10) in gap}",
        f"paren={bool(re.search(r'[(（)）]', gap))}",
    ]
    if len(masked_gap) <= SHORT_GAP:
        f += [f"gap={masked_gap}", f"dir_gap={direction}|{masked_gap}"]
    else:
        f += [f"gap_head={masked_gap[:2]}", f"gap_tail={masked_gap[-2:]}"]
    f += [f"gap_cue={c}" for c in _cues(masked_gap)]
    f += [f"dir_gap_cue={direction}|{c}" for c in _cues(masked_gap)]

    # context of each end, kept inside the end's own sentence
    o_left = text[max(floor, other.start - WINDOW) : other.start]
    o_right = text[other.end : min(ceil, other.end + WINDOW)]
    p_floor = sent_p.start if sent_p is not None else 0
    p_ceil = sent_p.end if sent_p is not None else len(text)
    p_left = text[max(p_floor, proj.start - WINDOW) : proj.start]
    p_right = text[proj.end : min(p_ceil, proj.end + WINDOW)]
    for name, window in (("o_left", o_left), ("o_right", o_right), ("p_left", p_left), ("p_right", p_right)):
        f += [f"{name}_cue={c}" for c in _cues(window)]
    f += [f"o_left2={o_left[-2:]}", f"o_right2={o_right[:2]}", f"p_left2={p_left[-2:]}", f"p_right2={p_right[:2]}"]
    f += [f"o_left1={o_left[-1:]}", f"o_right1={o_right[:1]}", f"p_left1={p_left[-1:]}", f"p_right1={p_right[:1]}"]
    clause = text[clause_start(text, other.start, floor) : other.start]
    f += [f"o_clause_cue={c}" for c in _cues(clause)]
    if sent_o is not None and _COUNTED.search(text[sent_o.start : other.start]):
        f.append("counted_before_other")
    if other.label == "AMOUNT":
        f.append(f"role={amount_role(text, other.start, other.end)}")

    f += [f"other_conf={_confidence(other)}", f"proj_conf={_confidence(proj)}"]
    f += _nearest_features(ctx, cand, direction)
    f += _sentence_features(ctx, cand, sent_o, sent_p)
    f += _rule_features(ctx, cand, direction)
    return [f"{cand.label}|{x}" for x in f]


def _confidence(e: Entity) -> str:
    """The tagger's score of an entity as a coarse bucket; ``none`` for annotated entities."""
    if e.score is None:
        return "none"
    return next(f">={t}" for t in (0.97, 0.9, 0.7, 0.5, 0.0) if e.score >= t)


def _nearest_features(ctx: DocumentContext, cand: Candidate, direction: str) -> list[str]:
    """Whether the project is the closest one to the other end, and the other end the closest of its label."""
    proj, other = cand.project, cand.other
    sent = ctx.sentence_of.get(other.id or "")
    sent_p = ctx.sentence_of.get(proj.id or "")

    def distance(a: Entity, b: Entity) -> int:
        return max(a.start, b.start) - min(a.end, b.end)

    around = [s for s in (sent, sent_p) if s is not None]
    if len(around) == 2 and around[0].index == around[1].index:
        around = around[:1]
    projects = [e for s in around for e in s.entities if e.label == "PROJECT"]
    rivals = [e for s in around for e in s.entities if e.label == other.label]
    f: list[str] = []
    rank = sorted(projects, key=lambda p: (distance(p, other), p.start)).index(proj) if proj in projects else 9
    f += [f"proj_rank={_count(rank)}", f"dir_proj_rank={direction}|{_count(rank)}"]
    same_side = [p for p in projects if (p.start < other.start) == (proj.start < other.start)]
    side_rank = sorted(same_side, key=lambda p: distance(p, other)).index(proj) if proj in same_side else 9
    f.append(f"proj_side_rank={direction}|{_count(side_rank)}")
    o_rank = sorted(rivals, key=lambda o: (distance(o, proj), o.start)).index(other) if other in rivals else 9
    f += [f"other_rank={_count(o_rank)}", f"dir_other_rank={direction}|{_count(o_rank)}"]
    return f


def _sentence_features(ctx: DocumentContext, cand: Candidate, sent_o: Sentence | None, sent_p: Sentence | None) -> list[str]:
    """Sentence-level facts: how many projects, list membership, back-references, 分别."""
    text = ctx.doc.text
    proj, other = cand.project, cand.other
    f: list[str] = []
    if sent_p is not None:
        projects = [e for e in sent_p.entities if e.label == "PROJECT"]
        f.append(f"sent_projects={_count(len(projects))}")
        idx = projects.index(proj)
        in_list = (idx > 0 and is_list_join(text[projects[idx - 1].end : proj.start])) or (
            idx + 1 < len(projects) and is_list_join(text[proj.end : projects[idx + 1].start])
        )
        if in_list:
            f.append("proj_in_list")
    if sent_o is not None:
        head = text[sent_o.start : sent_o.start + 15]
        if cand.sentences_apart:
            m = _BACK_REFERENCE.search(head)
            f.append(f"back_ref={m.group(0) if m else 'none'}")
            if _QIZHONG.match(head):
                f.append("qizhong_sentence")
        if "分别" in text[sent_o.start : other.start]:
            f.append("respectively_before_other")
        n_same = sum(e.label == other.label for e in sent_o.entities)
        f.append(f"sent_{other.label}={_count(n_same)}")
    if other.label == "REGION":
        nxt = [e for e in ctx.entities if e.start >= other.end][:1]
        if nxt and nxt[0].label == "COMPANY" and text[other.end : nxt[0].start] in ("", "的"):
            f.append("region_modifies_company")
    return f


def _rule_features(ctx: DocumentContext, cand: Candidate, direction: str) -> list[str]:
    """The rule linker's decision on this pair and on its two ends."""
    head_id, tail_id, label = cand.key()
    rule = ctx.rules.get((head_id, tail_id, label))
    f = [f"rule={rule or 'none'}", f"dir_rule={direction}|{rule is not None}", f"reach_rule={cand.reach}|{rule is not None}"]
    if rule is None:
        if (head_id, label) in ctx.rule_heads:
            f.append("rule_head_linked_elsewhere")
        if (tail_id, label) in ctx.rule_tails:
            f.append("rule_tail_linked_elsewhere")
    return f
