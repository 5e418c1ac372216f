#!/usr/bin/env python3
"""Trunk post_build hook (Trunk.toml): ships the release WebAssembly
LZMA-compressed. ~23% smaller than gzip -9 (BENCHMARKS.md "Bundle");
static/boot.js decodes it with static/lzma.js before instantiating it.

In Trunk's staging directory ($TRUNK_STAGING_DIR) it compresses each
`*_bg.wasm` into `*_bg.wasm.lzma` ("LZMA alone": 13-byte header, then the
raw LZMA stream), writes the uncompressed size into the header (python3
leaves it unknown), deletes the plain file and points index.html at the
new name (boot.js's data-kubeplay-wasm attribute and any link to it).
Debug builds (`trunk build`, `trunk serve` without --release) are left
alone, and so are release builds with KUBEPLAY_NO_PACK=1: they keep the
plain wasm, which boot.js hands to wasm-bindgen as it is.

The plain wasm is kept in $CARGO_TARGET_DIR/kubeplay-pack/ (or
target/kubeplay-pack/), where scripts/size-budget.sh compares it with
what static/lzma.js decodes.
"""

import base64
import hashlib
import lzma
import os
import re
import shutil
import struct
import sys


# xz -9e's settings with 4 literal context bits and no position bits
# (lc=4 lp=0 pb=0; liblzma's default is lc=3 lp=0 pb=2): 3.1 KB smaller on
# the wasm. lc + lp is at most 4 in liblzma.
FILTERS = [
    {"id": lzma.FILTER_LZMA1, "preset": 9 | lzma.PRESET_EXTREME, "lc": 4, "lp": 0, "pb": 0}
]


def relink(index, name, packed):
    """index.html with every reference to `name` turned into `name`.lzma.
    Trunk's `<link rel=preload as=fetch>` of the wasm gets the packed file's
    sha384 as its integrity (boot.js fetches with the same, so the browser
    uses the preloaded response) and loses its type=application/wasm."""
    digest = "sha384-" + base64.b64encode(hashlib.sha384(packed).digest()).decode()

    def link(m):
        tag = m.group(0)
        if name not in tag:
            return tag
        tag = re.sub(r"""\s+type=(?:"application/wasm"|'application/wasm'|application/wasm)""", "", tag)
        return re.sub(
            r"""\bintegrity=(?:"[^"]*"|'[^']*'|[^\s>]+)""", 'integrity="' + digest + '"', tag
        )

    index = re.sub(r"<link\b[^>]*>", link, index)
    return index.replace(name, name + ".lzma")


def main():
    # KUBEPLAY_NO_PACK=1 builds a release with the plain wasm (to compare).
    if os.environ.get("TRUNK_PROFILE") != "release" or os.environ.get("KUBEPLAY_NO_PACK") == "1":
        return 0
    staging = os.environ.get("TRUNK_STAGING_DIR")
    source = os.environ.get("TRUNK_SOURCE_DIR", ".")
    if not staging:
        print("pack-wasm: TRUNK_STAGING_DIR is not set", file=sys.stderr)
        return 1
    keep = os.path.join(
        os.environ.get("CARGO_TARGET_DIR") or os.path.join(source, "target"),
        "kubeplay-pack",
    )
    os.makedirs(keep, exist_ok=True)
    for old in os.listdir(keep):
        if old.endswith(".wasm"):
            os.remove(os.path.join(keep, old))

    wasms = sorted(n for n in os.listdir(staging) if n.endswith("_bg.wasm"))
    if not wasms:
        print("pack-wasm: no *_bg.wasm in " + staging, file=sys.stderr)
        return 1
    index_path = os.path.join(staging, "index.html")
    with open(index_path, encoding="utf-8") as f:
        index = f.read()
    for name in wasms:
        path = os.path.join(staging, name)
        with open(path, "rb") as f:
            data = f.read()
        packed = bytearray(lzma.compress(data, format=lzma.FORMAT_ALONE, filters=FILTERS))
        # Bytes 5..13: the uncompressed size, little-endian (python3 writes
        # all ones, "unknown"; the end marker it writes stays valid).
        packed[5:13] = struct.pack("<Q", len(data))
        if index.count(name) == 0:
            print("pack-wasm: index.html does not name " + name, file=sys.stderr)
            return 1
        with open(path + ".lzma", "wb") as f:
            f.write(packed)
        shutil.copyfile(path, os.path.join(keep, name))
        os.remove(path)
        index = relink(index, name, bytes(packed))
        print(f"pack-wasm: {name}: {len(data)} -> {len(packed)} bytes (.lzma)")
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
