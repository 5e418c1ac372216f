//! `kubectl exec` and `kubectl logs`: a pod by name or through
//! `TYPE/NAME` (deployment, replicaset, service, job: its first pod), and a
//! container by `-c` or by default.

use super::{api_message, K};
use crate::engine::{self, Selector};
use crate::util::{a, s};
use cluster::resources;
use serde_json::Value;

/// Resolves `POD` or `TYPE/NAME` to a pod, as kubectl's
/// AttachablePodForObject does. Returns the pod's name and an optional notice
/// (`Found 3 pods, using pod/x`) for logs.
pub(super) fn pod_for(
    k: &mut K<'_, '_, '_>,
    what: &str,
    ns: &str,
) -> Result<(String, Option<String>), String> {
    let Some((t, name)) = what.split_once('/') else {
        // A plain pod name: the engine reports a missing pod in kubectl's
        // words for exec and for logs.
        return Ok((what.to_string(), None));
    };
    let rt = super::resolve_type(t)?;
    let name = name.to_string();
    if rt.plural == "pods" {
        return Ok((name, None));
    }
    let obj = engine::get(k.ctx.cluster, rt, ns, &name).map_err(|e| api_message(&e))?;
    let selector = match rt.plural {
        "services" => {
            let pairs = crate::util::smap(&obj, "/spec/selector");
            if pairs.is_empty() {
                return Err(format!(
                    "invalid service '{name}': Service is defined without a selector"
                ));
            }
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        }
        "deployments"
        | "replicasets"
        | "statefulsets"
        | "daemonsets"
        | "jobs"
        | "replicationcontrollers" => {
            crate::util::format_label_selector(obj.pointer("/spec/selector"))
        }
        _ => {
            return Err(format!(
                "cannot attach to {}: selector for {} not implemented",
                rt.qualified_kind_lower(),
                rt.kind
            ))
        }
    };
    let sel = Selector::parse(&selector)?;
    let pods_rt = resources::resolve("pods").ok_or("no pods")?;
    let mut pods: Vec<Value> = engine::list(k.ctx.cluster, pods_rt, Some(ns))
        .into_iter()
        .filter(|p| sel.matches(p))
        .collect();
    if pods.is_empty() {
        return Err("timed out waiting for the condition".to_string());
    }
    // kubectl prefers running, ready, older pods.
    cluster::sort::by_key(&mut pods, |p| {
        let running = s(p, "/status/phase") == "Running";
        let ready = a(p, "/status/conditions")
            .iter()
            .any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True");
        (
            !running,
            !ready,
            s(p, "/metadata/creationTimestamp").to_string(),
            s(p, "/metadata/name").to_string(),
        )
    });
    let notice = if pods.len() > 1 {
        Some(format!(
            "Found {} pods, using pod/{}\n",
            pods.len(),
            s(&pods[0], "/metadata/name")
        ))
    } else {
        None
    };
    Ok((s(&pods[0], "/metadata/name").to_string(), notice))
}

fn fail_line(k: &mut K<'_, '_, '_>, e: &str) -> i32 {
    if e.starts_with("Error from server") {
        k.err(&format!("{e}\n"));
        1
    } else {
        k.fail(e)
    }
}

pub fn exec(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let dash = k.flags.dash_at;
    let (target, argv): (String, Vec<String>) = match dash {
        Some(0) | None if args.is_empty() => {
            return k.fail("pod, type/name or --filename must be specified");
        }
        Some(0) => return k.fail("pod, type/name or --filename must be specified"),
        Some(d) => (args[0].clone(), args[d..].to_vec()),
        None => {
            if args.len() > 1 {
                k.err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
                return 1;
            }
            (args[0].clone(), Vec::new())
        }
    };
    if argv.is_empty() {
        return k.fail("you must specify at least one command for the container");
    }
    let ns = k.namespace();
    let (pod, _) = match pod_for(k, &target, &ns) {
        Ok(p) => p,
        Err(e) => return fail_line(k, &e),
    };
    let container = k.flags.str("container");
    let container = if container.is_empty() {
        None
    } else {
        Some(container.as_str())
    };
    let tty = k.flags.bool("tty");
    let pod_name = pod;
    let input = if k.flags.bool("stdin") {
        k.ctx.stdin.clone()
    } else {
        None
    };
    if k.flags.bool("stdin") && input.is_none() && is_interactive_shell(&argv) {
        return open_session(k, &ns, &pod_name, container, &argv, tty, None);
    }
    let ran = match &input {
        // Piped input (`-i`) goes to the command; without a terminal.
        Some(text) => engine::exec_input(k.ctx.cluster, &ns, &pod_name, container, &argv, text),
        None => engine::exec(k.ctx.cluster, &ns, &pod_name, container, &argv, tty),
    };
    match ran {
        Ok(r) => {
            k.out(&r.stdout);
            k.err(&r.stderr);
            if r.exit_code != 0 {
                k.err(&format!(
                    "command terminated with exit code {}\n",
                    r.exit_code
                ));
            }
            r.exit_code
        }
        Err(line) => {
            k.err(&format!("{line}\n"));
            1
        }
    }
}

