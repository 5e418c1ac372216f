//! `kubectl get -w`: after the first table, each change to a watched
//! object prints its row again, aligned with the columns printed so far
//! (kubectl's tabwriter remembers column widths between flushes; a wider
//! cell widens its column from then on). Deleted objects print their last
//! row.
//!
//! A watch lives in the shell until the next command that is not `sleep`
//! (in a terminal, Ctrl+C: [`crate::Shell::cancel_watch`]). `sleep` moves
//! the clock to each instant the engine has work due and prints the rows
//! that changed, so a script reads like a terminal left watching; a UI
//! that drives the clock itself calls [`crate::Shell::poll_watch`].
//!
//! With `-o name|yaml|json|jsonpath=|jsonpath-as-json=|go-template=` each
//! event's object goes through the printer on its own, as kubectl prints
//! them.

use crate::engine::{self, Selector};
use crate::printers::{self, TableOpts};
use cluster::{Cluster, ResourceType};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchFormat {
    Table,
    Name,
    Yaml,
    Json,
    /// `-o jsonpath=...`: each event's object through the template.
    JsonPath(String),
    /// `-o jsonpath-as-json=...`.
    JsonPathAsJson(String),
    /// `-o go-template=...` (`template`, `--template`); `strict`:
    /// `--allow-missing-template-keys=false`.
    GoTemplate {
        text: String,
        strict: bool,
    },
}

#[derive(Debug)]
pub struct Watch {
    pub rt: &'static ResourceType,
    /// `None`: all namespaces.
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub selector: Selector,
    pub opts: TableOpts,
    pub format: WatchFormat,
    /// Remembered column widths (cell width plus padding).
    pub widths: Vec<usize>,
    /// (namespace, name) -> (resourceVersion, last object seen).
    pub seen: BTreeMap<(String, String), (String, Value)>,
    /// Print `ADDED`/`MODIFIED`/`DELETED` before each row
    /// (`--output-watch-events`).
    pub events: bool,
    /// The table's header, when the first listing printed no rows (kubectl
    /// prints no header for an empty table): it comes with the first row.
    pub pending_header: Option<Vec<String>>,
}

/// A metav1.WatchEvent as kubectl prints it with `--output-watch-events`.
pub fn watch_event(event: &str, object: Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("object".into(), object);
    m.insert("type".into(), Value::String(event.to_string()));
    Value::Object(m)
}

fn key(o: &Value) -> (String, String) {
    (
        crate::util::namespace(o).to_string(),
        crate::util::name(o).to_string(),
    )
}

fn rv(o: &Value) -> String {
    crate::util::s(o, "/metadata/resourceVersion").to_string()
}

impl Watch {
    /// The objects the watch covers, now.
    pub fn current(&self, c: &Cluster) -> Vec<Value> {
        engine::list(c, self.rt, self.namespace.as_deref())
            .into_iter()
            .filter(|o| self.selector.matches(o))
            .filter(|o| {
                self.name
                    .as_deref()
                    .is_none_or(|n| crate::util::name(o) == n)
            })
            .collect()
    }

    /// Remembers the objects already printed.
    pub fn remember(&mut self, objs: &[Value]) {
        for o in objs {
            self.seen.insert(key(o), (rv(o), o.clone()));
        }
    }

