"""The model card (``README.md``) written into every trained model directory."""

from __future__ import annotations

from typing import Any

from zs_ner.model.base_model import M3E_SMALL
from zs_ner.model.model_dir import ModelSettings

_LICENCE_M3E = (
    "The base encoder **m3e-small** (moka-ai, initialised from uer/chinese_roberta_L-4_H-512) is licensed for "
    '**research and non-commercial use only** (its README: "M3E models 使用的数据集中包括大量非商用的数据集，'
    '所以 M3E models 也是非商用的，仅供研究使用"). This fine-tuned model inherits that restriction: do not use it '
    "commercially."
)
_LICENCE_OTHER = "The weights inherit the licence of the base model `{base}`; check it before any commercial use."


def _seconds(value: Any) -> str:
    """``803 s`` from a number of seconds, ``? s`` when missing."""
    return f"{float(value):.0f} s" if isinstance(value, (int, float)) else "? s"


def render_model_card(settings: ModelSettings) -> str:
    """Markdown model card: intended use, data, metrics, limitations and licence of a trained model."""
    training: dict[str, Any] = settings.training
    config: dict[str, Any] = training.get("config", {})
    data: dict[str, Any] = training.get("data", {})
    dev: dict[str, Any] = training.get("dev_scores", {})
    base = str(config.get("base_model", "unknown"))
    licence = _LICENCE_M3E if base == M3E_SMALL else _LICENCE_OTHER.format(base=base)
    lines = [
        f"# zs_ner entity tagger `{settings.model_version}`",
        "",
        "Character-level BIO tagger for Chinese investment-attraction (招商引资) news. It marks REGION, COMPANY,",
        "AMOUNT and PROJECT spans as defined in the project's annotation guide (`annotations/GUIDE.md`).",
        "",
        "## Intended use",
        "",
        "- Batch extraction from regional news and government pages about investment projects, followed by",
        "  zs_ner's post-processing (amount parsing, relation linking), and pre-annotation for Label Studio.",
        "- Load with `zs_ner.Extractor.from_pretrained(<this directory>)`; input is raw article text, scraped",
        "  noise included; the text is normalised internally and offsets refer to the raw text.",
        "- Not for other genres or for decisions without human review.",
        "",
        "## Model",
        "",
        f"- Base encoder: `{base}`; {len(settings.tags)} tags: {', '.join(settings.tags)}.",
        f"- Windows of {settings.max_length} tokens (overlap {settings.stride} characters); normaliser version "
        f"{settings.normalizer_version}; zs_ner {settings.zs_ner_version}.",
        f"- Trained for {training.get('epochs_run', '?')} epoch(s) in {_seconds(training.get('train_seconds'))} "
        f"on {training.get('device', '?')} ({training.get('train_chars_per_second', '?')} chars/s); "
        f"best dev epoch {training.get('best_epoch', '?')}.",
        "",
        "## Data",
        "",
        f"- Training documents: {data.get('train_docs', '?')} ({data.get('train_chars', '?')} characters), "
        f"SHA-256 `{data.get('train_sha256', '?')}`.",
        f"- Dev documents: {data.get('dev_docs', '?')}, SHA-256 `{data.get('dev_sha256', '?')}`.",
        f"- Sources: {data.get('sources', 'the project corpus')}.",
        f"- Noise augmentation (per-document probabilities): {config.get('augmentation', {})}.",
        "",
        "## Metrics (dev set, entity level, seqeval strict IOB2)",
        "",
    ]
    if dev:
        lines += ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for name, s in sorted(dev.get("labels", {}).items()):
            lines.append(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1-score']:.3f} | {s['support']} |")
        lines.append(f"| **micro** | {dev['precision']:.3f} | {dev['recall']:.3f} | {dev['f1']:.3f} | {dev['support']} |")
    else:
        lines.append("No dev set was available; the last epoch was kept. Evaluate on held-out data before use.")
    lines += [
        "",
        "Dev scores select the checkpoint and are optimistic; report test-split scores from `zs-ner evaluate`.",
        "",
        "## Limitations",
        "",
        "- Trained on a small, single-genre corpus; expect lower recall on unusual project names and on",
        "  articles far from regional investment news.",
        "- Spans are flat: a place inside a company or project name is not tagged separately.",
        "- Relations are not predicted by this model; zs_ner's linker derives them afterwards.",
        "- Scores are mean tag probabilities, not calibrated confidences.",
        "",
        "## Licence",
        "",
        licence,
        "",
        "The zs_ner code is Apache-2.0. Training data licences are listed in the project README.",
        "",
    ]
    return "\n".join(lines)
