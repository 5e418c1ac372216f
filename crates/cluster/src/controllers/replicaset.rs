//! The ReplicaSet controller: adopts and releases pods by selector, creates
//! pods `<rs>-<5 chars>` up to spec.replicas, deletes the lowest-ranked
//! extras (unscheduled, pending, not ready, newest first), keeps status.

use super::{controller_ref_to, is_terminating, pod_is_ready};
use crate::events::Source;
use crate::meta::{int_at, str_at, uid_of};
use crate::selector::Selector;
use crate::Cluster;
use serde_json::{json, Map, Value};

const COMPONENT: &str = "replicaset-controller";
const BURST: usize = 500;
/// Pods one sync creates or deletes at most; a sync that left some to do
/// runs again in the next reconcile pass at the same instant (its own
/// writes are its inputs), so the other controllers, the scheduler and the
/// kubelets take each batch in turn and a settle can pause between them
/// (`Cluster::work_step`). Like the real controller's slow-start batches,
/// without changing what happens for a workload of up to `BATCH` pods.
pub(crate) const BATCH: usize = 100;
/// Seconds before a ReplicaSet whose pod create was refused first tries
/// again.
const CREATE_RETRY_SECS: i64 = 10;

/// How many of `wanted` creations or deletions `owner_uid` may make now:
/// at most [`BATCH`] per sync and [`BURST`] per instant (the
/// controller's burstReplicas); a wake-up a second later when the burst is
/// spent.
pub(crate) fn allowance(c: &mut Cluster, owner_uid: &str, wanted: usize) -> usize {
    let now = c.now;
    let used = match c.memo.burst.get(owner_uid) {
        Some((t, n)) if *t == now => *n,
        _ => 0,
    };
    let allow = wanted.min(BATCH).min(BURST.saturating_sub(used));
    if wanted > allow && used + allow >= BURST {
        c.wake_at(now.plus_secs(1));
    }
    if allow > 0 {
        c.memo
            .burst
            .insert(owner_uid.to_string(), (now, used + allow));
    }
    allow
}

pub(crate) fn reconcile(c: &mut Cluster) {
    let keys = c.store.keys("replicasets");
    // A step syncs ReplicaSets until it has looked at STEP_OBJECTS pods,
    // then pauses; the next step continues with the next ReplicaSet.
    let mut seen = 0usize;
    for i in super::resume_window(c, &keys, keys.len()) {
        if seen >= super::STEP_OBJECTS {
            super::pause_scan(c, &keys, i);
            return;
        }
        let Some((ns, name)) = keys.get(i) else {
            break;
        };
        c.memo_sync_claims("replicaset", "replicasets", ns, name, "pods", |c| {
            seen += sync_one(c, ns, name);
        });
    }
}

