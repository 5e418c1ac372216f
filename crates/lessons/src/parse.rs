//! Lesson YAML to [`Lesson`], with errors that say where.
//!
//! The file is first read as a plain value by the shell's go-yaml reader
//! (`kubectl::goyaml`, the parser `kubectl apply` uses: it never panics,
//! bounds nesting and aliases, and resolves scalars as YAML 1.1, so `yes`
//! is a boolean there as in a manifest), then walked by hand so that every
//! error names its place: `lesson services.yaml: step 3 (ClusterIP): check: ...`.

use crate::check::{Condition, Expect, HttpFrom, ObjRef};
use crate::{Lesson, Manifest, Step, Text};
use cluster::sort::VecMap;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// A lesson file that cannot be used, and where the problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The name given to [`Lesson::parse`].
    pub lesson: String,
    /// Where: `step 3 (ClusterIP): check: all[1]`, or empty for the file.
    pub location: String,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "lesson {}: {}", self.lesson, self.message)
        } else {
            write!(
                f,
                "lesson {}: {}: {}",
                self.lesson, self.location, self.message
            )
        }
    }
}

impl std::error::Error for LessonError {}

/// An error at a place, before the lesson name is added.
struct At {
    location: String,
    message: String,
}

type R<T> = Result<T, At>;

fn err<T>(location: &str, message: impl Into<String>) -> R<T> {
    Err(At {
        location: location.to_string(),
        message: message.into(),
    })
}

fn join(loc: &str, part: &str) -> String {
    if loc.is_empty() {
        part.to_string()
    } else {
        format!("{loc}: {part}")
    }
}

const LESSON_FIELDS: &[&str] = &["id", "title", "text", "steps"];
const STEP_FIELDS: &[&str] = &[
    "id",
    "title",
    "explanation",
    "commands",
    "manifests",
    "wait",
    "check",
];
const MANIFEST_FIELDS: &[&str] = &["name", "content"];
const CONDITIONS: &[&str] = &[
    "exists", "jsonpath", "pods", "http", "command", "all", "any", "not",
];

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn one_of(list: &[&str]) -> String {
    list.join(", ")
}

/// A mapping with string keys, every key among `allowed`.
fn fields<'v>(v: &'v Value, loc: &str, allowed: &[&str]) -> R<VecMap<String, &'v Value>> {
    let Value::Object(m) = v else {
        return err(loc, format!("expected a mapping, found {}", type_name(v)));
    };
    mapping_fields(m, loc, allowed)
}

fn mapping_fields<'v>(
    m: &'v Map<String, Value>,
    loc: &str,
    allowed: &[&str],
) -> R<VecMap<String, &'v Value>> {
    let mut out = VecMap::new();
    for (k, v) in m {
        if !allowed.contains(&k.as_str()) {
            return err(
                loc,
                format!("unknown field {k:?}; expected one of {}", one_of(allowed)),
            );
        }
        out.insert(k.clone(), v);
    }
    Ok(out)
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string(f: &VecMap<String, &Value>, key: &str, loc: &str) -> R<Option<String>> {
    match f.get(key) {
        None => Ok(None),
        Some(v) => match scalar_string(v) {
            Some(s) => Ok(Some(s)),
            None => err(
                &join(loc, key),
                format!("expected a string, found {}", type_name(v)),
            ),
        },
    }
}

fn required_string(f: &VecMap<String, &Value>, key: &str, loc: &str) -> R<String> {
    match string(f, key, loc)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => err(&join(loc, key), "must not be empty"),
        None => err(loc, format!("missing field {key:?}")),
    }
}

