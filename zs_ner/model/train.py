"""Fine-tuning the character tagger: data loading, the training loop, dev selection and the saved model directory.

AdamW with linear warmup and decay, gradient clipping, seqeval dev F1 after every epoch, the best
epoch's weights kept, an optional wall-clock budget, and a per-epoch checkpoint for ``--resume``.
Each epoch gets freshly drawn noise augmentation (seeded by ``seed`` and the epoch number).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import random
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from zs_ner.document import Document
from zs_ner.model.augment import Augmenter
from zs_ner.model.config import SourceConfig, TrainConfig
from zs_ner.model.dataset import IGNORE_INDEX, build_dataset, collate, tag_document
from zs_ner.model.sources import read_corpus_split, read_source, weighted_sample
from zs_ner.schema import bio_labels

log = logging.getLogger(__name__)

CHECKPOINT_DIR = "checkpoint"


@dataclass
class TrainingData:
    """The documents of a run: the corpus train split, extra sources with their configs, and the dev set."""

    train: list[Document]
    aux: list[tuple[SourceConfig, list[Document]]]
    dev: list[Document]

    def describe(self) -> str:
        """One line for the log and the model card."""
        parts = [f"{len(self.train)} corpus train docs"] + [
            f"{len(d)} docs from {s.path} ({s.format}, weight {s.weight})" for s, d in self.aux
        ]
        return ", ".join(parts) + f"; {len(self.dev)} dev docs"


@dataclass
class TrainResult:
    """What a finished run reports: where the model is, the selected epoch and its dev scores, and per-epoch history."""

    output_dir: Path
    best_epoch: int
    dev_scores: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    train_seconds: float = 0.0


def load_training_data(config: TrainConfig) -> TrainingData:
    """Read the corpus splits and every extra source named in ``config.data``; fails if nothing is left to train on."""
    data = config.data
    train: list[Document] = []
    dev: list[Document] = []
    if data.root is not None:
        train = read_corpus_split(data.root, data.train_split)
        dev = read_corpus_split(data.root, data.dev_split)
    aux = [(src, read_source(src.format, src.path, src.max_docs)) for src in data.aux]
    for src in data.dev_aux:
        dev += read_source(src.format, src.path, src.max_docs)
    if not train and not any(docs for _, docs in aux):
        raise ValueError(f"no training documents: corpus {data.root!r} split {data.train_split!r} and the aux sources are empty")
    return TrainingData(train, aux, dev)


def documents_sha256(docs: list[Document]) -> str:
    """SHA-256 over the documents' canonical JSON records in sorted order (a fingerprint independent of file order)."""
    lines = sorted(json.dumps(d.to_record(), ensure_ascii=False, sort_keys=True) for d in docs)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def epoch_documents(data: TrainingData, augmenter: Augmenter, seed: int, epoch: int) -> list[Document]:
    """The training documents of one epoch: corpus + weighted aux samples, each with freshly drawn noise."""
    rng = random.Random(seed * 100_003 + epoch)
    docs = list(data.train)
    for src, src_docs in data.aux:
        docs += weighted_sample(src_docs, src.weight, rng)
    return [augmenter.augment(doc, rng) for doc in docs]


