//! kubectl's JSONPath templates (`-o jsonpath=...`, `custom-columns`,
//! `--sort-by`): text with `{...}` expressions: fields `.a.b`, indexes
//! `[0]`, `[-1]`, slices `[1:3]`, wildcards `[*]` and `.*`, recursive
//! `..name`, filters `[?(@.type=="Ready")]`, `range ... end`, string
//! literals `{"\n"}`. Missing keys print nothing (kubectl's default
//! `--allow-missing-template-keys=true`).

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Expr(Vec<Step>),
    Literal(String),
    Range(Vec<Step>, Vec<Node>),
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Root,
    Current,
    Field(String),
    AllFields,
    Recursive(String),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    All,
    Filter(Vec<Step>, String, Value),
    FilterExists(Vec<Step>),
}

/// Parses a template; the error is kubectl's wording after `error: `.
fn parse(template: &str) -> Result<Vec<Node>, String> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = Vec::new();
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    let mut text = String::new();
    let push =
        |node: Node, stack: &mut Vec<(Vec<Step>, Vec<Node>)>, nodes: &mut Vec<Node>| match stack
            .last_mut()
        {
            Some((_, body)) => body.push(node),
            None => nodes.push(node),
        };
    while i < chars.len() {
        if chars[i] != '{' {
            text.push(chars[i]);
            i += 1;
            continue;
        }
        if !text.is_empty() {
            push(
                Node::Text(std::mem::take(&mut text)),
                &mut stack,
                &mut nodes,
            );
        }
        // Find the closing brace outside quotes.
        let mut j = i + 1;
        let mut quote: Option<char> = None;
        while j < chars.len() {
            match (quote, chars[j]) {
                (None, '"' | '\'') => quote = Some(chars[j]),
                (Some(q), c) if c == q => quote = None,
                (Some(_), '\\') => j += 1,
                (None, '}') => break,
                _ => {}
            }
            j += 1;
        }
        if j >= chars.len() {
            return Err("unclosed action".to_string());
        }
        let inner: String = chars[i + 1..j].iter().collect();
        i = j + 1;
        let inner = inner.trim();
        if inner == "end" {
            let Some((steps, body)) = stack.pop() else {
                return Err("not in range, nothing to end".to_string());
            };
            push(Node::Range(steps, body), &mut stack, &mut nodes);
        } else if let Some(rest) = inner.strip_prefix("range ") {
            stack.push((parse_path(rest.trim())?, Vec::new()));
        } else if (inner.starts_with('"') && inner.ends_with('"') && inner.len() >= 2)
            || (inner.starts_with('\'') && inner.ends_with('\'') && inner.len() >= 2)
        {
            let lit = &inner[1..inner.len() - 1];
            push(Node::Literal(unescape(lit)), &mut stack, &mut nodes);
        } else {
            push(Node::Expr(parse_path(inner)?), &mut stack, &mut nodes);
        }
    }
    if !text.is_empty() {
        push(Node::Text(text), &mut stack, &mut nodes);
    }
    // A range left open runs to the end of the template, as client-go's
    // does.
    while let Some((steps, body)) = stack.pop() {
        push(Node::Range(steps, body), &mut stack, &mut nodes);
    }
    Ok(nodes)
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_path(p: &str) -> Result<Vec<Step>, String> {
    let cs: Vec<char> = p.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        match cs[i] {
            '$' => {
                steps.push(Step::Root);
                i += 1;
            }
            '@' => {
                steps.push(Step::Current);
                i += 1;
            }
            '.' => {
                if cs.get(i + 1) == Some(&'.') {
                    i += 2;
                    let (name, n) = field_name(&cs[i..]);
                    steps.push(Step::Recursive(name));
                    i += n;
                } else {
                    i += 1;
                    if cs.get(i) == Some(&'*') {
                        steps.push(Step::AllFields);
                        i += 1;
                        continue;
                    }
                    let (name, n) = field_name(&cs[i..]);
                    if !name.is_empty() {
                        steps.push(Step::Field(name));
                    }
                    i += n;
                }
            }
            '[' => {
                let mut j = i + 1;
                let mut depth = 1;
                while j < cs.len() {
                    if cs[j] == '[' {
                        depth += 1;
                    }
                    if cs[j] == ']' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    j += 1;
                }
                if j >= cs.len() {
                    return Err(format!("unterminated array in {p}"));
                }
                let inner: String = cs[i + 1..j].iter().collect();
                steps.push(bracket(&inner)?);
                i = j + 1;
            }
            ' ' => i += 1,
            c if c.is_alphanumeric() || c == '_' => {
                let (name, n) = field_name(&cs[i..]);
                steps.push(Step::Field(name));
                i += n;
            }
            c => {
                return Err(format!(
                    "unrecognized character in action: U+{:04X} '{c}'",
                    c as u32
                ))
            }
        }
    }
    Ok(steps)
}

