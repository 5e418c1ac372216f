//! `kubectl apply -f` and `kubectl create -f`: every document of every
//! file is sent on its own; an error in one does not undo the others.

use super::get::{output_format, print_generic, Format};
use super::{api_message_with_source, K};
use crate::engine;
use crate::manifest;
use cluster::resources::{self, ResourceType};
use cluster::ApplyResult;
use serde_json::Value;

/// One object read from a file, ready to send.
pub struct Info {
    pub rt: &'static ResourceType,
    pub obj: Value,
    pub source: String,
}

/// Reads every `-f` source into objects, collecting kubectl's per-object
/// errors (decode, mapping, namespace mismatch) and stopping a source at
/// its first syntax error.
pub fn read_sources(k: &mut K<'_, '_, '_>, files: &[String], errs: &mut Vec<String>) -> Vec<Info> {
    let explicit_ns = k.flags.str("namespace");
    let mut infos = Vec::new();
    for f in files {
        let (source, text) = if f == "-" {
            ("STDIN".to_string(), k.ctx.stdin.take().unwrap_or_default())
        } else if f.starts_with("http://") || f.starts_with("https://") {
            // Manifests the playground ships (ingress-nginx's releases) are
            // served offline under their real addresses; the files pane may
            // hold others under a URL name.
            match cluster::bundled::manifest_for_url(f)
                .map(|t| Ok(t.to_string()))
                .unwrap_or_else(|| k.ctx.files.read(f))
            {
                Ok(t) => (f.clone(), t),
                Err(_) => {
                    // What kubectl prints when it cannot reach the host: the
                    // playground is offline and fetches nothing.
                    let host = f
                        .split("://")
                        .nth(1)
                        .and_then(|r| r.split(['/', '?', '#']).next())
                        .map(|h| h.rsplit_once(':').map_or(h, |(h, _)| h))
                        .unwrap_or("");
                    errs.push(format!(
                        "Get \"{f}\": dial tcp: lookup {host}: no such host"
                    ));
                    continue;
                }
            }
        } else {
            match k.ctx.files.read(f) {
                Ok(t) => (f.clone(), t),
                Err(_) => {
                    errs.push(format!("the path \"{f}\" does not exist"));
                    continue;
                }
            }
        };
        let stream = manifest::parse(&source, &text);
        for doc in stream.docs {
            let mut obj = match doc {
                Ok(o) => o,
                Err(e) => {
                    errs.push(e);
                    continue;
                }
            };
            let kind = crate::util::s(&obj, "/kind").to_string();
            let api_version = crate::util::s(&obj, "/apiVersion").to_string();
            let rt = if api_version.is_empty() {
                resources::RESOURCES.iter().find(|r| r.kind == kind)
            } else {
                resources::by_kind(&api_version, &kind)
            };
            let Some(rt) = rt else {
                errs.push(format!(
                    "resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{source}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first",
                    crate::util::name(&obj),
                    crate::util::namespace(&obj)
                ));
                continue;
            };
            if api_version.is_empty() {
                obj["apiVersion"] = Value::String(rt.api_version());
            }
            let obj_ns = crate::util::namespace(&obj).to_string();
            if rt.namespaced
                && !explicit_ns.is_empty()
                && !obj_ns.is_empty()
                && obj_ns != explicit_ns
            {
                errs.push(format!(
                    "the namespace from the provided object \"{obj_ns}\" does not match the namespace \"{explicit_ns}\". You must pass '--namespace={obj_ns}' to perform this operation."
                ));
                continue;
            }
            infos.push(Info {
                rt,
                obj,
                source: source.clone(),
            });
        }
        if let Some(fatal) = stream.fatal {
            errs.push(fatal);
        }
    }
    infos
}