def train(config: TrainConfig, output_dir: str | Path | None = None, resume: bool = False) -> TrainResult:
    """Fine-tune ``config.base_model`` on the configured data and write the model directory; returns the run summary."""
    import torch
    from transformers import get_linear_schedule_with_warmup, set_seed

    from zs_ner.model.base_model import load_token_classifier, load_tokenizer
    from zs_ner.model.char_encoding import CharEncoder
    from zs_ner.model.dev_eval import evaluate_tagged
    from zs_ner.model.inference import resolve_device
    from zs_ner.normalize import NormalizerOptions

    wall_start = time.monotonic()
    out = Path(output_dir or config.output_dir)
    config = dataclasses.replace(config, output_dir=str(out))
    set_seed(config.seed)
    device = resolve_device(config.device)
    tags = bio_labels()
    options = NormalizerOptions.from_dict(config.normalizer)

    data = load_training_data(config)
    log.info("data: %s", data.describe())
    tokenizer = load_tokenizer(config.base_model)
    model = load_token_classifier(config.base_model, tags).to(device)
    encoder = CharEncoder(tokenizer)
    dev_tagged = [tag_document(doc, options) for doc in data.dev]

    augmenter = Augmenter(config.augmentation)
    epoch_sets = [
        build_dataset(epoch_documents(data, augmenter, config.seed, epoch), encoder, tags, config.max_length, config.stride, options)
        for epoch in range(config.epochs)
    ]
    planned = sum(math.ceil(len(rows) / config.batch_size) for rows in epoch_sets)
    total_steps = planned if config.max_steps is None else min(config.max_steps, planned)
    log.info("%d windows per epoch, %d optimiser steps planned on %s", len(epoch_sets[0]), total_steps, device)

    no_decay = ("bias", "LayerNorm.weight", "layer_norm.weight", "norm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": config.weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=config.learning_rate)
    scheduler = get_linear_schedule_with_warmup(optimizer, round(config.warmup_ratio * total_steps), max(total_steps, 1))

    state = _RunState()
    checkpoint = out / CHECKPOINT_DIR
    if resume:
        state = _load_checkpoint(checkpoint, config, model, optimizer, scheduler)
        log.info("resumed after epoch %d (step %d)", state.epochs_done, state.step)
    deadline = None if config.max_train_minutes is None else time.monotonic() + config.max_train_minutes * 60 - state.train_seconds
    started = datetime.now(timezone.utc)

    for epoch in range(state.epochs_done, config.epochs):
        if state.stopped:
            break
        generator = torch.Generator().manual_seed(config.seed * 1_000 + epoch)
        loader = torch.utils.data.DataLoader(
            epoch_sets[epoch],
            batch_size=config.batch_size,
            shuffle=True,
            generator=generator,
            collate_fn=lambda b: collate(b, encoder.pad_id),
        )
        epoch_start = time.monotonic()
        loss_sum, batches = _train_epoch(model, loader, optimizer, scheduler, config, state, deadline, f"epoch {epoch + 1}/{config.epochs}")
        state.train_seconds += time.monotonic() - epoch_start
        if batches == 0:
            break
        record: dict[str, Any] = {"epoch": epoch + 1, "steps": state.step, "train_loss": round(loss_sum / batches, 5)}
        if dev_tagged:
            scores = evaluate_tagged(model, encoder, dev_tagged, tags, config.max_length, config.stride, config.eval_batch_size)
            record["dev"] = scores
            per_label = ", ".join(f"{k} {v['f1-score']:.3f}" for k, v in sorted(scores["labels"].items()))
            log.info(
                "epoch %d: loss %.4f, dev P/R/F1 %.3f/%.3f/%.3f (%s)",
                epoch + 1, record["train_loss"], scores["precision"], scores["recall"], scores["f1"], per_label,
            )  # fmt: skip
            improved = state.best_epoch == 0 or scores["f1"] > state.best_scores.get("f1", -1.0)
        else:
            log.info("epoch %d: loss %.4f (no dev set: keeping the last epoch)", epoch + 1, record["train_loss"])
            scores, improved = {}, True
        state.history.append(record)
        state.epochs_done = epoch + 1
        if improved:
            state.best_epoch, state.best_scores = epoch + 1, scores
            state.best_weights = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
        if state.epochs_done < config.epochs and not state.stopped:
            _save_checkpoint(checkpoint, config, model, optimizer, scheduler, state)

    if state.best_weights is not None:
        model.load_state_dict(state.best_weights)
    state.wall_seconds = time.monotonic() - wall_start
    result = _write_output(out, config, data, model, tokenizer, tags, options.to_dict(), state, started, str(device))
    shutil.rmtree(checkpoint, ignore_errors=True)
    return result


def _train_epoch(
    model: Any, loader: Any, optimizer: Any, scheduler: Any, config: TrainConfig, state: _RunState, deadline: float | None, desc: str
) -> tuple[float, int]:
    """One pass of optimiser steps over ``loader``; ``(loss sum, batches)``.

    Stops after the step that reaches ``max_steps`` or passes the deadline, so every run trains at least one step.
    """
    import torch
    from tqdm import tqdm

    device = next(model.parameters()).device
    autocast = _train_autocast(device)
    model.train()
    loss_sum, batches = 0.0, 0
    bar = tqdm(loader, desc=desc, unit="batch", disable=None, leave=False)
    for batch in bar:
        batch = {k: v.to(device) for k, v in batch.items()}
        with autocast:
            loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.max_grad_norm)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        state.step += 1
        state.chars_seen += int((batch["labels"] != IGNORE_INDEX).sum())
        batches += 1
        loss_sum += float(loss.detach())
        bar.set_postfix(loss=f"{loss_sum / batches:.4f}")
        reason = _stop_reason(config, state.step, deadline)
        if reason:
            state.stopped = True
            log.info("stopping early: %s", reason)
            break
    bar.close()
    return loss_sum, batches


def _stop_reason(config: TrainConfig, step: int, deadline: float | None) -> str | None:
    """Why training must stop after this step (``max_steps`` reached or the time budget spent), or ``None``."""
    if config.max_steps is not None and step >= config.max_steps:
        return f"max_steps {config.max_steps} reached"
    if deadline is not None and time.monotonic() > deadline:
        return f"time budget of {config.max_train_minutes} minutes spent"
    return None


