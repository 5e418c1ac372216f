//! `kubeplay` simulator commands about the cluster's profile and the load
//! balancers outside it: `kubeplay profile`, `kubeplay minikube
//! tunnel|ip`, `kubeplay haproxy add|list|remove|config`. (`kubeplay node
//! ...` and the help live in `shell`.)

use cluster::{Cluster, Profile};

/// What a simulator command printed.
pub struct SimOutput {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

fn ok(stdout: String) -> SimOutput {
    SimOutput {
        stdout,
        stderr: String::new(),
        code: 0,
    }
}

fn fail(msg: &str) -> SimOutput {
    SimOutput {
        stdout: String::new(),
        stderr: format!("kubeplay: {msg}\n"),
        code: 1,
    }
}

/// A stand-in process id for the tunnel (minikube prints its own pid).
const TUNNEL_PID: u32 = 24_817;

/// Runs `kubeplay WORDS...` if it is one of these commands; `None` when
/// the first word is not `profile`, `minikube` or `haproxy`.
pub fn run(cluster: &mut Cluster, words: &[&str]) -> Option<SimOutput> {
    let out = match words {
        ["profile"] => {
            let p = cluster.profile();
            ok(format!("{}: {}\n", p.name(), p.description()))
        }
        ["profile", "list"] => {
            let now = cluster.profile();
            let mut s = String::new();
            for p in Profile::ALL {
                let mark = if p == now { '*' } else { ' ' };
                s.push_str(&format!("{mark} {:<15} {}\n", p.name(), p.description()));
            }
            ok(s)
        }
        ["profile", ..] => fail(&format!(
            "profile: the profile is chosen when the cluster starts (kubeplay --profile {}); `kubeplay profile` shows it, `kubeplay profile list` lists them",
            words.get(1).copied().unwrap_or("")
        )),
        ["minikube", "tunnel"] => {
            if cluster.profile() == Profile::Minikube && cluster.tunnel_status().running {
                return Some(fail("minikube tunnel: the tunnel is already running; `kubeplay minikube tunnel stop` stops it"));
            }
            match cluster.minikube_tunnel(true) {
                Ok(st) => SimOutput {
                    stdout: tunnel_status_text(&st),
                    stderr: "kubeplay: the tunnel keeps running in the background (a real one holds its terminal until Ctrl+C); `kubeplay minikube tunnel stop` stops it\n".to_string(),
                    code: 0,
                },
                Err(e) => fail(&e),
            }
        }
        ["minikube", "tunnel", "stop"] => {
            if cluster.profile() == Profile::Minikube && !cluster.tunnel_status().running {
                return Some(fail("minikube tunnel: no tunnel is running"));
            }
            match cluster.minikube_tunnel(false) {
                Ok(st) => ok(format!(
                    "minikube tunnel stopped (as Ctrl+C stops it): route {} removed\n",
                    st.route
                )),
                Err(e) => fail(&e),
            }
        }
        ["minikube", "ip"] => {
            if cluster.profile() != Profile::Minikube {
                return Some(fail(&format!(
                    "minikube ip: this cluster is not minikube (profile {}); start one with --profile minikube",
                    cluster.profile()
                )));
            }
            ok(format!("{}\n", cluster::net::lb::MINIKUBE_IP))
        }
        ["minikube", ..] => fail(&format!(
            "unknown command \"{}\"\nRun 'kubeplay help' for usage.",
            words.join(" ")
        )),
        ["haproxy", "add", spec] => match parse_forward(spec) {
            Ok((port, node_port)) => match cluster.haproxy_add(port, node_port) {
                Ok(()) => {
                    let fe = cluster
                        .haproxy_frontends()
                        .into_iter()
                        .find(|f| f.port == port);
                    let servers: Vec<String> = fe
                        .map(|f| {
                            f.servers
                                .iter()
                                .map(|(n, ip, _)| format!("{n} {ip}:{node_port}"))
                                .collect()
                        })
                        .unwrap_or_default();
                    ok(format!(
                        "haproxy {}:{port} -> node port {node_port} on every node ({}), mode tcp, balance roundrobin\n",
                        cluster.haproxy_ip(),
                        servers.join(", ")
                    ))
                }
                Err(e) => fail(&e),
            },
            Err(e) => fail(&e),
        },
        ["haproxy", "add"] => fail("haproxy add: PORT:NODEPORT is required (e.g. kubeplay haproxy add 80:32000)"),
        ["haproxy", "remove", port] => match port.parse::<u16>() {
            Ok(p) => match cluster.haproxy_remove(p) {
                Ok(()) => ok(format!("haproxy {}:{p} removed\n", cluster.haproxy_ip())),
                Err(e) => fail(&e),
            },
            Err(_) => fail(&format!("haproxy remove: invalid port \"{port}\"")),
        },
        ["haproxy", "remove"] => fail("haproxy remove: PORT is required (e.g. kubeplay haproxy remove 80)"),
        ["haproxy", "list"] => {
            if cluster.profile() != Profile::OnPrem {
                return Some(fail(&format!(
                    "haproxy: this cluster (profile {}) has no external HAProxy; it belongs to the onprem profile",
                    cluster.profile()
                )));
            }
            ok(haproxy_table(cluster))
        }
        ["haproxy", "config"] => {
            if cluster.profile() != Profile::OnPrem {
                return Some(fail(&format!(
                    "haproxy: this cluster (profile {}) has no external HAProxy; it belongs to the onprem profile",
                    cluster.profile()
                )));
            }
            ok(haproxy_config(cluster))
        }
        ["haproxy", ..] => fail(&format!(
            "unknown command \"{}\"\nRun 'kubeplay help' for usage.",
            words.join(" ")
        )),
        ["trace", url] => trace(cluster, url),
        ["trace"] => fail("trace: a URL is required (e.g. kubeplay trace http://localhost)"),
        _ => return None,
    };
    Some(out)
}

/// `kubeplay trace URL`: one GET from the host, printed hop by hop (what
/// the topology animates), then the status line or curl's error.
fn trace(cluster: &mut Cluster, url: &str) -> SimOutput {
    let o = cluster.http(&cluster::HttpRequest {
        origin: cluster::Origin::Host,
        method: "GET".to_string(),
        url: url.to_string(),
        headers: vec![],
        insecure: true,
    });
    let mut s = String::new();
    for (i, h) in o.hops.iter().enumerate() {
        let who = if h.namespace.is_empty() {
            h.name.clone()
        } else {
            format!("{}/{}", h.namespace, h.name)
        };
        s.push_str(&format!("{:>2}. {} {who}: {}\n", i + 1, h.kind, h.note));
    }
    match &o.result {
        Ok(r) => {
            s.push_str(&format!("=> {} {} {}\n", r.version, r.status, r.reason));
            ok(s)
        }
        Err(e) => {
            s.push_str(&format!("=> curl: ({}) {}\n", e.curl_code, e.message));
            SimOutput {
                stdout: s,
                stderr: String::new(),
                code: e.curl_code,
            }
        }
    }
}

/// `80:32000` -> (80, 32000).
fn parse_forward(spec: &str) -> Result<(u16, u16), String> {
    let bad =
        || format!("haproxy add: invalid forward \"{spec}\": want PORT:NODEPORT, e.g. 80:32000");
    let (a, b) = spec.split_once(':').ok_or_else(bad)?;
    let port = a.parse::<u16>().map_err(|_| bad())?;
    let node_port = b.parse::<u16>().map_err(|_| bad())?;
    Ok((port, node_port))
}

/// minikube's tunnel status block (as `minikube tunnel` prints it on Linux).
fn tunnel_status_text(st: &cluster::net::lb::TunnelStatus) -> String {
    format!(
        "Status:\t\n\tmachine: minikube\n\tpid: {TUNNEL_PID}\n\troute: {}\n\tminikube: Running\n\tservices: [{}]\n    errors: \n\t\tminikube: no errors\n\t\trouter: no errors\n\t\tloadbalancer emulator: no errors\n",
        st.route,
        st.services.join(", ")
    )
}

fn haproxy_table(cluster: &Cluster) -> String {
    let fes = cluster.haproxy_frontends();
    if fes.is_empty() {
        return "No HAProxy frontends (kubeplay haproxy add PORT:NODEPORT adds one).\n".to_string();
    }
    let mut rows = vec![[
        "FRONTEND".to_string(),
        "SERVER".to_string(),
        "ADDRESS".to_string(),
        "CHECK".to_string(),
    ]];
    for f in &fes {
        for (name, ip, up) in &f.servers {
            rows.push([
                format!("{}:{}", cluster.haproxy_ip(), f.port),
                name.clone(),
                format!("{ip}:{}", f.node_port),
                if *up { "UP" } else { "DOWN" }.to_string(),
            ]);
        }
    }
    let widths: Vec<usize> = (0..4)
        .map(|i| rows.iter().map(|r| r[i].len()).max().unwrap_or(0))
        .collect();
    let mut s = String::new();
    for r in rows {
        let line = format!(
            "{:<w0$}   {:<w1$}   {:<w2$}   {}",
            r[0],
            r[1],
            r[2],
            r[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// The frontends and backends as they would read in haproxy.cfg.
fn haproxy_config(cluster: &Cluster) -> String {
    let mut s =
        String::from("# /etc/haproxy/haproxy.cfg (frontends added by kubeplay haproxy add)\n");
    for f in cluster.haproxy_frontends() {
        s.push_str(&format!(
            "\nfrontend k8s_{port}\n    bind *:{port}\n    mode tcp\n    default_backend k8s_{port}_nodes\n\nbackend k8s_{port}_nodes\n    mode tcp\n    balance roundrobin\n",
            port = f.port,
        ));
        for (name, ip, _) in &f.servers {
            s.push_str(&format!("    server {name} {ip}:{} check\n", f.node_port));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<&str> {
        line.split_whitespace().collect()
    }

    #[test]
    fn forwards_parse() {
        assert_eq!(parse_forward("80:32000"), Ok((80, 32000)));
        for bad in ["80", "x:32000", "80:", ":32000", "80:99999", "80:32000:1"] {
            assert!(parse_forward(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn commands_speak_in_kubeplay_voice() {
        let mut c = Cluster::new(Profile::OnPrem, 1);
        let o = run(&mut c, &words("profile")).expect("ours");
        assert_eq!(o.stdout.split(':').next(), Some("onprem"));
        let o = run(&mut c, &words("haproxy add 80:32000")).expect("ours");
        assert_eq!(o.code, 0);
        let o = run(&mut c, &words("haproxy list")).expect("ours");
        assert!(o.stdout.starts_with("FRONTEND"), "{}", o.stdout);
        assert_eq!(o.stdout.lines().count(), 4, "one row per node");
        let o = run(&mut c, &words("haproxy frob")).expect("ours");
        assert_eq!(o.code, 1);
        assert!(o
            .stderr
            .starts_with("kubeplay: unknown command \"haproxy frob\""));
        let o = run(&mut c, &words("minikube tunnel")).expect("ours");
        assert!(o.stderr.starts_with("kubeplay: minikube tunnel: "));
        assert!(run(&mut c, &words("node add x")).is_none());
        let mut m = Cluster::new(Profile::Minikube, 1);
        let o = run(&mut m, &words("minikube tunnel")).expect("ours");
        assert!(o.stdout.contains("route: 10.96.0.0/12 -> 192.168.49.2"));
        let o = run(&mut m, &words("minikube tunnel")).expect("ours");
        assert_eq!(o.code, 1, "already running");
        let o = run(&mut m, &words("minikube tunnel stop")).expect("ours");
        assert_eq!(o.code, 0);
        let o = run(&mut m, &words("minikube tunnel stop")).expect("ours");
        assert_eq!(o.code, 1, "not running");
    }
}
