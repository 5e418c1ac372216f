//! Reading manifests as kubectl does: a stream split into documents at
//! `---` lines, each converted from YAML (or JSON) to a JSON object, with
//! kubectl's errors: `error parsing nginx.yaml: error converting YAML to
//! JSON: yaml: line 4: mapping values are not allowed in this context`
//! (line numbers counted inside the document, as go-yaml counts them) and
//! `unable to decode "x.yaml": Object 'Kind' is missing in '{...}'`.

use crate::yaml::to_compact_json;
use serde_json::Value;

/// The documents of one source. A syntax error stops the stream (the
/// documents before it are kept, as kubectl's stream visitor does); a
/// decode error skips only its document.
#[derive(Debug, Default)]
pub struct Stream {
    pub docs: Vec<Result<Value, String>>,
    pub fatal: Option<String>,
}

/// The largest manifest source read (a file, an editor tab, `-f -`): the
/// same 1 MiB as a shell command, so reading one never blocks for long (see
/// BENCHMARKS.md, "Input limits").
pub const MAX_SOURCE_BYTES: usize = crate::lexer::MAX_COMMAND_BYTES;

/// The API server's request body limit (`MaxRequestBodyBytes`): a larger
/// object is refused with 413 before it is decoded.
pub const MAX_REQUEST_BYTES: usize = 3 * 1024 * 1024;

/// Splits `text` (from `source`, e.g. `nginx.yaml` or `STDIN`) into objects.
pub fn parse(source: &str, text: &str) -> Stream {
    let mut out = Stream::default();
    if text.len() > MAX_SOURCE_BYTES {
        out.fatal = Some(format!(
            "error reading {source}: input of {} bytes is too long: manifests are limited to {MAX_SOURCE_BYTES} bytes (1 MiB)",
            text.len()
        ));
        return out;
    }
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
            Err(e) if e.starts_with("error unmarshaling JSON: ") => {
                out.fatal = Some(format!("error parsing {source}: {e}"));
                break;
            }
            Err(e) => {
                out.fatal = Some(format!(
                    "error parsing {source}: error converting YAML to JSON: {e}"
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

/// sigs.k8s.io/yaml's `YAMLToJSON` over go-yaml v2: the first document
/// of `doc` as JSON, or the error text after `error converting YAML to
/// JSON: ` (go-yaml's own errors start with `yaml: `).
pub fn yaml_to_json(doc: &str) -> Result<Value, String> {
    let tree = crate::goyaml::parse(doc)?;
    tree.to_json()
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
    if to_compact_json(&v).len() > MAX_REQUEST_BYTES {
        return Err(format!(
            "Error from server (RequestEntityTooLarge): error when creating \"{source}\": Request entity too large: limit is {MAX_REQUEST_BYTES}"
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
