//! `kubectl label` and `kubectl annotate`: `key=value` sets, `key-`
//! removes; an existing different value needs `--overwrite`.

use super::get::{output_format, print_generic, Format};
use super::{api_message, targets, K};
use crate::engine::{self, Selector};
use serde_json::{Map, Value};

fn is_update(a: &str) -> bool {
    a.contains('=') || (a.ends_with('-') && a.len() > 1)
}

/// `field` is "labels" or "annotations".
pub fn run(k: &mut K<'_, '_, '_>, field: &str) -> i32 {
    let (noun, done, not_done) = if field == "labels" {
        ("label", "labeled", "not labeled")
    } else {
        ("annotation", "annotated", "annotated")
    };
    let args = k.flags.args.clone();
    let split = args.iter().position(|a| is_update(a)).unwrap_or(args.len());
    let (res_args, updates) = args.split_at(split);
    let files = k.flags.list("filename");
    let all = k.flags.bool("all");
    let selector_text = k.flags.str("selector");
    if res_args.is_empty() && files.is_empty() {
        return k.fail(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        );
    }
    if updates.is_empty() {
        return k.fail(&format!("at least one {noun} update is required"));
    }
    let mut set: Vec<(String, String)> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    for u in updates {
        match u.split_once('=') {
            // kubectl's parseLabels splits at every `=`.
            Some(_) if field == "labels" && u.matches('=').count() > 1 => {
                return k.fail(&format!("invalid label spec: {u}"));
            }
            Some(("", _)) => return k.fail(&format!("invalid {noun} spec: {u}")),
            Some((key, v)) => set.push((key.to_string(), v.to_string())),
            None => match u.strip_suffix('-') {
                Some(key) => remove.push(key.to_string()),
                None if field == "labels" => {
                    return k.fail(&format!("unknown label spec: {u}"));
                }
                None => return k.fail(&format!("invalid {noun} spec: {u}")),
            },
        }
    }
    if remove.iter().any(|r| set.iter().any(|(key, _)| key == r)) {
        let what = if field == "labels" {
            "a label"
        } else {
            "an annotation"
        };
        return k.fail(&format!(
            "can not both modify and remove {what} in the same command"
        ));
    }
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let ns = k.namespace();
    let all_ns = k.all_namespaces();
    let mut errs: Vec<String> = Vec::new();
    let mut objs: Vec<(&'static cluster::ResourceType, Value)> = Vec::new();
    if !files.is_empty() {
        for i in super::apply::read_sources(k, &files, &mut errs) {
            let obj_ns = match crate::util::namespace(&i.obj) {
                "" => ns.clone(),
                n => n.to_string(),
            };
            match engine::get(k.ctx.cluster, i.rt, &obj_ns, crate::util::name(&i.obj)) {
                Ok(o) => objs.push((i.rt, o)),
                Err(e) => errs.push(api_message(&e)),
            }
        }
    } else {
        let t = match targets(res_args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        let selector = match Selector::parse(&selector_text) {
            Ok(s) => s,
            Err(e) => return k.fail(&e),
        };
        for (rt, name) in t.items {
            match name {
                Some(n) => match engine::get(k.ctx.cluster, rt, &ns, &n) {
                    Ok(o) => objs.push((rt, o)),
                    Err(e) => errs.push(api_message(&e)),
                },
                None if all || !selector_text.is_empty() => {
                    let scope = if all_ns { None } else { Some(ns.as_str()) };
                    for o in engine::list(k.ctx.cluster, rt, scope) {
                        if selector.matches(&o) {
                            objs.push((rt, o));
                        }
                    }
                }
                None => return k.fail("resource(s) were provided, but no name was specified"),
            }
        }
    }
    let overwrite = k.flags.bool("overwrite");
    let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    let mut printed = Vec::new();
    for (rt, mut obj) in objs {
        let name = crate::util::name(&obj).to_string();
        let current: Map<String, Value> = obj
            .pointer(&format!("/metadata/{field}"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if !overwrite {
            let clashes: Vec<String> = set
                .iter()
                .filter_map(|(key, v)| match current.get(key).and_then(Value::as_str) {
                    Some(cur) if cur != v => Some(format!(
                        "'{key}' already has a value ({cur}), and --overwrite is false"
                    )),
                    _ => None,
                })
                .collect();
            if !clashes.is_empty() {
                errs.extend(clashes);
                continue;
            }
        }
        let mut next = current.clone();
        for (key, v) in &set {
            next.insert(key.clone(), Value::String(v.clone()));
        }
        for key in &remove {
            next.remove(key);
        }
        let changed = next != current;
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            if next.is_empty() {
                meta.remove(field);
            } else {
                meta.insert(field.to_string(), Value::Object(next));
            }
        }
        let label = rt.qualified_kind_lower();
        let verb = if field == "labels" {
            label_change(&current, obj.pointer("/metadata/labels"))
        } else if changed {
            done
        } else {
            not_done
        };
        if field == "labels" && !dry {
            for r in &remove {
                if !current.contains_key(r) {
                    k.out(&format!("label \"{r}\" not found.\n"));
                }
            }
        }
        if dry {
            if matches!(fmt, Format::Table | Format::Wide) {
                k.out(&format!("{label}/{name} {verb} (dry run)\n"));
            } else {
                printed.push((rt, obj));
            }
            continue;
        }
        let result = if changed {
            engine::update(k.ctx.cluster, obj.clone())
        } else {
            Ok(obj.clone())
        };
        match result {
            Ok(updated) => {
                if matches!(fmt, Format::Table | Format::Wide) {
                    k.out(&format!("{label}/{name} {verb}\n"));
                } else {
                    printed.push((rt, updated));
                }
            }
            Err(e) => errs.push(api_message(&e)),
        }
    }
    if !printed.is_empty() {
        let single = printed.len() == 1;
        print_generic(k, &fmt, &printed, single);
    }
    super::print_errors(k, &errs)
}

/// kubectl's updateDataChangeMsg: labeled, unlabeled, both, or neither.
fn label_change(old: &Map<String, Value>, new: Option<&Value>) -> &'static str {
    let empty = Map::new();
    let new = new.and_then(Value::as_object).unwrap_or(&empty);
    let unlabeled = old.keys().any(|key| !new.contains_key(key));
    let labeled = new.iter().any(|(key, v)| old.get(key) != Some(v));
    match (labeled, unlabeled) {
        (true, true) => "label(s) changed",
        (true, false) => "labeled",
        (false, true) => "unlabeled",
        (false, false) => "not labeled",
    }
}
