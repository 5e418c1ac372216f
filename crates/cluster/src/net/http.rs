//! The HTTP model: where a TCP connection from the host or a pod ends up
//! (kube-proxy's service VIPs and node ports, Docker Desktop's published
//! ports on `localhost`, pod IPs, the pod's own loopback), and what the
//! container listening there answers. Every step is recorded as a [`Hop`].

use super::dns::DnsError;
use super::topo::{in_service_cidr, is_loopback, parse_ipv4, port_of, str_at, NodeAddr};
use super::url::Url;
use super::{Hop, HttpOutcome, HttpRequest, HttpResponse, NetError, Origin};
use crate::images::nginx::ServerRequest;
use crate::Cluster;
use serde_json::Value;

/// Where a connection attempt ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    /// A container accepted the connection.
    Open(Target),
    /// RST or ICMP port unreachable (nothing listens; kube-proxy REJECT
    /// for a service without endpoints).
    Refused,
    /// Packets vanish: the connect times out.
    Blackhole,
    /// ARP fails on the pod network: "No route to host" after ~3 s.
    Unreachable,
    /// A proxy accepted the connection and closed it without a byte (an
    /// HAProxy `mode tcp` frontend whose backend servers are all DOWN).
    Closed,
}

/// The server end of an open connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub ns: String,
    pub pod: String,
    pub container: String,
    pub image: String,
    pub port: u16,
    /// The client's address as the server sees it (after kube-proxy SNAT).
    pub client_ip: String,
}

/// Why a transfer failed before an HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    Resolve,
    Refused,
    Blackhole,
    Unreachable,
    /// TLS spoken to a plain-HTTP port.
    TlsWrongVersion,
    /// The server's certificate does not verify (self-signed; curl without `-k`).
    CertUntrusted,
    /// The connection closed before any response (curl's 52).
    EmptyReply,
}

/// A transfer as the network saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Transfer {
    /// The addresses the name resolved to.
    pub addrs: Vec<String>,
    /// The address connected to (or tried last).
    pub ip: String,
    pub result: Result<HttpResponse, Failure>,
    pub hops: Vec<Hop>,
}

/// One request to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outgoing<'a> {
    pub method: &'a str,
    pub url: &'a Url,
    /// Request headers in the order they go on the wire (Host first).
    pub headers: &'a [(String, String)],
    pub body: &'a str,
    /// `curl GET http://x/` for the first hop's caption.
    pub caption: String,
}

pub(super) fn hop(kind: &str, ns: &str, name: &str, note: impl Into<String>) -> Hop {
    Hop {
        kind: kind.into(),
        namespace: ns.into(),
        name: name.into(),
        note: note.into(),
    }
}

/// The gateway address of a pod's /24 on its node's bridge (`x.y.z.1`),
/// the source address kube-proxy's masquerade gives hairpin and local
/// node-port traffic.
fn bridge_gateway(pod_ip: &str) -> String {
    match parse_ipv4(pod_ip) {
        Some([a, b, c, _]) => format!("{a}.{b}.{c}.1"),
        None => pod_ip.to_string(),
    }
}

/// The address the host's traffic has when it reaches a node (Docker
/// Desktop's VM gateway).
pub(super) const HOST_GATEWAY_IP: &str = "192.168.65.1";

/// How traffic reached kube-proxy.
pub(super) struct Via {
    /// The node whose kube-proxy handles it (node ports, load balancers).
    pub node: Option<NodeAddr>,
    pub client_ip: String,
    /// externalTrafficPolicy: Local.
    pub local: bool,
    /// Came from outside the pod network (node port, load balancer).
    pub external: bool,
    /// The cluster IP it was sent to.
    pub vip: Option<String>,
}

