"""Evaluation reports: metrics.json, report.md, report.html and two charts, plus comparison of two reports."""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zs_ner.document import Document
from zs_ner.evaluation.errors import entity_errors, relation_errors, worst_errors
from zs_ner.evaluation.metrics import entity_scores, pair_documents, relation_scores, seqeval_scores, span_confusion
from zs_ner.schema import ENTITY_LABELS, RELATION_LABELS

CONFUSION_PNG = "confusion_matrix.png"
BARS_PNG = "per_label_f1.png"


def evaluate_documents(gold: Sequence[Document], pred: Sequence[Document], with_relations: bool = True) -> dict[str, Any]:
    """All scores of ``pred`` against ``gold`` (paired by id) as the ``metrics.json`` structure."""
    pairs = pair_documents(gold, pred)
    metrics: dict[str, Any] = {
        "n_documents": len(pairs),
        "n_characters": sum(len(g.text) for g, _ in pairs),
        "entities": entity_scores(pairs),
        "seqeval": seqeval_scores(pairs),
        "confusion": span_confusion(pairs),
    }
    if with_relations:
        metrics["relations"] = relation_scores(pairs)
    return metrics


def _fmt(x: float | int | None) -> str:
    if x is None:
        return ""
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def _table(scores: dict[str, dict], rows: Sequence[str]) -> list[list[str]]:
    out = [["", "precision", "recall", "F1", "support"]]
    for row in rows:
        s = scores.get(row)
        if s:
            out.append([row, _fmt(s.get("precision")), _fmt(s.get("recall")), _fmt(s.get("f1")), _fmt(s.get("support"))])
    return out


def _md_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _html_table(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _plot(metrics: dict[str, Any], out_dir: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    conf = metrics["confusion"]
    names = list(conf)
    grid = [[conf[g][p] for p in names] for g in names]
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.imshow(grid, cmap="Blues")
    ax.set_xticks(range(len(names)), names, rotation=30)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted (same span)")
    ax.set_ylabel("gold")
    top = max(max(r) for r in grid) or 1
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > top / 2 else "black", fontsize=9)
    ax.set_title("Span confusion matrix")
    fig.tight_layout()
    fig.savefig(out_dir / CONFUSION_PNG, dpi=110)
    plt.close(fig)

    labels = [lab for lab in ENTITY_LABELS if lab in metrics["entities"]]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    width = 0.27
    for k, key in enumerate(("precision", "recall", "f1")):
        ax.bar([i + (k - 1) * width for i in range(len(labels))], [metrics["entities"][lab][key] for lab in labels], width, label=key)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8, frameon=False)
    ax.set_title("Exact-span scores per label")
    fig.tight_layout()
    fig.savefig(out_dir / BARS_PNG, dpi=110)
    plt.close(fig)


