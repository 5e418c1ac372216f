//! `kubectl diff -f FILE`: each object's live version and the version a
//! client-side apply would store (the API server's dry run: defaults,
//! generation bump, last-applied annotation) are written as YAML into two
//! temporary directories, `LIVE-N` and `MERGED-N`, and `diff -u -N` runs
//! over them. The directories are simulated: their names and the files'
//! times come from the clock and the objects, so a session repeats. The
//! unified diff is GNU diff's (its line discarding, middle-snake search,
//! boundary shifting and hunk layout). Exit status: 0 no differences, 1
//! differences, 2 an error (kubectl adds one to its usual code).

use super::apply::read_sources;
use super::K;
use crate::engine;
use cluster::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

/// Lines of context in a unified diff (`diff -u`).
const CONTEXT: usize = 3;

/// A file's text and modification time (ns since the epoch).
type Stamped = (String, i128);

struct Pair {
    file: String,
    live: Option<String>,
    merged: String,
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let files = k.flags.list("filename");
    if files.is_empty() {
        k.err("error: must specify one of -f and -k\n");
        return 2;
    }
    if !k.flags.args.is_empty() {
        let args = k.flags.args.join(" ");
        k.err(&format!(
            "error: Unexpected args: [{args}]\nSee 'kubectl diff -h' for help and examples\n"
        ));
        return 2;
    }
    if k.flags.bool("force-conflicts") && !k.flags.bool("server-side") {
        k.err("error: --force-conflicts only works with --server-side\n");
        return 2;
    }
    let selector = k.flags.str("selector");
    let selector = if selector.is_empty() {
        None
    } else {
        match engine::Selector::parse(&selector) {
            Ok(s) => Some(s),
            Err(e) => {
                k.err(&format!("error: {e}\n"));
                return 2;
            }
        }
    };
    let ns = k.namespace();
    let mut errs = Vec::new();
    let infos = read_sources(k, &files, &mut errs);
    if let Some(e) = errs.first() {
        // The builder stops at the first error; nothing is diffed.
        let line = if e.starts_with("error: ") || e.starts_with("Error from server") {
            e.clone()
        } else {
            format!("error: {e}")
        };
        k.err(&format!("{line}\n"));
        return 2;
    }
    let mut pairs: Vec<Pair> = Vec::new();
    for info in infos {
        if selector.as_ref().is_some_and(|s| !s.matches(&info.obj)) {
            continue;
        }
        let name = crate::util::name(&info.obj).to_string();
        let obj_ns = if info.rt.namespaced {
            match crate::util::namespace(&info.obj) {
                "" => ns.clone(),
                n => n.to_string(),
            }
        } else {
            String::new()
        };
        let live = engine::get(k.ctx.cluster, info.rt, &obj_ns, &name).ok();
        let mut local = info.obj.clone();
        let mut attempt = k.ctx.cluster.apply_dry_run(local.clone(), &ns);
        // kubectl diff asks for no field validation, so the server's default
        // applies: unknown fields are dropped with a warning.
        if let Err(e) = &attempt {
            let unknown = unknown_fields(&e.message);
            if e.reason == cluster::Reason::BadRequest && !unknown.is_empty() {
                for f in &unknown {
                    k.err(&format!("Warning: unknown field \"{f}\"\n"));
                    remove_path(&mut local, f);
                }
                attempt = k.ctx.cluster.apply_dry_run(local, &ns);
            }
        }
        let merged = match attempt {
            Ok(m) => m,
            Err(e) => {
                // The dry-run request's error as it is (kubectl diff adds no
                // source), and nothing is diffed.
                k.err(&format!("{}\n", super::api_message(&e)));
                return 2;
            }
        };
        if live
            .as_ref()
            .is_some_and(|l| l.pointer("/metadata/deletionTimestamp").is_some())
        {
            k.err(&format!(
                "Warning: Detected changes to resource {name} which is currently being deleted.\n"
            ));
        }
        let (mut live, mut merged) = (live, merged);
        if live.is_none() {
            created_like_the_server(&mut merged, info.rt.kind, &info.obj);
        }
        if info.rt.kind == "Secret" {
            mask_secret(live.as_mut(), &mut merged);
        }
        let group = match info.rt.group {
            "" => String::new(),
            g => format!("{g}."),
        };
        let file = format!(
            "{group}{}.{}.{obj_ns}.{name}",
            info.rt.version, info.rt.kind
        );
        pairs.push(Pair {
            file,
            live: live.map(|l| crate::yaml::to_yaml(&strip(l))),
            merged: crate::yaml::to_yaml(&strip(merged)),
        });
    }
    // The temporary directories and the files' times: deterministic.
    let now = k.ctx.cluster.now();
    let mut seed = now.0 as u64;
    for p in &pairs {
        for b in p.file.bytes().chain(p.merged.bytes()) {
            seed = seed.rotate_left(5) ^ u64::from(b);
        }
    }
    let mut rng = SplitMix(seed);
    let live_dir = format!("/tmp/LIVE-{}", rng.next() as u32);
    let merged_dir = format!("/tmp/MERGED-{}", rng.next() as u32);
    let mut clock_ns: i128 = i128::from(now.0) * 1_000_000 + (rng.next() % 900_000) as i128;
    // Files in directory order (GNU diff sorts the names).
    let mut stamped: cluster::sort::VecMap<String, (Option<Stamped>, Stamped)> =
        cluster::sort::VecMap::new();
    for p in pairs {
        let live = p.live.map(|text| {
            clock_ns += 40_000 + (rng.next() % 60_000) as i128;
            (text, clock_ns)
        });
        clock_ns += 2_000_000 + (rng.next() % 6_000_000) as i128;
        stamped.insert(p.file, (live, (p.merged, clock_ns)));
    }
    let mut out = String::new();
    for (file, (live, (merged, merged_ns))) in stamped.iter() {
        let (old, old_ns) = match live {
            Some((t, ns)) => (t.as_str(), *ns),
            None => ("", 0),
        };
        let hunks = unified(old, merged, CONTEXT);
        if hunks.is_empty() {
            continue;
        }
        let from = format!("{live_dir}/{file}");
        let to = format!("{merged_dir}/{file}");
        out.push_str(&format!("diff -u -N {from} {to}\n"));
        out.push_str(&format!("--- {from}\t{}\n", file_time(old_ns)));
        out.push_str(&format!("+++ {to}\t{}\n", file_time(*merged_ns)));
        out.push_str(&hunks);
    }
    let differ = !out.is_empty();
    k.out(&out);
    i32::from(differ)
}

