//! Reading manifests as kubectl does: a stream split into documents at
//! `---` lines, each converted from YAML (or JSON) to a JSON object, with
//! kubectl's errors: `error parsing nginx.yaml: error converting YAML to
//! JSON: yaml: line 4: mapping values are not allowed in this context`
//! (line numbers counted inside the document, as go-yaml counts them) and
//! `unable to decode "x.yaml": Object 'Kind' is missing in '{...}'`.

use crate::yaml::to_compact_json;
use serde_json::{Map, Number, Value};

/// The documents of one source. A syntax error stops the stream (the
/// documents before it are kept, as kubectl's stream visitor does); a
/// decode error skips only its document.
#[derive(Debug, Default)]
pub struct Stream {
    pub docs: Vec<Result<Value, String>>,
    pub fatal: Option<String>,
}

/// Splits `text` (from `source`, e.g. `nginx.yaml` or `STDIN`) into objects.
pub fn parse(source: &str, text: &str) -> Stream {
    let mut out = Stream::default();
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let mut de = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        loop {
            match de.next() {
                None => break,
                Some(Ok(v)) => out.docs.push(decode(source, v)),
                Some(Err(e)) => {
                    out.fatal = Some(format!("error parsing {source}: {e}"));
                    break;
                }
            }
        }
        return out;
    }
    for doc in split_documents(text) {
        if doc.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        }) {
            continue;
        }
        match yaml_to_json(&doc) {
            Ok(Value::Null) => continue,
            Ok(v) => out.docs.push(decode(source, v)),
            Err(e) => {
                out.fatal = Some(format!(
                    "error parsing {source}: error converting YAML to JSON: yaml: {e}"
                ));
                break;
            }
        }
    }
    out
}

/// kubectl's YAMLReader: a line starting with `---` followed only by blanks
/// or a comment separates documents.
pub fn split_documents(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("---") {
            let r = rest.trim();
            if r.is_empty() || r.starts_with('#') {
                docs.push(std::mem::take(&mut cur));
                continue;
            }
        }
        cur.push_str(line);
    }
    docs.push(cur);
    docs
}

/// The go-yaml wording of a YAML error: `line N: problem`.
fn yaml_to_json(doc: &str) -> Result<Value, String> {
    let v: serde_yaml::Value = serde_yaml::from_str(doc).map_err(|e| go_yaml_error(&e))?;
    let mut v = v;
    v.apply_merge().map_err(|e| go_yaml_error(&e))?;
    Ok(to_json(v))
}

fn go_yaml_error(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    // "problem at line X column Y, while context at line A column B"
    let (head, context) = match text.split_once(", while ") {
        Some((h, c)) => (h.to_string(), Some(c.to_string())),
        None => (text.clone(), None),
    };
    let problem = match head.find(" at line ") {
        Some(p) => head[..p].to_string(),
        None => head.clone(),
    };
    if problem == "unknown anchor" {
        return "unknown anchor referenced".to_string();
    }
    if let Some((_, key)) = problem.split_once("duplicate entry with key ") {
        let line = e.location().map(|l| l.line()).unwrap_or(0);
        return format!("line {line}: key {key} already set in map");
    }
    let parser_error = problem.starts_with("did not find expected")
        || problem.starts_with("found undefined tag handle")
        || problem.starts_with("found duplicate")
        || problem.starts_with("found incompatible YAML document");
    let p0 = e
        .location()
        .map(|l| l.line().saturating_sub(1))
        .unwrap_or(0);
    let c0 = context
        .as_deref()
        .and_then(|c| c.split_once(" at line "))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| n.saturating_sub(1))
        .unwrap_or(0);
    let line = if p0 != 0 {
        if parser_error {
            p0
        } else {
            p0 + 1
        }
    } else {
        c0
    };
    if line == 0 {
        problem
    } else {
        format!("line {line}: {problem}")
    }
}

/// sigs.k8s.io/yaml's conversion: keys become strings.
fn to_json(v: serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                n.as_f64()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect())
        }
        serde_yaml::Value::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    serde_yaml::Value::Null => "null".to_string(),
                    other => to_compact_json(&to_json(other)),
                };
                out.insert(key, to_json(v));
            }
            Value::Object(out)
        }
        serde_yaml::Value::Tagged(t) => to_json(t.value),
    }
}

