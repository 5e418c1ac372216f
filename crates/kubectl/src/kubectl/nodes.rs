//! Node maintenance: `cordon`, `uncordon`, `drain`, `taint`; and `top`, which on a
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

/// How a pod fares in drain's filters (kubectl's pkg/drain/filters.go).
enum Verdict {
    Delete,
    /// Not deleted, with a warning (DaemonSet pods under
    /// `--ignore-daemonsets`); mirror and deleted pods skip silently.
    Skip(Option<&'static str>),
    /// Deleted, with a warning.
    DeleteWarn(&'static str),
    Fatal(&'static str),
}

fn controller_of(p: &Value) -> Option<(String, String)> {
    crate::util::a(p, "/metadata/ownerReferences")
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .map(|r| {
            (
                crate::util::s(r, "/kind").to_string(),
                crate::util::s(r, "/name").to_string(),
            )
        })
}

fn drain_verdict(k: &K<'_, '_, '_>, p: &Value) -> Verdict {
    let force = k.flags.bool("force");
    let ignore_ds = k.flags.bool("ignore-daemonsets");
    let empty_dir = k.flags.bool("delete-emptydir-data")
        || (k.flags.has("delete-local-data") && k.flags.bool("delete-local-data"));
    let finished = matches!(crate::util::s(p, "/status/phase"), "Succeeded" | "Failed");
    let controller = controller_of(p);
    if let Some((kind, owner)) = &controller {
        if kind == "DaemonSet" {
            let exists = cluster::resources::resolve("daemonsets").is_some_and(|rt| {
                engine::get(k.ctx.cluster, rt, crate::util::namespace(p), owner).is_ok()
            });
            if !exists && !force {
                return Verdict::Fatal("daemonset not found");
            }
            if !ignore_ds {
                return Verdict::Fatal(
                    "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
                );
            }
            return Verdict::Skip(Some("ignoring DaemonSet-managed Pods"));
        }
    }
    if p.pointer("/metadata/annotations/kubernetes.io~1config.mirror")
        .is_some()
    {
        return Verdict::Skip(None);
    }
    let local = crate::util::a(p, "/spec/volumes")
        .iter()
        .any(|v| v.get("emptyDir").is_some());
    if local && !finished && !empty_dir {
        return Verdict::Fatal("Pods with local storage (use --delete-emptydir-data to override)");
    }
    // Only the last filter's status is kept: a controller (or a finished
    // pod) makes the local-storage warning go away, as in kubectl.
    if finished || controller.is_some() {
        return Verdict::Delete;
    }
    if !force {
        // kubectl 1.32's message, "cannot delete" twice included.
        return Verdict::Fatal(
            "cannot delete Pods that declare no controller (use --force to override)",
        );
    }
    Verdict::DeleteWarn("deleting Pods that declare no controller")
}

/// Groups `ns/name` lists by message, in the order messages first appear.
fn grouped(items: &[(&'static str, String)]) -> Vec<(&'static str, Vec<String>)> {
    let mut out: Vec<(&'static str, Vec<String>)> = Vec::new();
    for (msg, pod) in items {
        match out.iter_mut().find(|(m, _)| m == msg) {
            Some((_, l)) => l.push(pod.clone()),
            None => out.push((msg, vec![pod.clone()])),
        }
    }
    out
}

/// The pods drain would delete from a node, or the errors that stop it.
fn pods_for_deletion(k: &K<'_, '_, '_>, node: &str) -> Result<(Vec<Value>, String), Vec<String>> {
    let Some(rt) = cluster::resources::resolve("pods") else {
        return Err(Vec::new());
    };
    let pod_sel = match Selector::parse(&k.flags.str("pod-selector")) {
        Ok(s) => s,
        Err(_) => {
            return Err(vec![
                "--pod-selector=<pod_selector> must be a valid label selector".to_string(),
            ])
        }
    };
    let mut pods: Vec<Value> = engine::list(k.ctx.cluster, rt, None)
        .into_iter()
        .filter(|p| crate::util::s(p, "/spec/nodeName") == node && pod_sel.matches(p))
        .collect();
    cluster::sort::by(&mut pods, |a, b| {
        (crate::util::namespace(a), crate::util::name(a))
            .cmp(&(crate::util::namespace(b), crate::util::name(b)))
    });
    let mut delete = Vec::new();
    let mut warnings = Vec::new();
    let mut fatal = Vec::new();
    for p in pods {
        let id = format!("{}/{}", crate::util::namespace(&p), crate::util::name(&p));
        match drain_verdict(k, &p) {
            Verdict::Delete => delete.push(p),
            Verdict::DeleteWarn(w) => {
                warnings.push((w, id));
                delete.push(p);
            }
            Verdict::Skip(Some(w)) => warnings.push((w, id)),
            Verdict::Skip(None) => {}
            Verdict::Fatal(m) => fatal.push((m, id)),
        }
    }
    if !fatal.is_empty() {
        return Err(grouped(&fatal)
            .into_iter()
            .map(|(m, l)| format!("cannot delete {m}: {}", l.join(", ")))
            .collect());
    }
    let warning = grouped(&warnings)
        .into_iter()
        .map(|(m, l)| format!("{m}: {}", l.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    Ok((delete, warning))
}

/// How long drain waits at most for its evictions in the simulation.
const DRAIN_LIMIT_MS: i64 = 60 * 60 * 1000;

fn drain(k: &mut K<'_, '_, '_>) -> i32 {
    let names = k.flags.args.clone();
    if names.is_empty() && k.flags.str("selector").is_empty() {
        k.err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n");
        return 1;
    }
    if !names.is_empty() && !k.flags.str("selector").is_empty() {
        k.err("error: cannot specify both a node name and a --selector option\nSee 'kubectl drain -h' for help and examples\n");
        return 1;
    }
    let dry = k.flags.str("dry-run");
    let dry_client = dry == "client" || dry == "true";
    let dry_server = dry == "server";
    let suffix = if dry_client {
        " (dry run)"
    } else if dry_server {
        " (server dry run)"
    } else {
        ""
    };
    let list = match nodes(k, &names) {
        Ok(l) => l,
        Err(c) => return c,
    };
    // Cordon every node first.
    for mut n in list.clone() {
        let name = crate::util::name(&n).to_string();
        if crate::util::b(&n, "/spec/unschedulable") {
            k.out(&format!("node/{name} already cordoned{suffix}\n"));
            continue;
        }
        if !dry_client && !dry_server {
            n["spec"]["unschedulable"] = json!(true);
            if let Err(e) = engine::update(k.ctx.cluster, n) {
                k.err(&format!(
                    "error: unable to cordon node \"{name}\": {}\n",
                    e.message
                ));
                continue;
            }
        }
        k.out(&format!("node/{name} cordoned{suffix}\n"));
    }
    let use_eviction = !k.flags.bool("disable-eviction");
    let grace = k.flags.int("grace-period");
    let grace = if grace >= 0 && k.flags.has("grace-period") {
        Some(grace)
    } else {
        None
    };
    let timeout = crate::flags::parse_go_duration(&k.flags.str("timeout")).unwrap_or(0);
    let mut fatal: Vec<String> = Vec::new();
    let mut remaining: Vec<String> = Vec::new();
    for n in &list {
        let node = crate::util::name(n).to_string();
        let result = match pods_for_deletion(k, &node) {
            Err(errs) => Err(errs),
            Ok((pods, warning)) => {
                if !warning.is_empty() {
                    k.err(&format!("Warning: {warning}\n"));
                }
                if dry_client {
                    for p in &pods {
                        k.out(&format!(
                            "evicting pod {}/{} (dry run)\n",
                            crate::util::namespace(p),
                            crate::util::name(p)
                        ));
                    }
                    Ok(())
                } else {
                    evict_all(k, &pods, use_eviction, grace, timeout, dry_server)
                }
            }
        };
        match result {
            Ok(()) => k.out(&format!("node/{node} drained{suffix}\n")),
            Err(errs) => {
                let shown = if errs.len() == 1 {
                    errs[0].clone()
                } else {
                    format!("[{}]", errs.join(", "))
                };
                k.err(&format!(
                    "error: unable to drain node \"{node}\" due to error: {shown}, continuing command...\n"
                ));
                fatal.push(errs.join("\n"));
                remaining.push(node);
            }
        }
    }
    if !remaining.is_empty() {
        k.err("There are pending nodes to be drained:\n");
        for r in &remaining {
            k.err(&format!(" {r}\n"));
        }
    }
    if fatal.is_empty() {
        return 0;
    }
    if fatal.len() == 1 {
        // kubectl unwraps the aggregate and prints its errors one a line.
        for line in fatal[0].lines() {
            k.err(&format!("{line}\n"));
        }
    } else {
        k.err(&format!("error: [{}]\n", fatal.join(", ")));
    }
    1
}

/// Where one pod of a drain stands.
enum Evicting {
    /// Its eviction is (re)tried at this instant.
    Try(cluster::time::Time),
    /// Evicted or deleted: waited for until this uid is gone.
    Wait(String),
    Done,
}

/// Evicts (or deletes) the pods and waits on the simulated clock until they
/// are gone, printing kubectl's progress lines. An eviction a
/// PodDisruptionBudget refuses (429) is tried again every 5 s, each try
/// printing `evicting pod` again, until the global timeout.
fn evict_all(
    k: &mut K<'_, '_, '_>,
    pods: &[Value],
    eviction: bool,
    grace: Option<i64>,
    timeout_ms: i64,
    dry_server: bool,
) -> Result<(), Vec<String>> {
    let Some(rt) = cluster::resources::resolve("pods") else {
        return Ok(());
    };
    let (start, done) = if eviction {
        ("evicting", "evicted")
    } else {
        ("deleting", "deleted")
    };
    let mut errs = Vec::new();
    if dry_server {
        for p in pods {
            let (ns, name) = (crate::util::namespace(p), crate::util::name(p));
            k.out(&format!("evicting pod {ns}/{name} (server dry run)\n"));
        }
        return Ok(());
    }
    let limit = if timeout_ms > 0 {
        timeout_ms
    } else {
        DRAIN_LIMIT_MS
    };
    let begin = k.ctx.cluster.now();
    let deadline = begin.plus_ms(limit);
    let mut state: Vec<(String, String, String, Evicting)> = pods
        .iter()
        .map(|p| {
            (
                crate::util::namespace(p).to_string(),
                crate::util::name(p).to_string(),
                crate::util::s(p, "/metadata/uid").to_string(),
                Evicting::Try(begin),
            )
        })
        .collect();
    loop {
        let now = k.ctx.cluster.now();
        for (ns, name, uid, st) in state.iter_mut() {
            let Evicting::Try(at) = *st else {
                continue;
            };
            if at > now {
                continue;
            }
            if now >= deadline && now > begin {
                errs.push(format!(
                    "error when {start} pods/\"{name}\" -n \"{ns}\": global timeout reached: {}",
                    go_duration(limit)
                ));
                *st = Evicting::Done;
                continue;
            }
            // Deletion (--disable-eviction) says nothing when it starts.
            let result = if eviction {
                k.out(&format!("evicting pod {ns}/{name}\n"));
                k.ctx.cluster.evict(ns, name, grace)
            } else {
                engine::delete(k.ctx.cluster, rt, ns, name, grace)
            };
            *st = match result {
                Ok(_) => Evicting::Wait(uid.clone()),
                Err(e) if e.reason == cluster::Reason::NotFound => {
                    if eviction {
                        Evicting::Done
                    } else {
                        Evicting::Wait(uid.clone())
                    }
                }
                Err(e) if e.reason == cluster::Reason::TooManyRequests => {
                    k.err(&format!(
                        "error when evicting pods/\"{name}\" -n \"{ns}\" (will retry after 5s): {}\n",
                        e.message
                    ));
                    Evicting::Try(now.plus_ms(5000))
                }
                Err(e) => {
                    errs.push(format!(
                        "error when {start} pods/\"{name}\" -n \"{ns}\": {}",
                        e.message
                    ));
                    Evicting::Done
                }
            };
        }
        let mut waiting = false;
        let mut timed_out = false;
        for (ns, name, _, st) in state.iter_mut() {
            let Evicting::Wait(w) = st else {
                continue;
            };
            let gone = match engine::get(k.ctx.cluster, rt, ns, name) {
                Ok(p) => crate::util::s(&p, "/metadata/uid") != w.as_str(),
                Err(_) => true,
            };
            if gone {
                k.out(&format!("pod/{name} {done}\n"));
                *st = Evicting::Done;
            } else if now.plus_ms(1000) > deadline {
                timed_out = true;
                *st = Evicting::Done;
            } else {
                waiting = true;
            }
        }
        if timed_out {
            errs.push(format!(
                "drain did not complete within {}",
                go_duration(limit)
            ));
        }
        let retrying = state.iter().any(|s| matches!(s.3, Evicting::Try(_)));
        if !waiting && !retrying {
            break;
        }
        // kubectl polls every second.
        k.ctx.cluster.advance(1000);
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

/// Go's Duration.String() for whole seconds and more (`1m0s`, `1h0m0s`).
fn go_duration(ms: i64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    match k.cmd {
        "drain" => drain(k),
        "cordon" => cordon(k, true),
        "uncordon" => cordon(k, false),
        "taint" => taint(k),
        // Docker Desktop's cluster has no metrics-server.
        _ => k.fail("Metrics API not available"),
    }
}