/// Pods a controller owns in its namespace (in name order), after
/// adopting orphans that match `sel` and releasing owned pods that no
/// longer match, each with what `facts` reads of it (read before the
/// adoption, which changes only its ownerReferences). The pods looked at
/// are the ones it controls and the namespace's orphans, never the whole
/// namespace, and none is copied unless it is adopted or released.
pub(crate) fn claim_with<F>(
    c: &mut Cluster,
    owner: &Value,
    sel: &Selector,
    mut facts: impl FnMut(&Value) -> F,
) -> Vec<(String, F)> {
    let ns = crate::namespace_of(owner);
    let uid = uid_of(owner);
    let owner_live = !is_terminating(owner);
    enum Act {
        Keep,
        Release,
        Adopt,
    }
    // The pods it controls and the namespace's orphans, in name order (the
    // order a list of the namespace gives), each with whether it is one it
    // controls (the store's index says so: no need to read it again).
    let mut names: Vec<(&str, bool)> = c
        .store
        .controlled_by("pods", uid)
        .filter(|(n, _)| *n == ns)
        .map(|(_, name)| (name.as_str(), true))
        .chain(c.store.orphans("pods", ns).map(|n| (n.as_str(), false)))
        .collect();
    crate::sort::sort(&mut names);
    let mut acts: Vec<(String, Act, Option<F>)> = Vec::new();
    for (name, controlled) in names {
        let Some(pod) = c.store.get("pods", ns, name) else {
            continue;
        };
        let matches = !sel.is_empty() && sel.matches_obj(pod);
        if controlled {
            if matches {
                acts.push((name.to_string(), Act::Keep, Some(facts(pod))));
            } else if !is_terminating(pod) {
                acts.push((name.to_string(), Act::Release, None));
            }
        } else if matches && owner_live && !is_terminating(pod) {
            acts.push((name.to_string(), Act::Adopt, Some(facts(pod))));
        }
    }
    let ns = ns.to_string();
    let uid = uid.to_string();
    let mut owned = Vec::with_capacity(acts.len());
    for (name, act, f) in acts {
        if let Act::Keep = act {
            if let Some(f) = f {
                owned.push((name, f));
            }
            continue;
        }
        let Some(mut p) = c.store.get("pods", &ns, &name).cloned() else {
            continue;
        };
        match act {
            Act::Keep => {}
            Act::Release => {
                if let Some(refs) = p
                    .pointer_mut("/metadata/ownerReferences")
                    .and_then(Value::as_array_mut)
                {
                    refs.retain(|r| r.get("uid").and_then(Value::as_str) != Some(&uid));
                }
                c.put("pods", p);
            }
            Act::Adopt => {
                if let Some(meta) = p.get_mut("metadata").and_then(Value::as_object_mut) {
                    let refs = meta.entry("ownerReferences").or_insert_with(|| json!([]));
                    if let Some(a) = refs.as_array_mut() {
                        a.push(controller_ref_to(owner));
                    }
                }
                c.put("pods", p);
                if let Some(f) = f {
                    owned.push((name, f));
                }
            }
        }
    }
    owned
}

/// A pod built from a workload's template.
pub(crate) fn pod_from_template(owner: &Value, generate_name: &str) -> Value {
    let tmpl = owner
        .pointer("/spec/template")
        .cloned()
        .unwrap_or(Value::Null);
    let mut meta = Map::new();
    meta.insert("generateName".into(), json!(generate_name));
    meta.insert("namespace".into(), json!(crate::namespace_of(owner)));
    if let Some(l) = tmpl.pointer("/metadata/labels") {
        meta.insert("labels".into(), l.clone());
    }
    if let Some(a) = tmpl.pointer("/metadata/annotations") {
        meta.insert("annotations".into(), a.clone());
    }
    meta.insert("ownerReferences".into(), json!([controller_ref_to(owner)]));
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": Value::Object(meta),
        "spec": tmpl.get("spec").cloned().unwrap_or(json!({})),
    })
}

/// Creates one pod for `owner`, recording SuccessfulCreate or FailedCreate.
pub(crate) fn create_pod(
    c: &mut Cluster,
    owner: &Value,
    pod: Value,
    component: &str,
) -> Option<Value> {
    create_pod_or_error(c, owner, pod, component).ok()
}

/// [`create_pod`], with the API server's message when it refused.
pub(crate) fn create_pod_or_error(
    c: &mut Cluster,
    owner: &Value,
    pod: Value,
    component: &str,
) -> Result<Value, String> {
    let ns = crate::namespace_of(owner).to_string();
    let Some(rt) = crate::resources::by_plural("pods") else {
        return Err(String::new());
    };
    match c.create_object(rt, pod, &ns) {
        Ok(p) => {
            let msg = format!("Created pod: {}", crate::name_of(&p));
            c.event(
                owner,
                None,
                "Normal",
                "SuccessfulCreate",
                &msg,
                Source {
                    component,
                    host: "",
                },
            );
            Ok(p)
        }
        Err(e) => {
            let msg = format!("Error creating: {}", e.message);
            c.event(
                owner,
                None,
                "Warning",
                "FailedCreate",
                &msg,
                Source {
                    component,
                    host: "",
                },
            );
            Err(e.message)
        }
    }
}

