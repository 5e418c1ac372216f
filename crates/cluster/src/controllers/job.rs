//! The Job controller (batch/v1): runs pods `<job>-<5 chars>` (Indexed:
//! `<job>-<index>-<5 chars>`) until `completions` succeed, at most
//! `parallelism` at a time; replaces failed pods after an exponential
//! back-off until `backoffLimit` is exceeded; honours `suspend`,
//! `activeDeadlineSeconds` and `ttlSecondsAfterFinished`. Status and
//! conditions as v1.32 writes them (SuccessCriteriaMet then Complete;
//! FailureTarget then Failed).

use super::{controller_uid, is_terminating, pod_is_ready};
use crate::events::Source;
use crate::meta::{arr_at, int_at, str_at, uid_of};
use crate::time::Time;
use crate::Cluster;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const COMPONENT: &str = "job-controller";
const INDEX_KEY: &str = "batch.kubernetes.io/job-completion-index";

pub(crate) fn reconcile(c: &mut Cluster) {
    for (ns, name) in c.store.keys("jobs") {
        c.memo_sync_owned("job", "jobs", &ns, &name, &["pods"], |c| {
            sync(c, &ns, &name)
        });
    }
}

fn condition(conds: &[Value], ty: &str) -> bool {
    conds
        .iter()
        .any(|x| str_at(x, "/type") == ty && str_at(x, "/status") == "True")
}

fn new_condition(ty: &str, reason: &str, message: &str, now: &str) -> Value {
    json!({
        "lastProbeTime": now,
        "lastTransitionTime": now,
        "message": message,
        "reason": reason,
        "status": "True",
        "type": ty,
    })
}

/// The instant a finished Job finished (Complete or Failed).
/// ensureJobConditionStatus: sets a condition's status, reason and
/// message (a new condition only when it is True); whether it changed.
fn set_condition(
    conds: &mut Vec<Value>,
    ty: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: &str,
) -> bool {
    let mut cond = new_condition(ty, reason, message, now);
    cond["status"] = json!(status);
    if let Some(x) = conds.iter_mut().find(|x| str_at(x, "/type") == ty) {
        if str_at(x, "/status") != status
            || str_at(x, "/reason") != reason
            || str_at(x, "/message") != message
        {
            *x = cond;
            return true;
        }
        return false;
    }
    if status != "False" {
        conds.push(cond);
        return true;
    }
    false
}

/// Gives every container of an Indexed Job's pod `JOB_COMPLETION_INDEX`
/// from the pod's completion-index annotation (unless it sets its own).
fn add_completion_index_env(pod: &mut Value) {
    let var = json!({
        "name": "JOB_COMPLETION_INDEX",
        "valueFrom": {"fieldRef": {
            "apiVersion": "v1",
            "fieldPath": format!("metadata.annotations['{INDEX_KEY}']"),
        }},
    });
    for key in ["initContainers", "containers"] {
        let Some(cs) = pod
            .pointer_mut(&format!("/spec/{key}"))
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        for c in cs.iter_mut() {
            let Some(c) = c.as_object_mut() else { continue };
            let env = c.entry("env").or_insert_with(|| json!([]));
            if let Some(env) = env.as_array_mut() {
                if !env
                    .iter()
                    .any(|e| str_at(e, "/name") == "JOB_COMPLETION_INDEX")
                {
                    env.push(var.clone());
                }
            }
        }
    }
}

fn finished_at(job: &Value) -> Option<Time> {
    arr_at(job, "/status/conditions")
        .iter()
        .find(|x| {
            matches!(str_at(x, "/type"), "Complete" | "Failed") && str_at(x, "/status") == "True"
        })
        .and_then(|x| Time::parse_rfc3339(str_at(x, "/lastTransitionTime")))
}

