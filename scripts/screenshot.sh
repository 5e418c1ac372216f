#!/usr/bin/env bash
# Screenshots of the playground in headless Chromium, for looking at the UI.
#
#   scripts/screenshot.sh [OUT.png] [QUERY] [WIDTHxHEIGHT]
#   scripts/screenshot.sh /tmp/lab.png '?script=servicelab' 1280x720
#   scripts/screenshot.sh /tmp/big.png '?script=servicelab' 1920x1080
#   scripts/screenshot.sh /tmp/ing.png '?script=ingresslab' 1280x720
#
# Builds dist/ with `trunk build --release` (skip with KUBEPLAY_NO_BUILD=1),
# serves it on 127.0.0.1 with python3's http.server, and loads the page with
# the given query (see web/src/query.rs: ?script=servicelab runs the course's
# Service lab at load, ?script=ingresslab the Ingress lab with the browser
# pane on https://localhost/testpath, ?script=podstates&paused=1 holds pods in every status,
# ?seed=N, ?paused=1, ?embed=1, ?system=1). Chromium runs KUBEPLAY_SHOT_MS
# (default 6000) ms of virtual time before the shot, with reduced motion
# (so nothing is caught mid-fade); KUBEPLAY_SHOT_FLAGS adds Chromium flags,
# e.g. '--blink-settings=preferredColorScheme=0' for the dark theme.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/env.sh"
OUT="${1:-screenshot.png}"
QUERY="${2:-?script=servicelab}"
SIZE="${3:-1280x720}"
CHROMIUM="${CHROMIUM:-chromium}"

if [ "${KUBEPLAY_NO_BUILD:-0}" != 1 ]; then
  trunk build --release >/dev/null
fi
[ -f dist/index.html ] || { echo "no dist/index.html: build first" >&2; exit 1; }

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER=$!
PROFILE="$(mktemp -d)"
cleanup() { kill "$SERVER" 2>/dev/null || true; rm -rf "$PROFILE"; }
trap cleanup EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
  sleep 0.1
done

case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars --force-prefers-reduced-motion \
  --user-data-dir="$PROFILE" --window-size="${SIZE/x/,}" \
  --virtual-time-budget="${KUBEPLAY_SHOT_MS:-6000}" \
  ${KUBEPLAY_SHOT_FLAGS:-} --screenshot="$OUT" "http://127.0.0.1:$PORT/$QUERY" 2>/dev/null
echo "$OUT"
