//! `kubectl expose (deployment|replicaset|pod|service) NAME`: a Service
//! whose selector and ports come from the object unless given.

use super::get::{output_format, Format};
use super::{api_message, targets, K};
use crate::engine;
use crate::util::{a, s, smap};
use serde_json::{json, Map, Value};

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let files = k.flags.list("filename");
    if args.is_empty() && files.is_empty() {
        return k.fail(super::NO_RESOURCES);
    }
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let ns = k.namespace();
    let mut sources: Vec<(&'static cluster::ResourceType, Value)> = Vec::new();
    let mut errs: Vec<String> = Vec::new();
    if !files.is_empty() {
        for i in super::apply::read_sources(k, &files, &mut errs) {
            sources.push((i.rt, i.obj));
        }
    } else {
        let t = match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        for (rt, name) in t.items {
            let Some(name) = name else {
                return k.fail("resource(s) were provided, but no name was specified");
            };
            match engine::get(k.ctx.cluster, rt, &ns, &name) {
                Ok(o) => sources.push((rt, o)),
                Err(e) => errs.push(api_message(&e)),
            }
        }
    }
    for (rt, obj) in sources {
        match build_service(k, rt, &obj, &ns) {
            Ok(mut svc) => {
                if k.flags.bool("save-config") {
                    let shown = shown(&svc);
                    super::create::save_config(&mut svc, &shown);
                }
                let name = s(&svc, "/metadata/name").to_string();
                let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
                if dry {
                    let svc_rt = cluster::resources::resolve("services");
                    match (fmt.clone(), svc_rt) {
                        (Format::Table | Format::Wide, _) => {
                            k.out(&format!("service/{name} exposed (dry run)\n"))
                        }
                        (f, Some(srt)) => {
                            super::go_order::print_typed(k, &f, srt, shown(&svc));
                        }
                        _ => {}
                    }
                    continue;
                }
                match engine::create(k.ctx.cluster, svc, &ns) {
                    Ok(created) => match (fmt.clone(), cluster::resources::resolve("services")) {
                        (Format::Table | Format::Wide, _) => {
                            k.out(&format!("service/{name} exposed\n"))
                        }
                        (f, Some(srt)) => super::go_order::print_typed(k, &f, srt, created),
                        _ => {}
                    },
                    Err(e) => errs.push(api_message(&e)),
                }
            }
            Err(e) => errs.push(e),
        }
    }
    super::print_errors(k, &errs)
}

/// The Service as kubectl holds it before the server sees it (the dry-run
/// output and the last-applied annotation): no creation time or
/// namespace, an empty load balancer status.
fn shown(svc: &Value) -> Value {
    let mut shown = super::create::shown(svc, Some(json!({"loadBalancer": {}})));
    if let Some(m) = shown["metadata"].as_object_mut() {
        m.remove("namespace");
    }
    shown
}

/// The selector an object's pods carry, as kubectl introspects it.
fn selector_of(rt: &cluster::ResourceType, obj: &Value) -> Result<Vec<(String, String)>, String> {
    match rt.plural {
        "deployments" | "replicasets" | "statefulsets" | "daemonsets" => {
            let sel = obj
                .pointer("/spec/selector")
                .cloned()
                .unwrap_or(Value::Null);
            if let Some(exprs) = sel.get("matchExpressions").and_then(Value::as_array) {
                if !exprs.is_empty() {
                    return Err(format!(
                        "couldn't convert expressions - \"{}\" to map-based selector format",
                        crate::util::format_label_selector(Some(&sel))
                    ));
                }
            }
            Ok(smap(obj, "/spec/selector/matchLabels"))
        }
        "replicationcontrollers" | "services" => Ok(smap(obj, "/spec/selector")),
        "pods" => Ok(smap(obj, "/metadata/labels")),
        _ => Err(format!("cannot expose a {}", group_kind(rt))),
    }
}

fn group_kind(rt: &cluster::ResourceType) -> String {
    if rt.group.is_empty() {
        rt.kind.to_string()
    } else {
        format!("{}.{}", rt.kind, rt.group)
    }
}

/// Container ports (or a Service's ports) with their protocols.
fn ports_of(rt: &cluster::ResourceType, obj: &Value) -> Vec<(String, String)> {
    let spec = match rt.plural {
        "pods" => obj.get("spec"),
        "services" => {
            return a(obj, "/spec/ports")
                .iter()
                .map(|p| {
                    (
                        crate::util::i(p, "/port").to_string(),
                        protocol(s(p, "/protocol")),
                    )
                })
                .collect();
        }
        _ => obj.pointer("/spec/template/spec"),
    };
    let Some(spec) = spec else { return vec![] };
    let mut out = Vec::new();
    for c in a(spec, "/containers") {
        for p in a(c, "/ports") {
            out.push((
                crate::util::i(p, "/containerPort").to_string(),
                protocol(s(p, "/protocol")),
            ));
        }
    }
    out
}

