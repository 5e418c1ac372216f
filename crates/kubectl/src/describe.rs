//! `kubectl describe`: kubectl's describers (k8s.io/kubectl/pkg/describe)
//! for the kinds listed in `DESCRIBERS`, laid out through the same
//! tabwriter settings (padding 2) and, where kubectl's do, ending with the
//! Events section.

use crate::engine;
use crate::kubectl::{api_message, targets, K};
use crate::printers;
use crate::util::{
    a, age, b, format_label_selector, format_labels, i, name, namespace, oi, s, smap, tabwriter,
};
use cluster::store::Store;
use cluster::time::Time;
use serde_json::Value;

/// Lines of a description; cells separated by tabs, as kubectl's
/// PrefixWriter writes them.
#[derive(Default)]
struct W {
    text: String,
}

impl W {
    /// Writes at an indent level (0..3: "", "  ", "    ", "      ").
    fn w(&mut self, level: usize, s: &str) {
        for _ in 0..level {
            self.text.push_str("  ");
        }
        self.text.push_str(s);
    }
    fn finish(&self) -> String {
        // The tabwriter aligns everything written so far; kubectl flushes it
        // before the events table, which aligns on its own.
        let (body, events) = match self.text.find("\u{0}EVENTS\u{0}") {
            Some(p) => (&self.text[..p], &self.text[p + 8..]),
            None => (self.text.as_str(), ""),
        };
        let render = |t: &str| {
            let lines: Vec<Vec<String>> = t
                .strip_suffix('\n')
                .unwrap_or(t)
                .split('\n')
                .map(|l| l.split('\t').map(str::to_string).collect())
                .collect();
            if t.is_empty() {
                String::new()
            } else {
                tabwriter(&lines, 0, 2)
            }
        };
        format!("{}{}", render(body), render(events))
    }
}

/// RFC 1123 with numeric zone, as describe prints times (UTC here).
pub fn rfc1123z(ts: &str) -> String {
    let Some(t) = Time::parse_rfc3339(
        ts.split('.')
            .next()
            .map(|x| {
                if x.ends_with('Z') {
                    x.to_string()
                } else {
                    format!("{x}Z")
                }
            })
            .as_deref()
            .unwrap_or(ts),
    ) else {
        return String::new();
    };
    let (y, mo, d, h, mi, se) = t.civil();
    let days = t.secs().div_euclid(86_400);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(mo as usize).saturating_sub(1) % 12];
    format!("{weekday}, {d:02} {month} {y} {h:02}:{mi:02}:{se:02} +0000")
}

fn labels_multiline(w: &mut W, title: &str, pairs: &[(String, String)]) {
    w.w(0, &format!("{title}:\t"));
    if pairs.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (n, (k, v)) in pairs.iter().enumerate() {
        if n > 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{k}={v}\n"));
    }
}

const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

fn annotations_multiline(w: &mut W, title: &str, pairs: &[(String, String)]) {
    w.w(0, &format!("{title}:\t"));
    let keys: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != LAST_APPLIED).collect();
    if keys.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (n, (k, v)) in keys.into_iter().enumerate() {
        if n > 0 {
            w.w(0, "\t");
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > 140 || value.contains('\n') {
            w.w(0, &format!("{k}:\n"));
            for line in value.split('\n') {
                let short = if line.len() > 138 {
                    let cut = (0..=138)
                        .rev()
                        .find(|i| line.is_char_boundary(*i))
                        .unwrap_or(0);
                    format!("{}...", &line[..cut])
                } else {
                    line.to_string()
                };
                w.w(0, &format!("\t  {short}\n"));
            }
        } else {
            w.w(0, &format!("{k}: {value}\n"));
        }
    }
}

fn tolerations_multiline(w: &mut W, title: &str, tols: &[Value]) {
    w.w(0, &format!("{title}:\t"));
    if tols.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Value> = tols.iter().collect();
    cluster::sort::by(&mut sorted, |x, y| s(x, "/key").cmp(s(y, "/key")));
    for (n, t) in sorted.into_iter().enumerate() {
        if n > 0 {
            w.w(0, "\t");
        }
        let mut line = s(t, "/key").to_string();
        if !s(t, "/value").is_empty() {
            line.push_str(&format!("={}", s(t, "/value")));
        }
        if !s(t, "/effect").is_empty() {
            line.push_str(&format!(":{}", s(t, "/effect")));
        }
        if s(t, "/operator") == "Exists" && s(t, "/value").is_empty() {
            if !s(t, "/key").is_empty() || !s(t, "/effect").is_empty() {
                line.push_str(" op=Exists");
            } else {
                line.push_str("op=Exists");
            }
        }
        if let Some(secs) = oi(t, "/tolerationSeconds") {
            line.push_str(&format!(" for {secs}s"));
        }
        w.w(0, &format!("{line}\n"));
    }
}

fn or_none(x: &str) -> String {
    if x.is_empty() {
        "<none>".to_string()
    } else {
        x.to_string()
    }
}

fn controller_of(o: &Value) -> String {
    a(o, "/metadata/ownerReferences")
        .iter()
        .find(|r| b(r, "/controller"))
        .map(|r| format!("{}/{}", s(r, "/kind"), s(r, "/name")))
        .unwrap_or_default()
}

/// The Events section for an object.
fn events(w: &mut W, store: &Store, obj: &Value, now: Time) {
    let uid = s(obj, "/metadata/uid");
    let kind = s(obj, "/kind");
    let n = name(obj);
    let ns = namespace(obj);
    let mut evs: Vec<&Value> = store
        .list("events", if ns.is_empty() { None } else { Some(ns) })
        .into_iter()
        .filter(|e| {
            let io = e.get("involvedObject").unwrap_or(&Value::Null);
            if !uid.is_empty() && !s(io, "/uid").is_empty() {
                s(io, "/uid") == uid
            } else {
                s(io, "/name") == n && (kind.is_empty() || s(io, "/kind") == kind)
            }
        })
        .collect();
    if evs.is_empty() {
        w.w(0, "Events:\t<none>\n");
        return;
    }
    let last_time = |e: &Value| {
        let t = s(e, "/lastTimestamp");
        if t.is_empty() {
            s(e, "/eventTime").to_string()
        } else {
            t.to_string()
        }
    };
    cluster::sort::by_key(&mut evs, |e| last_time(e));
    w.text.push_str("\u{0}EVENTS\u{0}");
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.w(1, "----\t------\t----\t----\t-------\n");
    for e in evs {
        let first = if s(e, "/eventTime").is_empty() {
            age(s(e, "/firstTimestamp"), now)
        } else {
            micro_age(s(e, "/eventTime"), now)
        };
        let count = i(e, "/count");
        let interval = if e.pointer("/series").is_some_and(Value::is_object) {
            format!(
                "{} (x{} over {first})",
                micro_age(s(e, "/series/lastObservedTime"), now),
                i(e, "/series/count")
            )
        } else if count > 1 {
            format!(
                "{} (x{count} over {first})",
                age(s(e, "/lastTimestamp"), now)
            )
        } else {
            first
        };
        let mut source = s(e, "/source/component").to_string();
        if source.is_empty() {
            source = s(e, "/reportingComponent").to_string();
        }
        w.w(
            1,
            &format!(
                "{}\t{}\t{interval}\t{source}\t{}\n",
                s(e, "/type"),
                s(e, "/reason"),
                s(e, "/message").trim()
            ),
        );
    }
}

fn micro_age(ts: &str, now: Time) -> String {
    let base = match ts.find('.') {
        Some(p) => format!("{}Z", &ts[..p]),
        None => ts.to_string(),
    };
    age(&base, now)
}

fn container_ports(c: &Value, host: bool) -> String {
    a(c, "/ports")
        .iter()
        .map(|p| {
            let proto = match s(p, "/protocol") {
                "" => "TCP",
                x => x,
            };
            let n = if host {
                i(p, "/hostPort")
            } else {
                i(p, "/containerPort")
            };
            format!("{n}/{proto}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_state(w: &mut W, title: &str, st: &Value) {
    if let Some(r) = st.get("running").filter(|v| v.is_object()) {
        w.w(2, &format!("{title}:\tRunning\n"));
        w.w(3, &format!("Started:\t{}\n", rfc1123z(s(r, "/startedAt"))));
    } else if let Some(wt) = st.get("waiting").filter(|v| v.is_object()) {
        w.w(2, &format!("{title}:\tWaiting\n"));
        if !s(wt, "/reason").is_empty() {
            w.w(3, &format!("Reason:\t{}\n", s(wt, "/reason")));
        }
    } else if let Some(t) = st.get("terminated").filter(|v| v.is_object()) {
        w.w(2, &format!("{title}:\tTerminated\n"));
        if !s(t, "/reason").is_empty() {
            w.w(3, &format!("Reason:\t{}\n", s(t, "/reason")));
        }
        if !s(t, "/message").is_empty() {
            w.w(3, &format!("Message:\t{}\n", s(t, "/message")));
        }
        w.w(3, &format!("Exit Code:\t{}\n", i(t, "/exitCode")));
        if i(t, "/signal") > 0 {
            w.w(3, &format!("Signal:\t{}\n", i(t, "/signal")));
        }
        w.w(3, &format!("Started:\t{}\n", rfc1123z(s(t, "/startedAt"))));
        w.w(
            3,
            &format!("Finished:\t{}\n", rfc1123z(s(t, "/finishedAt"))),
        );
    } else {
        w.w(2, &format!("{title}:\tWaiting\n"));
    }
}

fn describe_probe(p: &Value) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        i(p, "/initialDelaySeconds"),
        oi(p, "/timeoutSeconds").unwrap_or(1),
        oi(p, "/periodSeconds").unwrap_or(10),
        oi(p, "/successThreshold").unwrap_or(1),
        oi(p, "/failureThreshold").unwrap_or(3)
    );
    if let Some(e) = p.get("exec").filter(|v| v.is_object()) {
        let cmd: Vec<&str> = a(e, "/command").iter().filter_map(Value::as_str).collect();
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(h) = p.get("httpGet").filter(|v| v.is_object()) {
        let scheme = match s(h, "/scheme") {
            "" => "http".to_string(),
            x => x.to_lowercase(),
        };
        let port = match h.get("port") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(x)) => x.clone(),
            _ => String::new(),
        };
        return format!(
            "http-get {scheme}://{}:{port}{} {attrs}",
            s(h, "/host"),
            s(h, "/path")
        );
    }
    if let Some(t) = p.get("tcpSocket").filter(|v| v.is_object()) {
        let port = match t.get("port") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(x)) => x.clone(),
            _ => String::new(),
        };
        return format!("tcp-socket {}:{port} {attrs}", s(t, "/host"));
    }
    format!("unknown {attrs}")
}

/// A container's `Environment Variables from:` (only when it has
/// `envFrom`) and `Environment:`, as kubectl's describers print them; for
/// a pod (`pod` given) fieldRefs to metadata show their value.
fn describe_env(w: &mut W, c: &Value, pod: Option<&Value>) {
    let from = a(c, "/envFrom");
    if !from.is_empty() {
        w.w(2, "Environment Variables from:\n");
        for e in from {
            let (r, kind) = match (e.get("configMapRef"), e.get("secretRef")) {
                (Some(r), _) => (r, "ConfigMap"),
                (None, Some(r)) => (r, "Secret"),
                _ => (&Value::Null, ""),
            };
            let prefix = s(e, "/prefix");
            let what = if prefix.is_empty() {
                kind.to_string()
            } else {
                format!("{kind} with prefix '{prefix}'")
            };
            w.w(
                3,
                &format!(
                    "{}\t{what}\tOptional: {}\n",
                    s(r, "/name"),
                    b(r, "/optional")
                ),
            );
        }
    }
    let env = a(c, "/env");
    if env.is_empty() {
        w.w(2, "Environment:\t<none>\n");
        return;
    }
    w.w(2, "Environment:\n");
    for e in env {
        let n = s(e, "/name");
        if let Some(vf) = e.get("valueFrom").filter(|v| v.is_object()) {
            if let Some(f) = vf.get("fieldRef") {
                let value = pod
                    .map(|p| field_path_value(p, s(f, "/fieldPath")))
                    .unwrap_or_default();
                w.w(
                    3,
                    &format!(
                        "{n}:\t{value} ({}:{})\n",
                        s(f, "/apiVersion"),
                        s(f, "/fieldPath")
                    ),
                );
            } else if let Some(r) = vf.get("resourceFieldRef") {
                let resource = s(r, "/resource");
                let mut value = resource_field_value(c, r);
                if value == "0" && (resource == "limits.cpu" || resource == "limits.memory") {
                    value = "node allocatable".to_string();
                }
                w.w(3, &format!("{n}:\t{value} ({resource})\n"));
            } else if let Some(sk) = vf.get("secretKeyRef") {
                w.w(
                    3,
                    &format!(
                        "{n}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                        s(sk, "/key"),
                        s(sk, "/name"),
                        b(sk, "/optional")
                    ),
                );
            } else if let Some(ck) = vf.get("configMapKeyRef") {
                w.w(
                    3,
                    &format!(
                        "{n}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                        s(ck, "/key"),
                        s(ck, "/name"),
                        b(ck, "/optional")
                    ),
                );
            }
            continue;
        }
        for (idx, line) in s(e, "/value").split('\n').enumerate() {
            if idx == 0 {
                w.w(3, &format!("{n}:\t{line}\n"));
            } else {
                w.w(3, &format!("\t{line}\n"));
            }
        }
    }
}

/// kubectl's fieldpath.ExtractFieldPathAsString: the metadata fields it
/// knows; anything else (status.podIP, spec.nodeName) prints empty.
fn field_path_value(pod: &Value, path: &str) -> String {
    let subscript = |prefix: &str| -> Option<String> {
        let rest = path
            .strip_prefix(prefix)?
            .strip_prefix('[')?
            .strip_suffix(']')?;
        let key = rest.strip_prefix('\'')?.strip_suffix('\'')?;
        Some(key.to_string())
    };
    if let Some(k) = subscript("metadata.annotations") {
        return smap(pod, "/metadata/annotations")
            .into_iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v)
            .unwrap_or_default();
    }
    if let Some(k) = subscript("metadata.labels") {
        return smap(pod, "/metadata/labels")
            .into_iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v)
            .unwrap_or_default();
    }
    match path {
        "metadata.name" => s(pod, "/metadata/name").to_string(),
        "metadata.namespace" => s(pod, "/metadata/namespace").to_string(),
        "metadata.uid" => s(pod, "/metadata/uid").to_string(),
        "metadata.labels" | "metadata.annotations" => {
            let key = path.trim_start_matches("metadata.");
            smap(pod, &format!("/metadata/{key}"))
                .into_iter()
                .map(|(k, v)| format!("{k}=\"{v}\""))
                .collect::<Vec<_>>()
                .join("\n")
        }
        _ => String::new(),
    }
}

