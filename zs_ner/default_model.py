"""Where the shipped default model lives, so predict and evaluate work without ``--model``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zs_ner.linking.learned import LearnedLinker

#: The committed default model directory (fp16 safetensors, ≤ 50 MB), inside the package.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "resources" / "default_model"


def resolve_model(path: str | Path | None) -> Path:
    """``path`` if given, else the shipped default; a clear error when neither exists."""
    if path is not None:
        p = Path(path)
        if not p.is_dir():
            raise FileNotFoundError(f"{p}: model directory not found")
        return p
    if not (DEFAULT_MODEL_DIR / "zs_ner_config.json").is_file():
        raise FileNotFoundError(
            f"no default model at {DEFAULT_MODEL_DIR}; train one with 'zs-ner train --config configs/default.yaml' and pass --model"
        )
    return DEFAULT_MODEL_DIR


def load_linker(model_dir: str | Path) -> LearnedLinker | None:
    """The learned linker saved in ``model_dir/linker`` (a :class:`LearnedLinker`), or None for the rules."""
    if not (Path(model_dir) / "linker").is_dir():
        return None
    from zs_ner.linking.learned import LearnedLinker

    return LearnedLinker.load(model_dir)
