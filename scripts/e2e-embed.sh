#!/usr/bin/env bash
# End-to-end test of embedding (issue 7: "the embed example is driven by
# postMessage from a cross-origin parent"), on the release build:
#
#   scripts/e2e-embed.sh
#
# Serves dist/ twice: the example deck from http://127.0.0.1:A (origin A)
# and the playground from http://localhost:B (origin B, sending
# Access-Control-Allow-Origin as EMBED.md asks of a server). Headless
# Chromium opens A/deck.html?app=http://localhost:B/, whose sandboxed
# iframes hold the playground; scripts/e2e-embed.mjs drives them from the
# deck by postMessage and the deck's own buttons over the DevTools
# protocol and checks the events they send back. Exits non-zero, saying
# what failed, on any failure.
#
# Builds dist/ with `trunk build --release` first (skip with
# KUBEPLAY_NO_BUILD=1; scripts/test.sh runs it after the size budget,
# which has just built it). Needs node (>= 20, for its WebSocket) and
# chromium.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/env.sh"
if [ "${KUBEPLAY_NO_BUILD:-0}" != 1 ]; then
  trunk build --release >/dev/null
fi
[ -f dist/index.html ] && [ -f dist/deck.html ] || {
  echo "e2e-embed: FAIL: no dist/index.html or dist/deck.html: build first" >&2
  exit 1
}

node --experimental-websocket --no-warnings -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2>/dev/null || {
  echo "e2e-embed: FAIL: needs node >= 20 (its WebSocket, for the DevTools protocol); found $(node --version 2>/dev/null || echo none)" >&2
  exit 1
}
command -v "${CHROMIUM:-chromium}" >/dev/null || {
  echo "e2e-embed: FAIL: no ${CHROMIUM:-chromium} on PATH (scripts/setup.sh installs it)" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# python3's http.server, optionally adding Access-Control-Allow-Origin: *
# (the playground in an opaque-origin frame fetches its module script and
# WebAssembly with CORS).
SERVE='
import functools, http.server, sys
port, directory, cors = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "cors"
class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        if cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()
    def log_message(self, *args):
        pass
class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a frame navigated away mid-download: not our failure
Server(("127.0.0.1", port), functools.partial(Handler, directory=directory)).serve_forever()
'
DECK_PORT="$(free_port)"
APP_PORT="$(free_port)"
python3 -c "$SERVE" "$DECK_PORT" dist plain &
DECK_SERVER=$!
python3 -c "$SERVE" "$APP_PORT" dist cors &
APP_SERVER=$!
trap 'kill "$DECK_SERVER" "$APP_SERVER" 2>/dev/null || true' EXIT
for port in "$DECK_PORT" "$APP_PORT"; do
  for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
    sleep 0.1
  done
done
node --experimental-websocket --no-warnings "$ROOT/scripts/e2e-embed.mjs" \
  "http://127.0.0.1:$DECK_PORT" "http://localhost:$APP_PORT"