fn sync(c: &mut Cluster, ns: &str, name: &str) {
    let now = c.now;
    {
        // A finished Job (or one being deleted) is read by borrow.
        let Some(job) = c.store.get("jobs", ns, name) else {
            return;
        };
        if is_terminating(job) {
            return;
        }
        let conds = arr_at(job, "/status/conditions");
        let finished = condition(conds, "Complete") || condition(conds, "Failed");
        // TTL after finishing.
        if finished {
            if let (Some(ttl), Some(at)) = (
                int_at(job, "/spec/ttlSecondsAfterFinished"),
                finished_at(job),
            ) {
                let due = at.plus_secs(ttl.max(0));
                if now >= due {
                    c.delete_object("jobs", ns, name, Default::default());
                    return;
                }
                c.wake_at(due);
            }
            return;
        }
    }
    let Some(job) = c.store.get("jobs", ns, name).cloned() else {
        return;
    };
    let now_s = now.rfc3339();
    let mut conds: Vec<Value> = arr_at(&job, "/status/conditions").to_vec();
    let uid = uid_of(&job).to_string();
    let pods = pod_infos(c, ns, &uid);
    let active: Vec<&PodInfo> = pods
        .iter()
        .filter(|p| !p.terminating && !p.finished())
        .collect();
    let terminating = pods
        .iter()
        .filter(|p| p.terminating && !p.finished())
        .count();
    let succeeded_pods: Vec<&PodInfo> = pods.iter().filter(|p| p.phase == "Succeeded").collect();
    // v1.32's job tracking: a pod keeps the job-tracking finalizer until the
    // controller has counted it. Failed pods count once, and so do pods
    // deleted before they finished (unless podReplacementPolicy is Failed),
    // even after they are gone.
    let replace_terminating = str_at(&job, "/spec/podReplacementPolicy") != "Failed"
        && job.pointer("/spec/podFailurePolicy").is_none();
    let counts_as_failed = |p: &PodInfo| {
        p.phase == "Failed" || (replace_terminating && p.terminating && p.phase != "Succeeded")
    };
    let newly_failed = pods
        .iter()
        .filter(|p| p.tracked && counts_as_failed(p))
        .count();
    let failed = int_at(&job, "/status/failed").unwrap_or(0) + newly_failed as i64;
    let finished_tracked: Vec<String> = pods
        .iter()
        .filter(|p| p.tracked && (counts_as_failed(p) || p.phase == "Succeeded"))
        .map(|p| p.name.clone())
        .collect();
    for pname in &finished_tracked {
        untrack(c, ns, pname);
    }
    let indexed = str_at(&job, "/spec/completionMode") == "Indexed";
    let completions = int_at(&job, "/spec/completions");
    let parallelism = int_at(&job, "/spec/parallelism").unwrap_or(1).max(0);
    let backoff_limit = int_at(&job, "/spec/backoffLimit").unwrap_or(6).max(0);
    let suspended = job.pointer("/spec/suspend").and_then(Value::as_bool) == Some(true);
    let succeeded_indexes: BTreeSet<i64> =
        crate::sort::set(succeeded_pods.iter().filter_map(|p| p.index));
    let succeeded = if indexed {
        succeeded_indexes.len() as i64
    } else {
        succeeded_pods.len() as i64
    };
    let start = job
        .pointer("/status/startTime")
        .and_then(Value::as_str)
        .and_then(Time::parse_rfc3339);
    let mut start_time = start;
    let mut completion_time: Option<Time> = None;
    let mut to_delete: Vec<String> = Vec::new();

    let complete = match completions {
        Some(n) => succeeded >= n,
        // Work-queue mode: done when one pod succeeded and none is active.
        None => succeeded > 0 && active.is_empty(),
    };
    let deadline_exceeded = match (int_at(&job, "/spec/activeDeadlineSeconds"), start) {
        (Some(d), Some(s)) if !suspended => {
            let due = s.plus_secs(d.max(0));
            if now < due {
                c.wake_at(due);
            }
            now >= due
        }
        _ => false,
    };
    // pastBackoffLimitOnFailure: with restartPolicy OnFailure the
    // containers' restarts in running and pending pods count as failures.
    let on_failure_restarts: i64 =
        if str_at(&job, "/spec/template/spec/restartPolicy") == "OnFailure" {
            pods.iter()
                .filter(|p| matches!(p.phase.as_str(), "Running" | "Pending"))
                .map(|p| p.restarts)
                .sum()
        } else {
            0
        };
    let past_on_failure = if backoff_limit == 0 {
        on_failure_restarts > 0
    } else {
        on_failure_restarts >= backoff_limit
    };
    // The terminal condition waits until the job's pods are gone (v1.32:
    // SuccessCriteriaMet / FailureTarget first, Complete / Failed after).
    let success_target = condition(&conds, "SuccessCriteriaMet");
    let failure_target = condition(&conds, "FailureTarget");
    if success_target || (complete && !failure_target) {
        if !success_target {
            conds.push(new_condition(
                "SuccessCriteriaMet",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                &now_s,
            ));
        }
        to_delete.extend(active.iter().map(|p| p.name.clone()));
    } else if failure_target || failed > backoff_limit || past_on_failure || deadline_exceeded {
        if !failure_target {
            let (reason, message) = if deadline_exceeded {
                (
                    "DeadlineExceeded",
                    "Job was active longer than specified deadline",
                )
            } else {
                (
                    "BackoffLimitExceeded",
                    "Job has reached the specified backoff limit",
                )
            };
            conds.push(new_condition("FailureTarget", reason, message, &now_s));
        }
        to_delete.extend(active.iter().map(|p| p.name.clone()));
    } else if suspended {
        to_delete.extend(active.iter().map(|p| p.name.clone()));
        if set_condition(
            &mut conds,
            "Suspended",
            "True",
            "JobSuspended",
            "Job suspended",
            &now_s,
        ) {
            c.event(
                &job,
                None,
                "Normal",
                "Suspended",
                "Job suspended",
                Source {
                    component: COMPONENT,
                    host: "",
                },
            );
        }
    } else {
        if set_condition(
            &mut conds,
            "Suspended",
            "False",
            "JobResumed",
            "Job resumed",
            &now_s,
        ) {
            c.event(
                &job,
                None,
                "Normal",
                "Resumed",
                "Job resumed",
                Source {
                    component: COMPONENT,
                    host: "",
                },
            );
            // A resumed job's active deadline counts from now.
            start_time = Some(now);
        }
        if start_time.is_none() {
            start_time = Some(now);
        }
        // Back-off after failures: 10s, 20s, ... (capped at 6 minutes),
        // counted from the last failure (a deleted pod's: when it was
        // deleted).
        let last_failure = pods
            .iter()
            .filter(|p| counts_as_failed(p))
            .filter_map(|p| p.failed_at)
            .max();
        let backoff_until = match (failed, last_failure) {
            (f, Some(t)) if f > 0 => {
                let secs = (10i64 << (f - 1).min(6)).min(360);
                Some(t.plus_secs(secs))
            }
            _ => None,
        };
        let wanted = match completions {
            Some(n) => parallelism.min((n - succeeded).max(0)),
            None => {
                if succeeded > 0 {
                    0
                } else {
                    parallelism
                }
            }
        };
        let missing = wanted - active.len() as i64;
        if missing > 0 && (terminating == 0 || replace_terminating) {
            if let Some(until) = backoff_until.filter(|u| *u > now) {
                c.wake_at(until);
            } else {
                let busy: BTreeSet<i64> = crate::sort::set(active.iter().filter_map(|p| p.index));
                let mut free_indexes = (0..completions.unwrap_or(1))
                    .filter(|i| !succeeded_indexes.contains(i) && !busy.contains(i));
                for _ in 0..missing.min(500) {
                    let mut pod = super::replicaset::pod_from_template(&job, &format!("{name}-"));
                    crate::meta::set_path(
                        &mut pod,
                        &["metadata", "finalizers"],
                        json!([TRACKING_FINALIZER]),
                    );
                    if indexed {
                        let Some(i) = free_indexes.next() else { break };
                        crate::meta::set_path(
                            &mut pod,
                            &["metadata", "generateName"],
                            json!(format!("{name}-{i}-")),
                        );
                        crate::meta::set_path(
                            &mut pod,
                            &["metadata", "annotations", INDEX_KEY],
                            json!(i.to_string()),
                        );
                        crate::meta::set_path(
                            &mut pod,
                            &["metadata", "labels", INDEX_KEY],
                            json!(i.to_string()),
                        );
                        crate::meta::set_path(
                            &mut pod,
                            &["spec", "hostname"],
                            json!(format!("{name}-{i}")),
                        );
                        add_completion_index_env(&mut pod);
                    }
                    if super::replicaset::create_pod(c, &job, pod, COMPONENT).is_none() {
                        break;
                    }
                }
            }
        }
    }
    for pname in to_delete {
        if c.delete_object("pods", ns, &pname, Default::default())
            .is_some()
        {
            let msg = format!("Deleted pod: {pname}");
            c.event(
                &job,
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
    // Status from the pods as they are now.
    let Some(job) = c.store.get("jobs", ns, name).cloned() else {
        return;
    };
    let pods = pod_infos(c, ns, &uid);
    let active_now: Vec<&PodInfo> = pods
        .iter()
        .filter(|p| !p.terminating && !p.finished())
        .collect();
    let terminating_now = pods
        .iter()
        .filter(|p| p.terminating && !p.finished())
        .count();
    // The terminal condition, once no pod is left running or terminating.
    if active_now.is_empty() && terminating_now == 0 {
        let target = |ty: &str| {
            conds
                .iter()
                .find(|x| str_at(x, "/type") == ty && str_at(x, "/status") == "True")
                .map(|x| {
                    (
                        str_at(x, "/reason").to_string(),
                        str_at(x, "/message").to_string(),
                    )
                })
        };
        if let Some((reason, message)) = target("SuccessCriteriaMet") {
            conds.push(new_condition("Complete", &reason, &message, &now_s));
            completion_time = Some(now);
            c.event(
                &job,
                None,
                "Normal",
                "Completed",
                "Job completed",
                Source {
                    component: COMPONENT,
                    host: "",
                },
            );
        } else if let Some((reason, message)) = target("FailureTarget") {
            conds.push(new_condition("Failed", &reason, &message, &now_s));
            c.event(
                &job,
                None,
                "Warning",
                &reason,
                &message,
                Source {
                    component: COMPONENT,
                    host: "",
                },
            );
        }
    }
    let mut status = Map::new();
    if !active_now.is_empty() {
        status.insert("active".into(), json!(active_now.len()));
    }
    if indexed && !succeeded_indexes.is_empty() {
        status.insert(
            "completedIndexes".into(),
            json!(index_ranges(&succeeded_indexes)),
        );
    }
    if let Some(t) = completion_time.or_else(|| {
        job.pointer("/status/completionTime")
            .and_then(Value::as_str)
            .and_then(Time::parse_rfc3339)
    }) {
        status.insert("completionTime".into(), json!(t.rfc3339()));
    }
    if !conds.is_empty() {
        status.insert("conditions".into(), Value::Array(conds));
    }
    if failed > 0 {
        status.insert("failed".into(), json!(failed));
    }
    status.insert(
        "ready".into(),
        json!(active_now.iter().filter(|p| p.ready).count()),
    );
    if let Some(t) = start_time {
        status.insert("startTime".into(), json!(t.rfc3339()));
    }
    if succeeded > 0 {
        status.insert("succeeded".into(), json!(succeeded));
    }
    status.insert("terminating".into(), json!(terminating_now));
    status.insert("uncountedTerminatedPods".into(), json!({}));
    let mut j2 = job;
    j2["status"] = Value::Object(status);
    c.put_if_changed("jobs", j2);
}

/// What the Job sync reads of one of its pods (read by borrow: a pod is
/// not cloned).
struct PodInfo {
    name: String,
    phase: String,
    terminating: bool,
    /// Still carries the job-tracking finalizer.
    tracked: bool,
    /// The completion index annotation (Indexed Jobs).
    index: Option<i64>,
    /// Restarts of its init and app containers.
    restarts: i64,
    /// When it failed: its last container's finish, or when it was deleted.
    failed_at: Option<Time>,
    ready: bool,
}

impl PodInfo {
    fn finished(&self) -> bool {
        matches!(self.phase.as_str(), "Succeeded" | "Failed")
    }
}

/// The pods the Job `uid` controls in `ns`, in the store's order.
fn pod_infos(c: &Cluster, ns: &str, uid: &str) -> Vec<PodInfo> {
    c.store
        .list("pods", Some(ns))
        .into_iter()
        .filter(|p| controller_uid(p) == Some(uid))
        .map(|p| PodInfo {
            name: crate::name_of(p).to_string(),
            phase: str_at(p, "/status/phase").to_string(),
            terminating: is_terminating(p),
            tracked: tracked(p),
            index: p
                .pointer("/metadata/annotations")
                .and_then(|a| a.get(INDEX_KEY))
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok()),
            restarts: arr_at(p, "/status/initContainerStatuses")
                .iter()
                .chain(arr_at(p, "/status/containerStatuses"))
                .filter_map(|st| int_at(st, "/restartCount"))
                .sum(),
            failed_at: arr_at(p, "/status/containerStatuses")
                .iter()
                .filter_map(|s| {
                    s.pointer("/state/terminated/finishedAt")
                        .and_then(Value::as_str)
                })
                .filter_map(Time::parse_rfc3339)
                .max()
                .or_else(|| deleted_at(p)),
            ready: pod_is_ready(p),
        })
        .collect()
}

/// The finalizer a Job's pods carry until the controller counted them.
const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";

fn tracked(pod: &Value) -> bool {
    arr_at(pod, "/metadata/finalizers")
        .iter()
        .any(|f| f.as_str() == Some(TRACKING_FINALIZER))
}

/// When a pod was deleted: its deletionTimestamp less its grace period.
fn deleted_at(pod: &Value) -> Option<Time> {
    let at = pod
        .pointer("/metadata/deletionTimestamp")
        .and_then(Value::as_str)
        .and_then(Time::parse_rfc3339)?;
    let grace = int_at(pod, "/metadata/deletionGracePeriodSeconds").unwrap_or(0);
    Some(at.plus_secs(-grace))
}

/// Removes the tracking finalizer from a counted pod; a pod deleted with
/// no grace period that waited only for it goes, as the API server does.
fn untrack(c: &mut Cluster, ns: &str, name: &str) {
    let Some(mut pod) = c.store.get("pods", ns, name).cloned() else {
        return;
    };
    if let Some(meta) = pod.get_mut("metadata").and_then(Value::as_object_mut) {
        if let Some(list) = meta.get_mut("finalizers").and_then(Value::as_array_mut) {
            list.retain(|f| f.as_str() != Some(TRACKING_FINALIZER));
            if list.is_empty() {
                meta.remove("finalizers");
            }
        }
    }
    let gone = pod.pointer("/metadata/deletionTimestamp").is_some()
        && int_at(&pod, "/metadata/deletionGracePeriodSeconds") == Some(0)
        && arr_at(&pod, "/metadata/finalizers").is_empty();
    if gone {
        c.remove("pods", ns, name);
    } else {
        c.put("pods", pod);
    }
}

/// `1,3-5,7`: completed indexes as the Job status lists them.
fn index_ranges(set: &BTreeSet<i64>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut iter = set.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        out.push(if end > start {
            format!("{start}-{end}")
        } else {
            start.to_string()
        });
    }
    out.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    fn job(name: &str, command: &[&str], extra: Value) -> Value {
        let mut j = json!({
            "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
            "spec": {"template": {"spec": {"containers": [{"name": "main", "image": "busybox", "command": command}], "restartPolicy": "Never"}}}
        });
        if let (Some(spec), Some(extra)) = (j["spec"].as_object_mut(), extra.as_object()) {
            for (k, v) in extra {
                spec.insert(k.clone(), v.clone());
            }
        }
        j
    }

    #[test]
    fn a_job_runs_to_completion() {
        let mut c = cluster();
        c.create(
            job(
                "hello",
                &["echo", "hello"],
                json!({"completions": 3, "parallelism": 2}),
            ),
            "default",
        )
        .unwrap();
        let ps = pods(&c, "default");
        assert_eq!(ps.len(), 2, "parallelism 2");
        assert!(crate::name_of(&ps[0]).starts_with("hello-"));
        assert_eq!(ps[0]["metadata"]["labels"]["job-name"], "hello");
        let j = get(&c, "jobs", "default", "hello");
        assert_eq!(j["status"]["active"], 2);
        assert_eq!(j["status"]["ready"], 0);
        assert!(j["status"]["startTime"].is_string());
        c.advance(60_000);
        let j = get(&c, "jobs", "default", "hello");
        assert_eq!(j["status"]["succeeded"], 3);
        assert!(j["status"].get("active").is_none());
        let types: Vec<&str> = j["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["SuccessCriteriaMet", "Complete"]);
        assert!(j["status"]["completionTime"].is_string());
        assert_eq!(
            pods(&c, "default")
                .iter()
                .filter(|p| p["status"]["phase"] == "Succeeded")
                .count(),
            3
        );
        assert!(messages(&c, "default", "hello").contains(&"Job completed".to_string()));
    }

    #[test]
    fn failures_back_off_until_the_limit() {
        let mut c = cluster();
        c.create(
            job("bad", &["sh", "-c", "exit 1"], json!({"backoffLimit": 2})),
            "default",
        )
        .unwrap();
        c.advance(5_000);
        assert_eq!(pods(&c, "default")[0]["status"]["phase"], "Failed");
        assert_eq!(
            pods(&c, "default").len(),
            1,
            "the replacement waits out the back-off"
        );
        c.advance(10_000);
        assert_eq!(pods(&c, "default").len(), 2);
        c.advance(120_000);
        let j = get(&c, "jobs", "default", "bad");
        let types: Vec<&str> = j["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["FailureTarget", "Failed"]);
        assert_eq!(
            j["status"]["conditions"][1]["reason"],
            "BackoffLimitExceeded"
        );
        assert_eq!(j["status"]["failed"], 3);
        assert!(messages(&c, "default", "bad")
            .contains(&"Job has reached the specified backoff limit".to_string()));
    }

    #[test]
    fn indexed_jobs_and_ttl() {
        let mut c = cluster();
        c.create(job("idx", &["echo", "x"], json!({"completions": 3, "parallelism": 3, "completionMode": "Indexed", "ttlSecondsAfterFinished": 100})), "default").unwrap();
        let mut names: Vec<String> = pods(&c, "default")
            .iter()
            .map(|p| crate::name_of(p).to_string())
            .collect();
        crate::sort::sort(&mut names);
        assert!(
            names[0].starts_with("idx-0-") && names[2].starts_with("idx-2-"),
            "{names:?}"
        );
        c.advance(30_000);
        assert_eq!(
            get(&c, "jobs", "default", "idx")["status"]["completedIndexes"],
            "0-2"
        );
        c.advance(100_000);
        assert!(
            get(&c, "jobs", "default", "idx").is_null(),
            "deleted after its TTL"
        );
        c.advance(1_000);
        assert!(pods(&c, "default").is_empty(), "its pods follow");
    }

    #[test]
    fn ranges() {
        assert_eq!(
            index_ranges(&BTreeSet::from([0, 1, 2, 4, 6, 7])),
            "0-2,4,6-7"
        );
    }

    fn condition_types(c: &Cluster, name: &str) -> Vec<String> {
        get(c, "jobs", "default", name)["status"]["conditions"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        format!(
                            "{}={}",
                            x["type"].as_str().unwrap_or(""),
                            x["status"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The creation times of the job's pods, in seconds from the first.
    fn creation_offsets(c: &Cluster) -> Vec<i64> {
        let mut t: Vec<i64> = pods(c, "default")
            .iter()
            .filter_map(|p| {
                crate::time::Time::parse_rfc3339(p["metadata"]["creationTimestamp"].as_str()?)
            })
            .map(|t| t.0 / 1000)
            .collect();
        crate::sort::sort(&mut t);
        let first = t.first().copied().unwrap_or(0);
        t.iter().map(|x| x - first).collect()
    }

    #[test]
    fn back_off_doubles_from_ten_seconds() {
        let mut c = cluster();
        c.create(
            job("bad", &["sh", "-c", "exit 1"], json!({"backoffLimit": 7})),
            "default",
        )
        .unwrap();
        c.advance(1_800_000);
        let t = creation_offsets(&c);
        assert_eq!(t.len(), 8);
        let gaps: Vec<i64> = t.windows(2).map(|w| w[1] - w[0]).collect();
        // Each pod runs ~1-3 s before failing; the waits double from 10 s
        // and stop at 6 minutes.
        for (gap, wait) in gaps.iter().zip([10, 20, 40, 80, 160, 320, 360]) {
            assert!(*gap >= wait && *gap < wait + 5, "{gaps:?}");
        }
    }

    #[test]
    fn a_pod_deleted_while_running_counts_as_failed_and_is_replaced() {
        let mut c = cluster();
        c.create(job("sleeper", &["sleep", "600"], json!({})), "default")
            .unwrap();
        c.advance(5_000);
        let first = pods(&c, "default");
        assert_eq!(first.len(), 1);
        assert_eq!(
            first[0]["metadata"]["finalizers"],
            json!(["batch.kubernetes.io/job-tracking"])
        );
        let name = crate::name_of(&first[0]).to_string();
        let rt = crate::resources::by_plural("pods").unwrap();
        c.delete(rt, "default", &name).unwrap();
        let j = get(&c, "jobs", "default", "sleeper");
        assert_eq!(j["status"]["failed"], 1, "counted when deleted");
        assert_eq!(j["status"]["terminating"], 1);
        c.advance(9_000);
        assert_eq!(pods(&c, "default").len(), 1, "the back-off runs first");
        c.advance(2_000);
        let now: Vec<String> = pods(&c, "default")
            .iter()
            .map(|p| crate::name_of(p).to_string())
            .collect();
        assert_eq!(now.len(), 2, "replaced 10 s after the delete: {now:?}");
        c.advance(60_000);
        let j = get(&c, "jobs", "default", "sleeper");
        assert_eq!(j["status"]["failed"], 1, "counted once");
        assert_eq!(j["status"]["active"], 1);
    }

    #[test]
    fn on_failure_restarts_count_toward_the_backoff_limit() {
        let mut c = cluster();
        let mut j = job("crash", &["sh", "-c", "exit 2"], json!({"backoffLimit": 2}));
        j["spec"]["template"]["spec"]["restartPolicy"] = json!("OnFailure");
        c.create(j, "default").unwrap();
        c.advance(5_000);
        assert_eq!(pods(&c, "default").len(), 1, "restarted in place");
        assert_eq!(condition_types(&c, "crash"), Vec::<String>::new());
        c.advance(120_000);
        assert_eq!(
            condition_types(&c, "crash"),
            ["FailureTarget=True", "Failed=True"]
        );
        let j = get(&c, "jobs", "default", "crash");
        assert_eq!(
            j["status"]["conditions"][1]["reason"],
            "BackoffLimitExceeded"
        );
        assert!(pods(&c, "default").is_empty(), "the pod is deleted");
    }

    #[test]
    fn the_terminal_condition_waits_for_the_pods_to_go() {
        let mut c = cluster();
        c.create(
            job(
                "slow",
                &["sleep", "600"],
                json!({"activeDeadlineSeconds": 10}),
            ),
            "default",
        )
        .unwrap();
        c.advance(10_000);
        assert_eq!(condition_types(&c, "slow"), ["FailureTarget=True"]);
        let p = &pods(&c, "default")[0];
        assert!(p["metadata"]["deletionTimestamp"].is_string());
        c.advance(60_000);
        assert_eq!(
            condition_types(&c, "slow"),
            ["FailureTarget=True", "Failed=True"]
        );
        assert_eq!(
            get(&c, "jobs", "default", "slow")["status"]["conditions"][1]["reason"],
            "DeadlineExceeded"
        );
        assert_eq!(
            event_reasons(&c, "default", "slow"),
            ["SuccessfulCreate", "SuccessfulDelete", "DeadlineExceeded"]
        );
    }

    #[test]
    fn suspend_and_resume() {
        let mut c = cluster();
        c.create(
            job("later", &["echo", "hi"], json!({"suspend": true})),
            "default",
        )
        .unwrap();
        c.advance(10_000);
        assert!(pods(&c, "default").is_empty());
        assert_eq!(condition_types(&c, "later"), ["Suspended=True"]);
        assert!(get(&c, "jobs", "default", "later")["status"]["startTime"].is_null());
        let mut j = get(&c, "jobs", "default", "later");
        j["spec"]["suspend"] = json!(false);
        c.update(j).unwrap();
        assert_eq!(condition_types(&c, "later"), ["Suspended=False"]);
        assert!(get(&c, "jobs", "default", "later")["status"]["startTime"].is_string());
        c.advance(20_000);
        assert_eq!(
            condition_types(&c, "later"),
            [
                "Suspended=False",
                "SuccessCriteriaMet=True",
                "Complete=True"
            ]
        );
        assert_eq!(
            event_reasons(&c, "default", "later"),
            ["Suspended", "Resumed", "SuccessfulCreate", "Completed"]
        );
    }

    #[test]
    fn indexed_pods_see_their_completion_index() {
        let mut c = cluster();
        c.create(
            job(
                "idx",
                &["sh", "-c", "echo index $JOB_COMPLETION_INDEX"],
                json!({"completions": 2, "parallelism": 2, "completionMode": "Indexed"}),
            ),
            "default",
        )
        .unwrap();
        c.advance(30_000);
        let mut seen = Vec::new();
        for p in pods(&c, "default") {
            let env = &p["spec"]["containers"][0]["env"][0];
            assert_eq!(env["name"], "JOB_COMPLETION_INDEX");
            assert_eq!(
                env["valueFrom"]["fieldRef"]["fieldPath"],
                "metadata.annotations['batch.kubernetes.io/job-completion-index']"
            );
            let logs = c.logs("default", crate::name_of(&p), None).unwrap();
            seen.push(
                logs.lines
                    .iter()
                    .map(|l| l.1.clone())
                    .collect::<Vec<_>>()
                    .join(""),
            );
        }
        crate::sort::sort(&mut seen);
        assert_eq!(seen, ["index 0", "index 1"]);
    }
}
