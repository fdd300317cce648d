"""The rule linker: each rule on a realistic sentence, with the exact relations it must produce."""

from zs_ner.document import Document
from zs_ner.markup import loads
from zs_ner.postprocess import postprocess, project_table


def linked(markup_text: str) -> set[tuple[str, str, str]]:
    (doc,) = loads("### doc t\n" + markup_text + "\n")
    doc.relations = []
    postprocess(doc)
    ents = doc.entity_by_id()
    return {(ents[r.head].text, r.label, ents[r.tail].text) for r in doc.relations}


def test_amount_before_project():
    got = linked("[[碾子山区|REGION|e1]]签订[[10亿元|AMOUNT|e2]]的[[矿山生态修复综合开发项目|PROJECT|e3]]。")
    assert ("10亿元", "amount_of", "矿山生态修复综合开发项目") in got


def test_project_then_total_investment_and_output_value():
    got = linked("[[无氧铜杆项目|PROJECT|e1]]总投资[[3.5亿元|AMOUNT|e2]]，达产后年产值[[2.3亿元|AMOUNT|e3]]。")
    assert got == {("3.5亿元", "amount_of", "无氧铜杆项目"), ("2.3亿元", "amount_of", "无氧铜杆项目")}


def test_respectively_pairs_each_amount_with_its_project():
    got = linked("两个项目分别是[[1.4亿元|AMOUNT|e1]]的[[以贸促工合作项目|PROJECT|e2]]、[[3.3亿元|AMOUNT|e3]]的[[冷链物流园|PROJECT|e4]]。")
    assert got == {("1.4亿元", "amount_of", "以贸促工合作项目"), ("3.3亿元", "amount_of", "冷链物流园")}


def test_total_over_several_projects_links_to_none():
    got = linked("签约项目3个，总投资[[4.7亿元|AMOUNT|e1]]，包括[[以贸促工合作项目|PROJECT|e2]]和[[冷链物流园|PROJECT|e3]]。")
    assert not any(rel == "amount_of" for _, rel, _ in got)


def test_tax_figures_do_not_link():
    got = linked("[[铜冶炼项目|PROJECT|e1]]投产后年可实现利税[[1.2亿元|AMOUNT|e2]]。")
    assert got == set()


def test_company_full_name_before_project_is_its_investor():
    got = linked("[[阿克苏中曼油气勘探开发有限公司|COMPANY|e1]][[温宿区块温北油田温7区域油气勘探开发建设项目|PROJECT|e2]]总投资[[9亿元|AMOUNT|e3]]。")
    assert got == {
        ("阿克苏中曼油气勘探开发有限公司", "investor_of", "温宿区块温北油田温7区域油气勘探开发建设项目"),
        ("9亿元", "amount_of", "温宿区块温北油田温7区域油气勘探开发建设项目"),
    }


def test_investor_named_after_the_project():
    got = linked("[[新型建材产业园项目|PROJECT|e1]]，投资方为[[阿克苏金泰建材有限公司|COMPANY|e2]]，总投资[[8.66亿元|AMOUNT|e3]]，选址[[温宿工业园区|REGION|e4]]。")
    assert got == {
        ("阿克苏金泰建材有限公司", "investor_of", "新型建材产业园项目"),
        ("8.66亿元", "amount_of", "新型建材产业园项目"),
        ("新型建材产业园项目", "located_in", "温宿工业园区"),
    }


def test_region_that_signs_the_project_is_its_location():
    got = linked("[[齐齐哈尔市富拉尔基区|REGION|e1]]与[[黑龙江紫金铜业公司|COMPANY|e2]]签订[[铜冶炼项目|PROJECT|e3]]投资协议。")
    assert ("铜冶炼项目", "located_in", "齐齐哈尔市富拉尔基区") in got
    assert ("黑龙江紫金铜业公司", "investor_of", "铜冶炼项目") in got


def test_signing_venue_is_not_the_location():
    got = linked("在[[北京|REGION|e1]]举行的签约仪式上，[[万里润达|COMPANY|e2]]签约[[年产5万吨饲料项目|PROJECT|e3]]。")
    assert not any(rel == "located_in" for _, rel, _ in got)


def test_anaphora_links_amount_to_the_previous_project():
    got = linked("[[双河市|REGION|e1]]引进[[生物质发电项目|PROJECT|e2]]。该项目总投资[[5.2亿元|AMOUNT|e3]]。")
    assert ("5.2亿元", "amount_of", "生物质发电项目") in got


def test_traditional_script_links_like_simplified():
    got = linked("[[富拉爾基區|REGION|e1]]簽訂[[10億元|AMOUNT|e2]]的[[銅冶煉項目|PROJECT|e3]]。")
    assert ("10億元", "amount_of", "銅冶煉項目") in got


def test_project_table_row_carries_parsed_money():
    (doc,) = loads("### doc t\n[[无氧铜杆项目|PROJECT|e1]]总投资[[3.5亿元|AMOUNT|e2]]。\n")
    postprocess(doc)
    (row,) = project_table(doc)
    assert (row.project, row.amounts[0].value, row.amounts[0].currency, row.amounts[0].role) == ("无氧铜杆项目", "350000000", "CNY", "investment")
    assert isinstance(doc, Document)


def test_numbered_table_row_links_site_and_investor():
    got = linked("3 [[10GW N型TOPCon高效光伏电池项目|PROJECT|e1]] [[宁晋晶阳光能科技有限公司|COMPANY|e2]] [[55亿元|AMOUNT|e3]] [[宁晋县|REGION|e4]]")
    assert got == {
        ("10GW N型TOPCon高效光伏电池项目", "located_in", "宁晋县"),
        ("宁晋晶阳光能科技有限公司", "investor_of", "10GW N型TOPCon高效光伏电池项目"),
        ("55亿元", "amount_of", "10GW N型TOPCon高效光伏电池项目"),
    }


def test_region_de_project_is_its_site():
    got = linked("[[松山区|REGION|e1]]的[[中国移动赤峰数据中心一期|PROJECT|e2]]建成，投资[[8.5亿元|AMOUNT|e3]]。")
    assert ("中国移动赤峰数据中心一期", "located_in", "松山区") in got


def test_zone_that_signs_with_the_investor_is_the_site():
    got = linked("[[中伟新材料股份有限公司|COMPANY|e1]]与[[大龙经济开发区|REGION|e2]]签约[[年产10万吨三元前驱体及配套项目|PROJECT|e3]]。")
    assert ("年产10万吨三元前驱体及配套项目", "located_in", "大龙经济开发区") in got


def test_back_reference_sentence_sites_the_previous_project():
    got = linked("双方举行[[预制菜产业园项目|PROJECT|e1]]签约仪式。项目总投资[[22亿元|AMOUNT|e2]]，选址[[兰陵经济开发区东区|REGION|e3]]。")
    assert got == {("22亿元", "amount_of", "预制菜产业园项目"), ("预制菜产业园项目", "located_in", "兰陵经济开发区东区")}


def test_every_listed_site_is_linked():
    got = linked("客商拿出[[2.8亿元|AMOUNT|e1]]，在[[苏仙石乡|REGION|e2]]和[[汪岗镇|REGION|e3]]建设[[10万亩高产油茶基地|PROJECT|e4]]。")
    assert {("10万亩高产油茶基地", "located_in", "苏仙石乡"), ("10万亩高产油茶基地", "located_in", "汪岗镇")} <= got
