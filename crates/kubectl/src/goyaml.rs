//! YAML read as kubectl reads it: go-yaml v2 (through sigs.k8s.io/yaml).
//!
//! go-yaml is a port of libyaml, so the events and syntax errors come from
//! libyaml itself (the `unsafe-libyaml` translation, the only unsafe code
//! here, behind [`events`]); on top of it this module keeps go-yaml v2's
//! own rules:
//!
//! - error positions as go-yaml's `parser.fail` words them (`yaml: line N:
//!   problem`, the line of the problem, or of its context, or none);
//! - its limits: nesting deeper than 10000 (`exceeded max depth of 10000`),
//!   and the alias expansion ratio (`document contains excessive aliasing`);
//!   flow collections have a lower limit of kubeplay's own, as libyaml's
//!   scanner is quadratic in them where go-yaml's is not
//!   ([`MAX_FLOW_DEPTH`], [`MAX_FLOW_WORK`]);
//! - YAML 1.1 resolution (`yes`/`on`/`y` are booleans, `017` is octal,
//!   timestamps stay strings), later duplicate keys win, `<<` merges;
//! - sigs.k8s.io/yaml's conversion of keys to strings and its errors.
//!
//! Everything is iterative or bounded: the tree is an arena of nodes, and
//! the JSON built from it stops at [`MAX_VALUE_DEPTH`] (see there).

use serde_json::{Map, Number, Value};

/// go-yaml's `max_flow_level` and `max_indents`.
pub const MAX_DEPTH: usize = 10000;

/// How deep kubeplay nests flow collections (`[`, `{`), below go-yaml's
/// [`MAX_DEPTH`], with [`MAX_FLOW_WORK`] (see there for why).
pub const MAX_FLOW_DEPTH: usize = 1000;

/// How much scanning work flow collections may cost, counted as the open
/// flow collections at each parser event.
///
/// libyaml's scanner keeps one "possible simple key" per open flow
/// collection and walks all of those still possible (opened on the
/// current line, less than 1024 characters back) at every token; go-yaml
/// v2.4 indexes them by token number instead. Through libyaml, 10000
/// nested `[` took 0.46 s and a 1 MiB paste of 1000-deep flow nests
/// seconds, where go-yaml takes milliseconds. So kubeplay refuses flow
/// collections nested deeper than [`MAX_FLOW_DEPTH`] (no manifest needs
/// more than a few dozen levels; the API server would reject them
/// anyway), and documents whose nests add up to more than about four
/// 1000-deep ones: reading any document then stays within tens of ms
/// natively (BENCHMARKS.md, "Input limits").
pub const MAX_FLOW_WORK: u64 = 4_000_000;

/// How deep the JSON value built from a document goes. go-yaml accepts
/// 10000 levels and the API server then rejects whatever sits deeper than
/// the kind's schema (no built-in kind is nested more than a few dozen
/// levels; their errors name the first field where the type is wrong).
/// Deeper collections are kept as empty ones of the same type, so the
/// server's answer is the same and nothing downstream recurses 10000 deep.
pub const MAX_VALUE_DEPTH: usize = 100;

/// How many values (scalars, collections, aliases) kubeplay reads from
/// one manifest source, all its documents together: converting and
/// creating costs about a microsecond per value in the browser, so this
/// keeps any manifest within 100 ms there (BENCHMARKS.md, "Input limits").
/// Real manifests hold far fewer: a 1 MiB ConfigMap of 50-byte lines has
/// 41,000; ingress-nginx's deploy.yaml 3,000.
pub const MAX_VALUES: usize = 60_000;

/// The error past [`MAX_VALUES`].
pub fn too_many_values() -> String {
    format!("too many values for kubeplay to read: a manifest may hold at most {MAX_VALUES} (keys, values and collections)")
}

#[derive(Debug)]
enum Kind {
    Scalar {
        value: String,
        /// go-yaml's `implicit`: a plain scalar (resolved by its text).
        implicit: bool,
        tag: String,
    },
    Seq(Vec<usize>),
    /// Keys and values alternating.
    Map(Vec<usize>),
    Alias {
        target: usize,
        name: String,
    },
}

/// The first document of a YAML text as go-yaml's parser composes it.
#[derive(Debug)]
pub struct Tree {
    nodes: Vec<Kind>,
    root: Option<usize>,
    /// Whether an alias or a `<<` key occurs (else every node is one JSON
    /// value, met once), and the deepest nesting of collections.
    shared: bool,
    deepest: usize,
    /// Set while converting a tree whose nodes are met once: their strings
    /// and lists are moved into the JSON instead of copied.
    owned: bool,
}

/// One parser event with what the composer needs.
enum Event {
    DocumentEnd,
    StreamEnd,
    Other,
    Alias(String),
    Scalar {
        anchor: Option<String>,
        tag: String,
        value: String,
        implicit: bool,
    },
    Start {
        anchor: Option<String>,
        map: bool,
        flow: bool,
        line: usize,
        column: usize,
    },
    End,
}

mod events {
    //! The libyaml event parser behind a safe iterator.
    use super::Event;
    use std::ffi::CStr;
    use std::mem::MaybeUninit;
    use unsafe_libyaml as unsafe_y;

