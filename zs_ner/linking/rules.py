"""Rule-based linker: amount_of, investor_of and located_in from the entities of one document.

The rules follow the guide and the patterns of the annotated corpus; every relation records the rule
that produced it in ``attrs["rule"]`` so a reviewer can see why a link was made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from zs_ner.document import Document, Entity, Relation
from zs_ner.linking.sentences import Sentence, clause_start, has_clause_break, is_list_join, split_sentences

# -- amount_of ------------------------------------------------------------------------------------
#: Text allowed between an amount and the project it introduces (投资10亿元的X项目, 签订10亿元X项目).
_AMOUNT_TO_PROJECT_GAP = re.compile(r"^(?:元|人民币)?(?:以上|左右|多)?(?:的|[，,]?用于|用于建设|建设|新建|打造|投资建设|投建)?(?:的)?$")
#: Figures that never link to a project (guide: tax and profit do not link).
#: Amount, then a verb phrase that builds the next project: 投资8000万欧元，在区内扩建X; 斥资38亿港元建X.
_AMOUNT_VERB_PROJECT_GAP = re.compile(
    r"^(?:元|人民币)?[，,]?(?:分[两三]期)?(?:在[^，,。；;]{0,30}?)?(?:[，,])?(?:用于|主要用于)?"
    r"(?:建设|兴建|新建|扩建|改建|建|设立|实施|打造|投建|投资建设|布局|上马|启动|引进|落地|落户)(?:了|其)?(?:[^，,。；;]{0,12}的)?$"
)
_RESPECTIVELY = re.compile(r"分别(?:为|是|达|达到|约|投资)?")
_NON_LINKING_CUE = re.compile(r"(?:利税|税收|纳税|税金|利润|净利|贷款|授信|融资额度|每[^，,。；;]{0,5}|撬动|基金规模|规模)")
#: Money that sizes a fund, a subsidy or a unit price, not a project: 规模100亿元的产业基金; 1.5元的租金补贴.
_NOT_PROJECT_MONEY_AFTER = re.compile(r"^[^，,。；;]{0,8}(?:基金|补贴|补助|奖励|租金|/吨|/平方米|每)")
#: Words that mark an amount as a total over several things.
_TOTAL_CUE = re.compile(r"(?:共|总计|合计|累计|共计|总额|总金额|签约额|签约总额|协议引资|合同引资|引资)")
#: A counted mention (签约项目12个, 12个项目) earlier in the clause makes the amount a total.
_COUNTED = re.compile(r"(?:[0-9一二三四五六七八九十百两]+(?:个|项|批)(?:项目)?|项目[0-9一二三四五六七八九十百两]+(?:个|项))")
_PROJECT_ANAPHORA = re.compile(
    r"(?:该项目|这一项目|这个项目|此项目|上述项目|项目[一二三四]期|该基地|该工程|该园区|该中心|其中(?:一期|二期|首期)|"
    r"^[\s“\"]{0,2}(?:项目|基地|工程|园区|中心|工厂|新厂)(?:首期|一期|二期|三期|建成|全面建成|达产|投产|总投资|计划|预计|占地|规划)?)"
)

# -- investor_of ----------------------------------------------------------------------------------
_INVEST_VERB = re.compile(r"(?:投资|投建|建设|新建|兴建|扩建|打造|签约|签订|签署|落户|实施|承建|运营|布局|引进|设立|开工|启动|计划|拟|将|的)")
_BY_COMPANY = re.compile(r"^(?:由|系|为|是)$")
_COMPANY_AFTER_PROJECT = re.compile(r"^(?:由|系由|的投资方为|投资方为|的投资方是|投资主体为|由其)$")
#: Words that name the investor of the project mentioned just before (…项目，投资方为X公司).
_INVESTOR_INTRO = re.compile(r"(?:投资方为|投资方是|投资主体为|投资主体是|建设单位为|建设单位是|项目业主为|业主单位为|由)$")

# -- located_in ------------------------------------------------------------------------------------
_LANDS_AFTER = re.compile(r"(?:落户|落地|位于|坐落于|选址|建在|布局|花落|签约落户|落户于|落地于|设在|入驻)$")
_LOCATIVE_BEFORE = re.compile(r"(?:在|于|落户|位于|坐落于|落地|入驻|选址|赴|到)(?:[^，,。；;X]{0,5})$")
_BUILT_AFTER = re.compile(r"^[^，,。；;]{0,8}?(?:建设|兴建|新建|扩建|开工|动工|开建|落地|投产|建成|落户|奠基|破土)")
_LINE_HEAD = re.compile(r"^[\s·•●◆■\-–—*]*$")
_NOT_SITE_AFTER = re.compile(
    r"^(?:举行|召开|举办|开幕|闭幕|签约仪式|的签约仪式|会见|考察|调研|客商|企业家|企业|商会|商人|援疆|援藏|对口|资金|财政|"
    r"的[^，,。；;]{0,8}(?:企业|公司|集团|客商|商人)|[A-Za-z])"
)
#: What may stand before a region that is the subject of its clause (此外，大厂县签约了…).
_SUBJECT_LEAD = re.compile(
    r"^(?:\s|此外|同时|其中|另外|另|目前|据悉|据了解|今年|去年|近年来|当天|当日|日前|近日|随后|[0-9]+月[0-9]+日|上午|下午|[0-9]+年|、|"
    r"【[^】]{0,12}】|\[[^\]]{0,12}\]|[0-9]+[.、．]|[一二三四五六七八九十]+、|[(（][0-9一二三四五六七八九十]+[)）])*$"
)
_BUILD_VERB = re.compile(r"(?:建设|兴建|新建|扩建|建|投资|投建|落户|落地|开工|设立|打造|实施|引进|签约|签订|布局)")
#: List-item fields: …项目；投资方：X；建设地点：Y.
_FIELD_INVESTOR = re.compile(r"(?:投资方|投资主体|建设单位|项目业主|业主单位|签约企业|企业名称)\s*[:：]\s*$")
_FIELD_SITE = re.compile(r"(?:建设地点|项目地点|选址|落户地|项目选址|所在地|实施地点|地点)\s*[:：]\s*$")
_FROM_BEFORE = re.compile(r"(?:来自|总部位于|总部设在|注册于|籍)$")
_SUBJECT_VERB = re.compile(
    r"(?:与|同|和|签约|签订|签署|引进|招引|引来|落地|开工|新开工|建设|集中签约|共签约|成功签约|迎来|实施|推进|谋划|新建|启动|投产|"
    r"洽谈|拟建|拟引进|计划|合资建设|合作建设|依托|建|引资|斥资)"
)


def _rel(head: Entity, tail: Entity, label: str, rule: str) -> Relation:
    assert head.id is not None and tail.id is not None
    return Relation(head.id, tail.id, label, attrs={"rule": rule})


def _gap(text: str, a: Entity, b: Entity) -> str:
    return text[a.end : b.start]


def _strip_entities(text: str, a: Entity, b: Entity, ents: Sequence[Entity]) -> str:
    """The text between ``a`` and ``b`` with REGION/COMPANY mentions inside it replaced by ``X``."""
    gap = []
    pos = a.end
    for e in ents:
        if a.end <= e.start and e.end <= b.start:
            gap.append(text[pos : e.start])
            gap.append("X")
            pos = e.end
    gap.append(text[pos : b.start])
    return "".join(gap)


def _project_group(projects: Sequence[Entity], text: str, last: Entity) -> list[Entity]:
    """``last`` and the projects listed right before it (A、B和C), in text order."""
    group = [last]
    idx = projects.index(last)
    while idx > 0 and is_list_join(_gap(text, projects[idx - 1], projects[idx])):
        idx -= 1
        group.insert(0, projects[idx])
    return group


def _referent(prev: Sequence[Entity], text: str) -> Entity | None:
    """The project a later 该项目 points to: the last one not introduced as a comparison (继X之后, 比X)."""
    for p in reversed(prev):
        if not re.search(r"(?:继|比|像|如同|不同于|相比)[^，,。]{0,3}$", text[max(0, p.start - 5) : p.start]):
            return p
    return None


def _respectively(text: str, sent: Sentence, amt: Entity, projects: Sequence[Entity]) -> Entity | None:
    """For 'A、B等项目，总投资分别为18亿元和9.5亿元', the project at the amount's rank after 分别."""
    matches = list(_RESPECTIVELY.finditer(text, sent.start, amt.start))
    if not matches:
        return None
    m = matches[-1]
    amounts = [e for e in sent.entities if e.label == "AMOUNT" and e.start >= m.end()]
    listed = [p for p in projects if p.end <= m.start()]
    if not listed or amt not in amounts:
        return None
    group = _project_group(projects, text, listed[-1])
    rank = amounts.index(amt)
    if len(group) < 2 or rank >= len(group):
        return None
    return group[rank]


