"""Batch-inference inputs: encodings, formats, and bad files reported without stopping the rest."""

import json
from pathlib import Path

from zs_ner.inputs import InputProblem, decode_bytes, iter_inputs

ARTICLE = "雙鴨山市簽約項目50項，簽約額150.33億元。"


def test_utf8_gb18030_and_utf16_bom_all_decode():
    assert decode_bytes(ARTICLE.encode("utf-8")).encoding == "utf-8"
    assert decode_bytes(ARTICLE.encode("gb18030")).text == ARTICLE
    assert decode_bytes("齐齐哈尔市".encode("gbk")).text == "齐齐哈尔市"
    assert decode_bytes(ARTICLE.encode("utf-16")).text == ARTICLE
    assert decode_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")).text == ARTICLE


def test_directory_of_txt_files_gives_ids_from_relative_paths(tmp_path: Path):
    (tmp_path / "hlj").mkdir()
    (tmp_path / "hlj" / "a1.txt").write_bytes(ARTICLE.encode("gb18030"))
    (tmp_path / "b2.txt").write_text("富拉尔基区签约铜冶炼项目。", encoding="utf-8")
    problems: list[InputProblem] = []
    docs = list(iter_inputs([tmp_path], problems))
    assert [(d.id, d.text) for d in docs] == [("b2", "富拉尔基区签约铜冶炼项目。"), ("hlj/a1", ARTICLE)]
    assert docs[1].meta["encoding"] == "gb18030"
    assert problems == []


def test_bad_jsonl_records_are_reported_by_line_and_the_rest_kept(tmp_path: Path):
    f = tmp_path / "news.jsonl"
    f.write_text(
        json.dumps({"id": "n1", "text": ARTICLE}, ensure_ascii=False) + "\n{broken\n" + json.dumps({"id": "n3", "text": ""}) + "\n"
        + json.dumps({"id": "n4", "text": "碾子山区签订矿山生态修复综合开发项目。"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    problems: list[InputProblem] = []
    docs = list(iter_inputs([f], problems))
    assert [d.id for d in docs] == ["n1", "n4"]
    assert [p.source for p in problems] == [f"{f}:2", f"{f}:3"]
    assert "empty text" in problems[1].message


def test_label_studio_export_tasks_become_documents(tmp_path: Path):
    f = tmp_path / "export.json"
    f.write_text(json.dumps([{"id": 7, "data": {"text": ARTICLE}}, {"id": 8, "data": {}}], ensure_ascii=False), encoding="utf-8")
    problems: list[InputProblem] = []
    docs = list(iter_inputs([f], problems))
    assert [(d.id, d.text) for d in docs] == [("task-7", ARTICLE)]
    assert "task 8" in problems[0].source


def test_oversized_document_is_refused_with_its_name(tmp_path: Path):
    f = tmp_path / "huge.txt"
    f.write_text("招商" * 50, encoding="utf-8")
    problems: list[InputProblem] = []
    assert list(iter_inputs([f], problems, max_chars=60)) == []
    assert "huge.txt" in str(problems[0]) and "limit of 60" in str(problems[0])


def test_missing_path_is_reported(tmp_path: Path):
    problems: list[InputProblem] = []
    assert list(iter_inputs([tmp_path / "nope.txt"], problems)) == []
    assert problems[0].message == "no such file or directory"