def write_report(
    gold: Sequence[Document],
    pred: Sequence[Document],
    out_dir: str | Path,
    title: str = "zs_ner evaluation",
    info: dict[str, Any] | None = None,
    with_relations: bool = True,
    linked_gold: Sequence[Document] | None = None,
) -> dict[str, Any]:
    """Score ``pred`` against ``gold`` and write metrics.json, report.md, report.html and the charts.

    ``linked_gold`` (gold entities with relations from the linker) adds relation scores of the linker alone.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics = evaluate_documents(gold, pred, with_relations)
    if info:
        metrics["info"] = info
    pairs = pair_documents(gold, pred)
    worst = worst_errors(entity_errors(pairs))
    rel_errs = relation_errors(pairs) if with_relations else []
    metrics["errors"] = {kind: len(items) for kind, items in worst.items()}
    if linked_gold is not None:
        metrics["relations_gold_entities"] = relation_scores(pair_documents(gold, linked_gold))
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    _plot(metrics, out_dir)

    ent_rows = _table(metrics["entities"], [*ENTITY_LABELS, "micro", "macro"])
    seq_rows = _table(metrics["seqeval"], [*ENTITY_LABELS, "micro", "macro"]) if metrics["seqeval"] else None
    rel_rows = _table(metrics["relations"], [*RELATION_LABELS, "micro"]) if with_relations else None
    gold_rel_rows = _table(metrics["relations_gold_entities"], [*RELATION_LABELS, "micro"]) if linked_gold is not None else None
    info_lines = [f"- {k}: {v}" for k, v in (info or {}).items()]

    md = [f"# {title}", "", f"{metrics['n_documents']} documents, {metrics['n_characters']} characters.", *info_lines, ""]
    md += ["## Entities (exact span and label)", "", _md_table(ent_rows), ""]
    if seq_rows:
        md += ["## seqeval (strict IOB2, character tags)", "", _md_table(seq_rows), ""]
    if rel_rows:
        md += ["## Relations (end to end: both ends must match too)", "", _md_table(rel_rows), ""]
    if gold_rel_rows:
        md += ["## Relations with gold entities (the linker alone)", "", _md_table(gold_rel_rows), ""]
    md += [f"![confusion matrix]({CONFUSION_PNG})", "", f"![per-label scores]({BARS_PNG})", "", "## Worst errors", ""]
    for kind, items in worst.items():
        md.append(f"### {kind} ({len(items)} shown)")
        md.append("")
        for e in items:
            score = f" score {e.score:.2f}" if e.score is not None else ""
            md.append(f"- `{e.doc_id}` gold `{e.gold or '—'}` pred `{e.pred or '—'}`{score}: {e.context}")
        md.append("")
    if rel_errs:
        md += ["### relation errors", ""]
        md += [f"- `{r['doc_id']}` {r['kind']} {r['relation']}: {r['head']} → {r['tail']} {r['rule']}" for r in rel_errs[:40]]
        md.append("")
    (out_dir / "report.md").write_text("\n".join(md), encoding="utf-8")

    def img(name: str) -> str:
        data = base64.b64encode((out_dir / name).read_bytes()).decode("ascii")
        return f'<img alt="{name}" src="data:image/png;base64,{data}">'

    parts = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child{text-align:left}"
        "li{margin:.3em 0}.ctx{color:#555}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><p>{metrics['n_documents']} documents, {metrics['n_characters']} characters.</p>",
        "<ul>" + "".join(f"<li>{html.escape(str(k))}: {html.escape(str(v))}</li>" for k, v in (info or {}).items()) + "</ul>",
        "<h2>Entities (exact span and label)</h2>",
        _html_table(ent_rows),
    ]
    if seq_rows:
        parts += ["<h2>seqeval (strict IOB2)</h2>", _html_table(seq_rows)]
    if rel_rows:
        parts += ["<h2>Relations (end to end)</h2>", _html_table(rel_rows)]
    if gold_rel_rows:
        parts += ["<h2>Relations with gold entities (the linker alone)</h2>", _html_table(gold_rel_rows)]
    parts += [img(CONFUSION_PNG), img(BARS_PNG), "<h2>Worst errors</h2>"]
    for kind, items in worst.items():
        parts.append(f"<h3>{html.escape(kind)}</h3><ul>")
        for e in items:
            parts.append(
                f"<li><code>{html.escape(e.doc_id)}</code> gold <b>{html.escape(e.gold or '—')}</b> "
                f"pred <b>{html.escape(e.pred or '—')}</b> <span class='ctx'>{html.escape(e.context)}</span></li>"
            )
        parts.append("</ul>")
    parts.append("</body></html>")
    (out_dir / "report.html").write_text("\n".join(parts), encoding="utf-8")
    return metrics


def compare_reports(old_dir: str | Path, new_dir: str | Path) -> str:
    """A plain-text table of F1 deltas (new − old) per entity label and relation type."""
    old = json.loads((Path(old_dir) / "metrics.json").read_text(encoding="utf-8"))
    new = json.loads((Path(new_dir) / "metrics.json").read_text(encoding="utf-8"))
    lines = [f"{'':<22}{'old F1':>8}{'new F1':>8}{'delta':>8}"]
    for section, rows in (("entities", [*ENTITY_LABELS, "micro", "macro"]), ("relations", [*RELATION_LABELS, "micro"])):
        for row in rows:
            a = old.get(section, {}).get(row, {}).get("f1")
            b = new.get(section, {}).get(row, {}).get("f1")
            if a is None and b is None:
                continue
            delta = "" if a is None or b is None else f"{b - a:+.3f}"
            lines.append(f"{section + '.' + row:<22}{_fmt(a):>8}{_fmt(b):>8}{delta:>8}")
    return "\n".join(lines)
