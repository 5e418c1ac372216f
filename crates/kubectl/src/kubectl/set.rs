//! `kubectl set env` and `kubectl set resources`: changes to the containers
//! of a pod template (or a pod), found as kubectl finds them (`TYPE NAME`,
//! `TYPE/NAME`, `--all`, `-l`, `-f`, `--local -f`), with `-c` choosing
//! containers by glob (`*` by default).
//!
//! `set env`: `KEY=VALUE`, `KEY-` (remove), `-e`, `--from=configmap/NAME|
//! secret/NAME` (every key, or `--keys`, as `valueFrom` references named
//! by kubectl's keyToEnvName, with `--prefix`), `--overwrite=false`,
//! `--list` (`# Kind name, container c` and `KEY=value` or `# KEY from
//! configmap x, key y`). Unchanged objects print nothing.
//!
//! `set resources`: `--limits`/`--requests` as `name=quantity,...`, the
//! quantities written in Kubernetes' canonical form (`0.5` -> `500m`,
//! `1024Mi` -> `1Gi`).
//!
//! `set selector`: a Service's selector replaced (equality requirements
//! only, as metav1.ParseToLabelSelector reads them). `set subject`: users,
//! groups and service accounts added to RoleBindings and
//! ClusterRoleBindings.

use super::get::{output_format, Format};
use super::{api_message, targets, K};
use crate::engine::{self, Selector};
use crate::util::{a, name, s};
use cluster::ResourceType;
use serde_json::{json, Value};

/// Where a kind keeps its pod spec.
fn pod_spec_pointer(rt: &ResourceType) -> Option<&'static str> {
    match rt.plural {
        "pods" => Some("/spec"),
        "cronjobs" => Some("/spec/jobTemplate/spec/template/spec"),
        "deployments"
        | "replicasets"
        | "statefulsets"
        | "daemonsets"
        | "jobs"
        | "replicationcontrollers" => Some("/spec/template/spec"),
        _ => None,
    }
}

/// The objects named by the resource arguments, `--all`, `-l` or `-f`.
fn objects(
    k: &mut K<'_, '_, '_>,
    res: &[String],
) -> Result<Vec<(&'static ResourceType, Value)>, i32> {
    let files = k.flags.list("filename");
    let local = k.flags.bool("local");
    if files.is_empty() && res.is_empty() {
        return Err(k.fail(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        ));
    }
    if local && files.is_empty() {
        return Err(k.fail(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        ));
    }
    let mut out = Vec::new();
    if !files.is_empty() {
        let mut errs = Vec::new();
        let infos = super::apply::read_sources(k, &files, &mut errs);
        if !errs.is_empty() {
            return Err(super::print_errors(k, &errs));
        }
        for i in infos {
            if local {
                out.push((i.rt, i.obj));
                continue;
            }
            let ns = match crate::util::namespace(&i.obj) {
                "" => k.namespace(),
                n => n.to_string(),
            };
            match engine::get(k.ctx.cluster, i.rt, &ns, name(&i.obj)) {
                Ok(o) => out.push((i.rt, o)),
                Err(e) => return Err(k.api_fail(&e)),
            }
        }
        return Ok(out);
    }
    let ns = k.namespace();
    let t = match targets(res) {
        Ok(t) => t,
        Err(e) => return Err(k.fail(&e)),
    };
    let selector_text = k.flags.str("selector");
    let selector = match Selector::parse(&selector_text) {
        Ok(s) => s,
        Err(e) => return Err(k.fail(&e)),
    };
    let all = k.flags.bool("all");
    for (rt, n) in t.items {
        match n {
            Some(n) => match engine::get(k.ctx.cluster, rt, &ns, &n) {
                Ok(o) => out.push((rt, o)),
                Err(e) => return Err(k.api_fail(&e)),
            },
            None if all || !selector_text.is_empty() => {
                for o in engine::list(k.ctx.cluster, rt, Some(&ns)) {
                    if selector.matches(&o) {
                        out.push((rt, o));
                    }
                }
            }
            None => {
                return Err(k.fail("resource(s) were provided, but no name was specified"));
            }
        }
    }
    Ok(out)
}