    pub struct Parser<'a> {
        raw: Box<MaybeUninit<unsafe_y::yaml_parser_t>>,
        _input: &'a [u8],
        done: bool,
        /// The line (from 0) of the last event.
        pub line: usize,
    }

    /// A C string owned by libyaml, copied (lossily; the reader has
    /// already checked the input is UTF-8).
    ///
    /// # Safety
    /// `p` is null or points at a NUL-terminated string.
    unsafe fn text(p: *const u8) -> Option<String> {
        if p.is_null() {
            None
        } else {
            Some(CStr::from_ptr(p.cast()).to_string_lossy().into_owned())
        }
    }

    impl<'a> Parser<'a> {
        pub fn new(input: &'a [u8]) -> Parser<'a> {
            let mut raw = Box::new(MaybeUninit::<unsafe_y::yaml_parser_t>::uninit());
            // SAFETY: initialize writes the whole struct (it only fails when
            // allocation fails, which aborts in Rust anyway); the input slice
            // outlives the parser (lifetime 'a), and libyaml only reads it.
            unsafe {
                let p = raw.as_mut_ptr();
                if unsafe_y::yaml_parser_initialize(p).fail {
                    std::process::abort();
                }
                unsafe_y::yaml_parser_set_encoding(p, unsafe_y::YAML_UTF8_ENCODING);
                unsafe_y::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as u64);
            }
            Parser {
                raw,
                _input: input,
                done: false,
                line: 0,
            }
        }

        /// The next event, or go-yaml's error text.
        pub fn next_event(&mut self) -> Result<Event, String> {
            if self.done {
                return Ok(Event::StreamEnd);
            }
            let p = self.raw.as_mut_ptr();
            let mut ev = MaybeUninit::<unsafe_y::yaml_event_t>::uninit();
            // SAFETY: the parser was initialized in `new`; on success the
            // event is initialized and deleted below, after its strings were
            // copied; the union field read matches the event type.
            unsafe {
                if unsafe_y::yaml_parser_parse(p, ev.as_mut_ptr()).fail {
                    self.done = true;
                    return Err(error_text(&*p));
                }
                let e = ev.as_mut_ptr();
                let line = (*e).start_mark.line as usize;
                self.line = line;
                let column = (*e).start_mark.column as usize;
                let out = match (*e).type_ {
                    unsafe_y::YAML_STREAM_END_EVENT => {
                        self.done = true;
                        Event::StreamEnd
                    }
                    unsafe_y::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
                    unsafe_y::YAML_ALIAS_EVENT => {
                        Event::Alias(text((*e).data.alias.anchor).unwrap_or_default())
                    }
                    unsafe_y::YAML_SCALAR_EVENT => {
                        let s = (*e).data.scalar;
                        let bytes = if s.value.is_null() {
                            &[][..]
                        } else {
                            std::slice::from_raw_parts(s.value, s.length as usize)
                        };
                        Event::Scalar {
                            anchor: text(s.anchor),
                            tag: text(s.tag).unwrap_or_default(),
                            value: String::from_utf8_lossy(bytes).into_owned(),
                            implicit: s.plain_implicit,
                        }
                    }
                    unsafe_y::YAML_SEQUENCE_START_EVENT => {
                        let s = (*e).data.sequence_start;
                        Event::Start {
                            anchor: text(s.anchor),
                            map: false,
                            flow: s.style == unsafe_y::YAML_FLOW_SEQUENCE_STYLE,
                            line,
                            column,
                        }
                    }
                    unsafe_y::YAML_MAPPING_START_EVENT => {
                        let s = (*e).data.mapping_start;
                        Event::Start {
                            anchor: text(s.anchor),
                            map: true,
                            flow: s.style == unsafe_y::YAML_FLOW_MAPPING_STYLE,
                            line,
                            column,
                        }
                    }
                    unsafe_y::YAML_SEQUENCE_END_EVENT | unsafe_y::YAML_MAPPING_END_EVENT => {
                        Event::End
                    }
                    _ => Event::Other,
                };
                unsafe_y::yaml_event_delete(e);
                Ok(out)
            }
        }
    }

    /// go-yaml's `parser.fail`: the problem's line (scanner errors count
    /// from 1, parser errors from 0, as go-yaml does), else the context's,
    /// else none.
    fn error_text(p: &unsafe_y::yaml_parser_t) -> String {
        // SAFETY: problem is null or a static C string set by libyaml.
        let problem = unsafe { text(p.problem.cast()) }
            .unwrap_or_else(|| "unknown problem parsing YAML content".to_string());
        let line = if p.problem_mark.line != 0 {
            p.problem_mark.line + u64::from(p.error == unsafe_y::YAML_SCANNER_ERROR)
        } else {
            p.context_mark.line
        };
        super::with_line(line as usize, &problem)
    }

    impl Drop for Parser<'_> {
        fn drop(&mut self) {
            // SAFETY: initialized in `new`, deleted once.
            unsafe { unsafe_y::yaml_parser_delete(self.raw.as_mut_ptr()) }
        }
    }
}

fn with_line(line: usize, problem: &str) -> String {
    if line == 0 {
        format!("yaml: {problem}")
    } else {
        format!("yaml: line {line}: {problem}")
    }
}

/// Parses the first document of `doc` (kubectl has already split the stream
/// at `---` lines).
pub fn parse(doc: &str) -> Result<Tree, String> {
    parse_counted(doc, &mut MAX_VALUES.clone())
}