/// ExtractContainerResourceValue: the container's limit or request in
/// units of the divisor, rounded up.
fn resource_field_value(c: &Value, r: &Value) -> String {
    use cluster::scheduler::{parse_bytes, parse_cpu_milli};
    let resource = s(r, "/resource");
    let Some((kind, name)) = resource.split_once('.') else {
        return String::new();
    };
    let q = s(c, &format!("/resources/{kind}/{name}"));
    let divisor = match r.get("divisor") {
        Some(Value::String(d)) => d.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let divisor = if divisor.is_empty() || divisor == "0" {
        "1".to_string()
    } else {
        divisor
    };
    let value = if name == "cpu" {
        let v = if q.is_empty() {
            Some(0)
        } else {
            parse_cpu_milli(q)
        };
        v.zip(parse_cpu_milli(&divisor).filter(|d| *d > 0))
            .map(|(v, d)| (v as f64 / d as f64).ceil() as i64)
    } else {
        let v = if q.is_empty() {
            Some(0)
        } else {
            parse_bytes(q)
        };
        v.zip(parse_bytes(&divisor).filter(|d| *d > 0))
            .map(|(v, d)| (v as f64 / d as f64).ceil() as i64)
    };
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn describe_containers(
    w: &mut W,
    label: &str,
    containers: &[Value],
    statuses: Option<&[Value]>,
    pod: Option<&Value>,
    space: &str,
) {
    if containers.is_empty() {
        w.w(0, &format!("{space}{label}: <none>\n"));
    } else {
        w.w(0, &format!("{space}{label}:\n"));
    }
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in containers {
        let cname = s(c, "/name");
        let st = statuses.and_then(|sts| sts.iter().find(|x| s(x, "/name") == cname));
        w.w(1, &format!("{name_indent}{cname}:\n"));
        if let Some(st) = st {
            w.w(2, &format!("Container ID:\t{}\n", s(st, "/containerID")));
        }
        w.w(2, &format!("Image:\t{}\n", s(c, "/image")));
        if let Some(st) = st {
            w.w(2, &format!("Image ID:\t{}\n", s(st, "/imageID")));
        }
        let ports = container_ports(c, false);
        if ports.contains(',') {
            w.w(2, &format!("Ports:\t{ports}\n"));
        } else {
            w.w(2, &format!("Port:\t{}\n", or_none(&ports)));
        }
        let hports = container_ports(c, true);
        if hports.contains(',') {
            w.w(2, &format!("Host Ports:\t{hports}\n"));
        } else {
            w.w(2, &format!("Host Port:\t{}\n", or_none(&hports)));
        }
        if !s(c, "/restartPolicy").is_empty() {
            w.w(2, &format!("Restart Policy:\t{}\n", s(c, "/restartPolicy")));
        }
        for (key, title) in [("command", "Command"), ("args", "Args")] {
            let items = a(c, &format!("/{key}"));
            if !items.is_empty() {
                w.w(2, &format!("{title}:\n"));
                for it in items {
                    for line in it.as_str().unwrap_or("").split('\n') {
                        w.w(3, &format!("{line}\n"));
                    }
                }
            }
        }
        if let Some(st) = st {
            describe_state(w, "State", st.get("state").unwrap_or(&Value::Null));
            if st
                .pointer("/lastState/terminated")
                .is_some_and(Value::is_object)
            {
                describe_state(w, "Last State", st.get("lastState").unwrap_or(&Value::Null));
            }
            w.w(
                2,
                &format!(
                    "Ready:\t{}\n",
                    if b(st, "/ready") { "True" } else { "False" }
                ),
            );
            w.w(2, &format!("Restart Count:\t{}\n", i(st, "/restartCount")));
        }
        for (key, title) in [("limits", "Limits"), ("requests", "Requests")] {
            let q = smap(c, &format!("/resources/{key}"));
            if !q.is_empty() {
                w.w(2, &format!("{title}:\n"));
                for (n, v) in q {
                    w.w(3, &format!("{n}:\t{v}\n"));
                }
            }
        }
        for (key, title) in [
            ("livenessProbe", "Liveness"),
            ("readinessProbe", "Readiness"),
            ("startupProbe", "Startup"),
        ] {
            if let Some(p) = c.get(key).filter(|v| v.is_object()) {
                w.w(2, &format!("{title}:\t{}\n", describe_probe(p)));
            }
        }
        describe_env(w, c, pod);
        let mut mounts: Vec<&Value> = a(c, "/volumeMounts").iter().collect();
        if mounts.is_empty() {
            w.w(2, "Mounts:\t<none>\n");
        } else {
            w.w(2, "Mounts:\n");
            cluster::sort::by(&mut mounts, |x, y| {
                s(x, "/mountPath").cmp(s(y, "/mountPath"))
            });
            for m in mounts {
                let mut flags = vec![if b(m, "/readOnly") {
                    "ro".to_string()
                } else {
                    "rw".to_string()
                }];
                if !s(m, "/subPath").is_empty() {
                    flags.push(format!("path=\"{}\"", s(m, "/subPath")));
                }
                w.w(
                    3,
                    &format!(
                        "{} from {} ({})\n",
                        s(m, "/mountPath"),
                        s(m, "/name"),
                        flags.join(",")
                    ),
                );
            }
        }
    }
}

fn opt_bool(v: Option<&Value>) -> String {
    match v.and_then(Value::as_bool) {
        Some(x) => x.to_string(),
        None => "<nil>".to_string(),
    }
}

fn describe_volumes(w: &mut W, vols: &[Value], space: &str) {
    if vols.is_empty() {
        w.w(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.w(0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in vols {
        w.w(1, &format!("{name_indent}{}:\n", s(v, "/name")));
        if let Some(p) = v.get("projected").filter(|x| x.is_object()) {
            w.w(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
            for src in a(p, "/sources") {
                if let Some(sec) = src.get("secret") {
                    w.w(
                        2,
                        &format!(
                            "SecretName:\t{}\n    SecretOptionalName:\t{}\n",
                            s(sec, "/name"),
                            opt_bool(sec.get("optional"))
                        ),
                    );
                } else if src.get("downwardAPI").is_some() {
                    w.w(2, "DownwardAPI:\ttrue\n");
                } else if let Some(cm) = src.get("configMap") {
                    w.w(
                        2,
                        &format!(
                            "ConfigMapName:\t{}\n    ConfigMapOptional:\t{}\n",
                            s(cm, "/name"),
                            opt_bool(cm.get("optional"))
                        ),
                    );
                } else if let Some(t) = src.get("serviceAccountToken") {
                    w.w(
                        2,
                        &format!("TokenExpirationSeconds:\t{}\n", i(t, "/expirationSeconds")),
                    );
                }
            }
        } else if let Some(e) = v.get("emptyDir").filter(|x| x.is_object()) {
            let limit = match s(e, "/sizeLimit") {
                "" => "<unset>",
                l => l,
            };
            w.w(2, &format!(
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n",
                s(e, "/medium")
            ));
        } else if let Some(cm) = v.get("configMap").filter(|x| x.is_object()) {
            w.w(2, &format!("Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n", s(cm, "/name"), b(cm, "/optional")));
        } else if let Some(sec) = v.get("secret").filter(|x| x.is_object()) {
            w.w(2, &format!("Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n", s(sec, "/secretName"), b(sec, "/optional")));
        } else if let Some(hp) = v.get("hostPath").filter(|x| x.is_object()) {
            let ty = match s(hp, "/type") {
                "" => "<none>",
                t => t,
            };
            w.w(2, &format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{ty}\n", s(hp, "/path")));
        } else if let Some(c) = v.get("persistentVolumeClaim").filter(|x| x.is_object()) {
            w.w(2, &format!(
                "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                s(c, "/claimName"),
                b(c, "/readOnly")
            ));
        } else {
            w.w(1, "<unknown>\n");
        }
    }
}

fn qos_class(pod: &Value) -> String {
    let q = s(pod, "/status/qosClass");
    if !q.is_empty() {
        return q.to_string();
    }
    let cs = a(pod, "/spec/containers");
    let any = cs.iter().any(|c| {
        !smap(c, "/resources/requests").is_empty() || !smap(c, "/resources/limits").is_empty()
    });
    if !any {
        return "BestEffort".to_string();
    }
    let guaranteed = cs.iter().all(|c| {
        let l = smap(c, "/resources/limits");
        let r = smap(c, "/resources/requests");
        ["cpu", "memory"].iter().all(|k| {
            let lim = l.iter().find(|(n, _)| n == k).map(|(_, v)| v);
            let req = r.iter().find(|(n, _)| n == k).map(|(_, v)| v);
            lim.is_some() && (req.is_none() || req == lim)
        })
    });
    if guaranteed {
        "Guaranteed".to_string()
    } else {
        "Burstable".to_string()
    }
}

fn describe_pod(store: &Store, pod: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(pod)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(pod)));
    if let Some(p) = oi(pod, "/spec/priority") {
        w.w(0, &format!("Priority:\t{p}\n"));
    }
    if !s(pod, "/spec/priorityClassName").is_empty() {
        w.w(
            0,
            &format!(
                "Priority Class Name:\t{}\n",
                s(pod, "/spec/priorityClassName")
            ),
        );
    }
    if !s(pod, "/spec/runtimeClassName").is_empty() {
        w.w(
            0,
            &format!(
                "Runtime Class Name:\t{}\n",
                s(pod, "/spec/runtimeClassName")
            ),
        );
    }
    if !s(pod, "/spec/serviceAccountName").is_empty() {
        w.w(
            0,
            &format!("Service Account:\t{}\n", s(pod, "/spec/serviceAccountName")),
        );
    }
    if s(pod, "/spec/nodeName").is_empty() {
        w.w(0, "Node:\t<none>\n");
    } else {
        w.w(
            0,
            &format!(
                "Node:\t{}/{}\n",
                s(pod, "/spec/nodeName"),
                s(pod, "/status/hostIP")
            ),
        );
    }
    if !s(pod, "/status/startTime").is_empty() {
        w.w(
            0,
            &format!("Start Time:\t{}\n", rfc1123z(s(pod, "/status/startTime"))),
        );
    }
    labels_multiline(&mut w, "Labels", &smap(pod, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(pod, "/metadata/annotations"));
    let phase = s(pod, "/status/phase");
    if !s(pod, "/metadata/deletionTimestamp").is_empty()
        && phase != "Failed"
        && phase != "Succeeded"
    {
        w.w(
            0,
            &format!(
                "Status:\tTerminating (lasts {})\n",
                age(s(pod, "/metadata/deletionTimestamp"), now)
            ),
        );
        w.w(
            0,
            &format!(
                "Termination Grace Period:\t{}s\n",
                i(pod, "/metadata/deletionGracePeriodSeconds")
            ),
        );
    } else {
        w.w(0, &format!("Status:\t{phase}\n"));
    }
    if !s(pod, "/status/reason").is_empty() {
        w.w(0, &format!("Reason:\t{}\n", s(pod, "/status/reason")));
    }
    if !s(pod, "/status/message").is_empty() {
        w.w(0, &format!("Message:\t{}\n", s(pod, "/status/message")));
    }
    w.w(0, &format!("IP:\t{}\n", s(pod, "/status/podIP")));
    let ips = a(pod, "/status/podIPs");
    if ips.is_empty() {
        w.w(0, "IPs:\t<none>\n");
    } else {
        w.w(0, "IPs:\n");
        for ip in ips {
            w.w(0, &format!("  IP:\t{}\n", s(ip, "/ip")));
        }
    }
    let ctl = controller_of(pod);
    if !ctl.is_empty() {
        w.w(0, &format!("Controlled By:\t{ctl}\n"));
    }
    if !s(pod, "/status/nominatedNodeName").is_empty() {
        w.w(
            0,
            &format!(
                "NominatedNodeName:\t{}\n",
                s(pod, "/status/nominatedNodeName")
            ),
        );
    }
    let init = a(pod, "/spec/initContainers");
    if !init.is_empty() {
        describe_containers(
            &mut w,
            "Init Containers",
            init,
            Some(a(pod, "/status/initContainerStatuses")),
            Some(pod),
            "",
        );
    }
    describe_containers(
        &mut w,
        "Containers",
        a(pod, "/spec/containers"),
        Some(a(pod, "/status/containerStatuses")),
        Some(pod),
        "",
    );
    let ephemeral = a(pod, "/spec/ephemeralContainers");
    if !ephemeral.is_empty() {
        describe_containers(
            &mut w,
            "Ephemeral Containers",
            ephemeral,
            Some(a(pod, "/status/ephemeralContainerStatuses")),
            Some(pod),
            "",
        );
    }
    let conds = a(pod, "/status/conditions");
    if !conds.is_empty() {
        w.w(0, "Conditions:\n  Type\tStatus\n");
        for c in conds {
            w.w(1, &format!("{} \t{} \n", s(c, "/type"), s(c, "/status")));
        }
    }
    describe_volumes(&mut w, a(pod, "/spec/volumes"), "");
    w.w(0, &format!("QoS Class:\t{}\n", qos_class(pod)));
    labels_multiline(&mut w, "Node-Selectors", &smap(pod, "/spec/nodeSelector"));
    tolerations_multiline(&mut w, "Tolerations", a(pod, "/spec/tolerations"));
    events(&mut w, store, pod, now);
    w.finish()
}

fn pod_template(w: &mut W, tmpl: &Value) {
    w.w(0, "Pod Template:\n");
    labels_multiline(w, "  Labels", &smap(tmpl, "/metadata/labels"));
    let ann = smap(tmpl, "/metadata/annotations");
    if !ann.is_empty() {
        annotations_multiline(w, "  Annotations", &ann);
    }
    if !s(tmpl, "/spec/serviceAccountName").is_empty() {
        w.w(
            1,
            &format!(
                "Service Account:\t{}\n",
                s(tmpl, "/spec/serviceAccountName")
            ),
        );
    }
    let init = a(tmpl, "/spec/initContainers");
    if !init.is_empty() {
        describe_containers(w, "Init Containers", init, None, None, "  ");
    }
    describe_containers(
        w,
        "Containers",
        a(tmpl, "/spec/containers"),
        None,
        None,
        "  ",
    );
    describe_volumes(w, a(tmpl, "/spec/volumes"), "  ");
    if !s(tmpl, "/spec/priorityClassName").is_empty() {
        w.w(
            1,
            &format!(
                "Priority Class Name:\t{}\n",
                s(tmpl, "/spec/priorityClassName")
            ),
        );
    }
    labels_multiline(w, "  Node-Selectors", &smap(tmpl, "/spec/nodeSelector"));
    tolerations_multiline(w, "  Tolerations", a(tmpl, "/spec/tolerations"));
}

/// A pod template as `rollout history --revision=N` prints it: the
/// describer's lines with their raw tabs (kubectl writes them without a
/// tabwriter there).
pub fn pod_template_raw(tmpl: &Value) -> String {
    let mut w = W::default();
    pod_template(&mut w, tmpl);
    w.text
}

fn int_or_string(v: Option<&Value>, default: &str) -> String {
    match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(x)) => x.clone(),
        _ => default.to_string(),
    }
}

fn conditions_with_reason(w: &mut W, conds: &[Value]) {
    if conds.is_empty() {
        return;
    }
    w.w(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.w(1, "----\t------\t------\n");
    for c in conds {
        w.w(
            1,
            &format!(
                "{} \t{}\t{}\n",
                s(c, "/type"),
                s(c, "/status"),
                s(c, "/reason")
            ),
        );
    }
}

fn owned_by(o: &Value, uid: &str) -> bool {
    a(o, "/metadata/ownerReferences")
        .iter()
        .any(|r| s(r, "/uid") == uid && b(r, "/controller"))
}

fn describe_deployment(store: &Store, d: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(d)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(d)));
    w.w(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(s(d, "/metadata/creationTimestamp"))
        ),
    );
    labels_multiline(&mut w, "Labels", &smap(d, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(d, "/metadata/annotations"));
    let sel = format_label_selector(d.pointer("/spec/selector"));
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            if sel == "<none>" { String::new() } else { sel }
        ),
    );
    w.w(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            oi(d, "/spec/replicas").unwrap_or(1),
            i(d, "/status/updatedReplicas"),
            i(d, "/status/replicas"),
            i(d, "/status/availableReplicas"),
            i(d, "/status/unavailableReplicas")
        ),
    );
    let strategy = match s(d, "/spec/strategy/type") {
        "" => "RollingUpdate",
        x => x,
    };
    w.w(0, &format!("StrategyType:\t{strategy}\n"));
    w.w(
        0,
        &format!("MinReadySeconds:\t{}\n", i(d, "/spec/minReadySeconds")),
    );
    if strategy == "RollingUpdate" {
        w.w(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                int_or_string(
                    d.pointer("/spec/strategy/rollingUpdate/maxUnavailable"),
                    "25%"
                ),
                int_or_string(d.pointer("/spec/strategy/rollingUpdate/maxSurge"), "25%")
            ),
        );
    }
    pod_template(&mut w, d.pointer("/spec/template").unwrap_or(&Value::Null));
    conditions_with_reason(&mut w, a(d, "/status/conditions"));
    let uid = s(d, "/metadata/uid");
    let rss: Vec<&Value> = store
        .list("replicasets", Some(namespace(d)))
        .into_iter()
        .filter(|rs| owned_by(rs, uid))
        .collect();
    let template_hash_of = |rs: &Value| s(rs, "/metadata/labels/pod-template-hash").to_string();
    // The new ReplicaSet is the one whose template matches the deployment's
    // (the controller names it after that hash); the newest one otherwise.
    let revision = s(
        d,
        "/metadata/annotations/deployment.kubernetes.io~1revision",
    );
    let new_rs = rss
        .iter()
        .find(|rs| {
            !revision.is_empty()
                && s(
                    rs,
                    "/metadata/annotations/deployment.kubernetes.io~1revision",
                ) == revision
        })
        .or_else(|| {
            rss.iter()
                .max_by_key(|rs| s(rs, "/metadata/creationTimestamp").to_string())
        })
        .copied();
    let fmt_rs = |rs: &Value| {
        format!(
            "{} ({}/{} replicas created)",
            name(rs),
            i(rs, "/status/replicas"),
            oi(rs, "/spec/replicas").unwrap_or(1)
        )
    };
    let old: Vec<String> = rss
        .iter()
        .filter(|rs| {
            new_rs.is_none_or(|n| name(n) != name(rs)) && oi(rs, "/spec/replicas").unwrap_or(1) > 0
        })
        .map(|rs| fmt_rs(rs))
        .collect();
    let _ = template_hash_of;
    w.w(
        0,
        &format!(
            "OldReplicaSets:\t{}\n",
            if old.is_empty() {
                "<none>".to_string()
            } else {
                old.join(", ")
            }
        ),
    );
    w.w(
        0,
        &format!(
            "NewReplicaSet:\t{}\n",
            new_rs.map(fmt_rs).unwrap_or_else(|| "<none>".to_string())
        ),
    );
    events(&mut w, store, d, now);
    w.finish()
}

