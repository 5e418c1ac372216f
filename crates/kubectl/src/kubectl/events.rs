//! `kubectl events`: the namespace's events oldest first, with the
//! object as `Kind/name` (`--for TYPE/NAME`, `--types Normal,Warning`).

use super::K;
use crate::util::{age, i, s, tabwrite};
use serde_json::Value;

fn micro_age(ts: &str, now: cluster::Time) -> String {
    if ts.is_empty() {
        return "<unknown>".to_string();
    }
    let base = match ts.find('.') {
        Some(p) => format!("{}Z", &ts[..p]),
        None => ts.to_string(),
    };
    age(&base, now)
}

fn interval(e: &Value, now: cluster::Time) -> String {
    let first = if s(e, "/eventTime").is_empty() {
        age(s(e, "/firstTimestamp"), now)
    } else {
        micro_age(s(e, "/eventTime"), now)
    };
    if e.pointer("/series").is_some_and(Value::is_object) {
        format!(
            "{} (x{} over {first})",
            micro_age(s(e, "/series/lastObservedTime"), now),
            i(e, "/series/count")
        )
    } else if i(e, "/count") > 1 {
        format!(
            "{} (x{} over {first})",
            age(s(e, "/lastTimestamp"), now),
            i(e, "/count")
        )
    } else {
        first
    }
}

fn event_time(e: &Value) -> String {
    if e.pointer("/series").is_some_and(Value::is_object) {
        return s(e, "/series/lastObservedTime").to_string();
    }
    if !s(e, "/lastTimestamp").is_empty() {
        return s(e, "/lastTimestamp").to_string();
    }
    s(e, "/eventTime").to_string()
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let all_ns = k.all_namespaces();
    let ns = k.namespace();
    let types: Vec<String> = k.flags.list("types");
    for t in &types {
        if !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning") {
            let t = t.clone();
            return k.fail(&format!("valid --types are Normal or Warning, got {t}"));
        }
    }
    let target = k.flags.str("for");
    let for_obj: Option<(String, String)> = if target.is_empty() {
        None
    } else {
        let Some((ty, name)) = target.split_once('/') else {
            return k.fail("--for must be in resource/name form");
        };
        match super::resolve_type(ty) {
            Ok(rt) => Some((rt.kind.to_string(), name.to_string())),
            Err(e) => return k.fail(&e),
        }
    };
    let now = k.ctx.cluster.now();
    let mut evs: Vec<Value> = k
        .ctx
        .cluster
        .store()
        .list("events", if all_ns { None } else { Some(ns.as_str()) })
        .into_iter()
        .filter(|e| types.is_empty() || types.iter().any(|t| t.eq_ignore_ascii_case(s(e, "/type"))))
        .filter(|e| {
            for_obj.as_ref().is_none_or(|(kind, name)| {
                s(e, "/involvedObject/kind") == kind && s(e, "/involvedObject/name") == name
            })
        })
        .cloned()
        .collect();
    if evs.is_empty() {
        if all_ns {
            k.err("No events found.\n");
        } else {
            k.err(&format!("No events found in {ns} namespace.\n"));
        }
        return 0;
    }
    cluster::sort::by_key(&mut evs, event_time);
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !k.flags.bool("no-headers") {
        let mut h: Vec<String> = Vec::new();
        if all_ns {
            h.push("NAMESPACE".into());
        }
        h.extend(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"].map(String::from));
        rows.push(h);
    }
    for e in &evs {
        let mut r: Vec<String> = Vec::new();
        if all_ns {
            r.push(s(e, "/metadata/namespace").to_string());
        }
        r.push(interval(e, now));
        r.push(s(e, "/type").to_string());
        r.push(s(e, "/reason").to_string());
        r.push(format!(
            "{}/{}",
            s(e, "/involvedObject/kind"),
            s(e, "/involvedObject/name")
        ));
        r.push(s(e, "/message").trim().to_string());
        rows.push(r);
    }
    let text = tabwrite(&rows);
    k.out(&text);
    0
}
