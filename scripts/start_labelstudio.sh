#!/usr/bin/env bash
# Start a local Label Studio for zs_ner (the `labelstudio` pytest marker, manual push/pull); idempotent.
#
# Usage: scripts/start_labelstudio.sh [ENV_FILE]          (default ENV_FILE: .ls-data/env)
#   then: source .ls-data/env   # exports LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY
#   stop: scripts/stop_labelstudio.sh
#
# - installs label-studio==$LS_VERSION from PyPI into its own virtualenv .ls-venv (once);
# - serves on 127.0.0.1:$LS_PORT (default 8089), data under .ls-data/ ($LS_DATA_DIR), log in .ls-data/server.log;
# - creates the user $LABEL_STUDIO_USERNAME / $LABEL_STUDIO_PASSWORD with the legacy API token
#   $LABEL_STUDIO_USER_TOKEN (when unset: the one in .ls-data/token, else a random one kept there). Recent Label
#   Studio (1.23 here) refuses legacy tokens unless the organization allows them: the first start creates it with
#   --enable-legacy-api-token, and the SDK sends a non-JWT key as "Authorization: Token …";
# - waits until /health answers (timeout $LS_START_TIMEOUT s, default 240) and checks the token;
# - writes `export LABEL_STUDIO_URL=…` / `export LABEL_STUDIO_API_KEY=…` lines to ENV_FILE.
# Running it again while the server is up only re-checks it and rewrites ENV_FILE.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LS_VERSION="${LS_VERSION:-1.23.2}"
LS_PORT="${LS_PORT:-8089}"
LS_DATA_DIR="${LS_DATA_DIR:-$ROOT/.ls-data}"
LS_VENV="${LS_VENV:-$ROOT/.ls-venv}"
LS_PYTHON="${LS_PYTHON:-python3}"
LS_START_TIMEOUT="${LS_START_TIMEOUT:-240}"
ENV_FILE="${1:-$LS_DATA_DIR/env}"
URL="http://127.0.0.1:$LS_PORT"
PID_FILE="$LS_DATA_DIR/server.pid"
PORT_FILE="$LS_DATA_DIR/server.port"
LOG_FILE="$LS_DATA_DIR/server.log"

fail() {
    echo "start_labelstudio: error: $*" >&2
    exit 1
}
say() { echo "start_labelstudio: $*"; }

mkdir -p "$LS_DATA_DIR"
command -v "$LS_PYTHON" >/dev/null || fail "no $LS_PYTHON on PATH (set LS_PYTHON to a Python 3.10–3.12)"

# The token: given, else the one this data dir was created with, else a new random one.
if [[ -z "${LABEL_STUDIO_USER_TOKEN:-}" ]]; then
    if [[ -s "$LS_DATA_DIR/token" ]]; then
        LABEL_STUDIO_USER_TOKEN="$(cat "$LS_DATA_DIR/token")"
    else
        LABEL_STUDIO_USER_TOKEN="$("$LS_PYTHON" -c 'import secrets; print(secrets.token_hex(20))')"
    fi
fi
[[ -s "$LS_DATA_DIR/token" ]] || (umask 077 && printf '%s\n' "$LABEL_STUDIO_USER_TOKEN" >"$LS_DATA_DIR/token")
export LABEL_STUDIO_USERNAME="${LABEL_STUDIO_USERNAME:-zs-ner@localhost.local}"
export LABEL_STUDIO_PASSWORD="${LABEL_STUDIO_PASSWORD:-zs-ner-local-only}"
export LABEL_STUDIO_USER_TOKEN

# http_status PATH [TOKEN]: the HTTP status of GET $URL/PATH (000 when nothing answers).
http_status() {
    "$LS_PYTHON" - "$URL$1" "${2:-}" <<'EOF'
import sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[1])
if sys.argv[2]:
    req.add_header("Authorization", "Token " + sys.argv[2])
try:
    with urllib.request.urlopen(req, timeout=5) as resp:
        print(resp.status)
except urllib.error.HTTPError as exc:
    print(exc.code)
except Exception:
    print("000")
EOF
}

healthy() { [[ "$(http_status /health)" == 200 ]]; }