/// A dry-run create as the API server answers it: its own uid (the
/// simulation's probe would repeat one), and the empty status the kind's
/// PrepareForCreate leaves where a controller has not written one yet.
fn created_like_the_server(merged: &mut Value, kind: &str, local: &Value) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in crate::yaml::to_compact_json(local).bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut r = SplitMix(h);
    let (x, y) = (r.next(), r.next());
    let uid = format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        x >> 32,
        (x >> 16) & 0xffff,
        x & 0xfff,
        0x8000 | (y >> 48) & 0x3fff,
        y & 0xffff_ffff_ffff
    );
    if let Some(meta) = merged.get_mut("metadata").and_then(Value::as_object_mut) {
        if meta.contains_key("uid") {
            meta.insert("uid".into(), Value::from(uid));
        }
    }
    if merged.get("status").is_some() {
        return;
    }
    let status = match kind {
        "Deployment" | "Job" | "CronJob" => serde_json::json!({}),
        "ReplicaSet" => serde_json::json!({"replicas": 0}),
        "StatefulSet" => cluster::bootstrap::tmpl(r#"{"availableReplicas":0,"replicas":0}"#, &[]),
        "DaemonSet" => cluster::bootstrap::tmpl(
            r#"{"currentNumberScheduled":0,"desiredNumberScheduled":0,"numberMisscheduled":0,"numberReady":0}"#,
            &[],
        ),
        "Ingress" => serde_json::json!({"loadBalancer": {}}),
        "PersistentVolumeClaim" | "PersistentVolume" => serde_json::json!({"phase": "Pending"}),
        _ => return,
    };
    merged["status"] = status;
}

