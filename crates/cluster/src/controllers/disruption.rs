//! The disruption controller: each PodDisruptionBudget's status from the
//! pods its selector matches (currentHealthy, desiredHealthy,
//! expectedPods, disruptionsAllowed, observedGeneration, the
//! DisruptionAllowed condition), and the eviction API's budget check
//! (`Cluster::evict`). A budget syncs only when pods or workloads of its
//! namespace were written; nothing runs while no budget exists.

use super::{is_terminating, pod_is_ready};
use crate::api::DeleteOptions;
use crate::error::{ApiError, Reason};
use crate::events::Source;
use crate::meta::{arr_at, int_at, str_at};
use crate::selector::Selector;
use crate::time::Time;
use crate::Cluster;
use serde_json::{json, Map, Value};

/// How long an eviction's pod stays out of the healthy count while the
/// controller waits for its deletion (DeletionTimeout).
const DELETION_TIMEOUT_SECS: i64 = 120;

/// The workloads whose scale a budget may read.
const SCALED: [&str; 4] = [
    "replicasets",
    "deployments",
    "statefulsets",
    "replicationcontrollers",
];

pub(crate) fn reconcile(c: &mut Cluster) {
    if c.store.count("poddisruptionbudgets") == 0 {
        return;
    }
    for (ns, name) in c.store.keys("poddisruptionbudgets") {
        let inputs: Vec<(&'static str, &str)> = std::iter::once("pods")
            .chain(SCALED)
            .map(|p| (p, ns.as_str()))
            .collect();
        c.memo_sync(
            "disruption",
            "poddisruptionbudgets",
            &ns,
            &name,
            &inputs,
            |c| sync_one(c, &ns, &name),
        );
    }
}

/// The pods a budget selects (policy/v1: an empty selector selects every
/// pod of the namespace, a missing one none).
fn selected_pods<'a>(c: &'a Cluster, pdb: &Value) -> Vec<&'a Value> {
    let Some(sel) = pdb.pointer("/spec/selector").filter(|v| v.is_object()) else {
        return Vec::new();
    };
    let Ok(sel) = Selector::from_label_selector(sel) else {
        return Vec::new();
    };
    c.store
        .list("pods", Some(crate::namespace_of(pdb)))
        .into_iter()
        .filter(|p| sel.matches_obj(p))
        .collect()
}

/// The pods' controllers' scale, each controller once (a ReplicaSet of a
/// Deployment counts as the Deployment), and whether some pod has no
/// controller (those are left out); or the error getExpectedScale gives.
fn expected_scale(c: &Cluster, pods: &[&Value], unmanaged: &mut bool) -> Result<i64, String> {
    let mut seen: Vec<String> = Vec::new();
    // The controller uids already counted (most pods share one).
    let mut owners: Vec<&str> = Vec::new();
    let mut total = 0i64;
    for p in pods {
        let Some(owner) = arr_at(p, "/metadata/ownerReferences")
            .iter()
            .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        else {
            *unmanaged = true;
            continue;
        };
        let owner_uid = str_at(owner, "/uid");
        if owners.contains(&owner_uid) {
            continue;
        }
        owners.push(owner_uid);
        let ns = crate::namespace_of(p);
        let plural = match str_at(owner, "/kind") {
            "ReplicaSet" => "replicasets",
            "StatefulSet" => "statefulsets",
            "ReplicationController" => "replicationcontrollers",
            "Deployment" => "deployments",
            _ => "",
        };
        let found = c
            .store
            .get(plural, ns, str_at(owner, "/name"))
            .filter(|o| str_at(o, "/metadata/uid") == str_at(owner, "/uid"));
        let Some(mut ctl) = found else {
            return Err(format!(
                "found no controllers for pod \"{}\"",
                crate::name_of(p)
            ));
        };
        if plural == "replicasets" {
            if let Some(dep) = arr_at(ctl, "/metadata/ownerReferences")
                .iter()
                .find(|r| {
                    str_at(r, "/kind") == "Deployment"
                        && r.get("controller").and_then(Value::as_bool) == Some(true)
                })
                .and_then(|r| c.store.get("deployments", ns, str_at(r, "/name")))
            {
                ctl = dep;
            }
        }
        let uid = str_at(ctl, "/metadata/uid").to_string();
        if !seen.contains(&uid) {
            total = total.saturating_add(int_at(ctl, "/spec/replicas").unwrap_or(1).max(0));
            seen.push(uid);
        }
    }
    Ok(total)
}

/// An int-or-percent against `total`, percents rounded up
/// (GetScaledValueFromIntOrPercent with roundUp).
fn scaled(v: &Value, total: i64) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            let p: i64 = s.strip_suffix('%')?.parse().ok()?;
            Some((p.saturating_mul(total).saturating_add(99)) / 100)
        }
        _ => None,
    }
}