impl Cluster {
    /// Sends one HTTP request from the host or a pod and returns the
    /// response (or curl's error) with the hops it took. The request carries
    /// the headers curl would send (Host, User-Agent, Accept) plus
    /// `req.headers`. The outcome is also recorded for [`Cluster::drain_traces`].
    pub fn http(&mut self, req: &HttpRequest) -> HttpOutcome {
        self.finish_pending();
        let flavor = self.curl_flavor(&req.origin, None);
        let url = match Url::parse(&req.url) {
            Ok(u) => u,
            Err(e) => {
                let (code, message) = e.curl_error(&flavor);
                let outcome = HttpOutcome {
                    result: Err(NetError {
                        curl_code: code,
                        message,
                    }),
                    hops: vec![self.origin_hop(&req.origin, format!("{} {}", req.method, req.url))],
                };
                self.traces.push(outcome.clone());
                return outcome;
            }
        };
        let mut headers = vec![
            ("Host".to_string(), url.host_header()),
            ("User-Agent".to_string(), format!("curl/{}", flavor.version)),
            ("Accept".to_string(), "*/*".to_string()),
        ];
        for (n, v) in &req.headers {
            match headers.iter_mut().find(|(h, _)| h.eq_ignore_ascii_case(n)) {
                Some(slot) => slot.1 = v.clone(),
                None => headers.push((n.clone(), v.clone())),
            }
        }
        let method = if req.method.is_empty() {
            "GET"
        } else {
            req.method.as_str()
        };
        let out = Outgoing {
            method,
            url: &url,
            headers: &headers,
            body: "",
            caption: format!("{method} {}", url.effective()),
        };
        let t = self.transfer(&req.origin, &out, req.insecure);
        let result = t.result.map_err(|f| {
            let (code, message) = flavor.failure_message(&f, &url, &t.ip, None, None);
            NetError {
                curl_code: code,
                message,
            }
        });
        let outcome = HttpOutcome {
            result,
            hops: t.hops,
        };
        self.traces.push(outcome.clone());
        outcome
    }

    pub(crate) fn origin_hop(&self, origin: &Origin, caption: String) -> Hop {
        match origin {
            Origin::Host => hop("Host", "", "localhost", caption),
            Origin::Pod { namespace, name } => hop("Pod", namespace, name, caption),
        }
    }

    /// Resolves, connects and exchanges one request (no trace recorded).
    pub(crate) fn transfer(
        &mut self,
        origin: &Origin,
        out: &Outgoing<'_>,
        insecure: bool,
    ) -> Transfer {
        let mut hops = vec![self.origin_hop(origin, out.caption.clone())];
        let lookup = match self.lookup(origin, &out.url.host) {
            Ok(l) => l,
            Err(DnsError::NxDomain) => {
                let note = match origin {
                    Origin::Host => format!("{}: not found by the host's resolver", out.url.host),
                    Origin::Pod { .. } => format!("{}: NXDOMAIN", out.url.host),
                };
                hops.push(self.dns_hop(origin, note));
                return Transfer {
                    addrs: vec![],
                    ip: String::new(),
                    result: Err(Failure::Resolve),
                    hops,
                };
            }
        };
        if lookup.via_dns {
            let note = format!("{} -> {}", lookup.fqdn, lookup.addrs.join(", "));
            hops.push(self.dns_hop(origin, note));
        }
        let ip = lookup.addrs.first().cloned().unwrap_or_default();
        let reach = self.connect(origin, &ip, out.url.port, &mut hops);
        let result = match reach {
            Reach::Open(target) => self.serve_open(&target, out, insecure, &mut hops),
            Reach::Refused => Err(Failure::Refused),
            Reach::Blackhole => Err(Failure::Blackhole),
            Reach::Unreachable => Err(Failure::Unreachable),
            Reach::Closed => Err(Failure::EmptyReply),
        };
        Transfer {
            addrs: lookup.addrs,
            ip,
            result,
            hops,
        }
    }

    /// An open connection: the TLS handshake if the URL is https, then the
    /// request (the ingress controller's nginx routes it; any other
    /// container answers it itself).
    fn serve_open(
        &mut self,
        target: &Target,
        out: &Outgoing<'_>,
        insecure: bool,
        hops: &mut Vec<Hop>,
    ) -> Result<HttpResponse, Failure> {
        let https = out.url.scheme == "https";
        let tls = self.speaks_tls(target);
        if https && !tls {
            return Err(Failure::TlsWrongVersion);
        }
        if https {
            let cert = match self.ingress_certificate(target, &out.url.host) {
                Some((ns, name)) => format!("the certificate of secret {ns}/{name}"),
                None => format!("the self-signed \"{}\"", super::ingress::FAKE_CERT_SUBJECT),
            };
            if !insecure {
                hops.push(hop(
                    "Pod",
                    &target.ns,
                    &target.pod,
                    format!("TLS: presents {cert}; the client does not trust it"),
                ));
                return Err(Failure::CertUntrusted);
            }
            hops.push(hop(
                "Pod",
                &target.ns,
                &target.pod,
                format!("TLS: presents {cert}; accepted (insecure)"),
            ));
        }
        if super::ingress::is_controller_image(&target.image) && matches!(target.port, 80 | 443) {
            let req = super::ingress::Incoming { out, https };
            return Ok(self.ingress_exchange(target, &req, hops));
        }
        Ok(self.exchange(target, out, hops))
    }