fn describe_replicaset(store: &Store, rs: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(rs)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(rs)));
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            format_label_selector(rs.pointer("/spec/selector"))
        ),
    );
    labels_multiline(&mut w, "Labels", &smap(rs, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(rs, "/metadata/annotations"));
    let ctl = controller_of(rs);
    if !ctl.is_empty() {
        w.w(0, &format!("Controlled By:\t{ctl}\n"));
    }
    w.w(
        0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            i(rs, "/status/replicas"),
            oi(rs, "/spec/replicas").unwrap_or(1)
        ),
    );
    let uid = s(rs, "/metadata/uid");
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in store.list("pods", Some(namespace(rs))) {
        if !owned_by(p, uid) {
            continue;
        }
        match s(p, "/status/phase") {
            "Running" => running += 1,
            "Pending" => waiting += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => {}
        }
    }
    w.w(0, &format!("Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"));
    pod_template(&mut w, rs.pointer("/spec/template").unwrap_or(&Value::Null));
    conditions_with_reason(&mut w, a(rs, "/status/conditions"));
    events(&mut w, store, rs, now);
    w.finish()
}

/// The Endpoints line of a Service's port, from its EndpointSlices.
fn slice_endpoints(slices: &[&Value], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".to_string();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for sl in slices {
        let ports = a(sl, "/ports");
        let eps = a(sl, "/endpoints");
        let ready = |e: &Value| {
            e.pointer("/conditions/ready")
                .and_then(Value::as_bool)
                .unwrap_or(true)
        };
        let first_addr = |e: &Value| {
            a(e, "/addresses")
                .first()
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        if ports.is_empty() {
            for e in eps {
                if list.len() == max {
                    more = true;
                }
                if !ready(e) {
                    continue;
                }
                if !more {
                    list.push(first_addr(e));
                }
                count += 1;
            }
        } else {
            for p in ports {
                if s(p, "/name") != port_name {
                    continue;
                }
                for e in eps {
                    if list.len() == max {
                        more = true;
                    }
                    if !ready(e) {
                        continue;
                    }
                    if !more {
                        let addr = first_addr(e);
                        let host = if addr.contains(':') {
                            format!("[{addr}]")
                        } else {
                            addr
                        };
                        list.push(format!("{host}:{}", i(p, "/port")));
                    }
                    count += 1;
                }
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - max)
    } else {
        ret
    }
}

fn describe_service(store: &Store, svc: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(svc)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(svc)));
    labels_multiline(&mut w, "Labels", &smap(svc, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(svc, "/metadata/annotations"));
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            format_labels(&smap(svc, "/spec/selector"))
        ),
    );
    w.w(0, &format!("Type:\t{}\n", s(svc, "/spec/type")));
    if !s(svc, "/spec/ipFamilyPolicy").is_empty() {
        w.w(
            0,
            &format!("IP Family Policy:\t{}\n", s(svc, "/spec/ipFamilyPolicy")),
        );
    }
    let fams: Vec<&str> = a(svc, "/spec/ipFamilies")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    w.w(
        0,
        &format!(
            "IP Families:\t{}\n",
            if fams.is_empty() {
                "<none>".to_string()
            } else {
                fams.join(",")
            }
        ),
    );
    w.w(0, &format!("IP:\t{}\n", s(svc, "/spec/clusterIP")));
    let ips: Vec<&str> = a(svc, "/spec/clusterIPs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    w.w(
        0,
        &format!(
            "IPs:\t{}\n",
            if ips.is_empty() {
                "<none>".to_string()
            } else {
                ips.join(",")
            }
        ),
    );
    let ext: Vec<&str> = a(svc, "/spec/externalIPs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if !ext.is_empty() {
        w.w(0, &format!("External IPs:\t{}\n", ext.join(",")));
    }
    if !s(svc, "/spec/loadBalancerIP").is_empty() {
        w.w(0, &format!("IP:\t{}\n", s(svc, "/spec/loadBalancerIP")));
    }
    if !s(svc, "/spec/externalName").is_empty() {
        w.w(
            0,
            &format!("External Name:\t{}\n", s(svc, "/spec/externalName")),
        );
    }
    let lb: Vec<String> = a(svc, "/status/loadBalancer/ingress")
        .iter()
        .map(|x| {
            if s(x, "/ip").is_empty() {
                s(x, "/hostname").to_string()
            } else {
                s(x, "/ip").to_string()
            }
        })
        .collect();
    if !lb.is_empty() {
        w.w(0, &format!("LoadBalancer Ingress:\t{}\n", lb.join(", ")));
    }
    let svc_name = name(svc).to_string();
    let slices: Vec<&Value> = store
        .list("endpointslices", Some(namespace(svc)))
        .into_iter()
        .filter(|sl| s(sl, "/metadata/labels/kubernetes.io~1service-name") == svc_name)
        .collect();
    for p in a(svc, "/spec/ports") {
        let pname = match s(p, "/name") {
            "" => "<unset>",
            x => x,
        };
        let proto = match s(p, "/protocol") {
            "" => "TCP",
            x => x,
        };
        w.w(0, &format!("Port:\t{pname}\t{}/{proto}\n", i(p, "/port")));
        match p.get("targetPort") {
            Some(Value::String(t)) => w.w(0, &format!("TargetPort:\t{t}/{proto}\n")),
            other => {
                let t = other.and_then(Value::as_i64).unwrap_or(0);
                w.w(0, &format!("TargetPort:\t{t}/{proto}\n"));
            }
        }
        if i(p, "/nodePort") != 0 {
            w.w(
                0,
                &format!("NodePort:\t{pname}\t{}/{proto}\n", i(p, "/nodePort")),
            );
        }
        w.w(
            0,
            &format!("Endpoints:\t{}\n", slice_endpoints(&slices, s(p, "/name"))),
        );
    }
    w.w(
        0,
        &format!("Session Affinity:\t{}\n", s(svc, "/spec/sessionAffinity")),
    );
    if !s(svc, "/spec/externalTrafficPolicy").is_empty() {
        w.w(
            0,
            &format!(
                "External Traffic Policy:\t{}\n",
                s(svc, "/spec/externalTrafficPolicy")
            ),
        );
    }
    if !s(svc, "/spec/internalTrafficPolicy").is_empty() {
        w.w(
            0,
            &format!(
                "Internal Traffic Policy:\t{}\n",
                s(svc, "/spec/internalTrafficPolicy")
            ),
        );
    }
    if i(svc, "/spec/healthCheckNodePort") != 0 {
        w.w(
            0,
            &format!(
                "HealthCheck NodePort:\t{}\n",
                i(svc, "/spec/healthCheckNodePort")
            ),
        );
    }
    let ranges: Vec<&str> = a(svc, "/spec/loadBalancerSourceRanges")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if !ranges.is_empty() {
        w.w(
            0,
            &format!("LoadBalancer Source Ranges:\t{}\n", ranges.join(",")),
        );
    }
    events(&mut w, store, svc, now);
    w.finish()
}

fn describe_namespace(store: &Store, ns: &Value, _now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(ns)));
    labels_multiline(&mut w, "Labels", &smap(ns, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(ns, "/metadata/annotations"));
    w.w(0, &format!("Status:\t{}\n", s(ns, "/status/phase")));
    // DescribeResourceQuotas: every quota of the namespace, by name.
    let quotas = store.list("resourcequotas", Some(name(ns)));
    if quotas.is_empty() {
        w.w(0, "\nNo resource quota.\n");
    } else {
        w.w(0, "\nResource Quotas\n");
        for q in quotas {
            w.w(1, &format!("Name:\t{}\n", name(q)));
            let mut scopes = str_list(q, "/spec/scopes");
            if !scopes.is_empty() {
                cluster::sort::sort(&mut scopes);
                w.w(1, &format!("Scopes:\t{}\n", scopes.join(", ")));
                for sc in &scopes {
                    let help = quota_scope_help(sc);
                    if !help.is_empty() {
                        w.w(1, &format!("* {help}\n"));
                    }
                }
            }
            w.w(1, "Resource\tUsed\tHard\n");
            w.w(1, "--------\t---\t---\n");
            for (res, u, h) in quota_rows(store, q) {
                w.w(1, &format!("{res}\t{u}\t{h}\n"));
            }
        }
    }
    // DescribeLimitRanges: every limit range's rows in one table.
    let ranges = store.list("limitranges", Some(name(ns)));
    if ranges.is_empty() {
        w.w(0, "\nNo LimitRange resource.\n");
    } else {
        w.w(0, "\nResource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
        w.w(
            0,
            " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n",
        );
        for lr in ranges {
            for row in limit_rows(lr) {
                w.w(0, &format!(" {row}\n"));
            }
        }
    }
    w.finish()
}

fn describe_endpoints(store: &Store, ep: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(ep)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(ep)));
    labels_multiline(&mut w, "Labels", &smap(ep, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(ep, "/metadata/annotations"));
    w.w(0, "Subsets:\n");
    for ss in a(ep, "/subsets") {
        let join = |key: &str| {
            let v: Vec<&str> = a(ss, key).iter().map(|x| s(x, "/ip")).collect();
            if v.is_empty() {
                "<none>".to_string()
            } else {
                v.join(",")
            }
        };
        w.w(1, &format!("Addresses:\t{}\n", join("/addresses")));
        w.w(
            1,
            &format!("NotReadyAddresses:\t{}\n", join("/notReadyAddresses")),
        );
        let ports = a(ss, "/ports");
        if !ports.is_empty() {
            w.w(1, "Ports:\n    Name\tPort\tProtocol\n");
            w.w(2, "----\t----\t--------\n");
            for p in ports {
                let n = match s(p, "/name") {
                    "" => "<unset>",
                    x => x,
                };
                w.w(
                    2,
                    &format!("{n}\t{}\t{}\n", i(p, "/port"), s(p, "/protocol")),
                );
            }
        }
        w.w(0, "\n");
    }
    events(&mut w, store, ep, now);
    w.finish()
}

fn describe_configmap(store: &Store, cm: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(cm)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(cm)));
    labels_multiline(&mut w, "Labels", &smap(cm, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(cm, "/metadata/annotations"));
    w.w(0, "\nData\n====\n");
    for (key, v) in smap(cm, "/data") {
        w.w(0, &format!("{key}:\n----\n{v}\n\n"));
    }
    w.w(0, "\nBinaryData\n====\n");
    for (key, v) in smap(cm, "/binaryData") {
        w.w(0, &format!("{key}: {} bytes\n", v.len() * 3 / 4));
    }
    w.w(0, "\n");
    events(&mut w, store, cm, now);
    w.finish()
}

fn describe_secret(store: &Store, sec: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(sec)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(sec)));
    labels_multiline(&mut w, "Labels", &smap(sec, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(sec, "/metadata/annotations"));
    w.w(0, &format!("\nType:\t{}\n\nData\n====\n", s(sec, "/type")));
    for (key, v) in smap(sec, "/data") {
        let trimmed = v.trim_end_matches('=');
        let bytes = trimmed.len() * 3 / 4;
        w.w(0, &format!("{key}:\t{bytes} bytes\n"));
    }
    let _ = (store, now);
    w.finish()
}