fn text(v: &Value, loc: &str) -> R<Text> {
    match v {
        Value::Object(m) => {
            let mut out = BTreeMap::new();
            for (lang, v) in m {
                let valid = !lang.is_empty()
                    && lang.len() <= 8
                    && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if !valid {
                    return err(
                        loc,
                        format!("{lang:?} is not a language code such as ko or en"),
                    );
                }
                match v {
                    Value::String(s) => {
                        out.insert(lang.clone(), s.clone());
                    }
                    other => {
                        return err(
                            &join(loc, lang),
                            format!("expected a string, found {}", type_name(other)),
                        )
                    }
                }
            }
            if out.is_empty() {
                return err(loc, "expected text in at least one language");
            }
            Ok(Text(out))
        }
        Value::String(s) => Ok(Text(BTreeMap::from([("en".to_string(), s.clone())]))),
        other => err(
            loc,
            format!(
                "expected a string or a mapping of languages (ko: ..., en: ...), found {}",
                type_name(other)
            ),
        ),
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

pub(crate) fn parse_lesson(name: &str, src: &str) -> Result<Lesson, LessonError> {
    lesson(src).map_err(|a| LessonError {
        lesson: name.to_string(),
        location: a.location,
        message: a.message,
    })
}

fn lesson(src: &str) -> R<Lesson> {
    let doc = match kubectl::goyaml::parse(src).and_then(|t| t.to_json()) {
        Ok(v) => v,
        Err(e) => {
            // go-yaml's `yaml: line N: problem`: the location says the line.
            let msg = e.strip_prefix("yaml: ").unwrap_or(&e);
            let (loc, msg) = match msg.split_once(": ") {
                Some((l, m)) if l.starts_with("line ") => (l, m),
                _ => ("", msg),
            };
            return err(loc, format!("YAML: {msg}"));
        }
    };
    if doc.is_null() {
        return err("", "the file is empty");
    }
    let f = fields(&doc, "", LESSON_FIELDS)?;
    let id = required_string(&f, "id", "")?;
    if !is_slug(&id) {
        return err(
            "id",
            format!("{id:?}: use lower-case letters, digits, - and _"),
        );
    }
    let title = match f.get("title") {
        Some(v) => text(v, "title")?,
        None => return err("", "missing field \"title\""),
    };
    let intro = match f.get("text") {
        Some(v) => text(v, "text")?,
        None => Text::default(),
    };
    let steps_v = match f.get("steps") {
        Some(Value::Array(s)) => s,
        Some(v) => {
            return err(
                "steps",
                format!("expected a list of steps, found {}", type_name(v)),
            )
        }
        None => return err("", "missing field \"steps\""),
    };
    if steps_v.is_empty() {
        return err("steps", "a lesson needs at least one step");
    }
    let mut steps: Vec<Step> = Vec::new();
    for (i, sv) in steps_v.iter().enumerate() {
        let s = step(sv, i + 1)?;
        if let Some(prev) = steps.iter().position(|p| p.id == s.id) {
            return err(
                &step_loc(i + 1, sv),
                format!("id {:?} is already used by step {}", s.id, prev + 1),
            );
        }
        steps.push(s);
    }
    Ok(Lesson {
        id,
        title,
        text: intro,
        steps,
    })
}

/// `step 3 (ClusterIP)`: the number, and the English (or any) title if
/// one can be read.
fn step_loc(n: usize, v: &Value) -> String {
    let title = v.get("title").and_then(|t| match t {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => t
            .get("en")
            .or_else(|| m.values().next())
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    });
    match title {
        Some(t) if !t.trim().is_empty() => format!("step {n} ({})", t.trim()),
        _ => format!("step {n}"),
    }
}

fn step(v: &Value, n: usize) -> R<Step> {
    let loc = step_loc(n, v);
    let f = fields(v, &loc, STEP_FIELDS)?;
    let id = match string(&f, "id", &loc)? {
        Some(id) if is_slug(&id) => id,
        Some(id) => {
            return err(
                &join(&loc, "id"),
                format!("{id:?}: use lower-case letters, digits, - and _"),
            )
        }
        None => format!("step-{n}"),
    };
    let title = match f.get("title") {
        Some(t) => text(t, &join(&loc, "title"))?,
        None => return err(&loc, "missing field \"title\""),
    };
    let explanation = match f.get("explanation") {
        Some(t) => text(t, &join(&loc, "explanation"))?,
        None => Text::default(),
    };
    let commands = match f.get("commands") {
        None => Vec::new(),
        Some(Value::Array(cs)) => {
            let mut out = Vec::new();
            for (i, c) in cs.iter().enumerate() {
                match c {
                    Value::String(s) if !s.trim().is_empty() => out.push(s.clone()),
                    other => {
                        return err(
                            &join(&loc, &format!("commands[{i}]")),
                            format!("expected a command line, found {}", type_name(other)),
                        )
                    }
                }
            }
            out
        }
        Some(v) => {
            return err(
                &join(&loc, "commands"),
                format!("expected a list of command lines, found {}", type_name(v)),
            )
        }
    };
    let manifests = match f.get("manifests") {
        None => Vec::new(),
        Some(Value::Array(ms)) => {
            let mut out: Vec<Manifest> = Vec::new();
            for (i, m) in ms.iter().enumerate() {
                let mloc = join(&loc, &format!("manifests[{i}]"));
                let mf = fields(m, &mloc, MANIFEST_FIELDS)?;
                let name = required_string(&mf, "name", &mloc)?;
                let valid = !name.contains('/')
                    && !name.starts_with('.')
                    && !name.chars().any(char::is_whitespace);
                if !valid {
                    return err(
                        &join(&mloc, "name"),
                        format!("{name:?}: a file name without spaces or slashes"),
                    );
                }
                if out.iter().any(|o| o.name == name) {
                    return err(&mloc, format!("file {name:?} is given twice"));
                }
                let content = required_string(&mf, "content", &mloc)?;
                out.push(Manifest { name, content });
            }
            out
        }
        Some(v) => {
            return err(
                &join(&loc, "manifests"),
                format!("expected a list of files, found {}", type_name(v)),
            )
        }
    };
    let wait = match string(&f, "wait", &loc)? {
        None => None,
        Some(w) => {
            if cluster::time::parse_sleep_duration(&w).is_none() {
                return err(
                    &join(&loc, "wait"),
                    format!("{w:?} is not a duration such as 30s, 2m or 1h"),
                );
            }
            Some(w)
        }
    };
    let check = match f.get("check") {
        None => None,
        Some(c) => Some(condition(c, &join(&loc, "check"))?),
    };
    if commands.is_empty() && manifests.is_empty() && check.is_some() && explanation.is_empty() {
        return err(
            &loc,
            "a step with a check needs commands, manifests or an explanation",
        );
    }
    Ok(Step {
        id,
        title,
        explanation,
        commands,
        manifests,
        wait,
        check,
    })
}

fn obj_ref(f: &VecMap<String, &Value>, loc: &str) -> R<ObjRef> {
    let kind = required_string(f, "kind", loc)?;
    let Some(resource) = cluster::resources::resolve(&kind) else {
        return err(
            &join(loc, "kind"),
            format!("unknown kind {kind:?} (the cluster serves no such resource)"),
        );
    };
    let name = required_string(f, "name", loc)?;
    let namespace = string(f, "namespace", loc)?.unwrap_or_else(|| "default".to_string());
    Ok(ObjRef {
        resource,
        name,
        namespace,
    })
}

fn bool_field(f: &VecMap<String, &Value>, key: &str, loc: &str) -> R<Option<bool>> {
    match f.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(v) => err(
            &join(loc, key),
            format!("expected true or false, found {}", type_name(v)),
        ),
    }
}

fn uint_field(f: &VecMap<String, &Value>, key: &str, loc: &str) -> R<Option<u64>> {
    match f.get(key) {
        None => Ok(None),
        Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64()),
        Some(v) => err(
            &join(loc, key),
            format!("expected a whole number, found {}", type_name(v)),
        ),
    }
}

