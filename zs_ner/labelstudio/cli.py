"""``zs-ner labelstudio config|push|pull``: the labeling config, documents → a project, a project's export → files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from zs_ner.document import Document, Issue

PULL_FORMATS = ("json", "jsonl", "markup")
_PULL_EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".markup": "markup"}


def register(subparsers: Any) -> None:
    """Add the ``labelstudio`` command and its ``config``, ``push`` and ``pull`` sub-commands."""
    parser = subparsers.add_parser("labelstudio", help="Label Studio: labeling config, push documents as tasks, pull annotations")
    sub = parser.add_subparsers(dest="labelstudio_command", required=True)

    p = sub.add_parser("config", help="print (or write) the labeling config generated from the schema")
    p.add_argument("-o", "--output", default=None, help="write the XML to this file instead of stdout")
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("push", help="import documents into a project as annotations or predictions")
    p.add_argument("inputs", nargs="+", help="annotated files or directories (.markup, .jsonl, Label Studio .json)")
    _server_arguments(p)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--project-id", type=int, default=None, help="import into this existing project")
    target.add_argument("--title", default=None, help="create a new project with this title and the generated config")
    p.add_argument("--predictions", action="store_true", help="import as predictions (pre-annotation), not annotations")
    p.add_argument("--model-version", default=None, help="model_version recorded on the predictions")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("pull", help="export a project's annotated tasks and write them")
    _server_arguments(p)
    p.add_argument("--project-id", type=int, required=True, help="the project to export")
    p.add_argument("-o", "--output", required=True, help="output file")
    p.add_argument(
        "--format", choices=PULL_FORMATS, default=None, help="json: the full export as is; jsonl/markup: documents (default: by extension)"
    )
    p.add_argument("--all-tasks", action="store_true", help="export tasks without annotations too")
    p.add_argument("--use-predictions", action="store_true", help="a task without a usable annotation takes its latest prediction")
    p.set_defaults(func=cmd_pull)


def _server_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", default=None, help="Label Studio URL (default: $LABEL_STUDIO_URL)")
    p.add_argument("--token", default=None, help="API token (default: $LABEL_STUDIO_API_KEY)")


def _print_issues(issues: list[Issue]) -> None:
    for issue in issues:
        print(str(issue), file=sys.stderr)


def cmd_config(args: argparse.Namespace) -> int:
    """Print the labeling config, or write it to ``--output``."""
    from zs_ner.labelstudio.config import labeling_config

    xml = labeling_config()
    if args.output is None:
        sys.stdout.write(xml)
        return 0
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(xml, encoding="utf-8")
    print(f"wrote the labeling config to {out}")
    return 0


def _load_inputs(inputs: list[str]) -> tuple[list[Document], list[Issue]]:
    """Documents of every input and every problem in them (reading problems and schema errors)."""
    from zs_ner.readers import load_documents

    docs: list[Document] = []
    issues: list[Issue] = []
    for path in inputs:
        found_docs, found_issues = load_documents(path)
        docs += found_docs
        issues += found_issues
    for doc in docs:
        issues += doc.validate()
    return docs, issues


def cmd_push(args: argparse.Namespace) -> int:
    """Import documents as tasks; with ``--title`` create the project first, else check the project's config."""
    from zs_ner.labelstudio.client import LabelStudioError, LabelStudioServer, server_settings
    from zs_ner.labelstudio.config import check_config, labeling_config
    from zs_ner.labelstudio.task_writer import documents_to_tasks

    try:
        docs, issues = _load_inputs(args.inputs)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    errors = [i for i in issues if i.severity == "error"]
    _print_issues(issues)
    if errors:
        print(f"error: {len(errors)} errors in the input; nothing pushed (fix them, see `zs-ner lint`)", file=sys.stderr)
        return 1
    if not docs:
        print(f"error: no documents in {' '.join(args.inputs)}", file=sys.stderr)
        return 1
    tasks = documents_to_tasks(docs, as_predictions=args.predictions, model_version=args.model_version)
    try:
        url, token = server_settings(args.url, args.token)
        server = LabelStudioServer(url, token)
        server.check()
        if args.title is not None:
            project_id = server.create_project(args.title, labeling_config())
            print(f"created project {project_id} {args.title!r}")
        else:
            project_id = args.project_id
            problems = check_config(server.label_config(project_id))
            if problems:
                for problem in problems:
                    print(f"error: project {project_id} config: {problem}", file=sys.stderr)
                print("error: the project's labeling config disagrees with the schema; nothing pushed", file=sys.stderr)
                return 1
        count = server.import_tasks(project_id, tasks)
    except LabelStudioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    kind = "predictions" if args.predictions else "annotations"
    print(f"imported {count} tasks with {kind} into project {project_id}: {url}/projects/{project_id}")
    return 0


def _pull_format(out: Path, given: str | None) -> str:
    if given:
        return given
    fmt = _PULL_EXTENSIONS.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(f"{out}: cannot tell the format from the extension; pass --format {'/'.join(PULL_FORMATS)}")
    return fmt


def cmd_pull(args: argparse.Namespace) -> int:
    """Export a project's tasks; write the export as is (json) or the documents read from it (jsonl, markup)."""
    from zs_ner.cli import write_documents
    from zs_ner.labelstudio.client import LabelStudioError, LabelStudioServer, server_settings
    from zs_ner.labelstudio.export_reader import read_tasks
    from zs_ner.labelstudio.task_writer import write_json

    out = Path(args.output)
    try:
        fmt = _pull_format(out, args.format)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        url, token = server_settings(args.url, args.token)
        server = LabelStudioServer(url, token)
        tasks = server.export_tasks(args.project_id, all_tasks=args.all_tasks, with_predictions=args.use_predictions)
    except LabelStudioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    docs, issues = read_tasks(tasks, source=f"{url} project {args.project_id}", use_predictions=args.use_predictions)
    _print_issues(issues)
    if fmt == "json":
        write_json(tasks, out)
    else:
        try:
            write_documents(docs, out, fmt)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    errors = sum(1 for i in issues if i.severity == "error")
    print(f"pulled {len(tasks)} tasks from project {args.project_id} into {out} ({fmt}): {len(docs)} documents, {errors} errors")
    return 0