fn describe_node(store: &Store, node: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(node)));
    let roles = printers::node_roles(node);
    w.w(0, &format!("Roles:\t{roles}\n"));
    labels_multiline(&mut w, "Labels", &smap(node, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(node, "/metadata/annotations"));
    w.w(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(s(node, "/metadata/creationTimestamp"))
        ),
    );
    let taints = a(node, "/spec/taints");
    if taints.is_empty() {
        w.w(0, "Taints:\t<none>\n");
    } else {
        for (n, t) in taints.iter().enumerate() {
            let mut line = s(t, "/key").to_string();
            if !s(t, "/value").is_empty() {
                line.push_str(&format!("={}", s(t, "/value")));
            }
            line.push_str(&format!(":{}", s(t, "/effect")));
            if n == 0 {
                w.w(0, &format!("Taints:\t{line}\n"));
            } else {
                w.w(0, &format!("\t{line}\n"));
            }
        }
    }
    w.w(
        0,
        &format!("Unschedulable:\t{}\n", b(node, "/spec/unschedulable")),
    );
    if let Some(lease) = store.get("leases", "kube-node-lease", name(node)) {
        w.w(0, "Lease:\n");
        let holder = match s(lease, "/spec/holderIdentity") {
            "" => "<unset>",
            h => h,
        };
        w.w(1, &format!("HolderIdentity:\t{holder}\n"));
        let acq = match s(lease, "/spec/acquireTime") {
            "" => "<unset>".to_string(),
            t => rfc1123z(t),
        };
        w.w(1, &format!("AcquireTime:\t{acq}\n"));
        let renew = match s(lease, "/spec/renewTime") {
            "" => "<unset>".to_string(),
            t => rfc1123z(t),
        };
        w.w(1, &format!("RenewTime:\t{renew}\n"));
    }
    let conds = a(node, "/status/conditions");
    if !conds.is_empty() {
        w.w(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.w(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in conds {
            w.w(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    s(c, "/type"),
                    s(c, "/status"),
                    rfc1123z(s(c, "/lastHeartbeatTime")),
                    rfc1123z(s(c, "/lastTransitionTime")),
                    s(c, "/reason"),
                    s(c, "/message")
                ),
            );
        }
    }
    w.w(0, "Addresses:\n");
    for ad in a(node, "/status/addresses") {
        w.w(1, &format!("{}:\t{}\n", s(ad, "/type"), s(ad, "/address")));
    }
    for (key, title) in [("capacity", "Capacity"), ("allocatable", "Allocatable")] {
        let q = smap(node, &format!("/status/{key}"));
        if !q.is_empty() {
            w.w(0, &format!("{title}:\n"));
            for (n, v) in q {
                w.w(1, &format!("{n}:\t{v}\n"));
            }
        }
    }
    w.w(0, "System Info:\n");
    let info = node.pointer("/status/nodeInfo").unwrap_or(&Value::Null);
    for (key, title) in [
        ("machineID", "Machine ID"),
        ("systemUUID", "System UUID"),
        ("bootID", "Boot ID"),
        ("kernelVersion", "Kernel Version"),
        ("osImage", "OS Image"),
        ("operatingSystem", "Operating System"),
        ("architecture", "Architecture"),
        ("containerRuntimeVersion", "Container Runtime Version"),
        ("kubeletVersion", "Kubelet Version"),
        ("kubeProxyVersion", "Kube-Proxy Version"),
    ] {
        w.w(1, &format!("{title}:\t{}\n", s(info, &format!("/{key}"))));
    }
    if !s(node, "/spec/podCIDR").is_empty() {
        w.w(0, &format!("PodCIDR:\t{}\n", s(node, "/spec/podCIDR")));
    }
    let cidrs: Vec<&str> = a(node, "/spec/podCIDRs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if !cidrs.is_empty() {
        w.w(0, &format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    if !s(node, "/spec/providerID").is_empty() {
        w.w(
            0,
            &format!("ProviderID:\t{}\n", s(node, "/spec/providerID")),
        );
    }
    let node_name = name(node).to_string();
    let pods: Vec<&Value> = store
        .list("pods", None)
        .into_iter()
        .filter(|p| {
            s(p, "/spec/nodeName") == node_name
                && !matches!(s(p, "/status/phase"), "Succeeded" | "Failed")
        })
        .collect();
    let alloc_cpu = parse_cpu_milli(s(node, "/status/allocatable/cpu"));
    let alloc_mem = parse_bytes(s(node, "/status/allocatable/memory"));
    let pct = |v: i64, total: i64| if total > 0 { v * 100 / total } else { 0 };
    w.w(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.w(
        1,
        "Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.w(
        1,
        "---------\t----\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let (mut req_cpu, mut lim_cpu, mut req_mem, mut lim_mem) = (0i64, 0i64, 0i64, 0i64);
    for p in &pods {
        let sum = |path: &str, cpu: bool| -> i64 {
            a(p, "/spec/containers")
                .iter()
                .map(|c| {
                    let v = s(c, &format!("/resources/{path}"));
                    if cpu {
                        parse_cpu_milli(v)
                    } else {
                        parse_bytes(v)
                    }
                })
                .sum()
        };
        let rc = sum("requests/cpu", true);
        let lc = sum("limits/cpu", true);
        let rm = sum("requests/memory", false);
        let lm = sum("limits/memory", false);
        req_cpu += rc;
        lim_cpu += lc;
        req_mem += rm;
        lim_mem += lm;
        w.w(
            1,
            &format!(
                "{}\t{}\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                namespace(p),
                name(p),
                fmt_cpu(rc),
                pct(rc, alloc_cpu),
                fmt_cpu(lc),
                pct(lc, alloc_cpu),
                fmt_bytes(rm),
                pct(rm, alloc_mem),
                fmt_bytes(lm),
                pct(lm, alloc_mem),
                crate::util::obj_age(p, now)
            ),
        );
    }
    w.w(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.w(1, "Resource\tRequests\tLimits\n");
    w.w(1, "--------\t--------\t------\n");
    w.w(
        1,
        &format!(
            "cpu\t{} ({}%)\t{} ({}%)\n",
            fmt_cpu(req_cpu),
            pct(req_cpu, alloc_cpu),
            fmt_cpu(lim_cpu),
            pct(lim_cpu, alloc_cpu)
        ),
    );
    w.w(
        1,
        &format!(
            "memory\t{} ({}%)\t{} ({}%)\n",
            fmt_bytes(req_mem),
            pct(req_mem, alloc_mem),
            fmt_bytes(lim_mem),
            pct(lim_mem, alloc_mem)
        ),
    );
    w.w(1, "ephemeral-storage\t0 (0%)\t0 (0%)\n");
    for (n, _) in smap(node, "/status/allocatable") {
        if n.starts_with("hugepages-") {
            w.w(1, &format!("{n}\t0 (0%)\t0 (0%)\n"));
        }
    }
    events(&mut w, store, node, now);
    w.finish()
}

fn pods_status(store: &Store, owner: &Value) -> String {
    let uid = s(owner, "/metadata/uid");
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in store.list("pods", Some(namespace(owner))) {
        if !owned_by(p, uid) {
            continue;
        }
        match s(p, "/status/phase") {
            "Running" => running += 1,
            "Pending" => waiting += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => {}
        }
    }
    format!("{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed")
}

fn describe_daemonset(store: &Store, ds: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(ds)));
    let sel = format_label_selector(ds.pointer("/spec/selector"));
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            if sel == "<none>" { String::new() } else { sel }
        ),
    );
    w.w(
        0,
        &format!(
            "Node-Selector:\t{}\n",
            format_labels(&smap(ds, "/spec/template/spec/nodeSelector"))
        ),
    );
    labels_multiline(&mut w, "Labels", &smap(ds, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(ds, "/metadata/annotations"));
    w.w(
        0,
        &format!(
            "Desired Number of Nodes Scheduled: {}\n",
            i(ds, "/status/desiredNumberScheduled")
        ),
    );
    w.w(
        0,
        &format!(
            "Current Number of Nodes Scheduled: {}\n",
            i(ds, "/status/currentNumberScheduled")
        ),
    );
    w.w(
        0,
        &format!(
            "Number of Nodes Scheduled with Up-to-date Pods: {}\n",
            i(ds, "/status/updatedNumberScheduled")
        ),
    );
    w.w(
        0,
        &format!(
            "Number of Nodes Scheduled with Available Pods: {}\n",
            i(ds, "/status/numberAvailable")
        ),
    );
    w.w(
        0,
        &format!(
            "Number of Nodes Misscheduled: {}\n",
            i(ds, "/status/numberMisscheduled")
        ),
    );
    w.w(0, &format!("Pods Status:\t{}\n", pods_status(store, ds)));
    pod_template(&mut w, ds.pointer("/spec/template").unwrap_or(&Value::Null));
    events(&mut w, store, ds, now);
    w.finish()
}

fn describe_statefulset(store: &Store, sts: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(sts)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(sts)));
    w.w(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(s(sts, "/metadata/creationTimestamp"))
        ),
    );
    let sel = format_label_selector(sts.pointer("/spec/selector"));
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            if sel == "<none>" { String::new() } else { sel }
        ),
    );
    labels_multiline(&mut w, "Labels", &smap(sts, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(sts, "/metadata/annotations"));
    w.w(
        0,
        &format!(
            "Replicas:\t{} desired | {} total\n",
            oi(sts, "/spec/replicas").unwrap_or(1),
            i(sts, "/status/replicas")
        ),
    );
    let strategy = match s(sts, "/spec/updateStrategy/type") {
        "" => "RollingUpdate",
        x => x,
    };
    w.w(0, &format!("Update Strategy:\t{strategy}\n"));
    if let Some(p) = oi(sts, "/spec/updateStrategy/rollingUpdate/partition") {
        w.w(1, &format!("Partition:\t{p}\n"));
        if let Some(mu) = sts.pointer("/spec/updateStrategy/rollingUpdate/maxUnavailable") {
            w.w(
                1,
                &format!("MaxUnavailable:\t{}\n", int_or_string(Some(mu), "")),
            );
        }
    }
    w.w(0, &format!("Pods Status:\t{}\n", pods_status(store, sts)));
    pod_template(
        &mut w,
        sts.pointer("/spec/template").unwrap_or(&Value::Null),
    );
    let claims = a(sts, "/spec/volumeClaimTemplates");
    if claims.is_empty() {
        w.w(0, "Volume Claims:\t<none>\n");
    } else {
        w.w(0, "Volume Claims:\n");
        for pvc in claims {
            w.w(1, &format!("Name:\t{}\n", name(pvc)));
            let class = match s(pvc, "/spec/storageClassName") {
                "" => s(
                    pvc,
                    "/metadata/annotations/volume.beta.kubernetes.io~1storage-class",
                ),
                c => c,
            };
            w.w(1, &format!("StorageClass:\t{class}\n"));
            labels_multiline(&mut w, "  Labels", &smap(pvc, "/metadata/labels"));
            labels_multiline(&mut w, "  Annotations", &smap(pvc, "/metadata/annotations"));
            let cap = match s(pvc, "/spec/resources/requests/storage") {
                "" => "<default>",
                c => c,
            };
            w.w(1, &format!("Capacity:\t{cap}\n"));
            let modes: Vec<&str> = a(pvc, "/spec/accessModes")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            w.w(1, &format!("Access Modes:\t[{}]\n", modes.join(" ")));
        }
    }
    events(&mut w, store, sts, now);
    w.finish()
}

/// capIndexesListOrNone: the list cut after the first comma at or past
/// `soft_limit` characters, `<none>` when empty.
fn cap_indexes(indexes: &str, soft_limit: usize) -> String {
    if indexes.is_empty() {
        return "<none>".to_string();
    }
    match indexes
        .char_indices()
        .find(|(i, ch)| *i >= soft_limit && *ch == ',')
    {
        Some((i, _)) => format!("{}...", &indexes[..=i]),
        None => indexes.to_string(),
    }
}

fn describe_job(store: &Store, job: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(job)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(job)));
    let sel = format_label_selector(job.pointer("/spec/selector"));
    w.w(
        0,
        &format!(
            "Selector:\t{}\n",
            if sel == "<none>" { String::new() } else { sel }
        ),
    );
    labels_multiline(&mut w, "Labels", &smap(job, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(job, "/metadata/annotations"));
    let ctl = controller_of(job);
    if !ctl.is_empty() {
        w.w(0, &format!("Controlled By:\t{ctl}\n"));
    }
    if let Some(p) = oi(job, "/spec/parallelism") {
        w.w(0, &format!("Parallelism:\t{p}\n"));
    }
    match oi(job, "/spec/completions") {
        Some(c) => w.w(0, &format!("Completions:\t{c}\n")),
        None => w.w(0, "Completions:\t<unset>\n"),
    }
    if !s(job, "/spec/completionMode").is_empty() {
        w.w(
            0,
            &format!("Completion Mode:\t{}\n", s(job, "/spec/completionMode")),
        );
    }
    if let Some(b) = job.pointer("/spec/suspend").and_then(Value::as_bool) {
        w.w(0, &format!("Suspend:\t{b}\n"));
    }
    if let Some(b) = oi(job, "/spec/backoffLimit") {
        w.w(0, &format!("Backoff Limit:\t{b}\n"));
    }
    if let Some(t) = oi(job, "/spec/ttlSecondsAfterFinished") {
        w.w(0, &format!("TTL Seconds After Finished:\t{t}\n"));
    }
    let start = s(job, "/status/startTime");
    let done = s(job, "/status/completionTime");
    if !start.is_empty() {
        w.w(0, &format!("Start Time:\t{}\n", rfc1123z(start)));
    }
    if !done.is_empty() {
        w.w(0, &format!("Completed At:\t{}\n", rfc1123z(done)));
    }
    if let (Some(a0), Some(b0)) = (Time::parse_rfc3339(start), Time::parse_rfc3339(done)) {
        w.w(
            0,
            &format!(
                "Duration:\t{}\n",
                cluster::time::human_duration(b0.0 - a0.0)
            ),
        );
    }
    if let Some(d) = oi(job, "/spec/activeDeadlineSeconds") {
        w.w(0, &format!("Active Deadline Seconds:\t{d}s\n"));
    }
    match oi(job, "/status/ready") {
        Some(r) => w.w(
            0,
            &format!(
                "Pods Statuses:\t{} Active ({r} Ready) / {} Succeeded / {} Failed\n",
                i(job, "/status/active"),
                i(job, "/status/succeeded"),
                i(job, "/status/failed")
            ),
        ),
        None => w.w(
            0,
            &format!(
                "Pods Statuses:\t{} Active / {} Succeeded / {} Failed\n",
                i(job, "/status/active"),
                i(job, "/status/succeeded"),
                i(job, "/status/failed")
            ),
        ),
    }
    if s(job, "/spec/completionMode") == "Indexed" {
        w.w(
            0,
            &format!(
                "Completed Indexes:\t{}\n",
                cap_indexes(s(job, "/status/completedIndexes"), 50)
            ),
        );
    }
    pod_template(
        &mut w,
        job.pointer("/spec/template").unwrap_or(&Value::Null),
    );
    events(&mut w, store, job, now);
    w.finish()
}

fn describe_serviceaccount(store: &Store, sa: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(sa)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(sa)));
    labels_multiline(&mut w, "Labels", &smap(sa, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(sa, "/metadata/annotations"));
    let list = |key: &str| {
        let v: Vec<String> = a(sa, key)
            .iter()
            .map(|x| s(x, "/name").to_string())
            .collect();
        if v.is_empty() {
            "<none>".to_string()
        } else {
            v.join("\n\t")
        }
    };
    w.w(
        0,
        &format!("Image pull secrets:\t{}\n", list("/imagePullSecrets")),
    );
    w.w(0, &format!("Mountable secrets:\t{}\n", list("/secrets")));
    w.w(0, "Tokens:\t<none>\n");
    events(&mut w, store, sa, now);
    w.finish()
}

/// `%v` of a Go string slice: `[a b c]`.
fn go_strs(v: &[String]) -> String {
    format!("[{}]", v.join(" "))
}

fn str_list(v: &Value, ptr: &str) -> Vec<String> {
    a(v, ptr)
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// kubectl's describeEndpointSliceV1: address type, ports, then each
/// endpoint with its readiness, hostname, target, node and zone.
fn describe_endpointslice(store: &Store, eps: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(eps)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(eps)));
    labels_multiline(&mut w, "Labels", &smap(eps, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(eps, "/metadata/annotations"));
    w.w(0, &format!("AddressType:\t{}\n", s(eps, "/addressType")));
    let ports = a(eps, "/ports");
    if ports.is_empty() {
        w.w(0, "Ports: <unset>\n");
    } else {
        w.w(0, "Ports:\n");
        w.w(1, "Name\tPort\tProtocol\n");
        w.w(1, "----\t----\t--------\n");
        for p in ports {
            let pname = match s(p, "/name") {
                "" => "<unset>".to_string(),
                x => x.to_string(),
            };
            let num = oi(p, "/port").map_or("<unset>".to_string(), |n| n.to_string());
            w.w(1, &format!("{pname}\t{num}\t{}\n", s(p, "/protocol")));
        }
    }
    let endpoints = a(eps, "/endpoints");
    if endpoints.is_empty() {
        w.w(0, "Endpoints: <none>\n");
    } else {
        w.w(0, "Endpoints:\n");
        for ep in endpoints {
            let addrs = str_list(ep, "/addresses").join(", ");
            w.w(1, &format!("- Addresses:\t{}\n", or_none(&addrs)));
            w.w(2, "Conditions:\n");
            let ready = ep
                .pointer("/conditions/ready")
                .and_then(Value::as_bool)
                .map_or("<unset>", |r| if r { "true" } else { "false" });
            w.w(3, &format!("Ready:\t{ready}\n"));
            let opt = |ptr: &str| {
                ep.pointer(ptr)
                    .and_then(Value::as_str)
                    .unwrap_or("<unset>")
                    .to_string()
            };
            w.w(2, &format!("Hostname:\t{}\n", opt("/hostname")));
            if let Some(t) = ep.get("targetRef").filter(|t| t.is_object()) {
                w.w(
                    2,
                    &format!("TargetRef:\t{}/{}\n", s(t, "/kind"), s(t, "/name")),
                );
            }
            w.w(2, &format!("NodeName:\t{}\n", opt("/nodeName")));
            w.w(2, &format!("Zone:\t{}\n", opt("/zone")));
        }
    }
    events(&mut w, store, eps, now);
    w.finish()
}

