//! Output encoders that match what kubectl prints byte for byte:
//!
//! - YAML as sigs.k8s.io/yaml (go-yaml v2) emits it: block style, 2-space
//!   indent, sequences not indented under their key, map keys in go-yaml's
//!   "natural" order, strings quoted only when go-yaml would (values that
//!   would read back as another type are double-quoted, values with
//!   indicators single-quoted), multi-line strings as literal blocks, and
//!   long strings folded at column 80.
//! - JSON as Go's encoding/json MarshalIndent: sorted keys, 4-space indent
//!   (kubectl -o json) or compact, with `<`, `>` and `&` escaped.

use serde_json::{Map, Value};
use std::cmp::Ordering;

const BEST_WIDTH: usize = 80;

// ---------------------------------------------------------------- YAML

/// A whole YAML document, ending with a newline.
pub fn to_yaml(v: &Value) -> String {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
    };
    match v {
        Value::Object(m) if !m.is_empty() => e.mapping(m, 0),
        Value::Array(a) if !a.is_empty() => e.sequence(a, 0),
        other => {
            e.scalar_value(other, 0);
            e.newline();
        }
    }
    e.out
}

struct Emitter {
    out: String,
    column: usize,
}

impl Emitter {
    fn put(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += s.chars().count();
    }
    fn put_char(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }
    fn newline(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }
    fn indent_to(&mut self, n: usize) {
        while self.column < n {
            self.put_char(' ');
        }
    }

    /// A block mapping whose keys start at column `indent`; the first key
    /// is written at the current position (after `- ` in a sequence).
    fn mapping(&mut self, m: &Map<String, Value>, indent: usize) {
        let mut keys: Vec<&String> = m.keys().collect();
        cluster::sort::by(&mut keys, |a, b| natural_cmp(a, b));
        for (i, k) in keys.into_iter().enumerate() {
            if i > 0 || self.column == 0 {
                if self.column != 0 {
                    self.newline();
                }
                self.indent_to(indent);
            }
            self.key(k);
            self.put_char(':');
            let v = &m[k];
            match v {
                Value::Object(child) if !child.is_empty() => {
                    self.newline();
                    self.indent_to(indent + 2);
                    self.mapping(child, indent + 2);
                }
                Value::Array(items) if !items.is_empty() => {
                    self.newline();
                    self.indent_to(indent);
                    self.sequence(items, indent);
                }
                other => {
                    self.put_char(' ');
                    self.scalar_value(other, indent + 2);
                    if self.column != 0 {
                        self.newline();
                    }
                }
            }
        }
        if self.column != 0 {
            self.newline();
        }
    }

