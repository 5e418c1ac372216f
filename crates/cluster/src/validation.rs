//! Validation as the API server does it, with its messages: names (RFC 1123
//! subdomains and labels, DNS-1035 labels), labels and annotations, object
//! metadata, and per-kind rules for the kinds the engine understands.
//!
//! Field errors are formatted like apimachinery's `field.Error`:
//! `<path>: Invalid value: <value>: <detail>`, `<path>: Required value`,
//! `<path>: Unsupported value: "x": supported values: "a", "b"`.

use crate::selector::{map_of, Selector};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// Problems with an RFC 1123 subdomain (most object names).
pub fn dns1123_subdomain_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !s.split('.').all(is_dns1123_label) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_string());
    }
    errs
}

/// Problems with an RFC 1123 label (namespace names, container names).
pub fn dns1123_label_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_dns1123_label(s) {
        errs.push(DNS1123_LABEL_MSG.to_string());
    }
    errs
}

/// Problems with a DNS-1035 label (Service names, port names).
pub fn dns1035_label_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_dns1123_label(s) || !s.as_bytes()[0].is_ascii_lowercase() {
        errs.push(DNS1035_LABEL_MSG.to_string());
    }
    errs
}

fn is_qualified_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// Problems with a qualified name (`prefix/name`): label and annotation keys.
pub fn qualified_name_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if let Some(p) = prefix {
        if p.is_empty() {
            errs.push("prefix part must be non-empty".to_string());
        } else {
            for e in dns1123_subdomain_errors(p) {
                errs.push(format!("prefix part {e}"));
            }
        }
        if name.contains('/') {
            errs.push(format!("{QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
            return errs;
        }
    }
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else {
        if name.len() > 63 {
            errs.push("name part must be no more than 63 characters".to_string());
        }
        if !is_qualified_part(name) {
            errs.push(QUALIFIED_NAME_MSG.to_string());
        }
    }
    errs
}

/// Problems with a label value.
pub fn label_value_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !s.is_empty() && !is_qualified_part(s) {
        errs.push(LABEL_VALUE_MSG.to_string());
    }
    errs
}

/// Go's `%q` of a string.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%#v` of a `map[string]string`: `map[string]string{"a":"b"}`.
pub fn go_string_map(m: &BTreeMap<String, String>) -> String {
    let inner: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v)))
        .collect();
    format!("map[string]string{{{}}}", inner.join(", "))
}

/// Go's `%#v` of a `[]string`.
pub fn go_string_slice(v: &[String]) -> String {
    let inner: Vec<String> = v.iter().map(|s| go_quote(s)).collect();
    format!("[]string{{{}}}", inner.join(", "))
}

/// A JSON scalar as the field error printer shows it (`"x"`, `3`, `true`).
pub fn go_value(v: &Value) -> String {
    match v {
        Value::String(s) => go_quote(s),
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

/// Collects field errors in order.
#[derive(Debug, Default)]
pub struct Errs(pub Vec<String>);

impl Errs {
    pub fn invalid(&mut self, path: &str, value: impl AsRef<str>, detail: &str) {
        if detail.is_empty() {
            self.0
                .push(format!("{path}: Invalid value: {}", value.as_ref()));
        } else {
            self.0.push(format!(
                "{path}: Invalid value: {}: {detail}",
                value.as_ref()
            ));
        }
    }
    pub fn invalid_str(&mut self, path: &str, value: &str, detail: &str) {
        self.invalid(path, go_quote(value), detail);
    }
    pub fn required(&mut self, path: &str, detail: &str) {
        if detail.is_empty() {
            self.0.push(format!("{path}: Required value"));
        } else {
            self.0.push(format!("{path}: Required value: {detail}"));
        }
    }
    pub fn unsupported(&mut self, path: &str, value: &str, supported: &[&str]) {
        let s: Vec<String> = supported.iter().map(|x| go_quote(x)).collect();
        self.0.push(format!(
            "{path}: Unsupported value: {}: supported values: {}",
            go_quote(value),
            s.join(", ")
        ));
    }
    pub fn forbidden(&mut self, path: &str, detail: &str) {
        self.0.push(format!("{path}: Forbidden: {detail}"));
    }
    pub fn duplicate(&mut self, path: &str, value: &str) {
        self.0.push(format!("{path}: Duplicate value: {value}"));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn s<'a>(v: &'a Value, ptr: &str) -> Option<&'a str> {
    v.pointer(ptr).and_then(Value::as_str)
}

/// Which rule an object's name follows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    Subdomain,
    Label,
    Dns1035,
    /// Any non-empty name without '/' or '%' (path segment names).
    PathSegment,
}

/// The name rule for a resource.
pub fn name_rule(plural: &str) -> NameRule {
    match plural {
        "namespaces" => NameRule::Label,
        "services" => NameRule::Dns1035,
        "events" | "roles" | "clusterroles" | "rolebindings" | "clusterrolebindings" => {
            NameRule::PathSegment
        }
        _ => NameRule::Subdomain,
    }
}

/// Validates `metadata`: name, generateName, labels, annotations,
/// ownerReferences. `name` is the final name (after generateName).
pub fn validate_meta(obj: &Value, plural: &str, errs: &mut Errs) {
    let name = s(obj, "/metadata/name").unwrap_or("");
    let generated = s(obj, "/metadata/generateName").is_some_and(|g| !g.is_empty());
    if name.is_empty() {
        errs.required("metadata.name", "name or generateName is required");
    } else {
        let problems = match name_rule(plural) {
            NameRule::Subdomain => dns1123_subdomain_errors(name),
            NameRule::Label => dns1123_label_errors(name),
            NameRule::Dns1035 => dns1035_label_errors(name),
            NameRule::PathSegment => {
                let mut p = Vec::new();
                if name == "." || name == ".." {
                    p.push(format!("may not be '{name}'"));
                }
                for c in ['/', '%'] {
                    if name.contains(c) {
                        p.push(format!("may not contain '{c}'"));
                    }
                }
                p
            }
        };
        let path = if generated {
            "metadata.generateName"
        } else {
            "metadata.name"
        };
        for p in problems {
            errs.invalid_str(path, name, &p);
        }
    }
    if let Some(labels) = obj.pointer("/metadata/labels") {
        validate_labels(labels, "metadata.labels", errs);
    }
    if let Some(ann) = obj
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
    {
        let mut total = 0usize;
        for (k, v) in ann {
            for e in qualified_name_errors(&k.to_ascii_lowercase()) {
                errs.invalid_str("metadata.annotations", k, &e);
            }
            total += k.len() + v.as_str().map_or(0, str::len);
        }
        if total > 256 * 1024 {
            errs.0.push(format!(
                "metadata.annotations: Too long: may not be more than {} bytes",
                256 * 1024
            ));
        }
    }
    if let Some(refs) = obj
        .pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)
    {
        for (i, r) in refs.iter().enumerate() {
            for f in ["apiVersion", "kind", "name", "uid"] {
                if r.get(f).and_then(Value::as_str).is_none_or(str::is_empty) {
                    let detail = match f {
                        "apiVersion" => "version must not be empty",
                        "kind" => "kind must not be empty",
                        "name" => "name must not be empty",
                        _ => "uid must not be empty",
                    };
                    errs.invalid(
                        &format!("metadata.ownerReferences[{i}].{f}"),
                        "\"\"",
                        detail,
                    );
                }
            }
        }
    }
}

