//! Events: v1 `Event` objects in the store, named `<object>.<hex nanos>`,
//! aggregated like client-go's correlator (the same object, reason and
//! message bump `count` and `lastTimestamp`), and removed one hour after
//! they were last seen (the API server's event TTL).
//!
//! Controllers and the kubelet write core/v1 style events (count,
//! firstTimestamp, lastTimestamp, source). The scheduler, as in real
//! clusters, writes events.k8s.io style ones: `eventTime` set,
//! `firstTimestamp`/`lastTimestamp` null, repeats counted in `series`.
//! [`event_times`] reads either shape.

use crate::meta::{int_at, str_at};
use crate::time::Time;
use crate::Cluster;
use serde_json::{json, Value};

/// Who reports an event.
#[derive(Clone, Debug)]
pub(crate) struct Source<'a> {
    pub component: &'a str,
    /// The node, for kubelet events.
    pub host: &'a str,
}

/// The effective (first seen, last seen, count) of an Event in either
/// shape, as kubectl computes LAST SEEN / AGE / `(x3 over 5m)`.
pub fn event_times(ev: &Value) -> (Option<Time>, Option<Time>, i64) {
    let parse = |p: &str| ev.pointer(p).and_then(Value::as_str).and_then(parse_time);
    let event_time = parse("/eventTime");
    let first = parse("/firstTimestamp").or(event_time);
    let last = parse("/lastTimestamp")
        .or_else(|| parse("/series/lastObservedTime"))
        .or(event_time);
    let count = int_at(ev, "/count")
        .or_else(|| int_at(ev, "/series/count"))
        .unwrap_or(1);
    (first, last, count)
}

/// Parses `2026-01-05T09:00:00Z` and `2026-01-05T09:00:00.123456Z`.
pub fn parse_time(s: &str) -> Option<Time> {
    if let Some((head, frac)) = s.split_once('.') {
        let t = Time::parse_rfc3339(&format!("{head}Z"))?;
        let digits: String = frac.trim_end_matches('Z').chars().take(3).collect();
        let ms: i64 = format!("{digits:0<3}").parse().ok()?;
        return Some(t.plus_ms(ms));
    }
    Time::parse_rfc3339(s)
}

/// RFC 3339 with microseconds (`MicroTime`), as eventTime is written.
pub fn micro_time(t: Time, extra_micros: u64) -> String {
    let base = t.rfc3339();
    let micros = (t.0.rem_euclid(1000) as u64) * 1000 + extra_micros % 1000;
    format!("{}.{micros:06}Z", base.trim_end_matches('Z'))
}

impl Cluster {
    /// Records a core/v1 event about `involved` (aggregating repeats).
    pub(crate) fn event(
        &mut self,
        involved: &Value,
        field_path: Option<&str>,
        type_: &str,
        reason: &str,
        message: &str,
        source: Source<'_>,
    ) {
        let (ns, inv) = involved_ref(involved, field_path);
        let now = self.now.rfc3339();
        let uid = str_at(involved, "/metadata/uid").to_string();
        if let Some(mut ev) =
            self.find_event(&ns, &uid, reason, message, source.component, field_path)
        {
            let count = int_at(&ev, "/count").unwrap_or(1) + 1;
            ev["count"] = json!(count);
            ev["lastTimestamp"] = json!(now);
            ev["involvedObject"] = inv;
            self.put("events", ev);
            return;
        }
        let name = self.event_name(crate::name_of(involved), &ns);
        let uid = self.ids.uuid();
        let source_v = if source.host.is_empty() {
            json!({"component": source.component})
        } else {
            json!({"component": source.component, "host": source.host})
        };
        let ev = json!({
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": ns, "uid": uid, "resourceVersion": "", "creationTimestamp": now},
            "involvedObject": inv,
            "reason": reason,
            "message": message,
            "source": source_v,
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": type_,
            "eventTime": null,
            "reportingComponent": source.component,
            "reportingInstance": source.host,
        });
        self.put("events", ev);
    }

