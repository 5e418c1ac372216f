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
    // kubectl's YAMLOrJSONDecoder takes a stream that starts with `{` as
    // JSON (encoding/json's Decoder: values one after another).
    // The values every document of the source may hold together.
    let mut left = crate::goyaml::MAX_VALUES;
    if text.trim_start().starts_with('{') {
        let mut reader = json::Reader::new(text, left);
        loop {
            match reader.next_value() {
                Ok(None) => break,
                Ok(Some(Value::Null)) => continue,
                Ok(Some(v)) => out.docs.push(decode(source, v)),
                Err(e) => {
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
        // kubeplay's own limit (not go-yaml's) spares valid JSON.
        let before = left;
        let read = yaml_to_json_counted(&doc, &mut left).or_else(|e| {
            match e.contains("kubeplay's max depth") || e.contains("nested [ ]") {
                true => deep_json(&doc, before).ok_or(e),
                false => Err(e),
            }
        });
        match read {
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
    yaml_to_json_counted(doc, &mut crate::goyaml::MAX_VALUES.clone())
}

/// [`yaml_to_json`] within a source's count of values
/// ([`crate::goyaml::MAX_VALUES`]).
fn yaml_to_json_counted(doc: &str, left: &mut usize) -> Result<Value, String> {
    crate::goyaml::parse_counted(doc, left)?.to_json()
}

/// A document of a YAML stream that is JSON nested past kubeplay's limit
/// for flow collections ([`crate::goyaml::MAX_FLOW_DEPTH`], which only
/// spares libyaml's scanner): go-yaml reads valid JSON to its 10000 levels,
/// and the JSON reader gives the same value at a linear cost.
fn deep_json(doc: &str, left: usize) -> Option<Value> {
    let t = doc.trim_start();
    if !t.starts_with(['{', '[']) {
        return None;
    }
    let mut reader = json::Reader::new(doc, left);
    let v = reader.next_value().ok()??;
    matches!(reader.next_value(), Ok(None)).then_some(v)
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
    if crate::yaml::compact_json_len(&v) > MAX_REQUEST_BYTES {
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

mod json {
    //! encoding/json's Decoder as kubectl reads a JSON manifest stream:
    //! its scanner's errors (`json: offset N: invalid character ...`, the
    //! offset counted from the start of the stream, the bad byte included),
    //! `unexpected EOF`, and its 10000 levels of nesting. Iterative, so any
    //! depth costs no stack; the values are built [`MAX_VALUE_DEPTH`] deep
    //! (deeper collections kept empty, as the YAML reader keeps them).
    use crate::goyaml::{MAX_DEPTH, MAX_VALUE_DEPTH};
    use serde_json::{Map, Number, Value};

    pub struct Reader<'a> {
        b: &'a [u8],
        text: &'a str,
        pos: usize,
        /// How many more values may be read ([`crate::goyaml::MAX_VALUES`]).
        left: usize,
    }

    /// A collection being read: `[`/`{`, and (while within
    /// [`MAX_VALUE_DEPTH`]) its value so far with an object's pending key.
    struct Open {
        bracket: u8,
        built: Option<(Value, Option<String>)>,
    }

    impl<'a> Reader<'a> {
        pub fn new(text: &'a str, left: usize) -> Reader<'a> {
            Reader {
                b: text.as_bytes(),
                text,
                pos: 0,
                left,
            }
        }

        fn skip_space(&mut self) {
            while matches!(self.b.get(self.pos), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                self.pos += 1;
            }
        }

        /// Go's scanner error at the byte at `pos`, or `unexpected EOF`.
        fn fail(&self, at: usize, context: &str) -> String {
            match self.b.get(at) {
                None => "unexpected EOF".to_string(),
                Some(&c) => format!(
                    "json: offset {}: invalid character {} {context}",
                    at + 1,
                    quote_char(c)
                ),
            }
        }

        /// The next value of the stream, `None` at its end.
        pub fn next_value(&mut self) -> Result<Option<Value>, String> {
            self.skip_space();
            if self.pos >= self.b.len() {
                return Ok(None);
            }
            let mut stack: Vec<Open> = Vec::new();
            // Where the scanner is: a value is wanted (`Some(context)`), or
            // one just ended.
            let mut want: Option<&str> = Some("looking for beginning of value");
            loop {
                self.skip_space();
                let at = self.pos;
                let c = self.b.get(at).copied();
                if let Some(context) = want {
                    self.count(at)?;
                    let scalar = match c {
                        Some(b'{' | b'[') => {
                            let bracket = c.unwrap_or(b'[');
                            if stack.len() + 1 > MAX_DEPTH {
                                return Err(self.fail(at, "exceeded max depth"));
                            }
                            self.pos += 1;
                            let built = (stack.len() < MAX_VALUE_DEPTH).then(|| {
                                let v = if bracket == b'{' {
                                    Value::Object(Map::new())
                                } else {
                                    Value::Array(Vec::new())
                                };
                                (v, None)
                            });
                            stack.push(Open { bracket, built });
                            self.skip_space();
                            let close = if bracket == b'{' { b'}' } else { b']' };
                            if self.b.get(self.pos) == Some(&close) {
                                want = None;
                                continue;
                            }
                            if bracket == b'{' {
                                self.key(&mut stack, "looking for beginning of object key string")?;
                                want = Some("looking for beginning of value");
                            } else {
                                want = Some("looking for beginning of value");
                            }
                            continue;
                        }
                        Some(b'"') => Value::String(self.string()?),
                        Some(b'-' | b'0'..=b'9') => self.number()?,
                        Some(b't') => self.literal("true", Value::Bool(true))?,
                        Some(b'f') => self.literal("false", Value::Bool(false))?,
                        Some(b'n') => self.literal("null", Value::Null)?,
                        _ => return Err(self.fail(at, context)),
                    };
                    match stack.last_mut() {
                        None => return Ok(Some(scalar)),
                        Some(open) => put(open, scalar),
                    }
                    want = None;
                    continue;
                }
                // A value ended inside the innermost collection.
                let Some(open) = stack.last() else {
                    return Ok(None);
                };
                let (close, context) = if open.bracket == b'{' {
                    (b'}', "after object key:value pair")
                } else {
                    (b']', "after array element")
                };
                match c {
                    Some(b',') => {
                        self.pos += 1;
                        if open.bracket == b'{' {
                            self.skip_space();
                            self.key(&mut stack, "looking for beginning of object key string")?;
                        }
                        want = Some("looking for beginning of value");
                    }
                    Some(x) if x == close => {
                        self.pos += 1;
                        let Some(done) = stack.pop() else {
                            return Ok(None);
                        };
                        let value = match done.built {
                            Some((v, _)) => Some(v),
                            // The first level past the built ones is kept
                            // as an empty collection of its type.
                            None if stack.len() == MAX_VALUE_DEPTH => {
                                Some(if done.bracket == b'{' {
                                    Value::Object(Map::new())
                                } else {
                                    Value::Array(Vec::new())
                                })
                            }
                            None => None,
                        };
                        match (stack.last_mut(), value) {
                            (None, v) => return Ok(v),
                            (Some(parent), Some(v)) => put(parent, v),
                            (Some(_), None) => {}
                        }
                    }
                    _ => return Err(self.fail(at, context)),
                }
            }
        }

        /// One more value (or key) at `at`, within the source's count.
        fn count(&mut self, at: usize) -> Result<(), String> {
            if self.left == 0 && at < self.b.len() {
                let too_many = crate::goyaml::too_many_values();
                return Err(format!("json: offset {}: {too_many}", at + 1));
            }
            self.left = self.left.saturating_sub(1);
            Ok(())
        }

        /// An object's key and its `:`, at `pos`.
        fn key(&mut self, stack: &mut [Open], context: &str) -> Result<(), String> {
            if self.b.get(self.pos) != Some(&b'"') {
                return Err(self.fail(self.pos, context));
            }
            self.count(self.pos)?;
            let k = self.string()?;
            self.skip_space();
            if self.b.get(self.pos) != Some(&b':') {
                return Err(self.fail(self.pos, "after object key"));
            }
            self.pos += 1;
            if let Some(Open {
                built: Some((_, key)),
                ..
            }) = stack.last_mut()
            {
                *key = Some(k);
            }
            Ok(())
        }

        /// A string literal at `pos` (its opening quote), unescaped as Go
        /// does (a lone surrogate becomes U+FFFD).
        fn string(&mut self) -> Result<String, String> {
            self.pos += 1;
            let mut out = String::new();
            let mut run = self.pos;
            loop {
                let at = self.pos;
                match self.b.get(at).copied() {
                    None => return Err("unexpected EOF".to_string()),
                    Some(b'"') => {
                        out.push_str(self.text.get(run..at).unwrap_or(""));
                        self.pos += 1;
                        return Ok(out);
                    }
                    Some(c) if c < 0x20 => return Err(self.fail(at, "in string literal")),
                    Some(b'\\') => {
                        out.push_str(self.text.get(run..at).unwrap_or(""));
                        let e = self.b.get(at + 1).copied();
                        self.pos = at + 2;
                        let ch = match e {
                            Some(b'"') => '"',
                            Some(b'\\') => '\\',
                            Some(b'/') => '/',
                            Some(b'b') => '\u{8}',
                            Some(b'f') => '\u{c}',
                            Some(b'n') => '\n',
                            Some(b'r') => '\r',
                            Some(b't') => '\t',
                            Some(b'u') => {
                                let hi = self.hex4()?;
                                if (0xD800..0xDC00).contains(&hi)
                                    && self.b.get(self.pos..self.pos + 2) == Some(b"\\u")
                                {
                                    let save = self.pos;
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if (0xDC00..0xE000).contains(&lo) {
                                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                        char::from_u32(c).unwrap_or('\u{fffd}')
                                    } else {
                                        self.pos = save;
                                        '\u{fffd}'
                                    }
                                } else {
                                    char::from_u32(hi).unwrap_or('\u{fffd}')
                                }
                            }
                            _ => return Err(self.fail(at + 1, "in string escape code")),
                        };
                        out.push(ch);
                        run = self.pos;
                    }
                    Some(_) => self.pos += 1,
                }
            }
        }

        fn hex4(&mut self) -> Result<u32, String> {
            let mut v = 0;
            for _ in 0..4 {
                let at = self.pos;
                let Some(d) = self.b.get(at).and_then(|&c| (c as char).to_digit(16)) else {
                    return Err(self.fail(at, "in \\u hexadecimal character escape"));
                };
                v = v * 16 + d;
                self.pos += 1;
            }
            Ok(v)
        }

        /// A number at `pos`, Go's grammar and errors.
        fn number(&mut self) -> Result<Value, String> {
            let start = self.pos;
            let digits = |r: &mut Self| {
                while r.b.get(r.pos).is_some_and(u8::is_ascii_digit) {
                    r.pos += 1;
                }
            };
            if self.b.get(self.pos) == Some(&b'-') {
                self.pos += 1;
            }
            match self.b.get(self.pos) {
                Some(b'0') => self.pos += 1,
                Some(b'1'..=b'9') => digits(self),
                _ => return Err(self.fail(self.pos, "in numeric literal")),
            }
            if self.b.get(self.pos) == Some(&b'.') {
                self.pos += 1;
                if !self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                    return Err(self.fail(self.pos, "after decimal point in numeric literal"));
                }
                digits(self);
            }
            if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
                self.pos += 1;
                if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                    self.pos += 1;
                }
                if !self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                    return Err(self.fail(self.pos, "in exponent of numeric literal"));
                }
                digits(self);
            }
            let text = self.text.get(start..self.pos).unwrap_or("0");
            // kubectl's unstructured decoding: an int64 if it is one, else
            // a float64 (one out of its range cannot be decoded).
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Number(i.into()));
            }
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| {
                    format!("json: cannot unmarshal number {text} into Go value of type float64")
                })
        }

        fn literal(&mut self, word: &str, v: Value) -> Result<Value, String> {
            for (i, want) in word.bytes().enumerate().skip(1) {
                let at = self.pos + i;
                if self.b.get(at) != Some(&want) {
                    return Err(self.fail(
                        at,
                        &format!("in literal {word} (expecting {})", quote_char(want)),
                    ));
                }
            }
            self.pos += word.len();
            Ok(v)
        }
    }

    /// A finished value into its collection (nothing past the built depth).
    fn put(open: &mut Open, v: Value) {
        match &mut open.built {
            Some((Value::Array(items), _)) => items.push(v),
            Some((Value::Object(m), key)) => {
                if let Some(k) = key.take() {
                    m.insert(k, v);
                }
            }
            _ => {}
        }
    }

    /// Go's `quoteChar`: `'x'`, `'\''`, `'"'`, `'\t'`, `'\x01'`, and a byte
    /// past ASCII as the Latin-1 character it would be as a rune.
    fn quote_char(c: u8) -> String {
        match c {
            b'\'' => "'\\''".to_string(),
            b'"' => "'\"'".to_string(),
            b'\t' => "'\\t'".to_string(),
            b'\n' => "'\\n'".to_string(),
            b'\r' => "'\\r'".to_string(),
            b'\\' => "'\\\\'".to_string(),
            0x07 => "'\\a'".to_string(),
            0x08 => "'\\b'".to_string(),
            0x0c => "'\\f'".to_string(),
            0x0b => "'\\v'".to_string(),
            0x20..=0x7e => format!("'{}'", c as char),
            0x80..=0xa0 | 0xad => format!("'\\u{:04x}'", c),
            0xa1..=0xff => format!("'{}'", c as char),
            _ => format!("'\\x{c:02x}'"),
        }
    }
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
    fn json_errors_in_kubectl_words() {
        // Each expectation was produced by kubectl v1.32 on the same file.
        let cases = [
            (
                "{\"apiVersion\":\"v1\",\n\"kind\":\"ConfigMap\",,\"metadata\":{}}",
                "json: offset 40: invalid character ',' looking for beginning of object key string",
            ),
            (
                "{\"a\":\"\\q\"}",
                "json: offset 8: invalid character 'q' in string escape code",
            ),
            (
                "{\"a\":\"x\ty\"}",
                "json: offset 8: invalid character '\\t' in string literal",
            ),
            (
                "{\"a\":trux}",
                "json: offset 9: invalid character 'x' in literal true (expecting 'e')",
            ),
            (
                "{\"a\":-x}",
                "json: offset 7: invalid character 'x' in numeric literal",
            ),
            (
                "{\"a\":1.x}",
                "json: offset 8: invalid character 'x' after decimal point in numeric literal",
            ),
            (
                "{\"a\":1ex}",
                "json: offset 8: invalid character 'x' in exponent of numeric literal",
            ),
            (
                "{\"a\" 1}",
                "json: offset 6: invalid character '1' after object key",
            ),
            (
                "{\"a\":1 2}",
                "json: offset 8: invalid character '2' after object key:value pair",
            ),
            (
                "{\"a\":[1 2]}",
                "json: offset 9: invalid character '2' after array element",
            ),
            (
                "{\"a\":\"\\u12x4\"}",
                "json: offset 11: invalid character 'x' in \\u hexadecimal character escape",
            ),
            (
                "{\"a\":1,}",
                "json: offset 8: invalid character '}' looking for beginning of object key string",
            ),
            (
                "{\"a\":\u{e9}}",
                "json: offset 6: invalid character '\u{c3}' looking for beginning of value",
            ),
            ("  \n {\"a\":1", "unexpected EOF"),
        ];
        for (text, want) in cases {
            assert_eq!(
                fatal(text),
                format!("error parsing bad.yaml: {want}"),
                "{text}"
            );
        }
        // Objects before the error are kept; `null` is skipped; a number is
        // not an object.
        let s = parse("t.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}} null 5 xx");
        assert_eq!(s.docs.len(), 2);
        assert!(s.docs[0].is_ok());
        assert_eq!(
            s.docs[1].as_ref().unwrap_err(),
            "unable to decode \"t.json\": json: cannot unmarshal number into Go value of type unstructured.detector"
        );
        assert_eq!(
            s.fatal.as_deref(),
            Some("error parsing t.json: json: offset 71: invalid character 'x' looking for beginning of value")
        );
    }

    /// `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":`
    /// then `levels - 1` nested arrays.
    fn nested_json(levels: usize) -> String {
        let d = levels - 1;
        format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"x\"}},\"data\":{}{}}}",
            "[".repeat(d),
            "]".repeat(d)
        )
    }

    #[test]
    fn json_nests_as_deep_as_kubectl_reads_it() {
        // kubectl v1.32: 10000 levels are read, 10001 are not.
        let s = parse("d.json", &nested_json(10000));
        assert_eq!(s.fatal, None);
        let v = s.docs[0].as_ref().unwrap();
        // Built 100 levels deep, the rest kept as one empty array.
        let mut cur = &v["data"];
        let mut depth = 1;
        while let Some(inner) = cur.as_array().and_then(|a| a.first()) {
            cur = inner;
            depth += 1;
        }
        assert_eq!(depth, crate::goyaml::MAX_VALUE_DEPTH);
        assert_eq!(
            parse("d.json", &nested_json(10001)).fatal.as_deref(),
            Some("error parsing d.json: json: offset 10069: invalid character '[' exceeded max depth")
        );
        let objects = format!(
            "{{\"kind\":\"ConfigMap\",\"data\":{}1{}}}",
            "{\"a\":".repeat(10000),
            "}".repeat(10000)
        );
        assert_eq!(
            parse("o.json", &objects).fatal.as_deref(),
            Some("error parsing o.json: json: offset 50023: invalid character '{' exceeded max depth")
        );
    }

    #[test]
    fn deep_json_in_a_yaml_stream_is_read_as_go_yaml_reads_it() {
        // Past kubeplay's flow limit, valid JSON is still read (go-yaml
        // reads it to 10000 levels); invalid JSON keeps the YAML error.
        let deep = nested_json(5000);
        let s = parse("s.yaml", &format!("kind: ConfigMap\n---\n{deep}\n"));
        assert_eq!(s.fatal, None);
        assert_eq!(s.docs.len(), 2);
        assert!(s.docs[1].as_ref().unwrap()["data"].is_array());
        let broken = format!("kind: ConfigMap\n---\n{}\n", &deep[..deep.len() - 1]);
        assert!(parse("s.yaml", &broken)
            .fatal
            .unwrap_or_default()
            .contains("exceeded kubeplay's max depth of 1000"));
    }

    #[test]
    fn json_strings_and_numbers_as_go_reads_them() {
        let s = parse(
            "s.json",
            r#"{"kind":"x","s":"a\u00e9\ud83d\ude00\ud800b\/\n","n":[0,-1,1.5,1e3,18446744073709551615]}"#,
        );
        let v = s.docs[0].as_ref().unwrap();
        assert_eq!(v["s"], "a\u{e9}\u{1f600}\u{fffd}b/\n");
        assert_eq!(
            v["n"].to_string(),
            "[0,-1,1.5,1000.0,1.8446744073709552e+19]"
        );
    }

    #[test]
    fn a_source_holds_at_most_max_values() {
        use crate::goyaml::MAX_VALUES;
        // Two documents share the count: 3 values each for the header
        // (9 values for the header, 2 per `data` entry).
        let doc = |name: &str, n: usize| {
            let mut d = format!("kind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n");
            for i in 0..n {
                d.push_str(&format!("  k{i}: v\n"));
            }
            d
        };
        let half = (MAX_VALUES - 18) / 4;
        let ok = format!("{}---\n{}", doc("a", half), doc("b", half));
        let s = parse("x.yaml", &ok);
        assert_eq!((s.fatal, s.docs.len()), (None, 2));
        let over = format!("{}---\n{}", doc("a", half), doc("b", half + 10));
        let s = parse("x.yaml", &over);
        assert_eq!(s.docs.len(), 1);
        let fatal = s.fatal.unwrap_or_default();
        assert!(
            fatal.starts_with("error parsing x.yaml: error converting YAML to JSON: yaml: line ")
                && fatal.ends_with(&format!("too many values for kubeplay to read: a manifest may hold at most {MAX_VALUES} (keys, values and collections)")),
            "{fatal}"
        );
        // JSON counts keys and values alike.
        let mut json = String::from("{\"kind\":\"ConfigMap\",\"data\":{");
        for i in 0..MAX_VALUES / 2 {
            json.push_str(&format!("\"k{i}\":\"v\","));
        }
        json.push_str("\"z\":\"v\"}}");
        let fatal = parse("x.json", &json).fatal.unwrap_or_default();
        assert!(
            fatal.starts_with("error parsing x.json: json: offset ")
                && fatal.contains(": too many values for kubeplay to read"),
            "{fatal}"
        );
    }

    #[test]
    fn request_size_is_measured_as_written() {
        let v: Value = serde_json::json!({"a": [1, -2, 1.5, 1e300, null, true, false, [], {}],
            "s": "<&>\u{2028}\u{1}\t\"\\é😀", "": {"x": "y"}});
        assert_eq!(crate::yaml::compact_json_len(&v), to_compact_json(&v).len());
    }

    #[test]
    fn separators_and_json() {
        assert_eq!(split_documents("a: 1\n--- # c\nb: 2\n---x: 3\n").len(), 2);
        let s = parse("x.json", "{\"kind\": \"Pod\", \"apiVersion\": \"v1\"}");
        assert_eq!(s.docs.len(), 1);
    }
}