    fn dns_hop(&self, origin: &Origin, note: String) -> Hop {
        match origin {
            Origin::Host => hop("Host", "", "localhost", format!("DNS {note}")),
            Origin::Pod { .. } => hop("DNS", "kube-system", "kube-dns", format!("DNS {note}")),
        }
    }

    /// Where a TCP connection from `origin` to `ip:port` ends.
    pub(crate) fn connect(
        &mut self,
        origin: &Origin,
        ip: &str,
        port: u16,
        hops: &mut Vec<Hop>,
    ) -> Reach {
        match origin {
            Origin::Host => {
                if is_loopback(ip) {
                    if let Some(reach) = self.port_forwarded(port, hops) {
                        return reach;
                    }
                    if self.profile == crate::Profile::DockerDesktop {
                        return self.host_published(port, hops);
                    }
                    hops.push(hop(
                        "Host",
                        "",
                        "localhost",
                        format!("nothing listens on localhost:{port}: connection refused"),
                    ));
                    return Reach::Refused;
                }
                if let Some(reach) = self.external_load_balancer(ip, port, hops) {
                    return reach;
                }
                if let Some(node) = self.node_by_ip(ip) {
                    if self.profile == crate::Profile::Cloud {
                        hops.push(hop(
                            "Host",
                            "",
                            "localhost",
                            format!("{ip}:{port}: node addresses are private to the cloud network; the connection times out"),
                        ));
                        return Reach::Blackhole;
                    }
                    hops.push(hop("Node", "", &node.name, format!("{ip}:{port}")));
                    let from = super::lb::host_source_ip(self.profile);
                    return self.node_port(&node, port, from, hops);
                }
                let why = if in_service_cidr(ip) {
                    "cluster IPs are not routable from the host"
                } else if self.pod_by_ip(ip).is_some() {
                    "pod IPs are not routable from the host"
                } else {
                    "no route from the host"
                };
                hops.push(hop(
                    "Host",
                    "",
                    "localhost",
                    format!("{ip}:{port}: {why}; the connection times out"),
                ));
                Reach::Blackhole
            }
            Origin::Pod { namespace, name } => {
                let Some(me) = self.pod_obj(namespace, name).cloned() else {
                    return Reach::Blackhole;
                };
                let my_ip = str_at(&me, "/status/podIP").to_string();
                if is_loopback(ip) || ip == my_ip {
                    let client = if is_loopback(ip) {
                        "127.0.0.1".to_string()
                    } else {
                        my_ip.clone()
                    };
                    return self.reach_pod(&me, port, client, hops);
                }
                if let Some(svc) = self.service_by_ip(ip).cloned() {
                    return self.cluster_ip(&svc, ip, port, &my_ip, hops);
                }
                if let Some(node) = self.node_by_ip(ip) {
                    hops.push(hop("Node", "", &node.name, format!("{ip}:{port}")));
                    return self.node_port(&node, port, &my_ip, hops);
                }
                if let Some(pod) = self.pod_by_ip(ip).cloned() {
                    return self.reach_pod(&pod, port, my_ip, hops);
                }
                if in_service_cidr(ip) {
                    hops.push(hop(
                        "Pod",
                        namespace,
                        name,
                        format!("{ip}:{port}: no service has this IP; packets are dropped"),
                    ));
                    return Reach::Blackhole;
                }
                if self.on_pod_network(ip) {
                    hops.push(hop(
                        "Pod",
                        namespace,
                        name,
                        format!("{ip}:{port}: no pod has this IP: no route to host"),
                    ));
                    return Reach::Unreachable;
                }
                hops.push(hop(
                    "Pod",
                    namespace,
                    name,
                    format!("{ip}:{port}: unreachable (the simulated cluster has no internet)"),
                ));
                Reach::Blackhole
            }
        }
    }