/// Ranks pods for deletion on scale-down, most deletable first (the
/// controller's ActivePodsWithRanks order): the indexes of `pods` in that
/// order.
fn deletion_order(pods: &[&Value], now: crate::time::Time) -> Vec<usize> {
    // How many of these pods each node runs (counted once, not per
    // comparison).
    let mut per_node: std::collections::BTreeMap<&str, usize> = Default::default();
    for p in pods {
        *per_node.entry(str_at(p, "/spec/nodeName")).or_default() += 1;
    }
    // A stable sort on keys computed once per pod: the same order as
    // comparing the keys pairwise.
    let mut order: Vec<usize> = (0..pods.len()).collect();
    crate::sort::by_cached_key(&mut order, |i| {
        let p = pods.get(*i).copied().unwrap_or(&Value::Null);
        let node = str_at(p, "/spec/nodeName");
        let assigned = !node.is_empty();
        let phase_rank = match str_at(p, "/status/phase") {
            "Pending" => 0,
            "Unknown" => 1,
            "Running" => 2,
            _ => 3,
        };
        let ready = pod_is_ready(p);
        let colocated = if assigned {
            per_node.get(node).copied().unwrap_or(0)
        } else {
            0
        };
        let ready_for = super::ready_since(p).map(|t| now.0 - t.0).unwrap_or(0);
        let restarts: i64 = crate::meta::arr_at(p, "/status/containerStatuses")
            .iter()
            .filter_map(|s| s.get("restartCount").and_then(Value::as_i64))
            .max()
            .unwrap_or(0);
        let created = str_at(p, "/metadata/creationTimestamp").to_string();
        (
            assigned,
            phase_rank,
            ready,
            std::cmp::Reverse(colocated),
            ready_for,
            std::cmp::Reverse(restarts),
            std::cmp::Reverse(created),
            crate::name_of(p).to_string(),
        )
    });
    order
}

/// What a ReplicaSet's status counts of one pod it controls.
#[derive(Clone, Copy, Default)]
struct Counted {
    active: bool,
    fully_labeled: bool,
    ready: bool,
    available: bool,
    /// When a pod that is not available yet becomes so (minReadySeconds
    /// after its Ready condition's last transition).
    available_at: Option<crate::time::Time>,
}

/// What the status reads of one pod (`tmpl_labels`: the template's), as
/// `pod_is_active`, `pod_is_ready`, `pod_is_available` and `ready_since`
/// read it, with each field looked up once.
fn counted(
    p: &Value,
    tmpl_labels: &std::collections::BTreeMap<String, String>,
    min_ready: i64,
    now: crate::time::Time,
) -> Counted {
    let meta = p.get("metadata");
    let status = p.get("status");
    let phase = status
        .and_then(|s| s.get("phase"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let terminating = meta.is_some_and(|m| m.get("deletionTimestamp").is_some());
    if terminating || phase == "Succeeded" || phase == "Failed" {
        return Counted::default();
    }
    let labels = meta.and_then(|m| m.get("labels"));
    // The first Ready condition, as pod_condition and ready_since find it.
    let cond = status
        .and_then(|s| s.get("conditions"))
        .and_then(Value::as_array)
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.get("type").and_then(Value::as_str) == Some("Ready"))
        });
    let ready = cond.and_then(|c| c.get("status")).and_then(Value::as_str) == Some("True");
    let since = || {
        cond.and_then(|c| c.get("lastTransitionTime"))
            .and_then(Value::as_str)
            .and_then(crate::time::Time::parse_rfc3339)
    };
    let available =
        ready && (min_ready <= 0 || since().is_some_and(|t| t.plus_secs(min_ready) <= now));
    Counted {
        active: true,
        fully_labeled: tmpl_labels.iter().all(|(k, v)| {
            labels.and_then(|l| l.get(k)).and_then(Value::as_str) == Some(v.as_str())
        }),
        ready,
        available,
        available_at: if !available && min_ready > 0 {
            since().map(|t| t.plus_secs(min_ready))
        } else {
            None
        },
    }
}