    /// A block sequence whose dashes sit at column `indent`; the first dash
    /// is written at the current position.
    fn sequence(&mut self, items: &[Value], indent: usize) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                if self.column != 0 {
                    self.newline();
                }
                self.indent_to(indent);
            }
            self.put("- ");
            match item {
                Value::Object(m) if !m.is_empty() => self.mapping(m, indent + 2),
                Value::Array(a) if !a.is_empty() => self.sequence(a, indent + 2),
                other => {
                    self.scalar_value(other, indent + 2);
                    if self.column != 0 {
                        self.newline();
                    }
                }
            }
        }
        if self.column != 0 {
            self.newline();
        }
    }

    fn key(&mut self, k: &str) {
        let style = select_style(k, true);
        self.write_scalar(k, style, 0, false);
    }

    /// A scalar (or empty collection) value; `indent` is where folded
    /// continuation lines and literal block content start.
    fn scalar_value(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Null => self.put("null"),
            Value::Bool(b) => self.put(if *b { "true" } else { "false" }),
            Value::Number(n) => self.put(&go_yaml_number(n)),
            Value::Object(_) => self.put("{}"),
            Value::Array(_) => self.put("[]"),
            Value::String(s) => {
                let style = select_style(s, false);
                self.write_scalar(s, style, indent, true);
            }
        }
    }

    fn write_scalar(&mut self, s: &str, style: Style, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        match style {
            Style::Plain => {
                let mut spaces = false;
                for (i, &c) in chars.iter().enumerate() {
                    if c == ' ' {
                        if allow_breaks
                            && !spaces
                            && self.column > BEST_WIDTH
                            && chars.get(i + 1) != Some(&' ')
                        {
                            self.newline();
                            self.indent_to(indent);
                        } else {
                            self.put_char(c);
                        }
                        spaces = true;
                    } else {
                        self.put_char(c);
                        spaces = false;
                    }
                }
            }
            Style::Single => {
                self.put_char('\'');
                let mut spaces = false;
                for (i, &c) in chars.iter().enumerate() {
                    if c == ' ' {
                        if allow_breaks
                            && !spaces
                            && self.column > BEST_WIDTH
                            && i > 0
                            && i < chars.len() - 1
                            && chars.get(i + 1) != Some(&' ')
                        {
                            self.newline();
                            self.indent_to(indent);
                        } else {
                            self.put_char(c);
                        }
                        spaces = true;
                    } else {
                        if c == '\'' {
                            self.put_char('\'');
                        }
                        self.put_char(c);
                        spaces = false;
                    }
                }
                self.put_char('\'');
            }
            Style::Double => {
                self.put_char('"');
                let mut spaces = false;
                for (i, &c) in chars.iter().enumerate() {
                    if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                        self.put(&double_escape(c));
                        spaces = false;
                    } else if c == ' ' {
                        if allow_breaks
                            && !spaces
                            && self.column > BEST_WIDTH
                            && i != 0
                            && i != chars.len() - 1
                        {
                            self.newline();
                            self.indent_to(indent);
                            if chars.get(i + 1) == Some(&' ') {
                                self.put_char('\\');
                            }
                        } else {
                            self.put_char(c);
                        }
                        spaces = true;
                    } else {
                        self.put_char(c);
                        spaces = false;
                    }
                }
                self.put_char('"');
            }
            Style::Literal => {
                self.put_char('|');
                if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
                    self.put_char('2');
                }
                let n = chars.len();
                if !is_break(chars[n - 1]) {
                    self.put_char('-');
                } else if n == 1 || is_break(chars[n - 2]) {
                    self.put_char('+');
                }
                self.newline();
                let body = s.strip_suffix('\n').unwrap_or(s);
                for line in body.split('\n') {
                    if !line.is_empty() {
                        self.indent_to(indent);
                        self.put(line);
                    }
                    self.newline();
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's is_printable.
fn is_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0A
        || (0x20..=0x7E).contains(&u)
        || (0xA0..=0xD7FF).contains(&u)
        || ((0xE000..=0xFFFD).contains(&u) && u != 0xFEFF)
}

fn double_escape(c: char) -> String {
    match c {
        '\0' => "\\0".into(),
        '\u{7}' => "\\a".into(),
        '\u{8}' => "\\b".into(),
        '\t' => "\\t".into(),
        '\n' => "\\n".into(),
        '\u{b}' => "\\v".into(),
        '\u{c}' => "\\f".into(),
        '\r' => "\\r".into(),
        '\u{1b}' => "\\e".into(),
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        '\u{85}' => "\\N".into(),
        '\u{a0}' => "\\_".into(),
        '\u{2028}' => "\\L".into(),
        '\u{2029}' => "\\P".into(),
        c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
        c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
        c => format!("\\U{:08X}", c as u32),
    }
}

/// The style go-yaml v2 ends up with for a string (encoder choice, then
/// the emitter's analysis).
fn select_style(s: &str, simple_key: bool) -> Style {
    let requested = if s.contains('\n') {
        Style::Literal
    } else if resolves_as_string(s) && !is_base60_float(s) {
        Style::Plain
    } else {
        Style::Double
    };
    let a = analyze(s);
    match requested {
        Style::Plain => {
            if !a.block_plain_allowed || (s.is_empty() && simple_key) {
                if a.single_quoted_allowed {
                    Style::Single
                } else {
                    Style::Double
                }
            } else {
                Style::Plain
            }
        }
        Style::Literal => {
            if !a.block_allowed || simple_key {
                Style::Double
            } else {
                Style::Literal
            }
        }
        other => other,
    }
}

struct Analysis {
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// libyaml's yaml_emitter_analyze_scalar (block context).
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut special = false;
    let (mut line_breaks, mut leading_space, mut leading_break) = (false, false, false);
    let (mut trailing_space, mut trailing_break, mut break_space, mut space_break) =
        (false, false, false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    let mut preceded_by_ws = true;
    let n = chars.len();
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_ws = i + 1 >= n || chars[i + 1] == ' ' || chars[i + 1] == '\t';
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    block_indicators = true;
                }
                '?' | ':' | '-' if followed_by_ws => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => block_indicators = true,
                '#' if preceded_by_ws => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_by_ws = c == ' ' || c == '\t' || is_break(c) || c == '\0';
    }
    let mut a = Analysis {
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// go-yaml v2's resolve(): would this text, unquoted, read back as a string?
fn resolves_as_string(s: &str) -> bool {
    let Some(first) = s.bytes().next() else {
        return false; // "" is null
    };
    const MAPPED: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "~", "null", "Null", "NULL",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    let hint = match first {
        b'+' | b'-' => 'S',
        b'0'..=b'9' => 'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => 'M',
        b'.' => '.',
        b'<' => 'M',
        _ => return true,
    };
    if MAPPED.contains(&s) {
        return false;
    }
    match hint {
        'M' => true,
        '.' => go_parse_float(s).is_none(),
        _ => {
            if is_timestamp(s) {
                return false;
            }
            let plain = s.replace('_', "");
            if crate::flags::parse_go_int(&plain).is_ok() || parse_go_uint(&plain) {
                return false;
            }
            if is_yaml_style_float(&plain) && go_parse_float(&plain).is_some() {
                return false;
            }
            if let Some(b) = plain
                .strip_prefix("0b")
                .or_else(|| plain.strip_prefix("-0b"))
            {
                if !b.is_empty() && b.chars().all(|c| c == '0' || c == '1') {
                    return false;
                }
            }
            true
        }
    }
}

fn parse_go_uint(s: &str) -> bool {
    !s.starts_with('-') && !s.starts_with('+') && {
        let body = s;
        let (radix, digits) =
            if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
                (16, d)
            } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
                (8, d)
            } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
                (2, d)
            } else if body.len() > 1 && body.starts_with('0') {
                (8, &body[1..])
            } else {
                (10, body)
            };
        !digits.is_empty() && u64::from_str_radix(digits, radix).is_ok()
    }
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - st
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's strconv.ParseFloat accepting what YAML cares about (decimal,
/// exponent, inf/nan words, hex floats are rare enough to ignore).
fn go_parse_float(s: &str) -> Option<f64> {
    let t = s.strip_prefix('+').unwrap_or(s);
    let lower = t.to_ascii_lowercase();
    let body = lower.strip_prefix('-').unwrap_or(&lower);
    if matches!(body, "inf" | "infinity" | "nan") {
        return Some(0.0);
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+' | '_'))
    {
        return None;
    }
    if t.contains('_') {
        return None;
    }
    t.parse::<f64>().ok()
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while i < b.len() && b[i] == b':' {
        i += 1;
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() && i - st < 2 {
            i += 1;
        }
        let g = &b[st..i];
        let ok = match g.len() {
            1 => true,
            2 => g[0] <= b'5',
            _ => false,
        };
        if !ok {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml's timestamp check: `YYYY-` then one of Go's formats
/// `2006-1-2T15:4:5.999999999Z07:00`, `2006-1-2t15:4:5.999999999Z07:00`,
/// `2006-1-2 15:4:5.999999999`, `2006-1-2`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let rest = &s[5..];
    // month-day
    let (date, time) = match rest.find(['T', 't', ' ']) {
        Some(p) => (&rest[..p], Some((&rest[p + 1..], rest.as_bytes()[p]))),
        None => (rest, None),
    };
    let num = |x: &str, max: u32| -> bool {
        !x.is_empty()
            && x.len() <= 2
            && x.chars().all(|c| c.is_ascii_digit())
            && x.parse::<u32>().is_ok_and(|v| v >= 1 && v <= max)
    };
    let Some((mo, d)) = date.split_once('-') else {
        return false;
    };
    if !num(mo, 12) || !num(d, 31) {
        return false;
    }
    let Some((t, sep)) = time else { return true };
    // 15:4:5 with optional fraction, then a zone (required for T/t forms).
    let (clock, zone) = match t.find(['Z', '+', '-']) {
        Some(p) => (&t[..p], &t[p..]),
        None => (t, ""),
    };
    if sep == b' ' && !zone.is_empty() {
        return false;
    }
    if sep != b' ' && zone.is_empty() {
        return false;
    }
    let (hms, frac) = match clock.split_once('.') {
        Some((h, f)) => (h, Some(f)),
        None => (clock, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    let parts: Vec<&str> = hms.split(':').collect();
    let ok2 = |x: &str, max: u32| {
        x.len() <= 2
            && !x.is_empty()
            && x.chars().all(|c| c.is_ascii_digit())
            && x.parse::<u32>().is_ok_and(|v| v <= max)
    };
    if parts.len() != 3 || !ok2(parts[0], 23) || !ok2(parts[1], 59) || !ok2(parts[2], 59) {
        return false;
    }
    match zone {
        "" | "Z" => true,
        z => {
            let z = &z[1..];
            z.len() == 5 && z.as_bytes()[2] == b':' && ok2(&z[..2], 23) && ok2(&z[3..], 59)
        }
    }
}

/// Numbers as go-yaml prints them after sigs.k8s.io/yaml's JSON round trip:
/// integers as integers, others with Go's `%g`-style shortest form.
fn go_yaml_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        // JSON 3.0 reads back as an int in go-yaml.
        return format!("{}", f as i64);
    }
    go_format_g(f)
}

/// Go's strconv.FormatFloat(f, 'g', -1, 64).
fn go_format_g(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    let e = format!("{f:e}"); // shortest digits: d.ddde±x
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        format!("{f}")
    }
}

/// go-yaml v2's key order: at the first difference, two letters compare as
/// characters, a non-letter sorts before a letter, and runs of digits
/// compare as numbers.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    if natural_less(a, b) {
        Ordering::Less
    } else if natural_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn natural_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .saturating_mul(10)
                .saturating_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .saturating_mul(10)
                .saturating_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

// ---------------------------------------------------------------- JSON

/// kubectl -o json: MarshalIndent with four spaces, and a final newline.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, v, Some(0), true);
    out.push('\n');
    out
}