/// The fields a strict decoding error names (`unknown field "spec.x"`).
fn unknown_fields(message: &str) -> Vec<String> {
    let Some((_, list)) = message.split_once("strict decoding error: ") else {
        return Vec::new();
    };
    list.split(", ")
        .filter_map(|part| part.strip_prefix("unknown field \""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .map(str::to_string)
        .collect()
}

/// Drops a field named as the decoder names it (`spec.containers[0].x`).
fn remove_path(obj: &mut Value, path: &str) {
    let parts: Vec<&str> = path.split('.').collect();
    let mut cur = obj;
    for (n, part) in parts.iter().enumerate() {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (*part, ""),
        };
        let last = n + 1 == parts.len();
        if last && indexes.is_empty() {
            if let Some(m) = cur.as_object_mut() {
                m.remove(key);
            }
            return;
        }
        let Some(next) = cur.get_mut(key) else { return };
        cur = next;
        for idx in indexes
            .split('[')
            .filter_map(|x| x.strip_suffix(']'))
            .filter_map(|x| x.parse::<usize>().ok())
        {
            let Some(next) = cur.get_mut(idx) else { return };
            cur = next;
        }
    }
}

/// What kubectl prints: the object without `managedFields`
/// (`--show-managed-fields=false`).
fn strip(mut obj: Value) -> Value {
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    obj
}

/// kubectl diff's masker: a Secret's `data` values become `***`, or
/// `*** (before)` / `*** (after)` where a key's value changes.
fn mask_secret(live: Option<&mut Value>, merged: &mut Value) {
    let from: BTreeMap<String, Value> = live
        .as_ref()
        .and_then(|l| l.get("data"))
        .and_then(Value::as_object)
        .map(|m| cluster::sort::map(m.iter().map(|(k, v)| (k.clone(), v.clone()))))
        .unwrap_or_default();
    let to: BTreeMap<String, Value> = merged
        .get("data")
        .and_then(Value::as_object)
        .map(|m| cluster::sort::map(m.iter().map(|(k, v)| (k.clone(), v.clone()))))
        .unwrap_or_default();
    let mut new_from = serde_json::Map::new();
    let mut new_to = serde_json::Map::new();
    for (k, v) in &from {
        match to.get(k) {
            Some(w) if w != v => {
                new_from.insert(k.clone(), Value::from("*** (before)"));
                new_to.insert(k.clone(), Value::from("*** (after)"));
            }
            Some(_) => {
                new_from.insert(k.clone(), Value::from("***"));
                new_to.insert(k.clone(), Value::from("***"));
            }
            None => {
                new_from.insert(k.clone(), Value::from("***"));
            }
        }
    }
    for k in to.keys() {
        if !from.contains_key(k) {
            new_to.insert(k.clone(), Value::from("***"));
        }
    }
    if let Some(l) = live {
        if l.get("data").is_some_and(Value::is_object) {
            l["data"] = Value::Object(new_from);
        }
    }
    if merged.get("data").is_some_and(Value::is_object) {
        merged["data"] = Value::Object(new_to);
    }
}

/// A file's modification time as GNU diff prints it in a `-u` header
/// (`%Y-%m-%d %H:%M:%S.%N %z`, UTC); 0 is the epoch of an absent file.
fn file_time(ns: i128) -> String {
    let ms = ns.div_euclid(1_000_000) as i64;
    let secs_ns = ns.rem_euclid(1_000_000_000);
    let stamp = Time(ms).rfc3339();
    let stamp = stamp.trim_end_matches('Z').replacen('T', " ", 1);
    format!("{stamp}.{secs_ns:09} +0000")
}

/// The lines of a text that ends in a newline (YAML does).
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The hunks of `diff -u` between two texts (empty when equal).
pub(crate) fn unified(ta: &str, tb: &str, context: usize) -> String {
    let a = split_lines(ta);
    let b = split_lines(tb);
    let (ca, cb) = changed_lines(ta, tb, context);
    // Changes: (a start, a end, b start, b end), exclusive ends.
    let mut changes: Vec<(usize, usize, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && !ca[i] && !cb[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (si, sj) = (i, j);
        while i < a.len() && ca[i] {
            i += 1;
        }
        while j < b.len() && cb[j] {
            j += 1;
        }
        if (si, sj) == (i, j) {
            // Unmatched lengths cannot happen with a consistent script;
            // stop rather than loop.
            break;
        }
        changes.push((si, i, sj, j));
    }
    let mut out = String::new();
    let mut k = 0;
    while k < changes.len() {
        // A hunk: changes whose gaps are at most 2 * context lines.
        let mut end = k;
        while end + 1 < changes.len() && changes[end + 1].0 - changes[end].1 <= 2 * context {
            end += 1;
        }
        let first = changes[k];
        let last = changes[end];
        let a_start = first.0.saturating_sub(context);
        let b_start = first.2.saturating_sub(context);
        let a_end = (last.1 + context).min(a.len());
        let b_end = (last.3 + context).min(b.len());
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(a_start, a_end),
            range(b_start, b_end)
        ));
        let mut ai = a_start;
        for c in &changes[k..=end] {
            for line in &a[ai..c.0] {
                out.push_str(&format!(" {line}\n"));
            }
            for line in &a[c.0..c.1] {
                out.push_str(&format!("-{line}\n"));
            }
            for line in &b[c.2..c.3] {
                out.push_str(&format!("+{line}\n"));
            }
            ai = c.1;
        }
        for line in &a[ai..a_end] {
            out.push_str(&format!(" {line}\n"));
        }
        k = end + 1;
    }
    out
}

