//! More of kubectl's generators: `create serviceaccount`, `role`,
//! `clusterrole`, `rolebinding`, `clusterrolebinding`, `quota`, `pdb`,
//! `priorityclass` (the objects kubectl v1.32 builds, with its
//! validation messages), and `create token` (a TokenRequest: a JWT-shaped
//! token made from the cluster's deterministic ids).

use super::K;
use serde_json::{json, Map, Value};

/// The verbs kubectl knows for RBAC rules (others get a warning).
const VERBS: &[&str] = &[
    "*",
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "use",
    "bind",
    "escalate",
    "impersonate",
];

fn base(api: &str, kind: &str, name: &str) -> Value {
    json!({"apiVersion": api, "kind": kind, "metadata": {"name": name}})
}

pub fn serviceaccount(k: &mut K<'_, '_, '_>, name: String) -> Value {
    let _ = k;
    base("v1", "ServiceAccount", &name)
}

/// Rules from `--verb`, `--resource`, `--resource-name` and
/// `--non-resource-url`: one rule per API group (groups sorted), then one
/// for the URLs.
fn rules(k: &mut K<'_, '_, '_>, cluster_role: bool) -> Result<Value, String> {
    let verbs = k.flags.list("verb");
    let resources = k.flags.list("resource");
    let names = k.flags.list("resource-name");
    let urls = if cluster_role {
        k.flags.list("non-resource-url")
    } else {
        Vec::new()
    };
    if verbs.is_empty() {
        return Err("at least one verb must be specified".into());
    }
    if resources.is_empty() && urls.is_empty() {
        return Err(if cluster_role {
            "one of resource or nonResourceURL must be specified".into()
        } else {
            "at least one resource must be specified".into()
        });
    }
    for v in &verbs {
        if !VERBS.contains(&v.as_str()) {
            k.err(&format!("Warning: '{v}' is not a standard resource verb\n"));
        }
    }
    let mut groups: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in &resources {
        let (res, sub) = match r.split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (r.as_str(), None),
        };
        let (word, group_hint) = match res.split_once('.') {
            Some((w, g)) => (w, Some(g)),
            None => (res, None),
        };
        let rt = cluster::resources::resolve(word)
            .filter(|rt| group_hint.is_none_or(|g| rt.group == g))
            .ok_or_else(|| format!("the server doesn't have a resource type \"{res}\""))?;
        let mut plural = rt.plural.to_string();
        if let Some(s) = sub {
            plural = format!("{plural}/{s}");
        }
        let list = groups.entry(rt.group.to_string()).or_default();
        if !list.contains(&plural) {
            list.push(plural);
        }
    }
    let mut out = Vec::new();
    for (g, res) in groups {
        let mut rule = Map::new();
        rule.insert("apiGroups".into(), json!([g]));
        if !names.is_empty() {
            rule.insert("resourceNames".into(), json!(names));
        }
        rule.insert("resources".into(), json!(res));
        rule.insert("verbs".into(), json!(verbs));
        out.push(Value::Object(rule));
    }
    if !urls.is_empty() {
        out.push(json!({"nonResourceURLs": urls, "verbs": verbs}));
    }
    Ok(Value::Array(out))
}

pub fn role(k: &mut K<'_, '_, '_>, name: String, cluster_role: bool) -> Result<Value, String> {
    let kind = if cluster_role { "ClusterRole" } else { "Role" };
    let mut obj = base("rbac.authorization.k8s.io/v1", kind, &name);
    let agg = if cluster_role {
        k.flags.str("aggregation-rule")
    } else {
        String::new()
    };
    if !agg.is_empty() {
        let mut labels = Map::new();
        for pair in agg.split(',') {
            match pair.split_once('=') {
                Some((key, v)) => {
                    labels.insert(key.to_string(), json!(v));
                }
                None => return Err(format!("invalid aggregation rule: {agg}")),
            }
        }
        obj["aggregationRule"] = json!({"clusterRoleSelectors": [{"matchLabels": labels}]});
        obj["rules"] = Value::Null;
        return Ok(obj);
    }
    obj["rules"] = rules(k, cluster_role)?;
    Ok(obj)
}