@dataclass
class _RunState:
    """Progress of a run (what a checkpoint stores besides model and optimiser)."""

    epochs_done: int = 0
    step: int = 0
    chars_seen: int = 0
    train_seconds: float = 0.0
    wall_seconds: float = 0.0
    stopped: bool = False
    best_epoch: int = 0
    best_scores: dict[str, Any] = field(default_factory=dict)
    best_weights: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)


def _train_autocast(device: Any) -> Any:
    """bf16 autocast on CUDA devices that support it; a no-op elsewhere."""
    from contextlib import nullcontext

    import torch

    if device.type == "cuda" and torch.cuda.is_bf16_supported():
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return nullcontext()


def _save_checkpoint(path: Path, config: TrainConfig, model: Any, optimizer: Any, scheduler: Any, state: _RunState) -> None:
    """Everything needed to continue after the last finished epoch (``zs-ner train --resume``)."""
    import torch

    path.mkdir(parents=True, exist_ok=True)
    payload = {
        "config": config.to_dict(),
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "state": {k: v for k, v in vars(state).items() if k != "best_weights"},
        "best_weights": state.best_weights,
        "torch_rng": torch.get_rng_state(),
        "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
    }
    tmp = path / "state.pt.tmp"
    torch.save(payload, tmp)
    tmp.replace(path / "state.pt")


def _load_checkpoint(path: Path, config: TrainConfig, model: Any, optimizer: Any, scheduler: Any) -> _RunState:
    """Restore a checkpoint written by the same config; refuses one from a different config."""
    import torch

    file = path / "state.pt"
    if not file.is_file():
        raise FileNotFoundError(f"{file}: no checkpoint to resume from")
    payload = torch.load(file, map_location="cpu", weights_only=True)
    if payload["config"] != config.to_dict():
        raise ValueError(f"{file}: checkpoint was written with a different training config; start without --resume")
    model.load_state_dict(payload["model"])
    optimizer.load_state_dict(payload["optimizer"])
    scheduler.load_state_dict(payload["scheduler"])
    torch.set_rng_state(payload["torch_rng"])
    if payload["cuda_rng"] is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(payload["cuda_rng"])
    state = _RunState(**payload["state"])
    state.best_weights = payload["best_weights"]
    return state


def _write_output(
    out: Path,
    config: TrainConfig,
    data: TrainingData,
    model: Any,
    tokenizer: Any,
    tags: list[str],
    normalizer_options: dict[str, Any],
    state: _RunState,
    started: datetime,
    device: str,
) -> TrainResult:
    """Save the selected weights with ``zs_ner_config.json`` (settings + training record) and the model card."""
    from zs_ner.model.base_model import M3E_SMALL
    from zs_ner.model.model_card import render_model_card
    from zs_ner.model.model_dir import ModelSettings, save_model_dir

    train_docs = data.train + [d for _, docs in data.aux for d in docs]
    base_name = M3E_SMALL if config.base_model == M3E_SMALL else Path(config.base_model).name
    settings = ModelSettings(
        tags=tags,
        max_length=config.max_length,
        stride=config.stride,
        normalizer_options=normalizer_options,
        model_version=f"zs_ner-{base_name}-{started.strftime('%Y%m%dT%H%MZ')}",
        training={
            "config": config.to_dict(),
            "data": {
                "sources": data.describe(),
                "train_docs": len(train_docs),
                "train_chars": sum(len(d.text) for d in train_docs),
                "train_sha256": documents_sha256(train_docs),
                "dev_docs": len(data.dev),
                "dev_sha256": documents_sha256(data.dev),
            },
            "dev_scores": state.best_scores,
            "best_epoch": state.best_epoch,
            "epochs_run": state.epochs_done,
            "steps": state.step,
            "stopped_early": state.stopped,
            "history": state.history,
            "started_at": started.isoformat(timespec="seconds"),
            "train_documents": len(train_docs),
            "train_characters": sum(len(d.text) for d in train_docs),
            "train_seconds": round(state.train_seconds, 3),
            "train_minutes": round(state.train_seconds / 60, 2),
            "wall_seconds": round(state.wall_seconds, 3),
            "train_chars_per_second": round(state.chars_seen / state.train_seconds) if state.train_seconds > 0 else None,
            "device": device,
        },
    )
    save_model_dir(out, model, tokenizer, settings, fp16=config.save_fp16, card=render_model_card(settings))
    log.info("saved %s (best epoch %d, dev F1 %s)", out, state.best_epoch, state.best_scores.get("f1", "n/a"))
    return TrainResult(out, state.best_epoch, state.best_scores, state.history, state.train_seconds)
