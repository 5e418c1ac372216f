//! Small readers over JSON objects (never panic on odd shapes) and the
//! formatting helpers kubectl's printers share.

use cluster::time::{human_duration, Time};
use serde_json::Value;

/// `Value::pointer` without its two `String`s per token (the printers
/// read a few dozen fields per row): the same answers, RFC 6901 escapes
/// and array indexes included.
pub fn at<'a>(v: &'a Value, ptr: &str) -> Option<&'a Value> {
    if ptr.is_empty() {
        return Some(v);
    }
    if ptr.contains('~') {
        return v.pointer(ptr);
    }
    let mut cur = v;
    for tok in ptr.strip_prefix('/')?.split('/') {
        cur = match cur {
            Value::Object(m) => m.get(tok)?,
            Value::Array(list) => {
                if tok.starts_with('+') || (tok.starts_with('0') && tok.len() != 1) {
                    return None;
                }
                list.get(tok.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(cur)
}

/// The string at a JSON pointer, or "".
pub fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    at(v, ptr).and_then(Value::as_str).unwrap_or("")
}

/// The integer at a JSON pointer, or 0.
pub fn i(v: &Value, ptr: &str) -> i64 {
    at(v, ptr).and_then(Value::as_i64).unwrap_or(0)
}

/// The integer at a JSON pointer, if present.
pub fn oi(v: &Value, ptr: &str) -> Option<i64> {
    at(v, ptr).and_then(Value::as_i64)
}

/// The bool at a JSON pointer, or false.
pub fn b(v: &Value, ptr: &str) -> bool {
    at(v, ptr).and_then(Value::as_bool).unwrap_or(false)
}

/// The array at a JSON pointer (empty if absent).
pub fn a<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    at(v, ptr)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A string map at a JSON pointer, sorted by key.
pub fn smap(v: &Value, ptr: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = at(v, ptr)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    cluster::sort::sort(&mut out);
    out
}

pub fn name(v: &Value) -> &str {
    s(v, "/metadata/name")
}

pub fn namespace(v: &Value) -> &str {
    s(v, "/metadata/namespace")
}

/// kubectl's translateTimestampSince: the age of an RFC 3339 timestamp, or
/// `<unknown>`.
pub fn age(ts: &str, now: Time) -> String {
    match Time::parse_rfc3339(ts) {
        Some(t) => human_duration(now.0 - t.0),
        None => "<unknown>".to_string(),
    }
}

/// The age of an object (from `metadata.creationTimestamp`).
pub fn obj_age(v: &Value, now: Time) -> String {
    age(s(v, "/metadata/creationTimestamp"), now)
}

/// labels.FormatLabels: `a=b,c=d` sorted, or `<none>`.
pub fn format_labels(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return "<none>".to_string();
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A label selector's terms: its text split at the commas outside
/// parentheses (`a in (x,y),b` is two terms), untrimmed.
pub fn selector_terms(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut cur) = (0i32, String::new());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
}

/// metav1.FormatLabelSelector of a `LabelSelector` value: `app=nginx`,
/// `tier in (a,b)`, or `<none>`.
pub fn format_label_selector(sel: Option<&Value>) -> String {
    let Some(sel) = sel.filter(|v| v.is_object()) else {
        return "<none>".to_string();
    };
    let mut reqs: Vec<(String, String)> = Vec::new();
    for (k, v) in smap(sel, "/matchLabels") {
        reqs.push((k.clone(), format!("{k}={v}")));
    }
    for e in a(sel, "/matchExpressions") {
        let key = s(e, "/key").to_string();
        let mut vals: Vec<String> = a(e, "/values")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        cluster::sort::sort(&mut vals);
        vals.dedup();
        let text = match s(e, "/operator") {
            "In" => format!("{key} in ({})", vals.join(",")),
            "NotIn" => format!("{key} notin ({})", vals.join(",")),
            "Exists" => key.clone(),
            "DoesNotExist" => format!("!{key}"),
            _ => return "<error>".to_string(),
        };
        reqs.push((key, text));
    }
    cluster::sort::by(&mut reqs, |x, y| x.0.cmp(&y.0));
    if reqs.is_empty() {
        return "<none>".to_string();
    }
    reqs.into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(",")
}

/// Text written by Go's tabwriter as kubectl's printers configure it
/// (minwidth 6, padding 3): rows of cells; every cell but the last in a
/// row is padded to its column's width.
pub fn tabwrite(rows: &[Vec<String>]) -> String {
    tabwriter(rows, 6, 3)
}

/// Go's text/tabwriter (blank padding, no flags) over lines already split
/// at tabs: the last cell of a line is not part of a column, and a column
/// spans the consecutive lines that have a cell in it.
pub fn tabwriter(lines: &[Vec<String>], minwidth: usize, padding: usize) -> String {
    let mut out = String::new();
    let mut widths: Vec<usize> = Vec::new();
    format_block(
        lines,
        0,
        lines.len(),
        &mut widths,
        minwidth,
        padding,
        &mut out,
    );
    out
}

/// The column widths [`tabwrite`] gives rows that all have as many cells
/// (a table), so that [`tab_lines`] can write it a few rows at a time with
/// the same text; `None` for rows of unequal length (Go's column blocks
/// then differ from one line to the next).
pub fn tab_widths(rows: &[Vec<String>]) -> Option<Vec<usize>> {
    let n = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|r| r.len() != n) {
        return None;
    }
    let mut widths = vec![6; n.saturating_sub(1)];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell_width(cell) + 3);
        }
    }
    Some(widths)
}

