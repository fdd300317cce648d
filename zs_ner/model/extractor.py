"""The inference wrapper: load a trained model directory and extract entities from raw articles.

Texts are normalised, tagged per character in batched windows, decoded with IOB2 constraints, and
every span is mapped back to the raw text, so ``doc.text[e.start:e.end] == e.text`` always holds.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zs_ner.document import Document, Entity
from zs_ner.model.bio import TagSpan, decode
from zs_ner.model.char_encoding import CharEncoder
from zs_ner.model.inference import predict_char_probs, resolve_device
from zs_ner.model.model_dir import MODEL_CARD_FILE, ModelSettings, read_settings, save_model_dir
from zs_ner.normalize import NORMALIZER_VERSION, normalize

log = logging.getLogger(__name__)


class Extractor:
    """Finds REGION / COMPANY / AMOUNT / PROJECT spans in raw articles with a trained token classifier."""

    def __init__(self, model: Any, tokenizer: Any, settings: ModelSettings, card: str | None = None):
        if int(model.config.num_labels) != len(settings.tags):
            raise ValueError(f"model has {model.config.num_labels} outputs but the settings list {len(settings.tags)} tags")
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.settings = settings
        self.card = card
        self.encoder = CharEncoder(tokenizer)
        self.normalizer_options = settings.normalizer()

    @classmethod
    def from_pretrained(cls, path: str | Path, device: str = "auto") -> Extractor:
        """Load a model directory written by training or :meth:`save_pretrained`; weights are used as fp32."""
        import torch
        from transformers import AutoModelForTokenClassification

        from zs_ner.model.base_model import load_tokenizer, quiet_transformers

        path = Path(path)
        settings = read_settings(path)
        if settings.normalizer_version != NORMALIZER_VERSION:
            log.warning(
                "%s was trained with normaliser version %s, installed is %s; predictions may differ",
                path,
                settings.normalizer_version,
                NORMALIZER_VERSION,
            )
        tokenizer = load_tokenizer(path)
        with quiet_transformers():
            model = AutoModelForTokenClassification.from_pretrained(path, dtype=torch.float32)
        model.to(resolve_device(device))
        card_path = path / MODEL_CARD_FILE
        card = card_path.read_text(encoding="utf-8") if card_path.is_file() else None
        return cls(model, tokenizer, settings, card)

    @property
    def device(self) -> Any:
        """The ``torch.device`` the model runs on."""
        return next(self.model.parameters()).device

    @property
    def device_name(self) -> str:
        """A readable device description for reports (``cpu`` or ``cuda:0 (GPU name)``)."""
        import torch

        device = self.device
        if device.type == "cuda":
            return f"{device} ({torch.cuda.get_device_name(device)})"
        return str(device)

    @property
    def model_version(self) -> str:
        """The identifier recorded at training time (used as Label Studio ``model_version``)."""
        return self.settings.model_version or "zs_ner-unversioned"

    def extract(self, inputs: Iterable[str | Document] | str | Document, batch_size: int = 16, progress: bool = False) -> list[Document]:
        """One document per input with predicted entities (raw-text offsets, scores, ids ``e1…``).

        Input documents keep their id and meta (their entities and relations are not copied); plain
        strings get ids ``doc-1``, ``doc-2``, …
        """
        items = [inputs] if isinstance(inputs, (str, Document)) else list(inputs)
        docs = [_as_document(item, i) for i, item in enumerate(items, start=1)]
        norms = [normalize(doc.text, self.normalizer_options) for doc in docs]
        probs = predict_char_probs(
            self.model,
            self.encoder,
            [norm.text for norm in norms],
            self.settings.max_length,
            self.settings.stride,
            batch_size=batch_size,
            progress=progress,
        )
        out = []
        for doc, norm, doc_probs in zip(docs, norms, probs, strict=True):
            entities = []
            for span in decode(doc_probs, self.settings.tags):
                trimmed = _trim_whitespace(span, norm.text)
                if trimmed is None:
                    continue
                start, end = norm.to_raw_span(trimmed.start, trimmed.end)
                entities.append(Entity(start, end, span.label, doc.text[start:end], id=f"e{len(entities) + 1}", score=round(span.score, 4)))
            out.append(Document(doc.id, doc.text, entities, [], dict(doc.meta)))
        return out

    def save_pretrained(self, out_dir: str | Path, fp16: bool = True) -> Path:
        """Write this model as a model directory (weights, tokenizer, ``zs_ner_config.json``, model card)."""
        return save_model_dir(out_dir, self.model, self.tokenizer, self.settings, fp16=fp16, card=self.card)


def _as_document(item: str | Document, number: int) -> Document:
    """A :class:`Document` for an input item; strings become ``doc-<number>``."""
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(f"doc-{number}", item)
    raise TypeError(f"extract() takes strings or Documents, got {type(item).__name__} at position {number}")


def _trim_whitespace(span: TagSpan, text: str) -> TagSpan | None:
    """``span`` without leading/trailing whitespace characters; ``None`` when nothing else is left."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return TagSpan(start, end, span.label, span.score)
