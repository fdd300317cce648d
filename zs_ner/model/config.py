"""The training configuration: dataclasses loaded from YAML and validated at load time.

Unknown keys, wrong types and out-of-range values raise :class:`ConfigError` naming the file (or the
``--override``) and the dotted key, before any data or model is loaded.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zs_ner.model.sources import SOURCE_FORMATS

_DEVICE = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")


class ConfigError(ValueError):
    """A training config that cannot be used; the message names the file and the key."""


@dataclass
class SourceConfig:
    """An extra annotated source: ``format`` (see ``SOURCE_FORMATS``), ``path``, sampling ``weight``, ``max_docs``."""

    format: str
    path: str
    weight: float = 1.0
    max_docs: int | None = None


@dataclass
class DataConfig:
    """Where the documents come from: the corpus ``root`` and its split names, plus extra sources."""

    root: str | None = "annotations"
    train_split: str = "train"
    dev_split: str = "dev"
    aux: list[SourceConfig] = field(default_factory=list)
    dev_aux: list[SourceConfig] = field(default_factory=list)


@dataclass
class AugmentationConfig:
    """Per-document probabilities of each kind of scraping noise added to training documents."""

    traditional: float = 0.0
    pinyin: float = 0.0
    boilerplate: float = 0.0


@dataclass
class TrainConfig:
    """Everything a training run needs; saved into the model directory as a record of how it was trained."""

    base_model: str = "m3e-small"
    data: DataConfig = field(default_factory=DataConfig)
    seed: int = 42
    epochs: int = 4
    batch_size: int = 16
    eval_batch_size: int = 32
    learning_rate: float = 5e-5
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_grad_norm: float = 1.0
    max_length: int = 256
    stride: int = 32
    augmentation: AugmentationConfig = field(default_factory=AugmentationConfig)
    normalizer: dict[str, Any] = field(default_factory=dict)
    output_dir: str = "runs/model"
    save_fp16: bool = True
    max_train_minutes: float | None = None
    max_steps: int | None = None
    device: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict (the YAML shape)."""
        return dataclasses.asdict(self)


