#!/usr/bin/env bash
# The test command named in the README: ruff, then the whole pytest suite (slow and server tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check zs_ner scripts tests
.venv/bin/pytest -q -ra "$@"