/// The kubectl verbs a `command` condition may run: ones that change no
/// object.
const READ_ONLY_VERBS: &[&str] = &[
    "get",
    "describe",
    "logs",
    "exec",
    "events",
    "explain",
    "api-resources",
    "api-versions",
    "cluster-info",
    "version",
    "top",
];

fn check_command(cmd: &str, loc: &str) -> R<()> {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    // The verb is the first word after kubectl that is neither a flag nor
    // the value of a global flag written apart (`-n ingress-nginx`).
    const VALUED: &[&str] = &[
        "-n",
        "--namespace",
        "--context",
        "--cluster",
        "--user",
        "-s",
        "--server",
        "--kubeconfig",
        "--request-timeout",
        "-v",
    ];
    let mut verb = "";
    let mut rest = words.iter().skip(1);
    while let Some(w) = rest.next() {
        if VALUED.contains(w) {
            rest.next();
        } else if !w.starts_with('-') {
            verb = w;
            break;
        }
    }
    let kubectl = matches!(words.first(), Some(&"kubectl") | Some(&"k"));
    if !kubectl || !READ_ONLY_VERBS.contains(&verb) {
        return err(
            loc,
            format!(
                "{cmd:?}: a check may only run kubectl {} (checks must not change the cluster)",
                one_of(READ_ONLY_VERBS)
            ),
        );
    }
    for bad in [";", "&&", "||", ">", "<", "$(", "`", "\n"] {
        if cmd.contains(bad) {
            return err(
                loc,
                format!("{cmd:?}: one kubectl command, without {bad:?} (a pipe to grep is fine)"),
            );
        }
    }
    if let Some((_, rest)) = cmd.split_once('|') {
        let ok = rest.split('|').all(|p| {
            matches!(
                p.split_whitespace().next(),
                Some("grep" | "head" | "tail" | "wc")
            )
        });
        if !ok {
            return err(
                loc,
                format!("{cmd:?}: only grep, head, tail and wc may follow a pipe"),
            );
        }
    }
    Ok(())
}