pub fn logs(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let usage = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
    let selector = k.flags.str("selector");
    if args.is_empty() && selector.is_empty() || args.len() > 2 {
        return k.fail(usage);
    }
    let ns = k.namespace();
    if args.len() == 2 {
        // `kubectl logs POD CONTAINER` (old form).
        k.flags
            .values
            .insert("container".into(), vec![args[1].clone()]);
    }
    let Some(first) = args.first().cloned() else {
        return logs_by_selector(k, &selector, &ns);
    };
    if !selector.is_empty() {
        return k.fail("only one of -l or POD/TYPE/NAME may be specified");
    }
    let (pod, notice) = match pod_for(k, &first, &ns) {
        Ok(p) => p,
        Err(e) => return fail_line(k, &e),
    };
    if let Some(n) = notice {
        k.err(&n);
    }
    let container = k.flags.str("container");
    let container = if container.is_empty() {
        None
    } else {
        Some(container.as_str())
    };
    let pod_name = pod;
    let logs = match engine::logs(k.ctx.cluster, &ns, &pod_name, container) {
        Ok(l) => l,
        Err(line) => {
            k.err(&format!("{line}\n"));
            return 1;
        }
    };
    if let Some(n) = &logs.notice {
        k.err(n);
    }
    let mut logs = logs;
    if k.flags.bool("previous") {
        match previous_window(k, &ns, &pod_name, container) {
            Ok((from, to)) => logs
                .lines
                .retain(|(t, _)| *t >= from && *t < to.plus_ms(1000)),
            Err(e) => {
                k.err(&format!("{e}\n"));
                return 1;
            }
        }
    } else if let Some(from) = current_start(k, &ns, &pod_name, container) {
        // The kubelet serves the log of the container's current instance
        // (or, while it waits to restart, of the last one).
        logs.lines.retain(|(t, _)| *t >= from);
    }
    let since = match since_filter(k) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let mut lines = stamped(&logs.lines);
    if let Some(from) = since {
        lines.retain(|(t, _, _)| *t >= from);
    }
    let tail = k.flags.int("tail");
    if tail >= 0 {
        let keep = lines.len().saturating_sub(tail as usize);
        lines.drain(..keep);
    }
    let text = lines_text(&lines, k.flags.bool("timestamps"));
    k.out(&text);
    if k.flags.bool("follow") {
        let printed = engine::logs(k.ctx.cluster, &ns, &pod_name, container)
            .map(|l| l.lines.len())
            .unwrap_or(0);
        *k.ctx.watch = Some(crate::watch::Live::Logs(crate::watch::LogFollow {
            namespace: ns.clone(),
            pod: pod_name.clone(),
            container: container.map(str::to_string),
            printed,
            timestamps: k.flags.bool("timestamps"),
        }));
    }
    0
}