/// A field name up to the next `.` or `[` (a `\.` is a literal dot).
fn field_name(cs: &[char]) -> (String, usize) {
    let mut name = String::new();
    let mut i = 0;
    while i < cs.len() {
        match cs[i] {
            '\\' if i + 1 < cs.len() => {
                name.push(cs[i + 1]);
                i += 2;
            }
            '.' | '[' | ' ' => break,
            c => {
                name.push(c);
                i += 1;
            }
        }
    }
    (name, i)
}

fn bracket(inner: &str) -> Result<Step, String> {
    let t = inner.trim();
    if t == "*" {
        return Ok(Step::All);
    }
    if let Some(f) = t.strip_prefix("?(").and_then(|r| r.strip_suffix(')')) {
        for op in ["==", "!="] {
            if let Some((lhs, rhs)) = f.split_once(op) {
                let steps = parse_path(lhs.trim())?;
                let rhs = rhs.trim();
                let v = if (rhs.starts_with('"') && rhs.ends_with('"'))
                    || (rhs.starts_with('\'') && rhs.ends_with('\''))
                {
                    Value::String(rhs[1..rhs.len() - 1].to_string())
                } else {
                    serde_json::from_str(rhs).unwrap_or(Value::String(rhs.to_string()))
                };
                return Ok(Step::Filter(steps, op.to_string(), v));
            }
        }
        return Ok(Step::FilterExists(parse_path(f.trim())?));
    }
    if (t.starts_with('\'') && t.ends_with('\'') && t.len() >= 2)
        || (t.starts_with('"') && t.ends_with('"') && t.len() >= 2)
    {
        return Ok(Step::Field(t[1..t.len() - 1].to_string()));
    }
    if let Some((a, b)) = t.split_once(':') {
        let num = |x: &str| -> Result<Option<i64>, String> {
            let x = x.trim();
            if x.is_empty() {
                Ok(None)
            } else {
                x.parse()
                    .map(Some)
                    .map_err(|_| format!("invalid array index {x}"))
            }
        };
        return Ok(Step::Slice(
            num(a)?,
            num(b.split(':').next().unwrap_or(""))?,
        ));
    }
    // `[]` is `[0]`: client-go's slice with no start takes index 0 and
    // derives the end from it.
    if t.is_empty() {
        return Ok(Step::Index(0));
    }
    t.parse::<i64>()
        .map(Step::Index)
        .map_err(|_| format!("invalid array index {t}"))
}

fn eval<'a>(steps: &[Step], root: &'a Value, cur: &'a Value) -> Vec<&'a Value> {
    let mut set: Vec<&Value> = vec![cur];
    for st in steps {
        let mut next: Vec<&Value> = Vec::new();
        for v in set {
            match st {
                Step::Root => next.push(root),
                Step::Current => next.push(v),
                Step::Field(f) => {
                    if let Some(x) = v.get(f.as_str()) {
                        next.push(x);
                    }
                }
                Step::AllFields => match v {
                    Value::Object(m) => next.extend(m.values()),
                    Value::Array(a) => next.extend(a.iter()),
                    _ => {}
                },
                Step::Recursive(f) => collect_recursive(v, f, &mut next),
                Step::Index(i) => {
                    if let Value::Array(a) = v {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        if idx >= 0 {
                            if let Some(x) = a.get(idx as usize) {
                                next.push(x);
                            }
                        }
                    }
                }
                Step::Slice(from, to) => {
                    if let Value::Array(a) = v {
                        let len = a.len() as i64;
                        let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                        let f = norm(from.unwrap_or(0));
                        let t = norm(to.unwrap_or(len));
                        if f < t {
                            next.extend(a[f as usize..t as usize].iter());
                        }
                    }
                }
                Step::All => match v {
                    Value::Array(a) => next.extend(a.iter()),
                    Value::Object(m) => next.extend(m.values()),
                    _ => {}
                },
                Step::Filter(path, op, want) => {
                    if let Value::Array(a) = v {
                        for item in a {
                            let got = eval(path, root, item);
                            let hit = got.iter().any(|g| loose_eq(g, want));
                            if (op == "==") == hit {
                                next.push(item);
                            }
                        }
                    }
                }
                Step::FilterExists(path) => {
                    if let Value::Array(a) = v {
                        for item in a {
                            if !eval(path, root, item).is_empty() {
                                next.push(item);
                            }
                        }
                    }
                }
            }
        }
        set = next;
    }
    set
}

fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::Number(y)) | (Value::Number(y), Value::String(x)) => {
            x == &y.to_string()
        }
        _ => a == b,
    }
}

fn collect_recursive<'a>(v: &'a Value, f: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(f) {
                out.push(x);
            }
            for c in m.values() {
                collect_recursive(c, f, out);
            }
        }
        Value::Array(a) => {
            for c in a {
                collect_recursive(c, f, out);
            }
        }
        _ => {}
    }
}

/// How kubectl's JSONPath printer writes one value.
pub fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => crate::yaml::to_compact_json(other),
    }
}