/// A policy rule as kubectl's rbac helpers handle it.
#[derive(Clone, Default)]
struct Rule {
    verbs: Vec<String>,
    groups: Vec<String>,
    resources: Vec<String>,
    names: Vec<String>,
    urls: Vec<String>,
}

impl Rule {
    /// The generated `String()` of rbacv1.PolicyRule, which kubectl sorts by.
    fn go_string(&self) -> String {
        format!(
            "&PolicyRule{{Verbs:{},APIGroups:{},Resources:{},ResourceNames:{},NonResourceURLs:{},}}",
            go_strs(&self.verbs),
            go_strs(&self.groups),
            go_strs(&self.resources),
            go_strs(&self.names),
            go_strs(&self.urls)
        )
    }
}

/// rbac.BreakdownRule for every rule, then rbac.CompactRules (single
/// group/resource/name rules merged, their verbs in first-seen order),
/// then a stable sort by the rules' string form.
fn compact_rules(role: &Value) -> Vec<Rule> {
    let mut broken: Vec<Rule> = Vec::new();
    for r in a(role, "/rules") {
        let verbs = str_list(r, "/verbs");
        let names = str_list(r, "/resourceNames");
        for g in str_list(r, "/apiGroups") {
            for res in str_list(r, "/resources") {
                for v in &verbs {
                    let one = |n: Vec<String>| Rule {
                        verbs: vec![v.clone()],
                        groups: vec![g.clone()],
                        resources: vec![res.clone()],
                        names: n,
                        urls: Vec::new(),
                    };
                    if names.is_empty() {
                        broken.push(one(Vec::new()));
                    } else {
                        for n in &names {
                            broken.push(one(vec![n.clone()]));
                        }
                    }
                }
            }
        }
        for u in str_list(r, "/nonResourceURLs") {
            for v in &verbs {
                broken.push(Rule {
                    verbs: vec![v.clone()],
                    urls: vec![u.clone()],
                    ..Rule::default()
                });
            }
        }
    }
    let mut complex: Vec<Rule> = Vec::new();
    let mut simple: Vec<Rule> = Vec::new();
    for r in broken {
        let is_simple = r.urls.is_empty()
            && r.names.len() <= 1
            && r.groups.len() == 1
            && r.resources.len() == 1;
        if !is_simple {
            complex.push(r);
            continue;
        }
        match simple
            .iter_mut()
            .find(|x| x.groups == r.groups && x.resources == r.resources && x.names == r.names)
        {
            Some(x) => {
                for v in r.verbs {
                    if !x.verbs.contains(&v) {
                        x.verbs.push(v);
                    }
                }
            }
            None => simple.push(r),
        }
    }
    complex.extend(simple);
    let mut keyed: Vec<(String, Rule)> = complex.into_iter().map(|r| (r.go_string(), r)).collect();
    cluster::sort::by(&mut keyed, |x, y| x.0.cmp(&y.0));
    keyed.into_iter().map(|(_, r)| r).collect()
}

/// CombineResourceGroup: `deployments.apps`, `pods/log`, `deployments.apps/scale`.
fn combine_resource_group(resources: &[String], groups: &[String]) -> String {
    let Some(first) = resources.first() else {
        return String::new();
    };
    let (res, sub) = match first.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (first.as_str(), None),
    };
    let mut out = res.to_string();
    if let Some(g) = groups.first().filter(|g| !g.is_empty()) {
        out.push('.');
        out.push_str(g);
    }
    if let Some(s) = sub {
        out.push('/');
        out.push_str(s);
    }
    out
}

/// Roles and ClusterRoles: the compacted PolicyRule table (no events).
fn describe_role(_store: &Store, role: &Value, _now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(role)));
    labels_multiline(&mut w, "Labels", &smap(role, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(role, "/metadata/annotations"));
    w.w(0, "PolicyRule:\n");
    w.w(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
    w.w(1, "---------\t-----------------\t--------------\t-----\n");
    for r in compact_rules(role) {
        w.w(
            1,
            &format!(
                "{}\t{}\t{}\t{}\n",
                combine_resource_group(&r.resources, &r.groups),
                go_strs(&r.urls),
                go_strs(&r.names),
                go_strs(&r.verbs)
            ),
        );
    }
    w.finish()
}

/// RoleBindings and ClusterRoleBindings: the role referred to and the
/// subjects table (no events).
fn describe_binding(_store: &Store, rb: &Value, _now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(rb)));
    labels_multiline(&mut w, "Labels", &smap(rb, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(rb, "/metadata/annotations"));
    w.w(0, "Role:\n");
    w.w(1, &format!("Kind:\t{}\n", s(rb, "/roleRef/kind")));
    w.w(1, &format!("Name:\t{}\n", s(rb, "/roleRef/name")));
    w.w(0, "Subjects:\n");
    w.w(1, "Kind\tName\tNamespace\n");
    w.w(1, "----\t----\t---------\n");
    for sub in a(rb, "/subjects") {
        w.w(
            1,
            &format!(
                "{}\t{}\t{}\n",
                s(sub, "/kind"),
                s(sub, "/name"),
                s(sub, "/namespace")
            ),
        );
    }
    w.finish()
}

/// describePriorityClass: value, default, preemption policy, description,
/// annotations on one line, events.
fn describe_priorityclass(store: &Store, pc: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(pc)));
    w.w(0, &format!("Value:\t{}\n", i(pc, "/value")));
    w.w(0, &format!("GlobalDefault:\t{}\n", b(pc, "/globalDefault")));
    w.w(
        0,
        &format!("PreemptionPolicy:\t{}\n", s(pc, "/preemptionPolicy")),
    );
    w.w(0, &format!("Description:\t{}\n", s(pc, "/description")));
    w.w(
        0,
        &format!(
            "Annotations:\t{}\n",
            format_labels(&smap(pc, "/metadata/annotations"))
        ),
    );
    events(&mut w, store, pc, now);
    w.finish()
}

/// The disruption controller's view of a PDB: (allowed, current, desired,
/// expected), computed from the pods its selector matches now.
fn pdb_status(store: &Store, pdb: &Value) -> (i64, i64, i64, i64) {
    let ns = namespace(pdb);
    let Some(sel) = pdb
        .pointer("/spec/selector")
        .filter(|v| v.is_object())
        .and_then(|v| cluster::Selector::from_label_selector(v).ok())
    else {
        return (0, 0, 0, 0);
    };
    let pods: Vec<&Value> = store
        .list("pods", Some(ns))
        .into_iter()
        .filter(|p| sel.matches_obj(p))
        .collect();
    let ready = |p: &Value| {
        a(p, "/status/conditions")
            .iter()
            .any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True")
    };
    let current = pods
        .iter()
        .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none() && ready(p))
        .count() as i64;
    // The scale of the pods' controllers (a Deployment's for its
    // ReplicaSets), each counted once.
    let scale = || {
        let mut seen: Vec<String> = Vec::new();
        let mut total = 0;
        for p in &pods {
            let Some(owner) = a(p, "/metadata/ownerReferences")
                .iter()
                .find(|o| o.get("controller").and_then(Value::as_bool) == Some(true))
            else {
                continue;
            };
            let plural = match s(owner, "/kind") {
                "ReplicaSet" => "replicasets",
                "StatefulSet" => "statefulsets",
                "ReplicationController" => "replicationcontrollers",
                _ => continue,
            };
            let Some(mut ctl) = store.get(plural, ns, s(owner, "/name")) else {
                continue;
            };
            if plural == "replicasets" {
                if let Some(dep) = a(ctl, "/metadata/ownerReferences")
                    .iter()
                    .find(|o| s(o, "/kind") == "Deployment")
                    .and_then(|o| store.get("deployments", ns, s(o, "/name")))
                {
                    ctl = dep;
                }
            }
            let uid = s(ctl, "/metadata/uid").to_string();
            if !seen.contains(&uid) {
                total += oi(ctl, "/spec/replicas").unwrap_or(1);
                seen.push(uid);
            }
        }
        total
    };
    let percent = |v: &str, of: i64| {
        v.strip_suffix('%')
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| (n * of + 99) / 100)
    };
    let (expected, desired) = match (
        pdb.pointer("/spec/minAvailable"),
        pdb.pointer("/spec/maxUnavailable"),
    ) {
        (Some(Value::Number(n)), _) => (pods.len() as i64, n.as_i64().unwrap_or(0)),
        (Some(Value::String(p)), _) => {
            let e = scale();
            (e, percent(p, e).unwrap_or(0))
        }
        (None, Some(m)) => {
            let e = scale();
            let max = match m {
                Value::Number(n) => n.as_i64().unwrap_or(0),
                Value::String(p) => percent(p, e).unwrap_or(0),
                _ => 0,
            };
            (e, (e - max).max(0))
        }
        _ => (pods.len() as i64, 0),
    };
    ((current - desired).max(0), current, desired, expected)
}

/// describePodDisruptionBudgetV1, with the status the disruption
/// controller would have written.
fn describe_pdb(store: &Store, pdb: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(pdb)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(pdb)));
    if let Some(v) = pdb.pointer("/spec/minAvailable").filter(|v| !v.is_null()) {
        w.w(
            0,
            &format!("Min available:\t{}\n", int_or_string(Some(v), "")),
        );
    } else if let Some(v) = pdb.pointer("/spec/maxUnavailable").filter(|v| !v.is_null()) {
        w.w(
            0,
            &format!("Max unavailable:\t{}\n", int_or_string(Some(v), "")),
        );
    }
    match pdb.pointer("/spec/selector").filter(|v| v.is_object()) {
        Some(sel) => w.w(
            0,
            &format!("Selector:\t{}\n", format_label_selector(Some(sel))),
        ),
        None => w.w(0, "Selector:\t<unset>\n"),
    }
    // The disruption controller's status (computed here before it ran).
    let (allowed, current, desired, expected) = match pdb.get("status").filter(|v| v.is_object()) {
        Some(st) => (
            oi(st, "/disruptionsAllowed").unwrap_or(0),
            oi(st, "/currentHealthy").unwrap_or(0),
            oi(st, "/desiredHealthy").unwrap_or(0),
            oi(st, "/expectedPods").unwrap_or(0),
        ),
        None => pdb_status(store, pdb),
    };
    w.w(0, "Status:\n");
    w.w(2, &format!("Allowed disruptions:\t{allowed}\n"));
    w.w(2, &format!("Current:\t{current}\n"));
    w.w(2, &format!("Desired:\t{desired}\n"));
    w.w(2, &format!("Total:\t{expected}\n"));
    events(&mut w, store, pdb, now);
    w.finish()
}

/// A quantity in milli-units (`250m`, `2`, `1Gi`, `500M`), for summing
/// what a quota counts.
fn parse_milli(q: &str) -> i64 {
    if q.ends_with('m') {
        return parse_cpu_milli(q);
    }
    parse_bytes(q).saturating_mul(1000)
}

/// A milli-unit amount in the format of the quota's hard value
/// (resource.Quantity's canonical forms: binary suffixes when the hard
/// value has one, decimal otherwise).
fn fmt_like(milli: i64, hard: &str) -> String {
    if milli % 1000 != 0 {
        return format!("{milli}m");
    }
    let n = milli / 1000;
    let binary = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        .iter()
        .any(|x| hard.ends_with(x));
    if binary {
        return fmt_bytes(n);
    }
    if n == 0 {
        return "0".to_string();
    }
    for (suf, mult) in [
        ("E", 1_000_000_000_000_000_000i64),
        ("P", 1_000_000_000_000_000),
        ("T", 1_000_000_000_000),
        ("G", 1_000_000_000),
        ("M", 1_000_000),
        ("k", 1_000),
    ] {
        if n % mult == 0 {
            return format!("{}{suf}", n / mult);
        }
    }
    n.to_string()
}

/// What the quota controller would record as used for one resource of a
/// namespace, in milli-units.
fn quota_used(store: &Store, ns: &str, resource: &str, scopes: &[String]) -> i64 {
    let best_effort = |p: &Value| {
        a(p, "/spec/containers").iter().all(|c| {
            smap(c, "/resources/requests").is_empty() && smap(c, "/resources/limits").is_empty()
        })
    };
    let in_scope = |p: &Value| {
        scopes.iter().all(|sc| match sc.as_str() {
            "BestEffort" => best_effort(p),
            "NotBestEffort" => !best_effort(p),
            "Terminating" => p.pointer("/spec/activeDeadlineSeconds").is_some(),
            "NotTerminating" => p.pointer("/spec/activeDeadlineSeconds").is_none(),
            _ => true,
        })
    };
    let live_pods = || {
        store
            .list("pods", Some(ns))
            .into_iter()
            .filter(|p| !matches!(s(p, "/status/phase"), "Succeeded" | "Failed") && in_scope(p))
    };
    let containers_sum = |ptr: &str| -> i64 {
        live_pods()
            .flat_map(|p| a(p, "/spec/containers").iter())
            .map(|c| {
                let q = s(c, ptr);
                if ptr.ends_with("cpu") {
                    parse_cpu_milli(q)
                } else {
                    parse_bytes(q).saturating_mul(1000)
                }
            })
            .sum()
    };
    let count = |plural: &'static str| store.list(plural, Some(ns)).len() as i64 * 1000;
    match resource {
        "pods" | "count/pods" => live_pods().count() as i64 * 1000,
        "cpu" | "requests.cpu" => containers_sum("/resources/requests/cpu"),
        "memory" | "requests.memory" => containers_sum("/resources/requests/memory"),
        "limits.cpu" => containers_sum("/resources/limits/cpu"),
        "limits.memory" => containers_sum("/resources/limits/memory"),
        "services" | "count/services" => count("services"),
        "configmaps" | "count/configmaps" => count("configmaps"),
        "secrets" | "count/secrets" => count("secrets"),
        "persistentvolumeclaims" | "count/persistentvolumeclaims" => {
            count("persistentvolumeclaims")
        }
        "replicationcontrollers" | "count/replicationcontrollers" => {
            count("replicationcontrollers")
        }
        "resourcequotas" | "count/resourcequotas" => count("resourcequotas"),
        "services.nodeports" | "services.loadbalancers" => {
            let ty = if resource == "services.nodeports" {
                "NodePort"
            } else {
                "LoadBalancer"
            };
            store
                .list("services", Some(ns))
                .into_iter()
                .filter(|x| s(x, "/spec/type") == ty)
                .count() as i64
                * 1000
        }
        "requests.storage" => store
            .list("persistentvolumeclaims", Some(ns))
            .into_iter()
            .map(|c| parse_milli(s(c, "/spec/resources/requests/storage")))
            .sum(),
        other => match other.strip_prefix("count/") {
            Some(r) => {
                let plural = r.split('.').next().unwrap_or(r);
                match cluster::resources::resolve(plural) {
                    Some(rt) => count(rt.plural),
                    None => 0,
                }
            }
            None => 0,
        },
    }
}

fn quota_scope_help(scope: &str) -> &'static str {
    match scope {
        "Terminating" => "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
        "NotTerminating" => "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
        "BestEffort" => "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
        "NotBestEffort" => "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
        _ => "",
    }
}

