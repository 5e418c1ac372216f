//! `kubectl set image` and `kubectl rollout status|restart|history|undo|
//! pause|resume` for Deployments (the revisions are the ReplicaSets'
//! `deployment.kubernetes.io/revision` annotations); `status`, `restart`,
//! `history` and `undo` for StatefulSets and DaemonSets too (their
//! revisions are ControllerRevisions).

use super::{api_message, targets, K};
use crate::engine;
use crate::util::{a, i, name, oi, s};
use cluster::ResourceType;
use serde_json::{json, Value};

const REVISION: &str = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// The objects named by `TYPE NAME` / `TYPE/NAME` arguments.
fn objects(
    k: &mut K<'_, '_, '_>,
    args: &[String],
) -> Result<Vec<(&'static ResourceType, Value)>, i32> {
    if args.is_empty() && k.flags.list("filename").is_empty() {
        return Err(k.fail("required resource not specified"));
    }
    let ns = k.namespace();
    let t = match targets(args) {
        Ok(t) => t,
        Err(e) => return Err(k.fail(&e)),
    };
    let mut out = Vec::new();
    for (rt, n) in t.items {
        let Some(n) = n else {
            return Err(k.fail("resource(s) were provided, but no name was specified"));
        };
        match engine::get(k.ctx.cluster, rt, &ns, &n) {
            Ok(o) => out.push((rt, o)),
            Err(e) => return Err(k.api_fail(&e)),
        }
    }
    Ok(out)
}

/// `rollout history|undo`: Deployments, StatefulSets and DaemonSets (the
/// latter two keep their revisions in ControllerRevisions); other kinds
/// get kubectl's own error.
fn has_history(k: &mut K<'_, '_, '_>, rt: &ResourceType, history: bool) -> Result<(), i32> {
    if matches!(rt.plural, "deployments" | "statefulsets" | "daemonsets") {
        return Ok(());
    }
    let group = if rt.group.is_empty() {
        String::new()
    } else {
        format!(".{}", rt.group)
    };
    let gk = format!("{}{group}", rt.kind);
    Err(k.fail(&if history {
        format!("no history viewer has been implemented for {gk}")
    } else {
        format!("no rollbacker has been implemented for \"{gk}\"")
    }))
}

/// The ControllerRevisions a StatefulSet or DaemonSet controls (selected
/// by its selector, with it as controller), by revision number.
fn controller_revisions(k: &K<'_, '_, '_>, o: &Value) -> Vec<(i64, Value)> {
    let uid = s(o, "/metadata/uid").to_string();
    let sel = o
        .pointer("/spec/selector")
        .and_then(|v| cluster::selector::Selector::from_label_selector(v).ok());
    let mut out: Vec<(i64, Value)> = k
        .ctx
        .cluster
        .store()
        .list("controllerrevisions", Some(crate::util::namespace(o)))
        .into_iter()
        .filter(|r| {
            a(r, "/metadata/ownerReferences").iter().any(|x| {
                s(x, "/uid") == uid && x.get("controller").and_then(Value::as_bool) == Some(true)
            })
        })
        .filter(|r| {
            sel.as_ref()
                .is_some_and(|sel| sel.matches(&cluster::selector::labels_of(r)))
        })
        .map(|r| (i(r, "/revision"), r.clone()))
        .collect();
    cluster::sort::by_key(&mut out, |(r, _)| *r);
    out
}

/// The pod template a ControllerRevision restores.
fn revision_template(r: &Value) -> Value {
    let mut t = r
        .pointer("/data/spec/template")
        .cloned()
        .unwrap_or(Value::Null);
    if let Some(m) = t.as_object_mut() {
        m.remove("$patch");
    }
    t
}

/// The ReplicaSets a Deployment controls, with their revisions.
fn revisions(k: &K<'_, '_, '_>, d: &Value) -> Vec<(i64, Value)> {
    let uid = s(d, "/metadata/uid").to_string();
    let mut out: Vec<(i64, Value)> = k
        .ctx
        .cluster
        .store()
        .list("replicasets", Some(crate::util::namespace(d)))
        .into_iter()
        .filter(|rs| {
            a(rs, "/metadata/ownerReferences").iter().any(|r| {
                s(r, "/uid") == uid && r.get("controller").and_then(Value::as_bool) == Some(true)
            })
        })
        .filter_map(|rs| {
            let rev = rs
                .pointer("/metadata/annotations")
                .and_then(|m| m.get(REVISION))
                .and_then(Value::as_str)
                .and_then(|v| v.parse::<i64>().ok())?;
            Some((rev, rs.clone()))
        })
        .collect();
    cluster::sort::by_key(&mut out, |(r, _)| *r);
    out
}

