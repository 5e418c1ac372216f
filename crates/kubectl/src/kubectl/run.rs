//! `kubectl run NAME --image=IMAGE`: the Pod kubectl's run generator
//! builds.

use super::get::{output_format, print_generic, Format};
use super::{api_message, K};
use crate::engine;
use serde_json::{json, Map, Value};

/// The Pod `kubectl run` sends (without creationTimestamp/status, which
/// only the dry-run printout shows).
pub fn build_pod(k: &K<'_, '_, '_>, name: &str, image: &str) -> Result<Value, String> {
    let args = &k.flags.args;
    let rest: Vec<String> = args.iter().skip(1).cloned().collect();
    let mut container = Map::new();
    if !rest.is_empty() {
        let key = if k.flags.bool("command") {
            "command"
        } else {
            "args"
        };
        container.insert(key.into(), json!(rest));
    }
    let envs = k.flags.list("env");
    if !envs.is_empty() {
        let list: Vec<Value> = envs
            .iter()
            .map(|e| match e.split_once('=') {
                Some((n, v)) => json!({"name": n, "value": v}),
                None => json!({"name": e}),
            })
            .collect();
        container.insert("env".into(), Value::Array(list));
    }
    container.insert("image".into(), json!(image));
    let ipp = k.flags.str("image-pull-policy");
    if !ipp.is_empty() {
        container.insert("imagePullPolicy".into(), json!(ipp));
    }
    container.insert("name".into(), json!(name));
    let port = k.flags.str("port");
    if !port.is_empty() {
        let p: i64 = port
            .parse()
            .map_err(|_| format!("strconv.Atoi: parsing \"{port}\": invalid syntax"))?;
        container.insert("ports".into(), json!([{"containerPort": p}]));
    }
    container.insert("resources".into(), json!({}));
    if k.flags.bool("stdin") {
        container.insert("stdin".into(), json!(true));
        if !k.flags.bool("leave-stdin-open") && k.flags.bool("attach") {
            container.insert("stdinOnce".into(), json!(true));
        }
    }
    if k.flags.bool("tty") {
        container.insert("tty".into(), json!(true));
    }
    let mut labels = Map::new();
    let label_flag = k.flags.str("labels");
    if label_flag.is_empty() {
        labels.insert("run".into(), json!(name));
    } else {
        for part in label_flag.split(',') {
            match part.split_once('=') {
                Some((a, b)) => {
                    labels.insert(a.to_string(), json!(b));
                }
                None => return Err(format!("invalid label spec: {part}")),
            }
        }
    }
    let mut meta = Map::new();
    let annotations = k.flags.list("annotations");
    if !annotations.is_empty() {
        let mut m = Map::new();
        for a in annotations {
            if let Some((x, y)) = a.split_once('=') {
                m.insert(x.to_string(), json!(y));
            }
        }
        meta.insert("annotations".into(), Value::Object(m));
    }
    meta.insert("labels".into(), Value::Object(labels));
    meta.insert("name".into(), json!(name));
    let restart = k.flags.str("restart");
    let mut spec = Map::new();
    spec.insert("containers".into(), json!([Value::Object(container)]));
    spec.insert("dnsPolicy".into(), json!("ClusterFirst"));
    spec.insert("restartPolicy".into(), json!(restart));
    if k.flags.bool("privileged") {
        if let Some(c) = spec.get_mut("containers").and_then(|c| c.get_mut(0)) {
            c["securityContext"] = json!({"privileged": true});
        }
    }
    Ok(
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": Value::Object(meta), "spec": Value::Object(spec)}),
    )
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let image = k.flags.str("image");
    if image.is_empty() {
        return k.fail("required flag(s) \"image\" not set");
    }
    let Some(name) = k
        .flags
        .args
        .first()
        .cloned()
        .filter(|_| k.flags.dash_at != Some(0))
    else {
        return k.fail("NAME is required for run\nSee 'kubectl run -h' for help and examples");
    };
    let restart = k.flags.str("restart");
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        return k.fail(&format!(
            "invalid restart policy: {restart}\nSee 'kubectl run -h' for help and examples"
        ));
    }
    let fmt = match output_format(&k.flags.str("output")) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    if k.flags.bool("rm")
        || k.flags.bool("attach")
        || (k.flags.bool("stdin") && k.flags.bool("tty"))
    {
        return k.fail("interactive `kubectl run` (-i, -t, --attach, --rm) is not simulated in this playground yet; create the pod, then use kubectl exec or kubectl logs");
    }
    if k.flags.bool("expose") {
        return k.fail("`kubectl run --expose` is not simulated in this playground yet; use kubectl expose pod NAME --port=PORT");
    }
    let pod = match build_pod(k, &name, &image) {
        Ok(p) => p,
        Err(e) => return k.fail(&e),
    };
    let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    let Some(rt) = cluster::resources::resolve("pods") else {
        return 1;
    };
    if dry {
        if fmt == Format::Table || fmt == Format::Wide {
            k.out(&format!("pod/{name} created (dry run)\n"));
        } else {
            let mut shown = pod;
            shown["metadata"]["creationTimestamp"] = Value::Null;
            shown["status"] = json!({});
            print_generic(k, &fmt, &[(rt, shown)], true);
        }
        return 0;
    }
    let ns = k.namespace();
    match engine::create(k.ctx.cluster, pod, &ns) {
        Ok(created) => {
            if fmt == Format::Table || fmt == Format::Wide {
                k.out(&format!("pod/{name} created\n"));
            } else {
                print_generic(k, &fmt, &[(rt, created)], true);
            }
            0
        }
        Err(e) => {
            let msg = api_message(&e);
            k.err(&format!("{msg}\n"));
            1
        }
    }
}