    /// Records an events.k8s.io style event from the scheduler, with
    /// `action`, `eventTime` and `series` for repeats.
    pub(crate) fn event_v2(
        &mut self,
        involved: &Value,
        type_: &str,
        reason: &str,
        action: &str,
        message: &str,
    ) {
        let component = "default-scheduler";
        let instance = format!("default-scheduler-{}", crate::bootstrap::CONTROL_PLANE);
        let (ns, inv) = involved_ref(involved, None);
        let uid = str_at(involved, "/metadata/uid").to_string();
        let micros = self.ids.below(1000);
        let now_micro = micro_time(self.now, micros);
        if let Some(mut ev) = self.find_event(&ns, &uid, reason, message, component, None) {
            let count = int_at(&ev, "/series/count").unwrap_or(1) + 1;
            ev["series"] = json!({"count": count, "lastObservedTime": now_micro});
            ev["involvedObject"] = inv;
            self.put("events", ev);
            return;
        }
        let name = self.event_name(crate::name_of(involved), &ns);
        let uid = self.ids.uuid();
        let ev = json!({
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": ns, "uid": uid, "resourceVersion": "", "creationTimestamp": self.now.rfc3339()},
            "action": action,
            "eventTime": now_micro,
            "firstTimestamp": null,
            "involvedObject": inv,
            "lastTimestamp": null,
            "message": message,
            "reason": reason,
            "reportingComponent": component,
            "reportingInstance": instance,
            "source": {},
            "type": type_,
        });
        self.put("events", ev);
    }

    fn find_event(
        &self,
        ns: &str,
        uid: &str,
        reason: &str,
        message: &str,
        component: &str,
        field_path: Option<&str>,
    ) -> Option<Value> {
        self.store
            .events_saying(uid, reason, message)
            .filter(|(n, _)| n == ns)
            .filter_map(|(n, name)| self.store.get("events", n, name))
            .find(|e| {
                str_at(e, "/involvedObject/uid") == uid
                    && str_at(e, "/reason") == reason
                    && str_at(e, "/message") == message
                    && str_at(e, "/reportingComponent") == component
                    && e.pointer("/involvedObject/fieldPath")
                        .and_then(Value::as_str)
                        == field_path
            })
            .cloned()
    }

    fn event_name(&mut self, obj_name: &str, ns: &str) -> String {
        let base = (self.now.0.max(0) as u64).wrapping_mul(1_000_000) + self.ids.below(1_000_000);
        let mut nanos = base.max(self.event_nanos + 1 + self.ids.below(50_000));
        loop {
            let name = format!("{obj_name}.{nanos:x}");
            if !self.store.contains("events", ns, &name) {
                self.event_nanos = nanos;
                return name;
            }
            nanos += 1;
        }
    }

    /// Removes events last seen more than an hour ago.
    pub(crate) fn expire_events(&mut self) {
        let cutoff = self.now.plus_secs(-3600);
        for (ns, name) in self.store.events_seen_before(cutoff) {
            self.remove("events", &ns, &name);
        }
    }
}

/// The event's namespace and `involvedObject` reference.
fn involved_ref(obj: &Value, field_path: Option<&str>) -> (String, Value) {
    let ns = crate::namespace_of(obj);
    let kind = str_at(obj, "/kind");
    let mut r = json!({
        "apiVersion": str_at(obj, "/apiVersion"),
        "kind": kind,
        "name": crate::name_of(obj),
    });
    if !ns.is_empty() {
        r["namespace"] = json!(ns);
    }
    let uid = if kind == "Node" {
        crate::name_of(obj)
    } else {
        str_at(obj, "/metadata/uid")
    };
    r["uid"] = json!(uid);
    if kind != "Node" {
        r["resourceVersion"] = json!(str_at(obj, "/metadata/resourceVersion"));
    }
    if let Some(fp) = field_path {
        r["fieldPath"] = json!(fp);
    }
    (
        if ns.is_empty() {
            "default".to_string()
        } else {
            ns.to_string()
        },
        r,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SIM_START;

    #[test]
    fn times_of_both_shapes() {
        let v1 = json!({"firstTimestamp": "2026-01-05T09:00:00Z", "lastTimestamp": "2026-01-05T09:01:00Z", "count": 3});
        assert_eq!(
            event_times(&v1),
            (Some(SIM_START), Some(SIM_START.plus_secs(60)), 3)
        );
        let v2 = json!({"eventTime": "2026-01-05T09:00:00.250000Z", "firstTimestamp": null, "series": {"count": 2, "lastObservedTime": "2026-01-05T09:05:00.000000Z"}});
        assert_eq!(
            event_times(&v2),
            (
                Some(SIM_START.plus_ms(250)),
                Some(SIM_START.plus_secs(300)),
                2
            )
        );
        assert_eq!(
            micro_time(SIM_START.plus_ms(5), 7),
            "2026-01-05T09:00:00.005007Z"
        );
    }
}
