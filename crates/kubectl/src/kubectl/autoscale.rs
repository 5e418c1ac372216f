//! `kubectl autoscale (-f FILE | TYPE NAME) --max=N [--min=N]
//! [--cpu-percent=N] [--name=NAME]`: an autoscaling/v2
//! HorizontalPodAutoscaler for a Deployment, ReplicaSet, StatefulSet or
//! ReplicationController, as kubectl v1.32 builds it (no metrics unless
//! `--cpu-percent`: the API server then defaults to 80% CPU).

use super::get::{output_format, Format};
use super::{api_message, targets, K};
use crate::engine;
use cluster::resources;
use serde_json::{json, Value};

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    if !k.flags.has("max") {
        return k.fail("required flag(s) \"max\" not set");
    }
    let max = k.flags.int("max");
    let min = k.flags.int("min");
    let cpu = k.flags.int("cpu-percent");
    if max < 1 {
        return k.fail(&format!(
            "--max=MAXPODS is required and must be at least 1, max: {max}"
        ));
    }
    if max < min {
        return k.fail(&format!(
            "--max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {min}"
        ));
    }
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let args = k.flags.args.clone();
    let files = k.flags.list("filename");
    let ns = k.namespace();
    let mut objs: Vec<(&'static cluster::ResourceType, Value)> = Vec::new();
    if !files.is_empty() {
        let mut errs = Vec::new();
        let infos = super::apply::read_sources(k, &files, &mut errs);
        if !errs.is_empty() {
            return super::print_errors(k, &errs);
        }
        for i in infos {
            objs.push((i.rt, i.obj));
        }
    } else {
        if args.is_empty() {
            return k.fail(super::NO_RESOURCES);
        }
        let t = match targets(&args) {
            Ok(t) => t,
            Err(e) => return k.fail(&e),
        };
        for (rt, n) in t.items {
            let Some(n) = n else {
                return k.fail("resource(s) were provided, but no name was specified");
            };
            match engine::get(k.ctx.cluster, rt, &ns, &n) {
                Ok(o) => objs.push((rt, o)),
                Err(e) => return k.api_fail(&e),
            }
        }
    }
    let Some(hpa_rt) = resources::resolve("horizontalpodautoscalers") else {
        return k.fail("the server doesn't have a resource type \"horizontalpodautoscalers\"");
    };
    let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    let mut errs = Vec::new();
    for (rt, obj) in objs {
        if !matches!(
            rt.plural,
            "deployments" | "replicasets" | "statefulsets" | "replicationcontrollers"
        ) {
            return k.fail(&format!("cannot autoscale a {}", rt.kind));
        }
        let target = crate::util::name(&obj).to_string();
        let name = match k.flags.str("name") {
            n if n.is_empty() => target.clone(),
            n => n,
        };
        let mut spec = serde_json::Map::new();
        spec.insert("maxReplicas".into(), json!(max));
        if cpu >= 0 {
            spec.insert(
                "metrics".into(),
                cluster::bootstrap::tmpl(r#"[{"resource":{"name":"cpu","target":{"averageUtilization":"$0","type":"Utilization"}},"type":"Resource"}]"#, &[Value::from(cpu)]),
            );
        }
        if min > 0 {
            spec.insert("minReplicas".into(), json!(min));
        }
        spec.insert(
            "scaleTargetRef".into(),
            cluster::bootstrap::tmpl(
                r#"{"apiVersion":"$0","kind":"$1","name":"$2"}"#,
                &[
                    Value::from(rt.api_version()),
                    Value::from(rt.kind),
                    Value::from(target),
                ],
            ),
        );
        let mut hpa = cluster::bootstrap::tmpl(
            r#"{"apiVersion":"$0","kind":"$1","metadata":{"name":"$2"},"spec":"$3"}"#,
            &[
                Value::from(hpa_rt.api_version()),
                Value::from(hpa_rt.kind),
                Value::from(name.as_str()),
                Value::Object(spec),
            ],
        );
        let explicit_ns = k.flags.str("namespace");
        if !explicit_ns.is_empty() {
            hpa["metadata"]["namespace"] = json!(explicit_ns);
        }
        let label = format!("{}/{name}", hpa_rt.qualified_kind_lower());
        if dry {
            if matches!(fmt, Format::Table | Format::Wide) {
                k.out(&format!("{label} autoscaled (dry run)\n"));
            } else {
                let status =
                    cluster::bootstrap::tmpl(r#"{"currentMetrics":null,"desiredReplicas":0}"#, &[]);
                let shown = super::create::shown(&hpa, Some(status));
                super::go_order::print_typed(k, &fmt, hpa_rt, shown);
            }
            continue;
        }
        match engine::create(k.ctx.cluster, hpa, &ns) {
            Ok(created) => {
                if matches!(fmt, Format::Table | Format::Wide) {
                    k.out(&format!("{label} autoscaled\n"));
                } else {
                    super::go_order::print_typed(k, &fmt, hpa_rt, created);
                }
            }
            Err(e) => errs.push(api_message(&e)),
        }
    }
    super::print_errors(k, &errs)
}
