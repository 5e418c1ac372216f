//! Label selectors: `metav1.LabelSelector` (matchLabels + matchExpressions)
//! as stored in objects, and kubectl's `-l` strings
//! (`a=b,c!=d,e in (x,y),f notin (z),g,!h`), with one matching rule.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// A selector operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `key in (a,b)`, `key=a`, `key==a`, matchExpressions `In`.
    In,
    /// `key notin (a,b)`, `key!=a`, matchExpressions `NotIn`.
    NotIn,
    /// `key`, matchExpressions `Exists`.
    Exists,
    /// `!key`, matchExpressions `DoesNotExist`.
    DoesNotExist,
    /// `key>3` (only integers).
    Gt,
    /// `key<3` (only integers).
    Lt,
}

/// One requirement on one label key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub op: Op,
    pub values: Vec<String>,
}

impl Requirement {
    /// Whether a set of labels satisfies this requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.matches_value(labels.get(&self.key).map(String::as_str))
    }

    /// Whether the value of the requirement's key (`None`: no such label)
    /// satisfies it.
    fn matches_value(&self, v: Option<&str>) -> bool {
        match self.op {
            Op::In => v.is_some_and(|v| self.values.iter().any(|x| x == v)),
            // Like apimachinery: a missing key satisfies NotIn / `!=`.
            Op::NotIn => v.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            Op::Exists => v.is_some(),
            Op::DoesNotExist => v.is_none(),
            Op::Gt | Op::Lt => {
                let (Some(v), Some(bound)) = (v, self.values.first()) else {
                    return false;
                };
                match (v.parse::<i64>(), bound.parse::<i64>()) {
                    (Ok(v), Ok(b)) => {
                        if self.op == Op::Gt {
                            v > b
                        } else {
                            v < b
                        }
                    }
                    _ => false,
                }
            }
        }
    }
}

/// A label selector: every requirement must hold. An empty selector
/// matches everything (callers that treat "no selector" as "nothing", as
/// Services do, check [`Selector::is_empty`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub requirements: Vec<Requirement>,
}

impl Selector {
    /// Equality-based selector from a map (`spec.selector` of a Service,
    /// `matchLabels` alone).
    pub fn from_map(map: &BTreeMap<String, String>) -> Selector {
        Selector {
            requirements: map
                .iter()
                .map(|(k, v)| Requirement {
                    key: k.clone(),
                    op: Op::In,
                    values: vec![v.clone()],
                })
                .collect(),
        }
    }

    /// From a `metav1.LabelSelector` JSON value (`matchLabels` and
    /// `matchExpressions`). Unknown operators give an error with the API
    /// server's wording (validation normally catches them first).
    pub fn from_label_selector(v: &Value) -> Result<Selector, String> {
        let mut requirements = Vec::new();
        if let Some(ml) = v.get("matchLabels").and_then(Value::as_object) {
            for (k, val) in ml {
                requirements.push(Requirement {
                    key: k.clone(),
                    op: Op::In,
                    values: vec![val.as_str().unwrap_or("").to_string()],
                });
            }
        }
        if let Some(exprs) = v.get("matchExpressions").and_then(Value::as_array) {
            for e in exprs {
                let key = e
                    .get("key")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let op = match e.get("operator").and_then(Value::as_str).unwrap_or("") {
                    "In" => Op::In,
                    "NotIn" => Op::NotIn,
                    "Exists" => Op::Exists,
                    "DoesNotExist" => Op::DoesNotExist,
                    other => {
                        return Err(format!(
                            "\"{other}\" is not a valid label selector operator"
                        ))
                    }
                };
                let values = e
                    .get("values")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .map(|x| x.as_str().unwrap_or("").to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                requirements.push(Requirement { key, op, values });
            }
        }
        Ok(Selector { requirements })
    }

    /// Parses kubectl's `-l`/`--selector` syntax, as
    /// `k8s.io/apimachinery/pkg/labels.Parse` does.
    pub fn parse(s: &str) -> Result<Selector, String> {
        Parser {
            chars: s.chars().collect(),
            pos: 0,
            src: s,
        }
        .parse()
    }

    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// Whether labels (a map) satisfy every requirement.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    /// Whether an object's `metadata.labels` satisfy the selector.
    pub fn matches_obj(&self, obj: &Value) -> bool {
        // As `matches(&labels_of(obj))`, without copying the labels.
        if self.requirements.is_empty() {
            return true;
        }
        let labels = obj.pointer("/metadata/labels").and_then(Value::as_object);
        self.requirements
            .iter()
            .all(|r| r.matches_value(labels.and_then(|l| l.get(&r.key)).and_then(Value::as_str)))
    }
}

impl fmt::Display for Selector {
    /// The canonical string form (`app=nginx,tier in (a,b)`), as
    /// `labels.Selector.String()` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .requirements
            .iter()
            .map(|r| match r.op {
                Op::In if r.values.len() == 1 => format!("{}={}", r.key, r.values[0]),
                Op::In => format!("{} in ({})", r.key, r.values.join(",")),
                Op::NotIn if r.values.len() == 1 => format!("{}!={}", r.key, r.values[0]),
                Op::NotIn => format!("{} notin ({})", r.key, r.values.join(",")),
                Op::Exists => r.key.clone(),
                Op::DoesNotExist => format!("!{}", r.key),
                Op::Gt => format!(
                    "{}>{}",
                    r.key,
                    r.values.first().map(String::as_str).unwrap_or("")
                ),
                Op::Lt => format!(
                    "{}<{}",
                    r.key,
                    r.values.first().map(String::as_str).unwrap_or("")
                ),
            })
            .collect();
        write!(f, "{}", parts.join(","))
    }
}