def link_amounts(doc: Document, sentences: Sequence[Sentence]) -> list[Relation]:
    """amount_of: the amount introduces the next project, or follows the project of its clause chain."""
    text = doc.text
    out: list[Relation] = []
    prev_projects: list[Entity] = []
    since_projects = 0
    for sent in sentences:
        ents = list(sent.entities)
        projects = [e for e in ents if e.label == "PROJECT"]
        for i, amt in enumerate(ents):
            if amt.label != "AMOUNT":
                continue
            cstart = clause_start(text, amt.start, sent.start)
            before = text[cstart : amt.start]
            if _NON_LINKING_CUE.search(before[-8:]) or _NOT_PROJECT_MONEY_AFTER.match(text[amt.end : amt.end + 14]):
                continue
            paired = _respectively(text, sent, amt, projects)
            if paired is not None:
                out.append(_rel(amt, paired, "amount_of", "respectively"))
                continue
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            if nxt is not None and nxt.label == "PROJECT" and _AMOUNT_TO_PROJECT_GAP.match(_gap(text, amt, nxt)):
                out.append(_rel(amt, nxt, "amount_of", "amount-before-project"))
                continue
            following = [e for e in ents[i + 1 :] if e.label in ("PROJECT", "AMOUNT")]
            if following and following[0].label == "PROJECT" and _AMOUNT_VERB_PROJECT_GAP.match(_strip_entities(text, amt, following[0], ents)):
                out.append(_rel(amt, following[0], "amount_of", "amount-verb-project"))
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
                if re.search(r"(?:全市|全省|全区|全县|累计)", between):
                    continue
                out.append(_rel(amt, proj, "amount_of", "project-then-amount"))
                continue
            refers_back = not projects and prev_projects and since_projects <= 1 and _PROJECT_ANAPHORA.search(text[sent.start : amt.start])
            if refers_back and not _COUNTED.search(before) and not re.search(r"(?:全市|全省|全区|全县|共)", before):
                target = _referent(prev_projects, text)
                if target is not None:
                    out.append(_rel(amt, target, "amount_of", "anaphora"))
        if projects:
            prev_projects = projects
            since_projects = 0
        else:
            since_projects += 1
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
                while k + 1 < len(ents) and ents[k + 1].label == "PROJECT" and is_list_join(_gap(text, ents[k], ents[k + 1])):
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
                following = text[reg.end : reg.end + 10]
                if _LANDS_AFTER.search(gap) and (len(gap) <= 12 and not has_clause_break(gap) or len(gap) <= 60):
                    add(proj, reg, "project-lands-in")
                    continue
                if re.search(r"在$", gap) and len(gap) <= 40 and _BUILT_AFTER.match(following):
                    add(proj, reg, "project-built-in")  # X项目在Y开工; X项目，由Z公司在Y建设
                    continue
                if re.match(r"^[(（]$", gap) and re.match(r"^[)）]", following):
                    add(proj, reg, "parenthesised-site")  # 新能源基地先导工程(杭锦旗)
                    continue
            # 在/落户/位于 REGION … PROJECT (the site), and REGION as the subject that signs/attracts/builds it
            candidates = [(j, e) for j, e in enumerate(ents[:i]) if e.label == "REGION"]
            site = subject_found = False
            for j, reg in reversed(candidates):
                if site and subject_found:
                    break
                if not _is_site(text, reg, ents, j):
                    continue
                gap = _gap(text, reg, proj)
                before = text[max(sent.start, reg.start - 8) : reg.start]
                cstart = clause_start(text, reg.start, sent.start)
                lead = text[cstart : reg.start]
                if not site:
                    rule = None
                    if gap == "":
                        rule = "region-before-project"
                    elif _LOCATIVE_BEFORE.search(before) and len(gap) <= 30 and not has_clause_break(gap):
                        if _BUILD_VERB.search(gap) or re.match(r"^(?:内|境内)?的$", gap):
                            rule = "in-region-project"  # 在Y建设X; 位于Y的X; 扩建其在Y的X
                    elif re.match(r"^[:：]$", gap) and _LINE_HEAD.match(text[sent.start : reg.start]):
                        rule = "headline-colon"  # · 龙江县：年产10万吨燕麦食品项目正式开工
                    elif re.search(r"在$", before) and re.match(r"^[，,]", gap) and _SUBJECT_LEAD.match(lead[:-1] if lead.endswith("在") else lead):
                        rule = "locative-header"  # 在勐海县，大益集团投资6.8亿元的X项目……
                    if rule:
                        add(proj, reg, rule)
                        for k in range(j - 1, -1, -1):  # 在苏仙石乡和汪岗镇建设X: every listed site
                            if ents[k].label != "REGION" or not is_list_join(_gap(text, ents[k], ents[k + 1])):
                                break
                            add(proj, ents[k], rule)
                        site = True
                        continue
                    if gap == "的" and not _FROM_BEFORE.search(before):
                        add(proj, reg, "region-de-project")  # 松山区的中国移动赤峰数据中心一期
                        site = True
                        continue
                    if re.search(r"(?:与|同|和)$", before) and re.match(r"^(?:正式|成功|顺利)?(?:签约|签订|签署)", gap) and len(gap) <= 60:
                        add(proj, reg, "signing-counterparty")  # X公司与Y开发区签约，投资…建设Z项目
                        site = True
                        continue
                headline_lead = re.split(r"\s+", lead)[-1]
                if not subject_found and (_SUBJECT_LEAD.match(lead) or _SUBJECT_LEAD.match(headline_lead)) and _SUBJECT_VERB.search(gap[:24]) and len(gap) <= 120:
                    add(proj, reg, "region-subject")
                    subject_found = True
    return out