fn exec(nodes: &[Node], root: &Value, cur: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) | Node::Literal(t) => out.push_str(t),
            Node::Expr(steps) => {
                let vals = eval(steps, root, cur);
                let texts: Vec<String> = vals.iter().map(|v| text_of(v)).collect();
                out.push_str(&texts.join(" "));
            }
            Node::Range(steps, body) => {
                for v in eval(steps, root, cur) {
                    exec(body, root, v, out);
                }
            }
        }
    }
}

/// Runs a template over an object.
pub fn render(template: &str, obj: &Value) -> Result<String, String> {
    let nodes = parse(template)?;
    let mut out = String::new();
    exec(&nodes, obj, obj, &mut out);
    Ok(out)
}

/// What each node of a template gives, in order (client-go's
/// `FindResults`): a text's own string, an expression's values, a range's
/// body once per item (the range itself gives nothing).
fn results(nodes: &[Node], root: &Value, cur: &Value, out: &mut Vec<Vec<Value>>) {
    for n in nodes {
        match n {
            Node::Text(t) | Node::Literal(t) => out.push(vec![Value::String(t.clone())]),
            Node::Expr(steps) => out.push(eval(steps, root, cur).into_iter().cloned().collect()),
            Node::Range(steps, body) => {
                for v in eval(steps, root, cur) {
                    results(body, root, v, out);
                }
            }
        }
    }
}

/// `-o jsonpath-as-json=...`: each node's results as an indented JSON
/// array on lines of their own (client-go's JSON output mode).
pub fn render_as_json(template: &str, obj: &Value) -> Result<String, String> {
    let nodes = parse(template)?;
    let mut all = Vec::new();
    results(&nodes, obj, obj, &mut all);
    let mut out = String::new();
    for r in all {
        let text = crate::yaml::to_json(&Value::Array(r));
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// The values one path selects (for custom columns and sorting).
pub fn values(path: &str, obj: &Value) -> Result<Vec<Value>, String> {
    let p = path.trim();
    let p = p
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(p);
    let steps = parse_path(p)?;
    Ok(eval(&steps, obj, obj).into_iter().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod() -> Value {
        json!({"kind": "Pod", "metadata": {"name": "web", "labels": {"app": "nginx", "app.kubernetes.io/name": "x"}},
               "spec": {"containers": [{"name": "a", "image": "nginx"}, {"name": "b", "image": "busybox"}]},
               "status": {"podIP": "10.1.0.6", "conditions": [{"type": "Ready", "status": "True"}, {"type": "Initialized", "status": "False"}]}})
    }

    #[test]
    fn fields_indexes_wildcards() {
        let p = pod();
        assert_eq!(render("{.status.podIP}", &p).unwrap(), "10.1.0.6");
        assert_eq!(render("{.spec.containers[*].name}", &p).unwrap(), "a b");
        assert_eq!(
            render("{.spec.containers[-1].image}", &p).unwrap(),
            "busybox"
        );
        assert_eq!(render("{.spec.containers[0:1].name}", &p).unwrap(), "a");
        // client-go reads `[]` as `[0]` (the Quick Reference's first user).
        assert_eq!(render("{.spec.containers[].name}", &p).unwrap(), "a");
        assert_eq!(
            render("{.metadata.labels}", &p).unwrap(),
            "{\"app\":\"nginx\",\"app.kubernetes.io/name\":\"x\"}"
        );
        assert_eq!(
            render("{.metadata.labels.app\\.kubernetes\\.io/name}", &p).unwrap(),
            "x"
        );
        assert_eq!(
            render("{.metadata.labels['app.kubernetes.io/name']}", &p).unwrap(),
            "x"
        );
        assert_eq!(render("{.status.missing}", &p).unwrap(), "");
        assert_eq!(render("{..image}", &p).unwrap(), "nginx busybox");
        assert_eq!(render("name={.metadata.name}", &p).unwrap(), "name=web");
    }

    #[test]
    fn an_open_range_runs_to_the_end() {
        let v = json!({"name": "d", "items": [{"n": "a"}, {"n": "b"}]});
        assert_eq!(
            render("{.name}{range .items[*]}{.n},", &v).as_deref(),
            Ok("da,b,")
        );
        assert_eq!(render("{range .items[*]}{range .n}", &v).as_deref(), Ok(""));
        assert_eq!(
            render_as_json("{range .items[*]}{.n}", &v).as_deref(),
            Ok("[\n    \"a\"\n]\n[\n    \"b\"\n]\n")
        );
    }

    #[test]
    fn filters_ranges_literals() {
        let p = pod();
        assert_eq!(
            render("{.status.conditions[?(@.type==\"Ready\")].status}", &p).unwrap(),
            "True"
        );
        assert_eq!(
            render(
                "{range .spec.containers[*]}{.name}:{.image}{\"\\n\"}{end}",
                &p
            )
            .unwrap(),
            "a:nginx\nb:busybox\n"
        );
        let list = json!({"items": [pod(), pod()]});
        assert_eq!(
            render("{.items[*].metadata.name}", &list).unwrap(),
            "web web"
        );
        assert!(render("{.a", &p).is_err());
        assert!(render("{end}", &p).is_err());
    }
}
