//! Conditions on cluster state and their evaluation.

use cluster::resources::ResourceType;
use cluster::{Cluster, HttpRequest, Origin, Selector};
use kubectl::Shell;
use serde_json::Value;

/// The outcome of a check: whether the step is done, and a one-line
/// English explanation (what was found, or what is missing).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckResult {
    pub done: bool,
    pub detail: String,
    /// Not done only because a read-only check reached an `http` or
    /// `command` condition it may not evaluate: every state condition
    /// before it holds, so a check through the shell is worth running.
    #[serde(default)]
    pub needs_shell: bool,
}

impl CheckResult {
    pub fn done(detail: impl Into<String>) -> CheckResult {
        CheckResult {
            done: true,
            detail: detail.into(),
            needs_shell: false,
        }
    }
    pub fn not_done(detail: impl Into<String>) -> CheckResult {
        CheckResult {
            done: false,
            detail: detail.into(),
            needs_shell: false,
        }
    }
    fn blocked(detail: String) -> CheckResult {
        CheckResult {
            done: false,
            detail,
            needs_shell: true,
        }
    }
}

/// An object named by kind (as kubectl takes it: `Deployment`, `deploy`,
/// `services`), name and namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjRef {
    pub resource: &'static ResourceType,
    pub name: String,
    /// `default` unless given; ignored for cluster-scoped kinds.
    pub namespace: String,
}

/// What a rendered value must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    Equals(String),
    Contains(String),
    /// Any non-empty value.
    NonEmpty,
}

/// Where an `http` condition's request comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpFrom {
    /// The user's machine (`curl` in the terminal, the browser pane).
    Host,
    /// A container of this pod.
    Pod { namespace: String, name: String },
}

/// A condition on cluster state (see static/lessons/README.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The object exists (and is not being deleted).
    Exists(ObjRef),
    /// kubectl's jsonpath template over the object.
    Jsonpath {
        object: ObjRef,
        path: String,
        expect: Expect,
    },
    /// Pods matching a selector, in a phase, ready or not, counted.
    Pods {
        namespace: String,
        selector: Option<String>,
        phase: Option<String>,
        ready: Option<bool>,
        count: Option<usize>,
        min: Option<usize>,
    },
    /// An HTTP request answers with a status and/or a text in the body.
    Http {
        from: HttpFrom,
        url: String,
        insecure: bool,
        status: Option<u16>,
        contains: Option<String>,
    },
    /// A read-only kubectl command's output contains a text.
    Command {
        command: String,
        contains: Option<String>,
        exit_code: i32,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// What a condition may use.
pub(crate) enum Env<'a> {
    Shell(&'a mut Shell),
    ReadOnly(&'a Cluster),
}

impl Env<'_> {
    fn cluster(&self) -> &Cluster {
        match self {
            Env::Shell(s) => s.cluster(),
            Env::ReadOnly(c) => c,
        }
    }
}

fn describe(o: &ObjRef) -> String {
    if o.resource.namespaced && o.namespace != "default" {
        format!("{} {}/{}", o.resource.kind, o.namespace, o.name)
    } else {
        format!("{} {}", o.resource.kind, o.name)
    }
}

fn lookup<'c>(c: &'c Cluster, o: &ObjRef) -> Option<&'c Value> {
    let ns = if o.resource.namespaced {
        o.namespace.as_str()
    } else {
        ""
    };
    c.store()
        .get(o.resource.plural, ns, &o.name)
        .filter(|v| v.pointer("/metadata/deletionTimestamp").is_none())
}

fn pod_ready(p: &Value) -> bool {
    p.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| {
            cs.iter().any(|c| {
                c.get("type").and_then(Value::as_str) == Some("Ready")
                    && c.get("status").and_then(Value::as_str) == Some("True")
            })
        })
}

/// Shortens a text for a detail line.
fn clip(s: &str) -> String {
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() > 80 {
        format!("{}...", line.chars().take(80).collect::<String>())
    } else {
        line.to_string()
    }
}

impl Condition {
    /// Whether the condition only reads the store (no `http`, no `command`).
    pub fn is_read_only(&self) -> bool {
        match self {
            Condition::Exists(_) | Condition::Jsonpath { .. } | Condition::Pods { .. } => true,
            Condition::Http { .. } | Condition::Command { .. } => false,
            Condition::All(cs) | Condition::Any(cs) => cs.iter().all(Condition::is_read_only),
            Condition::Not(c) => c.is_read_only(),
        }
    }