/// filepath.Match with `*` and `?` (container names hold no `/`).
fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('*', rest)) => (0..=t.len()).any(|i| go(rest, &t[i..])),
            Some(('?', rest)) => !t.is_empty() && go(rest, &t[1..]),
            Some((c, rest)) => t.first() == Some(c) && go(rest, &t[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    go(&p, &t)
}

/// Prints a changed object (or its `-o` form), or records the write's error.
fn write(
    k: &mut K<'_, '_, '_>,
    rt: &'static ResourceType,
    obj: Value,
    what: &str,
    fmt: &Format,
    errs: &mut Vec<String>,
) {
    let label = format!("{}/{}", rt.qualified_kind_lower(), name(&obj));
    let local = k.flags.bool("local");
    let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    if local || dry {
        if matches!(fmt, Format::Table | Format::Wide) {
            let suffix = match k.flags.str("dry-run").as_str() {
                "server" => " (server dry run)",
                _ if dry => " (dry run)",
                _ => "",
            };
            k.out(&format!("{label} {what}{suffix}\n"));
        } else {
            super::go_order::print_typed(k, fmt, rt, obj);
        }
        return;
    }
    let mut obj = obj;
    if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("resourceVersion");
    }
    match engine::update(k.ctx.cluster, obj) {
        Ok(updated) => {
            if matches!(fmt, Format::Table | Format::Wide) {
                k.out(&format!("{label} {what}\n"));
            } else {
                super::go_order::print_typed(k, fmt, rt, updated);
            }
        }
        Err(e) => errs.push(api_message(&e)),
    }
}

// ---------------------------------------------------------------- set env

