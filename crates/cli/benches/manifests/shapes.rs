//! Manifests at the size limit (issue 8 item 3: no command may block the
//! page for more than 100 ms at the limits), shared by the native bench
//! (`crates/cli/benches/manifests.rs`) and the wasm one
//! (`web/tests/manifest_bench.rs`). Each shape is a source as large as the
//! limits let it be (`manifest::MAX_SOURCE_BYTES`, and
//! `goyaml::MAX_VALUES` keys, values and collections; `-1mib` shapes fill
//! the bytes regardless and show the time to refuse them), created with
//! `kubectl create -f` through the shell (from a file, or pasted as a
//! heredoc line by line as the terminal feeds it); one row per shape.

use cluster::{Cluster, Profile};
use kubectl::{Feed, MemFiles, Shell};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Where figures go, and the clock they are taken with.
pub trait Sink {
    /// Milliseconds since some fixed instant.
    fn now_ms(&self) -> f64;
    /// A row's measured work starts (native: marks the CPU clock).
    fn start(&mut self) {}
    fn row(&mut self, case: &str, ms: f64, note: String);
}

/// Every shape, by the name a filter matches.
pub const SHAPES: [&str; 13] = [
    "cm-block",
    "cm-heredoc",
    "cm-json",
    "cm-json-pretty",
    "cm-tiny",
    "string",
    "flow-list",
    "flow-deep",
    "block-list",
    "json-deep",
    "cm-tiny-1mib",
    "flow-deep-1mib",
    "block-list-1mib",
];

/// The largest source: a heredoc's command must fit as well.
const LIMIT: usize = kubectl::manifest::MAX_SOURCE_BYTES - 64;

/// Appends `item(i)` for i = 0.. while the text stays within `limit`
/// minus `tail` (what will close it) and, unless `bytes_only`, the items'
/// values (`per_item` each) within `goyaml::MAX_VALUES` (less 40 for the
/// object around them).
fn fill(
    out: &mut String,
    (limit, tail): (usize, usize),
    (per_item, bytes_only): (usize, bool),
    mut item: impl FnMut(usize) -> String,
) {
    let mut i = 0;
    loop {
        let s = item(i);
        if out.len() + s.len() + tail > limit
            || (!bytes_only && (i + 1) * per_item > kubectl::goyaml::MAX_VALUES - 40)
        {
            return;
        }
        out.push_str(&s);
        i += 1;
    }
}

const CR_HEAD: &str =
    "apiVersion: apps/v1\nkind: ControllerRevision\nmetadata:\n  name: big\nrevision: 1\n";

