"""The trained-model directory: weights (safetensors), tokenizer files, ``zs_ner_config.json`` and a model card.

``zs_ner_config.json`` holds what inference needs beyond the weights (the tag set, window settings,
normaliser version and options) and a record of the training run (config, data hashes, dev scores,
timings).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from zs_ner.normalize import NORMALIZER_VERSION, NormalizerOptions

MODEL_CONFIG_FILE = "zs_ner_config.json"
MODEL_CARD_FILE = "README.md"
FORMAT_VERSION = 1


def zs_ner_version() -> str:
    """The installed zs_ner package version (``unknown`` when run from a plain checkout)."""
    try:
        return metadata.version("zs_ner")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class ModelSettings:
    """Everything about a trained model that is not weights: tags, windows, normaliser, and the training record."""

    tags: list[str]
    max_length: int
    stride: int
    normalizer_options: dict[str, Any] = field(default_factory=lambda: NormalizerOptions().to_dict())
    normalizer_version: str = NORMALIZER_VERSION
    model_version: str = ""
    zs_ner_version: str = field(default_factory=zs_ner_version)
    training: dict[str, Any] = field(default_factory=dict)

    def normalizer(self) -> NormalizerOptions:
        """The normaliser options the model was trained with."""
        return NormalizerOptions.from_dict(self.normalizer_options)

    def to_json(self) -> dict[str, Any]:
        """The ``zs_ner_config.json`` content."""
        return {
            "format_version": FORMAT_VERSION,
            "zs_ner_version": self.zs_ner_version,
            "model_version": self.model_version,
            "tags": list(self.tags),
            "id2label": {str(i): tag for i, tag in enumerate(self.tags)},
            "normalizer": {"version": self.normalizer_version, "options": dict(self.normalizer_options)},
            "windows": {"max_length": self.max_length, "stride": self.stride},
            "char_encoding": "one id per normalised character (lower-cased vocabulary lookup)",
            "training": self.training,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = MODEL_CONFIG_FILE) -> ModelSettings:
        """Read ``zs_ner_config.json`` content; a clear error naming ``source`` when a key is missing."""
        try:
            if data.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"format_version {data.get('format_version')!r} is not {FORMAT_VERSION}")
            return cls(
                tags=[str(t) for t in data["tags"]],
                max_length=int(data["windows"]["max_length"]),
                stride=int(data["windows"]["stride"]),
                normalizer_options=dict(data["normalizer"]["options"]),
                normalizer_version=str(data["normalizer"]["version"]),
                model_version=str(data.get("model_version", "")),
                zs_ner_version=str(data.get("zs_ner_version", "unknown")),
                training=dict(data.get("training") or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{source}: not a valid zs_ner model config: {exc!r}") from exc


def read_settings(model_dir: str | Path) -> ModelSettings:
    """The settings of a model directory; ``FileNotFoundError`` when it has no ``zs_ner_config.json``."""
    path = Path(model_dir) / MODEL_CONFIG_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: not found; is {model_dir} a zs_ner model directory?")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    return ModelSettings.from_json(data, str(path))


def save_model_dir(out_dir: str | Path, model: Any, tokenizer: Any, settings: ModelSettings, fp16: bool, card: str | None = None) -> Path:
    """Write weights (fp16 safetensors when ``fp16``), tokenizer, ``zs_ner_config.json`` and the model card."""
    from zs_ner.model.base_model import quiet_transformers

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    to_save = copy.deepcopy(model).cpu()
    if fp16:
        to_save = to_save.half()
    with quiet_transformers():
        to_save.save_pretrained(out)  # safetensors is the default format
        tokenizer.save_pretrained(out)
    (out / MODEL_CONFIG_FILE).write_text(json.dumps(settings.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if card is not None:
        (out / MODEL_CARD_FILE).write_text(card, encoding="utf-8")
    return out
