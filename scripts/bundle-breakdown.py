#!/usr/bin/env python3
"""What each part of the wasm bundle costs (BENCHMARKS.md, "Bundle").

    scripts/bundle-breakdown.py WASM_WITH_NAMES [FINAL_WASM]

WASM_WITH_NAMES is the release build before wasm-bindgen and wasm-opt
(target/wasm32-unknown-unknown/release/kubeplay-web.wasm), which still has
its `name` section; FINAL_WASM (dist/*.wasm) is what is shipped. Code is
attributed to the crate of each function's name (`<kubectl::X as
core::fmt::Display>::fmt` is kubectl's); data segments to the texts
compiled in with include_str! (found by content) or to "other constants".
Each group is gzipped (-9) on its own, so the column shows what it adds to
the transfer size; the last column scales the groups to FINAL_WASM's gzip
size (wasm-opt shrinks code, so the split is an estimate).
"""
import glob
import gzip
import os
import re
import sys


def leb(b, i):
    out = shift = 0
    while True:
        x = b[i]
        i += 1
        out |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return out, i


def name_str(b, i):
    n, i = leb(b, i)
    return b[i:i + n].decode("utf-8", "replace"), i + n


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, b[j:j + size]
        i = j + size


def parse(path):
    b = open(path, "rb").read()
    imported = 0
    bodies = []
    data = []
    names = {}
    for sid, s in sections(b):
        if sid == 2:  # imports: count functions
            n, i = leb(s, 0)
            for _ in range(n):
                _, i = name_str(s, i)
                _, i = name_str(s, i)
                kind = s[i]
                i += 1
                if kind == 0:
                    _, i = leb(s, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(s, i)
                    _, i = leb(s, i)
                    if flags & 1:
                        _, i = leb(s, i)
                elif kind == 2:
                    flags, i = leb(s, i)
                    _, i = leb(s, i)
                    if flags & 1:
                        _, i = leb(s, i)
                elif kind == 3:
                    i += 2
                else:
                    i += 2
        elif sid == 10:
            n, i = leb(s, 0)
            for _ in range(n):
                size, j = leb(s, i)
                bodies.append(s[j:j + size])
                i = j + size
        elif sid == 11:
            n, i = leb(s, 0)
            for _ in range(n):
                flag, i = leb(s, i)
                if flag in (0, 2):
                    if flag == 2:
                        _, i = leb(s, i)
                    while s[i] != 0x0B:  # the offset expression
                        i += 1
                    i += 1
                size, i = leb(s, i)
                data.append(s[i:i + size])
                i += size
        elif sid == 0:
            cname, i = name_str(s, 0)
            if cname != "name":
                continue
            while i < len(s):
                sub = s[i]
                size, j = leb(s, i + 1)
                if sub == 1:
                    n, k = leb(s, j)
                    for _ in range(n):
                        idx, k = leb(s, k)
                        nm, k = name_str(s, k)
                        names[idx] = nm
                i = j + size
    return imported, bodies, data, names


def crate_of(name):
    """The crate a function belongs to, from its (mangled or not) name."""
    n = name
    if n.startswith("_R"):  # v0 mangling: the first crate root `C[s<hash>_]<len><name>`
        m = re.search(r"C(?:s[0-9A-Za-z]*_)?(\d+)", n)
        if m:
            start = m.end()
            return n[start:start + int(m.group(1))].lstrip("_") or "(unnamed)"
    if n.startswith("_ZN"):  # legacy mangling
        m = re.match(r"_ZN(\d+)", n)
        if m:
            n = n[len(m.group(0)):len(m.group(0)) + int(m.group(1))]
            if not n.startswith("_$LT$"):
                return n
    # `_$LT$kubectl..x..Y$u20$as$u20$core..fmt..Display$GT$`: the impl's type.
    n = n.replace("$LT$", "<").replace("..", "::").replace("$u20$", " ")
    n = n.lstrip("_<&*")
    n = re.sub(r"^(dyn |mut |const )+", "", n)
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", n)
    return m.group(1) if m else "(unnamed)"


def gz(parts):
    return len(gzip.compress(b"".join(parts), 9))


def main():
    named = sys.argv[1]
    final = sys.argv[2] if len(sys.argv) > 2 else None
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    imported, bodies, data, names = parse(named)
    groups = {}
    for k, body in enumerate(bodies):
        crate = crate_of(names.get(imported + k, ""))
        groups.setdefault("code: " + crate, []).append(body)
    blob = b"".join(data)
    texts = {
        "data: kubectl help texts (crates/kubectl/src/help)": sorted(glob.glob(f"{root}/crates/kubectl/src/help/**/*.txt", recursive=True)),
        "data: lessons (static/lessons)": sorted(glob.glob(f"{root}/static/lessons/*.yaml")),
        "data: editor manifests (static/manifests)": sorted(glob.glob(f"{root}/static/manifests/*.yaml")),
    }
    rest = blob
    for label, files in texts.items():
        found = []
        for f in files:
            t = open(f, "rb").read()
            if t and t in rest:
                found.append(t)
                rest = rest.replace(t, b"", 1)
        if found:
            groups[label] = found
    groups["data: other constants (strings, tables)"] = [rest]
    rows = [(label, sum(map(len, parts)), gz(parts)) for label, parts in groups.items()]
    rows.sort(key=lambda r: -r[2])
    total_gz = sum(r[2] for r in rows)
    final_gz = len(gzip.compress(open(final, "rb").read(), 9)) if final else None
    print(f"{'part':<52} {'bytes':>9} {'gzip -9':>9} {'share':>6}" + ("  est. shipped" if final_gz else ""))
    small = [0, 0]
    for label, raw, g in rows:
        if g < 2000 and label.startswith("code: "):
            small[0] += raw
            small[1] += g
            continue
        line = f"{label:<52} {raw:>9} {g:>9} {100 * g / total_gz:>5.1f}%"
        if final_gz:
            line += f"  {final_gz * g / total_gz:>10.0f}"
        print(line)
    line = f"{'code: other crates (< 2 KB gzipped each)':<52} {small[0]:>9} {small[1]:>9} {100 * small[1] / total_gz:>5.1f}%"
    if final_gz:
        line += f"  {final_gz * small[1] / total_gz:>10.0f}"
    print(line)
    print(f"{'sum of the parts gzipped separately':<52} {sum(r[1] for r in rows):>9} {total_gz:>9}")
    if final_gz:
        print(f"{'shipped wasm (after wasm-opt), gzip -9':<52} {os.path.getsize(final):>9} {final_gz:>9}")


main()
