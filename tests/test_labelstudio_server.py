"""``zs-ner labelstudio push/pull`` against a real Label Studio, plus the CLI's errors when there is none.

The live tests need ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY`` (``scripts/start_labelstudio.sh`` writes
them to ``.ls-data/env``); without a server answering there they are skipped, with the reason shown by ``-ra``.
"""

from __future__ import annotations

import os
import re
import socket
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from zs_ner.cli import main
from zs_ner.document import Document
from zs_ner.jsonl import read_jsonl, write_jsonl
from zs_ner.labelstudio.config import labeling_config
from zs_ner.labelstudio.export_reader import read_export
from zs_ner.markup import read_markup

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def comparable(docs: list[Document]) -> list[tuple]:
    """What must survive a trip through the server: ids, text, meta, spans (with scores) and relations."""
    return [
        (
            d.id,
            d.text,
            d.meta,
            [(e.id, e.start, e.end, e.label, e.text, e.score) for e in d.sorted_entities()],
            sorted((r.head, r.label, r.tail, r.score) for r in d.relations),
        )
        for d in sorted(docs, key=lambda d: d.id)
    ]


def sample_documents() -> list[Document]:
    """Realistic documents: the markup sample plus the valid annotated tasks of the export fixture (one has emoji)."""
    exported, _ = read_export(FIXTURES / "labelstudio" / "export.json")
    return read_markup(FIXTURES / "sample.markup") + [d for d in exported if d.entities]


def project_id_from(output: str) -> str:
    match = re.search(r"into project (\d+)", output)
    assert match, output
    return match.group(1)


# -- without a server ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_server_is_one_clear_line(tmp_path: Path, capsys) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    rc = main(["labelstudio", "pull", "--url", url, "--token", "x" * 40, "--project-id", "1", "-o", str(tmp_path / "out.json")])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.startswith(f"error: exporting project 1: cannot reach Label Studio at {url}")
    assert "Traceback" not in err and not (tmp_path / "out.json").exists()


