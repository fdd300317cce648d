"""Training configs: loaded from YAML, validated at load with errors naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from zs_ner.model.config import ConfigError, SourceConfig, TrainConfig, load_config

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["default.yaml", "tiny-test.yaml"])
def test_shipped_configs_load(name: str) -> None:
    config = load_config(ROOT / "configs" / name)
    assert isinstance(config, TrainConfig)
    assert config.max_length <= 512


def test_default_config_trains_m3e_small_on_the_corpus() -> None:
    config = load_config(ROOT / "configs" / "default.yaml")
    assert config.base_model == "m3e-small"
    assert (config.data.root, config.data.train_split, config.data.dev_split) == ("annotations", "train", "dev")


def test_nested_values_become_dataclasses(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "epochs: 2\nlearning_rate: 5e-5\ndata:\n  root: null\n  aux:\n    - {format: jsonl, path: extra.jsonl, weight: 0.5, max_docs: 100}\n",
    )
    config = load_config(path)
    assert config.epochs == 2
    assert config.learning_rate == pytest.approx(5e-5)  # YAML 1.1 reads 5e-5 as a string; accepted as a number
    assert config.data.aux == [SourceConfig(format="jsonl", path="extra.jsonl", weight=0.5, max_docs=100)]


def test_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "epochs: 2\naugmentation:\n  tradtional: 0.3\n")
    with pytest.raises(ConfigError, match=r"run\.yaml: augmentation\.tradtional: unknown key"):
        load_config(path)


def test_wrong_type_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "batch_size: sixteen\n")
    with pytest.raises(ConfigError, match=r"run\.yaml: batch_size: must be an integer, got 'sixteen'"):
        load_config(path)


def test_bool_is_not_accepted_as_a_number(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="epochs: must be an integer"):
        load_config(write(tmp_path, "epochs: true\n"))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("augmentation: {pinyin: 1.5}\n", "augmentation.pinyin"),
        ("stride: 200\nmax_length: 256\n", "stride"),
        ("max_length: 1024\n", "max_length"),
        ("learning_rate: 0\n", "learning_rate"),
        ("device: gpu\n", "device"),
        ("data: {aux: [{format: conll, path: x.txt}]}\n", r"data\.aux\[0\]\.format"),
        ("data: {aux: [{path: x.txt}]}\n", r"data\.aux\[0\]\.format: is required"),
        ("normalizer: {to_simplfied: false}\n", "normalizer"),
        ("data: {root: null}\n", "data"),
    ],
)
def test_bad_values_are_rejected_at_load(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError, match=rf"run\.yaml: {key}"):
        load_config(write(tmp_path, text))


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_config(write(tmp_path, "- epochs\n"))


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_overrides_change_nested_values(tmp_path: Path) -> None:
    path = write(tmp_path, "epochs: 3\n")
    config = load_config(path, ["epochs=1", "augmentation.pinyin=0.25", "data.root=corpus", "max_train_minutes=null"])
    assert (config.epochs, config.augmentation.pinyin, config.data.root, config.max_train_minutes) == (1, 0.25, "corpus", None)


def test_bad_override_names_the_override(tmp_path: Path) -> None:
    path = write(tmp_path, "epochs: 3\n")
    with pytest.raises(ConfigError, match=r"run\.yaml \(--override epochs=-1\): epochs: must be at least 1"):
        load_config(path, ["epochs=-1"])
    with pytest.raises(ConfigError, match="must look like key.subkey=value"):
        load_config(path, ["epochs"])