/// kubectl's IsEnvVarName check.
fn env_name_ok(n: &str) -> bool {
    let mut chars = n.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || matches!(c, '-' | '.' | '_') => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

/// kubectl's keyToEnvName: `[^a-zA-Z0-9_]` becomes `_`, then upper case.
fn key_to_env_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Resource arguments first, then `KEY=VALUE` / `KEY-` changes.
fn split_env_args(args: &[String]) -> Result<(Vec<String>, Vec<String>), String> {
    let is_env = |a: &str| a.contains('=') || (a.ends_with('-') && a != "-");
    let mut res = Vec::new();
    let mut env = Vec::new();
    for a in args {
        if is_env(a) || a == "-" {
            env.push(a.clone());
        } else if !env.is_empty() {
            return Err(format!(
                "all resources must be specified before environment changes: {}",
                args.join(" ")
            ));
        } else {
            res.push(a.clone());
        }
    }
    Ok((res, env))
}

fn ref_string(from: &Value) -> String {
    if let Some(r) = from.get("configMapKeyRef") {
        return format!("configmap {}, key {}", s(r, "/name"), s(r, "/key"));
    }
    if let Some(r) = from.get("secretKeyRef") {
        return format!("secret {}, key {}", s(r, "/name"), s(r, "/key"));
    }
    if let Some(r) = from.get("fieldRef") {
        return format!("field path {}", s(r, "/fieldPath"));
    }
    if let Some(r) = from.get("resourceFieldRef") {
        let c = s(r, "/containerName");
        let res = s(r, "/resource");
        return if c.is_empty() {
            format!("resource {res}")
        } else {
            format!("resource {res}, container {c}")
        };
    }
    "invalid valueFrom".to_string()
}

pub fn env(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let (res, mut env_args) = match split_env_args(&args) {
        Ok(v) => v,
        Err(e) => return k.fail(&e),
    };
    let mut params = k.flags.list("env");
    params.append(&mut env_args);
    let list = k.flags.bool("list");
    let output = k.flags.str("output");
    if list && !output.is_empty() {
        return k.fail("--list and --output may not be specified together");
    }
    let from = k.flags.str("from");
    let keys = k.flags.list("keys");
    if !keys.is_empty() && from.is_empty() {
        return k
            .fail("when specifying --keys, a configmap or secret must be provided with --from");
    }
    let fmt = match output_format(&output) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    // The changes: (name, entry) to set, names to remove.
    let mut set: Vec<(String, Value)> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for p in &params {
        if p == "-" {
            return k.fail("\"kubectl set env -\" (reading variables from stdin) is not simulated in this playground");
        }
        if let Some((key, value)) = p.split_once('=') {
            if !env_name_ok(key) {
                return k.fail(&format!("{key:?} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"));
            }
            set.push((key.to_string(), json!({"name": key, "value": value})));
        } else if let Some(key) = p.strip_suffix('-') {
            remove.push(key.to_string());
        }
    }
    let ns = k.namespace();
    if !from.is_empty() {
        if k.flags.bool("local") {
            return k.fail("unsupported resource specified in --from");
        }
        let t = match targets(std::slice::from_ref(&from)) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        for (rt, n) in t.items {
            let Some(n) = n else {
                return k.fail("resource(s) were provided, but no name was specified");
            };
            let src = match engine::get(k.ctx.cluster, rt, &ns, &n) {
                Ok(o) => o,
                Err(e) => return k.api_fail(&e),
            };
            let (field, data) = match rt.plural {
                "configmaps" => ("configMapKeyRef", src.get("data")),
                "secrets" => ("secretKeyRef", src.get("data")),
                _ => return k.fail("unsupported resource specified in --from"),
            };
            // Go ranges over the map in random order; sorted here.
            let mut names: Vec<String> = data
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            cluster::sort::sort(&mut names);
            for key in names {
                if !keys.is_empty() && !keys.contains(&key) {
                    continue;
                }
                let env_name = key_to_env_name(&key);
                set.push((
                    env_name.clone(),
                    json!({"name": env_name, "valueFrom": {field: {"key": key, "name": n}}}),
                ));
            }
        }
    }
    let prefix = k.flags.str("prefix");
    if !prefix.is_empty() {
        for (n, v) in &mut set {
            *n = format!("{prefix}{n}");
            v["name"] = json!(n.clone());
        }
    }
    let objs = match objects(k, &res) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let pattern = k.flags.str("containers");
    let overwrite = k.flags.bool("overwrite");
    let mut errs = Vec::new();
    for (rt, mut obj) in objs {
        let Some(ptr) = pod_spec_pointer(rt) else {
            errs.push(format!(
                "error: {}/{} {} is not supported\n",
                rt.qualified_kind_lower(),
                name(&obj),
                rt.kind
            ));
            continue;
        };
        let kind = rt.kind;
        let obj_name = name(&obj).to_string();
        let before = obj.clone();
        let Some(containers) = obj
            .pointer_mut(&format!("{ptr}/containers"))
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        let mut matched = 0;
        let mut listing = String::new();
        let mut failed = None;
        for c in containers.iter_mut() {
            let cname = s(c, "/name").to_string();
            if !glob(&pattern, &cname) {
                continue;
            }
            matched += 1;
            let existing: Vec<Value> = a(c, "/env").to_vec();
            if !overwrite {
                for (n, v) in &set {
                    if let Some(cur) = existing.iter().find(|e| s(e, "/name") == n) {
                        if cur.get("value") != v.get("value") {
                            failed = Some(format!(
                                "{}/{obj_name}\n '{n}' already has a value ({}), and --overwrite is false",
                                rt.qualified_kind_lower(),
                                s(cur, "/value")
                            ));
                        }
                    }
                }
            }
            // kubectl's updateEnv: replaced in place, removed, new appended.
            let mut covered: Vec<String> = remove.clone();
            let mut out: Vec<Value> = Vec::new();
            for e in &existing {
                let n = s(e, "/name").to_string();
                if covered.contains(&n) {
                    continue;
                }
                if let Some((_, newer)) = set.iter().find(|(sn, _)| *sn == n) {
                    covered.push(n);
                    out.push(newer.clone());
                    continue;
                }
                out.push(e.clone());
            }
            for (n, v) in &set {
                if covered.contains(n) {
                    continue;
                }
                covered.push(n.clone());
                out.push(v.clone());
            }
            if list {
                listing.push_str(&format!("# {kind} {obj_name}, container {cname}\n"));
                for e in &out {
                    match e.get("valueFrom") {
                        None => {
                            listing.push_str(&format!("{}={}\n", s(e, "/name"), s(e, "/value")))
                        }
                        Some(from) => listing.push_str(&format!(
                            "# {} from {}\n",
                            s(e, "/name"),
                            ref_string(from)
                        )),
                    }
                }
            }
            if let Some(m) = c.as_object_mut() {
                if out.is_empty() {
                    m.remove("env");
                } else {
                    m.insert("env".to_string(), Value::Array(out));
                }
            }
        }
        if let Some(f) = failed {
            return k.fail(&f);
        }
        if matched == 0 {
            k.err(&format!(
                "Warning: {kind}/{obj_name} does not have any containers matching {pattern:?}\n"
            ));
            continue;
        }
        if list {
            k.out(&listing);
            continue;
        }
        if obj == before {
            continue;
        }
        write(k, rt, obj, "env updated", &fmt, &mut errs);
    }
    super::print_errors(k, &errs)
}

// ---------------------------------------------------------- set resources

/// A quantity as an exact value: `mantissa * 10^exp10 * 1024^exp1024`.
#[derive(Debug, PartialEq)]
struct Quantity {
    negative: bool,
    digits: u128,
    exp10: i32,
    exp1024: u32,
    format: QFormat,
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum QFormat {
    DecimalSi,
    BinarySi,
    DecimalExponent,
}

/// A quantity in the canonical form the API machinery writes it in
/// (`create quota --hard`).
pub(super) fn canonical_quantity(text: &str) -> Result<String, String> {
    parse_quantity(text).map(|q| q.canonical())
}

const QUANTITY_RE: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

fn parse_quantity(text: &str) -> Result<Quantity, String> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let negative = text.starts_with('-');
    let num_len = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (num, suffix) = body.split_at(num_len);
    let shape_ok = !num.is_empty()
        && suffix
            .trim_start_matches(|c: char| "eEinumkKMGTP".contains(c))
            .trim_start_matches(['+', '-'])
            .chars()
            .all(|c| c.is_ascii_digit());
    if !shape_ok {
        return Err(format!(
            "quantities must match the regular expression '{QUANTITY_RE}'"
        ));
    }
    let (int_part, frac) = num.split_once('.').unwrap_or((num, ""));
    if num.matches('.').count() > 1 || (int_part.is_empty() && frac.is_empty()) {
        return Err("quantities must match the regular expression".to_string()
            + &format!(" '{QUANTITY_RE}'"));
    }
    let all = format!("{int_part}{frac}");
    let all = all.trim_start_matches('0');
    let digits: u128 = if all.is_empty() {
        0
    } else {
        all.parse()
            .map_err(|_| "quantity is too great".to_string())?
    };
    let mut exp10 = -(frac.len() as i32);
    let mut exp1024 = 0;
    let format = match suffix {
        "" => QFormat::DecimalSi,
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
            exp1024 = match suffix {
                "Ki" => 1,
                "Mi" => 2,
                "Gi" => 3,
                "Ti" => 4,
                "Pi" => 5,
                _ => 6,
            };
            QFormat::BinarySi
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
            QFormat::DecimalSi
        }
        e if e.starts_with(['e', 'E']) => {
            let n: i32 = e[1..]
                .parse()
                .map_err(|_| "unable to parse quantity's suffix".to_string())?;
            exp10 = exp10
                .checked_add(n)
                .ok_or_else(|| "unable to parse quantity's suffix".to_string())?;
            QFormat::DecimalExponent
        }
        _ => return Err("unable to parse quantity's suffix".to_string()),
    };
    Ok(Quantity {
        negative: negative && digits != 0,
        digits,
        exp10,
        exp1024,
        format,
    })
}