/// (expectedCount, desiredHealthy) of a budget, or why they are unknown;
/// `unmanaged` tells whether a pod without a controller was left out.
fn expectations(
    c: &Cluster,
    pdb: &Value,
    pods: &[&Value],
    unmanaged: &mut bool,
) -> Result<(i64, i64), String> {
    let min = pdb.pointer("/spec/minAvailable").filter(|v| !v.is_null());
    let max = pdb.pointer("/spec/maxUnavailable").filter(|v| !v.is_null());
    match (min, max) {
        (_, Some(m)) => {
            let expected = expected_scale(c, pods, unmanaged)?;
            let unavailable = scaled(m, expected).unwrap_or(0);
            Ok((expected, (expected - unavailable).max(0)))
        }
        (Some(Value::Number(n)), None) => Ok((pods.len() as i64, n.as_i64().unwrap_or(0))),
        (Some(m), None) => {
            let expected = expected_scale(c, pods, unmanaged)?;
            Ok((expected, scaled(m, expected).unwrap_or(0)))
        }
        (None, None) => Ok((pods.len() as i64, 0)),
    }
}

/// The DisruptionAllowed condition for `allowed`, keeping the transition
/// time while its status stays.
fn allowed_condition(old: &[Value], allowed: bool, generation: i64, now: Time) -> Value {
    let (status, reason) = if allowed {
        ("True", "SufficientPods")
    } else {
        ("False", "InsufficientPods")
    };
    condition(old, status, reason, "", generation, now)
}

fn condition(
    old: &[Value],
    status: &str,
    reason: &str,
    message: &str,
    generation: i64,
    now: Time,
) -> Value {
    let prev = old
        .iter()
        .find(|c| str_at(c, "/type") == "DisruptionAllowed");
    let transition = match prev {
        Some(p) if str_at(p, "/status") == status => str_at(p, "/lastTransitionTime").to_string(),
        _ => now.rfc3339(),
    };
    json!({
        "lastTransitionTime": transition,
        "message": message,
        "observedGeneration": generation,
        "reason": reason,
        "status": status,
        "type": "DisruptionAllowed",
    })
}

fn sync_one(c: &mut Cluster, ns: &str, name: &str) {
    let Some(pdb) = c.store.get("poddisruptionbudgets", ns, name).cloned() else {
        return;
    };
    if is_terminating(&pdb) {
        return;
    }
    let now = c.now;
    let generation = int_at(&pdb, "/metadata/generation").unwrap_or(1);
    let old_conds = arr_at(&pdb, "/status/conditions").to_vec();
    let pods = selected_pods(c, &pdb);
    let no_pods = pods.is_empty();
    let mut status = Map::new();
    let mut events: Vec<(&str, &str, String)> = Vec::new();
    if no_pods {
        events.push(("Normal", "NoPods", "No matching pods found".to_string()));
    }
    let mut unmanaged = false;
    let expected = expectations(c, &pdb, &pods, &mut unmanaged);
    if unmanaged {
        events.push((
            "Warning",
            "UnmanagedPods",
            format!(
                "Pods selected by this PodDisruptionBudget (selector: {}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.",
                go_label_selector(pdb.pointer("/spec/selector"))
            ),
        ));
    }
    match expected {
        Err(e) => {
            // failSafe: no disruption allowed while the scale is unknown.
            if let Some(old) = pdb.get("status").and_then(Value::as_object) {
                status = old.clone();
            }
            let og = status
                .get("observedGeneration")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            status.insert("disruptionsAllowed".into(), json!(0));
            status.insert(
                "conditions".into(),
                json!([condition(&old_conds, "False", "SyncFailed", &e, og, now)]),
            );
            events.push((
                "Warning",
                "CalculateExpectedPodCountFailed",
                format!("Failed to calculate the number of expected pods: {e}"),
            ));
        }
        Ok((expected, desired)) => {
            // Evicted pods the controller has not seen deleted yet do not
            // count as healthy, for DELETION_TIMEOUT_SECS.
            let mut disrupted = Map::new();
            let mut recheck: Option<Time> = None;
            if let Some(m) = pdb
                .pointer("/status/disruptedPods")
                .and_then(Value::as_object)
            {
                for (pod, at) in m {
                    let live = pods
                        .iter()
                        .any(|p| crate::name_of(p) == pod && !is_terminating(p));
                    let expires = at
                        .as_str()
                        .and_then(Time::parse_rfc3339)
                        .map(|t| t.plus_secs(DELETION_TIMEOUT_SECS));
                    if let (true, Some(exp)) = (live, expires) {
                        if exp > now {
                            disrupted.insert(pod.clone(), at.clone());
                            recheck = Some(recheck.map_or(exp, |r: Time| r.min(exp)));
                        }
                    }
                }
            }
            let current = pods
                .iter()
                .filter(|p| {
                    !is_terminating(p)
                        && !disrupted.contains_key(crate::name_of(p))
                        && pod_is_ready(p)
                })
                .count() as i64;
            let allowed = if expected <= 0 {
                0
            } else {
                (current - desired).max(0)
            };
            status.insert(
                "conditions".into(),
                json!([allowed_condition(&old_conds, allowed > 0, generation, now)]),
            );
            status.insert("currentHealthy".into(), json!(current));
            status.insert("desiredHealthy".into(), json!(desired));
            if !disrupted.is_empty() {
                status.insert("disruptedPods".into(), Value::Object(disrupted));
            }
            status.insert("disruptionsAllowed".into(), json!(allowed));
            status.insert("expectedPods".into(), json!(expected));
            status.insert("observedGeneration".into(), json!(generation));
            if let Some(t) = recheck {
                c.wake_at(t.plus_ms(1));
            }
        }
    }
    let mut new = pdb.clone();
    new["status"] = Value::Object(status);
    let wrote = c.put_if_changed("poddisruptionbudgets", new);
    let first = pdb.get("status").is_none();
    if !(wrote || first) {
        return;
    }
    let cur = c
        .store
        .get("poddisruptionbudgets", ns, name)
        .cloned()
        .unwrap_or(pdb);
    for (ty, reason, msg) in events {
        {
            c.event(
                &cur,
                None,
                ty,
                reason,
                &msg,
                Source {
                    component: "controllermanager",
                    host: "",
                },
            );
        }
    }
}

