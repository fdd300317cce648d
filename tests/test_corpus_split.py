"""The fixed split: stable per id, never moves an existing article."""

from pathlib import Path

import pytest

from zs_ner.corpus.split import assign_split, read_split_file, update_split_file


def test_assignment_is_a_function_of_the_id_alone():
    assert assign_split("zs-b01-001") == assign_split("zs-b01-001")
    shares = [assign_split(f"zs-b{b:02d}-{i:03d}") for b in range(1, 13) for i in range(1, 26)]
    assert shares.count("test") >= 60


def test_update_keeps_existing_assignments(tmp_path: Path):
    f = tmp_path / "split.tsv"
    f.write_text("id\tsplit\nzs-b01-001\ttest\n", encoding="utf-8")
    result = update_split_file(f, ["zs-b01-001", "zs-b01-002"])
    assert result["zs-b01-001"] == "test"
    assert result["zs-b01-002"] == assign_split("zs-b01-002")
    assert read_split_file(f) == result


def test_bad_split_line_names_file_and_line(tmp_path: Path):
    f = tmp_path / "split.tsv"
    f.write_text("id\tsplit\nzs-b01-001\tvalidation\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"split.tsv:2"):
        read_split_file(f)
