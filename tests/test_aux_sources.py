"""Auxiliary public corpora: label mapping and the sentences that are dropped."""

import json
from pathlib import Path

import pytest

from zs_ner.corpus.aux_sources import AuxStats, is_admin_place, read_boson, read_cluener
from zs_ner.readers import load_documents

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def test_administrative_places_are_regions_and_addresses_are_not():
    assert is_admin_place("齐齐哈尔市") and is_admin_place("浙江") and is_admin_place("苏州工业园区")
    assert not is_admin_place("中关村大街1号") and not is_admin_place("人民医院") and not is_admin_place("天安门广场")


def test_cluener_mapping_and_drops(tmp_path: Path):
    f = tmp_path / "train.jsonl"
    rows = [
        {"text": "温州市商人在浙商银行开户。", "label": {"address": {"温州市": [[0, 2]]}, "company": {"浙商银行": [[6, 9]]}}},
        {"text": "他住在中关村大街1号。", "label": {"address": {"中关村大街1号": [[3, 9]]}}},
        {"text": "杭州市政府召开会议。", "label": {"government": {"杭州市政府": [[0, 4]]}}},
        {"text": "阿里巴巴投资5亿元。", "label": {"company": {"阿里巴巴": [[0, 3]]}}},
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    stats = AuxStats()
    docs = read_cluener(f, stats=stats)
    assert [(e.text, e.label, e.start, e.end) for e in docs[0].entities] == [("温州市", "REGION", 0, 3), ("浙商银行", "COMPANY", 6, 10)]
    assert len(docs) == 1
    assert stats == {"kept": 1, "dropped: street address": 1, "dropped: government/organization": 1, "dropped: money": 1}


def test_boson_sentences_are_cut_and_mapped(tmp_path: Path):
    f = tmp_path / "origindata.txt"
    f.write_text("{{location:黑龙江}}籍男子落脚于{{location:哈尔滨市}}。{{org_name:江干区公安分局}}抓获5人。{{company_name:万达集团}}宣布扩张计划。\n", encoding="utf-8")
    docs = read_boson(f)
    assert [d.text for d in docs] == ["黑龙江籍男子落脚于哈尔滨市。", "万达集团宣布扩张计划。"]
    assert [(e.text, e.label) for e in docs[0].entities] == [("黑龙江", "REGION"), ("哈尔滨市", "REGION")]
    assert docs[1].entities[0].label == "COMPANY"


def test_aux_formats_load_by_name(tmp_path: Path):
    f = tmp_path / "origindata.txt"
    f.write_text("{{company_name:万达集团}}宣布扩张计划。\n", encoding="utf-8")
    docs, issues = load_documents(f, fmt="boson")
    assert len(docs) == 1 and issues == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus not present")
def test_real_cluener_and_boson_read_cleanly():
    assert len(read_cluener(SHARED / "cluener" / "dev.jsonl")) > 200
    assert len(read_boson(SHARED / "boson_ner" / "origindata.txt", max_docs=500)) == 500


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus not present")
def test_training_config_can_name_the_public_corpora():
    from zs_ner.model.sources import read_source

    docs = read_source("boson", SHARED / "boson_ner" / "origindata.txt", max_docs=50)
    assert len(docs) == 50 and {e.label for d in docs for e in d.entities} <= {"REGION", "COMPANY"}
