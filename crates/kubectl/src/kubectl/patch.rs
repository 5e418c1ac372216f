//! `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`.
//! Strategic merge patches merge lists by their Kubernetes merge keys
//! (containers and env by `name`, container ports by `containerPort`,
//! Service ports by `port`, ...) and honour `$patch: delete`; merge patches
//! follow RFC 7386; JSON patches RFC 6902.

use super::get::{output_format, print_generic, Format};
use super::{api_message, targets, K};
use crate::engine;
use serde_json::{Map, Value};

/// The merge key of a list field in a strategic merge patch.
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "conditions" => Some("type"),
        "ports" => {
            if items.iter().any(|i| i.get("containerPort").is_some()) {
                Some("containerPort")
            } else {
                Some("port")
            }
        }
        _ => None,
    }
}

fn strategic(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Some(t) = target.as_object_mut() else {
        return;
    };
    for (k, v) in p {
        if k.starts_with('$') {
            continue;
        }
        if v.is_null() {
            t.remove(k);
            continue;
        }
        match (t.get_mut(k), v) {
            (Some(cur @ Value::Object(_)), Value::Object(_)) => strategic(cur, v),
            (Some(Value::Array(cur)), Value::Array(items)) => match merge_key(k, items)
                .or_else(|| merge_key(k, cur))
            {
                Some(key) => {
                    for item in items {
                        let id = item.get(key).cloned();
                        let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
                        let pos = id
                            .as_ref()
                            .and_then(|id| cur.iter().position(|c| c.get(key) == Some(id)));
                        match (pos, delete) {
                            (Some(i), true) => {
                                cur.remove(i);
                            }
                            (Some(i), false) => strategic(&mut cur[i], item),
                            (None, true) => {}
                            (None, false) => {
                                let mut fresh = Value::Object(Map::new());
                                strategic(&mut fresh, item);
                                cur.push(fresh);
                            }
                        }
                    }
                }
                None => {
                    t.insert(k.clone(), v.clone());
                }
            },
            _ => {
                let mut fresh = if v.is_object() {
                    Value::Object(Map::new())
                } else {
                    Value::Null
                };
                strategic(&mut fresh, v);
                t.insert(k.clone(), fresh);
            }
        }
    }
}

/// RFC 7386.
fn merge(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Some(t) = target.as_object_mut() else {
        return;
    };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

fn unescape(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

fn split_pointer(path: &str) -> Result<(String, String), String> {
    let Some(i) = path.rfind('/') else {
        return Err(format!("invalid JSON pointer \"{path}\""));
    };
    Ok((path[..i].to_string(), unescape(&path[i + 1..])))
}

fn add_at(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (parent, last) = split_pointer(path)?;
    let Some(p) = doc.pointer_mut(&parent) else {
        return Err(format!(
            "add operation does not apply: doc is missing path: \"{path}\": missing value"
        ));
    };
    match p {
        Value::Object(m) => {
            m.insert(last, value);
            Ok(())
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
                return Ok(());
            }
            match last.parse::<usize>() {
                Ok(i) if i <= a.len() => {
                    a.insert(i, value);
                    Ok(())
                }
                _ => Err(format!(
                    "add operation does not apply: doc is missing path: \"{path}\": missing value"
                )),
            }
        }
        _ => Err(format!(
            "add operation does not apply: doc is missing path: \"{path}\": missing value"
        )),
    }
}

fn remove_at(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    };
    match doc.pointer_mut(&parent) {
        Some(Value::Object(m)) => m.remove(&last).ok_or_else(missing),
        Some(Value::Array(a)) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => Ok(a.remove(i)),
            _ => Err(missing()),
        },
        _ => Err(missing()),
    }
}

