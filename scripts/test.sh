#!/usr/bin/env bash
# The test command named in the README: ruff, then the whole pytest suite, including the slow test of the
# shipped default model and the end-to-end test against a real local Label Studio server, which this script
# starts (scripts/start_labelstudio.sh, own virtualenv .ls-venv) and stops again. ZS_NER_NO_LABEL_STUDIO=1
# skips the server; its test then reports the reason it was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check zs_ner scripts tests

started=0
if [[ "${ZS_NER_NO_LABEL_STUDIO:-0}" != "1" && -z "${LABEL_STUDIO_URL:-}" ]]; then
  if bash scripts/start_labelstudio.sh .ls-data/env; then
    # shellcheck disable=SC1091
    source .ls-data/env
    started=1
  else
    echo "test.sh: Label Studio could not start (reason above); its end-to-end test will be skipped with that reason" >&2
  fi
fi
cleanup() { if [[ $started == 1 ]]; then bash scripts/stop_labelstudio.sh || true; fi; }
trap cleanup EXIT

.venv/bin/pytest -q -ra "$@"