/// Validates a label map at `path`.
pub fn validate_labels(labels: &Value, path: &str, errs: &mut Errs) {
    if let Some(m) = labels.as_object() {
        for (k, v) in m {
            for e in qualified_name_errors(k) {
                errs.invalid_str(path, k, &e);
            }
            let v = v.as_str().unwrap_or("");
            for e in label_value_errors(v) {
                errs.invalid_str(path, v, &e);
            }
        }
    }
}

/// Validates a `metav1.LabelSelector` at `path`.
pub fn validate_label_selector(sel: &Value, path: &str, errs: &mut Errs) {
    if let Some(ml) = sel.get("matchLabels") {
        validate_labels(ml, &format!("{path}.matchLabels"), errs);
    }
    if let Some(exprs) = sel.get("matchExpressions").and_then(Value::as_array) {
        for (i, e) in exprs.iter().enumerate() {
            let p = format!("{path}.matchExpressions[{i}]");
            let op = e.get("operator").and_then(Value::as_str).unwrap_or("");
            let nvals = e
                .get("values")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            match op {
                "In" | "NotIn" => {
                    if nvals == 0 {
                        errs.required(
                            &format!("{p}.values"),
                            "must be specified when `operator` is 'In' or 'NotIn'",
                        );
                    }
                }
                "Exists" | "DoesNotExist" => {
                    if nvals > 0 {
                        errs.forbidden(
                            &format!("{p}.values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                        );
                    }
                }
                _ => errs.invalid_str(
                    &format!("{p}.operator"),
                    op,
                    "not a valid selector operator",
                ),
            }
            let key = e.get("key").and_then(Value::as_str).unwrap_or("");
            for m in qualified_name_errors(key) {
                errs.invalid_str(&format!("{p}.key"), key, &m);
            }
        }
    }
}

/// Go's `%#v` of a LabelSelector, as shown in `Invalid value:` of selector errors.
pub fn go_label_selector(sel: &Value) -> String {
    let ml = map_of(sel.get("matchLabels"));
    let ml_s = if sel.get("matchLabels").is_some() {
        go_string_map(&ml)
    } else {
        "map[string]string(nil)".to_string()
    };
    let me = match sel.get("matchExpressions").and_then(Value::as_array) {
        Some(a) if !a.is_empty() => {
            let items: Vec<String> = a
                .iter()
                .map(|e| {
                    let vals: Vec<String> = e
                        .get("values")
                        .and_then(Value::as_array)
                        .map(|v| {
                            v.iter()
                                .map(|x| x.as_str().unwrap_or("").to_string())
                                .collect()
                        })
                        .unwrap_or_default();
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                        go_quote(e.get("key").and_then(Value::as_str).unwrap_or("")),
                        go_quote(e.get("operator").and_then(Value::as_str).unwrap_or("")),
                        if vals.is_empty() {
                            "[]string(nil)".to_string()
                        } else {
                            go_string_slice(&vals)
                        }
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
        _ => "[]v1.LabelSelectorRequirement(nil)".to_string(),
    };
    format!("v1.LabelSelector{{MatchLabels:{ml_s}, MatchExpressions:{me}}}")
}

const RESTART_POLICIES: &[&str] = &["Always", "OnFailure", "Never"];
const DNS_POLICIES: &[&str] = &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const PULL_POLICIES: &[&str] = &["Always", "IfNotPresent", "Never"];
const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];

/// Validates a (defaulted) PodSpec at `path` (`spec` or `spec.template.spec`).
pub fn validate_pod_spec(spec: &Value, path: &str, errs: &mut Errs) {
    validate_pod_spec_with(spec, path, &[], errs)
}

/// As [`validate_pod_spec`], with volumes that come from elsewhere (a
/// StatefulSet's volumeClaimTemplates).
pub fn validate_pod_spec_with(spec: &Value, path: &str, extra_volumes: &[String], errs: &mut Errs) {
    let containers = spec.get("containers").and_then(Value::as_array);
    let mut names = BTreeSet::new();
    let mut volumes: BTreeSet<&str> = spec
        .get("volumes")
        .and_then(Value::as_array)
        .map(|v| {
            crate::sort::set(
                v.iter()
                    .filter_map(|x| x.get("name").and_then(Value::as_str)),
            )
        })
        .unwrap_or_default();
    volumes.extend(extra_volumes.iter().map(String::as_str));
    if let Some(vols) = spec.get("volumes").and_then(Value::as_array) {
        let mut seen = BTreeSet::new();
        for (i, v) in vols.iter().enumerate() {
            let n = v.get("name").and_then(Value::as_str).unwrap_or("");
            let has_source = v.as_object().is_some_and(|m| m.keys().any(|k| k != "name"));
            if !has_source {
                errs.required(
                    &format!("{path}.volumes[{i}]"),
                    "must specify a volume type",
                );
            }
            let p = format!("{path}.volumes[{i}].name");
            if n.is_empty() {
                errs.required(&p, "");
            } else {
                for e in dns1123_label_errors(n) {
                    errs.invalid_str(&p, n, &e);
                }
                if !seen.insert(n) {
                    errs.duplicate(&p, &go_quote(n));
                }
            }
        }
    }
    for (kind, list) in [
        (
            "initContainers",
            spec.get("initContainers").and_then(Value::as_array),
        ),
        ("containers", containers),
    ] {
        let Some(list) = list else { continue };
        for (i, c) in list.iter().enumerate() {
            let p = format!("{path}.{kind}[{i}]");
            let name = c.get("name").and_then(Value::as_str).unwrap_or("");
            if name.is_empty() {
                errs.required(&format!("{p}.name"), "");
            } else {
                for e in dns1123_label_errors(name) {
                    errs.invalid_str(&format!("{p}.name"), name, &e);
                }
                if !names.insert(name.to_string()) {
                    errs.duplicate(&format!("{p}.name"), &go_quote(name));
                }
            }
            let image = c.get("image").and_then(Value::as_str).unwrap_or("");
            if image.trim().is_empty() {
                errs.required(&format!("{p}.image"), "");
            } else if image.trim() != image {
                errs.invalid_str(
                    &format!("{p}.image"),
                    image,
                    "must not have leading or trailing whitespace",
                );
            }
            if let Some(pp) = c.get("imagePullPolicy").and_then(Value::as_str) {
                if !PULL_POLICIES.contains(&pp) {
                    errs.unsupported(&format!("{p}.imagePullPolicy"), pp, PULL_POLICIES);
                }
            }
            if let Some(ports) = c.get("ports").and_then(Value::as_array) {
                let mut port_names = BTreeSet::new();
                for (j, port) in ports.iter().enumerate() {
                    let pp = format!("{p}.ports[{j}]");
                    match port.get("containerPort").and_then(Value::as_i64) {
                        None | Some(0) => errs.required(&format!("{pp}.containerPort"), ""),
                        Some(n) if !(1..=65535).contains(&n) => errs.invalid(
                            &format!("{pp}.containerPort"),
                            n.to_string(),
                            "must be between 1 and 65535, inclusive",
                        ),
                        _ => {}
                    }
                    if let Some(n) = port.get("name").and_then(Value::as_str) {
                        for e in port_name_errors(n) {
                            errs.invalid_str(&format!("{pp}.name"), n, &e);
                        }
                        if !port_names.insert(n) {
                            errs.duplicate(&format!("{pp}.name"), &go_quote(n));
                        }
                    }
                    if let Some(proto) = port.get("protocol").and_then(Value::as_str) {
                        if !PROTOCOLS.contains(&proto) {
                            errs.unsupported(&format!("{pp}.protocol"), proto, PROTOCOLS);
                        }
                    }
                }
            }
            if let Some(mounts) = c.get("volumeMounts").and_then(Value::as_array) {
                for (j, m) in mounts.iter().enumerate() {
                    let n = m.get("name").and_then(Value::as_str).unwrap_or("");
                    let mp = format!("{p}.volumeMounts[{j}]");
                    if n.is_empty() {
                        errs.required(&format!("{mp}.name"), "");
                    } else if !volumes.contains(n) {
                        errs.0
                            .push(format!("{mp}.name: Not found: {}", go_quote(n)));
                    }
                    if m.get("mountPath")
                        .and_then(Value::as_str)
                        .is_none_or(str::is_empty)
                    {
                        errs.required(&format!("{mp}.mountPath"), "");
                    }
                }
            }
            if let Some(env) = c.get("env").and_then(Value::as_array) {
                for (j, e) in env.iter().enumerate() {
                    let n = e.get("name").and_then(Value::as_str).unwrap_or("");
                    if n.is_empty() {
                        errs.required(&format!("{p}.env[{j}].name"), "");
                    } else if !is_env_var_name(n) {
                        errs.invalid_str(&format!("{p}.env[{j}].name"), n, ENV_NAME_MSG);
                    }
                }
            }
            type Parse = fn(&str) -> Option<i64>;
            let checks: [(&str, Parse); 2] = [
                ("cpu", crate::scheduler::parse_cpu_milli),
                ("memory", crate::scheduler::parse_bytes),
            ];
            for (res, parse) in checks {
                let req = c.pointer(&format!("/resources/requests/{res}"));
                let lim = c.pointer(&format!("/resources/limits/{res}"));
                let as_text = |v: &Value| {
                    v.as_str()
                        .map(String::from)
                        .unwrap_or_else(|| v.to_string())
                };
                if let (Some(r), Some(l)) = (req, lim) {
                    let (rs, ls) = (as_text(r), as_text(l));
                    if let (Some(rv), Some(lv)) = (parse(&rs), parse(&ls)) {
                        if rv > lv {
                            errs.invalid_str(
                                &format!("{p}.resources.requests"),
                                &rs,
                                &format!("must be less than or equal to {res} limit of {ls}"),
                            );
                        }
                    }
                }
            }
        }
    }
    match containers {
        None => errs.required(&format!("{path}.containers"), ""),
        Some(c) if c.is_empty() => errs.required(&format!("{path}.containers"), ""),
        _ => {}
    }
    if let Some(rp) = spec.get("restartPolicy").and_then(Value::as_str) {
        if !RESTART_POLICIES.contains(&rp) {
            errs.unsupported(&format!("{path}.restartPolicy"), rp, RESTART_POLICIES);
        }
    }
    if let Some(dp) = spec.get("dnsPolicy").and_then(Value::as_str) {
        if !DNS_POLICIES.contains(&dp) {
            errs.unsupported(&format!("{path}.dnsPolicy"), dp, DNS_POLICIES);
        }
    }
    if let Some(g) = spec
        .get("terminationGracePeriodSeconds")
        .and_then(Value::as_i64)
    {
        if g < 0 {
            errs.invalid(
                &format!("{path}.terminationGracePeriodSeconds"),
                g.to_string(),
                "must be greater than or equal to 0",
            );
        }
    }
    if let Some(ns) = spec.get("nodeSelector") {
        validate_labels(ns, &format!("{path}.nodeSelector"), errs);
    }
    if let Some(tols) = spec.get("tolerations").and_then(Value::as_array) {
        for (i, t) in tols.iter().enumerate() {
            let p = format!("{path}.tolerations[{i}]");
            let op = t.get("operator").and_then(Value::as_str).unwrap_or("Equal");
            let key = t.get("key").and_then(Value::as_str).unwrap_or("");
            if !["Equal", "Exists"].contains(&op) {
                errs.unsupported(&format!("{p}.operator"), op, &["Equal", "Exists"]);
            }
            if key.is_empty() && op != "Exists" {
                errs.invalid_str(&format!("{p}.operator"), op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            }
            if op == "Exists"
                && t.get("value")
                    .and_then(Value::as_str)
                    .is_some_and(|v| !v.is_empty())
            {
                errs.invalid(
                    &format!("{p}.operator"),
                    go_quote(t.get("value").and_then(Value::as_str).unwrap_or("")),
                    "value must be empty when `operator` is 'Exists'",
                );
            }
            if let Some(e) = t.get("effect").and_then(Value::as_str) {
                if !["NoSchedule", "PreferNoSchedule", "NoExecute", ""].contains(&e) {
                    errs.unsupported(
                        &format!("{p}.effect"),
                        e,
                        &["NoSchedule", "PreferNoSchedule", "NoExecute"],
                    );
                }
            }
        }
    }
}

const ENV_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

fn is_env_var_name(n: &str) -> bool {
    let b = n.as_bytes();
    !b.is_empty()
        && !b[0].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// Problems with a port name (IANA service name rules).
pub fn port_name_errors(n: &str) -> Vec<String> {
    let mut e = Vec::new();
    if n.len() > 15 {
        e.push("must be no more than 15 characters".to_string());
    }
    if !n
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        e.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if n.contains("--") {
        e.push("must not contain consecutive hyphens".to_string());
    }
    if !n.bytes().any(|c| c.is_ascii_lowercase()) {
        e.push("must contain at least one letter (a-z)".to_string());
    }
    if n.starts_with('-') || n.ends_with('-') {
        e.push("must not begin or end with a hyphen".to_string());
    }
    e
}

/// Validates a workload (Deployment, ReplicaSet, DaemonSet, StatefulSet)
/// selector against its pod template's labels.
pub fn validate_workload_selector(obj: &Value, kind_word: &str, errs: &mut Errs) {
    let sel = obj.pointer("/spec/selector");
    let tmpl_labels = obj.pointer("/spec/template/metadata/labels");
    match sel {
        None | Some(Value::Null) => errs.required("spec.selector", ""),
        Some(sel) => {
            validate_label_selector(sel, "spec.selector", errs);
            let empty = sel
                .get("matchLabels")
                .and_then(Value::as_object)
                .is_none_or(|m| m.is_empty())
                && sel
                    .get("matchExpressions")
                    .and_then(Value::as_array)
                    .is_none_or(|m| m.is_empty());
            if empty {
                errs.invalid(
                    "spec.selector",
                    go_label_selector(sel),
                    &format!("empty selector is invalid for {kind_word}"),
                );
            }
        }
    }
    let labels = map_of(tmpl_labels);
    let matches = sel
        .and_then(|s| Selector::from_label_selector(s).ok())
        .is_some_and(|s| !s.is_empty() && s.matches(&labels));
    if !matches {
        errs.invalid(
            "spec.template.metadata.labels",
            go_string_map(&labels),
            "`selector` does not match template `labels`",
        );
    }
    if let Some(l) = tmpl_labels {
        validate_labels(l, "spec.template.metadata.labels", errs);
    }
}

fn check_non_negative(obj: &Value, ptr: &str, path: &str, errs: &mut Errs) {
    if let Some(n) = obj.pointer(ptr).and_then(Value::as_i64) {
        if n < 0 {
            errs.invalid(path, n.to_string(), "must be greater than or equal to 0");
        }
    }
}

/// Kind-specific validation of a defaulted object (metadata included).
pub fn validate(obj: &Value, plural: &str) -> Vec<String> {
    let mut errs = Errs::default();
    validate_meta(obj, plural, &mut errs);
    match plural {
        "pods" => {
            if let Some(spec) = obj.get("spec") {
                validate_pod_spec(spec, "spec", &mut errs);
            } else {
                errs.required("spec.containers", "");
            }
        }
        "deployments" | "replicasets" | "daemonsets" | "statefulsets" => {
            let word = match plural {
                "deployments" => "deployment",
                "replicasets" => "replicaset",
                "daemonsets" => "daemonset",
                _ => "statefulset",
            };
            check_non_negative(obj, "/spec/replicas", "spec.replicas", &mut errs);
            validate_workload_selector(obj, word, &mut errs);
            let claim_templates: Vec<String> = obj
                .pointer("/spec/volumeClaimTemplates")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|t| t.pointer("/metadata/name").and_then(Value::as_str))
                .map(String::from)
                .collect();
            if let Some(spec) = obj.pointer("/spec/template/spec") {
                validate_pod_spec_with(spec, "spec.template.spec", &claim_templates, &mut errs);
            } else {
                errs.required("spec.template.spec.containers", "");
            }
            if plural != "daemonsets" && plural != "statefulsets" {
                if let Some(rp) = obj
                    .pointer("/spec/template/spec/restartPolicy")
                    .and_then(Value::as_str)
                {
                    if rp != "Always" {
                        errs.unsupported("spec.template.spec.restartPolicy", rp, &["Always"]);
                    }
                }
            }
            if plural == "deployments" {
                validate_deployment_strategy(obj, &mut errs);
            }
            if plural == "statefulsets" {
                for (i, t) in obj
                    .pointer("/spec/volumeClaimTemplates")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    validate_claim_spec(
                        t.get("spec").unwrap_or(&Value::Null),
                        &format!("spec.volumeClaimTemplates[{i}].spec"),
                        &mut errs,
                    );
                }
                if let Some(p) = obj
                    .pointer("/spec/podManagementPolicy")
                    .and_then(Value::as_str)
                {
                    if !["OrderedReady", "Parallel"].contains(&p) {
                        errs.unsupported(
                            "spec.podManagementPolicy",
                            p,
                            &["OrderedReady", "Parallel"],
                        );
                    }
                }
            }
        }
        "jobs" => {
            if let Some(spec) = obj.pointer("/spec/template/spec") {
                validate_pod_spec(spec, "spec.template.spec", &mut errs);
            } else {
                errs.required("spec.template.spec.containers", "");
            }
            for f in [
                "parallelism",
                "completions",
                "backoffLimit",
                "activeDeadlineSeconds",
                "ttlSecondsAfterFinished",
            ] {
                check_non_negative(obj, &format!("/spec/{f}"), &format!("spec.{f}"), &mut errs);
            }
            let rp = obj
                .pointer("/spec/template/spec/restartPolicy")
                .and_then(Value::as_str)
                .unwrap_or("");
            if rp != "OnFailure" && rp != "Never" {
                errs.unsupported(
                    "spec.template.spec.restartPolicy",
                    rp,
                    &["OnFailure", "Never"],
                );
            }
        }
        "cronjobs" => validate_cronjob(obj, &mut errs),
        "persistentvolumeclaims" => {
            validate_claim_spec(obj.get("spec").unwrap_or(&Value::Null), "spec", &mut errs)
        }
        "services" => validate_service(obj, &mut errs),
        "endpoints" => validate_endpoints(obj, &mut errs),
        "endpointslices" => validate_endpoint_slice(obj, &mut errs),
        "nodes" => validate_node(obj, &mut errs),
        "configmaps" | "secrets" => {
            for field in ["data", "binaryData", "stringData"] {
                if let Some(m) = obj.get(field).and_then(Value::as_object) {
                    for k in m.keys() {
                        if k.is_empty()
                            || k.len() > 253
                            || !k.bytes().all(|c| {
                                c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')
                            })
                        {
                            errs.invalid_str(
                                &format!("{field}[{k}]"),
                                k,
                                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
                            );
                        }
                    }
                }
            }
        }
        _ => {}
    }
    errs.0
}

fn validate_deployment_strategy(obj: &Value, errs: &mut Errs) {
    let ty = obj
        .pointer("/spec/strategy/type")
        .and_then(Value::as_str)
        .unwrap_or("RollingUpdate");
    match ty {
        "RollingUpdate" => {
            let surge = obj.pointer("/spec/strategy/rollingUpdate/maxSurge");
            let unavail = obj.pointer("/spec/strategy/rollingUpdate/maxUnavailable");
            let zero = |v: Option<&Value>| match v {
                Some(Value::Number(n)) => n.as_i64() == Some(0),
                Some(Value::String(s)) => s == "0%" || s == "0",
                _ => false,
            };
            if zero(surge) && zero(unavail) {
                errs.invalid(
                    "spec.strategy.rollingUpdate.maxUnavailable",
                    unavail.map(go_value).unwrap_or_default(),
                    "may not be 0 when `maxSurge` is 0",
                );
            }
        }
        "Recreate" => {
            if obj
                .pointer("/spec/strategy/rollingUpdate")
                .is_some_and(|v| !v.is_null())
            {
                errs.forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                );
            }
        }
        other => errs.unsupported("spec.strategy.type", other, &["Recreate", "RollingUpdate"]),
    }
}

const ACCESS_MODES: &[&str] = &[
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

/// A PersistentVolumeClaim spec (claims and StatefulSet claim templates).
pub fn validate_claim_spec(spec: &Value, path: &str, errs: &mut Errs) {
    let modes = spec
        .get("accessModes")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if modes.is_empty() {
        errs.required(
            &format!("{path}.accessModes"),
            "at least 1 access mode is required",
        );
    }
    for m in modes {
        let m = m.as_str().unwrap_or("");
        if !ACCESS_MODES.contains(&m) {
            errs.unsupported(&format!("{path}.accessModes"), m, ACCESS_MODES);
        }
    }
    if spec.pointer("/resources/requests/storage").is_none() {
        errs.required(&format!("{path}.resources[storage]"), "");
    }
}

fn validate_cronjob(obj: &Value, errs: &mut Errs) {
    let schedule = obj
        .pointer("/spec/schedule")
        .and_then(Value::as_str)
        .unwrap_or("");
    if schedule.is_empty() {
        errs.required("spec.schedule", "");
    } else if schedule.contains("TZ=") {
        errs.invalid_str(
            "spec.schedule",
            schedule,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        );
    } else if let Err(e) = crate::cron::Schedule::parse(schedule) {
        errs.invalid_str("spec.schedule", schedule, &e);
    }
    if let Some(tz) = obj.pointer("/spec/timeZone").and_then(Value::as_str) {
        if tz.is_empty() {
            errs.invalid_str(
                "spec.timeZone",
                tz,
                "timeZone must be nil or non-empty string",
            );
        } else if tz.eq_ignore_ascii_case("local") {
            errs.invalid_str(
                "spec.timeZone",
                tz,
                "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
            );
        } else if crate::cron::Zone::named(tz).is_none() {
            errs.invalid_str("spec.timeZone", tz, &format!("unknown time zone {tz}"));
        }
    }
    const POLICIES: &[&str] = &["Allow", "Forbid", "Replace"];
    if let Some(p) = obj
        .pointer("/spec/concurrencyPolicy")
        .and_then(Value::as_str)
    {
        if !POLICIES.contains(&p) {
            errs.unsupported("spec.concurrencyPolicy", p, POLICIES);
        }
    }
    for f in [
        "startingDeadlineSeconds",
        "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit",
    ] {
        check_non_negative(obj, &format!("/spec/{f}"), &format!("spec.{f}"), errs);
    }
    match obj.pointer("/spec/jobTemplate/spec/template/spec") {
        Some(spec) => {
            validate_pod_spec(spec, "spec.jobTemplate.spec.template.spec", errs);
            let rp = spec
                .get("restartPolicy")
                .and_then(Value::as_str)
                .unwrap_or("");
            if rp != "OnFailure" && rp != "Never" {
                errs.unsupported(
                    "spec.jobTemplate.spec.template.spec.restartPolicy",
                    rp,
                    &["OnFailure", "Never"],
                );
            }
        }
        None => errs.required("spec.jobTemplate.spec.template.spec.containers", ""),
    }
}

const IP_MSG: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

fn check_port(p: &Value, field: &str, path: &str, errs: &mut Errs) {
    match p.get(field).and_then(Value::as_i64) {
        Some(n) if (1..=65535).contains(&n) => {}
        Some(n) => errs.invalid(
            &format!("{path}.{field}"),
            n.to_string(),
            "must be between 1 and 65535, inclusive",
        ),
        None => errs.invalid(
            &format!("{path}.{field}"),
            "0",
            "must be between 1 and 65535, inclusive",
        ),
    }
    if let Some(proto) = p.get("protocol").and_then(Value::as_str) {
        if !PROTOCOLS.contains(&proto) {
            errs.unsupported(&format!("{path}.protocol"), proto, PROTOCOLS);
        }
    }
}

fn validate_endpoints(obj: &Value, errs: &mut Errs) {
    for (i, subset) in obj
        .get("subsets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        for list in ["addresses", "notReadyAddresses"] {
            for (j, a) in subset
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let ip = a.get("ip").and_then(Value::as_str).unwrap_or("");
                if crate::alloc::parse_ipv4(ip).is_none() {
                    errs.invalid_str(&format!("subsets[{i}].{list}[{j}].ip"), ip, IP_MSG);
                }
            }
        }
        for (j, p) in subset
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            check_port(p, "port", &format!("subsets[{i}].ports[{j}]"), errs);
        }
    }
}

const ADDRESS_TYPES: &[&str] = &["FQDN", "IPv4", "IPv6"];

fn validate_endpoint_slice(obj: &Value, errs: &mut Errs) {
    let ty = obj.get("addressType").and_then(Value::as_str).unwrap_or("");
    if ty.is_empty() {
        errs.required("addressType", "");
    } else if !ADDRESS_TYPES.contains(&ty) {
        errs.unsupported("addressType", ty, ADDRESS_TYPES);
    }
    for (i, e) in obj
        .get("endpoints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let addrs = e
            .get("addresses")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if addrs.is_empty() {
            errs.required(
                &format!("endpoints[{i}].addresses"),
                "must contain at least 1 address",
            );
        }
        if ty == "IPv4" {
            for (j, a) in addrs.iter().enumerate() {
                let a = a.as_str().unwrap_or("");
                if crate::alloc::parse_ipv4(a).is_none() {
                    errs.invalid_str(
                        &format!("endpoints[{i}].addresses[{j}]"),
                        a,
                        "must be a valid IPv4 address",
                    );
                }
            }
        }
    }
    for (i, p) in obj
        .get("ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if p.get("port").is_some() {
            check_port(p, "port", &format!("ports[{i}]"), errs);
        }
    }
}