_ROW_START = re.compile(r"^\s*(?:[0-9０-９]+|[一二三四五六七八九十]+)[\s.、．:：)）]")
_ROW_SEPARATOR = re.compile(r"^[\s,，;；、|｜/]*$")


def link_table_rows(doc: Document, lines: Sequence[Sentence]) -> list[Relation]:
    """Numbered rows of a project table: 'N PROJECT COMPANY AMOUNT REGION' (separators only between cells)."""
    text = doc.text
    out: list[Relation] = []
    for line in lines:
        ents = list(line.entities)
        if len(ents) < 2 or ents[0].label != "PROJECT" or not _ROW_START.match(text[line.start : ents[0].start] + " "):
            continue
        proj, last = ents[0], ents[-1]
        if any(e.label == "PROJECT" for e in ents[1:]):
            continue
        if last.label == "REGION" and _ROW_SEPARATOR.match(_gap(text, ents[-2], last)) and re.match(r"^[\s。.;；]*$", text[last.end : line.end]):
            out.append(_rel(proj, last, "located_in", "table-row"))
        for e in ents[1:]:
            if e.label == "COMPANY" and _ROW_SEPARATOR.match(text[ents[ents.index(e) - 1].end : e.start]) and ents.index(e) == 1:
                out.append(_rel(e, proj, "investor_of", "table-row"))
    return out