/// RFC 6902.
fn json_patch(doc: &mut Value, ops: &[Value]) -> Result<(), String> {
    for op in ops {
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        match op.get("op").and_then(Value::as_str).unwrap_or("") {
            "add" => add_at(doc, &path, value)?,
            "remove" => {
                remove_at(doc, &path)?;
            }
            "replace" => {
                if doc.pointer(&path).is_none() {
                    return Err(format!(
                        "replace operation does not apply: doc is missing key: {path}: missing value"
                    ));
                }
                if let Some(slot) = doc.pointer_mut(&path) {
                    *slot = value;
                }
            }
            "test" => {
                if doc.pointer(&path) != Some(&value) {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            "move" | "copy" => {
                let from = op
                    .get("from")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let v = if op.get("op").and_then(Value::as_str) == Some("move") {
                    remove_at(doc, &from)?
                } else {
                    doc.pointer(&from).cloned().ok_or_else(|| {
                        format!("copy operation does not apply: doc is missing from path: {from}")
                    })?
                };
                add_at(doc, &path, v)?;
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(())
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let mut patch_text = k.flags.str("patch");
    let patch_file = k.flags.str("patch-file");
    if !patch_file.is_empty() {
        match k.ctx.files.read(&patch_file) {
            Ok(t) => patch_text = t,
            Err(_) => {
                return k.fail(&format!(
                    "unable to read patch file: open {patch_file}: no such file or directory"
                ))
            }
        }
    }
    if patch_text.is_empty() {
        return k.fail("must specify --patch or --patch-file containing the contents of the patch");
    }
    let ty = k.flags.str("type");
    if !matches!(ty.as_str(), "strategic" | "merge" | "json") {
        return k.fail(&format!(
            "--type must be one of [json merge strategic], not \"{ty}\""
        ));
    }
    // kubectl reads the patch with sigs.k8s.io/yaml (go-yaml v2), as manifests.
    let patch: Value = match crate::manifest::yaml_to_json(&patch_text) {
        Ok(v) => v,
        Err(_) => return k.fail("invalid JSON document"),
    };
    let shape_ok = if ty == "json" {
        patch.is_array()
    } else {
        patch.is_object()
    };
    if !shape_ok {
        return k.fail("invalid JSON document");
    }
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let args = k.flags.args.clone();
    let ns = k.namespace();
    let mut errs = Vec::new();
    let mut objs = Vec::new();
    if !k.flags.list("filename").is_empty() {
        let files = k.flags.list("filename");
        for i in super::apply::read_sources(k, &files, &mut errs) {
            let n = match crate::util::namespace(&i.obj) {
                "" => ns.clone(),
                x => x.to_string(),
            };
            match engine::get(k.ctx.cluster, i.rt, &n, crate::util::name(&i.obj)) {
                Ok(o) => objs.push((i.rt, o)),
                Err(e) => errs.push(api_message(&e)),
            }
        }
    } else {
        if args.is_empty() {
            return k.fail(super::NO_RESOURCES);
        }
        let t = match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        for (rt, n) in t.items {
            let Some(n) = n else {
                return k.fail("resource(s) were provided, but no name was specified");
            };
            match engine::get(k.ctx.cluster, rt, &ns, &n) {
                Ok(o) => objs.push((rt, o)),
                Err(e) => errs.push(api_message(&e)),
            }
        }
    }
    let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    let mut printed = Vec::new();
    for (rt, obj) in objs {
        let mut next = obj.clone();
        let applied = match ty.as_str() {
            "json" => json_patch(
                &mut next,
                patch.as_array().map(Vec::as_slice).unwrap_or(&[]),
            ),
            "merge" => {
                merge(&mut next, &patch);
                Ok(())
            }
            _ => {
                strategic(&mut next, &patch);
                Ok(())
            }
        };
        if let Err(e) = applied {
            errs.push(format!("Error from server (UnprocessableEntity): {e}"));
            continue;
        }
        let label = format!("{}/{}", rt.qualified_kind_lower(), crate::util::name(&obj));
        let changed = next != obj;
        let suffix = if dry { " (dry run)" } else { "" };
        if !changed {
            if matches!(fmt, Format::Table | Format::Wide) {
                k.out(&format!("{label} patched (no change){suffix}\n"));
            } else {
                printed.push((rt, obj));
            }
            continue;
        }
        if dry {
            if matches!(fmt, Format::Table | Format::Wide) {
                k.out(&format!("{label} patched{suffix}\n"));
            } else {
                printed.push((rt, next));
            }
            continue;
        }
        match engine::update(k.ctx.cluster, next) {
            Ok(updated) => {
                if matches!(fmt, Format::Table | Format::Wide) {
                    k.out(&format!("{label} patched\n"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merges_lists_by_key() {
        let mut d = json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}],
                                    "ports": [{"port": 80, "name": "http"}]}});
        strategic(
            &mut d,
            &json!({"spec": {"containers": [{"name": "b", "image": "z"}, {"name": "a", "$patch": "delete"}],
                                           "ports": [{"port": 443, "name": "https"}], "type": "NodePort"}}),
        );
        assert_eq!(
            d,
            json!({"spec": {"containers": [{"name": "b", "image": "z"}],
                            "ports": [{"port": 80, "name": "http"}, {"port": 443, "name": "https"}], "type": "NodePort"}})
        );
    }

    #[test]
    fn merge_and_json_patches() {
        let mut d = json!({"a": {"b": 1, "c": [1, 2]}});
        merge(&mut d, &json!({"a": {"b": null, "c": [3]}}));
        assert_eq!(d, json!({"a": {"c": [3]}}));
        let mut d = json!({"spec": {"ports": [{"port": 80}]}});
        json_patch(
            &mut d,
            &[
                json!({"op": "replace", "path": "/spec/ports/0/port", "value": 8080}),
                json!({"op": "add", "path": "/spec/ports/-", "value": {"port": 1}}),
            ],
        )
        .unwrap_or_default();
        assert_eq!(d, json!({"spec": {"ports": [{"port": 8080}, {"port": 1}]}}));
        assert!(json_patch(&mut d, &[json!({"op": "remove", "path": "/spec/nope"})]).is_err());
    }
}
