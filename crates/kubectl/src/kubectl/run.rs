//! `kubectl run NAME --image=IMAGE`: the Pod kubectl's run generator
//! builds.

use super::get::{output_format, Format};
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
    Ok(cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"Pod","metadata":"$0","spec":"$1"}"#,
        &[Value::Object(meta), Value::Object(spec)],
    ))
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
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let interactive = k.flags.bool("stdin");
    let tty = k.flags.bool("tty");
    if tty && !interactive {
        return k.fail("-i/--stdin is required for containers with -t/--tty=true");
    }
    let attach = if k.flags.has("attach") {
        k.flags.bool("attach")
    } else {
        interactive
    };
    let remove = k.flags.bool("rm");
    if remove && !attach {
        return k.fail("--rm should only be used for attached containers");
    }
    let dry_flag = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    if dry_flag && attach {
        return k.fail("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
    }
    if k.flags.bool("expose") {
        return k.fail("`kubectl run --expose` is not simulated in this playground yet; use kubectl expose pod NAME --port=PORT");
    }
    let mut pod = match build_pod(k, &name, &image) {
        Ok(p) => p,
        Err(e) => return k.fail(&e),
    };
    if k.flags.bool("save-config") {
        let mut shown = pod.clone();
        shown["metadata"]["creationTimestamp"] = Value::Null;
        shown["status"] = json!({});
        super::create::save_config(&mut pod, &shown);
    }
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
            super::go_order::print_typed(k, &fmt, rt, shown);
        }
        return 0;
    }
    let ns = k.namespace();
    if attach && interactive && wants_shell(&image, &k.flags.args[1..]) {
        return k.fail("interactive shells (`kubectl run -it ... -- sh`) are not simulated in this playground; give a command (`-- sh -c 'echo hi'`), or start the pod and use kubectl exec POD -- COMMAND");
    }
    if attach {
        return run_attached(k, pod, &ns, &name, remove);
    }
    match engine::create(k.ctx.cluster, pod, &ns) {
        Ok(created) => {
            if fmt == Format::Table || fmt == Format::Wide {
                k.out(&format!("pod/{name} created\n"));
            } else {
                super::go_order::print_typed(k, &fmt, rt, created);
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

/// How long `kubectl run --attach` waits for the container to finish in
/// the simulation before giving up on a session that needs a keyboard.
const ATTACH_LIMIT_MS: i64 = 5 * 60 * 1000;

fn container_finished(pod: &Value) -> bool {
    let phase = crate::util::s(pod, "/status/phase");
    if phase == "Succeeded" || phase == "Failed" {
        return true;
    }
    crate::util::a(pod, "/status/containerStatuses")
        .first()
        .is_some_and(|st| {
            st.pointer("/state/terminated")
                .is_some_and(Value::is_object)
                || crate::util::i(st, "/restartCount") > 0
        })
}

/// `kubectl run -i/-t/--attach [--rm]`: creates the pod, lets simulated
/// time pass until its container has finished, prints what it wrote, and
/// with `--rm` deletes the pod. Exit status as kubectl's: the container's
/// exit code for `--restart=Never|OnFailure`.
fn run_attached(k: &mut K<'_, '_, '_>, pod: Value, ns: &str, name: &str, remove: bool) -> i32 {
    let restart = k.flags.str("restart");
    if let Err(e) = engine::create(k.ctx.cluster, pod, ns) {
        let msg = api_message(&e);
        k.err(&format!("{msg}\n"));
        return 1;
    }
    let Some(rt) = cluster::resources::resolve("pods") else {
        return 1;
    };
    let deadline = k.ctx.cluster.now().plus_ms(ATTACH_LIMIT_MS);
    let mut last = engine::get(k.ctx.cluster, rt, ns, name).ok();
    while !last.as_ref().is_some_and(container_finished) {
        let now = k.ctx.cluster.now();
        match k.ctx.cluster.next_due() {
            Some(t) if t <= deadline => k.ctx.cluster.advance((t.0 - now.0).max(1)),
            _ => break,
        }
        last = engine::get(k.ctx.cluster, rt, ns, name).ok();
    }
    let finished = last.as_ref().is_some_and(container_finished);
    if let Ok(logs) = engine::logs(k.ctx.cluster, ns, name, None) {
        let text = logs.text(false);
        k.out(&text);
    }
    if !finished {
        k.err(&format!(
            "error: pod {ns}/{name} is still running: interactive sessions with `kubectl run -it` are not simulated in this playground; use kubectl exec POD -- COMMAND\n"
        ));
        if remove {
            let _ = engine::delete(k.ctx.cluster, rt, ns, name, Some(0));
            k.out(&format!("pod \"{name}\" deleted\n"));
        }
        return 1;
    }
    if remove {
        if engine::delete(k.ctx.cluster, rt, ns, name, None).is_ok() {
            let deadline = k.ctx.cluster.now().plus_ms(ATTACH_LIMIT_MS);
            while engine::get(k.ctx.cluster, rt, ns, name).is_ok() {
                let now = k.ctx.cluster.now();
                match k.ctx.cluster.next_due() {
                    Some(t) if t <= deadline => k.ctx.cluster.advance((t.0 - now.0).max(1)),
                    _ => break,
                }
            }
        }
        k.out(&format!("pod \"{name}\" deleted\n"));
    }
    if restart == "Always" {
        return 0;
    }
    let Some(p) = last else { return 0 };
    match crate::util::s(&p, "/status/phase") {
        "Succeeded" => 0,
        "Failed" => {
            let term = p.pointer("/status/containerStatuses/0/state/terminated");
            match term {
                Some(t) if crate::util::i(t, "/exitCode") != 0 => {
                    let code = crate::util::i(t, "/exitCode");
                    let mut msg = format!(
                        "pod {ns}/{name} terminated ({})\n{}",
                        crate::util::s(t, "/reason"),
                        crate::util::s(t, "/message")
                    );
                    if !msg.ends_with('\n') {
                        msg.push('\n');
                    }
                    k.err(&msg);
                    i32::try_from(code).unwrap_or(1)
                }
                _ => k.fail(&format!("pod {ns}/{name} failed with unknown exit code")),
            }
        }
        phase => k.fail(&format!("pod {ns}/{name} left in phase {phase}")),
    }
}

/// True when the container would start an interactive shell: no command
/// for an image whose default is a shell, or a shell without `-c`.
fn wants_shell(image: &str, argv: &[String]) -> bool {
    const SHELLS: &[&str] = &[
        "sh",
        "bash",
        "ash",
        "zsh",
        "/bin/sh",
        "/bin/bash",
        "/bin/ash",
    ];
    match argv.first() {
        Some(p) => SHELLS.contains(&p.as_str()) && !argv.iter().any(|a| a == "-c"),
        None => {
            let repo = cluster::images::parse_ref(image).0;
            matches!(
                repo.as_str(),
                "busybox" | "alpine" | "ubuntu" | "debian" | "centos" | "fedora"
            )
        }
    }
}