/// A unified range: `start,count` (1-based), `start` alone for one line,
/// `before,0` for none.
fn range(start: usize, end: usize) -> String {
    match end - start {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

/// Which lines of each file are changed, as GNU diff decides: the
/// identical prefix and suffix are set aside but for `horizon` lines each
/// (find_identical_ends); in the rest, lines with no match in the other
/// file (and runs of very common lines among them) are set aside too, a
/// minimal edit script of what remains is found by Myers' middle-snake
/// search, and the changed runs are shifted to merge.
fn changed_lines(ta: &str, tb: &str, horizon: usize) -> (Vec<bool>, Vec<bool>) {
    let (x, y) = (ta.as_bytes(), tb.as_bytes());
    let (n0, n1) = (x.len(), y.len());
    // Identical prefix, backed up to a line start and `horizon` lines more.
    let mut p = x.iter().zip(y).take_while(|(c, d)| c == d).count();
    let mut h = horizon;
    while p > 0 {
        if x[p - 1] == b'\n' {
            if h == 0 {
                break;
            }
            h -= 1;
        }
        p -= 1;
    }
    let prefix_end = p;
    // Identical suffix, not reaching back into the prefix.
    let (mut p0, mut p1) = (n0, n1);
    let mut beg0 = prefix_end + n0.saturating_sub(n1);
    while p0 > beg0 {
        if x[p0 - 1] != y[p1 - 1] {
            beg0 = p0;
            break;
        }
        p0 -= 1;
        p1 -= 1;
    }
    let at_line_start = (p0 == 0 || x[p0 - 1] == b'\n') && (p1 == 0 || y[p1 - 1] == b'\n');
    let mut keep = horizon + usize::from(!at_line_start);
    while keep > 0 && p0 != n0 {
        keep -= 1;
        while p0 < n0 && x[p0] != b'\n' {
            p0 += 1;
        }
        p0 += 1;
    }
    let p0 = p0.min(n0);
    let p1 = (p1 + (p0 - beg0.min(p0))).min(n1);
    let before = x[..prefix_end].iter().filter(|&&c| c == b'\n').count();
    let a: Vec<&str> = split_lines(ta);
    let b: Vec<&str> = split_lines(tb);
    let body_a = split_lines(&ta[prefix_end..p0]);
    let body_b = split_lines(&tb[prefix_end..p1]);
    let (ba, bb) = body_changes(&body_a, &body_b);
    let mut ca = vec![false; a.len()];
    let mut cb = vec![false; b.len()];
    for (k, c) in ba.into_iter().enumerate() {
        if let Some(slot) = ca.get_mut(before + k) {
            *slot = c;
        }
    }
    for (k, c) in bb.into_iter().enumerate() {
        if let Some(slot) = cb.get_mut(before + k) {
            *slot = c;
        }
    }
    (ca, cb)
}

/// The analysis of the lines between the identical ends.
fn body_changes<'t>(a: &[&'t str], b: &[&'t str]) -> (Vec<bool>, Vec<bool>) {
    // Equivalence classes, numbered from 1 in order of first appearance.
    let mut classes: BTreeMap<&'t str, usize> = BTreeMap::new();
    let mut class_of = |l: &'t str| -> usize {
        let n = classes.len() + 1;
        *classes.entry(l).or_insert(n)
    };
    let ea: Vec<usize> = a.iter().map(|l| class_of(l)).collect();
    let eb: Vec<usize> = b.iter().map(|l| class_of(l)).collect();
    let n_classes = classes.len() + 1;
    let mut counts = [vec![0usize; n_classes], vec![0usize; n_classes]];
    for &e in &ea {
        counts[0][e] += 1;
    }
    for &e in &eb {
        counts[1][e] += 1;
    }
    let da = discards(&ea, &counts[1]);
    let db = discards(&eb, &counts[0]);
    let mut ca = vec![false; a.len()];
    let mut cb = vec![false; b.len()];
    let (mut ua, mut ia) = (Vec::new(), Vec::new());
    for (i, &e) in ea.iter().enumerate() {
        if da[i] {
            ca[i] = true;
        } else {
            ua.push(e);
            ia.push(i);
        }
    }
    let (mut ub, mut ib) = (Vec::new(), Vec::new());
    for (i, &e) in eb.iter().enumerate() {
        if db[i] {
            cb[i] = true;
        } else {
            ub.push(e);
            ib.push(i);
        }
    }
    let mut sa = vec![false; ua.len()];
    let mut sb = vec![false; ub.len()];
    let mut ctx = Search {
        a: &ua,
        b: &ub,
        fd: vec![0; ua.len() + ub.len() + 3],
        bd: vec![0; ua.len() + ub.len() + 3],
        off: ub.len() as isize + 1,
    };
    ctx.compare(0, ua.len(), 0, ub.len(), &mut sa, &mut sb);
    for (k, &c) in sa.iter().enumerate() {
        if c {
            ca[ia[k]] = true;
        }
    }
    for (k, &c) in sb.iter().enumerate() {
        if c {
            cb[ib[k]] = true;
        }
    }
    shift_boundaries(&ea, &mut ca, &cb);
    shift_boundaries(&eb, &mut cb, &ca);
    (ca, cb)
}

