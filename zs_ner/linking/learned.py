"""A learned linker: a pair classifier over hashed sparse features, stacked on the rule linker's decisions.

Each candidate pair (see :mod:`zs_ner.linking.pairs`) becomes a bag of hashed feature ids; an
``nn.EmbeddingBag`` sums their weights (logistic regression) or their vectors (a one-hidden-layer MLP when
``hidden > 0``). It is trained on the train split only; the score threshold of each relation type is tuned
on dev. ``link(doc)`` takes the normaliser's view of a document, as the rule linker does.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from zs_ner.document import Document, Relation
from zs_ner.linking import pairs
from zs_ner.linking.pairs import Candidate, DocumentContext, candidate_pairs, pair_features
from zs_ner.postprocess.pipeline import normalised_view
from zs_ner.schema import RELATION_LABELS

LINKER_DIR = "linker"
WEIGHTS_FILE = "weights.safetensors"
CONFIG_FILE = "linker.json"
FORMAT_VERSION = 1
#: Bump when :mod:`zs_ner.linking.pairs` changes what a feature means; saved weights then no longer load.
FEATURE_VERSION = 1
#: Threshold grid searched on dev; ties go to the value closest to 0.5.
THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))


@dataclass
class LinkerConfig:
    """Hyper-parameters of the pair classifier; ``hidden = 0`` is logistic regression."""

    buckets: int = 1 << 20
    hidden: int = 0
    epochs: int = 300
    learning_rate: float = 0.05
    l2: float = 1e-4
    seed: int = 13

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkerConfig:
        """Read the ``config`` block of ``linker.json``; unknown keys are an error."""
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown linker config keys {sorted(unknown)}")
        return cls(**data)


class PairScorer(nn.Module):
    """Logit of a candidate pair from the bag of its hashed feature ids.

    Only the hashed ids seen in training get a row (``vocab``, sorted); any other id maps to a padding row
    that adds nothing. This keeps the table as small as the training features, however large ``buckets`` is.
    """

    def __init__(self, vocab: torch.Tensor, hidden: int = 0) -> None:
        super().__init__()
        self.register_buffer("vocab", vocab.to(torch.long))
        self.unknown = int(vocab.numel())
        self.bag = nn.EmbeddingBag(self.unknown + 1, hidden or 1, mode="sum", padding_idx=self.unknown)
        if hidden:
            nn.init.normal_(self.bag.weight, std=0.01)
        else:
            nn.init.zeros_(self.bag.weight)
        self.out = nn.Linear(hidden, 1) if hidden else None

    def rows(self, ids: torch.Tensor) -> torch.Tensor:
        """Table rows of hashed feature ids (the padding row for ids never seen in training)."""
        if self.unknown == 0:
            return torch.full_like(ids, self.unknown)
        pos = torch.searchsorted(self.vocab, ids).clamp(max=self.unknown - 1)
        return torch.where(self.vocab[pos] == ids, pos, torch.full_like(pos, self.unknown))

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        """One logit per bag of hashed ids (``offsets`` mark where each bag starts in ``ids``)."""
        return self.score_rows(self.rows(ids), offsets)

    def score_rows(self, rows: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        """One logit per bag of table rows (as :meth:`rows` gives them; training maps ids once, not every step)."""
        summed = self.bag(rows, offsets)
        if self.out is None:
            return summed.squeeze(-1)
        return self.out(torch.relu(summed)).squeeze(-1)


def feature_id(feature: str, buckets: int) -> int:
    """A stable hash of a feature string into ``[0, buckets)`` (Python's ``hash`` is salted per process)."""
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little") % buckets


def _bags(feature_lists: Sequence[list[str]], buckets: int) -> tuple[torch.Tensor, torch.Tensor]:
    ids: list[int] = []
    offsets: list[int] = []
    for feats in feature_lists:
        offsets.append(len(ids))
        ids.extend(feature_id(f, buckets) for f in feats)
    return torch.tensor(ids, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)


@dataclass
class PairSet:
    """The candidates of some documents with their features and gold labels (1 when the gold doc has the relation)."""

    candidates: list[Candidate] = field(default_factory=list)
    features: list[list[str]] = field(default_factory=list)
    gold: list[int] = field(default_factory=list)
    gold_totals: dict[str, int] = field(default_factory=dict)


def document_pairs(doc: Document) -> tuple[list[Candidate], list[list[str]]]:
    """Candidates of ``doc`` (normalised view) and their features, the rule linker run once for all of them."""
    ctx = DocumentContext.build(doc)
    cands = candidate_pairs(doc, ctx.sentences)
    return cands, [pair_features(ctx, c) for c in cands]


def gold_pair_set(docs: Sequence[Document]) -> PairSet:
    """Candidates and labels of annotated documents, linked over their normalised view like at prediction time."""
    out = PairSet(gold_totals=dict.fromkeys(RELATION_LABELS, 0))
    for doc in docs:
        doc.assign_ids()
        gold = {(r.head, r.tail, r.label) for r in doc.relations}
        for label in RELATION_LABELS:
            out.gold_totals[label] += sum(1 for k in gold if k[2] == label)
        cands, feats = document_pairs(normalised_view(doc))
        out.candidates += cands
        out.features += feats
        out.gold += [int(c.key() in gold) for c in cands]
    return out


def data_hash(docs: Sequence[Document]) -> str:
    """SHA-256 over the documents' records sorted by id: names the exact training data of a linker."""
    records = sorted((d.to_record() for d in docs), key=lambda r: r["id"])
    return hashlib.sha256(json.dumps(records, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


@contextmanager
def _one_thread() -> Iterator[None]:
    """Run torch on one thread: on a problem this small, thread hand-offs cost more than they save (3-5x on a busy box)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _fit(model: PairScorer, ids: torch.Tensor, offsets: torch.Tensor, gold: torch.Tensor, config: LinkerConfig) -> float:
    """Full-batch Adam on the logistic loss plus L2 on the feature weights; returns the final loss."""
    optimiser = torch.optim.Adam(model.parameters(), lr=config.learning_rate)
    loss_fn = nn.BCEWithLogitsLoss()
    loss = torch.tensor(0.0)
    rows = model.rows(ids)
    model.train()
    with _one_thread():
        for _ in range(config.epochs):
            optimiser.zero_grad()
            loss = loss_fn(model.score_rows(rows, offsets), gold) + config.l2 * model.bag.weight.pow(2).sum()
            loss.backward()
            optimiser.step()
    model.eval()
    return float(loss.detach())


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 from counts, rounded like the evaluation reports."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def tune_thresholds(pair_set: PairSet, scores: Sequence[float]) -> tuple[dict[str, float], dict[str, dict[str, float | int]]]:
    """Per relation type, the grid threshold with the best F1 on ``pair_set`` (gold outside the candidates counts as missed)."""
    thresholds: dict[str, float] = {}
    best_scores: dict[str, dict[str, float | int]] = {}
    for label in RELATION_LABELS:
        rows = [(s, g) for c, s, g in zip(pair_set.candidates, scores, pair_set.gold, strict=True) if c.label == label]
        total = pair_set.gold_totals.get(label, 0)
        best: tuple[float, float, float] | None = None
        for t in THRESHOLD_GRID:
            tp = sum(1 for s, g in rows if s >= t and g)
            fp = sum(1 for s, g in rows if s >= t and not g)
            f1 = float(prf(tp, fp, total - tp)["f1"])
            key = (f1, -abs(t - 0.5), t)
            if best is None or key > best:
                best = key
        thresholds[label] = best[2] if best is not None else 0.5
        tp = sum(1 for s, g in rows if s >= thresholds[label] and g)
        fp = sum(1 for s, g in rows if s >= thresholds[label] and not g)
        best_scores[label] = prf(tp, fp, total - tp)
    return thresholds, best_scores


@dataclass
class LearnedLinker:
    """A trained pair classifier, its per-type thresholds and the record of its training."""

    config: LinkerConfig
    model: PairScorer
    thresholds: dict[str, float]
    record: dict[str, Any] = field(default_factory=dict)

    # -- training ---------------------------------------------------------------------------------
    @classmethod
    def train(
        cls,
        train_docs: Sequence[Document],
        dev_docs: Sequence[Document],
        config: LinkerConfig | None = None,
        tagged_train_docs: Sequence[Document] = (),
    ) -> LearnedLinker:
        """Fit on ``train_docs`` (gold entities and relations), tune one threshold per type on ``dev_docs``.

        ``tagged_train_docs`` are the same train articles with a tagger's entities (see
        :func:`zs_ner.linking.tagged.tag_documents`); they are added to the training pairs so the classifier
        also learns from the entity mistakes it will meet in use. Thresholds are tuned on gold-entity dev.
        """
        config = config or LinkerConfig()
        if not train_docs:
            raise ValueError("no training documents")
        started = time.perf_counter()
        torch.manual_seed(config.seed)
        train_set = gold_pair_set([*train_docs, *tagged_train_docs])
        if not any(train_set.gold) or all(train_set.gold):
            raise ValueError("training needs both linked and unlinked candidate pairs")
        ids, offsets = _bags(train_set.features, config.buckets)
        model = PairScorer(torch.unique(ids), config.hidden)
        loss = _fit(model, ids, offsets, torch.tensor(train_set.gold, dtype=torch.float32), config)
        linker = cls(config, model, dict.fromkeys(RELATION_LABELS, 0.5))
        dev_scores: dict[str, Any] = {}
        if dev_docs:
            dev_set = gold_pair_set(dev_docs)
            linker.thresholds, dev_scores = tune_thresholds(dev_set, linker.pair_scores(dev_set.features))
        linker.record = {
            "train_documents": len(train_docs),
            "train_pairs": len(train_set.candidates),
            "train_positive_pairs": sum(train_set.gold),
            "train_data_sha256": data_hash(train_docs),
            "tagged_train_documents": len(tagged_train_docs),
            "tagged_train_data_sha256": data_hash(tagged_train_docs) if tagged_train_docs else None,
            "dev_documents": len(dev_docs),
            "dev_data_sha256": data_hash(dev_docs) if dev_docs else None,
            "dev_scores_at_thresholds": dev_scores,
            "final_loss": round(loss, 6),
            "train_seconds": round(time.perf_counter() - started, 2),
        }
        return linker

    # -- prediction -------------------------------------------------------------------------------
    def pair_scores(self, features: Sequence[list[str]]) -> list[float]:
        """Probability that each candidate (given by its features) is a relation."""
        if not features:
            return []
        ids, offsets = _bags(features, self.config.buckets)
        with torch.no_grad():
            return torch.sigmoid(self.model(ids, offsets)).tolist()

    def score(self, doc: Document) -> list[tuple[Candidate, float]]:
        """Every candidate pair of ``doc`` (normalised view) with its probability, thresholds not applied."""
        cands, feats = document_pairs(doc)
        return list(zip(cands, self.pair_scores(feats), strict=True))

    def link(self, doc: Document) -> list[Relation]:
        """The relations of ``doc`` (normalised view, entities with ids): candidates at or above their type's threshold."""
        out = []
        for cand, p in self.score(doc):
            if p >= self.thresholds.get(cand.label, 0.5):
                head, tail, label = cand.key()
                out.append(Relation(head, tail, label, score=round(p, 4), attrs={"rule": "learned"}))
        return out

    # -- persistence ------------------------------------------------------------------------------
    def save(self, directory: str | Path) -> Path:
        """Write ``directory/linker/`` (weights as safetensors, ``linker.json``); returns that sub-directory."""
        from safetensors.torch import save_file

        out = Path(directory) / LINKER_DIR
        out.mkdir(parents=True, exist_ok=True)
        save_file({k: v.contiguous() for k, v in self.model.state_dict().items()}, str(out / WEIGHTS_FILE))
        meta = {
            "format_version": FORMAT_VERSION,
            "model": "pair classifier over hashed sparse features (nn.EmbeddingBag rows for the hashed ids seen in training)",
            "config": asdict(self.config),
            "features": feature_settings(),
            "thresholds": self.thresholds,
            "training": self.record,
        }
        (out / CONFIG_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return out

    @classmethod
    def load(cls, directory: str | Path) -> LearnedLinker:
        """Read a linker saved by :meth:`save` from ``directory/linker/``; clear errors name the file at fault."""
        from safetensors.torch import load_file

        src = Path(directory) / LINKER_DIR
        meta_path, weights_path = src / CONFIG_FILE, src / WEIGHTS_FILE
        if not meta_path.is_file() or not weights_path.is_file():
            raise FileNotFoundError(f"{src}: no saved linker ({CONFIG_FILE} and {WEIGHTS_FILE} expected)")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"format_version {meta.get('format_version')!r} is not {FORMAT_VERSION}")
            if meta["features"].get("version") != FEATURE_VERSION:
                raise ValueError(f"feature version {meta['features'].get('version')!r} does not match this code's {FEATURE_VERSION}")
            config = LinkerConfig.from_dict(meta["config"])
            thresholds = {str(k): float(v) for k, v in meta["thresholds"].items()}
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{meta_path}: not a valid linker config: {exc}") from exc
        try:
            state = load_file(str(weights_path))
            model = PairScorer(state["vocab"], config.hidden)
            model.load_state_dict(state)
        except (KeyError, RuntimeError, OSError) as exc:
            raise ValueError(f"{weights_path}: weights do not fit the config in {meta_path}: {exc}") from exc
        model.eval()
        return cls(config, model, thresholds, dict(meta.get("training") or {}))


def feature_settings() -> dict[str, Any]:
    """The feature extractor's constants, saved beside the weights so a reader knows what they were trained on."""
    return {
        "version": FEATURE_VERSION,
        "hash": "blake2b-64 mod buckets",
        "window": pairs.WINDOW,
        "short_gap": pairs.SHORT_GAP,
        "max_sentences_back": pairs.MAX_SENTENCES_BACK,
        "cue_words": list(pairs.CUE_WORDS),
    }