/// `metadata.labels` of an object as a sorted map.
pub fn labels_of(obj: &Value) -> BTreeMap<String, String> {
    map_of(obj.pointer("/metadata/labels"))
}

/// A JSON object of strings as a sorted map (non-strings are skipped).
pub fn map_of(v: Option<&Value>) -> BTreeMap<String, String> {
    v.and_then(Value::as_object)
        .map(|m| {
            crate::sort::map(
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string()))),
            )
        })
        .unwrap_or_default()
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    src: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|c| {
            !c.is_whitespace() && !matches!(c, ',' | '=' | '!' | '(' | ')' | '<' | '>')
        }) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }
    fn err(&self, what: &str) -> String {
        format!("unable to parse requirement: {what} in \"{}\"", self.src)
    }
    fn eat(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        let got: String = self.chars.iter().skip(self.pos).take(n).collect();
        if got == s {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn parse(mut self) -> Result<Selector, String> {
        let mut requirements = Vec::new();
        self.skip_ws();
        if self.peek().is_none() {
            return Ok(Selector::default());
        }
        loop {
            self.skip_ws();
            requirements.push(self.requirement()?);
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(',') => {
                    self.pos += 1;
                }
                Some(c) => return Err(self.err(&format!("found '{c}', expected: ','"))),
            }
        }
        Ok(Selector { requirements })
    }

    fn requirement(&mut self) -> Result<Requirement, String> {
        if self.peek() == Some('!') {
            self.pos += 1;
            self.skip_ws();
            let key = self.ident();
            check_key(&key).map_err(|e| self.err(&e))?;
            return Ok(Requirement {
                key,
                op: Op::DoesNotExist,
                values: vec![],
            });
        }
        let key = self.ident();
        if key.is_empty() {
            return Err(self.err("found '', expected: identifier"));
        }
        check_key(&key).map_err(|e| self.err(&e))?;
        self.skip_ws();
        let op = match self.peek() {
            None | Some(',') => {
                return Ok(Requirement {
                    key,
                    op: Op::Exists,
                    values: vec![],
                })
            }
            Some('=') => {
                self.pos += 1;
                if self.peek() == Some('=') {
                    self.pos += 1;
                }
                Op::In
            }
            Some('!') if self.chars.get(self.pos + 1) == Some(&'=') => {
                self.pos += 2;
                Op::NotIn
            }
            Some('>') => {
                self.pos += 1;
                Op::Gt
            }
            Some('<') => {
                self.pos += 1;
                Op::Lt
            }
            _ => {
                if self.eat("notin") {
                    return self.set(key, Op::NotIn);
                }
                if self.eat("in") {
                    return self.set(key, Op::In);
                }
                return Err(self.err("expected one of ['!=' '=' '==' 'in' 'notin']"));
            }
        };
        self.skip_ws();
        let value = self.ident();
        check_value(&value).map_err(|e| self.err(&e))?;
        if matches!(op, Op::Gt | Op::Lt) && value.parse::<i64>().is_err() {
            return Err(self.err(&format!(
                "for 'Gt', 'Lt' operators, the value must be an integer: {value}"
            )));
        }
        Ok(Requirement {
            key,
            op,
            values: vec![value],
        })
    }

    fn set(&mut self, key: String, op: Op) -> Result<Requirement, String> {
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(self.err("found '', expected: '('"));
        }
        self.pos += 1;
        let mut values = Vec::new();
        loop {
            self.skip_ws();
            let v = self.ident();
            check_value(&v).map_err(|e| self.err(&e))?;
            values.push(v);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.err("found '', expected: ',', ')'")),
            }
        }
        crate::sort::sort(&mut values);
        values.dedup();
        Ok(Requirement { key, op, values })
    }
}