impl Quantity {
    /// Kubernetes' canonical text of the quantity.
    fn canonical(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        if self.digits == 0 {
            return "0".to_string();
        }
        // The value as an integer times 10^e (e may be negative).
        let mut d = self.digits;
        let mut e = self.exp10;
        for _ in 0..self.exp1024 {
            d = d.saturating_mul(1024);
        }
        while d > 0 && d.is_multiple_of(10) {
            d /= 10;
            e += 1;
        }
        if self.format == QFormat::BinarySi && e >= 0 {
            // A whole number of bytes: the largest binary suffix dividing it.
            let mut v = d;
            for _ in 0..e {
                v = v.saturating_mul(10);
            }
            let mut i = 0;
            while i < 6 && v.is_multiple_of(1024) && v >= 1024 {
                v /= 1024;
                i += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][i];
            return format!("{sign}{v}{suffix}");
        }
        // Decimal: the largest multiple-of-3 exponent (down to n) that keeps
        // the mantissa whole.
        let mut exp3 = e.div_euclid(3) * 3;
        if exp3 < -9 {
            exp3 = -9;
        }
        let mut mant = d;
        for _ in 0..(e - exp3).max(0) {
            mant = mant.saturating_mul(10);
        }
        if e < -9 {
            // Smaller than a nano: rounded up to 1n as Kubernetes does.
            mant = 1;
        }
        if self.format == QFormat::DecimalExponent {
            return if exp3 == 0 {
                format!("{sign}{mant}")
            } else {
                format!("{sign}{mant}e{exp3}")
            };
        }
        let suffix = match exp3 {
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
        if exp3 > 18 {
            let mut m = mant;
            for _ in 0..(exp3 - 18) {
                m = m.saturating_mul(10);
            }
            return format!("{sign}{m}E");
        }
        format!("{sign}{mant}{suffix}")
    }
}

/// `cpu=200m,memory=512Mi` into (name, canonical quantity).
fn parse_resource_list(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        let Some((n, q)) = part.split_once('=') else {
            return Err(format!("invalid argument syntax {part}"));
        };
        let q = parse_quantity(q)?;
        out.push((n.to_string(), q.canonical()));
    }
    Ok(out)
}

