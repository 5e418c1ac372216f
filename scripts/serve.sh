#!/usr/bin/env bash
# README command 1: install what is missing, build the playground with Trunk
# and serve it on a local URL (default http://127.0.0.1:8080/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
. "$ROOT/scripts/env.sh"
ADDRESS="${KUBEPLAY_ADDRESS:-127.0.0.1}"
PORT="${KUBEPLAY_PORT:-8080}"
echo "kubeplay: building, then serving at http://$ADDRESS:$PORT/"
exec trunk serve --release --address "$ADDRESS" --port "$PORT"