const TAINT_EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];

fn validate_node(obj: &Value, errs: &mut Errs) {
    for (i, t) in obj
        .pointer("/spec/taints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let key = t.get("key").and_then(Value::as_str).unwrap_or("");
        for e in qualified_name_errors(key) {
            errs.invalid_str(&format!("spec.taints[{i}].key"), key, &e);
        }
        let effect = t.get("effect").and_then(Value::as_str).unwrap_or("");
        if effect.is_empty() {
            errs.required(&format!("spec.taints[{i}].effect"), "");
        } else if !TAINT_EFFECTS.contains(&effect) {
            errs.unsupported(&format!("spec.taints[{i}].effect"), effect, TAINT_EFFECTS);
        }
    }
}

const SERVICE_TYPES: &[&str] = &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

fn validate_service(obj: &Value, errs: &mut Errs) {
    let ty = obj
        .pointer("/spec/type")
        .and_then(Value::as_str)
        .unwrap_or("ClusterIP");
    if !SERVICE_TYPES.contains(&ty) {
        errs.unsupported("spec.type", ty, SERVICE_TYPES);
    }
    let ports = obj.pointer("/spec/ports").and_then(Value::as_array);
    if ty != "ExternalName" && ports.is_none_or(|p| p.is_empty()) {
        let headless = obj.pointer("/spec/clusterIP").and_then(Value::as_str) == Some("None");
        if !headless {
            errs.required("spec.ports", "");
        }
    }
    if ty == "ExternalName"
        && obj
            .pointer("/spec/externalName")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    {
        errs.required("spec.externalName", "");
    }
    let n = ports.map_or(0, Vec::len);
    let mut names = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for (i, p) in ports.into_iter().flatten().enumerate() {
        let path = format!("spec.ports[{i}]");
        let name = p.get("name").and_then(Value::as_str).unwrap_or("");
        if name.is_empty() {
            if n > 1 {
                errs.required(&format!("{path}.name"), "");
            }
        } else {
            for e in dns1123_label_errors(name) {
                errs.invalid_str(&format!("{path}.name"), name, &e);
            }
            if !names.insert(name) {
                errs.duplicate(&format!("{path}.name"), &go_quote(name));
            }
        }
        match p.get("port").and_then(Value::as_i64) {
            None => errs.required(&format!("{path}.port"), ""),
            Some(x) if !(1..=65535).contains(&x) => errs.invalid(
                &format!("{path}.port"),
                x.to_string(),
                "must be between 1 and 65535, inclusive",
            ),
            _ => {}
        }
        let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
        if !PROTOCOLS.contains(&proto) {
            errs.unsupported(&format!("{path}.protocol"), proto, PROTOCOLS);
        }
        match p.get("targetPort") {
            Some(Value::Number(t)) => {
                let t = t.as_i64().unwrap_or(0);
                if !(1..=65535).contains(&t) {
                    errs.invalid(
                        &format!("{path}.targetPort"),
                        t.to_string(),
                        "must be between 1 and 65535, inclusive",
                    );
                }
            }
            Some(Value::String(t)) => {
                for e in port_name_errors(t) {
                    errs.invalid_str(&format!("{path}.targetPort"), t, &e);
                }
            }
            _ => {}
        }
        if p.get("nodePort")
            .and_then(Value::as_i64)
            .is_some_and(|x| x != 0)
            && ty == "ClusterIP"
        {
            errs.forbidden(
                &format!("{path}.nodePort"),
                "may not be used when `type` is 'ClusterIP'",
            );
        }
        let key = (
            p.get("port").and_then(Value::as_i64).unwrap_or(0),
            proto.to_string(),
        );
        if !seen.insert(key) {
            errs.duplicate(&path, &format!("core.ServicePort{{Name:{}, Protocol:{}, AppProtocol:(*string)(nil), Port:{}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}", go_quote(name), go_quote(proto), p.get("port").and_then(Value::as_i64).unwrap_or(0)));
        }
    }
    if let Some(sel) = obj.pointer("/spec/selector") {
        validate_labels(sel, "spec.selector", errs);
    }
    if let Some(sa) = obj.pointer("/spec/sessionAffinity").and_then(Value::as_str) {
        if !["ClientIP", "None"].contains(&sa) {
            errs.unsupported("spec.sessionAffinity", sa, &["ClientIP", "None"]);
        }
    }
    if let Some(ip) = obj.pointer("/spec/clusterIP").and_then(Value::as_str) {
        if !ip.is_empty() && ip != "None" && crate::alloc::parse_ipv4(ip).is_none() {
            errs.invalid(
                "spec.clusterIPs[0]",
                go_quote(ip),
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names() {
        assert!(dns1123_subdomain_errors("nginx.example-1").is_empty());
        assert_eq!(dns1123_subdomain_errors("Nginx"), [DNS1123_SUBDOMAIN_MSG]);
        assert!(dns1123_label_errors("a.b").len() == 1);
        assert!(dns1035_label_errors("1abc").len() == 1);
        assert!(dns1035_label_errors("abc-1").is_empty());
        assert_eq!(
            dns1123_label_errors(&"a".repeat(64))[0],
            "must be no more than 63 characters"
        );
        assert!(qualified_name_errors("app.kubernetes.io/name").is_empty());
        assert!(!qualified_name_errors("Bad Key").is_empty());
        assert!(!qualified_name_errors("/x").is_empty());
        assert!(label_value_errors("").is_empty());
        assert!(!label_value_errors("-x").is_empty());
    }

    #[test]
    fn bad_name_message() {
        let errs = validate(
            &json!({"metadata": {"name": "Nginx"}, "spec": {"containers": [{"name": "a", "image": "x"}]}}),
            "pods",
        );
        assert_eq!(
            errs,
            [format!(
                "metadata.name: Invalid value: \"Nginx\": {DNS1123_SUBDOMAIN_MSG}"
            )]
        );
        let errs = validate(&json!({"metadata": {}}), "configmaps");
        assert_eq!(
            errs,
            ["metadata.name: Required value: name or generateName is required"]
        );
    }

    #[test]
    fn deployment_selector_mismatch() {
        let d = json!({
            "metadata": {"name": "x"},
            "spec": {
                "selector": {"matchLabels": {"app": "y"}},
                "template": {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}
            }
        });
        assert_eq!(
            validate(&d, "deployments"),
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"]
        );
    }

    #[test]
    fn pod_spec_errors() {
        let p = json!({"metadata": {"name": "p"}, "spec": {"restartPolicy": "Sometimes", "containers": [{"name": "A"}]}});
        let errs = validate(&p, "pods");
        assert!(errs
            .iter()
            .any(|e| e.starts_with("spec.containers[0].name: Invalid value: \"A\"")));
        assert!(errs.contains(&"spec.containers[0].image: Required value".to_string()));
        assert!(errs.contains(
            &"spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"".to_string()
        ));
        let errs = validate(&json!({"metadata": {"name": "p"}, "spec": {}}), "pods");
        assert_eq!(errs, ["spec.containers: Required value"]);
    }

    #[test]
    fn service_errors() {
        let s = json!({"metadata": {"name": "svc"}, "spec": {"ports": [{"port": 80}, {"port": 70000}]}});
        let errs = validate(&s, "services");
        assert!(errs.contains(&"spec.ports[0].name: Required value".to_string()));
        assert!(errs.contains(
            &"spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive"
                .to_string()
        ));
        let bad = json!({"metadata": {"name": "1svc"}, "spec": {"ports": [{"port": 80}]}});
        assert_eq!(
            validate(&bad, "services"),
            [format!(
                "metadata.name: Invalid value: \"1svc\": {DNS1035_LABEL_MSG}"
            )]
        );
    }

    #[test]
    fn endpoints_slices_and_nodes() {
        let ep = json!({"metadata": {"name": "e"}, "subsets": [{"addresses": [{"ip": "nope"}], "ports": [{"port": 0}]}]});
        assert_eq!(
            validate(&ep, "endpoints"),
            [
                format!("subsets[0].addresses[0].ip: Invalid value: \"nope\": {IP_MSG}"),
                "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive".to_string()
            ]
        );
        let es = json!({"metadata": {"name": "e"}, "addressType": "IPv5", "endpoints": [{"addresses": []}]});
        assert_eq!(
            validate(&es, "endpointslices"),
            [
                "addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"",
                "endpoints[0].addresses: Required value: must contain at least 1 address"
            ]
        );
        let n = json!({"metadata": {"name": "n"}, "spec": {"taints": [{"key": "a", "effect": "Sometimes"}]}});
        assert_eq!(
            validate(&n, "nodes"),
            ["spec.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""]
        );
    }

    #[test]
    fn volumes_env_and_resources() {
        let p = json!({"metadata": {"name": "p"}, "spec": {
            "volumes": [{"name": "v"}],
            "containers": [{"name": "a", "image": "x", "env": [{"name": "1X"}],
                "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}]}});
        let errs = validate(&p, "pods");
        assert!(
            errs.contains(
                &"spec.volumes[0]: Required value: must specify a volume type".to_string()
            ),
            "{errs:?}"
        );
        assert!(errs.contains(&format!(
            "spec.containers[0].env[0].name: Invalid value: \"1X\": {ENV_NAME_MSG}"
        )));
        assert!(errs.contains(&"spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1".to_string()));
    }

    #[test]
    fn jobs_need_a_restart_policy_that_ends() {
        let j = json!({"metadata": {"name": "j"}, "spec": {"template": {"spec": {"restartPolicy": "Always", "containers": [{"name": "a", "image": "x"}]}}}});
        assert_eq!(
            validate(&j, "jobs"),
            ["spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""]
        );
    }

    #[test]
    fn go_formatting() {
        assert_eq!(go_quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(
            go_label_selector(&json!({})),
            "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
        );
    }
}
