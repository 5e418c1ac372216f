//! `kubectl attach POD|TYPE/NAME [-c C] [-i] [-t]`: joins the output of the
//! container's running process. What it printed before is not repeated
//! (that is `logs`); new output streams as the shell's live view (like
//! `logs -f`) until Ctrl+C or the next command. `-t` on a container that
//! did not ask for a TTY gets kubectl's warning. `-i` on a container whose
//! main process is a shell reading its standard input (`stdin: true`, as
//! `kubectl run -it` makes) opens a session in it until `exit`, which
//! ends that process.

use super::K;
use crate::engine;
use crate::util::{a, s};
use cluster::resources;

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let what = match args.as_slice() {
        [] => {
            k.err("error: at least 1 argument is required for attach\nSee 'kubectl attach -h' for help and examples\n");
            return 1;
        }
        [one] => one.clone(),
        [ty, name] => format!("{ty}/{name}"),
        many => {
            k.err(&format!(
                "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {}: [{}]\nSee 'kubectl attach -h' for help and examples\n",
                many.len(),
                many.join(" ")
            ));
            return 1;
        }
    };
    let ns = k.namespace();
    let (pod_name, _) = match super::exec::pod_for(k, &what, &ns) {
        Ok(p) => p,
        Err(e) if e.starts_with("Error from server") => {
            k.err(&format!("{e}\n"));
            return 1;
        }
        Err(e) => return k.fail(&e),
    };
    let Some(pods_rt) = resources::resolve("pods") else {
        return k.fail("the server doesn't have a resource type \"pods\"");
    };
    let pod = match engine::get(k.ctx.cluster, pods_rt, &ns, &pod_name) {
        Ok(p) => p,
        Err(e) => return k.api_fail(&e),
    };
    let phase = s(&pod, "/status/phase").to_string();
    if phase == "Succeeded" || phase == "Failed" {
        return k.fail(&format!(
            "cannot attach a container in a completed pod; current phase is {phase}"
        ));
    }
    let container = k.flags.str("container");
    let chosen = if container.is_empty() {
        None
    } else {
        Some(container.as_str())
    };
    let logs = match engine::logs(k.ctx.cluster, &ns, &pod_name, chosen) {
        Ok(l) => l,
        // A container that is not running: the kubelet's streaming server
        // has nothing to attach to (as for exec).
        Err(e) if e.contains("is waiting to start") => {
            let cname = e.split('"').nth(1).unwrap_or_default().to_string();
            return k.fail(&format!(
                "unable to upgrade connection: container not found (\"{cname}\")"
            ));
        }
        Err(e) if e.starts_with("Error from server") => {
            k.err(&format!("{e}\n"));
            return 1;
        }
        Err(e) => return k.fail(e.trim_start_matches("error: ")),
    };
    if let Some(n) = &logs.notice {
        if !k.flags.bool("quiet") {
            k.err(n);
        }
    }
    let cname = if container.is_empty() {
        logs.notice
            .as_deref()
            .and_then(|n| n.split('"').nth(1))
            .map(str::to_string)
            .or_else(|| {
                a(&pod, "/spec/containers")
                    .first()
                    .map(|c| s(c, "/name").to_string())
            })
            .unwrap_or_default()
    } else {
        container.clone()
    };
    let spec = a(&pod, "/spec/containers")
        .iter()
        .chain(a(&pod, "/spec/ephemeralContainers"))
        .find(|c| s(c, "/name") == cname)
        .cloned()
        .unwrap_or_default();
    let has_stdin = spec.get("stdin").and_then(serde_json::Value::as_bool) == Some(true);
    let has_tty = spec.get("tty").and_then(serde_json::Value::as_bool) == Some(true);
    let want_stdin = k.flags.bool("stdin");
    let want_tty = k.flags.bool("tty");
    let quiet = k.flags.bool("quiet");
    if want_tty && !has_tty && !quiet {
        k.err(&format!(
            "error: Unable to use a TTY - container {cname} did not allocate one\n"
        ));
    }
    if want_stdin && !quiet {
        k.err("If you don't see a command prompt, try pressing enter.\n");
    }
    let waits = has_stdin
        && engine::main_process(k.ctx.cluster, &ns, &pod_name, &cname).is_some_and(|(_, w)| w);
    if want_stdin && waits {
        // The container's main process is a shell reading its standard
        // input: the session types into it until `exit` ends it. kubectl
        // uses the container's TTY whether -t was given or not.
        let argv = engine::main_process(k.ctx.cluster, &ns, &pod_name, &cname)
            .map(|(a, _)| a)
            .unwrap_or_default();
        let Some(shell) = argv.first().cloned() else {
            return 0;
        };
        let ephemeral = a(&pod, "/spec/ephemeralContainers")
            .iter()
            .any(|c| s(c, "/name") == cname);
        let restarts = s(&pod, "/spec/restartPolicy") == "Always";
        let reattach = if quiet || !has_tty || !restarts {
            None
        } else if ephemeral {
            Some(format!("Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach {pod_name} -c {cname} -i -t' if it is still running\n"))
        } else if restarts {
            Some(format!("Session ended, resume using 'kubectl attach {pod_name} -c {cname} -i -t' command when the pod is running\n"))
        } else {
            None
        };
        let attached = crate::shell::Attached {
            container: cname.clone(),
            reattach,
            run: None,
        };
        return super::exec::open_session(
            k,
            &ns,
            &pod_name,
            Some(&cname),
            &[shell],
            has_tty,
            Some(attached),
        );
    }
    *k.ctx.watch = Some(crate::watch::Live::Logs(crate::watch::LogFollow {
        namespace: ns,
        pod: pod_name,
        container: Some(cname),
        printed: logs.lines.len(),
        timestamps: false,
    }));
    0
}
