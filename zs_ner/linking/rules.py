"""Rule-based linker: amount_of, investor_of and located_in from the entities of one document.

The rules follow the guide and the patterns of the annotated corpus; every relation records the rule
that produced it in ``attrs["rule"]`` so a reviewer can see why a link was made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from zs_ner.document import Document, Entity, Relation
from zs_ner.linking.sentences import Sentence, clause_start, has_clause_break, split_sentences

# -- amount_of ------------------------------------------------------------------------------------
#: Text allowed between an amount and the project it introduces (投资10亿元的X项目, 签订10亿元X项目).
_AMOUNT_TO_PROJECT_GAP = re.compile(r"^(?:元|人民币)?(?:以上|左右|多)?(?:的|[，,]?用于|用于建设|建设|新建|打造|投资建设|投建)?(?:的)?$")
#: Figures that never link to a project (guide: tax and profit do not link).
_NON_LINKING_CUE = re.compile(r"(?:利税|税收|纳税|税金|利润|净利|贷款|授信|融资额度)")
#: Words that mark an amount as a total over several things.
_TOTAL_CUE = re.compile(r"(?:共|总计|合计|累计|共计|总额|总金额|签约额|签约总额|协议引资|合同引资|引资)")
#: A counted mention (签约项目12个, 12个项目) earlier in the clause makes the amount a total.
_COUNTED = re.compile(r"(?:[0-9一二三四五六七八九十百两]+(?:个|项|批)(?:项目)?|项目[0-9一二三四五六七八九十百两]+(?:个|项))")
_PROJECT_ANAPHORA = re.compile(r"(?:该项目|这一项目|这个项目|此项目|上述项目|项目[一二三四]期|项目(?:一|二)期|该基地|该工程|该园区|^项目|^\W{0,3}项目|其中(?:一期|二期))")
_LIST_JOIN = re.compile(r"^(?:、|和|及|与|以及|，|,)$")

# -- investor_of ----------------------------------------------------------------------------------
_INVEST_VERB = re.compile(r"(?:投资|投建|建设|新建|兴建|扩建|打造|签约|签订|签署|落户|实施|承建|运营|布局|引进|设立|开工|启动|计划|拟|将|的)")
_BY_COMPANY = re.compile(r"^(?:由|系|为|是)$")
_COMPANY_AFTER_PROJECT = re.compile(r"^(?:由|系由|的投资方为|投资方为|的投资方是|投资主体为|由其)$")
#: Words that name the investor of the project mentioned just before (…项目，投资方为X公司).
_INVESTOR_INTRO = re.compile(r"(?:投资方为|投资方是|投资主体为|投资主体是|建设单位为|建设单位是|项目业主为|业主单位为|由)$")

# -- located_in ------------------------------------------------------------------------------------
_LANDS_AFTER = re.compile(r"(?:落户|落地|位于|坐落于|选址|建在|布局|花落|签约落户|落户于|落地于|设在|入驻)$")
_LOCATIVE_BEFORE = re.compile(r"(?:在|于|落户|位于|坐落于|落地|入驻|选址|赴|到)$")
_NOT_SITE_AFTER = re.compile(r"^(?:举行|召开|举办|开幕|闭幕|签约仪式|的签约仪式|会见|考察|调研|客商|企业家|商会)")
_FROM_BEFORE = re.compile(r"(?:来自|总部位于|总部设在|注册于|籍)$")
_SUBJECT_VERB = re.compile(r"(?:与|同|和|签约|签订|签署|引进|招引|引来|落地|开工|新开工|建设|集中签约|共签约|成功签约|迎来|实施|推进|谋划|新建|启动|投产)")


def _rel(head: Entity, tail: Entity, label: str, rule: str) -> Relation:
    assert head.id is not None and tail.id is not None
    return Relation(head.id, tail.id, label, attrs={"rule": rule})


def _gap(text: str, a: Entity, b: Entity) -> str:
    return text[a.end : b.start]


def _project_group(projects: Sequence[Entity], text: str, last: Entity) -> list[Entity]:
    """``last`` and the projects listed right before it (A、B和C), in text order."""
    group = [last]
    idx = projects.index(last)
    while idx > 0 and _LIST_JOIN.match(_gap(text, projects[idx - 1], projects[idx]).strip()):
        idx -= 1
        group.insert(0, projects[idx])
    return group


def link_amounts(doc: Document, sentences: Sequence[Sentence]) -> list[Relation]:
    """amount_of: the amount introduces the next project, or follows the project of its clause chain."""
    text = doc.text
    out: list[Relation] = []
    prev_projects: list[Entity] = []
    for sent in sentences:
        ents = list(sent.entities)
        projects = [e for e in ents if e.label == "PROJECT"]
        for i, amt in enumerate(ents):
            if amt.label != "AMOUNT":
                continue
            cstart = clause_start(text, amt.start, sent.start)
            before = text[cstart : amt.start]
            if _NON_LINKING_CUE.search(before[-8:]):
                continue
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            if nxt is not None and nxt.label == "PROJECT" and _AMOUNT_TO_PROJECT_GAP.match(_gap(text, amt, nxt)):
                out.append(_rel(amt, nxt, "amount_of", "amount-before-project"))
                continue
            earlier = [p for p in projects if p.end <= amt.start]
            if earlier:
                proj = earlier[-1]
                between = text[proj.end : amt.start]
                other_amounts = [e for e in ents if e.label == "AMOUNT" and proj.end <= e.start < amt.start]
                # a later amount after another amount in the same clause chain still belongs to the project
                # (总投资10亿元，达产后年产值20亿元) unless a sentence-level total cue intervenes.
                group = _project_group(projects, text, proj)
                if len(group) > 1 and (_TOTAL_CUE.search(between) or "总投资" in between):
                    continue  # a total over several listed projects links to none of them
                if _COUNTED.search(between):
                    continue
                if len(between) > 60 and not other_amounts:
                    continue
                if re.search(r"(?:全市|全省|全区|全县|今年|上半年|全年|累计)", between):
                    continue
                out.append(_rel(amt, proj, "amount_of", "project-then-amount"))
                continue
            refers_back = not projects and prev_projects and _PROJECT_ANAPHORA.search(text[sent.start : amt.start])
            if refers_back and not _COUNTED.search(before) and not re.search(r"(?:全市|全省|全区|全县|共)", before):
                out.append(_rel(amt, prev_projects[-1], "amount_of", "anaphora"))
        if projects:
            prev_projects = projects
    return out


def link_investors(doc: Document, sentences: Sequence[Sentence]) -> list[Relation]:
    """investor_of: a company fused before, invests in, signs or builds the project of its sentence."""
    text = doc.text
    out: list[Relation] = []
    seen: set[tuple[str, str]] = set()

    def add(c: Entity, p: Entity, rule: str) -> None:
        key = (c.id or "", p.id or "")
        if key not in seen:
            seen.add(key)
            out.append(_rel(c, p, "investor_of", rule))

    prev_projects: list[Entity] = []
    for sent in sentences:
        ents = list(sent.entities)
        projects = [e for e in ents if e.label == "PROJECT"]
        for i, comp in enumerate(ents):
            if comp.label != "COMPANY":
                continue
            # PROJECT 由 COMPANY 投资建设; PROJECT，投资方为 COMPANY
            prev = ents[i - 1] if i > 0 else None
            if prev is not None and prev.label == "PROJECT" and _COMPANY_AFTER_PROJECT.match(_gap(text, prev, comp)):
                add(comp, prev, "project-by-company")
                continue
            lead = text[max(sent.start, comp.start - 8) : comp.start]
            earlier = [p for p in projects if p.end <= comp.start]
            if earlier and _INVESTOR_INTRO.search(lead) and not any(e.label == "COMPANY" for e in ents if earlier[-1].end <= e.start < comp.start):
                add(comp, earlier[-1], "investor-named-after")
                continue
            if not projects and prev_projects and re.search(r"(?:该项目|这一项目|项目)由$", text[max(sent.start, comp.start - 6) : comp.start]):
                add(comp, prev_projects[-1], "anaphora")
                continue
            # COMPANY … PROJECT later in the sentence, no other company in between
            for j in range(i + 1, len(ents)):
                nxt = ents[j]
                if nxt.label == "COMPANY":
                    break
                if nxt.label != "PROJECT":
                    continue
                gap = _gap(text, comp, nxt)
                if gap == "" or gap == "的":
                    add(comp, nxt, "company-before-project")
                elif len(gap) <= 40 and _INVEST_VERB.search(gap) and not re.search(r"[。；;]", gap):
                    add(comp, nxt, "company-verb-project")
                else:
                    break
                # projects listed right after (A、B和C) share the investor
                k = j
                while k + 1 < len(ents) and ents[k + 1].label == "PROJECT" and _LIST_JOIN.match(_gap(text, ents[k], ents[k + 1]).strip()):
                    k += 1
                    add(comp, ents[k], "company-verb-project")
                break
        if projects:
            prev_projects = projects
    return out


def _is_site(text: str, region: Entity, ents: Sequence[Entity], idx: int) -> bool:
    """False for the investor's home town, a signing venue, or a place that only modifies a company."""
    after = text[region.end : region.end + 8]
    before = text[max(0, region.start - 6) : region.start]
    if _NOT_SITE_AFTER.match(after) or _FROM_BEFORE.search(before):
        return False
    nxt = ents[idx + 1] if idx + 1 < len(ents) else None
    return not (nxt is not None and nxt.label == "COMPANY" and _gap(text, region, nxt) in ("", "的"))