write_env() {
    local status
    status="$(http_status /api/current-user/whoami "$LABEL_STUDIO_USER_TOKEN")"
    if [[ "$status" != 200 ]]; then
        fail "Label Studio at $URL answers but refuses the token (HTTP $status). If $LS_DATA_DIR was created by \
another run with a different token or without --enable-legacy-api-token, stop the server and remove $LS_DATA_DIR \
(or set LABEL_STUDIO_USER_TOKEN to the token it was created with); if another program listens on port $LS_PORT, set LS_PORT."
    fi
    mkdir -p "$(dirname "$ENV_FILE")"
    (umask 077 && printf 'export LABEL_STUDIO_URL=%s\nexport LABEL_STUDIO_API_KEY=%s\n' "$URL" "$LABEL_STUDIO_USER_TOKEN" >"$ENV_FILE")
    say "Label Studio is up at $URL (user $LABEL_STUDIO_USERNAME); wrote $ENV_FILE"
}

if healthy; then
    say "a server already answers on $URL"
    write_env
    exit 0
fi

# -- install ------------------------------------------------------------------------------------
installed="$("$LS_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("label-studio"))' 2>/dev/null || true)"
if [[ "$installed" != "$LS_VERSION" ]]; then
    say "installing label-studio==$LS_VERSION into $LS_VENV (log: $LS_DATA_DIR/install.log)"
    started=$SECONDS
    {
        [[ -x "$LS_VENV/bin/python" ]] || "$LS_PYTHON" -m venv "$LS_VENV"
        "$LS_VENV/bin/python" -m pip install --quiet --upgrade pip
        "$LS_VENV/bin/python" -m pip install --quiet "label-studio==$LS_VERSION"
    } >"$LS_DATA_DIR/install.log" 2>&1 || {
        grep -v "is ignored: it is neither a file nor a directory" "$LS_DATA_DIR/install.log" | tail -n 25 >&2
        fail "pip could not install label-studio==$LS_VERSION (see $LS_DATA_DIR/install.log)"
    }
    say "installed in $((SECONDS - started)) s"
fi

# -- start --------------------------------------------------------------------------------------
if [[ -s "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    running_port="$(cat "$PORT_FILE" 2>/dev/null || echo '?')"
    if [[ "$running_port" != "$LS_PORT" ]]; then
        fail "a Label Studio with data in $LS_DATA_DIR already runs (pid $(cat "$PID_FILE"), port $running_port); \
stop it with scripts/stop_labelstudio.sh, or set LS_DATA_DIR for a second one"
    fi
    say "server process $(cat "$PID_FILE") is running but not healthy yet; waiting for it"
else
    if "$LS_PYTHON" -c "import socket, sys; s = socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $LS_PORT)) != 0)"; then
        fail "port $LS_PORT is taken by a program that is not a healthy Label Studio; set LS_PORT to a free port"
    fi
    say "starting Label Studio $LS_VERSION on $URL (data: $LS_DATA_DIR/data, log: $LOG_FILE)"
    # The user, password and token reach Label Studio through the exported LABEL_STUDIO_* variables (not argv,
    # which `ps` shows). LATEST_VERSION_CHECK=false: no call to PyPI. The server runs detached in its own session.
    LABEL_STUDIO_BASE_DATA_DIR="$LS_DATA_DIR/data" LATEST_VERSION_CHECK=false SENTRY_DSN="" FRONTEND_SENTRY_DSN="" \
        setsid nohup "$LS_VENV/bin/label-studio" start --no-browser \
        --internal-host 127.0.0.1 --port "$LS_PORT" --data-dir "$LS_DATA_DIR/data" --enable-legacy-api-token \
        >"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    echo "$LS_PORT" >"$PORT_FILE"
fi

started=$SECONDS
until healthy; do
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
        tail -n 30 "$LOG_FILE" >&2 || true
        rm -f "$PID_FILE"
        fail "Label Studio exited before answering on $URL (log above, full log: $LOG_FILE)"
    fi
    if ((SECONDS - started > LS_START_TIMEOUT)); then
        tail -n 30 "$LOG_FILE" >&2 || true
        fail "Label Studio did not answer $URL/health within $LS_START_TIMEOUT s (log above; it keeps running, pid $(cat "$PID_FILE"))"
    fi
    sleep 1
done
say "healthy after $((SECONDS - started)) s"
write_env