fn protocol(p: &str) -> String {
    if p.is_empty() {
        "TCP".to_string()
    } else {
        p.to_string()
    }
}

fn build_service(
    k: &K<'_, '_, '_>,
    rt: &cluster::ResourceType,
    obj: &Value,
    ns: &str,
) -> Result<Value, String> {
    let sel_flag = k.flags.str("selector");
    let selector: Vec<(String, String)> = if sel_flag.is_empty() {
        let sel = selector_of(rt, obj)?;
        if sel.is_empty() {
            let what = if rt.plural == "pods" {
                "the pod has no labels and cannot be exposed"
            } else {
                "the object has no selector"
            };
            return Err(format!(
                "couldn't retrieve selectors via --selector flag or introspection: {what}\nSee 'kubectl expose -h' for help and examples"
            ));
        }
        sel
    } else {
        let mut v = Vec::new();
        for part in sel_flag.split(',') {
            match part.split_once('=') {
                Some((key, val)) => v.push((key.trim().to_string(), val.trim().to_string())),
                None => return Err(format!("unexpected selector: {sel_flag}")),
            }
        }
        v
    };
    let port_flag = k.flags.str("port");
    let proto_flag = k.flags.str("protocol");
    let ports: Vec<(String, String)> = if port_flag.is_empty() {
        let p = ports_of(rt, obj);
        if p.is_empty() {
            return Err(
                "couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples".to_string(),
            );
        }
        p
    } else {
        port_flag
            .split(',')
            .map(|p| (p.trim().to_string(), String::new()))
            .collect()
    };
    let mut name = k.flags.str("name");
    if name.is_empty() {
        name = s(obj, "/metadata/name").to_string();
    }
    if name.chars().count() > 63 {
        name = name.chars().take(63).collect();
    }
    let port_name = k.flags.str("port-name");
    let target = k.flags.str("target-port");
    let mut svc_ports = Vec::new();
    let multi = ports.len() > 1;
    for (idx, (p, proto)) in ports.iter().enumerate() {
        let port: i64 = p
            .parse()
            .map_err(|_| format!("strconv.Atoi: parsing \"{p}\": invalid syntax"))?;
        let mut m = Map::new();
        let pname = if multi {
            format!("port-{}", idx + 1)
        } else {
            port_name.clone()
        };
        if !pname.is_empty() {
            m.insert("name".into(), json!(pname));
        }
        m.insert("port".into(), json!(port));
        let proto = if !proto_flag.is_empty() {
            proto_flag.clone()
        } else if proto.is_empty() {
            "TCP".to_string()
        } else {
            proto.clone()
        };
        m.insert("protocol".into(), json!(proto));
        let tp = if target.is_empty() {
            json!(port)
        } else {
            match target.parse::<i64>() {
                Ok(n) => json!(n),
                Err(_) => json!(target),
            }
        };
        m.insert("targetPort".into(), tp);
        svc_ports.push(Value::Object(m));
    }
    let sel_map: Map<String, Value> = selector
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let mut spec = Map::new();
    spec.insert("ports".into(), Value::Array(svc_ports));
    spec.insert("selector".into(), Value::Object(sel_map));
    let ty = k.flags.str("type");
    if !ty.is_empty() {
        spec.insert("type".into(), json!(ty));
    }
    let ext = k.flags.str("external-ip");
    if !ext.is_empty() {
        spec.insert("externalIPs".into(), json!([ext]));
    }
    let cip = k.flags.str("cluster-ip");
    if !cip.is_empty() {
        spec.insert("clusterIP".into(), json!(cip));
    }
    let aff = k.flags.str("session-affinity");
    if !aff.is_empty() {
        spec.insert("sessionAffinity".into(), json!(aff));
    }
    let mut meta = Map::new();
    let labels_flag = k.flags.str("labels");
    let labels: Vec<(String, String)> = if labels_flag.is_empty() {
        smap(obj, "/metadata/labels")
    } else {
        labels_flag
            .split(',')
            .filter_map(|p| p.split_once('='))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    if !labels.is_empty() {
        meta.insert(
            "labels".into(),
            Value::Object(
                labels
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
            ),
        );
    }
    meta.insert("name".into(), json!(name));
    let obj_ns = match s(obj, "/metadata/namespace") {
        "" => ns.to_string(),
        n => n.to_string(),
    };
    meta.insert("namespace".into(), json!(obj_ns));
    Ok(cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"Service","metadata":"$0","spec":"$1"}"#,
        &[Value::Object(meta), Value::Object(spec)],
    ))
}
