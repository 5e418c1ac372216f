//! `kubectl wait --for=condition=C|delete|jsonpath=...`: lets simulated
//! time pass (to each instant the engine has work due) until the condition
//! holds, or the timeout (30s by default) runs out.

use super::{targets, K};
use crate::engine::{self, Selector};
use cluster::ResourceType;
use serde_json::Value;

enum Cond {
    Condition { name: String, value: String },
    Delete,
    JsonPath { path: String, value: Option<String> },
}

fn parse_for(f: &str) -> Result<Cond, String> {
    if f == "delete" {
        return Ok(Cond::Delete);
    }
    if let Some(c) = f.strip_prefix("condition=") {
        let (name, value) = match c.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => (c.to_string(), "true".to_string()),
        };
        return Ok(Cond::Condition { name, value });
    }
    if let Some(j) = f.strip_prefix("jsonpath=") {
        // `{.status.phase}=Running`, or `.status.phase=Running`.
        let (path, value) = match j.rfind('}') {
            Some(p) => {
                let rest = &j[p + 1..];
                (
                    j[..=p].to_string(),
                    rest.strip_prefix('=').map(str::to_string),
                )
            }
            None => match j.split_once('=') {
                Some((p, v)) => (p.to_string(), Some(v.to_string())),
                None => (j.to_string(), None),
            },
        };
        return Ok(Cond::JsonPath { path, value });
    }
    Err(format!("unrecognized condition: \"{f}\""))
}

fn holds(cond: &Cond, obj: Option<&Value>) -> bool {
    match (cond, obj) {
        (Cond::Delete, o) => o.is_none(),
        (_, None) => false,
        (Cond::Condition { name, value }, Some(o)) => {
            crate::util::a(o, "/status/conditions").iter().any(|c| {
                crate::util::s(c, "/type").eq_ignore_ascii_case(name)
                    && crate::util::s(c, "/status").eq_ignore_ascii_case(value)
            })
        }
        (Cond::JsonPath { path, value }, Some(o)) => {
            let vals = crate::jsonpath::values(path, o).unwrap_or_default();
            match value {
                None => !vals.is_empty(),
                Some(v) => vals.iter().any(|x| crate::jsonpath::text_of(x) == *v),
            }
        }
    }
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let cond = match parse_for(&k.flags.str("for")) {
        Ok(c) => c,
        Err(e) => return k.fail(&e),
    };
    let args = k.flags.args.clone();
    if args.is_empty() && k.flags.list("filename").is_empty() {
        return k.fail(super::NO_RESOURCES);
    }
    let timeout = match crate::flags::parse_go_duration(&k.flags.str("timeout")) {
        Ok(t) => t,
        Err(e) => return k.fail(&e),
    };
    let ns = k.namespace();
    let all_ns = k.all_namespaces();
    let selector = match Selector::parse(&k.flags.str("selector")) {
        Ok(s) => s,
        Err(e) => return k.fail(&e),
    };
    let mut errs: Vec<String> = Vec::new();
    // (type, namespace, name)
    let mut items: Vec<(&'static ResourceType, String, String)> = Vec::new();
    if !k.flags.list("filename").is_empty() {
        let files = k.flags.list("filename");
        for i in super::apply::read_sources(k, &files, &mut errs) {
            let n = match crate::util::namespace(&i.obj) {
                "" => ns.clone(),
                x => x.to_string(),
            };
            items.push((i.rt, n, crate::util::name(&i.obj).to_string()));
        }
    } else {
        let t = match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        for (rt, name) in t.items {
            match name {
                Some(n) => match engine::get(k.ctx.cluster, rt, &ns, &n) {
                    Ok(_) => items.push((rt, ns.clone(), n)),
                    Err(e) => {
                        if matches!(cond, Cond::Delete) && e.reason == cluster::Reason::NotFound {
                            continue;
                        }
                        return k.api_fail(&e);
                    }
                },
                None => {
                    let scope = if all_ns { None } else { Some(ns.as_str()) };
                    for o in engine::list(k.ctx.cluster, rt, scope) {
                        if selector.matches(&o) {
                            items.push((
                                rt,
                                crate::util::namespace(&o).to_string(),
                                crate::util::name(&o).to_string(),
                            ));
                        }
                    }
                }
            }
        }
        if items.is_empty() && !matches!(cond, Cond::Delete) {
            return k.fail("no matching resources found");
        }
    }
    let deadline = k.ctx.cluster.now().plus_ms(timeout.max(0));
    for (rt, n_ns, name) in items {
        loop {
            let obj = engine::get(k.ctx.cluster, rt, &n_ns, &name).ok();
            if holds(&cond, obj.as_ref()) {
                k.out(&format!(
                    "{}/{name} condition met\n",
                    rt.qualified_kind_lower()
                ));
                break;
            }
            let now = k.ctx.cluster.now();
            if now >= deadline {
                errs.push(format!(
                    "timed out waiting for the condition on {}/{name}",
                    rt.qualified_plural()
                ));
                break;
            }
            let step = match k.ctx.cluster.next_due() {
                Some(t) if t < deadline => (t.0 - now.0).max(1),
                _ => deadline.0 - now.0,
            };
            k.ctx.cluster.advance(step);
        }
    }
    super::print_errors(k, &errs)
}
