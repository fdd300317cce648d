"""zs-ner lint: the guide's mechanical rules, and the exit code."""

from pathlib import Path

from zs_ner.cli import main
from zs_ner.lint import lint_documents
from zs_ner.markup import loads


def codes(markup_text: str) -> list[str]:
    return sorted(i.code for i in lint_documents(loads(markup_text)) if i.severity == "error")


def test_clean_article_has_no_errors():
    assert codes("### doc a\n[[富拉尔基区|REGION|e1]]签订[[10亿元|AMOUNT|e2]]的[[矿山生态修复综合开发项目|PROJECT|e3]]。\n") == []


def test_span_ending_in_punctuation_is_an_error():
    assert codes("### doc a\n[[富拉尔基区，|REGION|e1]]签约\n") == ["span-edge"]


def test_pinyin_insertion_at_span_end_is_allowed():
    assert codes("### doc a\n[[濟(jì)源市|REGION|e1]]與[[黑龍江紫金銅業(yè)|COMPANY|e2]]簽約\n") == []


def test_amount_without_currency_unit_is_an_error():
    assert codes("### doc a\n年产[[4800吨|AMOUNT|e1]]\n") == ["amount-no-unit"]


def test_amount_with_outer_qualifier_is_an_error():
    assert codes("### doc a\n投资[[5000万元以上|AMOUNT|e1]]\n") == ["amount-qualifier"]


def test_generic_project_mention_is_an_error():
    assert codes("### doc a\n签约[[重点项目|PROJECT|e1]]和[[招商引资项目|PROJECT|e2]]\n") == ["generic-project", "generic-project"]


def test_wrong_relation_type_is_an_error():
    text = "### doc a\n[[富拉尔基区|REGION|e1]]签订[[10亿元|AMOUNT|e2]]的[[铜冶炼项目|PROJECT|e3]]\n## relations\ne1 amount_of e3\n"
    assert codes(text) == ["relation-types"]


def test_duplicate_document_ids_are_an_error():
    issues = lint_documents(loads("### doc a\n[[富拉尔基区|REGION|e1]]\n") + loads("### doc a\n[[碾子山区|REGION|e1]]\n"))
    assert [i.code for i in issues] == ["duplicate-doc-id"]


def test_untagged_repeat_is_a_warning():
    issues = lint_documents(loads("### doc a\n[[双鸭山市|REGION|e1]]招商，双鸭山市签约\n"))
    assert [(i.code, i.severity) for i in issues] == [("untagged-repeat", "warning")]


def test_cli_exit_code_follows_errors(tmp_path: Path, capsys):
    good = tmp_path / "good.markup"
    good.write_text("### doc a\n[[富拉尔基区|REGION|e1]]签约\n", encoding="utf-8")
    bad = tmp_path / "bad.markup"
    bad.write_text("### doc b\n[[亿元以上项目|PROJECT|e1]]\n", encoding="utf-8")
    assert main(["lint", str(good)]) == 0
    assert main(["lint", str(bad)]) == 1
    assert "generic-project" in capsys.readouterr().err


def test_place_directly_before_a_company_must_be_inside_it():
    assert codes("### doc a\n[[韩国|REGION|e1]][[STX集团|COMPANY|e2]]投资建设\n") == ["place-before-name"]


def test_region_suffix_written_after_the_span_is_an_error():
    assert codes("### doc a\n赴[[长三角|REGION|e1]]地区招商\n") == ["region-suffix-outside"]


def test_latin_legal_form_may_end_with_its_period():
    assert codes("### doc a\n[[Honeywell International Inc.|COMPANY|e1]]投资建设\n") == []
