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
        // kubectl: StdinOnce = !LeaveStdinOpen && Interactive.
        if !k.flags.bool("leave-stdin-open") {
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
    let fmt = match output_format(&super::get::requested_output(k)) {
        Ok(f) => f,
        Err(e) => return k.fail(&e),
    };
    let interactive = k.flags.bool("stdin");
    let tty = k.flags.bool("tty");
    if tty && !interactive {
        return k.fail(
            "-i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples",
        );
    }
    let expose = k.flags.bool("expose");
    if expose && k.flags.str("port").is_empty() {
        return k.fail(
            "--port must be set when exposing a service\nSee 'kubectl run -h' for help and examples",
        );
    }
    let restart = k.flags.str("restart");
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        return k.fail(&format!(
            "invalid restart policy: {restart}\nSee 'kubectl run -h' for help and examples"
        ));
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
    if expose && attach {
        return k.fail("`kubectl run --expose` with an attached container is not simulated in this playground; run the pod with --expose first, then kubectl attach");
    }
    let mut pod = match build_pod(k, &name, &image) {
        Ok(p) => p,
        Err(e) => return k.fail(&e),
    };
    if k.flags.bool("save-config") {
        let shown = super::create::shown(&pod, Some(json!({})));
        super::create::save_config(&mut pod, &shown);
    }
    let dry = !matches!(k.flags.str("dry-run").as_str(), "none" | "");
    let Some(rt) = cluster::resources::resolve("pods") else {
        return 1;
    };
    if dry {
        if expose {
            let svc = exposed_service(k, &pod);
            print_service(k, &fmt, &name, svc, " (dry run)");
        }
        if fmt == Format::Table || fmt == Format::Wide {
            k.out(&format!("pod/{name} created (dry run)\n"));
        } else {
            let shown = super::create::shown(&pod, Some(json!({})));
            super::go_order::print_typed(k, &fmt, rt, shown);
        }
        return 0;
    }
    let ns = k.namespace();
    if attach {
        return run_attached(k, pod, &ns, &name, remove);
    }
    let svc = expose.then(|| exposed_service(k, &pod));
    match engine::create(k.ctx.cluster, pod, &ns) {
        Ok(created) => {
            // kubectl creates the pod, then creates and prints the
            // Service, then prints the pod.
            let mut code = 0;
            if let Some(svc) = svc {
                match engine::create(k.ctx.cluster, svc, &ns) {
                    Ok(svc) => print_service(k, &fmt, &name, svc, ""),
                    Err(e) => {
                        let msg = api_message(&e);
                        k.err(&format!("{msg}\n"));
                        code = 1;
                    }
                }
            }
            if fmt == Format::Table || fmt == Format::Wide {
                k.out(&format!("pod/{name} created\n"));
            } else {
                super::go_order::print_typed(k, &fmt, rt, created);
            }
            code
        }
        Err(e) => {
            let msg = api_message(&e);
            k.err(&format!("{msg}\n"));
            1
        }
    }
}

/// The Service `kubectl run --expose` makes (kubectl's service/v2
/// generator over run's parameters): named as the pod, selecting the
/// pod's labels (`--labels`, else `run=NAME`), labelled only with
/// `--labels`, one TCP port `--port` with the same target port.
fn exposed_service(k: &K<'_, '_, '_>, pod: &Value) -> Value {
    let port_flag = k.flags.str("port");
    let port = match port_flag.parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(port_flag),
    };
    let mut meta = Map::new();
    if !k.flags.str("labels").is_empty() {
        meta.insert("labels".into(), pod["metadata"]["labels"].clone());
    }
    meta.insert("name".into(), pod["metadata"]["name"].clone());
    cluster::bootstrap::tmpl(
        r#"{"apiVersion":"v1","kind":"Service","metadata":"$0","spec":{"ports":[{"port":"$1","protocol":"TCP","targetPort":"$1"}],"selector":"$2"}}"#,
        &[Value::Object(meta), port, pod["metadata"]["labels"].clone()],
    )
}