def link_location_anaphora(doc: Document, sentences: Sequence[Sentence]) -> list[Relation]:
    """项目总投资22亿元，选址兰陵经济开发区: a sentence about 该项目/项目 sites the previous sentence's project."""
    text = doc.text
    out: list[Relation] = []
    prev_projects: list[Entity] = []
    since = 0
    for sent in sentences:
        ents = list(sent.entities)
        projects = [e for e in ents if e.label == "PROJECT"]
        if not projects and prev_projects and since <= 1 and _PROJECT_ANAPHORA.search(text[sent.start : sent.start + 12]):
            target = _referent(prev_projects, text)
            regions = [e for e in ents if e.label == "REGION"]
            for idx, reg in enumerate(regions):
                before = text[max(sent.start, reg.start - 8) : reg.start]
                after = text[reg.end : reg.end + 10]
                joined = idx > 0 and is_list_join(_gap(text, regions[idx - 1], reg)) and out and out[-1].tail == regions[idx - 1].id
                if target is not None and (_LANDS_AFTER.search(before) or (_LOCATIVE_BEFORE.search(before) and _BUILT_AFTER.match(after)) or joined):
                    out.append(_rel(target, reg, "located_in", "anaphora"))
        if projects:
            prev_projects, since = projects, 0
        else:
            since += 1
    return out