/// The earliest log time `--since` or `--since-time` lets through: the
/// kubelet keeps lines stamped at or after it. kubectl rounds `--since` to
/// whole seconds and sends `--since-time` with second precision.
fn since_filter(k: &mut K<'_, '_, '_>) -> Result<Option<cluster::time::Time>, i32> {
    let since_ms = if k.flags.has("since") {
        crate::flags::parse_go_duration(&k.flags.str("since")).unwrap_or(0)
    } else {
        0
    };
    let since_time = k.flags.str("since-time");
    let at = if since_time.is_empty() {
        None
    } else {
        match parse_since_time(&since_time) {
            Some(t) => Some(t),
            None => {
                return Err(k.fail(&format!(
                    "parsing time \"{since_time}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{since_time}\" as \"2006\""
                )))
            }
        }
    };
    if at.is_some() && since_ms != 0 {
        return Err(k.fail("at most one of `sinceTime` or `sinceSeconds` may be specified"));
    }
    if since_ms < 0 {
        return Err(k.fail("--since must be greater than 0"));
    }
    if let Some(t) = at {
        return Ok(Some(t));
    }
    if since_ms == 0 {
        return Ok(None);
    }
    // time.Duration.Round(time.Second): halves round away from zero.
    let secs = (since_ms + 500) / 1000;
    Ok(Some(k.ctx.cluster.now().plus_ms(-secs * 1000)))
}

/// RFC 3339 as Go's time.Parse reads it (fraction and offset allowed),
/// cut to whole seconds as metav1.Time sends it.
fn parse_since_time(text: &str) -> Option<cluster::time::Time> {
    let head = text.get(..19)?;
    let mut rest = text.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = frac.get(digits..)?;
    }
    let offset_ms: i64 = if rest == "Z" {
        0
    } else {
        let (sign, hm) = match rest.as_bytes().first() {
            Some(b'+') => (1, rest.get(1..)?),
            Some(b'-') => (-1, rest.get(1..)?),
            _ => return None,
        };
        let (h, m) = hm.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        sign * (h * 3600 + m * 60) * 1000
    };
    let t = cluster::time::Time::parse_rfc3339(&format!("{head}Z"))?;
    Some(t.plus_ms(-offset_ms))
}

