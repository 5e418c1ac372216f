#!/usr/bin/env bash
# Builds the release bundle with Trunk and checks its total transfer size
# (every file in dist/, each gzip -9): fails above the budget (issue 8: at
# most 1,000,000 bytes; goal 500 KB). The release wasm ships
# LZMA-compressed (scripts/pack-wasm.py, a Trunk hook): this also decodes
# it with the page's own decoder (static/lzma.js) under node and fails
# unless the result is byte for byte the wasm the hook packed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. "$ROOT/scripts/env.sh"
BUDGET_BYTES="${KUBEPLAY_SIZE_BUDGET:-1000000}"

trunk build --release >/dev/null

total=0
printf '%-48s %10s %10s\n' "file" "bytes" "gzip -9"
while IFS= read -r -d '' f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf '%-48s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
done < <(find dist -type f -print0 | sort -z)
printf '%-48s %10s %10d\n' "total transfer" "" "$total"

# The packed wasm, decoded as the page decodes it. pack-wasm.py keeps the
# plain file in $CARGO_TARGET_DIR/kubeplay-pack/ (or target/kubeplay-pack/).
KEEP="${CARGO_TARGET_DIR:-$ROOT/target}/kubeplay-pack"
packed=(dist/*_bg.wasm.lzma)
[ -f "${packed[0]}" ] && [ "${#packed[@]}" -eq 1 ] || {
  echo "size budget: FAILED: expected one dist/*_bg.wasm.lzma (scripts/pack-wasm.py, Trunk.toml's hook)" >&2
  exit 1
}
name="$(basename "${packed[0]}" .lzma)"
[ -f "$KEEP/$name" ] || { echo "size budget: FAILED: no $KEEP/$name (the wasm before packing)" >&2; exit 1; }
grep -q "data-kubeplay-wasm=\"\\?./$name.lzma" dist/index.html || {
  echo "size budget: FAILED: dist/index.html does not load ./$name.lzma" >&2
  exit 1
}
# lzma.js is an ES module named .js: node loads it as one from a .mjs copy.
mkdir -p "$KEEP"
cp static/lzma.js "$KEEP/lzma.mjs"
node --no-warnings --input-type=module - "$KEEP/lzma.mjs" "${packed[0]}" "$KEEP/$name" <<'JS'
import fs from "node:fs";
import crypto from "node:crypto";
import { pathToFileURL } from "node:url";
const [decoderPath, packedPath, plainPath] = process.argv.slice(2);
const { decodeLzma } = await import(pathToFileURL(decoderPath).href);
const start = performance.now();
let decoded;
try {
  decoded = decodeLzma(new Uint8Array(fs.readFileSync(packedPath)));
} catch (error) {
  console.error(`size budget: FAILED: static/lzma.js cannot decode ${packedPath}: ${error.message}`);
  process.exit(1);
}
const ms = performance.now() - start;
const sha = (bytes) => crypto.createHash("sha256").update(bytes).digest("hex");
const want = fs.readFileSync(plainPath);
if (decoded.length !== want.length || sha(decoded) !== sha(want)) {
  console.error(`size budget: FAILED: static/lzma.js decodes ${packedPath} to ${decoded.length} bytes (sha256 ${sha(decoded)}), not the ${want.length} bytes packed (sha256 ${sha(want)})`);
  process.exit(1);
}
console.log(`lzma check: ok: static/lzma.js decodes the wasm (${want.length} bytes, sha256 ${sha(want).slice(0, 16)}…) in ${ms.toFixed(0)} ms under node`);
JS

if [ "$total" -gt "$BUDGET_BYTES" ]; then
  echo "size budget: FAILED: $total bytes gzipped > $BUDGET_BYTES" >&2
  exit 1
fi
echo "size budget: ok: $total bytes gzipped <= $BUDGET_BYTES"
