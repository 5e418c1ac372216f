//! The CronJob controller (batch/v1): at each scheduled time creates a Job
//! `<cronjob>-<scheduled unix minutes>` from the job template (only the
//! latest missed run after a long pause), honours `suspend`,
//! `concurrencyPolicy` (Allow, Forbid, Replace) and
//! `startingDeadlineSeconds`, tracks `active`, `lastScheduleTime` and
//! `lastSuccessfulTime`, and keeps `successfulJobsHistoryLimit` /
//! `failedJobsHistoryLimit` finished Jobs.

use super::{controller_ref_to, controller_uid, is_terminating};
use crate::cron::{Schedule, Zone};
use crate::events::Source;
use crate::meta::{arr_at, int_at, str_at, uid_of};
use crate::time::Time;
use crate::Cluster;
use serde_json::{json, Map, Value};

const COMPONENT: &str = "cronjob-controller";
const SCHEDULED: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

pub(crate) fn reconcile(c: &mut Cluster) {
    for (ns, name) in c.store.keys("cronjobs") {
        c.memo_sync_owned("cronjob", "cronjobs", &ns, &name, &["jobs"], |c| {
            sync(c, &ns, &name)
        });
    }
}

/// Go's `time.RFC1123Z` of a UTC instant (`Mon, 05 Jan 2026 09:00:00 +0000`).
fn rfc1123z(t: Time) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.0.div_euclid(86_400_000);
    let secs = t.0.rem_euclid(86_400_000) / 1000;
    let (y, m, d) = crate::time::civil_from_days(days);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} +0000",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m as usize).saturating_sub(1) % 12],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn job_finished(job: &Value) -> Option<&'static str> {
    ["Complete", "Failed"].into_iter().find(|ty| {
        arr_at(job, "/status/conditions")
            .iter()
            .any(|x| str_at(x, "/type") == *ty && str_at(x, "/status") == "True")
    })
}

fn job_ref(job: &Value) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "name": crate::name_of(job),
        "namespace": crate::namespace_of(job),
        "resourceVersion": str_at(job, "/metadata/resourceVersion"),
        "uid": uid_of(job),
    })
}

