"""Rules against the learned linker: scores per split, the dev-based choice, and the report files.

Both linkers see the same thing: each annotated document's gold entities on the normaliser's view, relations
removed; optionally also the entities a tagger predicted on the same articles (end to end). The choice uses
gold-entity dev micro-F1 only; test scores are reported, never used to decide.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from zs_ner.document import Document, Relation
from zs_ner.evaluation.metrics import relation_scores
from zs_ner.linking.rules import link as rule_link
from zs_ner.postprocess.pipeline import normalised_view
from zs_ner.schema import RELATION_LABELS

LinkFn = Callable[[Document], list[Relation]]
#: The split the choice is made on; the others are reported only.
SELECTION_SPLIT = "dev"


def linked_pairs(
    docs: Sequence[Document], link_fn: LinkFn, entity_docs: Sequence[Document] | None = None
) -> list[tuple[Document, Document]]:
    """(gold, predicted) pairs: ``link_fn`` links the gold entities, or those of ``entity_docs`` (same order) when given."""
    if entity_docs is not None and len(entity_docs) != len(docs):
        raise ValueError(f"{len(entity_docs)} tagged documents for {len(docs)} annotated ones")
    out = []
    for i, gold in enumerate(docs):
        source = gold if entity_docs is None else entity_docs[i]
        if source.id != gold.id:
            raise ValueError(f"tagged document {source.id!r} stands where {gold.id!r} was expected")
        source.assign_ids()
        rels = link_fn(normalised_view(source))
        out.append((gold, Document(gold.id, gold.text, list(source.entities), rels, dict(gold.meta))))
    return out


def score_linker(docs: Sequence[Document], link_fn: LinkFn, entity_docs: Sequence[Document] | None = None) -> dict[str, Any]:
    """Relation P/R/F1 per type and micro over ``docs`` (entities from ``entity_docs`` if given), with the seconds taken."""
    started = time.perf_counter()
    pairs = linked_pairs(docs, link_fn, entity_docs)
    seconds = time.perf_counter() - started
    scores = relation_scores(pairs)
    return {"documents": len(docs), "seconds": round(seconds, 3), "scores": {k: scores[k] for k in (*RELATION_LABELS, "micro")}}


def compare(
    splits: dict[str, Sequence[Document]], learned: dict[str, LinkFn], tagged: dict[str, Sequence[Document]] | None = None
) -> dict[str, Any]:
    """Scores of the rules and of each learned linker (by name) on every split: gold entities, and the tagger's
    entities where ``tagged`` has the split; plus which linker to keep."""
    linkers: dict[str, LinkFn] = {"rules": rule_link, **learned}
    results: dict[str, Any] = {"splits": {name: {k: score_linker(docs, fn) for k, fn in linkers.items()} for name, docs in splits.items()}}
    if tagged:
        results["end_to_end"] = {
            name: {k: score_linker(splits[name], fn, ents) for k, fn in linkers.items()} for name, ents in tagged.items()
        }
    results["choice"] = choose(results)
    return results


def _best(by_linker: dict[str, Any]) -> str:
    """The linker with the highest micro-F1; the first listed (the rules) wins a tie."""
    return max(by_linker, key=lambda k: (by_linker[k]["scores"]["micro"]["f1"], -list(by_linker).index(k)))


def choose(results: dict[str, Any]) -> dict[str, Any]:
    """Rules or learned by dev micro-F1 with gold entities (the rules win a tie: no model, every link explained).

    When several learned linkers beat the rules, the one to keep is the best on dev with the tagger's entities
    if those were scored (that is how it will be used), else the best with gold entities.
    """
    dev = results["splits"].get(SELECTION_SPLIT)
    if dev is None:
        return {"kept": "rules", "reason": f"no {SELECTION_SPLIT} split scored; nothing to choose on"}
    f1 = {k: v["scores"]["micro"]["f1"] for k, v in dev.items()}
    e2e = (results.get("end_to_end") or {}).get(SELECTION_SPLIT)
    better = [k for k in dev if k != "rules" and f1[k] > f1["rules"]]
    scores = ", ".join(f"{k} {v:.4f}" for k, v in f1.items())
    if not better:
        kept, reason = "rules", f"no learned linker beats the rules on {SELECTION_SPLIT} micro-F1 with gold entities ({scores})"
    elif len(better) == 1:
        kept, reason = better[0], f"{SELECTION_SPLIT} micro-F1 with gold entities: {scores}"
    elif e2e is not None:
        kept = _best({k: e2e[k] for k in better})
        e2e_scores = ", ".join(f"{k} {e2e[k]['scores']['micro']['f1']:.4f}" for k in better)
        reason = f"{', '.join(better)} beat the rules on {SELECTION_SPLIT} micro-F1 with gold entities ({scores}); of those, {kept} is best with the tagger's entities ({e2e_scores})"
    else:
        kept = _best({k: dev[k] for k in better})
        reason = f"{SELECTION_SPLIT} micro-F1 with gold entities: {scores}"
    choice: dict[str, Any] = {"kept": kept, "on": SELECTION_SPLIT, "micro_f1": f1, "reason": reason}
    if e2e is not None:
        choice["end_to_end_micro_f1"] = {k: v["scores"]["micro"]["f1"] for k, v in e2e.items()}
        choice["end_to_end_best"] = _best(e2e)
    return choice


def comparison_table(results: dict[str, Any], section: str = "splits") -> str:
    """A Markdown table of ``results[section]`` (``splits`` or ``end_to_end``): one row per split, linker and relation type."""
    lines = ["| split | linker | relation | P | R | F1 | TP | FP | FN |", "|---|---|---|---|---|---|---|---|---|"]
    for split, by_linker in results[section].items():
        for linker, res in by_linker.items():
            for rel, s in res["scores"].items():
                name = f"**{rel}**" if rel == "micro" else rel
                lines.append(
                    f"| {split} | {linker} | {name} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | {s['tp']} | {s['fp']} | {s['fn']} |"
                )
    return "\n".join(lines)


def write_report(results: dict[str, Any], out_dir: str | Path, notes: str = "") -> tuple[Path, Path]:
    """Write ``comparison.json`` and ``comparison.md`` into ``out_dir``; ``notes`` is appended to the Markdown."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "comparison.json", out / "comparison.md"
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    choice = results["choice"]
    md = [
        "# Relation linking: rules vs learned pair classifier",
        "",
        "Gold entities on every document; relations rebuilt by each linker on the normalised view and scored with",
        "`relation_scores` (exact head and tail spans). Learned linkers are trained on train only, their per-type",
        "thresholds tuned on dev. The choice uses dev only: gold-entity micro-F1 for rules against learned, and,",
        "between learned linkers that beat the rules, micro-F1 with a tagger's entities when scored. Test is reported.",
        "",
        "## Gold entities",
        "",
        comparison_table(results),
        "",
        f"**Kept: {choice['kept']}** — {choice['reason']}.",
    ]
    if "end_to_end_best" in choice:
        e2e = ", ".join(f"{k} {v:.4f}" for k, v in choice["end_to_end_micro_f1"].items())
        md.append(f"With the tagger's entities on {SELECTION_SPLIT}, the best is **{choice['end_to_end_best']}** ({e2e}).")
    if results.get("end_to_end"):
        md += [
            "",
            "## Tagger entities (end to end)",
            "",
            "The same articles with the entities a trained tagger predicted; a relation counts only when both ends'",
            f"spans and labels match the annotation. Tagger: {results.get('tagger', 'not recorded')}.",
            "",
            comparison_table(results, "end_to_end"),
        ]
    for name, info in (results.get("linkers") or {}).items():
        md += ["", f"**{name}**: " + "; ".join(f"{k} {v}" for k, v in info.items() if not isinstance(v, dict))]
        if info.get("thresholds"):
            md.append("thresholds tuned on dev: " + ", ".join(f"{k} {v}" for k, v in info["thresholds"].items()))
    if notes:
        md += ["", notes.strip()]
    md_path.write_text("\n".join(md) + "\n", encoding="utf-8")
    return md_path, json_path