/// [`parse`], counting the document's values (scalars, collections,
/// aliases) down from `left`, which a manifest source shares over its
/// documents ([`MAX_VALUES`]).
pub fn parse_counted(doc: &str, left: &mut usize) -> Result<Tree, String> {
    let mut parser = events::Parser::new(doc.as_bytes());
    let mut nodes: Vec<Kind> = Vec::new();
    let mut root = None;
    let mut open: Vec<Open> = Vec::new();
    let (mut flow, mut block) = (0usize, 0usize);
    let mut anchors: std::collections::BTreeMap<String, usize> = Default::default();
    let (mut work, mut flow_line) = (0u64, 0usize);
    let (mut shared, mut deepest) = (false, 0usize);
    loop {
        let ev = parser.next_event()?;
        work += flow as u64;
        if work > MAX_FLOW_WORK {
            return Err(with_line(
                flow_line + 1,
                "too many deeply nested [ ] and { } collections for kubeplay to read",
            ));
        }
        if matches!(
            ev,
            Event::Alias(_) | Event::Scalar { .. } | Event::Start { .. }
        ) {
            if *left == 0 {
                return Err(with_line(parser.line + 1, &too_many_values()));
            }
            *left -= 1;
        }
        let node = match ev {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Other => continue,
            Event::End => {
                match open.pop().map(|o| o.level) {
                    Some(Level::Flow) => flow = flow.saturating_sub(1),
                    Some(Level::Block) => block = block.saturating_sub(1),
                    Some(Level::Indentless) | None => {}
                }
                continue;
            }
            Event::Alias(name) => match anchors.get(&name) {
                Some(&target) => {
                    shared = true;
                    nodes.push(Kind::Alias { target, name });
                    nodes.len() - 1
                }
                None => return Err(format!("yaml: unknown anchor '{name}' referenced")),
            },
            Event::Scalar {
                anchor,
                tag,
                value,
                implicit,
            } => {
                shared |= value == "<<";
                nodes.push(Kind::Scalar {
                    value,
                    implicit,
                    tag,
                });
                let n = nodes.len() - 1;
                if let Some(a) = anchor {
                    anchors.insert(a, n);
                }
                n
            }
            Event::Start {
                anchor,
                map,
                flow: is_flow,
                line,
                column,
            } => {
                // A block sequence at its parent mapping's column (`a:\n- x`)
                // pushes no indentation level in the scanner, where go-yaml
                // counts depth.
                let indentless = !is_flow
                    && !map
                    && open
                        .last()
                        .is_some_and(|o| o.level == Level::Block && o.map && o.column == column);
                let level = if is_flow {
                    flow_line = line;
                    flow += 1;
                    Level::Flow
                } else if indentless {
                    Level::Indentless
                } else {
                    block += 1;
                    Level::Block
                };
                if flow.max(block) > MAX_DEPTH {
                    // A scanner error at the opening token.
                    let line = if line == 0 { 0 } else { line + 1 };
                    return Err(with_line(
                        line,
                        &format!("exceeded max depth of {MAX_DEPTH}"),
                    ));
                }
                if is_flow && flow > MAX_FLOW_DEPTH {
                    return Err(with_line(
                        line + 1,
                        &format!(
                            "exceeded kubeplay's max depth of {MAX_FLOW_DEPTH} for [ ] and {{ }} (go-yaml's is {MAX_DEPTH})"
                        ),
                    ));
                }
                nodes.push(if map {
                    Kind::Map(Vec::new())
                } else {
                    Kind::Seq(Vec::new())
                });
                let n = nodes.len() - 1;
                if let Some(a) = anchor {
                    anchors.insert(a, n);
                }
                attach(&mut nodes, &open, &mut root, n);
                open.push(Open {
                    node: n,
                    level,
                    map,
                    column,
                });
                deepest = deepest.max(open.len());
                continue;
            }
        };
        attach(&mut nodes, &open, &mut root, node);
    }
    Ok(Tree {
        nodes,
        root,
        shared,
        deepest,
        owned: false,
    })
}

/// How an open collection counts towards go-yaml's depth.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Flow,
    Block,
    /// A block sequence that pushed no indentation level.
    Indentless,
}

/// A collection being composed.
struct Open {
    node: usize,
    level: Level,
    map: bool,
    column: usize,
}

fn attach(nodes: &mut [Kind], open: &[Open], root: &mut Option<usize>, n: usize) {
    match open.last().map(|o| o.node) {
        Some(parent) => match nodes.get_mut(parent) {
            Some(Kind::Seq(items)) | Some(Kind::Map(items)) => items.push(n),
            _ => {}
        },
        None => {
            if root.is_none() {
                *root = Some(n);
            }
        }
    }
}

const TAG_STR: &str = "tag:yaml.org,2002:str";
const TAG_INT: &str = "tag:yaml.org,2002:int";
const TAG_FLOAT: &str = "tag:yaml.org,2002:float";
const TAG_BOOL: &str = "tag:yaml.org,2002:bool";
const TAG_NULL: &str = "tag:yaml.org,2002:null";
const TAG_TIMESTAMP: &str = "tag:yaml.org,2002:timestamp";
const TAG_BINARY: &str = "tag:yaml.org,2002:binary";
const TAG_MERGE: &str = "tag:yaml.org,2002:merge";

/// A resolved scalar, as go-yaml v2 decodes it into `interface{}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(t) => format!("!!{t}"),
        None => tag.to_string(),
    }
}

