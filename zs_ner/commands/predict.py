"""``zs-ner predict``: batch inference over text files, directories, JSONL and Label Studio exports."""

from __future__ import annotations

import argparse
import json
import sys
from itertools import islice
from pathlib import Path

from zs_ner.document import Document


def _chunks(it, size: int):
    it = iter(it)
    while chunk := list(islice(it, size)):
        yield chunk


def _print_table(doc: Document) -> None:
    from zs_ner.postprocess import project_table

    print(f"# {doc.id}  ({len(doc.text)} characters, {len(doc.entities)} entities, {len(doc.relations)} relations)")
    for e in doc.sorted_entities():
        extra = ""
        money = e.attrs.get("money")
        if money:
            extra = f"  value={money.get('value')} {money.get('currency') or ''} role={e.attrs.get('role')}"
        score = f"{e.score:.2f}" if e.score is not None else ""
        print(f"{e.start:>6} {e.end:>6}  {e.label:<8} {score:>5}  {e.text}{extra}")
    for rec in project_table(doc):
        amounts = ", ".join(f"{a.text}({a.value} {a.currency}, {a.role})" for a in rec.amounts) or "—"
        print(f"  project {rec.project}: amounts {amounts}; companies {', '.join(rec.companies) or '—'}; regions {', '.join(rec.regions) or '—'}")


def cmd_predict(args: argparse.Namespace) -> int:
    """Run the model and the post-processor over every input article and write the results."""
    from tqdm import tqdm

    from zs_ner.default_model import load_linker, resolve_model
    from zs_ner.inputs import InputProblem, iter_inputs
    from zs_ner.model.extractor import Extractor
    from zs_ner.outputs import PredictionWriter, prediction_record
    from zs_ner.postprocess import postprocess

    try:
        model_dir = resolve_model(args.model)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    extractor = Extractor.from_pretrained(model_dir, device=args.device)
    linker = None if args.rules else load_linker(model_dir)
    problems: list[InputProblem] = []
    docs = iter_inputs(args.inputs, problems, max_chars=args.max_chars)
    written = skipped_done = 0

    def process(chunk: list[Document]) -> list[Document]:
        out = extractor.extract(chunk, batch_size=args.batch_size)
        return [postprocess(d, relink=not args.no_link, linker=linker) for d in out]

    if args.output is None:
        for chunk in _chunks(docs, args.batch_size * 4):
            for doc in process(chunk):
                if args.format == "jsonl":
                    print(json.dumps(prediction_record(doc), ensure_ascii=False))
                else:
                    _print_table(doc)
                written += 1
    else:
        writer = PredictionWriter(args.output, None if args.format == "table" else args.format, model_version=extractor.model_version)
        seen: set[str] = set()
        with writer, tqdm(desc="predict", unit="doc", disable=args.quiet) as bar:
            for chunk in _chunks(docs, args.batch_size * 4):
                todo = []
                for d in chunk:
                    if d.id in seen:
                        problems.append(InputProblem(d.id, "duplicate document id in the input; later copy skipped"))
                        continue
                    seen.add(d.id)
                    if d.id in writer.done:
                        skipped_done += 1
                        continue
                    todo.append(d)
                for doc in process(todo) if todo else []:
                    writer.write(doc)
                    written += 1
                bar.update(len(chunk))
    for p in problems:
        print(f"skipped: {p}", file=sys.stderr)
    print(
        f"{written} articles predicted, {skipped_done} already in the output, {len(problems)} inputs skipped"
        + (f" → {args.output}" if args.output else ""),
        file=sys.stderr,
    )
    return 0 if written or skipped_done or not problems else 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``predict`` to the CLI."""
    p = sub.add_parser("predict", help="extract entities, amounts and links from new articles")
    p.add_argument("inputs", nargs="+", help=".txt files, directories, .jsonl records or Label Studio .json exports")
    p.add_argument("-o", "--output", type=Path, help="output file (.jsonl, .csv, or .json for Label Studio); resumable")
    p.add_argument("--format", choices=("jsonl", "csv", "labelstudio", "table"), help="output format (default: by extension; table on stdout)")
    p.add_argument("--model", help="model directory (default: the shipped default model)")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1 …")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--max-chars", type=int, default=2_000_000, help="refuse articles longer than this")
    p.add_argument("--no-link", action="store_true", help="entities only, no relations")
    p.add_argument("--rules", action="store_true", help="link with the rule linker even when the model ships a learned one")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_predict)