fn check_key(k: &str) -> Result<(), String> {
    crate::validation::qualified_name_errors(k)
        .first()
        .map_or(Ok(()), |e| Err(format!("invalid label key \"{k}\": {e}")))
}

fn check_value(v: &str) -> Result<(), String> {
    crate::validation::label_value_errors(v)
        .first()
        .map_or(Ok(()), |e| {
            Err(format!("invalid label value: \"{v}\": at key: {e}"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_kubectl_strings() {
        let s = Selector::parse("a=b,c!=d,e in (y,x),!f,g, h==i").unwrap();
        assert_eq!(s.requirements.len(), 6);
        assert_eq!(s.requirements[2].values, ["x", "y"]);
        assert_eq!(s.requirements[3].op, Op::DoesNotExist);
        assert_eq!(s.requirements[4].op, Op::Exists);
        assert_eq!(s.to_string(), "a=b,c!=d,e in (x,y),!f,g,h=i");
        let ok = labels(&[("a", "b"), ("e", "x"), ("g", "1"), ("h", "i")]);
        assert!(s.matches(&ok));
        let mut bad = ok.clone();
        bad.insert("f".into(), "".into());
        assert!(!s.matches(&bad));
        let mut bad2 = ok.clone();
        bad2.insert("c".into(), "d".into());
        assert!(!s.matches(&bad2));
    }

    #[test]
    fn notin_and_gt() {
        let s = Selector::parse("tier notin (web, db),n>3").unwrap();
        assert!(s.matches(&labels(&[("n", "4")])));
        assert!(!s.matches(&labels(&[("n", "4"), ("tier", "db")])));
        assert!(!s.matches(&labels(&[("n", "3")])));
    }

    #[test]
    fn rejects_garbage() {
        assert!(Selector::parse("a=b=c").is_err());
        assert!(Selector::parse("a in x").is_err());
        assert!(Selector::parse("=b").is_err());
        assert!(Selector::parse("a in (x").is_err());
        assert!(Selector::parse("a>x").is_err());
        assert!(Selector::parse("Bad Key=1").is_err());
        assert_eq!(Selector::parse("").unwrap(), Selector::default());
    }

    #[test]
    fn from_label_selector_json() {
        let s = Selector::from_label_selector(&json!({
            "matchLabels": {"app": "nginx"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["a", "b"]},
                {"key": "canary", "operator": "DoesNotExist"}
            ]
        }))
        .unwrap();
        assert!(s.matches_obj(&json!({"metadata": {"labels": {"app": "nginx", "tier": "b"}}})));
        assert!(!s.matches_obj(&json!({"metadata": {"labels": {"app": "nginx", "tier": "c"}}})));
        assert!(!s.matches_obj(
            &json!({"metadata": {"labels": {"app": "nginx", "tier": "a", "canary": "1"}}})
        ));
        assert!(Selector::from_label_selector(
            &json!({"matchExpressions": [{"key": "a", "operator": "Foo"}]})
        )
        .is_err());
        assert!(Selector::default().matches(&BTreeMap::new()));
    }
}