/// GNU diff's discard_confusing_lines for one file: lines with no match
/// in the other file are set aside; lines with very many matches only
/// inside such runs, with the same rules for where a run's provisional
/// lines are kept.
fn discards(equivs: &[usize], other_counts: &[usize]) -> Vec<bool> {
    let end = equivs.len();
    let mut many = 5usize;
    let mut tem = end / 64;
    loop {
        tem >>= 2;
        if tem == 0 {
            break;
        }
        many *= 2;
    }
    // 0 keep, 1 discard, 2 provisional.
    let mut d: Vec<u8> = equivs
        .iter()
        .map(|&e| match other_counts.get(e).copied().unwrap_or(0) {
            0 => 1,
            n if n > many => 2,
            _ => 0,
        })
        .collect();
    let mut i = 0;
    while i < end {
        if d[i] == 2 {
            d[i] = 0;
        } else if d[i] != 0 {
            let mut j = i;
            let mut provisional = 0usize;
            while j < end && d[j] != 0 {
                if d[j] == 2 {
                    provisional += 1;
                }
                j += 1;
            }
            while j > i && d[j - 1] == 2 {
                j -= 1;
                d[j] = 0;
                provisional -= 1;
            }
            let length = j - i;
            if provisional * 4 > length {
                for x in d[i..j].iter_mut() {
                    if *x == 2 {
                        *x = 0;
                    }
                }
            } else {
                let mut minimum = 1usize;
                let mut t = length >> 2;
                loop {
                    t >>= 2;
                    if t == 0 {
                        break;
                    }
                    minimum <<= 1;
                }
                minimum += 1;
                let mut consec = 0usize;
                let mut jj = 0usize;
                while jj < length {
                    if d[i + jj] != 2 {
                        consec = 0;
                    } else {
                        consec += 1;
                        if consec == minimum {
                            jj -= consec;
                        } else if consec > minimum {
                            d[i + jj] = 0;
                        }
                    }
                    jj += 1;
                }
                let mut consec = 0usize;
                for jj in 0..length {
                    if jj >= 8 && d[i + jj] == 1 {
                        break;
                    }
                    match d[i + jj] {
                        2 => {
                            consec = 0;
                            d[i + jj] = 0;
                        }
                        0 => consec = 0,
                        _ => consec += 1,
                    }
                    if consec == 3 {
                        break;
                    }
                }
                let last = i + length - 1;
                let mut consec = 0usize;
                for jj in 0..length {
                    if jj >= 8 && d[last - jj] == 1 {
                        break;
                    }
                    match d[last - jj] {
                        2 => {
                            consec = 0;
                            d[last - jj] = 0;
                        }
                        0 => consec = 0,
                        _ => consec += 1,
                    }
                    if consec == 3 {
                        break;
                    }
                }
                i = last;
            }
        }
        i += 1;
    }
    d.into_iter().map(|x| x != 0).collect()
}