/// describeQuota: scopes with their help text, then Resource/Used/Hard
/// (no events), with the usage the quota controller would record.
fn describe_quota(store: &Store, q: &Value, _now: Time) -> String {
    let mut w = W::default();
    let ns = namespace(q);
    w.w(0, &format!("Name:\t{}\n", name(q)));
    w.w(0, &format!("Namespace:\t{ns}\n"));
    let mut scopes = str_list(q, "/spec/scopes");
    if !scopes.is_empty() {
        cluster::sort::sort(&mut scopes);
        w.w(0, &format!("Scopes:\t{}\n", scopes.join(", ")));
        for sc in &scopes {
            let help = quota_scope_help(sc);
            if !help.is_empty() {
                w.w(0, &format!(" * {help}\n"));
            }
        }
    }
    w.w(0, "Resource\tUsed\tHard\n");
    w.w(0, "--------\t----\t----\n");
    for (res, u, h) in quota_rows(store, q) {
        w.w(0, &format!("{res}\t{u}\t{h}\n"));
    }
    w.finish()
}

/// A quota's (resource, used, hard), sorted by resource.
fn quota_rows(store: &Store, q: &Value) -> Vec<(String, String, String)> {
    let ns = namespace(q);
    let scopes = str_list(q, "/spec/scopes");
    let mut hard = smap(q, "/status/hard");
    if hard.is_empty() {
        hard = smap(q, "/spec/hard");
    }
    cluster::sort::by(&mut hard, |x, y| x.0.cmp(&y.0));
    let used = smap(q, "/status/used");
    hard.into_iter()
        .map(|(res, h)| {
            let u = match used.iter().find(|(k, _)| *k == res) {
                Some((_, u)) => u.clone(),
                None => fmt_like(quota_used(store, ns, &res, &scopes), &h),
            };
            (res, u, h)
        })
        .collect()
}

/// describeLimitRange: one row per limit type and resource (kubectl
/// walks a Go map there; the resources are sorted here), `-` for unset.
fn describe_limitrange(_store: &Store, lr: &Value, _now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(lr)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(lr)));
    w.w(
        0,
        "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n",
    );
    w.w(
        0,
        "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n",
    );
    for row in limit_rows(lr) {
        w.w(0, &format!("{row}\n"));
    }
    w.finish()
}

/// The rows of describeLimitRangeSpec, tab-separated, without newlines.
fn limit_rows(lr: &Value) -> Vec<String> {
    let mut rows = Vec::new();
    let cols = [
        "/min",
        "/max",
        "/defaultRequest",
        "/default",
        "/maxLimitRequestRatio",
    ];
    for item in a(lr, "/spec/limits") {
        let mut resources: Vec<String> = cols
            .iter()
            .flat_map(|c| smap(item, c).into_iter().map(|(k, _)| k))
            .collect();
        cluster::sort::sort(&mut resources);
        resources.dedup();
        for r in &resources {
            let mut row = format!("{}\t{r}", s(item, "/type"));
            for c in cols {
                let v = smap(item, c)
                    .into_iter()
                    .find(|(k, _)| k == r)
                    .map_or("-".to_string(), |(_, v)| v);
                row.push('\t');
                row.push_str(&v);
            }
            rows.push(row);
        }
    }
    rows
}

/// Go's `time.Time.String()` of a creation timestamp (UTC here).
fn go_time_string(ts: &str) -> String {
    let Some(t) = Time::parse_rfc3339(ts) else {
        return "0001-01-01 00:00:00 +0000 UTC".to_string();
    };
    let (y, mo, d, h, mi, se) = t.civil();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{se:02} +0000 UTC")
}

/// The peers and ports of a NetworkPolicy's ingress or egress rules.
fn network_policy_rules(w: &mut W, rules: &[Value], ingress: bool) {
    let ind = "    ";
    let (peers_key, peer, any_peer, isolated) = if ingress {
        (
            "/from",
            "From:",
            "From: <any> (traffic not restricted by source)",
            "<none> (Selected pods are isolated for ingress connectivity)",
        )
    } else {
        (
            "/to",
            "To:",
            "To: <any> (traffic not restricted by destination)",
            "<none> (Selected pods are isolated for egress connectivity)",
        )
    };
    if rules.is_empty() {
        w.w(0, &format!("{ind}{isolated}\n"));
        return;
    }
    for (n, rule) in rules.iter().enumerate() {
        let ports = a(rule, "/ports");
        if ports.is_empty() {
            w.w(
                0,
                &format!("{ind}To Port: <any> (traffic allowed to all ports)\n"),
            );
        }
        for p in ports {
            let proto = match s(p, "/protocol") {
                "" => "TCP",
                x => x,
            };
            let port = int_or_string(p.get("port").filter(|v| !v.is_null()), "<nil>");
            match oi(p, "/endPort") {
                Some(end) => w.w(0, &format!("{ind}To Port Range: {port}-{end}/{proto}\n")),
                None => w.w(0, &format!("{ind}To Port: {port}/{proto}\n")),
            }
        }
        let peers = a(rule, peers_key);
        if peers.is_empty() {
            w.w(0, &format!("{ind}{any_peer}\n"));
        }
        for pe in peers {
            w.w(0, &format!("{ind}{peer}\n"));
            let pod = pe.get("podSelector").filter(|v| v.is_object());
            let nsel = pe.get("namespaceSelector").filter(|v| v.is_object());
            if let Some(ns) = nsel {
                w.w(
                    1,
                    &format!(
                        "{ind}NamespaceSelector: {}\n",
                        format_label_selector(Some(ns))
                    ),
                );
            }
            if let Some(ps) = pod {
                w.w(
                    1,
                    &format!("{ind}PodSelector: {}\n", format_label_selector(Some(ps))),
                );
            }
            if pod.is_none() && nsel.is_none() {
                if let Some(ip) = pe.get("ipBlock").filter(|v| v.is_object()) {
                    w.w(1, &format!("{ind}IPBlock:\n"));
                    w.w(2, &format!("{ind}CIDR: {}\n", s(ip, "/cidr")));
                    w.w(
                        2,
                        &format!("{ind}Except: {}\n", str_list(ip, "/except").join(", ")),
                    );
                }
            }
        }
        if n + 1 != rules.len() {
            w.w(0, &format!("{ind}----------\n"));
        }
    }
}

/// describeNetworkPolicy (no events).
fn describe_networkpolicy(_store: &Store, np: &Value, _now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(np)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(np)));
    w.w(
        0,
        &format!(
            "Created on:\t{}\n",
            go_time_string(s(np, "/metadata/creationTimestamp"))
        ),
    );
    labels_multiline(&mut w, "Labels", &smap(np, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(np, "/metadata/annotations"));
    w.w(0, "Spec:\n");
    w.w(1, "PodSelector: ");
    let sel = np.pointer("/spec/podSelector");
    let empty = sel
        .is_none_or(|v| smap(v, "/matchLabels").is_empty() && a(v, "/matchExpressions").is_empty());
    if empty {
        w.w(
            2,
            "<none> (Allowing the specific traffic to all pods in this namespace)\n",
        );
    } else {
        w.w(2, &format!("{}\n", format_label_selector(sel)));
    }
    let types = str_list(np, "/spec/policyTypes");
    if types.iter().any(|t| t == "Ingress") {
        w.w(1, "Allowing ingress traffic:\n");
        network_policy_rules(&mut w, a(np, "/spec/ingress"), true);
    } else {
        w.w(1, "Not affecting ingress traffic\n");
    }
    if types.iter().any(|t| t == "Egress") {
        w.w(1, "Allowing egress traffic:\n");
        network_policy_rules(&mut w, a(np, "/spec/egress"), false);
    } else {
        w.w(1, "Not affecting egress traffic\n");
    }
    w.w(
        1,
        &format!("Policy Types: {}\n", or_none(&types.join(", "))),
    );
    w.finish()
}

/// A describer: the object, the store (for related objects and events) and
/// the time, to kubectl's text.
type Describer = fn(&Store, &Value, Time) -> String;

/// The kinds `kubectl describe` shows, by resource plural (the README's
/// command table is rendered from this list).
pub const DESCRIBERS: &[(&str, Describer)] = &[
    ("pods", describe_pod),
    ("deployments", describe_deployment),
    ("replicasets", describe_replicaset),
    ("services", describe_service),
    ("nodes", describe_node),
    ("namespaces", describe_namespace),
    ("endpoints", describe_endpoints),
    ("configmaps", describe_configmap),
    ("secrets", describe_secret),
    ("daemonsets", describe_daemonset),
    ("statefulsets", describe_statefulset),
    ("jobs", describe_job),
    ("serviceaccounts", describe_serviceaccount),
    ("ingresses", describe_ingress),
    ("ingressclasses", describe_ingressclass),
    ("cronjobs", describe_cronjob),
    ("persistentvolumeclaims", describe_pvc),
    ("persistentvolumes", describe_pv),
    ("storageclasses", describe_storageclass),
    ("controllerrevisions", describe_generic),
    ("horizontalpodautoscalers", describe_hpa),
    ("endpointslices", describe_endpointslice),
    ("roles", describe_role),
    ("clusterroles", describe_role),
    ("rolebindings", describe_binding),
    ("clusterrolebindings", describe_binding),
    ("priorityclasses", describe_priorityclass),
    ("leases", describe_generic),
    ("events", describe_generic),
    ("poddisruptionbudgets", describe_pdb),
    ("resourcequotas", describe_quota),
    ("limitranges", describe_limitrange),
    ("networkpolicies", describe_networkpolicy),
    // Kinds kubectl itself has no describer for: its generic one.
    ("podtemplates", describe_generic),
    ("componentstatuses", describe_generic),
    ("mutatingwebhookconfigurations", describe_generic),
    ("validatingwebhookconfigurations", describe_generic),
    ("validatingadmissionpolicies", describe_generic),
    ("validatingadmissionpolicybindings", describe_generic),
    ("customresourcedefinitions", describe_generic),
    ("apiservices", describe_generic),
    ("flowschemas", describe_generic),
    ("prioritylevelconfigurations", describe_generic),
    ("runtimeclasses", describe_generic),
    ("csidrivers", describe_generic),
    ("csistoragecapacities", describe_generic),
    ("volumeattachments", describe_generic),
];

/// kubectl's generic describer, which kinds without a describer of their
/// own get (ControllerRevisions here): name, namespace, labels,
/// annotations, then every other field of the object, sorted, with
/// smart labels (`apiVersion` → `API Version`), then the events.
fn describe_generic(store: &Store, o: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(o)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(o)));
    labels_multiline(&mut w, "Labels", &smap(o, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(o, "/metadata/annotations"));
    if let Some(m) = o.as_object() {
        unstructured_content(
            &mut w,
            0,
            m,
            "",
            &[
                ".metadata.managedFields",
                ".metadata.name",
                ".metadata.namespace",
                ".metadata.labels",
                ".metadata.annotations",
            ],
        );
    }
    events(&mut w, store, o, now);
    w.finish()
}

/// printUnstructuredContent: maps and lists nest a level deeper, scalars
/// print as Go's `%v`.
fn unstructured_content(
    w: &mut W,
    level: usize,
    content: &serde_json::Map<String, Value>,
    prefix: &str,
    skip: &[&str],
) {
    let mut fields: Vec<&String> = content.keys().collect();
    cluster::sort::sort(&mut fields);
    for field in fields {
        let Some(value) = content.get(field.as_str()) else {
            continue;
        };
        let path = format!("{prefix}.{field}");
        if skip.contains(&path.as_str()) {
            continue;
        }
        match value {
            Value::Object(m) => {
                w.w(level, &format!("{}:\n", smart_label(field)));
                unstructured_content(w, level + 1, m, &path, skip);
            }
            Value::Array(items) => {
                w.w(level, &format!("{}:\n", smart_label(field)));
                for item in items {
                    match item {
                        Value::Object(m) => unstructured_content(w, level + 1, m, &path, skip),
                        other => w.w(level + 1, &format!("{}\n", go_value(other))),
                    }
                }
            }
            other => w.w(
                level,
                &format!("{}:\t{}\n", smart_label(field), go_value(other)),
            ),
        }
    }
}

/// Go's `%v` of a JSON scalar as unstructured content holds it.
fn go_value(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// smartLabelFor: `creationTimestamp` → `Creation Timestamp`, `uid` →
/// `UID`; fields with characters other than letters and `-` stay as they
/// are.
fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    // fatih/camelcase: runs of one character class, an upper-case letter
    // moving to the lower-case run that follows it.
    let class = |c: char| {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            4
        }
    };
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = 0;
    for c in field.chars() {
        let k = class(c);
        match runs.last_mut() {
            Some(r) if k == last => r.push(c),
            _ => runs.push(vec![c]),
        }
        last = k;
    }
    for i in 0..runs.len().saturating_sub(1) {
        let upper_then_lower = runs[i].first().is_some_and(|c| c.is_uppercase())
            && runs[i + 1].first().is_some_and(|c| c.is_lowercase());
        if upper_then_lower {
            if let Some(c) = runs[i].pop() {
                runs[i + 1].insert(0, c);
            }
        }
    }
    const ACRONYMS: [&str; 5] = ["API", "URL", "UID", "OSB", "GUID"];
    runs.iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.iter().collect::<String>())
        .filter(|p| p != "_")
        .map(|p| {
            let up = p.to_uppercase();
            if ACRONYMS.contains(&up.as_str()) {
                up
            } else {
                let mut cs = p.chars();
                match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs).collect(),
                    None => p,
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// kubectl's describeHorizontalPodAutoscalerV2.
fn describe_hpa(store: &Store, hpa: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(hpa)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(hpa)));
    labels_multiline(&mut w, "Labels", &smap(hpa, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(hpa, "/metadata/annotations"));
    w.w(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(s(hpa, "/metadata/creationTimestamp"))
        ),
    );
    let kind = s(hpa, "/spec/scaleTargetRef/kind");
    w.w(
        0,
        &format!(
            "Reference:\t{kind}/{}\n",
            s(hpa, "/spec/scaleTargetRef/name")
        ),
    );
    w.w(0, "Metrics:\t( current / target )\n");
    let current = a(hpa, "/status/currentMetrics");
    let text = |v: &Value| match v {
        Value::String(x) => x.clone(),
        other => other.to_string(),
    };
    for (i, m) in a(hpa, "/spec/metrics").iter().enumerate() {
        let st = current.get(i);
        match s(m, "/type") {
            "Resource" | "ContainerResource" => {
                let key = if s(m, "/type") == "Resource" {
                    "resource"
                } else {
                    "containerResource"
                };
                let res = s(m, &format!("/{key}/name"));
                let on = if key == "resource" {
                    format!("resource {res} on pods")
                } else {
                    format!(
                        "resource {res} of container \"{}\" on pods",
                        s(m, "/containerResource/container")
                    )
                };
                w.w(1, &on);
                if let Some(avg) = m.pointer(&format!("/{key}/target/averageValue")) {
                    let cur = st
                        .and_then(|c| c.pointer(&format!("/{key}/current/averageValue")))
                        .map(text)
                        .unwrap_or_else(|| "<unknown>".to_string());
                    w.w(0, &format!(":\t{cur} / {}\n", text(avg)));
                } else {
                    let cur = st
                        .and_then(|c| c.pointer(&format!("/{key}/current/averageUtilization")))
                        .map(|u| {
                            let avg = st
                                .and_then(|c| c.pointer(&format!("/{key}/current/averageValue")))
                                .map(text)
                                .unwrap_or_default();
                            format!("{}% ({avg})", text(u))
                        })
                        .unwrap_or_else(|| "<unknown>".to_string());
                    let target = m
                        .pointer(&format!("/{key}/target/averageUtilization"))
                        .map(|u| format!("{}%", text(u)))
                        .unwrap_or_else(|| "<auto>".to_string());
                    w.w(
                        1,
                        &format!("(as a percentage of request):\t{cur} / {target}\n"),
                    );
                }
            }
            other => {
                w.w(1, &format!("\"{other}\" metric:\t<unknown>\n"));
            }
        }
    }
    let min = hpa
        .pointer("/spec/minReplicas")
        .map(|v| v.to_string())
        .unwrap_or_else(|| "<unset>".to_string());
    w.w(0, &format!("Min replicas:\t{min}\n"));
    w.w(
        0,
        &format!("Max replicas:\t{}\n", i(hpa, "/spec/maxReplicas")),
    );
    w.w(
        0,
        &format!(
            "{kind} pods:\t{} current / {} desired\n",
            i(hpa, "/status/currentReplicas"),
            i(hpa, "/status/desiredReplicas")
        ),
    );
    let conds = a(hpa, "/status/conditions");
    if !conds.is_empty() {
        w.w(0, "Conditions:\n");
        w.w(1, "Type\tStatus\tReason\tMessage\n");
        w.w(1, "----\t------\t------\t-------\n");
        for c in conds {
            w.w(
                1,
                &format!(
                    "{}\t{}\t{}\t{}\n",
                    s(c, "/type"),
                    s(c, "/status"),
                    s(c, "/reason"),
                    s(c, "/message")
                ),
            );
        }
    }
    events(&mut w, store, hpa, now);
    w.finish()
}

