//! Node maintenance: `cordon`, `uncordon`, `taint`; and `top`, which on a
//! Docker Desktop cluster (no metrics-server) answers as it does there.

use super::{api_message, targets, K};
use crate::engine::{self, Selector};
use serde_json::{json, Value};

/// The nodes named (or selected with `-l`, or all with `--all`).
fn nodes(k: &mut K<'_, '_, '_>, names: &[String]) -> Result<Vec<Value>, i32> {
    let Some(rt) = cluster::resources::resolve("nodes") else {
        return Err(1);
    };
    let selector_text = k.flags.str("selector");
    if names.is_empty() {
        if selector_text.is_empty() && !(k.flags.has("all") && k.flags.bool("all")) {
            return Err(k.fail("resource(s) were provided, but no name was specified"));
        }
        let sel = match Selector::parse(&selector_text) {
            Ok(s) => s,
            Err(e) => return Err(k.fail(&e)),
        };
        return Ok(engine::list(k.ctx.cluster, rt, None)
            .into_iter()
            .filter(|n| sel.matches(n))
            .collect());
    }
    let mut out = Vec::new();
    for n in names {
        match engine::get(k.ctx.cluster, rt, "", n) {
            Ok(o) => out.push(o),
            Err(e) => return Err(k.api_fail(&e)),
        }
    }
    Ok(out)
}

fn cordon(k: &mut K<'_, '_, '_>, on: bool) -> i32 {
    let names = k.flags.args.clone();
    let list = match nodes(k, &names) {
        Ok(l) => l,
        Err(c) => return c,
    };
    let (done, verb) = if on {
        ("cordoned", "cordoned")
    } else {
        ("uncordoned", "uncordoned")
    };
    let mut errs = Vec::new();
    for mut n in list {
        let name = crate::util::name(&n).to_string();
        if crate::util::b(&n, "/spec/unschedulable") == on {
            k.out(&format!("node/{name} already {done}\n"));
            continue;
        }
        if on {
            n["spec"]["unschedulable"] = json!(true);
        } else if let Some(spec) = n.get_mut("spec").and_then(Value::as_object_mut) {
            spec.remove("unschedulable");
        }
        match engine::update(k.ctx.cluster, n) {
            Ok(_) => k.out(&format!("node/{name} {verb}\n")),
            Err(e) => errs.push(api_message(&e)),
        }
    }
    super::print_errors(k, &errs)
}

fn taint(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let split = args
        .iter()
        .position(|a| a.contains('=') || a.contains(':') || a.ends_with('-'))
        .unwrap_or(args.len());
    let (res, specs) = args.split_at(split);
    if res.is_empty() {
        return k
            .fail("at least one resource name must be specified since 'all' parameter is not set");
    }
    if specs.is_empty() {
        return k.fail("at least one taint update is required");
    }
    let t = match targets(res) {
        Ok(t) => t,
        Err(e) => return k.fail(&e),
    };
    if t.items.iter().any(|(rt, _)| rt.plural != "nodes") {
        return k.fail("taints are only supported on nodes");
    }
    let names: Vec<String> = t.items.iter().filter_map(|(_, n)| n.clone()).collect();
    let list = match nodes(k, &names) {
        Ok(l) => l,
        Err(c) => return c,
    };
    // (key, value, effect, remove)
    let mut updates: Vec<(String, String, String, bool)> = Vec::new();
    for s in specs {
        let (body, remove) = match s.strip_suffix('-') {
            Some(b) => (b, true),
            None => (s.as_str(), false),
        };
        let (kv, effect) = match body.split_once(':') {
            Some((kv, e)) => (kv, e.to_string()),
            None if remove => (body, String::new()),
            None => return k.fail(&format!("invalid taint spec: {s}, unknown taint spec")),
        };
        if !effect.is_empty()
            && !matches!(
                effect.as_str(),
                "NoSchedule" | "PreferNoSchedule" | "NoExecute"
            )
        {
            return k.fail(&format!(
                "invalid taint spec: {s}, invalid taint effect: {effect}, unsupported taint effect"
            ));
        }
        let (key, value) = match kv.split_once('=') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (kv.to_string(), String::new()),
        };
        updates.push((key, value, effect, remove));
    }
    let overwrite = k.flags.bool("overwrite");
    let mut errs = Vec::new();
    for mut n in list {
        let name = crate::util::name(&n).to_string();
        let mut taints: Vec<Value> = crate::util::a(&n, "/spec/taints").to_vec();
        let mut any_removed = false;
        let mut failed = false;
        for (key, value, effect, remove) in &updates {
            let same = |t: &Value| {
                crate::util::s(t, "/key") == key
                    && (effect.is_empty() || crate::util::s(t, "/effect") == effect)
            };
            if *remove {
                let before = taints.len();
                taints.retain(|t| !same(t));
                if taints.len() == before {
                    let shown = if effect.is_empty() {
                        key.clone()
                    } else {
                        format!("{key}:{effect}")
                    };
                    errs.push(format!("taint \"{shown}\" not found"));
                    failed = true;
                } else {
                    any_removed = true;
                }
                continue;
            }
            if let Some(pos) = taints.iter().position(same) {
                if !overwrite {
                    errs.push(format!("node {name} already has {key} taint(s) with same effect(s) and --overwrite is false"));
                    failed = true;
                    continue;
                }
                taints.remove(pos);
            }
            let mut t = json!({"effect": effect, "key": key});
            if !value.is_empty() {
                t["value"] = json!(value);
            }
            taints.push(t);
        }
        if failed {
            continue;
        }
        if taints.is_empty() {
            if let Some(spec) = n.get_mut("spec").and_then(Value::as_object_mut) {
                spec.remove("taints");
            }
        } else {
            n["spec"]["taints"] = Value::Array(taints);
        }
        let adds = updates.iter().any(|u| !u.3);
        let verb = if any_removed && !adds {
            "untainted"
        } else {
            "tainted"
        };
        match engine::update(k.ctx.cluster, n) {
            Ok(_) => k.out(&format!("node/{name} {verb}\n")),
            Err(e) => errs.push(api_message(&e)),
        }
    }
    super::print_errors(k, &errs)
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    match k.cmd {
        "cordon" => cordon(k, true),
        "uncordon" => cordon(k, false),
        "taint" => taint(k),
        // Docker Desktop's cluster has no metrics-server.
        _ => k.fail("Metrics API not available"),
    }
}