/// Myers' O(ND) search with the middle snake, as GNU diff's compareseq
/// and diag run it (without the heuristics for huge inputs).
struct Search<'s> {
    a: &'s [usize],
    b: &'s [usize],
    fd: Vec<isize>,
    bd: Vec<isize>,
    /// Index of diagonal 0 in `fd`/`bd` (diagonals run from -len(b)-1).
    off: isize,
}

impl Search<'_> {
    fn idx(&self, d: isize) -> usize {
        (d + self.off) as usize
    }

    fn compare(
        &mut self,
        mut xoff: usize,
        mut xlim: usize,
        mut yoff: usize,
        mut ylim: usize,
        ca: &mut [bool],
        cb: &mut [bool],
    ) {
        while xoff < xlim && yoff < ylim && self.a[xoff] == self.b[yoff] {
            xoff += 1;
            yoff += 1;
        }
        while xlim > xoff && ylim > yoff && self.a[xlim - 1] == self.b[ylim - 1] {
            xlim -= 1;
            ylim -= 1;
        }
        if xoff == xlim {
            for c in cb[yoff..ylim].iter_mut() {
                *c = true;
            }
        } else if yoff == ylim {
            for c in ca[xoff..xlim].iter_mut() {
                *c = true;
            }
        } else {
            let (xmid, ymid) = self.diag(xoff, xlim, yoff, ylim);
            self.compare(xoff, xmid, yoff, ymid, ca, cb);
            self.compare(xmid, xlim, ymid, ylim, ca, cb);
        }
    }

    fn diag(&mut self, xoff: usize, xlim: usize, yoff: usize, ylim: usize) -> (usize, usize) {
        let (xoff, xlim, yoff, ylim) = (xoff as isize, xlim as isize, yoff as isize, ylim as isize);
        let dmin = xoff - ylim;
        let dmax = xlim - yoff;
        let fmid = xoff - yoff;
        let bmid = xlim - ylim;
        let (mut fmin, mut fmax, mut bmin, mut bmax) = (fmid, fmid, bmid, bmid);
        let odd = (fmid - bmid) & 1 != 0;
        let i = self.idx(fmid);
        self.fd[i] = xoff;
        let i = self.idx(bmid);
        self.bd[i] = xlim;
        loop {
            if fmin > dmin {
                fmin -= 1;
                let i = self.idx(fmin - 1);
                self.fd[i] = -1;
            } else {
                fmin += 1;
            }
            if fmax < dmax {
                fmax += 1;
                let i = self.idx(fmax + 1);
                self.fd[i] = -1;
            } else {
                fmax -= 1;
            }
            let mut d = fmax;
            while d >= fmin {
                let tlo = self.fd[self.idx(d - 1)];
                let thi = self.fd[self.idx(d + 1)];
                let x0 = if tlo < thi { thi } else { tlo + 1 };
                let (mut x, mut y) = (x0, x0 - d);
                while x < xlim && y < ylim && self.a[x as usize] == self.b[y as usize] {
                    x += 1;
                    y += 1;
                }
                let i = self.idx(d);
                self.fd[i] = x;
                if odd && bmin <= d && d <= bmax && self.bd[self.idx(d)] <= x {
                    return (x as usize, y as usize);
                }
                d -= 2;
            }
            if bmin > dmin {
                bmin -= 1;
                let i = self.idx(bmin - 1);
                self.bd[i] = isize::MAX;
            } else {
                bmin += 1;
            }
            if bmax < dmax {
                bmax += 1;
                let i = self.idx(bmax + 1);
                self.bd[i] = isize::MAX;
            } else {
                bmax -= 1;
            }
            let mut d = bmax;
            while d >= bmin {
                let tlo = self.bd[self.idx(d - 1)];
                let thi = self.bd[self.idx(d + 1)];
                let x0 = if tlo < thi { tlo } else { thi - 1 };
                let (mut x, mut y) = (x0, x0 - d);
                while xoff < x && yoff < y && self.a[(x - 1) as usize] == self.b[(y - 1) as usize] {
                    x -= 1;
                    y -= 1;
                }
                let i = self.idx(d);
                self.bd[i] = x;
                if !odd && fmin <= d && d <= fmax && x <= self.fd[self.idx(d)] {
                    return (x as usize, y as usize);
                }
                d -= 2;
            }
        }
    }
}