fn tag_of(s: &Scalar) -> &'static str {
    match s {
        Scalar::Null => TAG_NULL,
        Scalar::Bool(_) => TAG_BOOL,
        Scalar::Int(_) | Scalar::Uint(_) => TAG_INT,
        Scalar::Float(_) => TAG_FLOAT,
        Scalar::Str(_) => TAG_STR,
    }
}

/// go-yaml v2's `resolve` for a plain scalar (or one with a standard tag).
pub fn resolve(tag: &str, text: &str) -> Result<Scalar, String> {
    Ok(resolve_tagged(tag, text)?.unwrap_or_else(|| Scalar::Str(text.to_string())))
}

/// [`resolve`], with `None` for a string (the caller has the text).
fn resolve_tagged(tag: &str, text: &str) -> Result<Option<Scalar>, String> {
    if tag.is_empty() {
        // A plain scalar: most of them.
        return Ok(resolve_plain(tag, text));
    }
    let resolvable = matches!(
        tag,
        "" | TAG_STR | TAG_BOOL | TAG_INT | TAG_FLOAT | TAG_TIMESTAMP
    );
    if !resolvable {
        return Ok(None);
    }
    let Some(out) = resolve_plain(tag, text) else {
        return match tag {
            "" | TAG_STR | TAG_TIMESTAMP => Ok(None),
            _ => Err(cannot_decode(TAG_STR, text, tag)),
        };
    };
    if tag.is_empty() || tag == TAG_TIMESTAMP || tag_of(&out) == tag {
        return Ok(Some(out));
    }
    if tag == TAG_FLOAT {
        match out {
            Scalar::Int(i) => return Ok(Some(Scalar::Float(i as f64))),
            Scalar::Uint(u) => return Ok(Some(Scalar::Float(u as f64))),
            _ => {}
        }
    }
    Err(cannot_decode(tag_of(&out), text, tag))
}

fn cannot_decode(found: &str, text: &str, tag: &str) -> String {
    format!(
        "yaml: cannot decode {} `{text}` as a {}",
        short_tag(found),
        short_tag(tag)
    )
}

/// go-yaml's resolution of a plain scalar; `None` for a string.
fn resolve_plain(tag: &str, text: &str) -> Option<Scalar> {
    let hint = match text.bytes().next() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 || tag == TAG_STR || tag == TAG_BINARY {
        return None;
    }
    if text.is_empty() {
        return Some(Scalar::Null);
    }
    // The special words are at most 5 bytes: most keys and values skip
    // comparing against each of them.
    let special = if text.len() <= 5 { text } else { "" };
    match special {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Some(Scalar::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Some(Scalar::Bool(false))
        }
        "~" | "null" | "Null" | "NULL" => return Some(Scalar::Null),
        ".nan" | ".NaN" | ".NAN" => return Some(Scalar::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Scalar::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Scalar::Float(f64::NEG_INFINITY)),
        _ => {}
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float(text) {
                return Some(Scalar::Float(f));
            }
        }
        b'D' | b'S' => {
            // Most numbers are plain decimals: no copy, no prefix checks.
            let b = text.as_bytes();
            if b.len() < 19
                && (b == b"0" || b.first() != Some(&b'0'))
                && b.iter().all(u8::is_ascii_digit)
            {
                return text.parse().ok().map(Scalar::Int);
            }
            let plain = text.replace('_', "");
            if let Some(i) = go_parse_int(&plain) {
                if let Ok(i) = i64::try_from(i) {
                    return Some(Scalar::Int(i));
                }
                if let Ok(u) = u64::try_from(i) {
                    if !plain.starts_with(['+', '-']) {
                        return Some(Scalar::Uint(u));
                    }
                }
            }
            if yaml_style_float(&plain) {
                if let Some(f) = go_parse_float(&plain) {
                    return Some(Scalar::Float(f));
                }
            }
        }
        _ => {}
    }
    None
}

/// Go's `strconv.ParseInt(s, 0, 64)` digits (sign, `0x`/`0o`/`0b`/`0`
/// prefixes), as a wide integer; the caller checks the range.
fn go_parse_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || digits.len() > 70 || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    if v > i128::from(u64::MAX) {
        return None;
    }
    Some(if neg { -v } else { v })
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms YAML produces
/// (a value out of range is an error there too).
fn go_parse_float(s: &str) -> Option<f64> {
    if !s
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// go-yaml v2's alias ratio: how much of a document may come from aliases.
fn allowed_alias_ratio(decodes: u64) -> f64 {
    const LOW: u64 = 400_000;
    const HIGH: u64 = 4_000_000;
    if decodes <= LOW {
        0.99
    } else if decodes >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((decodes - LOW) as f64 / (HIGH - LOW) as f64)
    }
}

const WANT_MAP: &str = "yaml: map merge requires map or sequence of maps as the value";

impl Tree {
    fn node(&self, n: usize) -> Option<&Kind> {
        self.nodes.get(n)
    }

    /// Follows an alias to its node.
    fn deref(&self, n: usize) -> usize {
        match self.node(n) {
            Some(Kind::Alias { target, .. }) => *target,
            _ => n,
        }
    }

    fn is_merge_key(&self, n: usize) -> bool {
        matches!(self.node(n), Some(Kind::Scalar { value, implicit, tag })
            if value == "<<" && (*implicit || tag == TAG_MERGE))
    }