def link_locations(doc: Document, sentences: Sequence[Sentence]) -> list[Relation]:
    """located_in: the project lands in, is sited in, or is signed by the region of its sentence."""
    text = doc.text
    out: list[Relation] = []
    seen: set[tuple[str, str]] = set()

    def add(p: Entity, r: Entity, rule: str) -> None:
        key = (p.id or "", r.id or "")
        if key not in seen:
            seen.add(key)
            out.append(_rel(p, r, "located_in", rule))

    for sent in sentences:
        ents = list(sent.entities)
        for i, proj in enumerate(ents):
            if proj.label != "PROJECT":
                continue
            # PROJECT 落户/位于 REGION; PROJECT，总投资X，选址 REGION
            after = []
            for e in ents[i + 1 :]:
                if e.label == "PROJECT":
                    break
                if e.label == "REGION":
                    after.append(e)
            if after:
                reg = after[0]
                gap = _gap(text, proj, reg)
                if _LANDS_AFTER.search(gap) and (len(gap) <= 12 and not has_clause_break(gap) or len(gap) <= 60):
                    add(proj, reg, "project-lands-in")
                    continue
            # 在/落户/位于 REGION … PROJECT, or REGION as the subject that signs/attracts/builds it
            candidates = [(j, e) for j, e in enumerate(ents[:i]) if e.label == "REGION"]
            for j, reg in reversed(candidates):
                if not _is_site(text, reg, ents, j):
                    continue
                gap = _gap(text, reg, proj)
                before = text[max(sent.start, reg.start - 4) : reg.start]
                if gap == "" or (_LOCATIVE_BEFORE.search(before) and len(gap) <= 30):
                    add(proj, reg, "in-region-project" if gap else "region-before-project")
                    break
                cstart = clause_start(text, reg.start, sent.start)
                lead = text[cstart : reg.start]
                subject = len(lead.strip()) <= 12 and not re.search(r"[的与和同]$", lead)
                if subject and _SUBJECT_VERB.search(gap[:20]) and len(gap) <= 120:
                    add(proj, reg, "region-subject")
                    break
    return out


def link(doc: Document) -> list[Relation]:
    """All three relation types for ``doc`` (entities need ids; missing ones are assigned)."""
    doc.assign_ids()
    sentences = split_sentences(doc)
    return link_amounts(doc, sentences) + link_investors(doc, sentences) + link_locations(doc, sentences)