/// Writes rows of a table with [`tab_widths`]' widths.
pub fn tab_lines(rows: &[Vec<String>], widths: &[usize], out: &mut String) {
    write_lines(rows, 0, rows.len(), widths, out);
}

fn cell_width(s: &str) -> usize {
    s.chars().count()
}

fn write_lines(lines: &[Vec<String>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in &lines[from..to] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len() {
                let w = widths.get(j).copied().unwrap_or(0);
                let pad = w.saturating_sub(cell_width(cell));
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
}

fn format_block(
    lines: &[Vec<String>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    minwidth: usize,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = minwidth;
        while this < line1 && column + 1 < lines[this].len() {
            width = width.max(cell_width(&lines[this][column]) + padding);
            this += 1;
        }
        widths.push(width);
        format_block(lines, line0, this, widths, minwidth, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

/// Levenshtein distance, case-insensitive (cobra's suggestions).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A small regular expression for `grep`: literals, `.`, `[...]`, `*`,
/// anchors `^` `$`, and with `-E` also `+`, `?` and `|`.
#[derive(Debug)]
pub struct Pattern {
    alts: Vec<Vec<Atom>>,
    icase: bool,
}

#[derive(Debug, Clone)]
enum Item {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Start,
    End,
}

#[derive(Debug, Clone)]
struct Atom {
    item: Item,
    min: usize,
    max: usize,
}

impl Pattern {
    pub fn new(p: &str, extended: bool, icase: bool) -> Pattern {
        let p = if icase {
            p.to_lowercase()
        } else {
            p.to_string()
        };
        let branches: Vec<String> = if extended {
            p.split('|').map(str::to_string).collect()
        } else {
            vec![p]
        };
        let alts = branches
            .iter()
            .map(|b| Self::compile(b, extended))
            .collect();
        Pattern { alts, icase }
    }

    fn compile(p: &str, extended: bool) -> Vec<Atom> {
        let cs: Vec<char> = p.chars().collect();
        let mut atoms: Vec<Atom> = Vec::new();
        let mut i = 0;
        while i < cs.len() {
            let c = cs[i];
            let item = match c {
                '^' if i == 0 => Item::Start,
                '$' if i + 1 == cs.len() => Item::End,
                '.' => Item::Any,
                '\\' if i + 1 < cs.len() => {
                    i += 1;
                    Item::Char(cs[i])
                }
                '[' => {
                    let mut j = i + 1;
                    let neg = cs.get(j) == Some(&'^');
                    if neg {
                        j += 1;
                    }
                    let mut ranges = Vec::new();
                    let mut first = true;
                    while j < cs.len() && (cs[j] != ']' || first) {
                        first = false;
                        if j + 2 < cs.len() && cs[j + 1] == '-' && cs[j + 2] != ']' {
                            ranges.push((cs[j], cs[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((cs[j], cs[j]));
                            j += 1;
                        }
                    }
                    if j >= cs.len() {
                        // No closing bracket: a literal `[`.
                        Item::Char('[')
                    } else {
                        i = j;
                        Item::Class(ranges, neg)
                    }
                }
                '*' if !atoms.is_empty() => {
                    if let Some(last) = atoms.last_mut() {
                        last.min = 0;
                        last.max = usize::MAX;
                    }
                    i += 1;
                    continue;
                }
                '+' if extended && !atoms.is_empty() => {
                    if let Some(last) = atoms.last_mut() {
                        last.max = usize::MAX;
                    }
                    i += 1;
                    continue;
                }
                '?' if extended && !atoms.is_empty() => {
                    if let Some(last) = atoms.last_mut() {
                        last.min = 0;
                    }
                    i += 1;
                    continue;
                }
                c => Item::Char(c),
            };
            atoms.push(Atom {
                item,
                min: 1,
                max: 1,
            });
            i += 1;
        }
        atoms
    }

    pub fn is_match(&self, line: &str) -> bool {
        let line = if self.icase {
            line.to_lowercase()
        } else {
            line.to_string()
        };
        let cs: Vec<char> = line.chars().collect();
        self.alts
            .iter()
            .any(|atoms| (0..=cs.len()).any(|st| match_here(atoms, &cs, st)))
    }
}

fn match_here(atoms: &[Atom], cs: &[char], pos: usize) -> bool {
    let Some((a, rest)) = atoms.split_first() else {
        return true;
    };
    match a.item {
        Item::Start => return pos == 0 && match_here(rest, cs, pos),
        Item::End => return pos == cs.len() && match_here(rest, cs, pos),
        _ => {}
    }
    let one = |p: usize| -> bool {
        p < cs.len()
            && match &a.item {
                Item::Char(c) => cs[p] == *c,
                Item::Any => true,
                Item::Class(ranges, neg) => {
                    ranges.iter().any(|(lo, hi)| *lo <= cs[p] && cs[p] <= *hi) != *neg
                }
                Item::Start | Item::End => false,
            }
    };
    let mut n = 0;
    while n < a.max && one(pos + n) {
        n += 1;
    }
    loop {
        if n >= a.min && match_here(rest, cs, pos + n) {
            return true;
        }
        if n == 0 {
            return false;
        }
        n -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tab_lines_in_any_slices_write_what_tabwrite_does() {
        let rows: Vec<Vec<String>> = (0..40)
            .map(|i| {
                row(&[
                    &"n".repeat(i % 7),
                    &format!("{i}"),
                    "é",
                    &"x".repeat(i * 3 % 11),
                ])
            })
            .collect();
        let whole = tabwrite(&rows);
        let widths = tab_widths(&rows).unwrap();
        for chunk in [1, 3, 7, 40] {
            let mut text = String::new();
            for part in rows.chunks(chunk) {
                tab_lines(part, &widths, &mut text);
            }
            assert_eq!(text, whole, "chunks of {chunk}");
        }
        assert_eq!(tab_widths(&[row(&["a", "b"]), row(&["c"])]), None);
        let one: Vec<Vec<String>> = vec![row(&["only"]), row(&["x"])];
        let mut text = String::new();
        tab_lines(&one, &tab_widths(&one).unwrap(), &mut text);
        assert_eq!(text, tabwrite(&one));
    }

    #[test]
    fn at_answers_as_value_pointer_does() {
        let v = json!({"a": {"b": [10, {"c": "x"}], "": 1, "d/e": 2, "f~g": 3}, "n": null});
        for p in [
            "", "/", "/a", "/a/b", "/a/b/0", "/a/b/1/c", "/a/b/01", "/a/b/+1", "/a/b/2", "/a/b/-1",
            "/a/", "/a/d~1e", "/a/f~0g", "/a/d/e", "a", "/n", "/n/x", "/a/b/0/x",
        ] {
            assert_eq!(at(&v, p), v.pointer(p), "{p}");
        }
    }

    #[test]
    fn tabwriter_pads_all_but_the_last_column() {
        let t = tabwrite(&[
            row(&[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ]),
            row(&[
                "nginx",
                "ClusterIP",
                "10.105.103.161",
                "<none>",
                "80/TCP",
                "4m2s",
            ]),
        ]);
        assert_eq!(
            t,
            "NAME    TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)   AGE\n\
             nginx   ClusterIP   10.105.103.161   <none>        80/TCP    4m2s\n"
        );
        // Minimum width 6 (3 characters plus 3 of padding).
        assert_eq!(
            tabwrite(&[row(&["A", "B"]), row(&["cc", "d"])]),
            "A     B\ncc    d\n"
        );
        // A blank line separates blocks that align independently.
        assert_eq!(
            tabwrite(&[
                row(&["NAME", "X"]),
                row(&["a", "1"]),
                row(&[""]),
                row(&["LONGERNAME", "Y"])
            ]),
            "NAME   X\na      1\n\nLONGERNAME   Y\n"
        );
    }

    #[test]
    fn selectors_and_labels() {
        let sel = json!({"matchLabels": {"app": "nginx"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["b", "a"]}, {"key": "x", "operator": "DoesNotExist"}]});
        assert_eq!(
            format_label_selector(Some(&sel)),
            "app=nginx,tier in (a,b),!x"
        );
        assert_eq!(format_label_selector(None), "<none>");
        assert_eq!(format_label_selector(Some(&json!({}))), "<none>");
        assert_eq!(format_labels(&[]), "<none>");
        assert_eq!(
            format_labels(&smap(&json!({"b": "2", "a": "1"}), "")),
            "a=1,b=2"
        );
    }

    #[test]
    fn grep_patterns() {
        let m = |p: &str, e: bool, s: &str| Pattern::new(p, e, false).is_match(s);
        assert!(m("nginx", false, "pod/nginx-1"));
        assert!(m("^pod", false, "pod/x"));
        assert!(!m("^x", false, "pod/x"));
        assert!(m("x$", false, "pod/x"));
        assert!(m("ng.nx", false, "nginx"));
        assert!(m("a*b", false, "b"));
        assert!(m("[0-9][0-9]*/TCP", false, "80/TCP"));
        assert!(m("Running|Pending", true, "a  Pending"));
        assert!(!m("Running|Pending", false, "a  Pending"));
        assert!(Pattern::new("RUNNING", false, true).is_match("Running"));
    }

    #[test]
    fn ages_from_the_sim_clock() {
        let now = Time::parse_rfc3339("2026-01-05T09:04:02Z").unwrap();
        assert_eq!(age("2026-01-05T09:00:00Z", now), "4m2s");
        assert_eq!(age("", now), "<unknown>");
        assert_eq!(levenshtein("gett", "get"), 1);
        assert_eq!(levenshtein("Get", "set"), 1);
    }
}
