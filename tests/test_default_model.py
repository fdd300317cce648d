"""The shipped default model: it loads, reproduces its committed test-split score, and maps offsets exactly.

Marked slow (a few minutes on 2 CPU cores); CI runs it through scripts/test.sh.
"""

import json
from pathlib import Path

import pytest

from zs_ner.cli import main
from zs_ner.default_model import DEFAULT_MODEL_DIR

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "reports" / "default_model" / "metrics.json"
EXAMPLE = ROOT.parent / "shared" / "examples" / "scraped_article_traditional.txt"

pytestmark = pytest.mark.slow


def test_default_model_is_shipped_small_enough():
    files = [p for p in DEFAULT_MODEL_DIR.rglob("*") if p.is_file()]
    assert (DEFAULT_MODEL_DIR / "zs_ner_config.json").is_file() and (DEFAULT_MODEL_DIR / "README.md").is_file()
    assert sum(p.stat().st_size for p in files) <= 50 * 1024 * 1024


def test_default_model_reproduces_its_committed_test_score(tmp_path: Path):
    committed = json.loads(REPORT.read_text(encoding="utf-8"))
    assert main(["evaluate", "--data", str(ROOT / "annotations"), "--split", "test", "--out", str(tmp_path), "--quiet"]) == 0
    fresh = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert abs(fresh["entities"]["micro"]["f1"] - committed["entities"]["micro"]["f1"]) <= 0.005
    assert fresh["n_documents"] == committed["n_documents"]


@pytest.mark.skipif(not EXAMPLE.is_file(), reason="../shared/examples not present")
def test_predict_on_the_scraped_example_gives_offsets_into_the_raw_file(tmp_path: Path):
    out = tmp_path / "example.jsonl"
    assert main(["predict", str(EXAMPLE), "-o", str(out), "--quiet"]) == 0
    rec = json.loads(out.read_text(encoding="utf-8"))
    raw = EXAMPLE.read_text(encoding="utf-8")
    assert rec["text"] == raw
    assert rec["entities"], "the default model finds nothing in the example"
    for ent in rec["entities"]:
        assert raw[ent["start"] : ent["end"]] == ent["text"]
    assert any(e["label"] == "REGION" and e["text"] == "雙鴨山市" for e in rec["entities"])
