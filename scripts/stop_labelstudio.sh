#!/usr/bin/env bash
# Stop the Label Studio started by scripts/start_labelstudio.sh (its data in .ls-data/ stays); idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LS_DATA_DIR="${LS_DATA_DIR:-$ROOT/.ls-data}"
PID_FILE="$LS_DATA_DIR/server.pid"

if [[ ! -s "$PID_FILE" ]]; then
    echo "stop_labelstudio: no $PID_FILE; nothing to stop"
    exit 0
fi
pid="$(cat "$PID_FILE")"
if ! kill -0 "$pid" 2>/dev/null; then
    echo "stop_labelstudio: process $pid is not running"
    rm -f "$PID_FILE" "$LS_DATA_DIR/server.port"
    exit 0
fi
# The start script runs the server with setsid, so its process group id is its pid: stop the group.
kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
for _ in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
done
if kill -0 "$pid" 2>/dev/null; then
    echo "stop_labelstudio: $pid ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
fi
rm -f "$PID_FILE" "$LS_DATA_DIR/server.port"
echo "stop_labelstudio: stopped Label Studio (pid $pid)"
