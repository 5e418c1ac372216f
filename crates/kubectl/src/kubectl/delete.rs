//! `kubectl delete`: by name, `-f`, `-l`, `--all`; waits (on the simulated
//! clock) until the objects are gone, as kubectl's default `--wait` does.

use super::{api_message, api_message_with_source, targets, K};
use crate::engine::{self, Selector};
use cluster::ResourceType;

/// How long kubectl waits at most.
const WAIT_LIMIT_MS: i64 = 10 * 60 * 1000;

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let files = k.flags.list("filename");
    let all = k.flags.bool("all");
    let selector_text = k.flags.str("selector");
    let ns = k.namespace();
    let all_ns = k.all_namespaces();
    if args.is_empty() && files.is_empty() {
        return k.fail(super::NO_RESOURCES);
    }
    let grace = k.flags.int("grace-period");
    let force = k.flags.bool("force");
    let now_flag = k.flags.bool("now");
    if now_flag && grace != -1 {
        return k.fail("--now and --grace-period cannot be specified together");
    }
    let mut errs: Vec<String> = Vec::new();
    // (type, namespace, name, source for messages)
    let mut victims: Vec<(&'static ResourceType, String, String, Option<String>)> = Vec::new();
    if !files.is_empty() {
        if !args.is_empty() {
            let list = args.join(" ");
            return k.fail(&format!(
                "Unexpected args: [{list}]\nSee 'kubectl delete -h' for help and examples"
            ));
        }
        let infos = super::apply::read_sources(k, &files, &mut errs);
        for i in infos {
            let obj_ns = match crate::util::namespace(&i.obj) {
                "" => ns.clone(),
                n => n.to_string(),
            };
            victims.push((
                i.rt,
                obj_ns,
                crate::util::name(&i.obj).to_string(),
                Some(i.source),
            ));
        }
    } else {
        let t = match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        let named = t.items.iter().any(|(_, n)| n.is_some());
        if named && (all || !selector_text.is_empty()) {
            return k.fail("name cannot be provided when a selector is specified");
        }
        if !named && !all && selector_text.is_empty() {
            return k.fail("resource(s) were provided, but no name was specified");
        }
        let selector = match Selector::parse(&selector_text) {
            Ok(s) => s,
            Err(e) => return k.fail(&e),
        };
        for (rt, name) in &t.items {
            match name {
                Some(n) => victims.push((rt, ns.clone(), n.clone(), None)),
                None => {
                    let scope = if all_ns { None } else { Some(ns.as_str()) };
                    for o in engine::list(k.ctx.cluster, rt, scope) {
                        if selector.matches(&o) {
                            victims.push((
                                rt,
                                crate::util::namespace(&o).to_string(),
                                crate::util::name(&o).to_string(),
                                None,
                            ));
                        }
                    }
                }
            }
        }
        if victims.is_empty() {
            // kubectl's delete says this on stdout, without a namespace.
            k.out("No resources found\n");
            return 0;
        }
    }
    let dry = matches!(
        k.flags.str("dry-run").as_str(),
        "client" | "server" | "unchanged"
    );
    // kubectl's grace period rules: --now means 1, a bare 0 means 1 unless
    // --force, and --force alone means 0.
    let grace = if now_flag || (grace == 0 && !force) {
        1
    } else if force && grace < 0 {
        0
    } else {
        grace
    };
    if force && grace > 0 {
        return k.fail("--force and --grace-period greater than 0 cannot be specified together");
    }
    let immediate = grace == 0;
    if immediate {
        k.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let ignore = k.flags.bool("ignore-not-found");
    // (type, namespace, name, uid): kubectl waits for that object, not for
    // the name, which a StatefulSet may take again at once.
    let mut deleted: Vec<(&'static ResourceType, String, String, String)> = Vec::new();
    if dry {
        for (rt, vns, name, _) in &victims {
            match engine::get(k.ctx.cluster, rt, vns, name) {
                Ok(_) => k.out(&format!(
                    "{} \"{name}\" deleted (dry run)\n",
                    rt.qualified_kind_lower()
                )),
                Err(e) => errs.push(api_message(&e)),
            }
        }
        return super::print_errors(k, &errs);
    }
    // Namespaces are sent last: a real namespace controller takes a moment
    // before it empties a Terminating namespace, so the objects listed
    // after their namespace in a file (ingress-nginx's deploy.yaml) are
    // still there for kubectl to delete; the engine's controller empties it
    // at the same instant. Lines are printed in the given order.
    let grace_opt = if grace >= 0 { Some(grace) } else { None };
    let mut results: Vec<Option<Result<String, cluster::ApiError>>> = vec![None; victims.len()];
    // The last delete sent (a namespace if any): a page may run the
    // controllers after it, between frames; the wait below finishes that
    // work before it looks for what is still there.
    let last_sent = victims
        .iter()
        .rposition(|v| v.0.plural == "namespaces")
        .or(victims.len().checked_sub(1));
    for pass in [false, true] {
        for (i, (rt, vns, name, _)) in victims.iter().enumerate() {
            if (rt.plural == "namespaces") == pass {
                let uid = engine::get(k.ctx.cluster, rt, vns, name)
                    .map(|o| crate::util::s(&o, "/metadata/uid").to_string())
                    .unwrap_or_default();
                if Some(i) == last_sent {
                    k.ctx.cluster.defer_next_settle();
                }
                let r = engine::delete(k.ctx.cluster, rt, vns, name, grace_opt).map(|_| uid);
                results[i] = Some(r);
            }
        }
    }
    for ((rt, vns, name, source), r) in victims.into_iter().zip(results) {
        match r {
            Some(Ok(uid)) => {
                let how = if immediate {
                    "force deleted"
                } else {
                    "deleted"
                };
                k.out(&format!("{} \"{name}\" {how}\n", rt.qualified_kind_lower()));
                deleted.push((rt, vns, name, uid));
            }
            Some(Err(e)) if ignore && e.reason == cluster::Reason::NotFound => {}
            Some(Err(e)) => errs.push(match source {
                Some(src) => api_message_with_source(&e, "deleting", &src),
                None => api_message(&e),
            }),
            None => {}
        }
    }
    if k.flags.bool("wait") && !deleted.is_empty() {
        // kubectl watches until the objects are gone: move the clock to
        // each instant the engine has something due, until they are.
        let deadline = k.ctx.cluster.now().plus_ms(WAIT_LIMIT_MS);
        while deleted.iter().any(|(rt, n, name, uid)| {
            engine::get(k.ctx.cluster, rt, n, name)
                .is_ok_and(|o| crate::util::s(&o, "/metadata/uid") == uid)
        }) {
            // Gone stays gone: only what is still there needs the work,
            // then another look.
            if k.ctx.cluster.has_pending_work() {
                k.ctx.cluster.finish_pending();
                continue;
            }
            let now = k.ctx.cluster.now();
            match k.ctx.cluster.next_due() {
                Some(t) if t <= deadline => k.ctx.cluster.advance((t.0 - now.0).max(1)),
                _ => break,
            }
        }
    }
    super::print_errors(k, &errs)
}