pub fn resources(k: &mut K<'_, '_, '_>) -> i32 {
    let limits_text = k.flags.str("limits");
    let requests_text = k.flags.str("requests");
    let args = k.flags.args.clone();
    if args.is_empty() && k.flags.list("filename").is_empty() {
        return k.fail(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        );
    }
    if limits_text.is_empty() && requests_text.is_empty() {
        return k.fail(
            "you must specify an update to requests or limits (in the form of --requests/--limits)",
        );
    }
    let limits = match parse_resource_list(&limits_text) {
        Ok(l) => l,
        Err(e) => return k.fail(&e),
    };
    let requests = match parse_resource_list(&requests_text) {
        Ok(l) => l,
        Err(e) => return k.fail(&e),
    };
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let objs = match objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let pattern = k.flags.str("containers");
    let mut errs = Vec::new();
    for (rt, mut obj) in objs {
        let Some(ptr) = pod_spec_pointer(rt) else {
            errs.push(format!(
                "error: {}/{} {} is not supported",
                rt.qualified_kind_lower(),
                name(&obj),
                rt.kind
            ));
            continue;
        };
        let before = obj.clone();
        let mut matched = false;
        if let Some(containers) = obj
            .pointer_mut(&format!("{ptr}/containers"))
            .and_then(Value::as_array_mut)
        {
            for c in containers.iter_mut() {
                if !glob(&pattern, s(c, "/name")) {
                    continue;
                }
                matched = true;
                for (field, list) in [("limits", &limits), ("requests", &requests)] {
                    if list.is_empty() {
                        continue;
                    }
                    let res = &mut c["resources"];
                    if !res.is_object() {
                        *res = json!({});
                    }
                    let entry = &mut res[field];
                    if !entry.is_object() {
                        *entry = json!({});
                    }
                    for (n, q) in list {
                        entry[n.as_str()] = json!(q);
                    }
                }
            }
        }
        if !matched {
            return k.fail(&format!("unable to find container named {pattern}"));
        }
        if obj == before {
            continue;
        }
        write(k, rt, obj, "resource requirements updated", &fmt, &mut errs);
    }
    super::print_errors(k, &errs)
}

// ---------------------------------------------------- set serviceaccount

/// `kubectl set serviceaccount (-f FILE | TYPE NAME) SERVICE_ACCOUNT`: the
/// pod template's `serviceAccountName` (the last argument is the account).
pub fn serviceaccount(k: &mut K<'_, '_, '_>) -> i32 {
    let mut args = k.flags.args.clone();
    let Some(account) = args.pop() else {
        return k.fail("serviceaccount is required");
    };
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    if args.is_empty() && k.flags.list("filename").is_empty() {
        // The resource builder's answer to no resources at all.
        return k.fail(super::NO_RESOURCES);
    }
    let objs = match objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let mut errs = Vec::new();
    for (rt, mut obj) in objs {
        let Some(ptr) = pod_spec_pointer(rt) else {
            errs.push(format!(
                "error: {}/{} the object is not a pod or does not have a pod template: *v1.{}",
                rt.qualified_kind_lower(),
                name(&obj),
                rt.kind
            ));
            continue;
        };
        if let Some(spec) = obj.pointer_mut(ptr).and_then(Value::as_object_mut) {
            spec.insert("serviceAccountName".into(), json!(account));
        }
        write(k, rt, obj, "serviceaccount updated", &fmt, &mut errs);
    }
    super::print_errors(k, &errs)
}