    /// go-yaml's decoder walk, without building anything: the alias
    /// expansion counters (`document contains excessive aliasing`), aliases
    /// inside their own anchor and merge values that are not maps, in the
    /// order go-yaml meets them. Iterative: aliases can nest deep.
    fn check(&self, root: usize) -> Result<(), String> {
        enum Task {
            Visit(usize),
            Merge(usize),
            Leave(usize),
        }
        let (mut decodes, mut aliased, mut alias_depth) = (1u64, 0u64, 0u64);
        let mut active = vec![false; self.nodes.len()];
        let mut stack = vec![Task::Visit(root)];
        while let Some(task) = stack.pop() {
            let n = match task {
                Task::Leave(a) => {
                    if let Some(x) = active.get_mut(a) {
                        *x = false;
                    }
                    alias_depth = alias_depth.saturating_sub(1);
                    continue;
                }
                Task::Merge(v) => {
                    match self.node(v) {
                        Some(Kind::Map(_)) => stack.push(Task::Visit(v)),
                        Some(Kind::Alias { target, .. }) => {
                            if !matches!(self.node(*target), Some(Kind::Map(_))) {
                                return Err(WANT_MAP.to_string());
                            }
                            stack.push(Task::Visit(v));
                        }
                        Some(Kind::Seq(items)) => {
                            for &i in items.iter() {
                                if !matches!(self.node(self.deref(i)), Some(Kind::Map(_))) {
                                    return Err(WANT_MAP.to_string());
                                }
                            }
                            // go-yaml merges the last one first.
                            for &i in items.iter() {
                                stack.push(Task::Visit(i));
                            }
                        }
                        _ => return Err(WANT_MAP.to_string()),
                    }
                    continue;
                }
                Task::Visit(n) => n,
            };
            decodes += 1;
            if alias_depth > 0 {
                aliased += 1;
            }
            if aliased > 100
                && decodes > 1000
                && aliased as f64 / decodes as f64 > allowed_alias_ratio(decodes)
            {
                return Err("yaml: document contains excessive aliasing".to_string());
            }
            match self.node(n) {
                Some(Kind::Alias { target, name }) => {
                    if active.get(n).copied().unwrap_or(false) {
                        return Err(format!("yaml: anchor '{name}' value contains itself"));
                    }
                    if let Some(x) = active.get_mut(n) {
                        *x = true;
                    }
                    alias_depth += 1;
                    stack.push(Task::Leave(n));
                    stack.push(Task::Visit(*target));
                }
                Some(Kind::Seq(items)) => {
                    stack.extend(items.iter().rev().map(|&i| Task::Visit(i)));
                }
                Some(Kind::Map(items)) => {
                    for pair in items.chunks(2).rev() {
                        if let [k, v] = *pair {
                            if self.is_merge_key(k) {
                                stack.push(Task::Merge(v));
                            } else {
                                stack.push(Task::Visit(v));
                                stack.push(Task::Visit(k));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The document as sigs.k8s.io/yaml's `YAMLToJSON` gives it (`null` for
    /// an empty document).
    pub fn to_json(mut self) -> Result<Value, String> {
        let Some(root) = self.root else {
            return Ok(Value::Null);
        };
        if !self.shared && self.deepest <= MAX_DEPTH {
            // Nothing to check, no JSON deeper than the YAML: convert by
            // moving the strings instead of copying them.
            self.owned = true;
            return self.value(root, 0);
        }
        self.check(root)?;
        let value = self.value(root, 0)?;
        // sigs.k8s.io/yaml then decodes the JSON text it made with
        // encoding/json, whose scanner refuses nesting deeper than
        // `maxNestingDepth` at the opening bracket that goes past it (go-yaml
        // counts flow levels and indents apart, and not a sequence at its
        // key's column, so its own limit lets some through).
        if let Some(open) = self.too_deep_for_json(root) {
            return Err(format!(
                "error unmarshaling JSON: while decoding JSON: invalid character '{open}' exceeded max depth"
            ));
        }
        Ok(value)
    }

    /// How deep each node's JSON nests (0 for a scalar; aliases and
    /// merges followed), for the nodes reachable from `root`. Iterative:
    /// `check` has refused aliases inside their own anchor.
    fn json_depths(&self, root: usize) -> Vec<usize> {
        let mut memo: Vec<Option<usize>> = vec![None; self.nodes.len()];
        let mut stack = vec![(self.deref(root), false)];
        while let Some((n, ready)) = stack.pop() {
            if memo.get(n).copied().flatten().is_some() {
                continue;
            }
            let parts = self.json_parts(n);
            if ready {
                let mut deepest = 0;
                for (c, merged) in parts {
                    let d = memo.get(c).copied().flatten().unwrap_or(0);
                    deepest = deepest.max(if merged { d.saturating_sub(1) } else { d });
                }
                let own = match self.node(n) {
                    Some(Kind::Seq(_) | Kind::Map(_)) => 1 + deepest,
                    _ => 0,
                };
                if let Some(m) = memo.get_mut(n) {
                    *m = Some(own);
                }
            } else {
                stack.push((n, true));
                for (c, _) in parts {
                    if memo.get(c).copied().flatten().is_none() {
                        stack.push((c, false));
                    }
                }
            }
        }
        memo.into_iter().map(Option::unwrap_or_default).collect()
    }

    /// The nodes a collection's JSON holds (aliases followed), each with
    /// whether it is a map merged in by `<<` (whose entries, not itself,
    /// are inside).
    fn json_parts(&self, n: usize) -> Vec<(usize, bool)> {
        match self.node(n) {
            Some(Kind::Seq(items)) => items.iter().map(|&i| (self.deref(i), false)).collect(),
            Some(Kind::Map(items)) => {
                let mut out = Vec::new();
                for pair in items.chunks(2) {
                    let [k, v] = *pair else { continue };
                    if !self.is_merge_key(k) {
                        out.push((self.deref(v), false));
                        continue;
                    }
                    match self.node(v) {
                        Some(Kind::Seq(list)) => {
                            out.extend(list.iter().map(|&i| (self.deref(i), true)))
                        }
                        _ => out.push((self.deref(v), true)),
                    }
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// A mapping's entries as its JSON object has them: merges and later
    /// keys applied as [`Tree::fill`] applies them, in key order (Go's
    /// encoding/json writes map keys sorted).
    fn json_entries(
        &mut self,
        n: usize,
        out: &mut std::collections::BTreeMap<String, usize>,
        hops: usize,
    ) {
        if !matches!(self.node(n), Some(Kind::Map(_))) || hops > MAX_VALUE_DEPTH {
            return;
        }
        let items = self.items(n);
        for pair in items.chunks(2) {
            let [k, v] = *pair else { continue };
            if self.is_merge_key(k) {
                match self.node(v) {
                    Some(Kind::Seq(_)) => {
                        for i in self.items(v).into_iter().rev() {
                            self.json_entries(self.deref(i), out, hops + 1);
                        }
                    }
                    _ => self.json_entries(self.deref(v), out, hops + 1),
                }
                continue;
            }
            if let Ok(key) = self.key(k, v, 0) {
                out.insert(key, self.deref(v));
            }
        }
    }

    /// The opening bracket at which encoding/json's scanner, reading the
    /// document's JSON text, goes past [`MAX_DEPTH`] levels, if it does.
    fn too_deep_for_json(&mut self, root: usize) -> Option<char> {
        // A path down the JSON meets each collection at most once (aliases
        // make no cycles), so a document of fewer collections is shallow.
        let collections = self
            .nodes
            .iter()
            .filter(|k| matches!(k, Kind::Seq(_) | Kind::Map(_)))
            .count();
        if collections <= MAX_DEPTH {
            return None;
        }
        let depths = self.json_depths(root);
        let depth_of = |n: usize| depths.get(n).copied().unwrap_or(0);
        let mut cur = self.deref(root);
        if depth_of(cur) <= MAX_DEPTH {
            return None;
        }
        // `cur` opens at JSON depth `d`; follow the first child, in text
        // order, whose JSON reaches past the limit.
        let mut d = 1;
        while d <= MAX_DEPTH {
            let need = MAX_DEPTH + 1 - d;
            let next = match self.node(cur) {
                Some(Kind::Seq(items)) => items
                    .iter()
                    .map(|&i| self.deref(i))
                    .find(|&c| depth_of(c) >= need),
                Some(Kind::Map(_)) => {
                    let mut entries = std::collections::BTreeMap::new();
                    self.json_entries(cur, &mut entries, 0);
                    entries.into_values().find(|&c| depth_of(c) >= need)
                }
                _ => None,
            };
            cur = next?;
            d += 1;
        }
        match self.node(cur) {
            Some(Kind::Seq(_)) => Some('['),
            Some(Kind::Map(_)) => Some('{'),
            _ => None,
        }
    }

    fn scalar(&mut self, n: usize) -> Result<Scalar, String> {
        let owned = self.owned;
        match self.nodes.get_mut(n) {
            Some(Kind::Scalar {
                value,
                implicit,
                tag,
            }) => {
                if !tag.is_empty() || *implicit {
                    if let Some(s) = resolve_tagged(tag, value)? {
                        return Ok(s);
                    }
                }
                Ok(Scalar::Str(match owned {
                    true => std::mem::take(value),
                    false => value.clone(),
                }))
            }
            _ => Ok(Scalar::Null),
        }
    }

    /// A collection's children: moved out when the tree is converted once.
    fn items(&mut self, n: usize) -> Vec<usize> {
        match self.nodes.get_mut(n) {
            Some(Kind::Seq(items) | Kind::Map(items)) if self.owned => std::mem::take(items),
            Some(Kind::Seq(items) | Kind::Map(items)) => items.clone(),
            _ => Vec::new(),
        }
    }

    fn value(&mut self, n: usize, depth: usize) -> Result<Value, String> {
        let n = self.deref(n);
        match self.node(n) {
            None => Ok(Value::Null),
            Some(Kind::Scalar { .. }) => scalar_json(self.scalar(n)?),
            Some(Kind::Seq(_)) => {
                if depth >= MAX_VALUE_DEPTH {
                    return Ok(Value::Array(Vec::new()));
                }
                let items = self.items(n);
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.value(i, depth + 1)?);
                }
                Ok(Value::Array(out))
            }
            Some(Kind::Map(items)) => {
                let mut out = Map::with_capacity(items.len() / 2);
                if depth < MAX_VALUE_DEPTH {
                    self.fill(n, &mut out, depth, 0)?;
                }
                Ok(Value::Object(out))
            }
            Some(Kind::Alias { .. }) => Ok(Value::Null),
        }
    }

    /// A mapping's entries into `out` (merges write into the same map, in
    /// document order, as go-yaml v2 does).
    /// `hops` counts merges within merges (a chain of them is cut where
    /// values are).
    fn fill(
        &mut self,
        n: usize,
        out: &mut Map<String, Value>,
        depth: usize,
        hops: usize,
    ) -> Result<(), String> {
        if !matches!(self.node(n), Some(Kind::Map(_))) {
            return Err(WANT_MAP.to_string());
        }
        if hops > MAX_VALUE_DEPTH {
            return Ok(());
        }
        let items = self.items(n);
        for pair in items.chunks(2) {
            let [k, v] = *pair else { continue };
            if self.is_merge_key(k) {
                match self.node(v) {
                    Some(Kind::Seq(_)) => {
                        for i in self.items(v).into_iter().rev() {
                            self.fill(self.deref(i), out, depth, hops + 1)?;
                        }
                    }
                    _ => self.fill(self.deref(v), out, depth, hops + 1)?,
                }
                continue;
            }
            let key = self.key(k, v, depth)?;
            let value = self.value(v, depth + 1)?;
            out.insert(key, value);
        }
        Ok(())
    }

    /// sigs.k8s.io/yaml's key conversion (go-yaml has refused collection
    /// keys already).
    fn key(&mut self, k: usize, v: usize, depth: usize) -> Result<String, String> {
        let k = self.deref(k);
        match self.node(k) {
            Some(Kind::Seq(_) | Kind::Map(_)) => {
                let json = self.value(k, depth.max(MAX_VALUE_DEPTH - 2))?;
                let (open, close) = if matches!(self.node(k), Some(Kind::Seq(_))) {
                    ("[]interface {}{", "}")
                } else {
                    ("map[interface {}]interface {}{", "}")
                };
                let inner = match &json {
                    Value::Array(items) => items.iter().map(go_sharp_v).collect::<Vec<_>>(),
                    Value::Object(m) => m
                        .iter()
                        .map(|(a, b)| format!("\"{a}\":{}", go_sharp_v(b)))
                        .collect(),
                    _ => Vec::new(),
                };
                Err(format!(
                    "yaml: invalid map key: {open}{}{close}",
                    inner.join(", ")
                ))
            }
            _ => match self.scalar(k)? {
                Scalar::Str(s) => Ok(s),
                Scalar::Int(i) => Ok(i.to_string()),
                Scalar::Uint(u) => Ok(u.to_string()),
                Scalar::Bool(b) => Ok(b.to_string()),
                Scalar::Float(f) => Ok(go_float_key(f)),
                Scalar::Null => {
                    let value = self.value(v, MAX_VALUE_DEPTH - 1).unwrap_or(Value::Null);
                    Err(format!(
                        "unsupported map key of type: %!s(<nil>), key: <nil>, value: {}",
                        go_sharp_v(&value)
                    ))
                }
            },
        }
    }
}

/// Go's `%#v` of a decoded YAML value, for the few errors that quote one.
fn go_sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => format!(
            "[]interface {{}}{{{}}}",
            items.iter().map(go_sharp_v).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "map[interface {{}}]interface {{}}{{{}}}",
            m.iter()
                .map(|(a, b)| format!("\"{a}\":{}", go_sharp_v(b)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 32)` with go-yaml's names for the
/// special values.
fn go_float_key(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_string();
    }
    let f32v = f as f32;
    let exp = if f32v == 0.0 {
        0
    } else {
        f32v.abs().log10().floor() as i32
    };
    if (-4..21).contains(&exp) {
        format!("{f32v}")
    } else {
        let s = format!("{f32v:e}");
        match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = match e.strip_prefix('-') {
                    Some(d) => ('-', d),
                    None => ('+', e),
                };
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        }
    }
}

/// A scalar in the JSON text `json.Marshal` writes (an integral float is
/// written without a fraction, so it reads back as an integer).
fn scalar_json(s: Scalar) -> Result<Value, String> {
    Ok(match s {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Number(i.into()),
        Scalar::Uint(u) => Value::Number(u.into()),
        Scalar::Str(s) => Value::String(s),
        Scalar::Float(f) => {
            if f.is_nan() {
                return Err("json: unsupported value: NaN".to_string());
            }
            if f.is_infinite() {
                let sign = if f > 0.0 { "+" } else { "-" };
                return Err(format!("json: unsupported value: {sign}Inf"));
            }
            if f.fract() == 0.0 && f.abs() < 1e21 && f.abs() <= 9.007_199_254_740_992e15 {
                Value::Number((f as i64).into())
            } else {
                Number::from_f64(f).map_or(Value::Null, Value::Number)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Result<Value, String> {
        parse(text)?.to_json()
    }

    #[test]
    fn yaml_1_1_scalars() {
        let v = json("a: yes\nb: off\nc: 017\nd: 0x1F\ne: 1e3\nf: 1_000\ng: ~\nh: '1'\ni: 2001-12-14\nj: 1.5\nk: 08\nl: -.inf2\nm: 0b101\n").unwrap();
        assert_eq!(
            v.to_string(),
            r#"{"a":true,"b":false,"c":15,"d":31,"e":1000,"f":1000,"g":null,"h":"1","i":"2001-12-14","j":1.5,"k":8,"l":"-.inf2","m":5}"#
        );
        assert_eq!(
            json("a: 18446744073709551615\nb: -9223372036854775808\n")
                .unwrap()
                .to_string(),
            r#"{"a":18446744073709551615,"b":-9223372036854775808}"#
        );
    }

    #[test]
    fn duplicates_merges_and_keys() {
        assert_eq!(
            json("name: x\nname: y\n").unwrap().to_string(),
            r#"{"name":true}"#
        );
        assert_eq!(
            json("base: &b {a: 1, b: 2}\nm:\n  b: 3\n  <<: *b\n  c: 4\n")
                .unwrap()
                .to_string(),
            r#"{"base":{"a":1,"b":2},"m":{"b":2,"a":1,"c":4}}"#
        );
        assert_eq!(
            json("1: a\ntrue: b\n1.5: c\n").unwrap().to_string(),
            r#"{"1":"a","true":"b","1.5":"c"}"#
        );
    }

    #[test]
    fn go_yaml_errors() {
        // Each checked against kubectl v1.32 (sigs.k8s.io/yaml, go-yaml v2).
        assert_eq!(
            json("a: *x\n").unwrap_err(),
            "yaml: unknown anchor 'x' referenced"
        );
        assert_eq!(
            json("a: &d\n  b: *d\n").unwrap_err(),
            "yaml: anchor 'd' value contains itself"
        );
        assert_eq!(json("a:\n  <<: [a]\n").unwrap_err(), WANT_MAP);
        assert_eq!(
            json("a: !!int x\n").unwrap_err(),
            "yaml: cannot decode !!str `x` as a !!int"
        );
        assert_eq!(
            json("a:\n  [a]: x\n").unwrap_err(),
            "yaml: invalid map key: []interface {}{\"a\"}"
        );
        assert_eq!(
            json("a:\n  ~: x\n").unwrap_err(),
            "unsupported map key of type: %!s(<nil>), key: <nil>, value: \"x\""
        );
        assert_eq!(
            json("a: .nan\n").unwrap_err(),
            "json: unsupported value: NaN"
        );
        assert_eq!(
            json("a: 1\nb: [\n").unwrap_err(),
            "yaml: line 2: did not find expected node content"
        );
        assert_eq!(
            json("a: \"\u{1}\"\n").unwrap_err(),
            "yaml: control characters are not allowed"
        );
    }

    #[test]
    fn depth_and_aliasing_limits() {
        // go-yaml's own limit, on block collections (`- - - x`).
        let block = |n: usize| format!("x: 1\na:\n{}x\n", "- ".repeat(n));
        assert_eq!(
            json(&block(10001)).unwrap_err(),
            "yaml: line 3: exceeded max depth of 10000"
        );
        // One level less passes go-yaml (a sequence at `a:`'s column adds
        // no indent) but its JSON is 10001 deep for encoding/json, as
        // kubectl v1.32 reports it.
        assert_eq!(
            json(&block(10000)).unwrap_err(),
            "error unmarshaling JSON: while decoding JSON: invalid character '[' exceeded max depth"
        );
        assert!(json(&block(9999)).is_ok());
        // Aliases count with what they stand for (checked with kubectl
        // v1.32 too).
        let alias = format!(
            "q: &q\n{}x\nr:\n{}*q\n",
            "- ".repeat(5000),
            "- ".repeat(5000)
        );
        assert_eq!(
            json(&alias).unwrap_err(),
            "error unmarshaling JSON: while decoding JSON: invalid character '[' exceeded max depth"
        );
        assert!(json(&alias.replacen("- *q", "*q", 1)).is_ok());
        // The bracket is that of the container going past the limit, the
        // first one in the JSON text (keys sorted): here a map.
        let maps = format!("z: 1\na:\n{}{{b: {{c: 1}}}}\nc: [[2]]\n", "- ".repeat(9999));
        assert_eq!(
            json(&maps).unwrap_err(),
            "error unmarshaling JSON: while decoding JSON: invalid character '{' exceeded max depth"
        );
        // kubeplay's, on flow collections.
        let deep = |n: usize| format!("x: 1\na: {}1{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(
            json(&deep(1001)).unwrap_err(),
            "yaml: line 2: exceeded kubeplay's max depth of 1000 for [ ] and { } (go-yaml's is 10000)"
        );
        assert_eq!(
            json(&format!("x: 1\na: {}\n", "{a: ".repeat(1001))).unwrap_err(),
            "yaml: line 2: exceeded kubeplay's max depth of 1000 for [ ] and { } (go-yaml's is 10000)"
        );
        // Many deep nests add up (libyaml's cost): three 999-deep ones
        // are read, four are too many, at the line of the last collection
        // opened.
        let nest = format!("{}1{}", "[".repeat(999), "]".repeat(999));
        assert!(json(&format!("a: [{nest},\n  {nest},\n  {nest}]\n")).is_ok());
        assert_eq!(
            json(&format!("a: [{nest},\n  {nest},\n  {nest},\n  {nest}]\n")).unwrap_err(),
            "yaml: line 4: too many deeply nested [ ] and { } collections for kubeplay to read"
        );
        // Accepted, and cut at MAX_VALUE_DEPTH.
        let v = json(&deep(1000)).unwrap();
        let mut d = 0;
        let mut cur = &v["a"];
        while let Some(next) = cur.get(0) {
            cur = next;
            d += 1;
        }
        assert_eq!(d, MAX_VALUE_DEPTH - 1);
        let mut bomb = String::from(
            "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 9].join(",");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        assert_eq!(
            json(&bomb).unwrap_err(),
            "yaml: document contains excessive aliasing"
        );
        // Some aliasing is fine.
        assert!(json("a: &a [1, 2]\nb: [*a, *a, *a]\n").is_ok());
    }
}
