//! `kubectl attach POD|TYPE/NAME [-c C] [-i] [-t]`: joins the output of the
//! container's running process. What it printed before is not repeated
//! (that is `logs`); new output streams as the shell's live view (like
//! `logs -f`) until Ctrl+C or the next command. `-t` on a container that
//! did not ask for a TTY gets kubectl's warning; typing into a container's
//! main process (`-i` on a container with `stdin: true`) is not simulated.

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
        .find(|c| s(c, "/name") == cname)
        .cloned()
        .unwrap_or_default();
    let has_stdin = spec.get("stdin").and_then(serde_json::Value::as_bool) == Some(true);
    let has_tty = spec.get("tty").and_then(serde_json::Value::as_bool) == Some(true);
    let want_stdin = k.flags.bool("stdin");
    let want_tty = k.flags.bool("tty");
    if want_tty && !has_tty {
        k.err(&format!(
            "Unable to use a TTY - container {cname} did not allocate one\n"
        ));
    }
    if want_stdin && has_stdin {
        return k.fail("attaching to the standard input of a container's main process is not simulated in this playground; \"kubectl exec -it POD -- sh\" opens a shell");
    }
    if want_stdin && !k.flags.bool("quiet") {
        k.err("If you don't see a command prompt, try pressing enter.\n");
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