// ------------------------------------------------ set selector / subject

/// The resource builder as `set selector` and `set subject` use it: `-f`
/// files (as they are with `--local`, else the live objects), or `TYPE
/// NAME`, `TYPE/NAME`, `TYPE --all`, `TYPE -l SEL`.
fn builder_objects(
    k: &mut K<'_, '_, '_>,
    res: &[String],
) -> Result<Vec<(&'static ResourceType, Value)>, i32> {
    let files = k.flags.list("filename");
    let local = k.flags.bool("local");
    if local && !res.is_empty() {
        return Err(k.fail("you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'"));
    }
    if files.is_empty() && (res.is_empty() || local) {
        return Err(k.fail(super::NO_RESOURCES));
    }
    objects(k, res)
}

/// The `-o` format of a command whose printers are kubectl's generic
/// ones (no table, so no `wide` or custom columns).
fn printer_format(k: &K<'_, '_, '_>) -> Result<Format, String> {
    match output_format(&super::get::requested_output(k))? {
        Format::Wide | Format::CustomColumns(_) => {
            let o = k.flags.str("output");
            Err(format!("unable to match a printer suitable for the output format \"{o}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"))
        }
        f => Ok(f),
    }
}

/// The live object's `resourceVersion`.
fn resource_version(obj: &Value) -> &str {
    s(obj, "/metadata/resourceVersion")
}

/// One requirement of a `set selector` expression as
/// metav1.ParseToLabelSelector sorts it: a `matchLabels` entry, or the
/// Go `%v` text of a match expression (`{app In [a b]}`).
enum SelectorPart {
    Label(String, String),
    Expression(String),
}

/// metav1.ParseToLabelSelector over a selector `labels.Parse` accepts.
fn parse_to_label_selector(text: &str) -> Result<Vec<SelectorPart>, String> {
    if let Err(e) = cluster::Selector::parse(text) {
        // labels.Parse's words: the requirement's own error, or what
        // follows a complete one.
        let inner = e
            .strip_suffix(&format!(" in {}", crate::gotemplate::go_quote(text)))
            .unwrap_or(&e);
        let inner = match inner
            .strip_prefix("unable to parse requirement: ")
            .and_then(|r| r.strip_suffix(", expected: ','"))
        {
            Some(found) => format!("{found}, expected: ',' or 'end of string'"),
            None if inner.ends_with("found '', expected: identifier")
                && text.trim_end().ends_with(',') =>
            {
                "found '', expected: identifier after ','".to_string()
            }
            None if inner.ends_with("found '', expected: '('") => {
                // The word after `in`/`notin` that is not a '('.
                let words: Vec<&str> = text
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|w| !w.is_empty())
                    .collect();
                let lit = words
                    .iter()
                    .position(|w| *w == "in" || *w == "notin")
                    .and_then(|i| words.get(i + 1))
                    .copied()
                    .unwrap_or("");
                format!("unable to parse requirement: found '{lit}' expected: '('")
            }
            None => inner.to_string(),
        };
        return Err(format!(
            "couldn't parse the selector string \"{text}\": {inner}"
        ));
    }
    // The syntax is valid: split it at the commas outside parentheses and
    // read each requirement's operator from its text.
    let parts = crate::util::selector_terms(text);
    let mut out = Vec::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if let Some(key) = p.strip_prefix('!') {
            out.push(SelectorPart::Expression(format!(
                "{{{} DoesNotExist []}}",
                key.trim()
            )));
            continue;
        }
        let end = p
            .find(|c: char| c.is_whitespace() || "!=<>(".contains(c))
            .unwrap_or(p.len());
        let (key, rest) = (p[..end].trim(), p[end..].trim_start());
        let values = |r: &str| -> String {
            let inner = r.trim().trim_start_matches('(').trim_end_matches(')');
            let mut v: Vec<&str> = inner
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            cluster::sort::sort(&mut v);
            v.dedup();
            v.join(" ")
        };
        if rest.starts_with("!=") {
            return Err("\"!=\" is not a valid label selector operator".into());
        } else if let Some(v) = rest.strip_prefix("==").or_else(|| rest.strip_prefix('=')) {
            out.push(SelectorPart::Label(key.to_string(), v.trim().to_string()));
        } else if rest.starts_with('>') {
            return Err("\"gt\" isn't supported in label selectors".into());
        } else if rest.starts_with('<') {
            return Err("\"lt\" isn't supported in label selectors".into());
        } else if let Some(r) = rest.strip_prefix("notin") {
            out.push(SelectorPart::Expression(format!(
                "{{{key} NotIn [{}]}}",
                values(r)
            )));
        } else if let Some(r) = rest.strip_prefix("in") {
            out.push(SelectorPart::Expression(format!(
                "{{{key} In [{}]}}",
                values(r)
            )));
        } else {
            out.push(SelectorPart::Expression(format!("{{{key} Exists []}}")));
        }
    }
    Ok(out)
}

