"""The ``zs-ner`` command line; each sub-command mirrors a script in scripts/ and lives in its own function."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from zs_ner.document import Issue

Handler = Callable[[argparse.Namespace], int]


def _print_issues(issues: list[Issue], show_warnings: bool = True, limit: int | None = None) -> None:
    shown = [i for i in issues if show_warnings or i.severity == "error"]
    for issue in shown[:limit]:
        print(str(issue), file=sys.stderr)
    if limit is not None and len(shown) > limit:
        print(f"… and {len(shown) - limit} more", file=sys.stderr)


# -- lint -----------------------------------------------------------------------------------------
def cmd_lint(args: argparse.Namespace) -> int:
    """Check annotated files against the guide's mechanical rules; non-zero exit on errors."""
    from zs_ner.lint import lint_documents
    from zs_ner.readers import corpus_files, load_file

    total_docs = 0
    issues: list[Issue] = []
    for path in args.paths:
        try:
            files = corpus_files(path)
        except FileNotFoundError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for file in files:
            read_issues: list[Issue] = []
            docs = load_file(file, read_issues)
            issues += read_issues
            issues += lint_documents(docs, source=str(file))
            total_docs += len(docs)
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    _print_issues(issues, show_warnings=not args.errors_only)
    print(f"{total_docs} documents, {len(errors)} errors, {len(warnings)} warnings")
    if args.warnings_as_errors:
        return 1 if issues else 0
    return 1 if errors else 0


# -- convert --------------------------------------------------------------------------------------
OUTPUT_FORMATS = ("markup", "jsonl", "labelstudio")


def _output_format(path: Path, given: str | None) -> str:
    if given:
        return given
    from zs_ner.readers import detect_format

    return detect_format(path)


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert annotated documents between markup, JSONL and Label Studio JSON."""
    from zs_ner.readers import load_documents

    docs, issues = load_documents(args.input, strict=args.strict, fmt=args.from_format)
    bad = [i for i in issues if i.severity == "error"]
    _print_issues(issues)
    if not docs:
        print(f"error: no documents read from {args.input}", file=sys.stderr)
        return 1
    out = Path(args.output)
    fmt = _output_format(out, args.to_format)
    write_documents(docs, out, fmt, as_predictions=args.predictions, model_version=args.model_version)
    print(f"wrote {len(docs)} documents to {out} ({fmt}); {len(bad)} records skipped")
    return 1 if bad and args.strict else 0


def write_documents(docs: list, out: Path, fmt: str, as_predictions: bool = False, model_version: str | None = None) -> None:
    """Write documents in one of :data:`OUTPUT_FORMATS`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "markup":
        from zs_ner.markup import write_markup

        write_markup(docs, out)
    elif fmt == "jsonl":
        from zs_ner.jsonl import write_jsonl

        write_jsonl(docs, out)
    elif fmt == "labelstudio":
        from zs_ner.labelstudio.task_writer import write_tasks

        write_tasks(docs, out, as_predictions=as_predictions, model_version=model_version)
    else:
        raise ValueError(f"unknown output format {fmt!r}; choose from {OUTPUT_FORMATS}")


# -- parser ---------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(prog="zs-ner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("lint", help="check annotated files against the guide's mechanical rules")
    p.add_argument("paths", nargs="+", help="files or directories (.markup, .jsonl, Label Studio .json)")
    p.add_argument("--errors-only", action="store_true", help="print errors, not warnings")
    p.add_argument("--warnings-as-errors", action="store_true", help="exit non-zero on warnings too")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("convert", help="convert between markup, JSONL and Label Studio JSON")
    p.add_argument("input", help="file or directory")
    p.add_argument("output", help="output file; the format follows its extension unless --to is given")
    p.add_argument("--from", dest="from_format", choices=OUTPUT_FORMATS, help="input format (default: by extension)")
    p.add_argument("--to", dest="to_format", choices=OUTPUT_FORMATS, help="output format (default: by extension)")
    p.add_argument("--predictions", action="store_true", help="Label Studio output carries predictions, not annotations")
    p.add_argument("--model-version", default=None, help="model_version for Label Studio predictions")
    p.add_argument("--strict", action="store_true", help="stop at the first bad record")
    p.set_defaults(func=cmd_convert)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


#: Modules that register further sub-commands through ``register(subparsers)``; they import heavy
#: dependencies (torch, the Label Studio SDK) only inside their handlers so ``zs-ner lint`` stays fast.
COMMAND_MODULES: tuple[str, ...] = ("zs_ner.commands.predict", "zs_ner.commands.evaluate", "zs_ner.commands.benchmark", "zs_ner.labelstudio.cli", "zs_ner.corpus.cli", "zs_ner.model.cli", "zs_ner.linking.cli")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``zs-ner`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