fn set_image(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let split = args
        .iter()
        .position(|a| a.contains('='))
        .unwrap_or(args.len());
    let (res, updates) = args.split_at(split);
    if updates.is_empty() {
        return k.fail("at least one image update is required");
    }
    let objs = match objects(k, res) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    let mut errs = Vec::new();
    for (rt, mut obj) in objs {
        let pointer = if rt.plural == "pods" {
            "/spec"
        } else {
            "/spec/template/spec"
        };
        let mut changed = false;
        for u in updates {
            let (cname, image) = u.split_once('=').unwrap_or((u.as_str(), ""));
            let mut found = false;
            for key in ["containers", "initContainers"] {
                if let Some(cs) = obj
                    .pointer_mut(&format!("{pointer}/{key}"))
                    .and_then(Value::as_array_mut)
                {
                    for c in cs.iter_mut() {
                        if cname == "*" || c.get("name").and_then(Value::as_str) == Some(cname) {
                            if c.get("image").and_then(Value::as_str) != Some(image) {
                                changed = true;
                            }
                            c["image"] = json!(image);
                            found = true;
                        }
                    }
                }
            }
            if !found {
                errs.push(format!("unable to find container named \"{cname}\""));
            }
        }
        if !errs.is_empty() {
            break;
        }
        let label = format!("{}/{}", rt.qualified_kind_lower(), name(&obj));
        if dry {
            k.out(&format!("{label} image updated (dry run)\n"));
            continue;
        }
        if !changed {
            k.out(&format!("{label} image updated\n"));
            continue;
        }
        match engine::update(k.ctx.cluster, obj) {
            Ok(_) => k.out(&format!("{label} image updated\n")),
            Err(e) => errs.push(api_message(&e)),
        }
    }
    super::print_errors(k, &errs)
}

/// kubectl's deployment status viewer: (message, done).
fn deployment_status(d: &Value) -> Result<(String, bool), String> {
    let n = name(d);
    if i(d, "/metadata/generation") > i(d, "/status/observedGeneration") {
        return Ok((
            "Waiting for deployment spec update to be observed...\n".to_string(),
            false,
        ));
    }
    let timed_out = a(d, "/status/conditions")
        .iter()
        .any(|c| s(c, "/type") == "Progressing" && s(c, "/reason") == "ProgressDeadlineExceeded");
    if timed_out {
        return Err(format!("deployment \"{n}\" exceeded its progress deadline"));
    }
    let want = oi(d, "/spec/replicas").unwrap_or(1);
    let updated = i(d, "/status/updatedReplicas");
    let total = i(d, "/status/replicas");
    let available = i(d, "/status/availableReplicas");
    if updated < want {
        return Ok((
            format!("Waiting for deployment \"{n}\" rollout to finish: {updated} out of {want} new replicas have been updated...\n"),
            false,
        ));
    }
    if total > updated {
        return Ok((
            format!("Waiting for deployment \"{n}\" rollout to finish: {} old replicas are pending termination...\n", total - updated),
            false,
        ));
    }
    if available < updated {
        return Ok((
            format!("Waiting for deployment \"{n}\" rollout to finish: {available} of {updated} updated replicas are available...\n"),
            false,
        ));
    }
    Ok((
        format!("deployment \"{n}\" successfully rolled out\n"),
        true,
    ))
}

