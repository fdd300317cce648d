"""Dev-set scoring during training: predicted vs gold character tags with seqeval (strict IOB2, entity level)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zs_ner.model.bio import decode, spans_to_tags
from zs_ner.model.char_encoding import CharEncoder
from zs_ner.model.dataset import TaggedText
from zs_ner.model.inference import predict_char_probs


def seqeval_scores(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Micro precision/recall/F1 plus per-label scores with supports, from seqeval in strict IOB2 mode."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    def has_entities(seqs: Sequence[Sequence[str]]) -> bool:
        return any(tag != "O" for seq in seqs for tag in seq)

    if not has_entities(gold) and not has_entities(predicted):
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0, "labels": {}}
    report = classification_report(
        [list(s) for s in gold], [list(s) for s in predicted], mode="strict", scheme=IOB2, output_dict=True, zero_division=0
    )
    micro = report["micro avg"]
    labels = {
        name: {k: round(float(v[k]), 4) for k in ("precision", "recall", "f1-score")} | {"support": int(v["support"])}
        for name, v in report.items()
        if not name.endswith(" avg")
    }
    return {
        "precision": round(float(micro["precision"]), 4),
        "recall": round(float(micro["recall"]), 4),
        "f1": round(float(micro["f1-score"]), 4),
        "support": int(micro["support"]),
        "labels": labels,
    }


def evaluate_tagged(
    model: Any,
    encoder: CharEncoder,
    tagged: Sequence[TaggedText],
    tags: Sequence[str],
    max_length: int,
    stride: int,
    batch_size: int,
) -> dict[str, Any]:
    """Decode every dev text with the model and score it against its gold tags."""
    probs = predict_char_probs(model, encoder, [t.text for t in tagged], max_length, stride, batch_size=batch_size)
    predicted = [
        spans_to_tags(len(t.text), [(s.start, s.end, s.label) for s in decode(p, tags)]) for t, p in zip(tagged, probs, strict=True)
    ]
    return seqeval_scores([t.tags for t in tagged], predicted)