pub fn run(k: &mut K<'_, '_, '_>, apply: bool) -> i32 {
    let files = k.flags.list("filename");
    if !k.flags.args.is_empty() {
        let cmd = k.cmd;
        let args = k.flags.args.join(" ");
        return k.fail(&format!(
            "Unexpected args: [{args}]\nSee 'kubectl {cmd} -h' for help and examples"
        ));
    }
    if files.is_empty() {
        return k.fail("must specify one of -f and -k");
    }
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(Format::Wide) => {
            return k.fail("unable to match a printer suitable for the output format \"wide\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml");
        }
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let dry_run = k.flags.str("dry-run");
    let dry = match dry_run.as_str() {
        "none" | "" => None,
        "client" | "unchanged" => Some(" (dry run)"),
        "server" => Some(" (server dry run)"),
        other => {
            return k.fail(&format!(
                "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            ))
        }
    };
    let ns = k.namespace();
    let mut errs = Vec::new();
    let infos = read_sources(k, &files, &mut errs);
    if infos.is_empty() && errs.is_empty() {
        return k.fail(if apply {
            "no objects passed to apply"
        } else {
            "no objects passed to create"
        });
    }
    let mut printed: Vec<(&'static ResourceType, Value)> = Vec::new();
    let total = infos.len();
    for (idx, info) in infos.into_iter().enumerate() {
        let kind = info.rt.qualified_kind_lower();
        let name = crate::util::name(&info.obj).to_string();
        let obj_ns = match crate::util::namespace(&info.obj) {
            "" => ns.clone(),
            n => n.to_string(),
        };
        let exists = engine::get(k.ctx.cluster, info.rt, &obj_ns, &name).is_ok();
        if let Some(suffix) = dry {
            let verb = if k.cmd == "replace" {
                "replaced"
            } else if apply && exists {
                "configured"
            } else {
                "created"
            };
            if k.cmd == "create" && exists {
                errs.push(format!(
                    "Error from server (AlreadyExists): error when creating \"{}\": {} \"{name}\" already exists",
                    info.source,
                    info.rt.qualified_plural()
                ));
                continue;
            }
            if fmt == Format::Table || fmt == Format::Wide {
                k.out(&format!("{kind}/{name} {verb}{suffix}\n"));
            } else {
                let mut obj = info.obj.clone();
                if info.rt.namespaced {
                    obj["metadata"]["namespace"] = Value::String(obj_ns.clone());
                }
                if apply {
                    add_last_applied(&mut obj);
                }
                printed.push((info.rt, obj));
            }
            continue;
        }
        if apply && dry != Some(" (dry run)") {
            // kubectl's client-side apply patches an object that was not
            // made declaratively, after saying so on stderr.
            let has_last_applied = engine::get(k.ctx.cluster, info.rt, &obj_ns, &name)
                .ok()
                .map(|live| !live["metadata"]["annotations"][cluster::LAST_APPLIED].is_null());
            if has_last_applied == Some(false) {
                k.err(&format!(
                    "Warning: resource {}/{name} is missing the {} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
                    info.rt.plural,
                    cluster::LAST_APPLIED
                ));
            }
        }
        let mut info = info;
        if !apply && k.cmd == "create" && k.flags.bool("save-config") {
            add_last_applied(&mut info.obj);
        }
        let force = k.cmd == "replace" && k.flags.bool("force") && exists;
        if idx + 1 == total && matches!(fmt, Format::Table | Format::Wide) && !force {
            // The last write prints only its name: a page may run the
            // controllers after it, between frames.
            k.ctx.cluster.defer_next_settle();
        }
        let result = if apply {
            engine::apply(k.ctx.cluster, info.obj, &ns).map(|(o, r)| {
                (
                    o,
                    match r {
                        ApplyResult::Created => "created",
                        ApplyResult::Configured => "configured",
                        ApplyResult::Unchanged => "unchanged",
                    },
                )
            })
        } else if k.cmd == "replace" {
            if k.flags.bool("force") && exists {
                // --force: delete, wait until gone, then create.
                let obj_name = crate::util::name(&info.obj).to_string();
                match engine::delete(k.ctx.cluster, info.rt, &obj_ns, &obj_name, None) {
                    Ok(_) => {
                        k.out(&format!(
                            "{} \"{obj_name}\" deleted\n",
                            info.rt.qualified_kind_lower()
                        ));
                        let deadline = k.ctx.cluster.now().plus_ms(10 * 60 * 1000);
                        while engine::get(k.ctx.cluster, info.rt, &obj_ns, &obj_name).is_ok() {
                            let now = k.ctx.cluster.now();
                            match k.ctx.cluster.next_due() {
                                Some(t) if t <= deadline => {
                                    k.ctx.cluster.advance((t.0 - now.0).max(1))
                                }
                                _ => break,
                            }
                        }
                        engine::create(k.ctx.cluster, info.obj, &ns).map(|o| (o, "replaced"))
                    }
                    Err(e) => Err(e),
                }
            } else {
                engine::replace(k.ctx.cluster, info.obj, &ns).map(|o| (o, "replaced"))
            }
        } else {
            engine::create(k.ctx.cluster, info.obj, &ns).map(|o| (o, "created"))
        };
        match result {
            Ok((obj, verb)) => {
                if fmt == Format::Table || fmt == Format::Wide {
                    k.out(&format!("{kind}/{name} {verb}\n"));
                } else {
                    printed.push((info.rt, obj));
                }
            }
            Err(e) => {
                let verb = if k.cmd == "replace" {
                    "replacing"
                } else if apply && exists {
                    "patching"
                } else {
                    "creating"
                };
                errs.push(api_message_with_source(&e, verb, &info.source));
            }
        }
    }
    if !printed.is_empty() {
        let single = printed.len() == 1;
        print_generic(k, &fmt, &printed, single);
    }
    super::print_errors(k, &errs)
}

/// The annotation kubectl's client-side apply writes: the object as
/// applied (without the annotation itself), compact JSON with sorted keys.
pub fn add_last_applied(obj: &mut Value) {
    const KEY: &str = "kubectl.kubernetes.io/last-applied-configuration";
    let mut copy = obj.clone();
    if let Some(meta) = copy.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = meta
            .entry("annotations")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(a) = ann.as_object_mut() {
            a.remove(KEY);
        }
    }
    let text = format!("{}\n", crate::yaml::to_compact_json(&copy));
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = meta
            .entry("annotations")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(a) = ann.as_object_mut() {
            a.insert(KEY.to_string(), Value::String(text));
        }
    }
}