    /// Whether `ip` lies in a /16 that some pod address or node pod CIDR uses.
    fn on_pod_network(&self, ip: &str) -> bool {
        let Some([a, b, _, _]) = parse_ipv4(ip) else {
            return false;
        };
        self.store.list("pods", None).iter().any(|p| {
            matches!(parse_ipv4(str_at(p, "/status/podIP")), Some([x, y, _, _]) if (x, y) == (a, b))
        }) || self.store.list("nodes", None).iter().any(|n| {
            let cidr = str_at(n, "/spec/podCIDR");
            matches!(parse_ipv4(cidr.split('/').next().unwrap_or("")), Some([x, y, _, _]) if (x, y) == (a, b))
        })
    }

    /// The node the host's `localhost` ports are forwarded to (Docker
    /// Desktop's single node, or the control plane of a multi-node one).
    fn published_node(&self) -> Option<NodeAddr> {
        let nodes = self.node_addrs();
        let cp = |n: &NodeAddr| {
            self.store.get("nodes", "", &n.name).is_some_and(|v| {
                v.pointer("/metadata/labels/node-role.kubernetes.io~1control-plane")
                    .is_some()
            })
        };
        nodes
            .iter()
            .find(|n| n.name == "docker-desktop")
            .or_else(|| nodes.iter().find(|n| cp(n)))
            .or_else(|| nodes.first())
            .cloned()
    }