fn condition(v: &Value, loc: &str) -> R<Condition> {
    let Value::Object(m) = v else {
        return err(
            loc,
            format!(
                "expected a condition (a mapping such as {{exists: ...}}), found {}",
                type_name(v)
            ),
        );
    };
    // `command` takes its options beside it: {command: "...", contains: "..."}.
    if m.contains_key("command") {
        let f = mapping_fields(m, loc, &["command", "contains", "exit_code"])?;
        let cloc = join(loc, "command");
        let command = required_string(&f, "command", loc)?;
        check_command(&command, &cloc)?;
        let contains = string(&f, "contains", loc)?;
        let exit_code = match uint_field(&f, "exit_code", loc)? {
            Some(c) if c > 255 => return err(&join(loc, "exit_code"), "at most 255"),
            Some(c) => c as i32,
            None => 0,
        };
        return Ok(Condition::Command {
            command,
            contains,
            exit_code,
        });
    }
    if m.len() != 1 {
        let keys: Vec<String> = m.keys().cloned().collect();
        return err(
            loc,
            format!(
                "a condition has exactly one of {}; found {}",
                one_of(CONDITIONS),
                if keys.is_empty() {
                    "none".to_string()
                } else {
                    keys.join(", ")
                }
            ),
        );
    }
    let Some((k, body)) = m.iter().next() else {
        return err(loc, "empty condition");
    };
    let key = k.clone();
    let cloc = join(loc, &key);
    match key.as_str() {
        "exists" => {
            let f = fields(body, &cloc, &["kind", "name", "namespace"])?;
            Ok(Condition::Exists(obj_ref(&f, &cloc)?))
        }
        "jsonpath" => {
            let f = fields(
                body,
                &cloc,
                &["kind", "name", "namespace", "path", "equals", "contains"],
            )?;
            let object = obj_ref(&f, &cloc)?;
            let path = required_string(&f, "path", &cloc)?;
            if let Err(e) = kubectl::jsonpath::render(&path, &serde_json::Value::Null) {
                return err(&join(&cloc, "path"), format!("{path:?}: {e}"));
            }
            let expect = match (string(&f, "equals", &cloc)?, string(&f, "contains", &cloc)?) {
                (Some(_), Some(_)) => return err(&cloc, "give equals or contains, not both"),
                (Some(e), None) => Expect::Equals(e),
                (None, Some(c)) => Expect::Contains(c),
                (None, None) => Expect::NonEmpty,
            };
            Ok(Condition::Jsonpath {
                object,
                path,
                expect,
            })
        }
        "pods" => {
            let f = fields(
                body,
                &cloc,
                &["selector", "namespace", "phase", "ready", "count", "min"],
            )?;
            let selector = string(&f, "selector", &cloc)?;
            if let Some(s) = &selector {
                if let Err(e) = cluster::Selector::parse(s) {
                    return err(&join(&cloc, "selector"), format!("{s:?}: {e}"));
                }
            }
            let phase = string(&f, "phase", &cloc)?;
            const PHASES: &[&str] = &["Pending", "Running", "Succeeded", "Failed", "Unknown"];
            if let Some(p) = &phase {
                if !PHASES.contains(&p.as_str()) {
                    return err(
                        &join(&cloc, "phase"),
                        format!("unknown phase {p:?}; expected one of {}", one_of(PHASES)),
                    );
                }
            }
            let count = uint_field(&f, "count", &cloc)?.map(|c| c as usize);
            let min = uint_field(&f, "min", &cloc)?.map(|c| c as usize);
            if count.is_some() && min.is_some() {
                return err(&cloc, "give count or min, not both");
            }
            Ok(Condition::Pods {
                namespace: string(&f, "namespace", &cloc)?.unwrap_or_else(|| "default".to_string()),
                selector,
                phase,
                ready: bool_field(&f, "ready", &cloc)?,
                count,
                min,
            })
        }
        "http" => {
            let f = fields(
                body,
                &cloc,
                &["from", "namespace", "url", "insecure", "status", "contains"],
            )?;
            let from_s = string(&f, "from", &cloc)?.unwrap_or_else(|| "host".to_string());
            let namespace = string(&f, "namespace", &cloc)?.unwrap_or_else(|| "default".into());
            let from = if from_s == "host" {
                HttpFrom::Host
            } else if let Some(p) = from_s.strip_prefix("pod/").filter(|p| !p.is_empty()) {
                HttpFrom::Pod {
                    namespace,
                    name: p.to_string(),
                }
            } else {
                return err(
                    &join(&cloc, "from"),
                    format!("{from_s:?}: expected host or pod/NAME"),
                );
            };
            let url = required_string(&f, "url", &cloc)?;
            let status = match uint_field(&f, "status", &cloc)? {
                Some(s) if (100..=599).contains(&s) => Some(s as u16),
                Some(s) => {
                    return err(&join(&cloc, "status"), format!("{s} is not an HTTP status"))
                }
                None => None,
            };
            Ok(Condition::Http {
                from,
                url,
                insecure: bool_field(&f, "insecure", &cloc)?.unwrap_or(false),
                status,
                contains: string(&f, "contains", &cloc)?,
            })
        }
        "all" | "any" => {
            let Value::Array(items) = body else {
                return err(
                    &cloc,
                    format!("expected a list of conditions, found {}", type_name(body)),
                );
            };
            if items.is_empty() {
                return err(&cloc, "expected at least one condition");
            }
            let mut cs = Vec::new();
            for (i, item) in items.iter().enumerate() {
                cs.push(condition(item, &format!("{cloc}[{i}]"))?);
            }
            Ok(if key == "all" {
                Condition::All(cs)
            } else {
                Condition::Any(cs)
            })
        }
        "not" => Ok(Condition::Not(Box::new(condition(body, &cloc)?))),
        other => err(
            loc,
            format!(
                "unknown condition {other:?}; expected one of {}",
                one_of(CONDITIONS)
            ),
        ),
    }
}