def load_config(path: str | Path, overrides: typing.Sequence[str] = ()) -> TrainConfig:
    """Read a YAML config, apply ``key.sub=value`` overrides, and validate the result."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: top level must be a mapping of keys, got {type(raw).__name__}")
    overridden: dict[str, str] = {}
    for item in overrides:
        key = apply_override(raw, item, str(path))
        overridden[key] = item
    return config_from_dict(raw, str(path), overridden)


def apply_override(raw: dict[str, Any], item: str, source: str = "<config>") -> str:
    """Set ``raw[a][b] = value`` for ``item`` ``a.b=value`` (value parsed as YAML); return the dotted key."""
    key, sep, text = item.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"{source}: --override {item!r} must look like key.subkey=value")
    try:
        value = yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: --override {item!r}: value is not valid YAML: {exc}") from exc
    node = raw
    parts = key.split(".")
    for depth, part in enumerate(parts[:-1]):
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"{source}: --override {item!r}: {'.'.join(parts[: depth + 1])} is not a mapping")
        node = child
    node[parts[-1]] = value
    return key


def config_from_dict(raw: dict[str, Any], source: str = "<config>", overridden: dict[str, str] | None = None) -> TrainConfig:
    """Build and validate a :class:`TrainConfig` from a nested dict; ``source`` names it in errors."""
    overridden = overridden or {}

    def where(key: str) -> str:
        for done, item in overridden.items():
            if key == done or key.startswith(done + "."):
                return f"{source} (--override {item})"
        return source

    try:
        config = _build(TrainConfig, raw, "")
    except _KeyError as exc:
        raise ConfigError(f"{where(exc.key)}: {exc.key}: {exc.problem}") from None
    problems = check_values(config)
    if problems:
        key, problem = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ConfigError(f"{where(key)}: {key}: {problem}{more}")
    return config


def check_values(config: TrainConfig) -> list[tuple[str, str]]:
    """Range and consistency problems of a well-typed config as ``(key, problem)`` pairs."""
    problems: list[tuple[str, str]] = []

    def need(ok: bool, key: str, problem: str) -> None:
        if not ok:
            problems.append((key, problem))

    need(bool(config.base_model.strip()), "base_model", "must name a model (m3e-small, a hub name or a directory)")
    need(config.epochs >= 1, "epochs", f"must be at least 1, got {config.epochs}")
    need(config.batch_size >= 1, "batch_size", f"must be at least 1, got {config.batch_size}")
    need(config.eval_batch_size >= 1, "eval_batch_size", f"must be at least 1, got {config.eval_batch_size}")
    need(0 < config.learning_rate < 1, "learning_rate", f"must be in (0, 1), got {config.learning_rate}")
    need(config.weight_decay >= 0, "weight_decay", f"must be >= 0, got {config.weight_decay}")
    need(0 <= config.warmup_ratio < 1, "warmup_ratio", f"must be in [0, 1), got {config.warmup_ratio}")
    need(config.max_grad_norm > 0, "max_grad_norm", f"must be > 0, got {config.max_grad_norm}")
    need(8 <= config.max_length <= 512, "max_length", f"must be in [8, 512] tokens, got {config.max_length}")
    need(
        0 <= config.stride <= (config.max_length - 2) // 2,
        "stride",
        f"overlap must be in [0, (max_length - 2) / 2] = [0, {(config.max_length - 2) // 2}], got {config.stride}",
    )
    for name in ("traditional", "pinyin", "boilerplate"):
        p = getattr(config.augmentation, name)
        need(0 <= p <= 1, f"augmentation.{name}", f"is a probability, must be in [0, 1], got {p}")
    need(bool(config.output_dir.strip()), "output_dir", "must not be empty")
    if config.max_train_minutes is not None:
        need(config.max_train_minutes > 0, "max_train_minutes", f"must be > 0, got {config.max_train_minutes}")
    if config.max_steps is not None:
        need(config.max_steps >= 1, "max_steps", f"must be at least 1, got {config.max_steps}")
    need(bool(_DEVICE.match(config.device)), "device", f"must be auto, cpu, cuda, cuda:N or mps, got {config.device!r}")
    if config.normalizer:
        from zs_ner.normalize import NormalizerOptions

        try:
            NormalizerOptions.from_dict(config.normalizer)
        except (TypeError, ValueError) as exc:
            problems.append(("normalizer", str(exc)))
    data = config.data
    need(data.root is not None or bool(data.aux), "data", "needs a corpus root or at least one aux source to train on")
    for list_name in ("aux", "dev_aux"):
        for i, src in enumerate(getattr(data, list_name)):
            key = f"data.{list_name}[{i}]"
            need(src.format in SOURCE_FORMATS, f"{key}.format", f"unknown format {src.format!r}; known: {sorted(SOURCE_FORMATS)}")
            need(bool(src.path.strip()), f"{key}.path", "must not be empty")
            need(src.weight > 0, f"{key}.weight", f"must be > 0, got {src.weight}")
            if src.max_docs is not None:
                need(src.max_docs >= 1, f"{key}.max_docs", f"must be at least 1, got {src.max_docs}")
    return problems


class _KeyError(Exception):
    """Internal: a structural problem at a dotted key."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _build(cls: type, raw: Any, prefix: str) -> Any:
    """Instantiate dataclass ``cls`` from ``raw``, type-checking each field."""
    if not isinstance(raw, dict):
        raise _KeyError(prefix or "<top>", f"must be a mapping, got {type(raw).__name__}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(str(k) for k in raw if k not in fields)
    if unknown:
        raise _KeyError(_join(prefix, unknown[0]), f"unknown key; known keys here: {', '.join(fields)}")
    values = {}
    for name, f in fields.items():
        key = _join(prefix, name)
        if name in raw:
            values[name] = _coerce(raw[name], hints[name], key)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _KeyError(key, "is required")
    return cls(**values)


def _type_name(annotation: Any) -> str:
    return getattr(annotation, "__name__", str(annotation))


def _coerce(value: Any, annotation: Any, key: str) -> Any:
    """``value`` checked (and, for int → float, converted) against a field's type annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(annotation)
        if value is None and type(None) in options:
            return None
        real = [a for a in options if a is not type(None)]
        return _coerce(value, real[0], key)
    if dataclasses.is_dataclass(annotation):
        return _build(annotation, value, key)
    if origin is list:
        if not isinstance(value, list):
            raise _KeyError(key, f"must be a list, got {type(value).__name__}")
        (item_type,) = typing.get_args(annotation)
        return [_coerce(item, item_type, f"{key}[{i}]") for i, item in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise _KeyError(key, f"must be a mapping, got {type(value).__name__}")
        return dict(value)
    if annotation is bool:
        if not isinstance(value, bool):
            raise _KeyError(key, f"must be true or false, got {value!r}")
        return value
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _KeyError(key, f"must be an integer, got {value!r}")
        return value
    if annotation is float:
        if isinstance(value, str):  # YAML 1.1 reads 5e-5 (no dot) as a string
            try:
                return float(value)
            except ValueError:
                raise _KeyError(key, f"must be a number, got {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _KeyError(key, f"must be a number, got {value!r}")
        return float(value)
    if annotation is str:
        if not isinstance(value, str):
            raise _KeyError(key, f"must be a string, got {value!r}")
        return value
    raise _KeyError(key, f"unsupported field type {_type_name(annotation)}")
