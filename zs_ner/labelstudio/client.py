"""A thin wrapper over ``label_studio_sdk`` (2.x): create a project, import tasks, export annotated tasks.

Every SDK or network failure becomes a :class:`LabelStudioError` whose message says what to fix
(unreachable server, rejected token, missing project), so the CLI can print one line instead of a traceback.
The SDK is imported lazily: importing this module stays cheap.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

URL_ENV = "LABEL_STUDIO_URL"
TOKEN_ENV = "LABEL_STUDIO_API_KEY"

_TOKEN_HINT = (
    f"check --token / {TOKEN_ENV}; a legacy token works only when the organization allows legacy tokens "
    "(scripts/start_labelstudio.sh starts Label Studio with --enable-legacy-api-token), "
    "otherwise use a personal access token from Account & Settings"
)


class LabelStudioError(RuntimeError):
    """Label Studio could not be reached or refused a request; the message says why."""


def server_settings(url: str | None = None, token: str | None = None) -> tuple[str, str]:
    """``(url, token)`` from the arguments, else from ``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY``."""
    url = url or os.environ.get(URL_ENV)
    token = token or os.environ.get(TOKEN_ENV)
    if not url:
        raise LabelStudioError(f"no Label Studio URL: pass --url or set {URL_ENV}")
    if not token:
        raise LabelStudioError(f"no Label Studio token: pass --token or set {TOKEN_ENV}")
    return url.rstrip("/"), token


@contextmanager
def _translated(url: str, what: str) -> Iterator[None]:
    """Turn SDK and network exceptions raised inside the block into :class:`LabelStudioError`."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        yield
    except httpx.TimeoutException as exc:
        raise LabelStudioError(f"{what}: Label Studio at {url} did not answer in time ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise LabelStudioError(f"{what}: cannot reach Label Studio at {url}: {exc or type(exc).__name__}") from exc
    except ApiError as exc:
        status = exc.status_code
        if status in (401, 403):
            raise LabelStudioError(f"{what}: Label Studio at {url} refused the token (HTTP {status}); {_TOKEN_HINT}") from exc
        if status == 404:
            raise LabelStudioError(f"{what}: Label Studio at {url} answered HTTP 404 (no such project?){_detail(exc.body)}") from exc
        raise LabelStudioError(f"{what}: Label Studio at {url} answered HTTP {status}{_detail(exc.body)}") from exc


def _short(body: Any, limit: int = 300) -> str:
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def _detail(body: Any) -> str:
    """``": <what the server said>"`` for a JSON error body; nothing for an HTML error page or an empty body."""
    if isinstance(body, dict):
        return f": {_short(body.get('detail') or body)}"
    if isinstance(body, str) and body.strip() and not body.lstrip().startswith("<"):
        return f": {_short(body.strip())}"
    return ""


class LabelStudioServer:
    """A connection to one Label Studio server through the SDK's ``LabelStudio`` client."""

    def __init__(self, url: str, token: str, timeout: float = 60.0):
        from label_studio_sdk import LabelStudio

        self.url = url.rstrip("/")
        with _translated(self.url, "connecting"):
            self.sdk = LabelStudio(base_url=self.url, api_key=token, timeout=timeout)

    def check(self) -> str:
        """Ask who we are; returns the user's e-mail. Raises :class:`LabelStudioError` if unreachable or refused."""
        with _translated(self.url, "checking the token"):
            return str(self.sdk.users.whoami().email)

    def create_project(self, title: str, label_config: str) -> int:
        """Create a project with ``label_config``; returns its id."""
        with _translated(self.url, f"creating project {title!r}"):
            project = self.sdk.projects.create(title=title, label_config=label_config)
        return int(project.id)

    def label_config(self, project_id: int) -> str:
        """The labeling config of an existing project."""
        with _translated(self.url, f"reading project {project_id}"):
            return str(self.sdk.projects.get(project_id).label_config or "")

    def import_tasks(self, project_id: int, tasks: Sequence[dict[str, Any]], batch_size: int = 500) -> int:
        """Import tasks (with their annotations or predictions) in batches; returns how many the server took."""
        imported = 0
        for start in range(0, len(tasks), batch_size):
            batch = list(tasks[start : start + batch_size])
            with _translated(self.url, f"importing tasks {start + 1}–{start + len(batch)} into project {project_id}"):
                response = self.sdk.projects.import_tasks(project_id, request=batch)
            imported += int(response.task_count) if response.task_count is not None else len(batch)
        return imported

    def export_tasks(self, project_id: int, all_tasks: bool = False, with_predictions: bool = False) -> list[dict[str, Any]]:
        """The project's full JSON export (annotated tasks only unless ``all_tasks``).

        The export lists prediction ids only; ``with_predictions`` replaces them with the prediction objects.
        """
        with _translated(self.url, f"exporting project {project_id}"):
            chunks = self.sdk.projects.exports.download_sync(project_id, export_type="JSON", download_all_tasks=all_tasks)
            raw = b"".join(chunks)
        try:
            tasks = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise LabelStudioError(
                f"exporting project {project_id}: the server sent no JSON: {_short(raw.decode('utf-8', 'replace'))}"
            ) from exc
        if not isinstance(tasks, list):
            raise LabelStudioError(f"exporting project {project_id}: expected a list of tasks, got {_short(tasks)}")
        if with_predictions:
            self._attach_predictions(project_id, tasks)
        return tasks

    def _attach_predictions(self, project_id: int, tasks: list[dict[str, Any]]) -> None:
        with _translated(self.url, f"listing predictions of project {project_id}"):
            predictions = self.sdk.predictions.list(project=project_id)
        by_task: dict[int, list[dict[str, Any]]] = {}
        for pred in predictions:
            record = pred.model_dump(mode="json")
            by_task.setdefault(int(record["task"]), []).append(record)
        for task in tasks:
            task["predictions"] = by_task.get(int(task.get("id", -1)), [])
