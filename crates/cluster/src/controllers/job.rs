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
fn finished_at(job: &Value) -> Option<Time> {
    arr_at(job, "/status/conditions")
        .iter()
        .find(|x| {
            matches!(str_at(x, "/type"), "Complete" | "Failed") && str_at(x, "/status") == "True"
        })
        .and_then(|x| Time::parse_rfc3339(str_at(x, "/lastTransitionTime")))
}

fn sync(c: &mut Cluster, ns: &str, name: &str) {
    let Some(job) = c.store.get("jobs", ns, name).cloned() else {
        return;
    };
    if is_terminating(&job) {
        return;
    }
    let now = c.now;
    let now_s = now.rfc3339();
    let mut conds: Vec<Value> = arr_at(&job, "/status/conditions").to_vec();
    let finished = condition(&conds, "Complete") || condition(&conds, "Failed");
    // TTL after finishing.
    if finished {
        if let (Some(ttl), Some(at)) = (
            int_at(&job, "/spec/ttlSecondsAfterFinished"),
            finished_at(&job),
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
    let uid = uid_of(&job).to_string();
    let pods: Vec<Value> = c
        .store
        .list("pods", Some(ns))
        .into_iter()
        .filter(|p| controller_uid(p) == Some(uid.as_str()))
        .cloned()
        .collect();
    let phase = |p: &Value| str_at(p, "/status/phase").to_string();
    let active: Vec<&Value> = pods
        .iter()
        .filter(|p| !is_terminating(p) && !matches!(phase(p).as_str(), "Succeeded" | "Failed"))
        .collect();
    let terminating = pods
        .iter()
        .filter(|p| is_terminating(p) && !matches!(phase(p).as_str(), "Succeeded" | "Failed"))
        .count();
    let succeeded_pods: Vec<&Value> = pods.iter().filter(|p| phase(p) == "Succeeded").collect();
    // Failed pods counted so far stay counted even if someone deletes them.
    let failed = (pods.iter().filter(|p| phase(p) == "Failed").count() as i64)
        .max(int_at(&job, "/status/failed").unwrap_or(0));
    let indexed = str_at(&job, "/spec/completionMode") == "Indexed";
    let completions = int_at(&job, "/spec/completions");
    let parallelism = int_at(&job, "/spec/parallelism").unwrap_or(1).max(0);
    let backoff_limit = int_at(&job, "/spec/backoffLimit").unwrap_or(6).max(0);
    let suspended = job.pointer("/spec/suspend").and_then(Value::as_bool) == Some(true);
    let succeeded_indexes: BTreeSet<i64> = succeeded_pods
        .iter()
        .filter_map(|p| {
            p.pointer(&format!(
                "/metadata/annotations/{}",
                INDEX_KEY.replace('/', "~1")
            ))
            .and_then(Value::as_str)
        })
        .filter_map(|s| s.parse().ok())
        .collect();
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
    if complete {
        conds.push(new_condition(
            "SuccessCriteriaMet",
            "CompletionsReached",
            "Reached expected number of succeeded pods",
            &now_s,
        ));
        conds.push(new_condition(
            "Complete",
            "CompletionsReached",
            "Reached expected number of succeeded pods",
            &now_s,
        ));
        completion_time = Some(now);
        to_delete.extend(active.iter().map(|p| crate::name_of(p).to_string()));
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
    } else if failed > backoff_limit || deadline_exceeded {
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
        conds.push(new_condition("Failed", reason, message, &now_s));
        to_delete.extend(active.iter().map(|p| crate::name_of(p).to_string()));
        c.event(
            &job,
            None,
            "Warning",
            reason,
            message,
            Source {
                component: COMPONENT,
                host: "",
            },
        );
    } else if suspended {
        to_delete.extend(active.iter().map(|p| crate::name_of(p).to_string()));
        start_time = None;
    } else {
        if start_time.is_none() {
            start_time = Some(now);
        }
        // Back-off after failures: 10s, 20s, ... (capped at 6 minutes),
        // counted from the last failure.
        let last_failure = pods
            .iter()
            .filter(|p| phase(p) == "Failed")
            .filter_map(|p| {
                arr_at(p, "/status/containerStatuses")
                    .iter()
                    .filter_map(|s| {
                        s.pointer("/state/terminated/finishedAt")
                            .and_then(Value::as_str)
                    })
                    .filter_map(Time::parse_rfc3339)
                    .max()
            })
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
        if missing > 0 && terminating == 0 {
            if let Some(until) = backoff_until.filter(|u| *u > now) {
                c.wake_at(until);
            } else {
                let busy: BTreeSet<i64> = active
                    .iter()
                    .filter_map(|p| {
                        p.pointer(&format!(
                            "/metadata/annotations/{}",
                            INDEX_KEY.replace('/', "~1")
                        ))
                        .and_then(Value::as_str)
                    })
                    .filter_map(|s| s.parse().ok())
                    .collect();
                let mut free_indexes = (0..completions.unwrap_or(1))
                    .filter(|i| !succeeded_indexes.contains(i) && !busy.contains(i));
                for _ in 0..missing.min(500) {
                    let mut pod = super::replicaset::pod_from_template(&job, &format!("{name}-"));
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
    let pods: Vec<Value> = c
        .store
        .list("pods", Some(ns))
        .into_iter()
        .filter(|p| controller_uid(p) == Some(uid.as_str()))
        .cloned()
        .collect();
    let active_now: Vec<&Value> = pods
        .iter()
        .filter(|p| !is_terminating(p) && !matches!(phase(p).as_str(), "Succeeded" | "Failed"))
        .collect();
    let terminating_now = pods
        .iter()
        .filter(|p| is_terminating(p) && !matches!(phase(p).as_str(), "Succeeded" | "Failed"))
        .count();
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
        json!(active_now.iter().filter(|p| pod_is_ready(p)).count()),
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
        names.sort();
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
}