def link_list_fields(doc: Document, lines: Sequence[Sentence]) -> list[Relation]:
    """Project-list items whose fields name the investor and the site (…项目；投资方：X；建设地点：Y)."""
    text = doc.text
    out: list[Relation] = []
    for line in lines:
        ents = list(line.entities)
        projects = [e for e in ents if e.label == "PROJECT"]
        if not projects:
            continue
        for e in ents:
            earlier = [p for p in projects if p.end <= e.start]
            if not earlier:
                continue
            lead = text[max(line.start, e.start - 8) : e.start]
            if e.label == "COMPANY" and _FIELD_INVESTOR.search(lead):
                out.append(_rel(e, earlier[-1], "investor_of", "list-field-investor"))
            elif e.label == "REGION" and _FIELD_SITE.search(lead):
                out.append(_rel(earlier[-1], e, "located_in", "list-field-site"))
            elif e.label in ("COMPANY", "REGION") and out and out[-1].attrs["rule"].startswith("list-field") and _gap_is_list_join(text, ents, e):
                # 投资方：A、B — further companies (or sites) of the same field
                prev = out[-1]
                if e.label == "COMPANY" and prev.label == "investor_of":
                    out.append(_rel(e, earlier[-1], "investor_of", "list-field-investor"))
    return out


def _gap_is_list_join(text: str, ents: Sequence[Entity], e: Entity) -> bool:
    idx = ents.index(e)
    return idx > 0 and is_list_join(_gap(text, ents[idx - 1], e))


def _merge(*groups: list[Relation]) -> list[Relation]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for group in groups:
        for r in group:
            key = (r.head, r.tail, r.label)
            if key not in seen:
                seen.add(key)
                out.append(r)
    return out


def link(doc: Document) -> list[Relation]:
    """All three relation types for ``doc`` (entities need ids; missing ones are assigned)."""
    doc.assign_ids()
    sentences = split_sentences(doc)
    clauses = split_sentences(doc, at_semicolons=True)
    return _merge(
        link_amounts(doc, sentences),
        link_list_fields(doc, sentences),
        link_table_rows(doc, sentences),
        link_location_anaphora(doc, sentences),
        link_investors(doc, clauses),
        link_locations(doc, clauses),
    )