/// kubectl's printBoolPtr.
fn bool_ptr(v: Option<&Value>) -> &'static str {
    match v.and_then(Value::as_bool) {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    }
}

/// labels.FormatLabels: sorted `k=v` joined by commas, `<none>` when empty.
fn format_map(pairs: &[(String, String)]) -> String {
    let mut v: Vec<String> = pairs.iter().map(|(k, x)| format!("{k}={x}")).collect();
    cluster::sort::sort(&mut v);
    if v.is_empty() {
        "<none>".into()
    } else {
        v.join(",")
    }
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_slice(v: &[Value]) -> String {
    let items: Vec<&str> = v.iter().filter_map(Value::as_str).collect();
    format!("[{}]", items.join(" "))
}

fn describe_cronjob(store: &Store, cj: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(cj)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(cj)));
    labels_multiline(&mut w, "Labels", &smap(cj, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(cj, "/metadata/annotations"));
    w.w(0, &format!("Schedule:\t{}\n", s(cj, "/spec/schedule")));
    w.w(
        0,
        &format!(
            "Concurrency Policy:\t{}\n",
            s(cj, "/spec/concurrencyPolicy")
        ),
    );
    w.w(
        0,
        &format!("Suspend:\t{}\n", bool_ptr(cj.pointer("/spec/suspend"))),
    );
    for (title, ptr) in [
        (
            "Successful Job History Limit",
            "/spec/successfulJobsHistoryLimit",
        ),
        ("Failed Job History Limit", "/spec/failedJobsHistoryLimit"),
    ] {
        match oi(cj, ptr) {
            Some(n) => w.w(0, &format!("{title}:\t{n}\n")),
            None => w.w(0, &format!("{title}:\t<unset>\n")),
        }
    }
    match oi(cj, "/spec/startingDeadlineSeconds") {
        Some(n) => w.w(0, &format!("Starting Deadline Seconds:\t{n}s\n")),
        None => w.w(0, "Starting Deadline Seconds:\t<unset>\n"),
    }
    let spec = cj
        .pointer("/spec/jobTemplate/spec")
        .cloned()
        .unwrap_or(Value::Null);
    match spec.pointer("/selector").filter(|v| v.is_object()) {
        Some(sel) => w.w(
            0,
            &format!("Selector:\t{}\n", format_label_selector(Some(sel))),
        ),
        None => w.w(0, "Selector:\t<unset>\n"),
    }
    for (title, ptr) in [
        ("Parallelism", "/parallelism"),
        ("Completions", "/completions"),
    ] {
        match oi(&spec, ptr) {
            Some(n) => w.w(0, &format!("{title}:\t{n}\n")),
            None => w.w(0, &format!("{title}:\t<unset>\n")),
        }
    }
    if let Some(d) = oi(&spec, "/activeDeadlineSeconds") {
        w.w(0, &format!("Active Deadline Seconds:\t{d}s\n"));
    }
    pod_template(&mut w, spec.pointer("/template").unwrap_or(&Value::Null));
    let last = s(cj, "/status/lastScheduleTime");
    if last.is_empty() {
        w.w(0, "Last Schedule Time:\t<unset>\n");
    } else {
        w.w(0, &format!("Last Schedule Time:\t{}\n", rfc1123z(last)));
    }
    let active: Vec<&str> = a(cj, "/status/active")
        .iter()
        .map(|r| s(r, "/name"))
        .collect();
    if active.is_empty() {
        w.w(0, "Active Jobs:\t<none>\n");
    } else {
        w.w(0, &format!("Active Jobs:\t{}\n", active.join(", ")));
    }
    events(&mut w, store, cj, now);
    w.finish()
}

/// The pods of a namespace that mount a claim.
fn pods_using_claim(store: &Store, ns: &str, claim: &str) -> Vec<String> {
    let mut out: Vec<String> = store
        .list("pods", Some(ns))
        .into_iter()
        .filter(|p| {
            a(p, "/spec/volumes")
                .iter()
                .any(|v| s(v, "/persistentVolumeClaim/claimName") == claim)
        })
        .map(|p| name(p).to_string())
        .collect();
    cluster::sort::sort(&mut out);
    out
}

fn access_modes_short(modes: &[Value]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for (long, short) in [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ] {
        if modes.iter().any(|m| m.as_str() == Some(long)) {
            out.push(short);
        }
    }
    out.join(",")
}

fn terminating_status(o: &Value, phase: &str, now: Time) -> String {
    let del = s(o, "/metadata/deletionTimestamp");
    if del.is_empty() {
        phase.to_string()
    } else {
        format!("Terminating (lasts {})", crate::util::age(del, now))
    }
}

fn describe_pvc(store: &Store, pvc: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(pvc)));
    w.w(0, &format!("Namespace:\t{}\n", namespace(pvc)));
    let class = match s(pvc, "/spec/storageClassName") {
        "" => pvc
            .pointer("/metadata/annotations/volume.beta.kubernetes.io~1storage-class")
            .and_then(Value::as_str)
            .unwrap_or(""),
        c => c,
    };
    w.w(0, &format!("StorageClass:\t{class}\n"));
    w.w(
        0,
        &format!(
            "Status:\t{}\n",
            terminating_status(pvc, s(pvc, "/status/phase"), now)
        ),
    );
    let volume = s(pvc, "/spec/volumeName");
    w.w(0, &format!("Volume:\t{volume}\n"));
    labels_multiline(&mut w, "Labels", &smap(pvc, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(pvc, "/metadata/annotations"));
    w.w(
        0,
        &format!(
            "Finalizers:\t{}\n",
            go_slice(a(pvc, "/metadata/finalizers"))
        ),
    );
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            s(pvc, "/status/capacity/storage").to_string(),
            access_modes_short(a(pvc, "/status/accessModes")),
        )
    };
    w.w(0, &format!("Capacity:\t{capacity}\n"));
    w.w(0, &format!("Access Modes:\t{modes}\n"));
    let mode = s(pvc, "/spec/volumeMode");
    if !mode.is_empty() {
        w.w(0, &format!("VolumeMode:\t{mode}\n"));
    }
    let pods = pods_using_claim(store, namespace(pvc), name(pvc));
    w.w(0, "Used By:\t");
    if pods.is_empty() {
        w.w(0, "<none>\n");
    }
    for (n, p) in pods.iter().enumerate() {
        if n > 0 {
            w.w(0, "\t");
        }
        w.w(0, &format!("{p}\n"));
    }
    events(&mut w, store, pvc, now);
    w.finish()
}

fn describe_pv(store: &Store, pv: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(pv)));
    labels_multiline(&mut w, "Labels", &smap(pv, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(pv, "/metadata/annotations"));
    w.w(
        0,
        &format!("Finalizers:\t{}\n", go_slice(a(pv, "/metadata/finalizers"))),
    );
    w.w(
        0,
        &format!("StorageClass:\t{}\n", s(pv, "/spec/storageClassName")),
    );
    w.w(
        0,
        &format!(
            "Status:\t{}\n",
            terminating_status(pv, s(pv, "/status/phase"), now)
        ),
    );
    if pv.pointer("/spec/claimRef").is_some_and(|v| v.is_object()) {
        w.w(
            0,
            &format!(
                "Claim:\t{}/{}\n",
                s(pv, "/spec/claimRef/namespace"),
                s(pv, "/spec/claimRef/name")
            ),
        );
    } else {
        w.w(0, "Claim:\t\n");
    }
    w.w(
        0,
        &format!(
            "Reclaim Policy:\t{}\n",
            s(pv, "/spec/persistentVolumeReclaimPolicy")
        ),
    );
    w.w(
        0,
        &format!(
            "Access Modes:\t{}\n",
            access_modes_short(a(pv, "/spec/accessModes"))
        ),
    );
    let mode = s(pv, "/spec/volumeMode");
    if !mode.is_empty() {
        w.w(0, &format!("VolumeMode:\t{mode}\n"));
    }
    w.w(
        0,
        &format!("Capacity:\t{}\n", s(pv, "/spec/capacity/storage")),
    );
    let terms = a(pv, "/spec/nodeAffinity/required/nodeSelectorTerms");
    if pv.pointer("/spec/nodeAffinity/required").is_none() {
        w.w(0, "Node Affinity:\t<none>\n");
    } else {
        w.w(0, "Node Affinity:\t\n");
        if terms.is_empty() {
            w.w(1, "Required Terms:\t<none>\n");
        } else {
            w.w(1, "Required Terms:\t\n");
            for (n, term) in terms.iter().enumerate() {
                w.w(2, &format!("Term {n}:\t"));
                let exprs = a(term, "/matchExpressions");
                if exprs.is_empty() {
                    w.w(0, "<none>\n");
                }
                for (j, e) in exprs.iter().enumerate() {
                    if j > 0 {
                        w.w(2, "\t");
                    }
                    let mut text = format!("{} {}", s(e, "/key"), s(e, "/operator").to_lowercase());
                    let vals: Vec<&str> =
                        a(e, "/values").iter().filter_map(Value::as_str).collect();
                    if !vals.is_empty() {
                        text.push_str(&format!(" [{}]", vals.join(", ")));
                    }
                    w.w(0, &format!("{text}\n"));
                }
            }
        }
    }
    w.w(0, &format!("Message:\t{}\n", s(pv, "/status/message")));
    w.w(0, "Source:\n");
    if let Some(hp) = pv.pointer("/spec/hostPath").filter(|v| v.is_object()) {
        w.w(2, "Type:\tHostPath (bare host directory volume)\n");
        w.w(0, &format!("    Path:\t{}\n", s(hp, "/path")));
        w.w(
            0,
            &format!("    HostPathType:\t{}\n", or_none(s(hp, "/type"))),
        );
    } else if let Some(l) = pv.pointer("/spec/local").filter(|v| v.is_object()) {
        w.w(
            2,
            "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n",
        );
        w.w(0, &format!("    Path:\t{}\n", s(l, "/path")));
    } else if let Some(c) = pv.pointer("/spec/csi").filter(|v| v.is_object()) {
        w.w(
            2,
            "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n",
        );
        w.w(0, &format!("    Driver:\t{}\n", s(c, "/driver")));
        w.w(0, &format!("    FSType:\t{}\n", s(c, "/fsType")));
        w.w(
            0,
            &format!("    VolumeHandle:\t{}\n", s(c, "/volumeHandle")),
        );
        w.w(0, &format!("    ReadOnly:\t{}\n", b(c, "/readOnly")));
    }
    events(&mut w, store, pv, now);
    w.finish()
}

fn describe_storageclass(store: &Store, sc: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(sc)));
    let annotations = smap(sc, "/metadata/annotations");
    let default = annotations.iter().any(|(k, v)| {
        (k == "storageclass.kubernetes.io/is-default-class"
            || k == "storageclass.beta.kubernetes.io/is-default-class")
            && v == "true"
    });
    w.w(
        0,
        &format!("IsDefaultClass:\t{}\n", if default { "Yes" } else { "No" }),
    );
    w.w(0, &format!("Annotations:\t{}\n", format_map(&annotations)));
    w.w(0, &format!("Provisioner:\t{}\n", s(sc, "/provisioner")));
    w.w(
        0,
        &format!("Parameters:\t{}\n", format_map(&smap(sc, "/parameters"))),
    );
    w.w(
        0,
        &format!(
            "AllowVolumeExpansion:\t{}\n",
            bool_ptr(sc.pointer("/allowVolumeExpansion"))
        ),
    );
    let opts = a(sc, "/mountOptions");
    if opts.is_empty() {
        w.w(0, "MountOptions:\t<none>\n");
    } else {
        w.w(0, "MountOptions:\n");
        for o in opts {
            w.w(1, &format!("{}\n", o.as_str().unwrap_or("")));
        }
    }
    if !s(sc, "/reclaimPolicy").is_empty() {
        w.w(0, &format!("ReclaimPolicy:\t{}\n", s(sc, "/reclaimPolicy")));
    }
    if !s(sc, "/volumeBindingMode").is_empty() {
        w.w(
            0,
            &format!("VolumeBindingMode:\t{}\n", s(sc, "/volumeBindingMode")),
        );
    }
    events(&mut w, store, sc, now);
    w.finish()
}

fn describe_ingressclass(store: &Store, ic: &Value, now: Time) -> String {
    let mut w = W::default();
    w.w(0, &format!("Name:\t{}\n", name(ic)));
    labels_multiline(&mut w, "Labels", &smap(ic, "/metadata/labels"));
    annotations_multiline(&mut w, "Annotations", &smap(ic, "/metadata/annotations"));
    w.w(0, &format!("Controller:\t{}\n", s(ic, "/spec/controller")));
    if let Some(p) = ic.pointer("/spec/parameters").filter(|v| v.is_object()) {
        w.w(0, "Parameters:\n");
        if let Some(g) = p.get("apiGroup").and_then(Value::as_str) {
            w.w(1, &format!("APIGroup:\t{g}\n"));
        }
        w.w(1, &format!("Kind:\t{}\n", s(p, "/kind")));
        w.w(1, &format!("Name:\t{}\n", s(p, "/name")));
        if let Some(n) = p.get("namespace").and_then(Value::as_str) {
            w.w(1, &format!("Namespace:\t{n}\n"));
        }
        if let Some(sc) = p.get("scope").and_then(Value::as_str) {
            w.w(1, &format!("Scope:\t{sc}\n"));
        }
    }
    events(&mut w, store, ic, now);
    w.finish()
}