impl Cluster {
    /// The eviction subresource (`POST pods/NAME/eviction`): deletes the
    /// pod gracefully unless that would violate its PodDisruptionBudget
    /// (`TooManyRequests`: "Cannot evict pod as it would violate the pod's
    /// disruption budget."), recording the pod as disrupted in the
    /// budget's status. A pod that is pending, finished or already being
    /// deleted is deleted without looking at budgets.
    pub fn evict(
        &mut self,
        ns: &str,
        name: &str,
        grace_period_seconds: Option<i64>,
    ) -> Result<Value, ApiError> {
        self.finish_pending();
        let pod = self
            .store
            .get("pods", ns, name)
            .cloned()
            .ok_or_else(|| ApiError::not_found("pods", name))?;
        let opts = DeleteOptions {
            grace_period_seconds,
            ..DeleteOptions::default()
        };
        let ignore_budgets = matches!(
            str_at(&pod, "/status/phase"),
            "Succeeded" | "Failed" | "Pending"
        ) || is_terminating(&pod);
        if !ignore_budgets {
            let budgets: Vec<Value> = self
                .store
                .list("poddisruptionbudgets", Some(ns))
                .into_iter()
                .filter(|b| {
                    b.pointer("/spec/selector")
                        .filter(|v| v.is_object())
                        .and_then(|v| Selector::from_label_selector(v).ok())
                        .is_some_and(|s| s.matches_obj(&pod))
                })
                .cloned()
                .collect();
            if budgets.len() > 1 {
                return Err(ApiError::new(
                    Reason::InternalError,
                    "Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                ));
            }
            if let Some(pdb) = budgets.into_iter().next() {
                self.check_and_decrement(pdb, &pod)?;
            }
        }
        // addConditionAndDeletePod: the pod says why it goes.
        let mut marked = pod.clone();
        crate::scheduler::set_pod_condition(
            &mut marked,
            json!({"lastProbeTime": null, "lastTransitionTime": self.now.rfc3339(), "message": "Eviction API: evicting", "reason": "EvictionByEvictionAPI", "status": "True", "type": "DisruptionTarget"}),
        );
        self.put_if_changed("pods", marked);
        let out = self.delete_object("pods", ns, name, opts);
        self.settle();
        Ok(out.unwrap_or(pod))
    }

    /// The eviction's budget check: an unready pod goes when the budget is
    /// already met; otherwise one allowed disruption is used up.
    fn check_and_decrement(&mut self, mut pdb: Value, pod: &Value) -> Result<(), ApiError> {
        let st = |k: &str| int_at(&pdb, &format!("/status/{k}")).unwrap_or(0);
        let desired = st("desiredHealthy");
        if !pod_is_ready(pod) && st("currentHealthy") >= desired && desired > 0 {
            return Ok(());
        }
        let too_many = || {
            ApiError::new(
                Reason::TooManyRequests,
                "Cannot evict pod as it would violate the pod's disruption budget.",
            )
        };
        let generation = int_at(&pdb, "/metadata/generation").unwrap_or(1);
        if st("observedGeneration") < generation {
            return Err(too_many());
        }
        let allowed = st("disruptionsAllowed");
        if allowed < 0 {
            return Err(ApiError::new(
                Reason::Forbidden,
                format!(
                    "poddisruptionbudgets.policy \"{}\" is forbidden: pdb disruptions allowed is negative",
                    crate::name_of(&pdb)
                ),
            ));
        }
        if allowed == 0 {
            return Err(too_many());
        }
        let now = self.now;
        if let Some(status) = pdb.get_mut("status").and_then(Value::as_object_mut) {
            status.insert("disruptionsAllowed".into(), json!(allowed - 1));
            if allowed - 1 == 0 {
                let old = status
                    .get("conditions")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let og = status
                    .get("observedGeneration")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                status.insert(
                    "conditions".into(),
                    json!([allowed_condition(&old, false, og, now)]),
                );
            }
            let disrupted = status.entry("disruptedPods").or_insert_with(|| json!({}));
            if let Some(m) = disrupted.as_object_mut() {
                m.insert(crate::name_of(pod).to_string(), json!(now.rfc3339()));
            }
        }
        self.put("poddisruptionbudgets", pdb);
        Ok(())
    }
}

/// `%v` of a *metav1.LabelSelector (its generated String()).
fn go_label_selector(sel: Option<&Value>) -> String {
    let Some(sel) = sel.filter(|v| v.is_object()) else {
        return "nil".to_string();
    };
    let labels: Vec<String> = sel
        .get("matchLabels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}: {},", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    let exprs: Vec<String> = arr_at(sel, "/matchExpressions")
        .iter()
        .map(|e| {
            let values: Vec<&str> = arr_at(e, "/values")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            format!(
                "LabelSelectorRequirement{{Key:{},Operator:{},Values:[{}],}},",
                str_at(e, "/key"),
                str_at(e, "/operator"),
                values.join(" ")
            )
        })
        .collect();
    format!(
        "&LabelSelector{{MatchLabels:map[string]string{{{}}},MatchExpressions:[]LabelSelectorRequirement{{{}}},}}",
        labels.concat(),
        exprs.concat()
    )
}

#[cfg(test)]
mod tests {
    use crate::error::Reason;
    use crate::testutil::*;
    use serde_json::json;

    fn pdb(name: &str, min: serde_json::Value) -> serde_json::Value {
        json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": name},
            "spec": {"selector": {"matchLabels": {"app": "web"}}, "minAvailable": min}})
    }

    #[test]
    fn evictions_respect_the_budget_and_a_refusal_changes_nothing() {
        let mut c = cluster();
        c.create(deployment("web", "nginx", 2), "default").unwrap();
        c.advance(20_000);
        c.create(pdb("web", json!(1)), "default").unwrap();
        let st = get(&c, "poddisruptionbudgets", "default", "web")["status"].clone();
        assert_eq!(st["currentHealthy"], 2);
        assert_eq!(st["desiredHealthy"], 1);
        assert_eq!(st["expectedPods"], 2);
        assert_eq!(st["disruptionsAllowed"], 1);
        assert_eq!(st["conditions"][0]["reason"], "SufficientPods");
        let names: Vec<String> = pods(&c, "default")
            .iter()
            .map(|p| crate::name_of(p).to_string())
            .collect();
        let gone = c.evict("default", &names[0], None).unwrap();
        let reasons: Vec<&str> = gone["status"]["conditions"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x["reason"].as_str()).collect())
            .unwrap_or_default();
        assert!(reasons.contains(&"EvictionByEvictionAPI"), "{reasons:?}");
        let st = get(&c, "poddisruptionbudgets", "default", "web")["status"].clone();
        assert_eq!(st["disruptionsAllowed"], 0);
        assert_eq!(st["conditions"][0]["reason"], "InsufficientPods");
        let before = c.store().resource_version();
        let err = c.evict("default", &names[1], None).unwrap_err();
        assert_eq!(err.reason, Reason::TooManyRequests);
        assert_eq!(
            err.message,
            "Cannot evict pod as it would violate the pod's disruption budget."
        );
        assert_eq!(c.store().resource_version(), before);
        // Once the replacement is Ready the budget allows one again.
        c.advance(20_000);
        assert_eq!(
            get(&c, "poddisruptionbudgets", "default", "web")["status"]["disruptionsAllowed"],
            1
        );
        c.evict("default", &names[1], None).unwrap();
        // A second budget over the same pods: the eviction API gives up.
        c.advance(20_000);
        c.create(pdb("web2", json!("50%")), "default").unwrap();
        let live = crate::name_of(&pods(&c, "default")[0]).to_string();
        let err = c.evict("default", &live, None).unwrap_err();
        assert_eq!(err.reason, Reason::InternalError);
        assert!(c.evict("default", "missing", None).is_err());
    }
}
