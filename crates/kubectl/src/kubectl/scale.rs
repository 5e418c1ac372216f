//! `kubectl scale --replicas=N TYPE NAME`.

use super::{api_message, targets, K};
use crate::engine;

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    if !k.flags.has("replicas") {
        return k.fail("required flag(s) \"replicas\" not set");
    }
    let replicas = k.flags.int("replicas");
    if replicas < 0 {
        return k.fail(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
    }
    let args = k.flags.args.clone();
    let files = k.flags.list("filename");
    if args.is_empty() && files.is_empty() {
        return k.fail(super::NO_RESOURCES);
    }
    let ns = k.namespace();
    let mut errs = Vec::new();
    let mut items = Vec::new();
    if !files.is_empty() {
        for i in super::apply::read_sources(k, &files, &mut errs) {
            items.push((i.rt, crate::util::name(&i.obj).to_string()));
        }
    } else {
        let t = match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        for (rt, name) in t.items {
            match name {
                Some(n) => items.push((rt, n)),
                None if k.flags.bool("all") => {
                    for o in engine::list(k.ctx.cluster, rt, Some(&ns)) {
                        items.push((rt, crate::util::name(&o).to_string()));
                    }
                }
                None => return k.fail("resource(s) were provided, but no name was specified"),
            }
        }
    }
    let current = k.flags.int("current-replicas");
    let last = items.len();
    for (i, (rt, name)) in items.into_iter().enumerate() {
        if !matches!(
            rt.plural,
            "deployments" | "replicasets" | "statefulsets" | "replicationcontrollers"
        ) {
            errs.push(
                "Error from server (NotFound): the server could not find the requested resource"
                    .to_string(),
            );
            continue;
        }
        let mut obj = match engine::get(k.ctx.cluster, rt, &ns, &name) {
            Ok(o) => o,
            Err(e) => {
                errs.push(api_message(&e));
                continue;
            }
        };
        let have = crate::util::oi(&obj, "/spec/replicas").unwrap_or(1);
        if current >= 0 && current != have {
            errs.push(format!("Expected replicas to be {current}, was {have}"));
            continue;
        }
        obj["spec"]["replicas"] = serde_json::json!(replicas);
        if let Some(m) = obj
            .get_mut("metadata")
            .and_then(serde_json::Value::as_object_mut)
        {
            m.remove("resourceVersion");
        }
        if i + 1 == last {
            // The last write prints only its name: a page may run the
            // controllers after it, between frames.
            k.ctx.cluster.defer_next_settle();
        }
        match engine::update(k.ctx.cluster, obj) {
            Ok(_) => k.out(&format!("{}/{name} scaled\n", rt.qualified_kind_lower())),
            Err(e) => errs.push(api_message(&e)),
        }
    }
    super::print_errors(k, &errs)
}