fn describe_ingress(store: &Store, ing: &Value, now: Time) -> String {
    let mut w = W::default();
    let ns = namespace(ing);
    w.w(0, &format!("Name:\t{}\n", name(ing)));
    labels_multiline(&mut w, "Labels", &smap(ing, "/metadata/labels"));
    w.w(0, &format!("Namespace:\t{ns}\n"));
    let addrs: Vec<String> = a(ing, "/status/loadBalancer/ingress")
        .iter()
        .map(|x| {
            if s(x, "/ip").is_empty() {
                s(x, "/hostname").to_string()
            } else {
                s(x, "/ip").to_string()
            }
        })
        .collect();
    w.w(0, &format!("Address:\t{}\n", addrs.join(",")));
    let class = match s(ing, "/spec/ingressClassName") {
        "" => "<none>",
        c => c,
    };
    w.w(0, &format!("Ingress Class:\t{class}\n"));
    let backend = |b: &Value| -> String {
        let svc = b.get("service").unwrap_or(&Value::Null);
        if svc.is_null() {
            let r = b.get("resource").unwrap_or(&Value::Null);
            return format!(
                "APIGroup: {}, Kind: {}, Name: {}",
                s(r, "/apiGroup"),
                s(r, "/kind"),
                s(r, "/name")
            );
        }
        let sname = s(svc, "/name");
        let (port_text, port_name) = match (oi(svc, "/port/number"), s(svc, "/port/name")) {
            (Some(n), _) => {
                let pname = store
                    .get("services", ns, sname)
                    .and_then(|sv| {
                        a(sv, "/spec/ports")
                            .iter()
                            .find(|p| i(p, "/port") == n)
                            .map(|p| s(p, "/name").to_string())
                    })
                    .unwrap_or_default();
                (n.to_string(), pname)
            }
            (None, n) => (n.to_string(), n.to_string()),
        };
        let sb = format!("{sname}:{port_text}");
        if store.get("services", ns, sname).is_none() {
            return format!("{sb} (<error: services \"{sname}\" not found>)");
        }
        let slices: Vec<&Value> = store
            .list("endpointslices", Some(ns))
            .into_iter()
            .filter(|sl| s(sl, "/metadata/labels/kubernetes.io~1service-name") == sname)
            .collect();
        format!("{sb} ({})", slice_endpoints(&slices, &port_name))
    };
    match ing
        .pointer("/spec/defaultBackend")
        .filter(|v| v.is_object())
    {
        Some(b) => w.w(0, &format!("Default backend:\t{}\n", backend(b))),
        None => w.w(0, "Default backend:\t<default>\n"),
    }
    let tls = a(ing, "/spec/tls");
    if !tls.is_empty() {
        w.w(0, "TLS:\n");
        for t in tls {
            let hosts: Vec<&str> = a(t, "/hosts").iter().filter_map(Value::as_str).collect();
            let secret = s(t, "/secretName");
            if secret.is_empty() {
                w.w(1, &format!("SNI routes {}\n", hosts.join(",")));
            } else {
                w.w(1, &format!("{secret} terminates {}\n", hosts.join(",")));
            }
        }
    }
    w.w(0, "Rules:\n  Host\tPath\tBackends\n");
    w.w(1, "----\t----\t--------\n");
    let mut count = 0;
    for r in a(ing, "/spec/rules") {
        let Some(http) = r.get("http").filter(|h| h.is_object()) else {
            continue;
        };
        count += 1;
        let host = match s(r, "/host") {
            "" => "*",
            h => h,
        };
        w.w(1, &format!("{host}\t\n"));
        for p in a(http, "/paths") {
            w.w(
                2,
                &format!(
                    "\t{} \t{}\n",
                    s(p, "/path"),
                    backend(p.get("backend").unwrap_or(&Value::Null))
                ),
            );
        }
    }
    if count == 0 {
        let def = ing
            .pointer("/spec/defaultBackend")
            .map(&backend)
            .unwrap_or_default();
        w.w(1, &format!("*\t*\t{def}\n"));
    }
    annotations_multiline(&mut w, "Annotations", &smap(ing, "/metadata/annotations"));
    events(&mut w, store, ing, now);
    w.finish()
}

/// A CPU quantity in millicores (`100m`, `2`, `0.5`).
fn parse_cpu_milli(q: &str) -> i64 {
    if q.is_empty() {
        return 0;
    }
    if let Some(m) = q.strip_suffix('m') {
        return m.parse().unwrap_or(0);
    }
    q.parse::<f64>()
        .map(|v| (v * 1000.0).round() as i64)
        .unwrap_or(0)
}

fn fmt_cpu(m: i64) -> String {
    if m == 0 {
        "0".to_string()
    } else if m % 1000 == 0 {
        (m / 1000).to_string()
    } else {
        format!("{m}m")
    }
}

/// A memory quantity in bytes (`70Mi`, `1Gi`, `128974848`, `129M`).
fn parse_bytes(q: &str) -> i64 {
    let suffixes: [(&str, i64); 10] = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("k", 1_000),
        ("K", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
        ("", 1),
    ];
    for (suf, mult) in suffixes {
        if let Some(n) = q.strip_suffix(suf) {
            if let Ok(v) = n.parse::<f64>() {
                return (v * mult as f64) as i64;
            }
        }
    }
    0
}

fn fmt_bytes(b: i64) -> String {
    if b == 0 {
        return "0".to_string();
    }
    for (suf, mult) in [("Gi", 1i64 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
        if b % mult == 0 {
            return format!("{}{suf}", b / mult);
        }
    }
    b.to_string()
}

/// Runs `kubectl describe`.
pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    if args.is_empty() && k.flags.list("filename").is_empty() {
        return k.fail("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
    }
    let ns = k.namespace();
    let all_ns = k.all_namespaces();
    let selector = match engine::Selector::parse(&k.flags.str("selector")) {
        Ok(s) => s,
        Err(e) => return k.fail(&e),
    };
    let mut objs: Vec<(&'static cluster::ResourceType, Value)> = Vec::new();
    let mut errs: Vec<String> = Vec::new();
    if !k.flags.list("filename").is_empty() {
        let files = k.flags.list("filename");
        for info in crate::kubectl::read_sources_pub(k, &files, &mut errs) {
            let obj_ns = match namespace(&info.obj) {
                "" => ns.clone(),
                n => n.to_string(),
            };
            match engine::get(k.ctx.cluster, info.rt, &obj_ns, name(&info.obj)) {
                Ok(o) => objs.push((info.rt, o)),
                Err(e) => errs.push(api_message(&e)),
            }
        }
    } else {
        let t = match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        for (rt, n) in &t.items {
            let scope = if all_ns { None } else { Some(ns.as_str()) };
            match n {
                Some(n) => match engine::get(k.ctx.cluster, rt, &ns, n) {
                    Ok(o) => objs.push((rt, o)),
                    Err(e) => {
                        // A name is also a prefix: `describe pods nginx`.
                        let matches: Vec<Value> = engine::list(k.ctx.cluster, rt, scope)
                            .into_iter()
                            .filter(|o| name(o).starts_with(n.as_str()))
                            .collect();
                        if matches.is_empty() {
                            errs.push(api_message(&e));
                        }
                        objs.extend(matches.into_iter().map(|o| (*rt, o)));
                    }
                },
                None => {
                    for o in engine::list(k.ctx.cluster, rt, scope) {
                        if selector.matches(&o) {
                            objs.push((rt, o));
                        }
                    }
                }
            }
        }
        if objs.is_empty() && errs.is_empty() {
            if all_ns || t.items.iter().all(|(rt, _)| !rt.namespaced) {
                k.err("No resources found\n");
            } else {
                k.err(&format!("No resources found in {ns} namespace.\n"));
            }
            return 0;
        }
    }
    let now = k.ctx.cluster.now();
    let mut first = true;
    for (rt, o) in &objs {
        let Some((_, describer)) = DESCRIBERS.iter().find(|(p, _)| *p == rt.plural) else {
            errs.push(format!("describing {} is not simulated in this playground yet; try kubectl get {} {} -o yaml", rt.plural, rt.plural, name(o)));
            continue;
        };
        let text = describer(k.ctx.cluster.store(), o, now);
        if first {
            k.out(&text);
            first = false;
        } else {
            k.out(&format!("\n\n{text}"));
        }
    }
    crate::kubectl::print_errors(k, &errs)
}

#[cfg(test)]
mod tests {

    #[test]
    fn smart_labels_split_camel_case_like_kubectl() {
        assert_eq!(super::smart_label("apiVersion"), "API Version");
        assert_eq!(super::smart_label("uid"), "UID");
        assert_eq!(super::smart_label("ownerReferences"), "Owner References");
        assert_eq!(
            super::smart_label("terminationGracePeriodSeconds"),
            "Termination Grace Period Seconds"
        );
        assert_eq!(super::smart_label("$patch"), "$patch");
        assert_eq!(super::smart_label("k8s"), "k8s");
        assert_eq!(
            super::smart_label("controller-revision-hash"),
            "Controller - Revision - Hash"
        );
        assert_eq!(super::smart_label("PDFLoader"), "PDF Loader");
    }

    use super::*;

    #[test]
    fn policy_rules_broken_down_compacted_and_sorted_like_kubectl() {
        let role = serde_json::json!({"rules": [
            {"apiGroups": ["", "apps"], "resources": ["pods", "deployments/scale"],
             "verbs": ["list", "get"]},
            {"nonResourceURLs": ["/healthz"], "verbs": ["get"]},
            {"apiGroups": [""], "resources": ["pods"], "verbs": ["watch", "get"]},
            {"apiGroups": [""], "resources": ["secrets"], "resourceNames": ["b", "a"],
             "verbs": ["get"]}
        ]});
        let rows: Vec<String> = compact_rules(&role)
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    combine_resource_group(&r.resources, &r.groups),
                    go_strs(&r.urls),
                    go_strs(&r.names),
                    go_strs(&r.verbs)
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                " [/healthz] [] [get]",
                "secrets [] [a] [get]",
                "secrets [] [b] [get]",
                // `[list get watch]` < `[list get]`: a space sorts before `]`.
                "pods [] [] [list get watch]",
                "deployments/scale [] [] [list get]",
                "deployments.apps/scale [] [] [list get]",
                "pods.apps [] [] [list get]",
            ]
        );
    }

    #[test]
    fn times_in_rfc1123z() {
        assert_eq!(
            rfc1123z("2026-01-05T09:00:00Z"),
            "Mon, 05 Jan 2026 09:00:00 +0000"
        );
        assert_eq!(
            rfc1123z("2023-12-15T05:00:07Z"),
            "Fri, 15 Dec 2023 05:00:07 +0000"
        );
        assert_eq!(rfc1123z(""), "");
    }

    fn store_with(objs: &[(&'static str, serde_json::Value)]) -> Store {
        let mut st = Store::new();
        for (plural, o) in objs {
            st.put(plural, namespace(o), name(o), o.clone());
        }
        st
    }

    #[test]
    fn service_layout() {
        let svc = serde_json::json!({"kind": "Service", "metadata": {"name": "nginx-np", "namespace": "default", "uid": "u1"},
            "spec": {"type": "NodePort", "selector": {"app": "nginx"}, "ipFamilyPolicy": "SingleStack", "ipFamilies": ["IPv4"],
                     "clusterIP": "10.110.201.171", "clusterIPs": ["10.110.201.171"],
                     "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80, "nodePort": 31045}],
                     "sessionAffinity": "None", "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster"}});
        let slice = serde_json::json!({"kind": "EndpointSlice", "metadata": {"name": "nginx-np-x7k2p", "namespace": "default",
            "labels": {"kubernetes.io/service-name": "nginx-np"}}, "addressType": "IPv4",
            "ports": [{"name": "http", "port": 80, "protocol": "TCP"}],
            "endpoints": [{"addresses": ["10.244.1.2"], "conditions": {"ready": true}}, {"addresses": ["10.244.2.2"], "conditions": {"ready": false}}]});
        let st = store_with(&[("services", svc.clone()), ("endpointslices", slice)]);
        let now = Time::parse_rfc3339("2026-01-05T09:10:00Z").unwrap_or_default();
        assert_eq!(
            describe_service(&st, &svc, now),
            "Name:                     nginx-np
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=nginx
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.110.201.171
IPs:                      10.110.201.171
Port:                     http  80/TCP
TargetPort:               80/TCP
NodePort:                 http  31045/TCP
Endpoints:                10.244.1.2:80
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
"
        );
    }

    #[test]
    fn pod_layout_with_events() {
        let pod = serde_json::json!({"kind": "Pod", "metadata": {"name": "web", "namespace": "default", "uid": "p1",
                "labels": {"app": "web", "tier": "front"}, "creationTimestamp": "2026-01-05T09:00:00Z"},
            "spec": {"nodeName": "desktop-worker", "priority": 0, "serviceAccountName": "default",
                     "containers": [{"name": "web", "image": "nginx:stable", "ports": [{"containerPort": 80, "protocol": "TCP"}]}]},
            "status": {"phase": "Pending", "hostIP": "172.18.0.3", "startTime": "2026-01-05T09:00:00Z",
                       "containerStatuses": [{"name": "web", "ready": false, "restartCount": 0, "image": "nginx:stable", "imageID": "",
                                              "state": {"waiting": {"reason": "ContainerCreating"}}}],
                       "conditions": [{"type": "PodScheduled", "status": "True"}], "qosClass": "BestEffort"}});
        let ev = serde_json::json!({"kind": "Event", "metadata": {"name": "web.1", "namespace": "default"},
            "involvedObject": {"kind": "Pod", "name": "web", "namespace": "default", "uid": "p1"},
            "type": "Normal", "reason": "Scheduled", "message": "Successfully assigned default/web to desktop-worker",
            "source": {"component": "default-scheduler"}, "firstTimestamp": "2026-01-05T09:00:00Z",
            "lastTimestamp": "2026-01-05T09:00:00Z", "count": 1});
        let st = store_with(&[("pods", pod.clone()), ("events", ev)]);
        let now = Time::parse_rfc3339("2026-01-05T09:00:03Z").unwrap_or_default();
        assert_eq!(
            describe_pod(&st, &pod, now),
            "Name:             web
Namespace:        default
Priority:         0
Service Account:  default
Node:             desktop-worker/172.18.0.3
Start Time:       Mon, 05 Jan 2026 09:00:00 +0000
Labels:           app=web
                  tier=front
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  web:
    Container ID:   
    Image:          nginx:stable
    Image ID:       
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Waiting
      Reason:       ContainerCreating
    Ready:          False
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type           Status
  PodScheduled   True 
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  3s    default-scheduler  Successfully assigned default/web to desktop-worker
"
        );
    }

    #[test]
    fn ingress_layout() {
        let ing = serde_json::json!({"kind": "Ingress", "metadata": {"name": "nginx-ing", "namespace": "default",
                "annotations": {"nginx.ingress.kubernetes.io/rewrite-target": "/"}},
            "spec": {"ingressClassName": "nginx", "rules": [{"host": "localhost", "http": {"paths": [
                {"path": "/testpath", "pathType": "Prefix", "backend": {"service": {"name": "nginx", "port": {"number": 80}}}}]}}]},
            "status": {"loadBalancer": {"ingress": [{"hostname": "localhost"}]}}});
        let svc = serde_json::json!({"metadata": {"name": "nginx", "namespace": "default"}, "spec": {"ports": [{"port": 80}]}});
        let slice = serde_json::json!({"metadata": {"name": "nginx-abcde", "namespace": "default",
            "labels": {"kubernetes.io/service-name": "nginx"}}, "ports": [{"name": "", "port": 80}],
            "endpoints": [{"addresses": ["10.244.1.2"], "conditions": {"ready": true}}]});
        let st = store_with(&[
            ("ingresses", ing.clone()),
            ("services", svc),
            ("endpointslices", slice),
        ]);
        let now = Time::parse_rfc3339("2026-01-05T09:10:00Z").unwrap_or_default();
        assert_eq!(
            describe_ingress(&st, &ing, now),
            "Name:             nginx-ing
Labels:           <none>
Namespace:        default
Address:          localhost
Ingress Class:    nginx
Default backend:  <default>
Rules:
  Host        Path  Backends
  ----        ----  --------
  localhost   
              /testpath   nginx:80 (10.244.1.2:80)
Annotations:  nginx.ingress.kubernetes.io/rewrite-target: /
Events:       <none>
"
        );
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_cpu_milli("100m"), 100);
        assert_eq!(parse_cpu_milli("2"), 2000);
        assert_eq!(parse_bytes("70Mi"), 70 << 20);
        assert_eq!(fmt_bytes(170 << 20), "170Mi");
        assert_eq!(fmt_cpu(850), "850m");
    }
}