/// Prints the Service of `run --expose` as kubectl does: `service/NAME
/// created`, or the object followed by `---` in YAML.
fn print_service(k: &mut K<'_, '_, '_>, fmt: &Format, name: &str, svc: Value, dry: &str) {
    if *fmt == Format::Table || *fmt == Format::Wide {
        k.out(&format!("service/{name} created{dry}\n"));
        return;
    }
    let Some(srt) = cluster::resources::resolve("services") else {
        return;
    };
    let shown = if dry.is_empty() {
        svc
    } else {
        super::create::shown(&svc, Some(json!({"loadBalancer": {}})))
    };
    super::go_order::print_typed(k, fmt, srt, shown);
    if *fmt == Format::Yaml {
        k.out("---\n");
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

fn completed(pod: &Value) -> bool {
    matches!(crate::util::s(pod, "/status/phase"), "Succeeded" | "Failed")
}

/// kubectl's podRunningAndReady: phase Running with the Ready condition.
fn running_and_ready(pod: &Value) -> bool {
    crate::util::s(pod, "/status/phase") == "Running"
        && crate::util::a(pod, "/status/conditions").iter().any(|c| {
            crate::util::s(c, "/type") == "Ready" && crate::util::s(c, "/status") == "True"
        })
}

/// Moves the clock to each instant the engine has work due until `done`
/// holds for the pod (or it is gone), at most until `deadline`. Returns
/// the pod as last seen.
fn wait_pod(
    c: &mut cluster::Cluster,
    ns: &str,
    name: &str,
    deadline: cluster::time::Time,
    done: impl Fn(&Value) -> bool,
) -> Option<Value> {
    let mut last = c.store().get("pods", ns, name).cloned();
    while last.as_ref().is_some_and(|p| !done(p)) {
        let now = c.now();
        match c.next_due() {
            Some(t) if t <= deadline => c.advance((t.0 - now.0).max(1)),
            _ => {
                if now < deadline {
                    c.advance(deadline.0 - now.0);
                }
                break;
            }
        }
        last = c.store().get("pods", ns, name).cloned();
    }
    last
}

/// What `kubectl run --attach` does once the attachment ends: wait for
/// the pod's exit code (`--restart=Never|OnFailure`), delete the pod
/// (`--rm`), and report as kubectl does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunEnd {
    /// The pod's restartPolicy when kubectl waits for its exit code.
    pub wait: Option<String>,
    pub remove: bool,
    /// `--pod-running-timeout`.
    pub timeout_ms: i64,
}

/// `exit` in a session attached to a container's main process: the
/// process ends with `code`, kubectl prints its `Session ended` line and,
/// for `kubectl run`, waits, deletes and reports. Returns kubectl's exit
/// status.
pub(crate) fn end_attached(
    c: &mut cluster::Cluster,
    io: &mut crate::shell::Io,
    sess: &crate::shell::Session,
    att: &crate::shell::Attached,
    code: i32,
) -> i32 {
    engine::end_main_process(c, &sess.namespace, &sess.pod, &att.container, code);
    if let Some(msg) = &att.reattach {
        io.out(msg);
    }
    match &att.run {
        Some(end) => conclude(c, io, &sess.namespace, &sess.pod, end),
        None => 0,
    }
}

/// The end of `kubectl run --attach`: the exit code wait, then the
/// deferred `--rm` deletion, then the error, in kubectl's order.
fn conclude(
    c: &mut cluster::Cluster,
    io: &mut crate::shell::Io,
    ns: &str,
    name: &str,
    end: &RunEnd,
) -> i32 {
    let mut result: Result<i32, (String, i32)> = Ok(0);
    if let Some(policy) = &end.wait {
        let deadline = c.now().plus_ms(end.timeout_ms);
        let on_failure = policy == "OnFailure";
        let last = wait_pod(c, ns, name, deadline, |p| {
            if on_failure {
                crate::util::s(p, "/status/phase") == "Succeeded"
            } else {
                completed(p)
            }
        });
        result = match last {
            None => Err((format!("error: pods \"{name}\" not found\n"), 1)),
            Some(p) => exit_status(ns, name, &p, on_failure),
        };
    }
    if end.remove {
        remove_pod(c, io, ns, name);
    }
    match result {
        Ok(code) => code,
        Err((msg, code)) => {
            io.err(&msg);
            code
        }
    }
}

/// kubectl's exit status for a pod it waited for.
fn exit_status(ns: &str, name: &str, p: &Value, on_failure: bool) -> Result<i32, (String, i32)> {
    match crate::util::s(p, "/status/phase") {
        "Succeeded" => Ok(0),
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
                    Err((msg, i32::try_from(code).unwrap_or(1)))
                }
                _ => Err((
                    format!("error: pod {ns}/{name} failed with unknown exit code\n"),
                    1,
                )),
            }
        }
        _ if on_failure => Err((
            "error: timed out waiting for the condition\n".to_string(),
            1,
        )),
        phase => Err((format!("error: pod {ns}/{name} left in phase {phase}\n"), 1)),
    }
}

/// `--rm`: kubectl deletes the pod and waits for it to be gone.
fn remove_pod(c: &mut cluster::Cluster, io: &mut crate::shell::Io, ns: &str, name: &str) {
    let Some(rt) = cluster::resources::resolve("pods") else {
        return;
    };
    match engine::delete(c, rt, ns, name, None) {
        Ok(_) => {
            let deadline = c.now().plus_ms(ATTACH_LIMIT_MS);
            while engine::get(c, rt, ns, name).is_ok() {
                let now = c.now();
                match c.next_due() {
                    Some(t) if t <= deadline => c.advance((t.0 - now.0).max(1)),
                    _ => break,
                }
            }
            io.out(&format!("pod \"{name}\" deleted\n"));
        }
        Err(e) => io.err(&format!("{}\n", api_message(&e))),
    }
}