/// Each log line with the kubelet's RFC3339NanoFixed stamp. The digits
/// below the millisecond come from the line's time and its rank among the
/// lines of the same millisecond, so they never go backwards and do not
/// change when `--tail` or `--since` drops earlier lines.
pub fn stamped(
    lines: &[(cluster::time::Time, String)],
) -> Vec<(cluster::time::Time, String, String)> {
    let mut out = Vec::with_capacity(lines.len());
    let mut prev: Option<(i64, u64)> = None;
    for (t, line) in lines {
        let h = (t.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        let sub = match prev {
            Some((ms, last)) if ms == t.0 => (last + 1 + h % 40_000).min(999_999),
            _ => h % 600_000,
        };
        prev = Some((t.0, sub));
        let base = t.rfc3339();
        let stamp = format!(
            "{}.{:03}{sub:06}Z",
            base.trim_end_matches('Z'),
            t.0.rem_euclid(1000)
        );
        out.push((*t, stamp, line.clone()));
    }
    out
}

/// The lines as `kubectl logs` prints them, with `--timestamps` stamps.
pub fn lines_text(lines: &[(cluster::time::Time, String, String)], timestamps: bool) -> String {
    let mut out = String::new();
    for (_, stamp, line) in lines {
        if timestamps {
            out.push_str(stamp);
            out.push(' ');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// When the instance whose log `kubectl logs` shows started: the running
/// or terminated container's, or the last one's while it waits to restart.
pub(super) fn current_start(
    k: &K<'_, '_, '_>,
    ns: &str,
    pod: &str,
    container: Option<&str>,
) -> Option<cluster::time::Time> {
    let p = k.ctx.cluster.store().get("pods", ns, pod)?;
    let name = match container {
        Some(c) => c.to_string(),
        None => a(p, "/spec/containers")
            .first()
            .map(|c| s(c, "/name").to_string())?,
    };
    let st = a(p, "/status/containerStatuses")
        .iter()
        .find(|c| s(c, "/name") == name)?;
    let started = [
        "/state/running/startedAt",
        "/state/terminated/startedAt",
        "/lastState/terminated/startedAt",
    ]
    .iter()
    .map(|ptr| s(st, ptr))
    .find(|t| !t.is_empty())?;
    cluster::time::Time::parse_rfc3339(started)
}

/// The time span of a container's previous instance (`--previous`), or
/// the API server's error when it has none.
fn previous_window(
    k: &K<'_, '_, '_>,
    ns: &str,
    pod: &str,
    container: Option<&str>,
) -> Result<(cluster::time::Time, cluster::time::Time), String> {
    let p = k
        .ctx
        .cluster
        .store()
        .get("pods", ns, pod)
        .cloned()
        .unwrap_or_default();
    let name = match container {
        Some(c) => c.to_string(),
        None => a(&p, "/spec/containers")
            .first()
            .map(|c| s(c, "/name").to_string())
            .unwrap_or_default(),
    };
    let st = a(&p, "/status/containerStatuses")
        .iter()
        .find(|c| s(c, "/name") == name)
        .cloned();
    let term = st.as_ref().and_then(|c| c.pointer("/lastState/terminated"));
    let Some(term) = term else {
        return Err(format!(
            "Error from server (BadRequest): previous terminated container \"{name}\" in pod \"{pod}\" not found"
        ));
    };
    let from = cluster::time::Time::parse_rfc3339(s(term, "/startedAt"));
    let to = cluster::time::Time::parse_rfc3339(s(term, "/finishedAt"));
    match (from, to) {
        (Some(f), Some(t)) => Ok((f, t)),
        _ => Err(format!(
            "Error from server (BadRequest): previous terminated container \"{name}\" in pod \"{pod}\" not found"
        )),
    }
}

/// `kubectl logs -l SELECTOR`: each matching pod's log (default
/// container), 10 lines each unless `--tail` says otherwise, with
/// `[pod/NAME/CONTAINER] ` before each line for `--prefix`.
fn logs_by_selector(k: &mut K<'_, '_, '_>, selector: &str, ns: &str) -> i32 {
    let sel = match Selector::parse(selector) {
        Ok(s) => s,
        Err(e) => return k.fail(&e),
    };
    let Some(pods_rt) = resources::resolve("pods") else {
        return k.fail("the server doesn't have a resource type \"pods\"");
    };
    let all = k.all_namespaces();
    let scope = if all { None } else { Some(ns) };
    let pods: Vec<Value> = engine::list(k.ctx.cluster, pods_rt, scope)
        .into_iter()
        .filter(|p| sel.matches(p))
        .collect();
    if pods.is_empty() {
        if all {
            k.err("No resources found\n");
        } else {
            k.err(&format!("No resources found in {ns} namespace.\n"));
        }
        return 0;
    }
    let max = k.flags.int("max-log-requests");
    if k.flags.bool("follow") && pods.len() as i64 > max {
        return k.fail(&format!("you are attempting to follow {} log streams, but maximum allowed concurrency is {max}, use --max-log-requests to increase the limit", pods.len()));
    }
    let since = match since_filter(k) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let tail = match k.flags.int("tail") {
        -1 => 10,
        t => t,
    };
    let container = k.flags.str("container");
    let prefix = k.flags.bool("prefix");
    let timestamps = k.flags.bool("timestamps");
    for p in pods {
        let pns = s(&p, "/metadata/namespace").to_string();
        let pname = s(&p, "/metadata/name").to_string();
        let chosen = if container.is_empty() {
            None
        } else {
            Some(container.as_str())
        };
        // kubectl v1.32 reads the pods' logs one after the other and stops
        // at the first that fails (a container not started yet): what the
        // pods before it printed stays on stdout, the error ends it.
        let logs = match engine::logs(k.ctx.cluster, &pns, &pname, chosen) {
            Ok(l) => l,
            Err(line) => {
                k.err(&format!("{line}\n"));
                return 1;
            }
        };
        if let Some(n) = &logs.notice {
            k.err(n);
        }
        let mut logs = logs;
        if let Some(from) = current_start(k, &pns, &pname, chosen) {
            logs.lines.retain(|(t, _)| *t >= from);
        }
        let mut lines = stamped(&logs.lines);
        if let Some(from) = since {
            lines.retain(|(t, _, _)| *t >= from);
        }
        if tail >= 0 {
            let keep = lines.len().saturating_sub(tail as usize);
            lines.drain(..keep);
        }
        let text = lines_text(&lines, timestamps);
        if prefix {
            let cname = if container.is_empty() {
                logs.notice
                    .as_deref()
                    .and_then(|n| n.split('"').nth(1))
                    .map(str::to_string)
                    .or_else(|| {
                        a(&p, "/spec/containers")
                            .first()
                            .map(|c| s(c, "/name").to_string())
                    })
                    .unwrap_or_default()
            } else {
                container.clone()
            };
            for line in text.lines() {
                k.out(&format!("[pod/{pname}/{cname}] {line}\n"));
            }
        } else {
            k.out(&text);
        }
    }
    0
}

/// `sh`, `bash -il`, `/bin/ash`...: a shell reading commands from the
/// terminal (no `-c`, no script).
fn is_interactive_shell(argv: &[String]) -> bool {
    const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh"];
    let Some((first, rest)) = argv.split_first() else {
        return false;
    };
    let prog = first.rsplit('/').next().unwrap_or("");
    SHELLS.contains(&prog) && rest.iter().all(|a| a.starts_with('-') && !a.contains('c'))
}

/// The prompt the image's shell shows in `cwd` (PS1 of its user and
/// shell: BusyBox's `\w \$ `, Debian bash's `\u@\h:\w\$ `, dash's `# `).
pub(crate) fn shell_prompt(image: &str, shell: &str, host: &str, cwd: &str) -> String {
    let repo = cluster::images::parse_ref(image).0;
    let bash = shell == "bash";
    let home = if repo == "curlimages/curl" {
        "/home/curl_user"
    } else {
        "/root"
    };
    let w = if cwd == home {
        "~".to_string()
    } else if let Some(rest) = cwd.strip_prefix(&format!("{home}/")) {
        format!("~/{rest}")
    } else {
        cwd.to_string()
    };
    match repo.as_str() {
        "busybox" | "alpine" => format!("{w} # "),
        "curlimages/curl" => format!("{w} $ "),
        _ if bash => format!("root@{host}:{w}# "),
        _ => "# ".to_string(),
    }
}

/// `kubectl exec -it POD -- sh`: checks the shell exists in the container
/// (the runtime's error and exit code 126 if not), then leaves a session
/// in the shell: the next lines run in the container until `exit`. With
/// `attached`, the shell is the container's main process (`kubectl run
/// -it`, `attach -it`, `debug -it`).
pub(super) fn open_session(
    k: &mut K<'_, '_, '_>,
    ns: &str,
    pod: &str,
    container: Option<&str>,
    argv: &[String],
    tty: bool,
    attached: Option<crate::shell::Attached>,
) -> i32 {
    let Some(prog) = argv.first() else {
        return k.fail("you must specify at least one command for the container");
    };
    let probe = vec![prog.clone(), "-c".to_string(), "true".to_string()];
    match engine::exec_in(k.ctx.cluster, ns, pod, container, &probe, tty, None) {
        Ok((r, _)) if r.exit_code == 126 || r.exit_code == 127 => {
            k.out(&r.stdout);
            k.err(&r.stderr);
            k.err(&format!(
                "command terminated with exit code {}\n",
                r.exit_code
            ));
            r.exit_code
        }
        Ok((r, cwd)) => {
            // kubectl's "Defaulted container" notice, if any.
            k.err(&r.stderr);
            let image = k
                .ctx
                .cluster
                .store()
                .get("pods", ns, pod)
                .map(|p| {
                    let cs = crate::util::a(p, "/spec/containers");
                    let eph = crate::util::a(p, "/spec/ephemeralContainers");
                    let c = container
                        .and_then(|n| cs.iter().chain(eph).find(|c| s(c, "/name") == n))
                        .or_else(|| cs.first());
                    c.map(|c| s(c, "/image").to_string()).unwrap_or_default()
                })
                .unwrap_or_default();
            let shell = prog.rsplit('/').next().unwrap_or("sh").to_string();
            let prompt = if tty {
                shell_prompt(&image, &shell, pod, &cwd)
            } else {
                String::new()
            };
            *k.ctx.session = Some(crate::shell::Session {
                namespace: ns.to_string(),
                pod: pod.to_string(),
                container: container.map(str::to_string),
                shell,
                prompt,
                tty,
                image,
                cwd,
                attached,
            });
            0
        }
        Err(line) => {
            k.err(&format!("{line}\n"));
            1
        }
    }
}