/// The source of one shape (its file name, its text).
pub fn source(shape: &str) -> (String, String) {
    let mut s = String::new();
    let bytes_only = shape.ends_with("-1mib");
    let name = match shape.trim_end_matches("-1mib") {
        // A dense ConfigMap, block style: `keyNNNNN: "value-..."` lines.
        "cm-block" | "cm-heredoc" => {
            s.push_str("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n");
            fill(&mut s, (LIMIT, 0), (2, bytes_only), |i| {
                format!("  key{i:05}: \"value-{i:05}-abcdefghijklmnopqrstuvwxyz\"\n")
            });
            "cm.yaml"
        }
        // A ConfigMap of the shortest entries.
        "cm-tiny" => {
            s.push_str("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n");
            fill(&mut s, (LIMIT, 0), (2, bytes_only), |i| {
                format!("  k{i}: v\n")
            });
            "cm.yaml"
        }
        // The same as JSON, minified on one line, and as `-o json` prints.
        "cm-json" | "cm-json-pretty" => {
            let pretty = shape == "cm-json-pretty";
            s.push_str(if pretty {
                "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"ConfigMap\",\n    \"metadata\": {\n        \"name\": \"big\"\n    },\n    \"data\": {\n"
            } else {
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{"
            });
            let tail = if pretty { "\n    }\n}\n" } else { "}}" };
            fill(&mut s, (LIMIT, tail.len() + 2), (2, bytes_only), |i| {
                let sep = if i == 0 { "" } else { "," };
                if pretty {
                    format!(
                        "{sep}\n        \"key{i:05}\": \"value-{i:05}-abcdefghijklmnopqrstuvwxyz\""
                    )
                } else {
                    format!("{sep}\"key{i:05}\":\"value-{i:05}-abcdefghijklmnopqrstuvwxyz\"")
                }
            });
            s.push_str(tail);
            "cm.json"
        }
        // One 1 MiB value.
        "string" => {
            s.push_str("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  big: ");
            let n = LIMIT - s.len() - 1;
            s.extend(std::iter::repeat_n('x', n));
            s.push('\n');
            "cm.yaml"
        }
        // A flow list of small flow maps, one a line.
        "flow-list" => {
            s.push_str(CR_HEAD);
            s.push_str("data:\n  items: [\n");
            fill(&mut s, (LIMIT, 6), (9, bytes_only), |i| {
                format!("    {{name: item{i}, value: \"12345\", tags: [a, b]}},\n")
            });
            s.push_str("  ]\n");
            "cr.yaml"
        }
        // Flow maps eight deep, one nest a line.
        "flow-deep" => {
            s.push_str(CR_HEAD);
            s.push_str("data:\n  items: [\n");
            fill(&mut s, (LIMIT, 6), (17, bytes_only), |i| {
                format!("    {{a: {{b: {{c: {{d: {{e: {{f: {{g: {{h: {i}}}}}}}}}}}}}}}}},\n")
            });
            s.push_str("  ]\n");
            "cr.yaml"
        }
        // A block list of small block maps (how `-o yaml` writes lists).
        "block-list" => {
            s.push_str(CR_HEAD);
            s.push_str("data:\n  items:\n");
            fill(&mut s, (LIMIT, 0), (9, bytes_only), |i| {
                format!("  - name: item{i}\n    value: \"12345\"\n    tags:\n    - a\n    - b\n")
            });
            "cr.yaml"
        }
        // JSON nested 9,000 deep under `data` (kubectl reads 10,000).
        "json-deep" => {
            s.push_str("{\"apiVersion\":\"apps/v1\",\"kind\":\"ControllerRevision\",\"metadata\":{\"name\":\"big\"},\"revision\":1,\"data\":");
            for _ in 0..4500 {
                s.push_str("{\"a\":[");
            }
            s.push('1');
            for _ in 0..4500 {
                s.push_str("]}");
            }
            s.push('}');
            "cr.json"
        }
        _ => "none",
    };
    (name.to_string(), s)
}

fn shell(files: BTreeMap<String, String>) -> Shell {
    Shell::new(
        Cluster::new(Profile::DockerDesktop, 1),
        Box::new(MemFiles { files }),
    )
}

/// Runs the shapes whose name contains one of `filter` (all when empty).
pub fn run_shapes(filter: &[String], sink: &mut dyn Sink) {
    for shape in SHAPES {
        if !filter.is_empty() && !filter.iter().any(|x| shape.contains(x.as_str())) {
            continue;
        }
        let (file, text) = source(shape);
        let bytes = text.len();
        let mut sh;
        let (ms, out, code) = if shape == "cm-heredoc" {
            sh = shell(BTreeMap::new());
            let mut lines = vec!["kubectl create -f - <<EOF".to_string()];
            lines.extend(text.lines().map(str::to_string));
            lines.push("EOF".to_string());
            sink.start();
            let t = sink.now_ms();
            let mut ran = None;
            for l in &lines {
                if let Feed::Ran { output, .. } = sh.feed_line(l) {
                    ran = Some(output);
                }
            }
            let ms = sink.now_ms() - t;
            let out = ran.map(|o| (o.text(), o.exit_code)).unwrap_or_default();
            (ms, out.0, out.1)
        } else {
            let mut files = BTreeMap::new();
            files.insert(file.clone(), text);
            sh = shell(files);
            let line = format!("kubectl create -f {file}");
            sink.start();
            let t = sink.now_ms();
            let o = sh.run(&line);
            (sink.now_ms() - t, o.text(), o.exit_code)
        };
        let mut note = format!("{bytes} bytes; ");
        if code != 0 {
            let _ = write!(note, "FAILED ({code}): ");
        }
        let first: String = out.trim_end().chars().take(120).collect();
        let _ = write!(note, "{first}");
        sink.row(shape, ms, note);
    }
}