/// `kubectl set selector (-f FILE | TYPE NAME) EXPRESSIONS`: a Service's
/// `spec.selector` replaced by the equality requirements (the last
/// argument); objects are visited in order and the first error stops.
pub fn selector(k: &mut K<'_, '_, '_>) -> i32 {
    let mut args = k.flags.args.clone();
    let expr = args.pop();
    let parts = match expr.as_deref().map(parse_to_label_selector) {
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return k.fail(&e),
        None => None,
    };
    let fmt = match printer_format(k) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let Some(parts) = parts else {
        return k.fail("one selector is required");
    };
    let objs = match builder_objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let rv = k.flags.str("resource-version");
    let local = k.flags.bool("local");
    let exprs: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            SelectorPart::Expression(e) => Some(e.as_str()),
            SelectorPart::Label(..) => None,
        })
        .collect();
    // Every object is visited; the errors come at the end.
    let mut errs = Vec::new();
    for (rt, mut obj) in objs {
        if rt.kind != "Service" {
            errs.push("setting a selector is only supported for Services".to_string());
            continue;
        }
        if !exprs.is_empty() {
            let list = exprs.join(" ");
            errs.push(format!(
                "match expression [{list}] not supported on this object"
            ));
            continue;
        }
        if !rv.is_empty() {
            if !local && resource_version(&obj) != rv {
                let n = name(&obj).to_string();
                errs.push(format!("Error from server (Conflict): Operation cannot be fulfilled on services \"{n}\": the object has been modified; please apply your changes to the latest version and try again"));
                continue;
            }
            if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                m.insert("resourceVersion".into(), json!(rv));
            }
        }
        let mut sel = serde_json::Map::new();
        for p in &parts {
            if let SelectorPart::Label(key, v) = p {
                sel.insert(key.clone(), json!(v));
            }
        }
        if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
            if sel.is_empty() {
                spec.remove("selector");
            } else {
                spec.insert("selector".into(), Value::Object(sel));
            }
        }
        write(k, rt, obj, "selector updated", &fmt, &mut errs);
    }
    super::print_errors(k, &errs)
}