/// kubectl -o json of a Go struct: keys in the order the value holds them
/// (see `kubectl::go_order`).
pub fn to_json_ordered(v: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, v, Some(0), false);
    out.push('\n');
    out
}

/// json.Marshal of a Go struct: compact, keys in the value's order.
pub fn to_compact_json_ordered(v: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, v, None, false);
    out
}

/// json.Marshal: compact, sorted keys.
pub fn to_compact_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, v, None, true);
    out
}

/// The length of [`to_compact_json`]'s text, without writing it.
pub fn compact_json_len(v: &Value) -> usize {
    match v {
        Value::Null | Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(n) => go_json_number(n).len(),
        Value::String(s) => json_string_len(s),
        Value::Array(a) => {
            1 + a
                .iter()
                .map(|x| compact_json_len(x) + 1)
                .sum::<usize>()
                .max(1)
        }
        Value::Object(m) => {
            1 + m
                .iter()
                .map(|(k, x)| json_string_len(k) + compact_json_len(x) + 2)
                .sum::<usize>()
                .max(1)
        }
    }
}

fn json_string_len(s: &str) -> usize {
    2 + s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum::<usize>()
}

fn write_json(out: &mut String, v: &Value, indent: Option<usize>, sort: bool) {
    let nl = |out: &mut String, n: usize| {
        out.push('\n');
        for _ in 0..n {
            out.push_str("    ");
        }
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_json_number(n)),
        Value::String(s) => json_string(out, s),
        Value::Array(a) => {
            if a.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(n) = indent {
                    nl(out, n + 1);
                }
                write_json(out, item, indent.map(|n| n + 1), sort);
            }
            if let Some(n) = indent {
                nl(out, n);
            }
            out.push(']');
        }
        Value::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut keys: Vec<&String> = m.keys().collect();
            if sort {
                cluster::sort::sort(&mut keys);
            }
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(n) = indent {
                    nl(out, n + 1);
                }
                json_string(out, k);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(out, &m[k], indent.map(|n| n + 1), sort);
            }
            if let Some(n) = indent {
                nl(out, n);
            }
            out.push('}');
        }
    }
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn go_json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let e = format!("{f:e}");
        let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        if exp < 0 {
            format!("{mant}e-{}", exp.abs())
        } else {
            format!("{mant}e+{exp:02}")
        }
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pod_from_kubectl_run_dry_run() {
        // `kubectl run x --image=busybox --port=80 --labels=a=b,c=d --env=A=1
        //  --restart=Never --dry-run=client -o yaml --command -- sleep ...`
        let pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"creationTimestamp": null, "labels": {"a": "b", "c": "d"}, "name": "x"},
            "spec": {"containers": [{"command": ["sleep", "infinity", "a b", "yes: no", "", "multi\nline", "123", "true",
                "- x", "a#b", "a #b", "~", "null", "0x1F", "1e3", ":", "@x", "%x", "*", "&a", "!x", "'q'", "\"dq\"", "tab\tx", "é"],
                "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                "image": "busybox", "name": "x", "ports": [{"containerPort": 80}], "resources": {}}],
                "dnsPolicy": "ClusterFirst", "restartPolicy": "Never"},
            "status": {}
        });
        let want = r#"apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    a: b
    c: d
  name: x