/// `kubectl run -i/-t/--attach [--rm]`: creates the pod and waits until it
/// runs (`--pod-running-timeout`). A shell waiting on its standard input
/// (`-it ... -- sh`) becomes the shell's session until `exit`; another
/// command runs to its end on the simulated clock and its output is
/// printed. Then kubectl's ending: `Session ended` (a tty on a pod that
/// restarts), the exit code wait, `--rm`'s deletion, the exit status.
fn run_attached(k: &mut K<'_, '_, '_>, pod: Value, ns: &str, name: &str, remove: bool) -> i32 {
    let restart = k.flags.str("restart");
    if let Err(e) = engine::create(k.ctx.cluster, pod, ns) {
        let msg = api_message(&e);
        k.err(&format!("{msg}\n"));
        return 1;
    }
    let timeout_ms = match crate::flags::parse_go_duration(&k.flags.str("pod-running-timeout")).ok()
    {
        Some(ms) if ms > 0 => ms,
        _ => 60_000,
    };
    let wait = (!k.flags.bool("leave-stdin-open")
        && matches!(restart.as_str(), "Never" | "OnFailure"))
    .then(|| restart.clone());
    let end = RunEnd {
        wait,
        remove,
        timeout_ms,
    };
    let deadline = k.ctx.cluster.now().plus_ms(timeout_ms);
    let first = wait_pod(k.ctx.cluster, ns, name, deadline, |p| {
        running_and_ready(p) || completed(p)
    });
    let Some(seen) = first else {
        return k.fail(&format!("pods \"{name}\" not found"));
    };
    let mut running = !completed(&seen) && running_and_ready(&seen);
    if !running && !completed(&seen) {
        if remove {
            remove_pod(k.ctx.cluster, k.ctx.io, ns, name);
        }
        return k.fail("timed out waiting for the condition");
    }
    let quiet = k.flags.bool("quiet");
    let interactive = k.flags.bool("stdin");
    let tty = k.flags.bool("tty");
    let main = engine::main_process(k.ctx.cluster, ns, name, name);
    let waits = interactive && main.as_ref().is_some_and(|(_, w)| *w);
    if running && !waits {
        // The kubelet notices container state changes on its one-second
        // relist: a command that ends within a second of starting is never
        // reported running, and kubectl prints its logs instead of
        // attaching.
        let started = crate::util::a(&seen, "/status/containerStatuses")
            .first()
            .and_then(|st| {
                cluster::time::Time::parse_rfc3339(crate::util::s(st, "/state/running/startedAt"))
            });
        if let Some(t) = started {
            let relist = t.plus_ms(1000);
            if let Some(p) = wait_pod(k.ctx.cluster, ns, name, relist, container_finished) {
                running = !container_finished(&p);
            }
        }
    }
    let mut reattach = None;
    if running {
        if !quiet {
            k.err("If you don't see a command prompt, try pressing enter.\n");
        }
        if interactive && tty && !quiet && restart == "Always" {
            reattach = Some(format!(
                "Session ended, resume using 'kubectl attach {name} -c {name} -i -t' command when the pod is running\n"
            ));
        }
        if let Some((argv, true)) = main.filter(|_| waits) {
            let attached = crate::shell::Attached {
                container: name.to_string(),
                reattach,
                run: Some(end),
            };
            let shell: Vec<String> = argv.into_iter().take(1).collect();
            return super::exec::open_session(k, ns, name, Some(name), &shell, tty, Some(attached));
        }
    }
    let Some(rt) = cluster::resources::resolve("pods") else {
        return 1;
    };
    // A process that runs on (a server) is not waited for: its output
    // so far, then the live view `kubectl attach` shows.
    let ends = k.ctx.cluster.probe(|c| {
        let deadline = c.now().plus_ms(ATTACH_LIMIT_MS);
        wait_pod(c, ns, name, deadline, container_finished).is_some_and(|p| container_finished(&p))
    });
    let last = if ends {
        let deadline = k.ctx.cluster.now().plus_ms(ATTACH_LIMIT_MS);
        wait_pod(k.ctx.cluster, ns, name, deadline, container_finished)
    } else {
        None
    };
    let finished = last.as_ref().is_some_and(container_finished);
    let mut printed = 0;
    if let Ok(logs) = engine::logs(k.ctx.cluster, ns, name, None) {
        let text = logs.text(false);
        k.out(&text);
        printed = logs.lines.len();
    }
    if !finished && !remove {
        *k.ctx.watch = Some(crate::watch::Live::Logs(crate::watch::LogFollow {
            namespace: ns.to_string(),
            pod: name.to_string(),
            container: Some(name.to_string()),
            printed,
            timestamps: false,
        }));
        return 0;
    }
    if !finished {
        k.err(&format!(
            "error: pod {ns}/{name} is still running: staying attached with --rm to a process that does not end (kubectl waits for Ctrl+C) is not simulated in this playground; without --rm its output streams as kubectl attach shows it\n"
        ));
        if remove {
            let _ = engine::delete(k.ctx.cluster, rt, ns, name, Some(0));
            k.out(&format!("pod \"{name}\" deleted\n"));
        }
        return 1;
    }
    if let Some(msg) = reattach {
        k.out(&msg);
    }
    conclude(k.ctx.cluster, k.ctx.io, ns, name, &end)
}