/// `kubectl set subject (-f FILE | TYPE NAME) --user|--group|
/// --serviceaccount ...`: the subjects a RoleBinding or
/// ClusterRoleBinding lacks are added (users, then groups, then service
/// accounts, each sorted); an unchanged binding prints nothing.
pub fn subject(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let fmt = match printer_format(k) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let objs = match builder_objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    if k.flags.bool("all") && !k.flags.str("selector").is_empty() {
        return k.fail("cannot set --all and --selector at the same time");
    }
    let sorted = |mut v: Vec<String>| {
        cluster::sort::sort(&mut v);
        v.dedup();
        v
    };
    let users = sorted(k.flags.list("user"));
    let groups = sorted(k.flags.list("group"));
    let accounts = sorted(k.flags.list("serviceaccount"));
    if users.is_empty() && groups.is_empty() && accounts.is_empty() {
        return k.fail("you must specify at least one value of user, group or serviceaccount");
    }
    for sa in &accounts {
        let tokens: Vec<&str> = sa.split(':').collect();
        if tokens.len() != 2 || tokens[1].is_empty() {
            return k.fail("serviceaccount must be <namespace>:<name>");
        }
        if tokens[0].is_empty() && objs.iter().any(|(rt, _)| rt.kind == "ClusterRoleBinding") {
            return k
                .fail("serviceaccount must be <namespace>:<name>, namespace must be specified");
        }
    }
    let ns = k.namespace();
    let mut wanted: Vec<Value> = Vec::new();
    for u in &users {
        wanted.push(json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": u}));
    }
    for g in &groups {
        wanted.push(json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": g}));
    }
    for sa in &accounts {
        if let Some((n_s, n)) = sa.split_once(':') {
            let n_s = if n_s.is_empty() { ns.as_str() } else { n_s };
            wanted.push(json!({"kind": "ServiceAccount", "name": n, "namespace": n_s}));
        }
    }
    // Subjects compare as Go structs: every field, missing ones empty.
    let same = |a: &Value, b: &Value| {
        ["kind", "apiGroup", "name", "namespace"].iter().all(|f| {
            a.get(*f).and_then(Value::as_str).unwrap_or("")
                == b.get(*f).and_then(Value::as_str).unwrap_or("")
        })
    };
    let local = k.flags.bool("local");
    let mut errs: Vec<String> = Vec::new();
    for (rt, mut obj) in objs {
        if !matches!(rt.kind, "RoleBinding" | "ClusterRoleBinding") {
            // kubectl names a local object by its kind (with a stray
            // newline after a group's), a server's by its resource.
            let label = if !local {
                format!("{}/{}", rt.plural, name(&obj))
            } else if rt.group.is_empty() {
                format!("{}/{}", rt.kind.to_lowercase(), name(&obj))
            } else {
                format!("{}.{}/{}\n", rt.kind.to_lowercase(), rt.group, name(&obj))
            };
            errs.push(format!(
                "error: {label} setting subjects is only supported for RoleBinding/ClusterRoleBinding\n"
            ));
            continue;
        }
        let mut subjects = a(&obj, "/subjects").to_vec();
        let before = subjects.len();
        for w in &wanted {
            if !subjects.iter().any(|x| same(x, w)) {
                subjects.push(w.clone());
            }
        }
        if subjects.len() == before {
            continue;
        }
        if let Some(o) = obj.as_object_mut() {
            o.insert("subjects".into(), Value::Array(subjects));
        }
        let mut write_errs = Vec::new();
        write(k, rt, obj, "subjects updated", &fmt, &mut write_errs);
        for e in write_errs {
            errs.push(format!("failed to patch subjects to rolebinding: {e}\n"));
        }
    }
    match errs.as_slice() {
        [] => 0,
        [one] => {
            k.err(one);
            1
        }
        many => {
            for e in many {
                k.err(&format!("{e}\n"));
            }
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        parse_quantity(s)
            .map(|q| q.canonical())
            .unwrap_or_else(|e| e)
    }

    #[test]
    fn quantities_are_written_canonically() {
        assert_eq!(canon("200m"), "200m");
        assert_eq!(canon("0.5"), "500m");
        assert_eq!(canon("1000m"), "1");
        assert_eq!(canon("1500m"), "1500m");
        assert_eq!(canon("2000"), "2k");
        assert_eq!(canon("512Mi"), "512Mi");
        assert_eq!(canon("1024Mi"), "1Gi");
        assert_eq!(canon("1.5Gi"), "1536Mi");
        assert_eq!(canon("128974848"), "128974848");
        assert_eq!(canon("129e6"), "129e6");
        assert_eq!(canon("1"), "1");
        assert_eq!(canon("0"), "0");
        assert!(canon("abc").starts_with("quantities must match"));
        assert!(canon("5x").starts_with("quantities must match"));
        assert!(canon("1.5e-2147483648").starts_with("unable to parse"));
        assert_eq!(canon("1e999999999"), "1e999999999");
    }

    #[test]
    fn env_names_and_keys() {
        assert!(env_name_ok("MY_ENV.NAME"));
        assert!(!env_name_ok("1A"));
        assert_eq!(key_to_env_name("db-host.name"), "DB_HOST_NAME");
        assert!(glob("*", "nginx"));
        assert!(glob("ng*", "nginx"));
        assert!(!glob("app", "nginx"));
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (r, e) = split_env_args(&s(&["deploy/web", "A=1", "B-"])).unwrap();
        assert_eq!((r.len(), e.len()), (1, 2));
        assert!(split_env_args(&s(&["A=1", "deploy/web"]))
            .unwrap_err()
            .starts_with("all resources must be specified before environment changes"));
    }
}