def test_missing_url_names_the_environment_variable(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    rc = main(["labelstudio", "push", str(FIXTURES / "sample.markup"), "--token", "t", "--title", "x"])
    assert rc == 1
    assert capsys.readouterr().err == "error: no Label Studio URL: pass --url or set LABEL_STUDIO_URL\n"


def test_push_refuses_invalid_documents_before_contacting_a_server(tmp_path: Path, capsys) -> None:
    doc = Document("bad-1", "济源市签约5亿元项目", [], [])
    doc.entities = read_markup(FIXTURES / "sample.markup")[0].entities[:1]  # offsets of another text
    write_jsonl([doc], tmp_path / "bad.jsonl")
    rc = main(["labelstudio", "push", str(tmp_path / "bad.jsonl"), "--url", "http://127.0.0.1:1", "--token", "t", "--title", "x"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "[bad-1] error" in err and "nothing pushed" in err


def test_pull_needs_a_known_output_format(tmp_path: Path, capsys) -> None:
    rc = main(["labelstudio", "pull", "--url", "http://127.0.0.1:1", "--token", "t", "--project-id", "1", "-o", str(tmp_path / "out.txt")])
    assert rc == 2
    assert "cannot tell the format" in capsys.readouterr().err


# -- with a server ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server() -> tuple[str, str]:
    """``(url, token)`` of a live Label Studio, or skip with the reason."""
    url, token = os.environ.get("LABEL_STUDIO_URL"), os.environ.get("LABEL_STUDIO_API_KEY")
    if not url or not token:
        pytest.skip(
            "Label Studio server not available: LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY not set (run scripts/start_labelstudio.sh, then source .ls-data/env)"
        )
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=5) as resp:
            if resp.status != 200:
                pytest.skip(f"Label Studio server not available: {url}/health answered HTTP {resp.status}")
    except (urllib.error.URLError, OSError) as exc:
        pytest.skip(f"Label Studio server not available: {url}/health: {exc}")
    return url.rstrip("/"), token


@pytest.mark.labelstudio
def test_pushed_annotations_come_back_identical(server: tuple[str, str], tmp_path: Path, capsys) -> None:
    url, token = server
    docs = sample_documents()
    write_jsonl(docs, tmp_path / "gold.jsonl")
    title = f"zs_ner test annotations {uuid.uuid4().hex[:8]}"
    assert main(["labelstudio", "push", str(tmp_path / "gold.jsonl"), "--url", url, "--token", token, "--title", title]) == 0
    out = capsys.readouterr().out
    assert f"imported {len(docs)} tasks with annotations" in out
    pid = project_id_from(out)

    assert main(["labelstudio", "pull", "--url", url, "--token", token, "--project-id", pid, "-o", str(tmp_path / "pulled.json")]) == 0
    pulled, issues = read_export(tmp_path / "pulled.json")
    assert issues == []
    assert comparable(pulled) == comparable(docs)

    assert main(["labelstudio", "pull", "--url", url, "--token", token, "--project-id", pid, "-o", str(tmp_path / "pulled.jsonl")]) == 0
    assert comparable(read_jsonl(tmp_path / "pulled.jsonl")) == comparable(docs)


@pytest.mark.labelstudio
def test_pushed_predictions_arrive_with_scores(server: tuple[str, str], tmp_path: Path, capsys) -> None:
    from label_studio_sdk import LabelStudio

    url, token = server
    docs = sample_documents()
    for doc in docs:
        for n, ent in enumerate(doc.sorted_entities()):
            ent.score = round(0.5 + 0.05 * n, 4)
    write_jsonl(docs, tmp_path / "pred.jsonl")
    title = f"zs_ner test predictions {uuid.uuid4().hex[:8]}"
    argv = ["labelstudio", "push", str(tmp_path / "pred.jsonl"), "--url", url, "--token", token, "--title", title]
    assert main([*argv, "--predictions", "--model-version", "zs-ner-test"]) == 0
    pid = project_id_from(capsys.readouterr().out)

    predictions = LabelStudio(base_url=url, api_key=token).predictions.list(project=int(pid))
    assert len(predictions) == len(docs)
    assert {p.model_version for p in predictions} == {"zs-ner-test"}

    out = tmp_path / "pulled.json"
    assert (
        main(
            ["labelstudio", "pull", "--url", url, "--token", token, "--project-id", pid, "-o", str(out), "--all-tasks", "--use-predictions"]
        )
        == 0
    )
    pulled, issues = read_export(out, use_predictions=True)
    assert issues == []
    assert comparable(pulled) == comparable(docs)


@pytest.mark.labelstudio
def test_bad_token_is_one_clear_line(server: tuple[str, str], tmp_path: Path, capsys) -> None:
    url, _ = server
    rc = main(
        ["labelstudio", "pull", "--url", url, "--token", "not-a-valid-token-123", "--project-id", "1", "-o", str(tmp_path / "x.json")]
    )
    err = capsys.readouterr().err
    assert rc == 1
    assert err.startswith(f"error: exporting project 1: Label Studio at {url} refused the token (HTTP 401)")
    assert "Traceback" not in err


@pytest.mark.labelstudio
def test_push_into_a_project_with_another_config_is_refused(server: tuple[str, str], capsys) -> None:
    from label_studio_sdk import LabelStudio

    url, token = server
    config = labeling_config().replace('    <Label value="AMOUNT" background="#ee5253"/>\n', "")
    project = LabelStudio(base_url=url, api_key=token).projects.create(
        title=f"zs_ner test config {uuid.uuid4().hex[:8]}", label_config=config
    )
    rc = main(["labelstudio", "push", str(FIXTURES / "sample.markup"), "--url", url, "--token", token, "--project-id", str(project.id)])
    err = capsys.readouterr().err
    assert rc == 1
    assert f"error: project {project.id} config: entity label 'AMOUNT' is missing" in err
    assert "nothing pushed" in err