    /// `localhost:<port>` from the host: Docker Desktop forwards node ports
    /// and LoadBalancer ports there.
    fn host_published(&mut self, port: u16, hops: &mut Vec<Hop>) -> Reach {
        if let Some((svc, idx)) = self
            .load_balancer_by_port(port)
            .map(|(s, i)| (s.clone(), i))
        {
            let ns = crate::namespace_of(&svc).to_string();
            let name = crate::name_of(&svc).to_string();
            hops.push(hop(
                "LoadBalancer",
                &ns,
                &name,
                format!("localhost:{port} -> service {name}:{port}"),
            ));
            let local = str_at(&svc, "/spec/externalTrafficPolicy") == "Local";
            // With externalTrafficPolicy Local the load balancer's health
            // checks (healthCheckNodePort) only pass on nodes that run a
            // ready endpoint; it sends the connection to one of those.
            let node = if local {
                let port_name = svc
                    .pointer(&format!("/spec/ports/{idx}/name"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let healthy: Vec<String> = self
                    .service_endpoints(&ns, &name, &port_name)
                    .into_iter()
                    .filter(|e| e.ready)
                    .filter_map(|e| e.node)
                    .collect();
                self.node_addrs()
                    .into_iter()
                    .find(|n| healthy.contains(&n.name))
                    .or_else(|| self.published_node())
            } else {
                self.published_node()
            };
            let node_port = svc
                .pointer(&format!("/spec/ports/{idx}/nodePort"))
                .and_then(|p| port_of(Some(p)));
            if let (Some(n), Some(np)) = (&node, node_port) {
                hops.push(hop(
                    "NodePort",
                    &ns,
                    &name,
                    format!("{}:{np} -> {name}:{port}", n.name),
                ));
            }
            let via = Via {
                node,
                client_ip: HOST_GATEWAY_IP.to_string(),
                local,
                external: true,
                vip: None,
            };
            return self.kube_proxy(&svc, idx, &via, hops);
        }
        if self.service_by_node_port(port).is_some() {
            if let Some(node) = self.published_node() {
                hops.push(hop(
                    "Node",
                    "",
                    &node.name,
                    format!("localhost:{port} is forwarded to {}:{port}", node.name),
                ));
                return self.node_port(&node, port, HOST_GATEWAY_IP, hops);
            }
        }
        hops.push(hop(
            "Host",
            "",
            "localhost",
            format!("nothing listens on localhost:{port}: connection refused"),
        ));
        Reach::Refused
    }

    /// A connection to `node:port`: kube-proxy's node port, or refused.
    pub(super) fn node_port(
        &mut self,
        node: &NodeAddr,
        port: u16,
        client_ip: &str,
        hops: &mut Vec<Hop>,
    ) -> Reach {
        let Some((svc, idx)) = self.service_by_node_port(port).map(|(s, i)| (s.clone(), i)) else {
            hops.push(hop(
                "Node",
                "",
                &node.name,
                format!("nothing listens on port {port}: connection refused"),
            ));
            return Reach::Refused;
        };
        let ns = crate::namespace_of(&svc).to_string();
        let name = crate::name_of(&svc).to_string();
        let svc_port = svc
            .pointer(&format!("/spec/ports/{idx}"))
            .and_then(|p| port_of(p.get("port")))
            .unwrap_or(0);
        hops.push(hop(
            "NodePort",
            &ns,
            &name,
            format!("{}:{port} -> {name}:{svc_port}", node.name),
        ));
        let via = Via {
            node: Some(node.clone()),
            client_ip: client_ip.to_string(),
            local: str_at(&svc, "/spec/externalTrafficPolicy") == "Local",
            external: true,
            vip: None,
        };
        self.kube_proxy(&svc, idx, &via, hops)
    }

    /// A connection to a cluster IP.
    pub(super) fn cluster_ip(
        &mut self,
        svc: &Value,
        ip: &str,
        port: u16,
        client_ip: &str,
        hops: &mut Vec<Hop>,
    ) -> Reach {
        let ns = crate::namespace_of(svc).to_string();
        let name = crate::name_of(svc).to_string();
        let idx = crate::net::topo::arr_at(svc, "/spec/ports")
            .iter()
            .position(|p| {
                port_of(p.get("port")) == Some(port) && matches!(str_at(p, "/protocol"), "TCP" | "")
            });
        let Some(idx) = idx else {
            hops.push(hop(
                "Service",
                &ns,
                &name,
                format!("{ip}:{port}: the service has no port {port}; packets are dropped"),
            ));
            return Reach::Blackhole;
        };
        let via = Via {
            node: None,
            client_ip: client_ip.to_string(),
            local: false,
            external: false,
            vip: Some(ip.to_string()),
        };
        self.kube_proxy(svc, idx, &via, hops)
    }

    /// kube-proxy's choice among the ready endpoints of service port `idx`
    /// (at random, like its iptables rules), or REJECT when there are none.
    pub(super) fn kube_proxy(
        &mut self,
        svc: &Value,
        idx: usize,
        via: &Via,
        hops: &mut Vec<Hop>,
    ) -> Reach {
        let ns = crate::namespace_of(svc).to_string();
        let name = crate::name_of(svc).to_string();
        let Some(port_spec) = svc.pointer(&format!("/spec/ports/{idx}")) else {
            return Reach::Refused;
        };
        let svc_port = port_of(port_spec.get("port")).unwrap_or(0);
        let port_name = str_at(port_spec, "/name").to_string();
        let vip = match &via.vip {
            Some(v) => v.clone(),
            None => match str_at(svc, "/spec/clusterIP") {
                ip if parse_ipv4(ip).is_some() => ip.to_string(),
                _ => name.clone(),
            },
        };
        let shown = format!("{vip}:{svc_port}");
        let mut eps: Vec<_> = self
            .service_endpoints(&ns, &name, &port_name)
            .into_iter()
            .filter(|e| e.ready)
            .collect();
        if via.local {
            let here = via.node.as_ref().map(|n| n.name.as_str());
            eps.retain(|e| e.node.as_deref() == here);
            if eps.is_empty() {
                hops.push(hop(
                    "Service",
                    &ns,
                    &name,
                    format!("{shown}: no local endpoint on this node; packets are dropped"),
                ));
                return Reach::Blackhole;
            }
        }
        if eps.is_empty() {
            hops.push(hop(
                "Service",
                &ns,
                &name,
                format!("{shown}: no ready endpoints; kube-proxy rejects the connection"),
            ));
            return Reach::Refused;
        }
        // sessionAffinity: ClientIP keeps a client on one endpoint (here by a
        // hash of its address, so the choice is stable and deterministic).
        let pick = if str_at(svc, "/spec/sessionAffinity") == "ClientIP" {
            let h = via
                .client_ip
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                });
            (h % eps.len() as u64) as usize
        } else {
            self.rng.below(eps.len() as u64) as usize
        };
        let Some(ep) = eps.get(pick).cloned() else {
            return Reach::Refused;
        };
        let of = if eps.len() > 1 {
            format!(" (1 of {} ready endpoints)", eps.len())
        } else {
            String::new()
        };
        hops.push(hop(
            "Service",
            &ns,
            &name,
            format!("{shown} -> {}:{}{of}", ep.ip, ep.port),
        ));
        let Some(pod) = self.pod_by_ip(&ep.ip).cloned() else {
            hops.push(hop(
                "Service",
                &ns,
                &name,
                format!("{}:{}: no pod has this IP any more", ep.ip, ep.port),
            ));
            return Reach::Unreachable;
        };
        // Masquerade: hairpin traffic, and external traffic with
        // externalTrafficPolicy Cluster, lose their source address.
        let client = if via.client_ip == ep.ip {
            bridge_gateway(&ep.ip)
        } else if via.external && !via.local {
            match &via.node {
                Some(n) if ep.node.as_deref() == Some(n.name.as_str()) => bridge_gateway(&ep.ip),
                Some(n) => n.ip.clone(),
                None => via.client_ip.clone(),
            }
        } else {
            via.client_ip.clone()
        };
        self.reach_pod(&pod, ep.port, client, hops)
    }