fn sync(c: &mut Cluster, ns: &str, name: &str) {
    let Some(cj) = c.store.get("cronjobs", ns, name).cloned() else {
        return;
    };
    if is_terminating(&cj) {
        return;
    }
    let uid = uid_of(&cj).to_string();
    let now = c.now;
    // What the sync reads of its Jobs, by borrow (a Job is not cloned).
    let mut jobs: Vec<JobInfo> = c
        .store
        .list("jobs", Some(ns))
        .into_iter()
        .filter(|j| controller_uid(j) == Some(uid.as_str()))
        .map(|j| JobInfo {
            name: crate::name_of(j).to_string(),
            created: str_at(j, "/metadata/creationTimestamp").to_string(),
            finished: job_finished(j),
            completion: j
                .pointer("/status/completionTime")
                .and_then(Value::as_str)
                .and_then(Time::parse_rfc3339),
            terminating: is_terminating(j),
        })
        .collect();
    // By creation, then name (names are unique: a total order).
    crate::sort::by(&mut jobs, |a, b| {
        a.created.cmp(&b.created).then(a.name.cmp(&b.name))
    });
    let mut last_successful = cj
        .pointer("/status/lastSuccessfulTime")
        .and_then(Value::as_str)
        .and_then(Time::parse_rfc3339);
    // Finished jobs: note them once and keep the history limits.
    let seen_before: Vec<&str> = arr_at(&cj, "/status/active")
        .iter()
        .map(|r| str_at(r, "/name"))
        .collect();
    for j in &jobs {
        if let Some(cond) = j.finished {
            if seen_before.iter().any(|n| *n == j.name) {
                let msg = format!("Saw completed job: {}, condition: {cond}", j.name);
                c.event(
                    &cj,
                    None,
                    "Normal",
                    "SawCompletedJob",
                    &msg,
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
            }
            if cond == "Complete" {
                if let Some(t) = j.completion {
                    last_successful = Some(last_successful.map_or(t, |l: Time| l.max(t)));
                }
            }
        }
    }
    for (cond, limit_field, default) in [
        ("Complete", "successfulJobsHistoryLimit", 3),
        ("Failed", "failedJobsHistoryLimit", 1),
    ] {
        let limit = int_at(&cj, &format!("/spec/{limit_field}"))
            .unwrap_or(default)
            .max(0) as usize;
        let finished = jobs.iter().filter(|j| j.finished == Some(cond)).count();
        if finished > limit {
            // The oldest finished Jobs beyond the limit.
            let excess: Vec<String> = jobs
                .iter()
                .filter(|j| j.finished == Some(cond))
                .take(finished - limit)
                .map(|j| j.name.clone())
                .collect();
            for jn in excess {
                if c.delete_object("jobs", ns, &jn, Default::default())
                    .is_some()
                {
                    let msg = format!("Deleted job {jn}");
                    c.event(
                        &cj,
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
    }
    jobs.retain(|j| c.store.contains("jobs", ns, &j.name));
    let mut active: Vec<String> = jobs
        .iter()
        .filter(|j| j.finished.is_none() && !j.terminating)
        .map(|j| j.name.clone())
        .collect();

    // Schedule.
    let mut last_schedule = cj
        .pointer("/status/lastScheduleTime")
        .and_then(Value::as_str)
        .and_then(Time::parse_rfc3339);
    let suspended = cj.pointer("/spec/suspend").and_then(Value::as_bool) == Some(true);
    let schedule = Schedule::parse(str_at(&cj, "/spec/schedule")).ok();
    let zone = Zone::named(str_at(&cj, "/spec/timeZone")).unwrap_or(Zone::UTC);
    let created = Time::parse_rfc3339(str_at(&cj, "/metadata/creationTimestamp")).unwrap_or(now);
    if let (Some(schedule), false) = (&schedule, suspended) {
        // mostRecentScheduleTime: activations since the last schedule (or
        // the creation), but none older than startingDeadlineSeconds.
        let mut from = last_schedule.unwrap_or(created);
        if let Some(d) = int_at(&cj, "/spec/startingDeadlineSeconds") {
            let window = now.plus_secs(-d.max(0));
            if window > from {
                from = window;
            }
        }
        // Its rough count of missed activations: the time since the first
        // divided by the interval between the first two, plus one.
        if let Some(t1) = schedule.next_after(from, &zone).filter(|t| *t <= now) {
            if let Some(t2) = schedule.next_after(t1, &zone).filter(|t| *t <= now) {
                let between = ((t2.0 - t1.0) + 500) / 1000;
                let missed = if between >= 1 {
                    (now.0 - t1.0) / 1000 / between + 1
                } else {
                    0
                };
                if missed > 100 {
                    let msg = format!("too many missed start times: {missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
                    c.event(
                        &cj,
                        None,
                        "Warning",
                        "TooManyMissedTimes",
                        &msg,
                        Source {
                            component: COMPONENT,
                            host: "",
                        },
                    );
                }
            }
        }
        let mut due: Option<Time> = None;
        // The latest activation at or before now (earlier missed ones are skipped).
        for _ in 0..100_000 {
            match schedule.next_after(from, &zone) {
                Some(t) if t <= now => {
                    due = Some(t);
                    from = t;
                }
                Some(t) => {
                    c.wake_at(t);
                    break;
                }
                None => break,
            }
        }
        if let Some(t) = due {
            let too_late = int_at(&cj, "/spec/startingDeadlineSeconds")
                .is_some_and(|d| now > t.plus_secs(d.max(0)));
            let policy = str_at(&cj, "/spec/concurrencyPolicy");
            if too_late {
                let msg = format!("Missed scheduled time to start a job: {}", rfc1123z(t));
                c.event(
                    &cj,
                    None,
                    "Warning",
                    "MissSchedule",
                    &msg,
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
                // lastScheduleTime stays: the controller records only the
                // activations it ran.
            } else if policy == "Forbid" && !active.is_empty() {
                // Not recorded as scheduled: once the running job ends, the
                // next sync starts this activation late (within
                // startingDeadlineSeconds), as the controller does.
                c.event(
                    &cj,
                    None,
                    "Normal",
                    "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid",
                    Source {
                        component: COMPONENT,
                        host: "",
                    },
                );
            } else {
                if policy == "Replace" {
                    for jn in active.drain(..) {
                        if c.delete_object("jobs", ns, &jn, Default::default())
                            .is_some()
                        {
                            let msg = format!("Deleted job {jn}");
                            c.event(
                                &cj,
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
                let job_name = format!("{name}-{}", t.0.div_euclid(60_000));
                if !c.store.contains("jobs", ns, &job_name) {
                    let tmpl = cj
                        .pointer("/spec/jobTemplate")
                        .cloned()
                        .unwrap_or(json!({}));
                    let mut meta = Map::new();
                    meta.insert("name".into(), json!(job_name));
                    meta.insert("namespace".into(), json!(ns));
                    if let Some(l) = tmpl.pointer("/metadata/labels") {
                        meta.insert("labels".into(), l.clone());
                    }
                    let mut ann = tmpl
                        .pointer("/metadata/annotations")
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default();
                    ann.insert(SCHEDULED.into(), json!(t.rfc3339()));
                    meta.insert("annotations".into(), Value::Object(ann));
                    meta.insert("ownerReferences".into(), json!([controller_ref_to(&cj)]));
                    let job = json!({
                        "apiVersion": "batch/v1",
                        "kind": "Job",
                        "metadata": Value::Object(meta),
                        "spec": tmpl.get("spec").cloned().unwrap_or(json!({})),
                    });
                    if let Some(rt) = crate::resources::by_plural("jobs") {
                        match c.create_object(rt, job, ns) {
                            Ok(_) => {
                                let msg = format!("Created job {job_name}");
                                c.event(
                                    &cj,
                                    None,
                                    "Normal",
                                    "SuccessfulCreate",
                                    &msg,
                                    Source {
                                        component: COMPONENT,
                                        host: "",
                                    },
                                );
                                active.push(job_name.clone());
                            }
                            Err(e) => {
                                let msg = format!("Error creating job: {}", e.message);
                                c.event(
                                    &cj,
                                    None,
                                    "Warning",
                                    "FailedCreate",
                                    &msg,
                                    Source {
                                        component: COMPONENT,
                                        host: "",
                                    },
                                );
                            }
                        }
                    }
                }
                last_schedule = Some(t);
            }
        }
    }
    let mut status = Map::new();
    if !active.is_empty() {
        let refs: Vec<Value> = active
            .iter()
            .filter_map(|jn| c.store.get("jobs", ns, jn))
            .map(job_ref)
            .collect();
        status.insert("active".into(), Value::Array(refs));
    }
    if let Some(t) = last_schedule {
        status.insert("lastScheduleTime".into(), json!(t.rfc3339()));
    }
    if let Some(t) = last_successful {
        status.insert("lastSuccessfulTime".into(), json!(t.rfc3339()));
    }
    let status = Value::Object(status);
    // Written only when the status changed (what put_if_changed would
    // find), without cloning the CronJob otherwise.
    let Some(cur) = c.store.get("cronjobs", ns, name) else {
        return;
    };
    if cur.get("status") == Some(&status) {
        return;
    }
    let mut c2 = cur.clone();
    c2["status"] = status;
    c.put_if_changed("cronjobs", c2);
}

/// What the CronJob sync reads of one of its Jobs.
struct JobInfo {
    name: String,
    created: String,
    finished: Option<&'static str>,
    completion: Option<Time>,
    terminating: bool,
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use serde_json::{json, Value};

    fn cronjob(schedule: &str, policy: &str) -> Value {
        json!({
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "hello"},
            "spec": {"schedule": schedule, "concurrencyPolicy": policy, "jobTemplate": {"spec": {"template": {"spec": {
                "containers": [{"name": "hello", "image": "busybox", "command": ["echo", "hi"]}], "restartPolicy": "OnFailure"}}}}}
        })
    }

    #[test]
    fn runs_jobs_on_schedule_and_keeps_history() {
        let mut c = cluster();
        c.create(cronjob("*/1 * * * *", "Allow"), "default")
            .unwrap();
        assert!(c.list(rt("jobs"), Some("default")).is_empty());
        c.advance(60_000);
        let jobs = c.list(rt("jobs"), Some("default"));
        assert_eq!(jobs.len(), 1);
        let minutes = (crate::time::SIM_START.0 + 60_000) / 60_000;
        assert_eq!(crate::name_of(jobs[0]), format!("hello-{minutes}"));
        assert_eq!(jobs[0]["metadata"]["ownerReferences"][0]["kind"], "CronJob");
        let cj = get(&c, "cronjobs", "default", "hello");
        assert_eq!(
            cj["status"]["active"][0]["name"],
            format!("hello-{minutes}")
        );
        assert_eq!(
            cj["status"]["lastScheduleTime"],
            crate::time::SIM_START.plus_secs(60).rfc3339().as_str()
        );
        c.advance(5 * 60_000);
        let cj = get(&c, "cronjobs", "default", "hello");
        assert!(
            cj["status"].get("active").is_none()
                || cj["status"]["active"]
                    .as_array()
                    .is_some_and(|a| a.len() <= 1)
        );
        assert!(cj["status"]["lastSuccessfulTime"].is_string());
        let done = c
            .list(rt("jobs"), Some("default"))
            .into_iter()
            .filter(|j| j["status"]["succeeded"] == 1)
            .count();
        assert_eq!(done, 3, "successfulJobsHistoryLimit");
        assert!(messages(&c, "default", "hello")
            .iter()
            .any(|m| m.starts_with("Saw completed job: hello-")));
    }

    #[test]
    fn invalid_schedules_are_rejected() {
        let mut c = cluster();
        let e = c
            .create(cronjob("* * * *", "Allow"), "default")
            .unwrap_err();
        assert_eq!(e.message, "The CronJob \"hello\" is invalid: spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]");
        let e = c
            .create(cronjob("TZ=UTC * * * * *", "Allow"), "default")
            .unwrap_err();
        assert!(
            e.message
                .ends_with("cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
            "{}",
            e.message
        );
        let e = c
            .create(cronjob("* * * * *", "Sometimes"), "default")
            .unwrap_err();
        assert!(e.message.contains("spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\""));
    }

    fn job_names(c: &crate::Cluster) -> Vec<String> {
        let mut v: Vec<String> = c
            .list(rt("jobs"), Some("default"))
            .into_iter()
            .map(|j| crate::name_of(j).to_string())
            .collect();
        crate::sort::sort(&mut v);
        v
    }

    fn minute(offset_min: i64) -> String {
        format!("hello-{}", crate::time::SIM_START.0 / 60_000 + offset_min)
    }

    #[test]
    fn forbid_starts_a_skipped_run_when_the_running_job_ends() {
        let mut c = cluster();
        let mut cj = cronjob("* * * * *", "Forbid");
        cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"] =
            json!(["sh", "-c", "sleep 150"]);
        c.create(cj, "default").unwrap();
        c.advance(60_000);
        assert_eq!(job_names(&c), [minute(1)]);
        c.advance(2 * 60_000);
        assert_eq!(job_names(&c), [minute(1)], "Forbid: no second job");
        assert!(messages(&c, "default", "hello").contains(
            &"Not starting job because prior execution is running and concurrency policy is Forbid"
                .to_string()
        ));
        // The first job ends ~2.5 min after 09:01; the 09:03 run starts then.
        c.advance(40_000);
        assert_eq!(job_names(&c), [minute(1), minute(3)]);
        let created =
            get(&c, "jobs", "default", &minute(3))["metadata"]["creationTimestamp"].clone();
        assert!(
            created.as_str().unwrap() > "2026-01-05T09:03:30Z",
            "{created}"
        );
    }

    #[test]
    fn replace_deletes_the_running_job() {
        let mut c = cluster();
        let mut cj = cronjob("* * * * *", "Replace");
        cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"] =
            json!(["sh", "-c", "sleep 150"]);
        c.create(cj, "default").unwrap();
        c.advance(2 * 60_000);
        assert_eq!(job_names(&c), [minute(2)]);
        assert!(messages(&c, "default", "hello").contains(&format!("Deleted job {}", minute(1))));
    }

    #[test]
    fn starting_deadline_skips_old_runs_and_many_misses_are_reported() {
        let mut c = cluster();
        let mut cj = cronjob("* * * * *", "Allow");
        cj["spec"]["suspend"] = json!(true);
        c.create(cj, "default").unwrap();
        c.advance(3 * 3_600_000);
        assert!(job_names(&c).is_empty(), "suspended");
        // Resumed without a deadline: 180 missed runs, the latest one runs.
        let mut cj = get(&c, "cronjobs", "default", "hello");
        cj["spec"]["suspend"] = json!(false);
        c.update(cj).unwrap();
        assert_eq!(job_names(&c), [minute(180)]);
        assert!(messages(&c, "default", "hello").contains(
            &"too many missed start times: 180. Set or decrease .spec.startingDeadlineSeconds or check clock skew".to_string()
        ));
        // Suspended again for an hour, then resumed 30 s past an activation
        // with a 10 s deadline: that activation is skipped, the next runs.
        let mut cj = get(&c, "cronjobs", "default", "hello");
        cj["spec"]["suspend"] = json!(true);
        c.update(cj).unwrap();
        c.advance(3_600_000 + 30_000);
        let mut cj = get(&c, "cronjobs", "default", "hello");
        cj["spec"]["suspend"] = json!(false);
        cj["spec"]["startingDeadlineSeconds"] = json!(10);
        c.update(cj).unwrap();
        assert_eq!(job_names(&c).len(), 1, "nothing within the deadline");
        c.advance(30_000);
        assert!(job_names(&c).contains(&minute(241)));
    }

    #[test]
    fn time_zones_move_the_schedule() {
        let mut c = cluster();
        let mut cj = cronjob("0 9 * * *", "Allow");
        cj["spec"]["timeZone"] = json!("Asia/Seoul");
        c.create(cj, "default").unwrap();
        // 09:00 KST is 00:00 UTC; the simulation starts 5 Jan 09:00 UTC.
        c.advance(15 * 3_600_000);
        assert_eq!(job_names(&c), [minute(15 * 60)]);
        let mut bad = cronjob("0 9 * * *", "Allow");
        bad["metadata"]["name"] = json!("mars");
        bad["spec"]["timeZone"] = json!("Mars/Olympus");
        let e = c.create(bad, "default").unwrap_err();
        assert!(e.message.ends_with(
            "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus"
        ));
    }
}