spec:
  containers:
  - command:
    - sleep
    - infinity
    - a b
    - 'yes: no'
    - ""
    - |-
      multi
      line
    - "123"
    - "true"
    - '- x'
    - a#b
    - 'a #b'
    - "~"
    - "null"
    - "0x1F"
    - "1e3"
    - ':'
    - '@x'
    - '%x'
    - '*'
    - '&a'
    - '!x'
    - '''q'''
    - '"dq"'
    - "tab\tx"
    - é
    env:
    - name: A
      value: "1"
    - name: B
      value: "2"
    image: busybox
    name: x
    ports:
    - containerPort: 80
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
"#;
        assert_eq!(to_yaml(&pod), want);
    }

    #[test]
    fn quoting_and_folding_like_go_yaml() {
        // Captured from kubectl v1.32 `run --dry-run=client -o yaml --command -- ...`.
        let words = json!(["aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu",
            "x: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu",
            "tab\taaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu",
            "a  b", " lead", "trail ", "line1\nline2\n", "x\n  indented", "1:20", "2026-01-05T09:00:00Z", "2026-01-05",
            "1_000", "0b101", "0o17", "017", ".5", "+1", "-", "--", "---", "a: ", "a:b", "[x]", "x]", "?", "? x", "-x",
            "y", "Y", "on", "No", "o", ".inf", "<none>", "\\"]);
        let doc = json!({"spec": {"containers": [{"command": words, "image": "busybox"}]}});
        let want = r#"spec:
  containers:
  - command:
    - aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp
      qqqq rrrr ssss tttt uuuu
    - 'x: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo
      pppp qqqq rrrr ssss tttt uuuu'
    - "tab\taaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn
      oooo pppp qqqq rrrr ssss tttt uuuu"
    - a  b
    - ' lead'
    - 'trail '
    - |
      line1
      line2
    - |-
      x
        indented
    - "1:20"
    - "2026-01-05T09:00:00Z"
    - "2026-01-05"
    - "1_000"
    - "0b101"
    - "0o17"
    - "017"
    - ".5"
    - "+1"
    - '-'
    - --
    - '---'
    - 'a: '
    - a:b
    - '[x]'
    - x]
    - '?'
    - '? x'
    - -x
    - "y"
    - "Y"
    - "on"
    - "No"
    - o
    - ".inf"
    - <none>
    - \
    image: busybox
