"""How the money parser and the amount roles fare on real amount forms: the fact sheet and the corpus."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from zs_ner.document import Document
from zs_ner.money import parse_money
from zs_ner.postprocess.amounts import CONTEXT
from zs_ner.postprocess.pipeline import normalised_view


def money_report(docs: Sequence[Document], facts_tsv: str | Path | None = None) -> str:
    """Markdown: parse rate over every corpus AMOUNT (with context) and the facts' amount forms, currencies, roles, failures."""
    from zs_ner.amount_role import amount_role

    currencies: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    total = parsed = 0
    for doc in docs:
        view = normalised_view(doc)
        for e in view.entities:
            if e.label != "AMOUNT":
                continue
            total += 1
            money = parse_money(e.text, view.text[max(0, e.start - CONTEXT) : e.start], view.text[e.end : e.end + CONTEXT])
            roles[amount_role(view.text, e.start, e.end)] += 1
            if money.value is not None:
                parsed += 1
                currencies[money.currency or "?"] += 1
            else:
                failures[f"{e.text} ({money.reason})"] += 1
    lines = [
        "# Money parser on real amount forms",
        "",
        "Produced by `python scripts/money_report.py` (= `zs-ner corpus money-report`); the table-driven parser",
        "tests are `tests/test_money.py` (≥ 60 forms) and `tests/test_amount_role.py`.",
        "",
        f"- corpus AMOUNT spans parsed to a value: **{parsed} / {total}** ({parsed / max(total, 1):.1%})",
    ]
    if facts_tsv and Path(facts_tsv).is_file():
        with Path(facts_tsv).open(encoding="utf-8") as fh:
            forms = sorted({row["expression"] for row in csv.DictReader(fh, delimiter="\t")})
        ok = [f for f in forms if parse_money(f).value is not None]
        missed = [f for f in forms if f not in set(ok)]
        lines.append(f"- distinct amount forms in `../shared/facts/amounts.tsv` parsed: **{len(ok)} / {len(forms)}** (not parsed: {'、'.join(missed) or 'none'})")
    lines += ["", "## Currencies (corpus)", "", ", ".join(f"{k} {v}" for k, v in currencies.most_common())]
    lines += ["", "## Amount roles (corpus)", "", ", ".join(f"{k} {v}" for k, v in roles.most_common())]
    lines += ["", "## Corpus amounts without a value (most frequent first)", ""]
    lines += [f"- {form} ×{n}" for form, n in failures.most_common(40)] or ["- none"]
    return "\n".join(lines) + "\n"