    pub(crate) fn eval(&self, env: &mut Env<'_>) -> CheckResult {
        match self {
            Condition::Exists(o) => match lookup(env.cluster(), o) {
                Some(_) => CheckResult::done(format!("{} exists", describe(o))),
                None => CheckResult::not_done(format!("{} not found", describe(o))),
            },
            Condition::Jsonpath {
                object,
                path,
                expect,
            } => {
                let Some(obj) = lookup(env.cluster(), object) else {
                    return CheckResult::not_done(format!("{} not found", describe(object)));
                };
                let got = match kubectl::jsonpath::render(path, obj) {
                    Ok(s) => s,
                    Err(e) => return CheckResult::not_done(format!("jsonpath {path}: {e}")),
                };
                let ok = match expect {
                    Expect::Equals(want) => got == *want,
                    Expect::Contains(want) => got.contains(want.as_str()),
                    Expect::NonEmpty => !got.is_empty(),
                };
                let what = format!("{} {path} is {got:?}", describe(object));
                let wanted = match expect {
                    Expect::Equals(w) => format!("expected {w:?}"),
                    Expect::Contains(w) => format!("expected it to contain {w:?}"),
                    Expect::NonEmpty => "expected a value".to_string(),
                };
                if ok {
                    CheckResult::done(what)
                } else {
                    CheckResult::not_done(format!("{what}; {wanted}"))
                }
            }
            Condition::Pods {
                namespace,
                selector,
                phase,
                ready,
                count,
                min,
            } => {
                let sel = match selector.as_deref().map(Selector::parse) {
                    Some(Ok(s)) => Some(s),
                    Some(Err(e)) => return CheckResult::not_done(format!("selector: {e}")),
                    None => None,
                };
                let n = env
                    .cluster()
                    .store()
                    .list("pods", Some(namespace))
                    .into_iter()
                    .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none())
                    .filter(|p| sel.as_ref().is_none_or(|s| s.matches_obj(p)))
                    .filter(|p| {
                        phase.as_deref().is_none_or(|ph| {
                            p.pointer("/status/phase").and_then(Value::as_str) == Some(ph)
                        })
                    })
                    .filter(|p| ready.is_none_or(|r| pod_ready(p) == r))
                    .count();
                let mut what = String::from("pods");
                if let Some(s) = selector {
                    what.push_str(&format!(" with {s}"));
                }
                if namespace != "default" {
                    what.push_str(&format!(" in {namespace}"));
                }
                if let Some(ph) = phase {
                    what.push_str(&format!(", {ph}"));
                }
                match ready {
                    Some(true) => what.push_str(", ready"),
                    Some(false) => what.push_str(", not ready"),
                    None => {}
                }
                let ok = count.is_none_or(|c| n == c) && min.is_none_or(|m| n >= m);
                let want = match (count, min) {
                    (Some(c), _) => format!("; expected {c}"),
                    (None, Some(m)) => format!("; expected at least {m}"),
                    (None, None) => String::new(),
                };
                if ok {
                    CheckResult::done(format!("{n} {what}"))
                } else {
                    CheckResult::not_done(format!("{n} {what}{want}"))
                }
            }
            Condition::Http {
                from,
                url,
                insecure,
                status,
                contains,
            } => {
                let Env::Shell(shell) = env else {
                    return CheckResult::blocked(format!("GET {url}: not evaluated (read-only)"));
                };
                let origin = match from {
                    HttpFrom::Host => Origin::Host,
                    HttpFrom::Pod { namespace, name } => Origin::Pod {
                        namespace: namespace.clone(),
                        name: name.clone(),
                    },
                };
                let req = HttpRequest {
                    origin,
                    method: "GET".into(),
                    url: url.clone(),
                    headers: Vec::new(),
                    insecure: *insecure,
                };
                // A probe: the request leaves no access-log line, trace or RNG
                // draw behind (the session replays without it).
                let outcome = shell.cluster_mut().probe(|c| c.http(&req));
                match outcome.result {
                    Err(e) => CheckResult::not_done(format!(
                        "GET {url}: curl: ({}) {}",
                        e.curl_code,
                        clip(&e.message)
                    )),
                    Ok(resp) => {
                        let status_ok = status.is_none_or(|s| s == resp.status);
                        let body_ok = contains.as_deref().is_none_or(|t| resp.body.contains(t));
                        // HTTP/2 responses have no reason phrase.
                        let mut what = format!("GET {url}: {}", resp.status);
                        if !resp.reason.is_empty() {
                            what.push_str(&format!(" {}", resp.reason));
                        }
                        if !status_ok {
                            what.push_str(&format!("; expected {}", status.unwrap_or_default()));
                        }
                        if let (false, Some(t)) = (body_ok, contains) {
                            what.push_str(&format!("; the page does not contain {t:?}"));
                        }
                        CheckResult {
                            done: status_ok && body_ok,
                            detail: what,
                            needs_shell: false,
                        }
                    }
                }
            }
            Condition::Command {
                command,
                contains,
                exit_code,
            } => {
                let Env::Shell(shell) = env else {
                    return CheckResult::blocked(format!("{command}: not run (read-only)"));
                };
                // Not in the history, and nothing it does stays.
                let out = shell.probe(command);
                let text = out.text();
                if out.exit_code != *exit_code {
                    return CheckResult::not_done(format!(
                        "{command}: exit status {}; expected {exit_code}: {}",
                        out.exit_code,
                        clip(&text)
                    ));
                }
                match contains {
                    Some(t) if !text.contains(t.as_str()) => CheckResult::not_done(format!(
                        "{command}: the output does not contain {t:?}"
                    )),
                    Some(t) => CheckResult::done(format!("{command}: the output contains {t:?}")),
                    None => CheckResult::done(format!("{command}: exit status {exit_code}")),
                }
            }
            Condition::All(cs) => {
                let mut details = Vec::new();
                for c in cs {
                    let r = c.eval(env);
                    if !r.done {
                        return r;
                    }
                    details.push(r.detail);
                }
                CheckResult::done(details.join("; "))
            }
            Condition::Any(cs) => {
                let mut details = Vec::new();
                let mut blocked = false;
                for c in cs {
                    let r = c.eval(env);
                    if r.done {
                        return r;
                    }
                    blocked |= r.needs_shell;
                    details.push(r.detail);
                }
                CheckResult {
                    done: false,
                    detail: format!("none of: {}", details.join("; ")),
                    needs_shell: blocked,
                }
            }
            Condition::Not(c) => {
                let r = c.eval(env);
                if !c.is_read_only() && matches!(env, Env::ReadOnly(_)) {
                    return r;
                }
                // The inner detail states the fact either way ("Deployment
                // nginx not found", "Deployment nginx exists").
                CheckResult {
                    done: !r.done,
                    detail: r.detail,
                    needs_shell: false,
                }
            }
        }
    }
}