"#;
        assert_eq!(to_yaml(&doc), want);
    }

    #[test]
    fn last_applied_annotation_is_a_literal_block() {
        // `kubectl apply -f nginx.yaml --dry-run=client -o yaml`
        let la = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"nginx\",\"namespace\":\"default\"}}\n";
        let doc = json!({"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": la}, "name": "nginx"}});
        assert_eq!(
            to_yaml(&doc),
            format!("metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {}  name: nginx\n", la)
        );
    }

    #[test]
    fn keys_sort_like_go_yaml() {
        let mut keys = vec!["b", "a10", "a9", "A", "_x", "a.b", "ab", "a-b", "Z", "a"];
        cluster::sort::by(&mut keys, |a, b| natural_cmp(a, b));
        assert_eq!(
            keys,
            ["_x", "A", "Z", "a", "a-b", "a.b", "a9", "a10", "ab", "b"]
        );
        let doc = json!({"80": "x", "": "e", "yes": true, "n": 1.5, "big": 1e21, "empty": [], "nested": [[1, 2], {}]});
        assert_eq!(
            to_yaml(&doc),
            "\"\": e\n\"80\": x\nbig: 1e+21\nempty: []\n\"n\": 1.5\nnested:\n- - 1\n  - 2\n- {}\n\"yes\": true\n"
        );
    }

    #[test]
    fn json_like_go() {
        let doc =
            json!({"b": [1, {"x": "<none> & \u{2028}"}], "a": {}, "c": [], "d": 0.5, "e": null});
        assert_eq!(
            to_json(&doc),
            "{\n    \"a\": {},\n    \"b\": [\n        1,\n        {\n            \"x\": \"\\u003cnone\\u003e \\u0026 \\u2028\"\n        }\n    ],\n    \"c\": [],\n    \"d\": 0.5,\n    \"e\": null\n}\n"
        );
        assert_eq!(
            to_compact_json(&json!({"b": 1, "a": "q\"\n"})),
            "{\"a\":\"q\\\"\\n\",\"b\":1}"
        );
    }
}
