//! `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: picks the pod as
//! kubectl does (a pod, or the first pod of a deployment, replica set,
//! stateful set, job or service; a service's port becomes its target port
//! in the pod), prints `Forwarding from 127.0.0.1:L -> R` and
//! `Forwarding from [::1]:L -> R`, and opens the listeners in the engine
//! (`Cluster::port_forward_add`), where the host's `curl localhost:L` and
//! the browser pane find them.
//!
//! Lifetime: the command stays in the foreground as the shell's live view
//! (like `get -w`), printing `Handling connection for L` for each
//! connection; Ctrl+C (`Shell::cancel_watch`) stops it. The next command
//! typed (or the next line of a script) leaves it running in the
//! background, as `kubectl port-forward ... &` would, until the shell ends;
//! a host `curl` then prints the `Handling connection` lines before its
//! answer.

use super::K;
use crate::engine;
use crate::util::{a, s};
use cluster::resources;
use serde_json::Value;

/// "Handling connection for L" for each connection the forwards on `ports`
/// accepted since the last call.
pub fn handling(c: &mut cluster::Cluster, ports: &[u16]) -> String {
    c.port_forward_drain_notes()
        .into_iter()
        .filter(|p| ports.contains(p))
        .map(|p| format!("Handling connection for {p}\n"))
        .collect()
}

/// A port spec: `8080`, `8080:80`, `:80`, `8443:https`.
struct PortSpec {
    /// `None`: the same as the remote port; `Some(0)`: pick one.
    local: Option<u16>,
    remote: String,
}

fn parse_spec(spec: &str) -> Result<PortSpec, String> {
    let (local, remote) = match spec.split_once(':') {
        Some((l, r)) => (Some(l), r),
        None => (None, spec),
    };
    let local = match local {
        None => None,
        Some("") => Some(0),
        Some(l) => Some(
            l.parse::<u16>()
                .map_err(|_| format!("Error parsing local port '{l}': {}", uint_error(l)))?,
        ),
    };
    Ok(PortSpec {
        local,
        remote: remote.to_string(),
    })
}

/// Go's strconv.ParseUint(s, 10, 16) error text.
fn uint_error(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        format!("strconv.ParseUint: parsing \"{s}\": value out of range")
    } else {
        format!("strconv.ParseUint: parsing \"{s}\": invalid syntax")
    }
}