/// kubectl's statefulset status viewer.
fn statefulset_status(o: &Value) -> Result<(String, bool), String> {
    let strategy = match s(o, "/spec/updateStrategy/type") {
        "" => "RollingUpdate",
        t => t,
    };
    if strategy != "RollingUpdate" {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let observed = i(o, "/status/observedGeneration");
    if observed == 0 || i(o, "/metadata/generation") > observed {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    let replicas = oi(o, "/spec/replicas");
    let ready = i(o, "/status/readyReplicas");
    if let Some(r) = replicas {
        if ready < r {
            return Ok((
                format!("Waiting for {} pods to be ready...\n", r - ready),
                false,
            ));
        }
    }
    let updated = i(o, "/status/updatedReplicas");
    if o.pointer("/spec/updateStrategy/rollingUpdate")
        .is_some_and(|v| v.is_object())
    {
        if let (Some(r), Some(p)) = (
            replicas,
            oi(o, "/spec/updateStrategy/rollingUpdate/partition"),
        ) {
            if updated < r - p {
                return Ok((
                    format!("Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...\n", r - p),
                    false,
                ));
            }
        }
        return Ok((
            format!("partitioned roll out complete: {updated} new pods have been updated...\n"),
            true,
        ));
    }
    let update_rev = s(o, "/status/updateRevision");
    if update_rev != s(o, "/status/currentRevision") {
        return Ok((
            format!("waiting for statefulset rolling update to complete {updated} pods at revision {update_rev}...\n"),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...\n",
            i(o, "/status/currentReplicas"),
            s(o, "/status/currentRevision")
        ),
        true,
    ))
}

/// kubectl's daemonset status viewer.
fn daemonset_status(o: &Value) -> Result<(String, bool), String> {
    let strategy = match s(o, "/spec/updateStrategy/type") {
        "" => "RollingUpdate",
        t => t,
    };
    if strategy != "RollingUpdate" {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let n = name(o);
    if i(o, "/metadata/generation") > i(o, "/status/observedGeneration") {
        return Ok((
            "Waiting for daemon set spec update to be observed...\n".into(),
            false,
        ));
    }
    let desired = i(o, "/status/desiredNumberScheduled");
    let updated = i(o, "/status/updatedNumberScheduled");
    let available = i(o, "/status/numberAvailable");
    if updated < desired {
        return Ok((
            format!("Waiting for daemon set \"{n}\" rollout to finish: {updated} out of {desired} new pods have been updated...\n"),
            false,
        ));
    }
    if available < desired {
        return Ok((
            format!("Waiting for daemon set \"{n}\" rollout to finish: {available} of {desired} updated pods are available...\n"),
            false,
        ));
    }
    Ok((
        format!("daemon set \"{n}\" successfully rolled out\n"),
        true,
    ))
}

/// Most `rollout status` waits before giving up in the simulation.
const STATUS_LIMIT_MS: i64 = 15 * 60 * 1000;

fn status(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let objs = match objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let watch = k.flags.bool("watch");
    let timeout = crate::flags::parse_go_duration(&k.flags.str("timeout")).unwrap_or(0);
    let ns = k.namespace();
    for (rt, obj) in objs {
        let viewer: fn(&Value) -> Result<(String, bool), String> = match rt.plural {
            "deployments" => deployment_status,
            "statefulsets" => statefulset_status,
            "daemonsets" => daemonset_status,
            _ => {
                let group = if rt.group.is_empty() {
                    String::new()
                } else {
                    format!(".{}", rt.group)
                };
                return k.fail(&format!(
                    "no status viewer has been implemented for {}{group}",
                    rt.kind
                ));
            }
        };
        let dname = name(&obj).to_string();
        let limit = if timeout > 0 {
            timeout
        } else {
            STATUS_LIMIT_MS
        };
        let deadline = k.ctx.cluster.now().plus_ms(limit);
        let mut last_rv = String::new();
        loop {
            let d = match engine::get(k.ctx.cluster, rt, &ns, &dname) {
                Ok(d) => d,
                Err(e) => return k.api_fail(&e),
            };
            let rv = s(&d, "/metadata/resourceVersion").to_string();
            if rv != last_rv {
                last_rv = rv;
                match viewer(&d) {
                    Ok((msg, done)) => {
                        k.out(&msg);
                        if done || !watch {
                            break;
                        }
                    }
                    Err(e) => return k.fail(&e),
                }
            }
            let now = k.ctx.cluster.now();
            match k.ctx.cluster.next_due() {
                Some(t) if t <= deadline => k.ctx.cluster.advance((t.0 - now.0).max(1)),
                _ => {
                    if timeout > 0 {
                        return k.fail("timed out waiting for the condition");
                    }
                    let kind = rt.kind.to_lowercase();
                    return k.fail(&format!(
                        "{kind} \"{dname}\" is not progressing in the simulation (see kubectl describe {kind} {dname})"
                    ));
                }
            }
        }
    }
    0
}

fn restart(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let objs = match objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let now = k.ctx.cluster.now().rfc3339();
    let mut errs = Vec::new();
    for (rt, mut obj) in objs {
        if !matches!(rt.plural, "deployments" | "daemonsets" | "statefulsets") {
            errs.push(format!(
                "{}s \"{}\" restarting is not supported",
                rt.kind.to_lowercase(),
                name(&obj)
            ));
            continue;
        }
        let label = format!("{}/{}", rt.qualified_kind_lower(), name(&obj));
        if obj
            .pointer("/spec/template/metadata/annotations")
            .is_none_or(|v| !v.is_object())
        {
            obj["spec"]["template"]["metadata"]["annotations"] = json!({});
        }
        obj["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"] =
            json!(now);
        match engine::update(k.ctx.cluster, obj) {
            Ok(_) => k.out(&format!("{label} restarted\n")),
            Err(e) => errs.push(api_message(&e)),
        }
    }
    super::print_errors(k, &errs)
}

/// `rollout pause` / `rollout resume`: Deployments only, as in kubectl.
fn pause(k: &mut K<'_, '_, '_>, on: bool) -> i32 {
    let args = k.flags.args.clone();
    let objs = match objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let mut errs = Vec::new();
    for (rt, mut obj) in objs {
        let resource = if rt.group.is_empty() {
            rt.plural.to_string()
        } else {
            format!("{}.{}", rt.plural, rt.group)
        };
        if rt.plural != "deployments" {
            let what = if on { "pausing" } else { "resuming" };
            errs.push(format!(
                "error: {resource} \"{}\" {what} is not supported",
                name(&obj)
            ));
            continue;
        }
        let label = format!("{}/{}", rt.qualified_kind_lower(), name(&obj));
        let paused = crate::util::b(&obj, "/spec/paused");
        if paused == on {
            let word = if on { "paused" } else { "resumed" };
            k.out(&format!("{label} already {word}\n"));
            continue;
        }
        if on {
            obj["spec"]["paused"] = json!(true);
        } else if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
            spec.remove("paused");
        }
        let word = if on { "paused" } else { "resumed" };
        match engine::update(k.ctx.cluster, obj) {
            Ok(_) => k.out(&format!("{label} {word}\n")),
            Err(e) => errs.push(api_message(&e)),
        }
    }
    super::print_errors(k, &errs)
}

fn history(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let objs = match objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let want = k.flags.int("revision");
    for (rt, obj) in objs {
        if let Err(c) = has_history(k, rt, true) {
            return c;
        }
        // (revision, template, change-cause) of each revision.
        let revs: Vec<(i64, Value, String)> = if rt.plural == "deployments" {
            revisions(k, &obj)
                .into_iter()
                .map(|(r, rs)| {
                    let t = rs.pointer("/spec/template").cloned().unwrap_or(Value::Null);
                    (r, t, change_cause(&rs))
                })
                .collect()
        } else {
            controller_revisions(k, &obj)
                .into_iter()
                .map(|(r, cr)| (r, revision_template(&cr), change_cause(&cr)))
                .collect()
        };
        let label = format!("{}/{}", rt.qualified_kind_lower(), name(&obj));
        if revs.is_empty() {
            k.out(&format!("{label} \nNo rollout history found.\n"));
            continue;
        }
        if want > 0 {
            let Some((_, tmpl, _)) = revs.iter().rev().find(|(r, _, _)| *r == want) else {
                return k.fail("unable to find the specified revision");
            };
            let mut w = String::new();
            w.push_str(&format!("{label} with revision #{want}\n"));
            w.push_str(&crate::describe::pod_template_raw(tmpl));
            w.push('\n');
            k.out(&w);
            continue;
        }
        let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
        let mut last = None;
        for (r, _, cause) in &revs {
            // One row per revision number, as kubectl keys them.
            if last == Some(*r) {
                rows.pop();
            }
            last = Some(*r);
            rows.push(vec![r.to_string(), cause.clone()]);
        }
        let table = crate::util::tabwriter(&rows, 0, 2);
        k.out(&format!("{label} \n{table}\n"));
    }
    0
}

/// The `kubernetes.io/change-cause` annotation, or `<none>`.
fn change_cause(o: &Value) -> String {
    o.pointer("/metadata/annotations")
        .and_then(|m| m.get(CHANGE_CAUSE))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .unwrap_or("<none>")
        .to_string()
}

fn undo(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let objs = match objects(k, &args) {
        Ok(o) => o,
        Err(c) => return c,
    };
    let to = k.flags.int("to-revision");
    let mut errs = Vec::new();
    for (rt, obj) in objs {
        if let Err(c) = has_history(k, rt, false) {
            return c;
        }
        let result = if rt.plural == "deployments" {
            undo_deployment(k, rt, obj, to)
        } else {
            undo_controller_revision(k, rt, obj, to)
        };
        if let Err(e) = result {
            errs.push(e);
        }
    }
    super::print_errors(k, &errs)
}

fn undo_deployment(
    k: &mut K<'_, '_, '_>,
    rt: &ResourceType,
    mut obj: Value,
    to: i64,
) -> Result<(), String> {
    let revs = revisions(k, &obj);
    let dname = name(&obj).to_string();
    let current = s(
        &obj,
        "/metadata/annotations/deployment.kubernetes.io~1revision",
    )
    .parse::<i64>()
    .unwrap_or(0);
    let target = if to > 0 {
        revs.iter().find(|(r, _)| *r == to)
    } else {
        revs.iter().rev().find(|(r, _)| *r != current)
    };
    let Some((_, rs)) = target else {
        if to > 0 {
            return Err(format!("unable to find specified revision {to} in history"));
        }
        return Err(format!(
            "no rollout history found for deployment \"{dname}\""
        ));
    };
    let mut tmpl = rs.pointer("/spec/template").cloned().unwrap_or(Value::Null);
    if let Some(l) = tmpl
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        l.remove("pod-template-hash");
    }
    let label = format!("{}/{}", rt.qualified_kind_lower(), dname);
    if obj.pointer("/spec/template") == Some(&tmpl) {
        k.out(&format!(
            "{label} skipped rollback (current template already matches revision {})\n",
            target.map(|t| t.0).unwrap_or(0)
        ));
        return Ok(());
    }
    obj["spec"]["template"] = tmpl;
    match engine::update(k.ctx.cluster, obj) {
        Ok(_) => {
            k.out(&format!("{label} rolled back\n"));
            Ok(())
        }
        Err(e) => Err(api_message(&e)),
    }
}

/// kubectl's StatefulSet and DaemonSet rollbackers: the revision asked
/// for (by default the one before the newest) patched back into the
/// object's template.
fn undo_controller_revision(
    k: &mut K<'_, '_, '_>,
    rt: &ResourceType,
    mut obj: Value,
    to: i64,
) -> Result<(), String> {
    if to < 0 {
        return Err(format!("unable to find specified revision {to} in history"));
    }
    let revs = controller_revisions(k, &obj);
    if to == 0 && revs.len() <= 1 {
        return Err("no last revision to roll back to".to_string());
    }
    let target = if to == 0 {
        revs.len().checked_sub(2).and_then(|i| revs.get(i))
    } else {
        revs.iter().find(|(r, _)| *r == to)
    };
    let Some((_, cr)) = target else {
        return Err(format!("unable to find specified revision {to} in history"));
    };
    let tmpl = revision_template(cr);
    let label = format!("{}/{}", rt.qualified_kind_lower(), name(&obj));
    let dry_run = k.flags.str("dry-run");
    if dry_run == "client" {
        // The template it would restore, as the rollbacker prints it.
        k.out(&format!(
            "{label} will roll back to {} (dry run)\n",
            crate::describe::pod_template_raw(&tmpl)
        ));
        return Ok(());
    }
    if obj.pointer("/spec/template") == Some(&tmpl) {
        k.out(&format!(
            "{label} skipped rollback (current template already matches revision {to})\n"
        ));
        return Ok(());
    }
    if dry_run == "server" {
        k.out(&format!("{label} rolled back (server dry run)\n"));
        return Ok(());
    }
    obj["spec"]["template"] = tmpl;
    match engine::update(k.ctx.cluster, obj) {
        Ok(_) => {
            k.out(&format!("{label} rolled back\n"));
            Ok(())
        }
        Err(e) => Err(format!(
            "failed restoring revision {to}: {}",
            api_message(&e)
        )),
    }
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    match k.cmd {
        "set image" => set_image(k),
        "rollout status" => status(k),
        "rollout restart" => restart(k),
        "rollout history" => history(k),
        "rollout undo" => undo(k),
        "rollout pause" => pause(k, true),
        "rollout resume" => pause(k, false),
        other => {
            let o = other.to_string();
            k.fail(&format!(
                "\"kubectl {o}\" is not simulated in this playground"
            ))
        }
    }
}