    /// A connection to `port` of a pod: open if one of its running
    /// containers listens there.
    pub(crate) fn reach_pod(
        &self,
        pod: &Value,
        port: u16,
        client_ip: String,
        hops: &mut Vec<Hop>,
    ) -> Reach {
        let ns = crate::namespace_of(pod).to_string();
        let name = crate::name_of(pod).to_string();
        for c in crate::net::topo::arr_at(pod, "/spec/containers") {
            let cname = str_at(c, "/name");
            if !container_running(pod, cname) {
                continue;
            }
            let image = str_at(c, "/image");
            let strs = |p: &str| -> Vec<String> {
                crate::net::topo::arr_at(c, p)
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            };
            if crate::images::listens(image, &strs("/command"), &strs("/args")).contains(&port) {
                return Reach::Open(Target {
                    ns,
                    pod: name,
                    container: cname.to_string(),
                    image: image.to_string(),
                    port,
                    client_ip,
                });
            }
        }
        hops.push(hop(
            "Pod",
            &ns,
            &name,
            format!("nothing listens on port {port}: connection refused"),
        ));
        Reach::Refused
    }

    /// Hands the request to the container and logs what it logs.
    pub(crate) fn exchange(
        &mut self,
        t: &Target,
        out: &Outgoing<'_>,
        hops: &mut Vec<Hop>,
    ) -> HttpResponse {
        let req = ServerRequest {
            method: out.method.to_string(),
            target: out.url.path.clone(),
            headers: out.headers.to_vec(),
            body: out.body.to_string(),
            client_ip: t.client_ip.clone(),
        };
        let (resp, lines) = self.serve_in_container(t, &req);
        let now = self.now;
        for l in lines {
            self.logs.append(&t.ns, &t.pod, &t.container, now, l);
        }
        let image = crate::images::parse_ref(&t.image).0;
        hops.push(hop(
            "Pod",
            &t.ns,
            &t.pod,
            format!("{image} answers {} {}", resp.status, resp.reason),
        ));
        resp
    }
}