/// A container port of the pod by name.
fn pod_named_port(pod: &Value, name: &str) -> Option<u16> {
    a(pod, "/spec/containers").iter().find_map(|c| {
        a(c, "/ports")
            .iter()
            .find(|p| s(p, "/name") == name)
            .and_then(|p| p.get("containerPort").and_then(Value::as_u64))
            .and_then(|n| u16::try_from(n).ok())
    })
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    if args.len() < 2 {
        k.err("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n");
        return 1;
    }
    let ns = k.namespace();
    let what = args[0].clone();
    let (pod_name, _) = match super::exec::pod_for(k, &what, &ns) {
        Ok(p) => p,
        Err(e) => return fail(k, &e),
    };
    let Some(pods_rt) = resources::resolve("pods") else {
        return k.fail("the server doesn't have a resource type \"pods\"");
    };
    let pod = match engine::get(k.ctx.cluster, pods_rt, &ns, &pod_name) {
        Ok(p) => p,
        Err(e) => return k.api_fail(&e),
    };
    // A service's ports name the service port; kubectl forwards to the
    // target port in the pod.
    let service = match what.split_once('/') {
        Some((t, name)) if resources::resolve(t).is_some_and(|rt| rt.plural == "services") => {
            resources::resolve(t).and_then(|rt| engine::get(k.ctx.cluster, rt, &ns, name).ok())
        }
        _ => None,
    };
    let mut pairs: Vec<(Option<u16>, u16)> = Vec::new();
    for spec in &args[1..] {
        let p = match parse_spec(spec) {
            Ok(p) => p,
            Err(e) => return k.fail(&e),
        };
        let remote = match &service {
            Some(svc) => match service_target(svc, &pod, &p.remote) {
                Ok((svc_port, target)) => {
                    let local = p.local.or(Some(svc_port));
                    pairs.push((local, target));
                    continue;
                }
                Err(e) => return k.fail(&e),
            },
            None => match p.remote.parse::<u16>() {
                Ok(n) => n,
                Err(_) if p.remote.chars().all(|c| c.is_ascii_digit()) => {
                    return k.fail(&format!(
                        "Error parsing remote port '{}': {}",
                        p.remote,
                        uint_error(&p.remote)
                    ))
                }
                Err(_) => match pod_named_port(&pod, &p.remote) {
                    Some(n) => n,
                    None => {
                        return k.fail(&format!(
                            "Pod '{pod_name}' does not have a named port '{}'",
                            p.remote
                        ))
                    }
                },
            },
        };
        pairs.push((p.local, remote));
    }
    if let Some((_, 0)) = pairs.iter().find(|(_, r)| *r == 0) {
        return k.fail("remote port must be > 0");
    }
    let phase = s(&pod, "/status/phase").to_string();
    if phase != "Running" {
        return k.fail(&format!(
            "unable to forward port because pod is not running. Current status={phase}"
        ));
    }
    let addresses: Vec<String> = k
        .flags
        .list("address")
        .into_iter()
        .flat_map(|a| a.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|a| !a.is_empty())
        .collect();
    let addresses = if addresses.is_empty() {
        vec!["localhost".to_string()]
    } else {
        addresses
    };
    let mut listen: Vec<String> = Vec::new();
    for a in &addresses {
        match a.as_str() {
            "localhost" => {
                listen.push("127.0.0.1".to_string());
                listen.push("[::1]".to_string());
            }
            ip if ip.parse::<std::net::IpAddr>().is_ok() => {
                if ip.contains(':') {
                    listen.push(format!("[{ip}]"));
                } else {
                    listen.push(ip.to_string());
                }
            }
            other => return k.fail(&format!("{other} is not a valid IP")),
        }
    }
    let mut out = String::new();
    let mut opened: Vec<u16> = Vec::new();
    for (local, remote) in pairs {
        let local = match local {
            None => remote,
            Some(0) => match k.ctx.cluster.port_forward_pick_port() {
                Some(p) => p,
                None => {
                    for p in &opened {
                        k.ctx.cluster.port_forward_remove(*p);
                    }
                    return k.fail(&format!(
                        "unable to listen on any of the requested ports: [{{0 {remote}}}]"
                    ));
                }
            },
            Some(l) => l,
        };
        if k.ctx
            .cluster
            .port_forward_add(&ns, &pod_name, local, remote)
            .is_err()
        {
            k.out(&out);
            for p in &opened {
                k.ctx.cluster.port_forward_remove(*p);
            }
            let listeners: Vec<String> = listen
                .iter()
                .map(|addr| {
                    let family = if addr.starts_with('[') { "tcp6" } else { "tcp4" };
                    format!("unable to create listener: Error listen {family} {addr}:{local}: bind: address already in use")
                })
                .collect();
            k.err(&format!(
                "Unable to listen on port {local}: Listeners failed to create with the following errors: [{}]\nerror: unable to listen on any of the requested ports: [{{{local} {remote}}}]\n",
                listeners.join(" ")
            ));
            return 1;
        }
        opened.push(local);
        for addr in &listen {
            out.push_str(&format!("Forwarding from {addr}:{local} -> {remote}\n"));
        }
    }
    k.out(&out);
    *k.ctx.watch = Some(crate::watch::Live::PortForward(opened));
    0
}

/// kubectl's translation of a service port (number or name) to the
/// service's port number and the container port in the pod.
fn service_target(svc: &Value, pod: &Value, remote: &str) -> Result<(u16, u16), String> {
    let name = s(svc, "/metadata/name");
    let ports = a(svc, "/spec/ports");
    let found = match remote.parse::<u16>() {
        Ok(n) => ports
            .iter()
            .find(|p| p.get("port").and_then(Value::as_u64) == Some(u64::from(n)))
            .ok_or_else(|| format!("Service {name} does not have a service port {n}"))?,
        Err(_) => ports
            .iter()
            .find(|p| s(p, "/name") == remote)
            .ok_or_else(|| format!("Service '{name}' does not have a named port '{remote}'"))?,
    };
    let port = found
        .get("port")
        .and_then(Value::as_u64)
        .and_then(|n| u16::try_from(n).ok())
        .unwrap_or(0);
    let target = match found.get("targetPort") {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .unwrap_or(port),
        Some(Value::String(tn)) => pod_named_port(pod, tn).ok_or_else(|| {
            format!(
                "Pod '{}' does not have a named port '{tn}'",
                s(pod, "/metadata/name")
            )
        })?,
        _ => port,
    };
    Ok((port, target))
}

fn fail(k: &mut K<'_, '_, '_>, e: &str) -> i32 {
    if e.starts_with("Error from server") {
        k.err(&format!("{e}\n"));
        1
    } else {
        k.fail(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs_parse_as_kubectl_reads_them() {
        let p = parse_spec("8080:80").unwrap();
        assert_eq!((p.local, p.remote.as_str()), (Some(8080), "80"));
        let p = parse_spec(":80").unwrap();
        assert_eq!(p.local, Some(0));
        let p = parse_spec("5000").unwrap();
        assert_eq!(p.local, None);
        assert_eq!(
            parse_spec("x:80").err().unwrap(),
            "Error parsing local port 'x': strconv.ParseUint: parsing \"x\": invalid syntax"
        );
        assert_eq!(
            parse_spec("70000:80").err().unwrap(),
            "Error parsing local port '70000': strconv.ParseUint: parsing \"70000\": value out of range"
        );
    }
}