/// GNU diff's shift_boundaries for one file: a run of changed lines slides
/// up while the line before it equals its last line, then down while its
/// first line equals the line after it (merging with neighbouring runs),
/// and settles where it lines up with a change in the other file.
fn shift_boundaries(equivs: &[usize], changed: &mut [bool], other: &[bool]) {
    let end = changed.len();
    let ch = |c: &[bool], i: isize| -> bool { i >= 0 && (i as usize) < c.len() && c[i as usize] };
    let (mut i, mut j): (isize, isize) = (0, 0);
    let i_end = end as isize;
    loop {
        while i < i_end && !ch(changed, i) {
            while ch(other, j) {
                j += 1;
            }
            j += 1;
            i += 1;
        }
        if i == i_end {
            break;
        }
        let mut start = i;
        i += 1;
        while ch(changed, i) {
            i += 1;
        }
        while ch(other, j) {
            j += 1;
        }
        let mut corresponding;
        loop {
            let runlength = i - start;
            while start > 0 && equivs[(start - 1) as usize] == equivs[(i - 1) as usize] {
                start -= 1;
                changed[start as usize] = true;
                i -= 1;
                changed[i as usize] = false;
                while ch(changed, start - 1) {
                    start -= 1;
                }
                j -= 1;
                while ch(other, j) {
                    j -= 1;
                }
            }
            corresponding = if ch(other, j - 1) { i } else { i_end };
            while i != i_end && equivs[start as usize] == equivs[i as usize] {
                changed[start as usize] = false;
                start += 1;
                changed[i as usize] = true;
                i += 1;
                while ch(changed, i) {
                    i += 1;
                }
                j += 1;
                while ch(other, j) {
                    j += 1;
                    corresponding = i;
                }
            }
            if runlength == i - start {
                break;
            }
        }
        while corresponding < i {
            start -= 1;
            changed[start as usize] = true;
            i -= 1;
            changed[i as usize] = false;
            j -= 1;
            while ch(other, j) {
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn udiff(a: &str, b: &str) -> String {
        unified(a, b, 3)
    }

    #[test]
    fn one_changed_line_has_three_lines_of_context() {
        let a = "a\nb\nc\nd\ne\nf\ng\n";
        let b = "a\nb\nc\nD\ne\nf\ng\n";
        assert_eq!(
            udiff(a, b),
            "@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n"
        );
    }

    #[test]
    fn far_changes_make_two_hunks_near_ones_one() {
        let a: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let b = a.replace("\n2\n", "\ntwo\n").replace("18\n", "eighteen\n");
        assert_eq!(
            udiff(&a, &b),
            "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n"
        );
        let c = a.replace("\n2\n", "\ntwo\n").replace("\n9\n", "\nnine\n");
        assert_eq!(
            udiff(&a, &c),
            "@@ -1,12 +1,12 @@\n 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n 10\n 11\n 12\n"
        );
    }

    #[test]
    fn a_new_file_is_all_additions() {
        assert_eq!(udiff("", "x\ny\n"), "@@ -0,0 +1,2 @@\n+x\n+y\n");
        assert_eq!(udiff("x\n", ""), "@@ -1 +0,0 @@\n-x\n");
        assert_eq!(udiff("same\n", "same\n"), "");
    }

    #[test]
    fn insertions_of_repeated_lines_shift_down() {
        // GNU diff moves the inserted run as far down as it can go.
        let a = "x\n  a: 1\ny\n";
        let b = "x\n  a: 1\n  a: 1\ny\n";
        assert_eq!(udiff(a, b), "@@ -1,3 +1,4 @@\n x\n   a: 1\n+  a: 1\n y\n");
    }

    #[test]
    fn edit_scripts_keep_the_same_lines_on_both_sides() {
        let mut seed = 11u64;
        let mut r = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut worst: Option<(Vec<usize>, Vec<usize>)> = None;
        for _ in 0..3000 {
            let na = r() % 30;
            let nb = r() % 30;
            let a: Vec<usize> = (0..na).map(|_| r() % 6).collect();
            let b: Vec<usize> = (0..nb).map(|_| r() % 6).collect();
            let sa: Vec<String> = a.iter().map(|x| x.to_string()).collect();
            let sb: Vec<String> = b.iter().map(|x| x.to_string()).collect();
            let ra: Vec<&str> = sa.iter().map(|x| x.as_str()).collect();
            let rb: Vec<&str> = sb.iter().map(|x| x.as_str()).collect();
            let (ca, cb) = body_changes(&ra, &rb);
            let ka: Vec<&str> = ra.iter().zip(&ca).filter(|x| !*x.1).map(|x| *x.0).collect();
            let kb: Vec<&str> = rb.iter().zip(&cb).filter(|x| !*x.1).map(|x| *x.0).collect();
            if ka != kb
                && worst
                    .as_ref()
                    .is_none_or(|w| w.0.len() + w.1.len() > a.len() + b.len())
            {
                worst = Some((a, b));
            }
        }
        assert!(worst.is_none(), "{worst:?}");
    }

    #[test]
    fn unknown_fields_are_found_and_dropped() {
        let msg = "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\", unknown field \"spec.template.spec.containers[0].imagee\"";
        let fields = unknown_fields(msg);
        assert_eq!(
            fields,
            ["spec.replica", "spec.template.spec.containers[0].imagee"]
        );
        let mut d = serde_json::json!({"spec": {"replica": 2, "template": {"spec": {"containers": [{"name": "a", "imagee": "x"}]}}}});
        for f in &fields {
            remove_path(&mut d, f);
        }
        assert_eq!(
            d,
            serde_json::json!({"spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}})
        );
        assert!(unknown_fields("namespaces \"x\" not found").is_empty());
    }

    #[test]
    fn times_print_like_gnu_diff() {
        assert_eq!(file_time(0), "1970-01-01 00:00:00.000000000 +0000");
        assert_eq!(
            file_time(1_767_603_600_123_456_789),
            "2026-01-05 09:00:00.123456789 +0000"
        );
    }
}