/// Syncs one ReplicaSet; returns how many pods it looked at.
fn sync_one(c: &mut Cluster, ns: &str, name: &str) -> usize {
    let Some(rs) = c.store.get("replicasets", ns, name).cloned() else {
        return 0;
    };
    if is_terminating(&rs) {
        return 0;
    }
    let sel = rs
        .pointer("/spec/selector")
        .and_then(|s| Selector::from_label_selector(s).ok())
        .unwrap_or_default();
    let min_ready = int_at(&rs, "/spec/minReadySeconds").unwrap_or(0);
    let tmpl_labels = crate::selector::map_of(rs.pointer("/spec/template/metadata/labels"));
    let now = c.now;
    // One look at each pod: the claim, and what the status counts.
    let owned = claim_with(c, &rs, &sel, |p| counted(p, &tmpl_labels, min_ready, now));
    let mut seen = owned.len();
    let active = owned.iter().filter(|(_, f)| f.active).count();
    let want = int_at(&rs, "/spec/replicas").unwrap_or(1).max(0) as usize;
    // A refused create (a quota, a LimitRange): the ReplicaFailure
    // condition, and another try after a back-off.
    let mut failure: Option<String> = None;
    let mut wrote_pods = false;
    if active < want {
        // At most BURST creations per instant (the controller's
        // burstReplicas), the rest a second later; BATCH per sync.
        let allow = allowance(c, uid_of(&rs), want - active);
        for _ in 0..allow {
            let pod = pod_from_template(&rs, &format!("{name}-"));
            wrote_pods = true;
            if let Err(e) = create_pod_or_error(c, &rs, pod, COMPONENT) {
                failure = Some(e);
                break;
            }
        }
    } else if active > want {
        let allow = allowance(c, uid_of(&rs), active - want);
        let extra: Vec<String> = {
            let pods: Vec<&Value> = owned
                .iter()
                .filter(|(_, f)| f.active)
                .filter_map(|(n, _)| c.store.get("pods", ns, n))
                .collect();
            deletion_order(&pods, now)
                .into_iter()
                .take(allow)
                .filter_map(|i| pods.get(i).map(|p| crate::name_of(p).to_string()))
                .collect()
        };
        for pname in extra {
            wrote_pods = true;
            if c.delete_object("pods", ns, &pname, Default::default())
                .is_some()
            {
                let msg = format!("Deleted pod: {pname}");
                c.event(
                    &rs,
                    None,
                    "Normal",
                    "SuccessfulDelete",
                    &msg,
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
            }
        }
    }
    // Status from the pods as they are now: as the claim found them unless
    // this sync created or deleted some.
    let Some(rs) = c.store.get("replicasets", ns, name).cloned() else {
        return seen;
    };
    let fresh: Vec<Counted>;
    let counts: &mut dyn Iterator<Item = &Counted> = if wrote_pods {
        fresh = c
            .store
            .controlled_by("pods", uid_of(&rs))
            .filter(|(pns, _)| pns == ns)
            .filter_map(|(pns, pname)| c.store.get("pods", pns, pname))
            .map(|p| counted(p, &tmpl_labels, min_ready, now))
            .collect();
        seen += fresh.len();
        &mut fresh.iter()
    } else {
        &mut owned.iter().map(|(_, f)| f)
    };
    let (mut count, mut fully, mut ready, mut available) = (0, 0, 0, 0);
    let mut wakes = Vec::new();
    for f in counts.filter(|f| f.active) {
        count += 1;
        fully += usize::from(f.fully_labeled);
        ready += usize::from(f.ready);
        available += usize::from(f.available);
        wakes.extend(f.available_at);
    }
    for t in wakes {
        c.wake_at(t);
    }
    let mut status = Map::new();
    if available > 0 {
        status.insert("availableReplicas".into(), json!(available));
    }
    if fully > 0 {
        status.insert("fullyLabeledReplicas".into(), json!(fully));
    }
    status.insert(
        "observedGeneration".into(),
        json!(int_at(&rs, "/metadata/generation").unwrap_or(1)),
    );
    if ready > 0 {
        status.insert("readyReplicas".into(), json!(ready));
    }
    status.insert("replicas".into(), json!(count));
    let old_failure = crate::meta::arr_at(&rs, "/status/conditions")
        .iter()
        .find(|x| str_at(x, "/type") == "ReplicaFailure")
        .cloned();
    if failure.is_some() {
        // Tries again after as long as the failure has lasted, from 10 s
        // to 1000 s (the rate-limited requeue's doubling, coarser).
        let since = old_failure
            .as_ref()
            .and_then(|f| crate::time::Time::parse_rfc3339(str_at(f, "/lastTransitionTime")))
            .unwrap_or(now);
        let lasted = (now.0 - since.0) / 1000;
        c.wake_at(now.plus_secs(lasted.clamp(CREATE_RETRY_SECS, 1000)));
    }
    match (failure, old_failure) {
        (Some(msg), None) => {
            status.insert(
                "conditions".into(),
                json!([{
                    "lastTransitionTime": now.rfc3339(),
                    "message": msg,
                    "reason": "FailedCreate",
                    "status": "True",
                    "type": "ReplicaFailure",
                }]),
            );
        }
        (Some(_), Some(old)) => {
            status.insert("conditions".into(), json!([old]));
        }
        _ => {}
    }
    let mut new_rs = rs;
    new_rs["status"] = Value::Object(status);
    c.put_if_changed("replicasets", new_rs);
    seen
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use serde_json::json;

    #[test]
    fn deleted_pods_are_replaced_under_a_new_name() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx", 2), "default").unwrap();
        c.advance(10_000);
        let before: Vec<String> = pods(&c, "default")
            .iter()
            .map(|p| crate::name_of(p).to_string())
            .collect();
        c.delete(rt("pods"), "default", &before[0]).unwrap();
        let live: Vec<String> = pods(&c, "default")
            .iter()
            .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
            .map(|p| crate::name_of(p).to_string())
            .collect();
        assert_eq!(live.len(), 2);
        assert!(!live.contains(&before[0]));
        let rs = c.list(rt("replicasets"), Some("default"))[0].clone();
        let rs_name = crate::name_of(&rs).to_string();
        assert!(
            messages(&c, "default", &rs_name)
                .iter()
                .filter(|m| m.starts_with("Created pod: "))
                .count()
                == 3
        );
        c.advance(10_000);
        assert_eq!(pods(&c, "default").len(), 2);
    }

    #[test]
    fn scale_down_removes_the_least_valuable_pods_first() {
        let mut c = cluster();
        c.apply(deployment("web", "nginx", 2), "default").unwrap();
        c.advance(10_000);
        let mut d = get(&c, "deployments", "default", "web");
        d["spec"]["replicas"] = json!(3);
        c.update(d).unwrap();
        let newest = pods(&c, "default")
            .into_iter()
            .max_by_key(|p| {
                p["metadata"]["creationTimestamp"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap();
        // The new pod is not ready yet: it goes first.
        let mut d = get(&c, "deployments", "default", "web");
        d["spec"]["replicas"] = json!(2);
        c.update(d).unwrap();
        let gone = get(&c, "pods", "default", crate::name_of(&newest));
        assert!(gone.is_null() || gone["metadata"]["deletionTimestamp"].is_string());
        let rs = c.list(rt("replicasets"), Some("default"))[0].clone();
        assert!(messages(&c, "default", crate::name_of(&rs))
            .contains(&format!("Deleted pod: {}", crate::name_of(&newest))));
        c.advance(5_000);
        let rs = c.list(rt("replicasets"), Some("default"))[0].clone();
        assert_eq!(rs["status"]["replicas"], 2);
        assert_eq!(rs["status"]["readyReplicas"], 2);
    }

    #[test]
    fn adopts_matching_orphans() {
        let mut c = cluster();
        let rs = json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "front"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"tier": "front"}},
                "template": {"metadata": {"labels": {"tier": "front"}}, "spec": {"containers": [{"name": "n", "image": "nginx"}]}}}
        });
        let mut p = pod("stray", "nginx", &[]);
        p["metadata"]["labels"] = json!({"tier": "front"});
        c.create(p, "default").unwrap();
        c.create(rs, "default").unwrap();
        let stray = get(&c, "pods", "default", "stray");
        assert_eq!(stray["metadata"]["ownerReferences"][0]["name"], "front");
        assert_eq!(pods(&c, "default").len(), 1, "the adopted pod counts");
    }
}