/// Whether a container of the pod is running (hand-made pods without
/// container statuses count as running while the pod is Running).
pub(crate) fn container_running(pod: &Value, container: &str) -> bool {
    if str_at(pod, "/status/phase") != "Running" || str_at(pod, "/status/podIP").is_empty() {
        return false;
    }
    let statuses = crate::net::topo::arr_at(pod, "/status/containerStatuses");
    if statuses.is_empty() {
        return true;
    }
    statuses
        .iter()
        .find(|s| str_at(s, "/name") == container)
        .is_some_and(|s| s.pointer("/state/running").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::testing::lab;

    fn req(origin: Origin, url: &str) -> HttpRequest {
        HttpRequest {
            origin,
            method: "GET".into(),
            url: url.into(),
            headers: vec![],
            insecure: false,
        }
    }

    fn curlpod() -> Origin {
        Origin::Pod {
            namespace: "default".into(),
            name: "curlpod".into(),
        }
    }

    #[test]
    fn a_pod_reaches_nginx_through_the_cluster_ip_and_the_dns_name() {
        let mut c = lab();
        for url in [
            "10.105.103.161",
            "http://nginx.default.svc.cluster.local/",
            "nginx",
            "http://nginx:80/index.html",
        ] {
            let out = c.http(&req(curlpod(), url));
            let resp = out.result.expect(url);
            assert_eq!(resp.status, 200);
            assert_eq!(resp.body, crate::images::nginx::WELCOME);
            let kinds: Vec<&str> = out.hops.iter().map(|h| h.kind.as_str()).collect();
            if url.starts_with("10.") {
                assert_eq!(kinds, ["Pod", "Service", "Pod"]);
            } else {
                assert_eq!(kinds, ["Pod", "DNS", "Service", "Pod"]);
            }
            assert_eq!(out.hops[kinds.len() - 2].name, "nginx");
        }
        assert_eq!(c.drain_traces().len(), 4);
    }

    #[test]
    fn the_host_reaches_node_ports_on_localhost_and_node_ips_only() {
        let mut c = lab();
        let out = c.http(&req(Origin::Host, "http://localhost:31045"));
        assert_eq!(out.result.unwrap().status, 200);
        let kinds: Vec<&str> = out.hops.iter().map(|h| h.kind.as_str()).collect();
        assert_eq!(kinds, ["Host", "Node", "NodePort", "Service", "Pod"]);
        assert_eq!(
            c.http(&req(Origin::Host, "http://172.18.0.3:31045/"))
                .result
                .unwrap()
                .status,
            200
        );
        let e = c
            .http(&req(Origin::Host, "http://localhost:31046"))
            .result
            .unwrap_err();
        assert_eq!(e.curl_code, 7);
        assert_eq!(
            e.message,
            "Failed to connect to localhost port 31046 after 0 ms: Couldn't connect to server"
        );
        let e = c
            .http(&req(Origin::Host, "http://10.105.103.161"))
            .result
            .unwrap_err();
        assert_eq!(e.curl_code, 28);
        let e = c
            .http(&req(Origin::Host, "http://nginx.default.svc.cluster.local"))
            .result
            .unwrap_err();
        assert_eq!(
            (e.curl_code, e.message.as_str()),
            (6, "Could not resolve host: nginx.default.svc.cluster.local")
        );
    }

    #[test]
    fn refused_when_nothing_listens_or_no_endpoint_is_ready() {
        let mut c = lab();
        let e = c
            .http(&req(curlpod(), "http://10.244.1.3:81/"))
            .result
            .unwrap_err();
        assert_eq!(e.curl_code, 7);
        let e = c.http(&req(curlpod(), "http://empty/")).result.unwrap_err();
        assert_eq!(
            (e.curl_code, e.message.as_str()),
            (
                7,
                // The curl pod's curl 7.86 names the OS's reason.
                "Failed to connect to empty port 80 after 1 ms: Connection refused"
            )
        );
        let out = c.http(&req(curlpod(), "http://empty/"));
        assert!(out
            .hops
            .iter()
            .any(|h| h.note.contains("no ready endpoints")));
        let e = c
            .http(&req(curlpod(), "http://nginx:8080/"))
            .result
            .unwrap_err();
        assert_eq!(
            e.curl_code, 28,
            "an unknown port of a cluster IP is dropped"
        );
    }

    #[test]
    fn requests_are_logged_with_the_client_address() {
        let mut c = lab();
        c.http(&req(curlpod(), "http://10.244.1.3/"));
        let log = c.logs.get("default", "nginx-76769d88f7-gsmjb", "nginx");
        let last = &log.last().unwrap().1;
        assert_eq!(
            last,
            "10.244.2.9 - - [05/Jan/2026:09:05:00 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/7.86.0\" \"-\""
        );
    }

    #[test]
    fn the_same_seed_picks_the_same_endpoints() {
        let picks = |seed| {
            let mut c = crate::net::testing::lab_with_seed(seed);
            (0..12)
                .map(|_| {
                    c.http(&req(curlpod(), "http://nginx/"))
                        .hops
                        .last()
                        .unwrap()
                        .name
                        .clone()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(picks(3), picks(3));
        let both = picks(3);
        assert!(
            both.iter().any(|n| n.ends_with("gsmjb")) && both.iter().any(|n| n.ends_with("x2kqp"))
        );
    }

    #[test]
    fn session_affinity_keeps_a_client_on_one_pod() {
        let mut c = lab();
        let mut svc = c
            .store
            .get("services", "default", "nginx")
            .cloned()
            .unwrap();
        svc["spec"]["sessionAffinity"] = serde_json::json!("ClientIP");
        c.store.put("services", "default", "nginx", svc);
        let names: Vec<String> = (0..6)
            .map(|_| {
                c.http(&req(curlpod(), "http://nginx/"))
                    .hops
                    .last()
                    .unwrap()
                    .name
                    .clone()
            })
            .collect();
        assert!(names.iter().all(|n| *n == names[0]), "{names:?}");
    }
}
