"""Training with the tiny-test config: the model directory, determinism, selection, budget and resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors import safe_open

from zs_ner.cli import main as cli_main
from zs_ner.markup import read_markup
from zs_ner.model import train as train_module
from zs_ner.model.base_model import build_tiny_random_model
from zs_ner.model.config import TrainConfig, load_config
from zs_ner.model.extractor import Extractor
from zs_ner.model.model_card import render_model_card
from zs_ner.model.model_dir import ModelSettings
from zs_ner.model.train import TrainResult, documents_sha256, train
from zs_ner.normalize import NORMALIZER_VERSION

ROOT = Path(__file__).resolve().parent.parent
TINY_CONFIG = ROOT / "configs" / "tiny-test.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "sample.markup"

TRAIN_MARKUP = """\
### doc tr-1
[[双鸭山市|REGION]]与[[万里润达集团|COMPANY]]签订[[年产10万吨优质白酒项目|PROJECT]]，总投资[[5.1亿元|AMOUNT]]。
### doc tr-2
[[温宿县|REGION]]引进[[阿克苏中曼油气勘探开发有限公司|COMPANY]]，建设[[温北油田温7区域油气勘探开发建设项目|PROJECT]]，计划投资[[20余亿元|AMOUNT]]。
### doc tr-3
5月12日，[[富拉尔基区|REGION]]签订[[10亿元|AMOUNT]]的[[无氧铜杆项目|PROJECT]]，由[[富利铜业有限公司|COMPANY]]投资建设。
### doc tr-4
上半年全市共签约招商引资项目50项，签约额[[150.33亿元|AMOUNT]]，其中[[华润集团|COMPANY]][[生物质发电项目|PROJECT]]落户[[宝清县|REGION]]。
"""

EXPECTED_FILES = {"model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json", "zs_ner_config.json", "README.md"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("train")
    build_tiny_random_model(root / "tiny")
    (root / "train.markup").write_text(TRAIN_MARKUP, encoding="utf-8")
    return root


def tiny_config(workdir: Path, *overrides: str) -> TrainConfig:
    return load_config(
        TINY_CONFIG,
        [
            f"base_model={workdir / 'tiny'}",
            f"data.aux=[{{format: markup, path: '{workdir / 'train.markup'}'}}]",
            f"data.dev_aux=[{{format: markup, path: '{FIXTURE}'}}]",
            *overrides,
        ],
    )


@pytest.fixture(scope="module")
def trained(workdir: Path) -> TrainResult:
    return train(tiny_config(workdir), workdir / "out")


def test_output_directory_holds_every_file(trained: TrainResult) -> None:
    assert {p.name for p in trained.output_dir.iterdir()} == EXPECTED_FILES


def test_weights_are_saved_in_fp16_and_loaded_as_fp32(trained: TrainResult) -> None:
    with safe_open(str(trained.output_dir / "model.safetensors"), framework="pt") as weights:
        assert {weights.get_tensor(k).dtype for k in weights.keys()} == {torch.float16}  # noqa: SIM118 - safe_open has no __iter__
    extractor = Extractor.from_pretrained(trained.output_dir, device="cpu")
    assert {p.dtype for p in extractor.model.parameters()} == {torch.float32}


def test_zs_ner_config_records_settings_and_training(trained: TrainResult, workdir: Path) -> None:
    data = json.loads((trained.output_dir / "zs_ner_config.json").read_text(encoding="utf-8"))
    assert data["tags"][:3] == ["O", "B-REGION", "I-REGION"]
    assert data["normalizer"]["version"] == NORMALIZER_VERSION
    assert data["windows"] == {"max_length": 64, "stride": 8}
    training = data["training"]
    assert training["config"]["epochs"] == 1 and training["config"]["base_model"] == str(workdir / "tiny")
    assert training["data"]["train_sha256"] == documents_sha256(read_markup(workdir / "train.markup"))
    assert training["data"]["dev_sha256"] == documents_sha256(read_markup(FIXTURE))
    assert set(training["dev_scores"]) >= {"precision", "recall", "f1", "labels"}
    assert training["train_seconds"] > 0 and training["train_chars_per_second"] > 0
    assert data["zs_ner_version"] and data["model_version"].startswith("zs_ner-tiny-")


def test_model_card_covers_use_data_metrics_limitations_and_licence(trained: TrainResult) -> None:
    card = (trained.output_dir / "README.md").read_text(encoding="utf-8")
    for heading in ("## Intended use", "## Data", "## Metrics", "## Limitations", "## Licence"):
        assert heading in card


def test_m3e_small_model_card_says_non_commercial() -> None:
    settings = ModelSettings(tags=["O"], max_length=256, stride=32, training={"config": {"base_model": "m3e-small"}})
    assert "non-commercial" in render_model_card(settings)


def test_loaded_model_extracts_identically_twice(trained: TrainResult) -> None:
    texts = [doc.text for doc in read_markup(FIXTURE)] + ["雙鴨山市寶清縣(xiàn)與萬里潤達集團簽約。" * 10]
    first = Extractor.from_pretrained(trained.output_dir, device="cpu").extract(texts, batch_size=3)
    again = Extractor.from_pretrained(trained.output_dir, device="cpu")
    assert again.extract(texts, batch_size=3) == first
    assert again.extract(texts, batch_size=1) == first


def test_best_epoch_by_dev_f1_is_the_one_saved(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripted = iter([0.5, 0.8, 0.6])
    snapshots: list[dict[str, torch.Tensor]] = []

    def fake_eval(model: Any, *args: Any) -> dict[str, Any]:
        snapshots.append({k: v.detach().clone() for k, v in model.state_dict().items()})
        return {"precision": 0.0, "recall": 0.0, "f1": next(scripted), "support": 1, "labels": {}}

    monkeypatch.setattr("zs_ner.model.dev_eval.evaluate_tagged", fake_eval)
    result = train(tiny_config(workdir, "epochs=3", "max_steps=null", "save_fp16=false"), workdir / "best")
    assert result.best_epoch == 2 and result.dev_scores["f1"] == 0.8
    saved = Extractor.from_pretrained(result.output_dir, device="cpu").model.state_dict()
    assert all(torch.equal(saved[k], snapshots[1][k]) for k in snapshots[1])
    assert not torch.equal(saved["classifier.weight"], snapshots[2]["classifier.weight"])


def test_time_budget_stops_after_one_step(workdir: Path) -> None:
    result = train(tiny_config(workdir, "epochs=3", "max_steps=null", "max_train_minutes=0.000001"), workdir / "budget")
    assert [h["steps"] for h in result.history] == [1]
    data = json.loads((result.output_dir / "zs_ner_config.json").read_text(encoding="utf-8"))
    assert data["training"]["stopped_early"] is True


def test_interrupted_run_resumes_to_the_same_weights(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overrides = ("epochs=2", "max_steps=null", "save_fp16=false")
    full = train(tiny_config(workdir, *overrides), workdir / "full")
    assert full.history[1]["train_loss"] < full.history[0]["train_loss"]

    real_save = train_module._save_checkpoint

    def interrupt_after_checkpoint(*args: Any, **kwargs: Any) -> None:
        real_save(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(train_module, "_save_checkpoint", interrupt_after_checkpoint)
    with pytest.raises(KeyboardInterrupt):
        train(tiny_config(workdir, *overrides), workdir / "resumed")
    monkeypatch.undo()
    assert (workdir / "resumed" / "checkpoint" / "state.pt").is_file()
    resumed = train(tiny_config(workdir, *overrides), workdir / "resumed", resume=True)
    assert not (workdir / "resumed" / "checkpoint").exists()
    assert [h["train_loss"] for h in resumed.history] == [h["train_loss"] for h in full.history]
    a = Extractor.from_pretrained(full.output_dir, device="cpu").model.state_dict()
    b = Extractor.from_pretrained(resumed.output_dir, device="cpu").model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_cli_trains_the_in_memory_tiny_model_and_reports_bad_configs(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "train",
        "--config",
        str(TINY_CONFIG),
        "--output",
        str(workdir / "cli"),
        "--override",
        f"data.aux=[{{format: markup, path: '{workdir / 'train.markup'}'}}]",
        f"data.dev_aux=[{{format: markup, path: '{FIXTURE}'}}]",
        "max_steps=2",
    ]
    assert cli_main(args) == 0
    settings = json.loads((workdir / "cli" / "zs_ner_config.json").read_text(encoding="utf-8"))
    assert settings["model_version"].startswith("zs_ner-tiny-random-bert-")
    assert cli_main([*args, "epochs=zero"]) == 2
    assert "tiny-test.yaml (--override epochs=zero): epochs: must be an integer" in capsys.readouterr().err
