//! The resource quota controller and what ResourceQuota admission needs:
//! the usage each object counts for (the quota evaluators of pods,
//! services, claims and object counts), resource quantities with
//! Kubernetes' arithmetic and canonical text, and `status.hard` /
//! `status.used` of every quota. A quota syncs only when an object of a
//! kind it tracks was written in its namespace; nothing runs while no
//! quota exists.

use crate::meta::{arr_at, str_at};
use crate::Cluster;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// How a quantity prints (resource.Quantity's Format).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    DecimalSi,
    BinarySi,
    DecimalExponent,
}

/// A resource quantity, exact in nano-units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Qty {
    pub(crate) nanos: i128,
    pub(crate) format: Format,
}

const NANO: i128 = 1_000_000_000;

impl Qty {
    pub(crate) fn count(n: i128) -> Qty {
        Qty {
            nanos: n.saturating_mul(NANO),
            format: Format::DecimalSi,
        }
    }

    /// A quantity's text (`250m`, `1.5`, `64Mi`, `1e3`) or JSON number.
    pub(crate) fn from_value(v: &Value) -> Option<Qty> {
        match v {
            Value::String(s) => Qty::parse(s),
            Value::Number(n) => Qty::parse(&n.to_string()),
            _ => None,
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Qty> {
        let negative = text.starts_with('-');
        let body = text.strip_prefix(['+', '-']).unwrap_or(text);
        let num_len = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (num, suffix) = body.split_at(num_len);
        let (int_part, frac) = num.split_once('.').unwrap_or((num, ""));
        if frac.contains('.') || (int_part.is_empty() && frac.is_empty()) {
            return None;
        }
        let digits = format!("{int_part}{frac}");
        let digits = digits.trim_start_matches('0');
        if digits.len() > 30 {
            return None;
        }
        let mantissa: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        let mut exp10 = -(frac.len() as i32);
        let mut mult: i128 = 1;
        let format = match suffix {
            "" => Format::DecimalSi,
            "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
                let n = match suffix {
                    "Ki" => 1,
                    "Mi" => 2,
                    "Gi" => 3,
                    "Ti" => 4,
                    "Pi" => 5,
                    _ => 6,
                };
                mult = 1i128 << (10 * n);
                Format::BinarySi
            }
            "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E" => {
                exp10 += match suffix {
                    "n" => -9,
                    "u" => -6,
                    "m" => -3,
                    "k" => 3,
                    "M" => 6,
                    "G" => 9,
                    "T" => 12,
                    "P" => 15,
                    _ => 18,
                };
                Format::DecimalSi
            }
            e if e.starts_with(['e', 'E']) => {
                let n: i32 = e.get(1..)?.parse().ok()?;
                if !(-40..=40).contains(&n) {
                    return None;
                }
                exp10 += n;
                Format::DecimalExponent
            }
            _ => return None,
        };
        // nanos = mantissa * mult * 10^(exp10 + 9), rounded up below a nano.
        let shift = exp10 + 9;
        let mut v = mantissa.checked_mul(mult)?;
        if shift >= 0 {
            for _ in 0..shift {
                v = v.checked_mul(10)?;
            }
        } else {
            let mut div: i128 = 1;
            for _ in 0..(-shift) {
                div = div.checked_mul(10)?;
            }
            let rounded_up = v % div != 0;
            v = v / div + i128::from(rounded_up);
        }
        Some(Qty {
            nanos: if negative { -v } else { v },
            format,
        })
    }

    /// The sum, in this quantity's format, or the other's when this one
    /// is zero (Quantity.Add).
    pub(crate) fn add(self, other: Qty) -> Qty {
        Qty {
            nanos: self.nanos.saturating_add(other.nanos),
            format: if self.nanos == 0 {
                other.format
            } else {
                self.format
            },
        }
    }

    /// The value in milli-units, rounded up (Quantity.MilliValue).
    pub(crate) fn milli(self) -> i128 {
        let d = NANO / 1000;
        self.nanos.div_euclid(d) + i128::from(self.nanos.rem_euclid(d) != 0)
    }

    /// resource.Quantity's canonical text.
    pub(crate) fn canonical(self) -> String {
        if self.nanos == 0 {
            return "0".to_string();
        }
        let sign = if self.nanos < 0 { "-" } else { "" };
        let v = self.nanos.unsigned_abs();
        let whole = v.is_multiple_of(NANO as u128);
        if self.format == Format::BinarySi && whole && v >= 1024 * NANO as u128 {
            let mut n = v / NANO as u128;
            let mut i = 0;
            while i < 6 && n.is_multiple_of(1024) {
                n /= 1024;
                i += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][i];
            return format!("{sign}{n}{suffix}");
        }
        // The largest exponent (a multiple of 3, from -9 to 18) that keeps
        // the mantissa whole.
        let mut exp = -9i32;
        let mut mant = v;
        while exp < 18 && mant.is_multiple_of(1000) {
            mant /= 1000;
            exp += 3;
        }
        if self.format == Format::DecimalExponent {
            return if exp == 0 {
                format!("{sign}{mant}")
            } else {
                format!("{sign}{mant}e{exp}")
            };
        }
        let suffix = match exp {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            0 => "",
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            _ => "E",
        };
        format!("{sign}{mant}{suffix}")
    }
}

/// A resource list: name -> quantity, sorted by name.
pub(crate) type Usage = BTreeMap<String, Qty>;

fn add_to(u: &mut Usage, key: &str, q: Qty) {
    match u.get_mut(key) {
        Some(cur) => *cur = cur.add(q),
        None => {
            u.insert(key.to_string(), q);
        }
    }
}

/// A resource list read from an object (`requests`, `status.hard`).
pub(crate) fn resource_list(v: Option<&Value>) -> Usage {
    let mut out = Usage::new();
    if let Some(m) = v.and_then(Value::as_object) {
        for (k, q) in m {
            if let Some(q) = Qty::from_value(q) {
                out.insert(k.clone(), q);
            }
        }
    }
    out
}

/// A pod that has not reached a terminal phase (QuotaV1Pod).
fn pod_counts(pod: &Value) -> bool {
    !matches!(str_at(pod, "/status/phase"), "Succeeded" | "Failed")
}

/// The pod's requests or limits: the containers' sum, at least each
/// init container's (PodRequests / PodLimits without overhead).
fn pod_resources(pod: &Value, which: &str) -> Usage {
    let mut sum = Usage::new();
    let list = |c: &Value| resource_list(c.get("resources").and_then(|r| r.get(which)));
    for c in arr_at(pod, "/spec/containers") {
        for (k, q) in list(c) {
            add_to(&mut sum, &k, q);
        }
    }
    for c in arr_at(pod, "/spec/initContainers") {
        for (k, q) in list(c) {
            match sum.get(&k) {
                Some(cur) if cur.nanos >= q.nanos => {}
                _ => {
                    sum.insert(k, q);
                }
            }
        }
    }
    sum
}

/// What a pod counts for (PodUsageFunc): `count/pods` always; `pods`,
/// requests and limits while it has not finished.
pub(crate) fn pod_usage(pod: &Value) -> Usage {
    let mut u = Usage::new();
    u.insert("count/pods".into(), Qty::count(1));
    if !pod_counts(pod) {
        return u;
    }
    u.insert("pods".into(), Qty::count(1));
    let requests = pod_resources(pod, "requests");
    let limits = pod_resources(pod, "limits");
    for (k, q) in &requests {
        match k.as_str() {
            "cpu" | "memory" | "ephemeral-storage" => {
                u.insert(k.clone(), *q);
                u.insert(format!("requests.{k}"), *q);
            }
            _ => {
                u.insert(format!("requests.{k}"), *q);
            }
        }
    }
    for (k, q) in &limits {
        if matches!(k.as_str(), "cpu" | "memory" | "ephemeral-storage")
            || k.starts_with("hugepages-")
        {
            u.insert(format!("limits.{k}"), *q);
        }
    }
    u
}

/// The resources a container must state when a quota tracks them
/// (the pod evaluator's Constraints).
const COMPUTE: [&str; 6] = [
    "cpu",
    "limits.cpu",
    "limits.memory",
    "memory",
    "requests.cpu",
    "requests.memory",
];

/// `must specify limits.cpu for: app; requests.memory for: app,db`: the
/// tracked compute resources some container leaves unset.
pub(crate) fn pod_constraints(pod: &Value, hard: &Usage) -> Option<String> {
    let mut missing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for key in ["/spec/containers", "/spec/initContainers"] {
        for c in arr_at(pod, key) {
            let req = resource_list(c.pointer("/resources/requests"));
            let lim = resource_list(c.pointer("/resources/limits"));
            for r in COMPUTE {
                if !hard.contains_key(r) {
                    continue;
                }
                let has = match r {
                    "cpu" | "requests.cpu" => req.contains_key("cpu"),
                    "memory" | "requests.memory" => req.contains_key("memory"),
                    "limits.cpu" => lim.contains_key("cpu"),
                    _ => lim.contains_key("memory"),
                };
                if !has {
                    let names = missing.entry(r).or_default();
                    let name = str_at(c, "/name").to_string();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    let parts: Vec<String> = missing
        .into_iter()
        .map(|(r, mut names)| {
            crate::sort::sort(&mut names);
            format!("{r} for: {}", names.join(","))
        })
        .collect();
    Some(format!("must specify {}", parts.join("; ")))
}

/// What an object of `plural` counts for in a quota.
pub(crate) fn object_usage(plural: &str, obj: &Value) -> Usage {
    if plural == "pods" {
        return pod_usage(obj);
    }
    let Some(rt) = crate::resources::by_plural(plural) else {
        return Usage::new();
    };
    let mut u = Usage::new();
    let count_name = if rt.group.is_empty() {
        format!("count/{plural}")
    } else {
        format!("count/{plural}.{}", rt.group)
    };
    u.insert(count_name, Qty::count(1));
    match plural {
        "services" => {
            u.insert("services".into(), Qty::count(1));
            let ports = arr_at(obj, "/spec/ports");
            match str_at(obj, "/spec/type") {
                "NodePort" => {
                    u.insert("services.nodeports".into(), Qty::count(ports.len() as i128));
                }
                "LoadBalancer" => {
                    u.insert("services.loadbalancers".into(), Qty::count(1));
                    let n = ports.iter().filter(|p| p.get("nodePort").is_some()).count();
                    u.insert("services.nodeports".into(), Qty::count(n as i128));
                }
                _ => {}
            }
        }
        "persistentvolumeclaims" => {
            u.insert("persistentvolumeclaims".into(), Qty::count(1));
            let class = str_at(obj, "/spec/storageClassName");
            if !class.is_empty() {
                u.insert(
                    format!("{class}.storageclass.storage.k8s.io/persistentvolumeclaims"),
                    Qty::count(1),
                );
            }
            if let Some(q) = obj
                .pointer("/spec/resources/requests/storage")
                .and_then(Qty::from_value)
            {
                u.insert("requests.storage".into(), q);
                if !class.is_empty() {
                    u.insert(
                        format!("{class}.storageclass.storage.k8s.io/requests.storage"),
                        q,
                    );
                }
            }
        }
        "configmaps" | "secrets" | "replicationcontrollers" | "resourcequotas" => {
            u.insert(plural.to_string(), Qty::count(1));
        }
        _ => {}
    }
    u
}

/// The resource (plural) whose objects a quota's resource name counts.
pub(crate) fn tracked_plural(resource: &str) -> Option<&'static str> {
    match resource {
        "pods" | "cpu" | "memory" | "ephemeral-storage" => Some("pods"),
        r if r.starts_with("requests.") && r != "requests.storage" => Some("pods"),
        r if r.starts_with("limits.") => Some("pods"),
        r if r.starts_with("hugepages-") => Some("pods"),
        "services" | "services.nodeports" | "services.loadbalancers" => Some("services"),
        "requests.storage" | "persistentvolumeclaims" => Some("persistentvolumeclaims"),
        r if r.contains(".storageclass.storage.k8s.io/") => Some("persistentvolumeclaims"),
        "configmaps" => Some("configmaps"),
        "secrets" => Some("secrets"),
        "replicationcontrollers" => Some("replicationcontrollers"),
        "resourcequotas" => Some("resourcequotas"),
        r => {
            let rest = r.strip_prefix("count/")?;
            let (plural, group) = rest.split_once('.').unwrap_or((rest, ""));
            crate::resources::RESOURCES
                .iter()
                .find(|t| t.plural == plural && t.group == group)
                .map(|t| t.plural)
        }
    }
}

/// Whether a pod is in every scope of a quota (`spec.scopes` and
/// `spec.scopeSelector`); objects other than pods match only unscoped
/// quotas.
pub(crate) fn in_scope(quota: &Value, plural: &str, obj: &Value) -> bool {
    let scopes: Vec<&str> = arr_at(quota, "/spec/scopes")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let selector = arr_at(quota, "/spec/scopeSelector/matchExpressions");
    if scopes.is_empty() && selector.is_empty() {
        return true;
    }
    if plural != "pods" {
        return false;
    }
    let best_effort =
        crate::defaults::qos_class(obj.get("spec").unwrap_or(&Value::Null)) == "BestEffort";
    let terminating = obj
        .pointer("/spec/activeDeadlineSeconds")
        .and_then(Value::as_i64)
        .is_some_and(|d| d >= 0);
    let class = str_at(obj, "/spec/priorityClassName");
    let scope_matches = |scope: &str, op: &str, values: &[Value]| -> bool {
        let m = match scope {
            "BestEffort" => best_effort,
            "NotBestEffort" => !best_effort,
            "Terminating" => terminating,
            "NotTerminating" => !terminating,
            "PriorityClass" => {
                let has = values.iter().any(|v| v.as_str() == Some(class));
                return match op {
                    "In" => has,
                    "NotIn" => !has,
                    "Exists" => !class.is_empty(),
                    "DoesNotExist" => class.is_empty(),
                    _ => false,
                };
            }
            _ => false,
        };
        match op {
            "DoesNotExist" | "NotIn" => !m,
            _ => m,
        }
    };
    scopes.iter().all(|s| scope_matches(s, "Exists", &[]))
        && selector.iter().all(|e| {
            scope_matches(
                str_at(e, "/scopeName"),
                str_at(e, "/operator"),
                arr_at(e, "/values"),
            )
        })
}

/// The usage of a quota's namespace for the resources in `hard`.
pub(crate) fn namespace_usage(c: &Cluster, quota: &Value, hard: &Usage) -> Usage {
    let ns = crate::namespace_of(quota);
    let mut plurals: Vec<&'static str> = hard.keys().filter_map(|r| tracked_plural(r)).collect();
    crate::sort::sort(&mut plurals);
    plurals.dedup();
    let mut used = Usage::new();
    // Counting pods alone needs no look at their containers.
    let counts_only = hard
        .keys()
        .all(|k| k == "pods" || k == "count/pods" || tracked_plural(k) != Some("pods"));
    for plural in plurals {
        for obj in c.store.list(plural, Some(ns)) {
            if !in_scope(quota, plural, obj) {
                continue;
            }
            if plural == "pods" && counts_only {
                let mut u = vec![("count/pods", Qty::count(1))];
                if pod_counts(obj) {
                    u.push(("pods", Qty::count(1)));
                }
                for (k, q) in u {
                    if hard.contains_key(k) {
                        add_to(&mut used, k, q);
                    }
                }
                continue;
            }
            for (k, q) in object_usage(plural, obj) {
                if hard.contains_key(&k) {
                    add_to(&mut used, &k, q);
                }
            }
        }
    }
    // Every hard resource has a used value, zero when nothing counts.
    for k in hard.keys() {
        if !used.contains_key(k) {
            used.insert(k.clone(), Qty::count(0));
        }
    }
    used
}

/// A resource list as JSON (canonical quantities).
pub(crate) fn to_json(u: &Usage) -> Value {
    let mut m = Map::new();
    for (k, q) in u {
        m.insert(k.clone(), json!(q.canonical()));
    }
    Value::Object(m)
}

/// `k=v` pairs joined by commas, in name order (the admission's
/// prettyPrint).
pub(crate) fn pretty(u: &Usage) -> String {
    u.iter()
        .map(|(k, q)| format!("{k}={}", q.canonical()))
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn reconcile(c: &mut Cluster) {
    if c.store.count("resourcequotas") == 0 {
        return;
    }
    for (ns, name) in c.store.keys("resourcequotas") {
        let Some(q) = c.store.get("resourcequotas", &ns, &name) else {
            continue;
        };
        let hard = resource_list(q.pointer("/spec/hard"));
        let mut inputs: Vec<(&'static str, &str)> = hard
            .keys()
            .filter_map(|r| tracked_plural(r))
            .map(|p| (p, ns.as_str()))
            .collect();
        crate::sort::sort(&mut inputs);
        inputs.dedup();
        c.memo_sync(
            "resourcequota",
            "resourcequotas",
            &ns,
            &name,
            &inputs,
            |c| sync_one(c, &ns, &name),
        );
    }
}

/// Writes `status.hard` (the spec's) and `status.used` (recounted).
fn sync_one(c: &mut Cluster, ns: &str, name: &str) {
    let Some(q) = c.store.get("resourcequotas", ns, name).cloned() else {
        return;
    };
    let hard = resource_list(q.pointer("/spec/hard"));
    let used = namespace_usage(c, &q, &hard);
    let mut new = q.clone();
    new["status"] = json!({"hard": to_json(&hard), "used": to_json(&used)});
    c.put_if_changed("resourcequotas", new);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        Qty::parse(s).map(Qty::canonical).unwrap_or_default()
    }

    #[test]
    fn quantities_print_as_kubernetes_canonicalises_them() {
        assert_eq!(canon("2000m"), "2");
        assert_eq!(canon("1500m"), "1500m");
        assert_eq!(canon("0.5"), "500m");
        assert_eq!(canon("1Gi"), "1Gi");
        assert_eq!(canon("1536Mi"), "1536Mi");
        assert_eq!(canon("100M"), "100M");
        assert_eq!(canon("2000"), "2k");
        assert_eq!(canon("512"), "512");
        assert_eq!(canon("0"), "0");
        assert_eq!(canon("1e3"), "1e3");
        let a = Qty::parse("64Mi").unwrap_or(Qty::count(0));
        let b = Qty::parse("100M").unwrap_or(Qty::count(0));
        assert_eq!(a.add(b).canonical(), "167108864");
        assert_eq!(b.add(a).canonical(), "167108864");
        assert_eq!(a.add(a).canonical(), "128Mi");
        assert_eq!(Qty::count(0).add(a).canonical(), "64Mi");
        assert!(Qty::parse("abc").is_none());
        assert!(Qty::parse("1.2.3").is_none());
        assert!(Qty::parse("99999999999999999999999999999999999Ei").is_none());
    }

    #[test]
    fn constraints_name_each_missing_resource_and_container() {
        let pod = json!({"spec": {"containers": [
            {"name": "web", "resources": {"requests": {"cpu": "1"}}},
            {"name": "db"}
        ]}});
        let hard = resource_list(Some(
            &json!({"requests.cpu": "2", "limits.memory": "1Gi", "pods": "3"}),
        ));
        assert_eq!(
            pod_constraints(&pod, &hard).as_deref(),
            Some("must specify limits.memory for: db,web; requests.cpu for: db")
        );
    }
}
