#!/usr/bin/env bash
# README command 2: install what is missing, then run every check:
# formatting, clippy, native unit and transcript tests, headless-browser
# tests (wasm-bindgen-test in Chromium), a release build with its size
# budget, and the embed example driven cross-origin on that build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
. "$ROOT/scripts/env.sh"

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

step "native tests (unit and transcript tests)"
cargo test --workspace

step "headless-browser tests (wasm-bindgen-test in Chromium)"
cargo test -p kubeplay-web --target wasm32-unknown-unknown

step "release build and size budget"
"$ROOT/scripts/size-budget.sh"

step "embed example driven cross-origin (release build)"
KUBEPLAY_NO_BUILD=1 "$ROOT/scripts/e2e-embed.sh"