/// kubectl's decode step: an object with a kind.
fn decode(source: &str, v: Value) -> Result<Value, String> {
    let what = match &v {
        Value::Object(_) => None,
        Value::Array(_) => Some("array"),
        Value::String(_) => Some("string"),
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("bool"),
        Value::Null => Some("null"),
    };
    if let Some(t) = what {
        return Err(format!(
            "unable to decode \"{source}\": json: cannot unmarshal {t} into Go value of type unstructured.detector"
        ));
    }
    if v.get("kind")
        .and_then(Value::as_str)
        .unwrap_or("")
        .is_empty()
    {
        return Err(format!(
            "unable to decode \"{source}\": Object 'Kind' is missing in '{}'",
            to_compact_json(&v)
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fatal(text: &str) -> String {
        parse("bad.yaml", text).fatal.unwrap_or_default()
    }

    #[test]
    fn yaml_errors_in_kubectl_words() {
        // Each expectation was produced by kubectl v1.32 on the same file.
        let pre = "error parsing bad.yaml: error converting YAML to JSON: yaml: ";
        assert_eq!(
            fatal("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   foo: bar\n"),
            format!("{pre}line 5: mapping values are not allowed in this context")
        );
        assert_eq!(
            fatal("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\n"),
            format!("{pre}line 4: mapping values are not allowed in this context")
        );
        assert_eq!(
            fatal("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"x\n"),
            format!("{pre}line 5: found unexpected end of stream")
        );
        assert_eq!(
            fatal("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n"),
            format!("{pre}line 4: did not find expected ',' or ']'")
        );
        assert_eq!(
            fatal("a:\n  - b\n  c: d\n"),
            format!("{pre}line 2: did not find expected '-' indicator")
        );
        assert_eq!(
            fatal("a: b\n- c\n"),
            format!("{pre}line 1: did not find expected key")
        );
        assert_eq!(
            fatal("a: {b: c\n"),
            format!("{pre}line 1: did not find expected ',' or '}}'")
        );
        assert_eq!(
            fatal("a: b\n\tc: d\n"),
            format!("{pre}line 2: found a tab character that violates indentation")
        );
        assert_eq!(
            fatal("a: b: c\n"),
            format!("{pre}mapping values are not allowed in this context")
        );
        assert_eq!(
            fatal("\tkind: x\n"),
            format!("{pre}found character that cannot start any token")
        );
        assert_eq!(
            fatal("- a\nb: c\n"),
            format!("{pre}line 1: did not find expected '-' indicator")
        );
    }

    #[test]
    fn documents_are_counted_separately() {
        let s = parse("bad3.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n\tname: y\n");
        assert_eq!(s.docs.len(), 1);
        assert_eq!(
            s.fatal.as_deref(),
            Some("error parsing bad3.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token")
        );
    }

    #[test]
    fn decode_errors_skip_one_document() {
        let s = parse("x.yaml", "apiVersion: v1\nmetadata:\n  name: x\n---\n- a\n---\n# only a comment\n---\nkind: Pod\napiVersion: v1\n");
        assert_eq!(s.fatal, None);
        assert_eq!(s.docs.len(), 3);
        assert_eq!(
            s.docs[0].as_ref().unwrap_err(),
            "unable to decode \"x.yaml\": Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'"
        );
        assert_eq!(
            s.docs[1].as_ref().unwrap_err(),
            "unable to decode \"x.yaml\": json: cannot unmarshal array into Go value of type unstructured.detector"
        );
        assert!(s.docs[2].is_ok());
        assert!(parse("e.yaml", "\n# nothing\n---\n").docs.is_empty());
    }

    #[test]
    fn separators_and_json() {
        assert_eq!(split_documents("a: 1\n--- # c\nb: 2\n---x: 3\n").len(), 2);
        let s = parse("x.json", "{\"kind\": \"Pod\", \"apiVersion\": \"v1\"}");
        assert_eq!(s.docs.len(), 1);
    }
}