    /// Widens remembered columns to fit `rows` (used for the first table).
    pub fn fit(&mut self, rows: &[Vec<String>]) {
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                let w = (cell.chars().count() + 3).max(6);
                if i >= self.widths.len() {
                    self.widths.push(w);
                } else if self.widths[i] < w {
                    self.widths[i] = w;
                }
            }
        }
    }

    fn row_text(&mut self, obj: &Value, now: cluster::Time, event: &str) -> String {
        let format = self.format.clone();
        // A template sees the object, or with --output-watch-events the
        // WatchEvent around it.
        let doc = || {
            let o = crate::kubectl::for_output(obj);
            if self.events {
                watch_event(event, o)
            } else {
                o
            }
        };
        match &format {
            // kubectl's printers run once per event, adding nothing: the
            // template decides the line breaks.
            WatchFormat::JsonPath(t) => crate::jsonpath::render(t, &doc()).unwrap_or_default(),
            WatchFormat::JsonPathAsJson(t) => {
                crate::jsonpath::render_as_json(t, &doc()).unwrap_or_default()
            }
            WatchFormat::GoTemplate { text, strict } => match crate::gotemplate::parse(text) {
                Ok(tmpl) => match tmpl.execute(&doc(), *strict) {
                    Ok(out) => out,
                    Err((partial, _)) => partial,
                },
                Err(_) => String::new(),
            },
            WatchFormat::Name => format!(
                "{}/{}\n",
                self.rt.qualified_kind_lower(),
                crate::util::name(obj)
            ),
            WatchFormat::Yaml => format!(
                "---\n{}",
                crate::yaml::to_yaml(&crate::kubectl::for_output(obj))
            ),
            WatchFormat::Json => crate::yaml::to_json(&crate::kubectl::for_output(obj)),
            WatchFormat::Table => {
                let (_, mut rows) = printers::table(
                    self.rt.plural,
                    &self.rt.qualified_kind_lower(),
                    &[obj],
                    &self.opts,
                    now,
                );
                let mut row = rows.pop().unwrap_or_default();
                if self.events {
                    row.insert(0, event.to_string());
                }
                let mut lines = Vec::new();
                if let Some(h) = self.pending_header.take() {
                    lines.push(h);
                }
                lines.push(row);
                self.fit(&lines);
                let mut out = String::new();
                for row in &lines {
                    let n = row.len();
                    for (i, cell) in row.iter().enumerate() {
                        out.push_str(cell);
                        if i + 1 < n {
                            for _ in cell.chars().count()..self.widths.get(i).copied().unwrap_or(0)
                            {
                                out.push(' ');
                            }
                        }
                    }
                    out.push('\n');
                }
                out
            }
        }
    }

    /// Rows for everything that changed since the last poll.
    pub fn poll(&mut self, c: &Cluster) -> String {
        let now = c.now();
        let cur = self.current(c);
        let mut out = String::new();
        let mut present: Vec<(String, String)> = Vec::new();
        for o in &cur {
            let k = key(o);
            present.push(k.clone());
            let event = match self.seen.get(&k) {
                Some((v, _)) if *v == rv(o) => continue,
                Some(_) => "MODIFIED",
                None => "ADDED",
            };
            out.push_str(&self.row_text(o, now, event));
            self.seen.insert(k, (rv(o), o.clone()));
        }
        let gone: Vec<(String, String)> = self
            .seen
            .keys()
            .filter(|k| !present.contains(k))
            .cloned()
            .collect();
        for k in gone {
            if let Some((_, last)) = self.seen.remove(&k) {
                out.push_str(&self.row_text(&last, now, "DELETED"));
            }
        }
        out
    }
}

/// `kubectl logs -f`: prints the lines a container writes after the ones
/// already shown.
#[derive(Debug)]
pub struct LogFollow {
    pub namespace: String,
    pub pod: String,
    pub container: Option<String>,
    pub printed: usize,
    pub timestamps: bool,
}

impl LogFollow {
    pub fn poll(&mut self, c: &Cluster) -> String {
        let Ok(logs) = engine::logs(c, &self.namespace, &self.pod, self.container.as_deref())
        else {
            return String::new();
        };
        if logs.lines.len() <= self.printed {
            return String::new();
        }
        let mut lines = crate::kubectl::exec::stamped(&logs.lines);
        lines.drain(..self.printed);
        self.printed += lines.len();
        crate::kubectl::exec::lines_text(&lines, self.timestamps)
    }
}

/// What keeps printing while the clock moves: `get -w` or `logs -f`.
#[derive(Debug)]
pub enum Live {
    Get(Watch),
    Logs(LogFollow),
    /// `kubectl port-forward` in the foreground: its local ports.
    PortForward(Vec<u16>),
}

impl Live {
    pub fn poll(&mut self, c: &Cluster) -> String {
        match self {
            Live::Get(w) => w.poll(c),
            Live::Logs(f) => f.poll(c),
            Live::PortForward(_) => String::new(),
        }
    }
}

/// `sleep` while a watch is open: the clock moves to each instant the
/// engine has something due (and to the end), printing changed rows.
pub fn sleep_watching(c: &mut Cluster, w: &mut Live, ms: i64) -> String {
    let end = c.now().plus_ms(ms);
    let mut out = String::new();
    let mut steps = 0;
    loop {
        let now = c.now();
        steps += 1;
        match c.next_due() {
            Some(t) if t < end && steps < 100_000 => c.advance((t.0 - now.0).max(1)),
            _ => {
                c.advance((end.0 - now.0).max(0));
                out.push_str(&w.poll(c));
                return out;
            }
        }
        out.push_str(&w.poll(c));
    }
}