pub fn binding(k: &mut K<'_, '_, '_>, name: String, cluster: bool) -> Result<Value, String> {
    let role = if cluster {
        String::new()
    } else {
        k.flags.str("role")
    };
    let cluster_role = k.flags.str("clusterrole");
    if !cluster && (role.is_empty() == cluster_role.is_empty()) {
        return Err("exactly one of clusterrole or role must be specified".into());
    }
    let kind = if cluster {
        "ClusterRoleBinding"
    } else {
        "RoleBinding"
    };
    let mut obj = base("rbac.authorization.k8s.io/v1", kind, &name);
    let (ref_kind, ref_name) = if role.is_empty() {
        ("ClusterRole", cluster_role)
    } else {
        ("Role", role)
    };
    obj["roleRef"] =
        json!({"apiGroup": "rbac.authorization.k8s.io", "kind": ref_kind, "name": ref_name});
    let mut subjects = Vec::new();
    for u in k.flags.list("user") {
        subjects.push(json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": u}));
    }
    for g in k.flags.list("group") {
        subjects.push(json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": g}));
    }
    for sa in k.flags.list("serviceaccount") {
        match sa.split_once(':') {
            Some((ns, n)) if !ns.is_empty() && !n.is_empty() && !n.contains(':') => {
                subjects.push(json!({"kind": "ServiceAccount", "name": n, "namespace": ns}));
            }
            _ => return Err("serviceaccount must be <namespace>:<name>".into()),
        }
    }
    if !subjects.is_empty() {
        obj["subjects"] = Value::Array(subjects);
    }
    Ok(obj)
}

pub fn quota(k: &mut K<'_, '_, '_>, name: String) -> Result<Value, String> {
    let mut obj = base("v1", "ResourceQuota", &name);
    let mut spec = Map::new();
    let hard = k.flags.str("hard");
    if !hard.is_empty() {
        let mut m = Map::new();
        for pair in hard.split(',') {
            let Some((key, v)) = pair
                .split_once('=')
                .filter(|(a, b)| !a.is_empty() && !b.is_empty())
            else {
                return Err(format!(
                    "Invalid argument syntax {pair}, expected <resource>=<value>"
                ));
            };
            m.insert(key.to_string(), json!(super::set::canonical_quantity(v)?));
        }
        spec.insert("hard".into(), Value::Object(m));
    }
    let scopes = k.flags.str("scopes");
    if !scopes.is_empty() {
        let list: Vec<&str> = scopes.split(',').collect();
        spec.insert("scopes".into(), json!(list));
    }
    obj["spec"] = Value::Object(spec);
    obj["status"] = json!({});
    Ok(obj)
}

/// An intstr as kubectl reads it: an integer, or a percentage.
fn int_or_percent(v: &str) -> Option<Value> {
    if let Ok(n) = v.parse::<i32>() {
        return Some(json!(n));
    }
    let digits = v.strip_suffix('%')?;
    digits.parse::<i32>().ok().map(|_| json!(v))
}

pub fn pdb(k: &mut K<'_, '_, '_>, name: String) -> Result<Value, String> {
    let selector = k.flags.str("selector");
    if selector.is_empty() {
        return Err("a selector must be specified".into());
    }
    let min = k.flags.str("min-available");
    let max = k.flags.str("max-unavailable");
    if min.is_empty() && max.is_empty() {
        return Err("one of min-available or max-unavailable must be specified".into());
    }
    if !min.is_empty() && !max.is_empty() {
        return Err("min-available and max-unavailable cannot be both specified".into());
    }
    cluster::selector::Selector::parse(&selector)?;
    let mut spec = Map::new();
    if !min.is_empty() {
        let v = int_or_percent(&min).ok_or("invalid format specified for min-available")?;
        spec.insert("minAvailable".into(), v);
    } else {
        let v = int_or_percent(&max).ok_or("invalid format specified for max-unavailable")?;
        spec.insert("maxUnavailable".into(), v);
    }
    spec.insert("selector".into(), label_selector(&selector)?);
    let mut obj = base("policy/v1", "PodDisruptionBudget", &name);
    obj["spec"] = Value::Object(spec);
    obj["status"] = json!({"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0});
    Ok(obj)
}

pub fn priorityclass(k: &mut K<'_, '_, '_>, name: String) -> Result<Value, String> {
    let mut obj = base("scheduling.k8s.io/v1", "PriorityClass", &name);
    let value = k.flags.int("value");
    obj["value"] = json!(value);
    if k.flags.bool("global-default") {
        obj["globalDefault"] = json!(true);
    }
    let d = k.flags.str("description");
    if !d.is_empty() {
        obj["description"] = json!(d);
    }
    let p = k.flags.str("preemption-policy");
    obj["preemptionPolicy"] = json!(if p.is_empty() {
        "PreemptLowerPriority".to_string()
    } else {
        p
    });
    Ok(obj)
}

/// base64url without padding (a JWT's segments).
fn b64url(data: &[u8]) -> String {
    super::create::base64(data)
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

/// `kubectl create token SA`: a TokenRequest's token, RS256-shaped, for
/// the service account (which must exist), valid for `--duration`
/// (default one hour, the API server's minimum is 10 minutes).
pub fn token(k: &mut K<'_, '_, '_>, name: String) -> i32 {
    let ns = k.namespace();
    let Some(sa) = k
        .ctx
        .cluster
        .store()
        .get("serviceaccounts", &ns, &name)
        .cloned()
    else {
        k.err(&format!(
            "error: failed to create token: serviceaccounts \"{name}\" not found\n"
        ));
        return 1;
    };
    let dur = k.flags.str("duration");
    let ms = match crate::flags::parse_go_duration(&dur) {
        Ok(ms) => ms,
        Err(_) => {
            return k.fail(&format!(
            "invalid argument \"{dur}\" for \"--duration\" flag: time: invalid duration \"{dur}\""
        ))
        }
    };
    if ms < 0 {
        return k.fail("--duration must be positive");
    }
    if ms % 1000 != 0 {
        return k.fail("--duration must be an even multiple of 1s");
    }
    let secs = if ms == 0 { 3600 } else { ms / 1000 };
    if secs < 600 {
        k.err(&format!("error: failed to create token: TokenRequest.authentication.k8s.io \"{name}\" is invalid: spec.expirationSeconds: Invalid value: {secs}: may not specify a duration less than 10 minutes\n"));
        return 1;
    }
    let mut audiences = k.flags.list("audience");
    if audiences.is_empty() {
        audiences.push("https://kubernetes.default.svc.cluster.local".into());
    }
    let now = k.ctx.cluster.now().secs();
    let uid = crate::util::s(&sa, "/metadata/uid").to_string();
    // The token's own id and key id: derived from what it names and when,
    // so the same session makes the same token.
    let seed = format!("{ns}/{name}/{uid}/{now}");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut next = || {
        for b in seed.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        h = h.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15;
        h
    };
    let mut jti_bytes = Vec::new();
    for _ in 0..2 {
        jti_bytes.extend_from_slice(&next().to_be_bytes());
    }
    let hex: String = jti_bytes.iter().map(|b| format!("{b:02x}")).collect();
    let jti = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    let mut kid_bytes = Vec::new();
    for _ in 0..4 {
        kid_bytes.extend_from_slice(&next().to_be_bytes());
    }
    let header = format!("{{\"alg\":\"RS256\",\"kid\":\"{}\"}}", b64url(&kid_bytes));
    let aud: Vec<String> = audiences.iter().map(|a| format!("\"{a}\"")).collect();
    let payload = format!(
        "{{\"aud\":[{}],\"exp\":{},\"iat\":{now},\"iss\":\"https://kubernetes.default.svc.cluster.local\",\"jti\":\"{jti}\",\"kubernetes.io\":{{\"namespace\":\"{ns}\",\"serviceaccount\":{{\"name\":\"{name}\",\"uid\":\"{uid}\"}}}},\"nbf\":{now},\"sub\":\"system:serviceaccount:{ns}:{name}\"}}",
        aud.join(","),
        now + secs
    );
    let mut sig = Vec::new();
    for _ in 0..32 {
        sig.extend_from_slice(&next().to_be_bytes());
    }
    k.out(&format!(
        "{}.{}.{}\n",
        b64url(header.as_bytes()),
        b64url(payload.as_bytes()),
        b64url(&sig)
    ));
    0
}

/// metav1.ParseToLabelSelector: `k=v` into matchLabels, the set-based
/// forms into matchExpressions.
fn label_selector(text: &str) -> Result<Value, String> {
    let parts = crate::util::selector_terms(text);
    let mut labels = Map::new();
    let mut exprs = Vec::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let set = |rest: &str| -> Vec<String> {
            rest.trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        };
        if p.contains("!=") {
            return Err("\"!=\" is not a valid label selector operator".into());
        } else if let Some((key, v)) = p.split_once("==").or_else(|| p.split_once('=')) {
            labels.insert(key.trim().to_string(), json!(v.trim()));
        } else if let Some((key, rest)) = p.split_once(" notin ") {
            exprs.push(json!({"key": key.trim(), "operator": "NotIn", "values": set(rest)}));
        } else if let Some((key, rest)) = p.split_once(" in ") {
            exprs.push(json!({"key": key.trim(), "operator": "In", "values": set(rest)}));
        } else if let Some(key) = p.strip_prefix('!') {
            exprs.push(json!({"key": key.trim(), "operator": "DoesNotExist"}));
        } else {
            exprs.push(json!({"key": p, "operator": "Exists"}));
        }
    }
    let mut sel = Map::new();
    if !labels.is_empty() {
        sel.insert("matchLabels".into(), Value::Object(labels));
    }
    if !exprs.is_empty() {
        sel.insert("matchExpressions".into(), Value::Array(exprs));
    }
    Ok(Value::Object(sel))
}
