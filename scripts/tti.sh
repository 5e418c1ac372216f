#!/usr/bin/env bash
# Time to interactive of the release build (BENCHMARKS.md): serves dist/ on
# 127.0.0.1 with python3's http.server and measures, in headless Chromium,
# navigation start to the first paint of the topology (scripts/tti.mjs).
#
#   scripts/tti.sh [RUNS] [QUERY]       (default 5 runs, no query)
#
# Builds dist/ with `trunk build --release` first (skip with
# KUBEPLAY_NO_BUILD=1). Needs node (>= 20, for its WebSocket) and chromium.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/env.sh"
RUNS="${1:-5}"
QUERY="${2:-}"
if [ "${KUBEPLAY_NO_BUILD:-0}" != 1 ]; then
  trunk build --release >/dev/null
fi
[ -f dist/index.html ] || { echo "no dist/index.html: build first" >&2; exit 1; }
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
  sleep 0.1
done
node --experimental-websocket --no-warnings "$ROOT/scripts/tti.mjs" "http://127.0.0.1:$PORT/$QUERY" "$RUNS"
