//! Load balancers outside the cluster, per [`crate::Profile`]:
//!
//! - Docker Desktop: its own proxy publishes LoadBalancer ports on
//!   `localhost` (see `http::host_published`); nothing here.
//! - minikube: `minikube tunnel` (simulator: `kubeplay minikube tunnel`)
//!   routes the service CIDR 10.96.0.0/12 from the host through the node
//!   192.168.49.2 and gives each LoadBalancer Service its ClusterIP as
//!   EXTERNAL-IP.
//! - Cloud: the cloud controller manager's service controller provisions a
//!   load balancer per LoadBalancer Service (30-60 s), with a public
//!   address from 203.0.113.0/24, forwarding to the nodes.
//! - On-premises: nothing provisions LoadBalancers (they stay `<pending>`);
//!   an external HAProxy (`kubeplay haproxy add 80:32000`) listens on a
//!   well-known port and forwards TCP to a node port on every node, as in
//!   the course notes' diagram.

use super::http::{hop, Reach, Via};
use super::topo::{in_service_cidr, port_of, str_at, NodeAddr};
use super::Hop;
use crate::events::Source;
use crate::sort::VecMap;
use crate::time::Time;
use crate::{Cluster, Profile};
use serde_json::{json, Value};

/// The on-premises HAProxy machine's address (on the nodes' LAN).
pub const HAPROXY_IP: &str = "192.168.56.100";
/// The minikube node's address, the tunnel's gateway.
pub const MINIKUBE_IP: &str = "192.168.49.2";
/// The host's public address as a cloud load balancer sees it.
const HOST_PUBLIC_IP: &str = "198.51.100.23";
/// The service CIDR the tunnel routes.
const SERVICE_CIDR: &str = "10.96.0.0/12";
const SERVICE_CONTROLLER: &str = "service-controller";
/// The finalizer the cloud's service controller puts on a Service whose
/// load balancer it manages, so that the load balancer is deleted first.
pub const LB_CLEANUP_FINALIZER: &str = "service.kubernetes.io/load-balancer-cleanup";

/// State of the load balancers outside the cluster.
#[derive(Clone, Debug, Default)]
pub(crate) struct LbState {
    /// `minikube tunnel` is running.
    pub tunnel: bool,
    /// The cloud's load balancers by Service (namespace, name).
    pub cloud: VecMap<(String, String), CloudLb>,
    /// HAProxy frontends by listening port.
    pub haproxy: VecMap<u16, Frontend>,
}

/// One load balancer the cloud provisions for a Service.
#[derive(Clone, Debug)]
pub(crate) struct CloudLb {
    /// The Service's uid (a re-created Service gets a new load balancer).
    pub uid: String,
    pub ip: String,
    pub ready_at: Time,
    /// `EnsuredLoadBalancer` has been reported.
    pub ensured: bool,
}

/// One HAProxy frontend: `bind *:PORT`, `mode tcp`, `balance roundrobin`,
/// one `server NODE IP:NODEPORT check` per node known when it was added.
#[derive(Clone, Debug)]
pub(crate) struct Frontend {
    pub node_port: u16,
    pub servers: Vec<NodeAddr>,
    /// Round-robin position.
    pub next: usize,
}

/// An HAProxy frontend as `kubeplay haproxy list` and the UI show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HaproxyFrontend {
    pub port: u16,
    pub node_port: u16,
    /// (node name, node IP, UP) per backend server.
    pub servers: Vec<(String, String, bool)>,
}

/// What `minikube tunnel` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TunnelStatus {
    pub running: bool,
    pub route: String,
    /// `namespace/name` of the LoadBalancer Services it serves (minikube
    /// prints names only).
    pub services: Vec<String>,
}

/// The host's address as a node sees it when the host connects to a node
/// directly: Docker Desktop's VM gateway, minikube's docker network
/// gateway, the on-premises LAN's workstation.
pub(crate) fn host_source_ip(profile: Profile) -> &'static str {
    match profile {
        Profile::DockerDesktop => super::http::HOST_GATEWAY_IP,
        Profile::Minikube => "192.168.49.1",
        Profile::Cloud => HOST_PUBLIC_IP,
        Profile::OnPrem => "192.168.56.1",
    }
}

/// The status.loadBalancer a LoadBalancer Service should have now.
pub(crate) fn wanted_status(c: &mut Cluster, svc: &Value) -> Value {
    match c.profile {
        Profile::DockerDesktop => json!({"ingress": [{"hostname": "localhost"}]}),
        Profile::Minikube => {
            let ip = str_at(svc, "/spec/clusterIP");
            if c.lb.tunnel && super::topo::parse_ipv4(ip).is_some() {
                json!({"ingress": [{"ip": ip, "ipMode": "VIP"}]})
            } else {
                json!({})
            }
        }
        // The cloud's service controller leaves Services that name a
        // loadBalancerClass to that class's implementation.
        Profile::Cloud if !cloud_managed(svc) => json!({}),
        Profile::Cloud => cloud_status(c, svc),
        Profile::OnPrem => json!({}),
    }
}

/// The cloud's load balancer for `svc`: provisioning starts when the
/// controller first sees it; the address appears when it is ready.
fn cloud_status(c: &mut Cluster, svc: &Value) -> Value {
    let key = (
        crate::namespace_of(svc).to_string(),
        crate::name_of(svc).to_string(),
    );
    let uid = str_at(svc, "/metadata/uid").to_string();
    let fresh = c.lb.cloud.get(&key).is_none_or(|lb| lb.uid != uid);
    if fresh {
        let ip = cloud_ip(c);
        let delay = 30_000 + c.rng.below(30_001) as i64;
        let ready_at = c.now.plus_ms(delay);
        c.lb.cloud.insert(
            key.clone(),
            CloudLb {
                uid,
                ip,
                ready_at,
                ensured: false,
            },
        );
        c.wake_at(ready_at);
        c.event(
            svc,
            None,
            "Normal",
            "EnsuringLoadBalancer",
            "Ensuring load balancer",
            Source {
                component: SERVICE_CONTROLLER,
                host: "",
            },
        );
    }
    let Some(lb) = c.lb.cloud.get(&key).cloned() else {
        return json!({});
    };
    if c.now < lb.ready_at {
        return json!({});
    }
    if !lb.ensured {
        if let Some(l) = c.lb.cloud.get_mut(&key) {
            l.ensured = true;
        }
        c.event(
            svc,
            None,
            "Normal",
            "EnsuredLoadBalancer",
            "Ensured load balancer",
            Source {
                component: SERVICE_CONTROLLER,
                host: "",
            },
        );
    }
    json!({"ingress": [{"ip": lb.ip, "ipMode": "VIP"}]})
}

/// A free address in 203.0.113.0/24 (TEST-NET-3), drawn from the rng.
fn cloud_ip(c: &mut Cluster) -> String {
    let used: Vec<String> = c.lb.cloud.values().map(|l| l.ip.clone()).collect();
    for _ in 0..64 {
        let ip = format!("203.0.113.{}", 2 + c.rng.below(252));
        if !used.contains(&ip) {
            return ip;
        }
    }
    (2..254)
        .map(|n| format!("203.0.113.{n}"))
        .find(|ip| !used.contains(ip))
        .unwrap_or_else(|| "203.0.113.254".to_string())
}

/// Whether the cloud's service controller manages `svc`'s load balancer.
fn cloud_managed(svc: &Value) -> bool {
    str_at(svc, "/spec/type") == "LoadBalancer"
        && str_at(svc, "/spec/loadBalancerClass").is_empty()
        && svc.pointer("/metadata/deletionTimestamp").is_none()
}

fn has_cleanup_finalizer(svc: &Value) -> bool {
    super::topo::arr_at(svc, "/metadata/finalizers")
        .iter()
        .any(|f| f.as_str() == Some(LB_CLEANUP_FINALIZER))
}

/// The cloud's service controller's finalizer: added to every Service it
/// manages; when such a Service is deleted (or stops being a
/// LoadBalancer) the load balancer is deleted, then the finalizer removed,
/// and a deleted Service goes.
pub(crate) fn cloud_finalizers(c: &mut Cluster) {
    for (ns, name) in c.store.keys("services") {
        let Some(svc) = c.store.get("services", &ns, &name).cloned() else {
            continue;
        };
        let managed = cloud_managed(&svc);
        let has = has_cleanup_finalizer(&svc);
        if managed && !has {
            let mut s = svc;
            if let Some(meta) = s.get_mut("metadata").and_then(Value::as_object_mut) {
                let f = meta.entry("finalizers").or_insert_with(|| json!([]));
                if let Some(a) = f.as_array_mut() {
                    a.push(json!(LB_CLEANUP_FINALIZER));
                }
            }
            c.put("services", s);
        } else if !managed && has {
            let key = (ns.clone(), name.clone());
            if c.lb.cloud.remove(&key).is_some() {
                for (reason, msg) in [
                    ("DeletingLoadBalancer", "Deleting load balancer"),
                    ("DeletedLoadBalancer", "Deleted load balancer"),
                ] {
                    c.event(
                        &svc,
                        None,
                        "Normal",
                        reason,
                        msg,
                        Source {
                            component: SERVICE_CONTROLLER,
                            host: "",
                        },
                    );
                }
            }
            let mut s = svc;
            if let Some(a) = s
                .pointer_mut("/metadata/finalizers")
                .and_then(Value::as_array_mut)
            {
                a.retain(|f| f.as_str() != Some(LB_CLEANUP_FINALIZER));
            }
            let terminating = s.pointer("/metadata/deletionTimestamp").is_some();
            let none_left = super::topo::arr_at(&s, "/metadata/finalizers").is_empty();
            if terminating && none_left {
                c.remove("services", &ns, &name);
            } else {
                if none_left {
                    if let Some(meta) = s.get_mut("metadata").and_then(Value::as_object_mut) {
                        meta.remove("finalizers");
                    }
                }
                c.put("services", s);
            }
        }
    }
}

/// Forgets cloud load balancers whose Service is gone or no longer a
/// LoadBalancer (the cloud deletes them).
pub(crate) fn forget_stale(c: &mut Cluster) {
    let stale: Vec<(String, String)> = c
        .lb
        .cloud
        .iter()
        .filter(|((ns, name), lb)| {
            c.store.get("services", ns, name).is_none_or(|s| {
                str_at(s, "/spec/type") != "LoadBalancer" || str_at(s, "/metadata/uid") != lb.uid
            })
        })
        .map(|(k, _)| k.clone())
        .collect();
    for k in stale {
        c.lb.cloud.remove(&k);
    }
}

/// Whether `svc` asks for no node ports.
fn node_ports_allocated(svc: &Value) -> bool {
    svc.pointer("/spec/allocateLoadBalancerNodePorts")
        .and_then(Value::as_bool)
        != Some(false)
}

impl Cluster {
    /// Starts (`on`) or stops minikube's tunnel (simulator: `kubeplay
    /// minikube tunnel [stop]`). Only the minikube profile has one.
    pub fn minikube_tunnel(&mut self, on: bool) -> Result<TunnelStatus, String> {
        if self.profile != Profile::Minikube {
            return Err(format!(
                "minikube tunnel: this cluster is not minikube (profile {}); start one with --profile minikube",
                self.profile
            ));
        }
        self.lb.tunnel = on;
        self.settle();
        Ok(self.tunnel_status())
    }

    /// Whether `minikube tunnel` runs, its route and the services it serves.
    pub fn tunnel_status(&self) -> TunnelStatus {
        let services = if self.lb.tunnel {
            self.store
                .list("services", None)
                .into_iter()
                .filter(|s| str_at(s, "/spec/type") == "LoadBalancer")
                .map(|s| crate::name_of(s).to_string())
                .collect()
        } else {
            Vec::new()
        };
        TunnelStatus {
            running: self.lb.tunnel,
            route: format!("{SERVICE_CIDR} -> {MINIKUBE_IP}"),
            services,
        }
    }

    /// Adds an HAProxy frontend on `port` forwarding to `node_port` on
    /// every node (simulator: `kubeplay haproxy add PORT:NODEPORT`). Only
    /// the on-premises profile has the HAProxy machine.
    pub fn haproxy_add(&mut self, port: u16, node_port: u16) -> Result<(), String> {
        if self.profile != Profile::OnPrem {
            return Err(format!(
                "haproxy: this cluster (profile {}) has no external HAProxy; it belongs to the onprem profile",
                self.profile
            ));
        }
        if port == 0 {
            return Err("haproxy: invalid port 0".to_string());
        }
        if !(30000..=32767).contains(&node_port) {
            return Err(format!(
                "haproxy: node port {node_port} is outside the node port range 30000-32767"
            ));
        }
        if let Some(f) = self.lb.haproxy.get(&port) {
            return Err(format!(
                "haproxy: port {port} is already forwarded (to node port {})",
                f.node_port
            ));
        }
        let servers = self.node_addrs();
        self.lb.haproxy.insert(
            port,
            Frontend {
                node_port,
                servers,
                next: 0,
            },
        );
        Ok(())
    }

    /// Removes the HAProxy frontend on `port`.
    pub fn haproxy_remove(&mut self, port: u16) -> Result<(), String> {
        if self.profile != Profile::OnPrem {
            return Err(format!(
                "haproxy: this cluster (profile {}) has no external HAProxy; it belongs to the onprem profile",
                self.profile
            ));
        }
        self.lb
            .haproxy
            .remove(&port)
            .map(|_| ())
            .ok_or_else(|| format!("haproxy: no frontend on port {port}"))
    }

    /// The HAProxy frontends with each server's health-check state.
    pub fn haproxy_frontends(&self) -> Vec<HaproxyFrontend> {
        self.lb
            .haproxy
            .iter()
            .map(|(port, f)| HaproxyFrontend {
                port: *port,
                node_port: f.node_port,
                servers: f
                    .servers
                    .iter()
                    .map(|n| (n.name.clone(), n.ip.clone(), self.server_up(n, f.node_port)))
                    .collect(),
            })
            .collect()
    }

    /// The HAProxy machine's address.
    pub fn haproxy_ip(&self) -> &'static str {
        HAPROXY_IP
    }

    /// HAProxy's TCP health check of `node:node_port`: the node answers and
    /// kube-proxy accepts the connection (a Service owns the node port and
    /// has a ready endpoint; with externalTrafficPolicy Local, one on that
    /// node).
    fn server_up(&self, node: &NodeAddr, node_port: u16) -> bool {
        let alive = self.store.contains("nodes", "", &node.name)
            && self
                .kubelet
                .node(&node.name)
                .is_some_and(|k| k.down_since.is_none());
        if !alive {
            return false;
        }
        let Some((svc, idx)) = self.service_by_node_port(node_port) else {
            return false;
        };
        let ns = crate::namespace_of(svc);
        let name = crate::name_of(svc);
        let port_name = svc
            .pointer(&format!("/spec/ports/{idx}/name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let local = str_at(svc, "/spec/externalTrafficPolicy") == "Local";
        self.service_endpoints(ns, name, port_name)
            .into_iter()
            .any(|e| e.ready && (!local || e.node.as_deref() == Some(node.name.as_str())))
    }

    /// A connection from the host to an address outside the cluster's own
    /// networks that a load balancer owns (cloud load balancer IPs, the
    /// HAProxy, minikube's tunnel route); `None` when no load balancer
    /// has `ip`.
    pub(crate) fn external_load_balancer(
        &mut self,
        ip: &str,
        port: u16,
        hops: &mut Vec<Hop>,
    ) -> Option<Reach> {
        match self.profile {
            Profile::DockerDesktop => None,
            Profile::Minikube => {
                if !(self.lb.tunnel && in_service_cidr(ip)) {
                    return None;
                }
                Some(self.through_tunnel(ip, port, hops))
            }
            Profile::Cloud => self.through_cloud_lb(ip, port, hops),
            Profile::OnPrem => {
                if ip != HAPROXY_IP {
                    return None;
                }
                Some(self.through_haproxy(port, hops))
            }
        }
    }

    /// minikube tunnel: the host's route sends the service CIDR to the
    /// node, whose kube-proxy handles the cluster IP.
    fn through_tunnel(&mut self, ip: &str, port: u16, hops: &mut Vec<Hop>) -> Reach {
        let Some(svc) = self.service_by_ip(ip).cloned() else {
            hops.push(hop(
                "Node",
                "",
                "minikube",
                format!("{ip}:{port}: no service has this IP; packets are dropped"),
            ));
            return Reach::Blackhole;
        };
        let ns = crate::namespace_of(&svc).to_string();
        let name = crate::name_of(&svc).to_string();
        if str_at(&svc, "/spec/type") == "LoadBalancer" {
            hops.push(hop(
                "LoadBalancer",
                &ns,
                &name,
                format!("{ip}:{port} (minikube tunnel: route {SERVICE_CIDR} via {MINIKUBE_IP})"),
            ));
        }
        hops.push(hop("Node", "", "minikube", format!("{ip}:{port}")));
        self.cluster_ip(&svc, ip, port, host_source_ip(Profile::Minikube), hops)
    }

    /// A cloud load balancer: forwards to a healthy node (the node port,
    /// or kube-proxy's rule for the load balancer IP when there is none).
    fn through_cloud_lb(&mut self, ip: &str, port: u16, hops: &mut Vec<Hop>) -> Option<Reach> {
        let svc = self
            .store
            .list("services", None)
            .into_iter()
            .find(|s| {
                str_at(s, "/spec/type") == "LoadBalancer"
                    && super::topo::arr_at(s, "/status/loadBalancer/ingress")
                        .iter()
                        .any(|i| str_at(i, "/ip") == ip)
            })?
            .clone();
        let ns = crate::namespace_of(&svc).to_string();
        let name = crate::name_of(&svc).to_string();
        let idx = super::topo::arr_at(&svc, "/spec/ports")
            .iter()
            .position(|p| {
                port_of(p.get("port")) == Some(port) && matches!(str_at(p, "/protocol"), "TCP" | "")
            });
        let Some(idx) = idx else {
            hops.push(hop(
                "LoadBalancer",
                &ns,
                &name,
                format!("{ip}:{port}: the load balancer has no rule for port {port}; packets are dropped"),
            ));
            return Some(Reach::Blackhole);
        };
        let local = str_at(&svc, "/spec/externalTrafficPolicy") == "Local";
        let port_name = svc
            .pointer(&format!("/spec/ports/{idx}/name"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let with_endpoint: Vec<String> = self
            .service_endpoints(&ns, &name, &port_name)
            .into_iter()
            .filter(|e| e.ready)
            .filter_map(|e| e.node)
            .collect();
        // Nodes excluded from external load balancers (the control plane)
        // are not backends; with externalTrafficPolicy Local only nodes
        // that pass the health check (a local ready endpoint) are.
        let backends: Vec<NodeAddr> = self
            .node_addrs()
            .into_iter()
            .filter(|n| {
                self.store.get("nodes", "", &n.name).is_some_and(|v| {
                    v.pointer(
                        "/metadata/labels/node.kubernetes.io~1exclude-from-external-load-balancers",
                    )
                    .is_none()
                })
            })
            .filter(|n| {
                self.kubelet
                    .node(&n.name)
                    .is_some_and(|k| k.down_since.is_none())
            })
            .filter(|n| !local || with_endpoint.contains(&n.name))
            .collect();
        if backends.is_empty() {
            hops.push(hop(
                "LoadBalancer",
                &ns,
                &name,
                format!("{ip}:{port}: no healthy backend node; the connection times out"),
            ));
            return Some(Reach::Blackhole);
        }
        let pick = self.rng.below(backends.len() as u64) as usize;
        let node = backends.get(pick).cloned()?;
        hops.push(hop(
            "LoadBalancer",
            &ns,
            &name,
            format!("{ip}:{port} -> node {} ({})", node.name, node.ip),
        ));
        let node_port = if node_ports_allocated(&svc) {
            svc.pointer(&format!("/spec/ports/{idx}/nodePort"))
                .and_then(|p| port_of(Some(p)))
        } else {
            None
        };
        match node_port {
            Some(np) => {
                hops.push(hop("Node", "", &node.name, format!("{}:{np}", node.ip)));
                Some(self.node_port(&node, np, HOST_PUBLIC_IP, hops))
            }
            None => {
                hops.push(hop(
                    "Node",
                    "",
                    &node.name,
                    format!("{ip}:{port} (kube-proxy's rule for the load balancer IP)"),
                ));
                let via = Via {
                    node: Some(node),
                    client_ip: HOST_PUBLIC_IP.to_string(),
                    local,
                    external: true,
                    vip: None,
                };
                Some(self.kube_proxy(&svc, idx, &via, hops))
            }
        }
    }

    /// The HAProxy (`mode tcp`, `balance roundrobin`): the next server
    /// whose health check passes, then that node's node port.
    fn through_haproxy(&mut self, port: u16, hops: &mut Vec<Hop>) -> Reach {
        let Some(f) = self.lb.haproxy.get(&port).cloned() else {
            hops.push(hop(
                "HAProxy",
                "",
                "haproxy",
                format!("nothing listens on {HAPROXY_IP}:{port}: connection refused"),
            ));
            return Reach::Refused;
        };
        let n = f.servers.len();
        let chosen = (0..n).map(|k| (f.next + k) % n.max(1)).find(|&i| {
            f.servers
                .get(i)
                .is_some_and(|s| self.server_up(s, f.node_port))
        });
        let Some(i) = chosen else {
            hops.push(hop(
                "HAProxy",
                "",
                "haproxy",
                format!(
                    "{HAPROXY_IP}:{port}: no server is available (every node's :{} fails its health check); the connection is closed",
                    f.node_port
                ),
            ));
            return Reach::Closed;
        };
        if let Some(fe) = self.lb.haproxy.get_mut(&port) {
            fe.next = i + 1;
        }
        let Some(node) = f.servers.get(i).cloned() else {
            return Reach::Closed;
        };
        hops.push(hop(
            "HAProxy",
            "",
            "haproxy",
            format!(
                "{HAPROXY_IP}:{port} -> {} {}:{} (roundrobin)",
                node.name, node.ip, f.node_port
            ),
        ));
        hops.push(hop(
            "Node",
            "",
            &node.name,
            format!("{}:{}", node.ip, f.node_port),
        ));
        self.node_port(&node, f.node_port, HAPROXY_IP, hops)
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{deployment, get, service};
    use crate::{Cluster, HttpRequest, Origin, Profile};
    use serde_json::{json, Value};

    /// A cluster of `profile` with nginx (2 replicas, Running) behind the
    /// LoadBalancer Service `web` on port 80.
    fn with_lb(profile: Profile) -> (Cluster, Value) {
        let mut c = Cluster::new(profile, 5);
        c.create(deployment("web", "nginx", 2), "default")
            .expect("deployment");
        c.advance(30_000);
        let mut s = service("web", "web");
        s["spec"]["type"] = json!("LoadBalancer");
        let svc = c.create(s, "default").expect("service");
        (c, svc)
    }

    fn ingress(c: &Cluster) -> Value {
        get(c, "services", "default", "web")["status"]["loadBalancer"].clone()
    }

    fn host_get(c: &mut Cluster, url: &str) -> crate::HttpOutcome {
        c.http(&HttpRequest {
            origin: Origin::Host,
            method: "GET".into(),
            url: url.into(),
            headers: vec![],
            insecure: false,
        })
    }

    fn status(o: &crate::HttpOutcome) -> Option<u16> {
        o.result.as_ref().ok().map(|r| r.status)
    }

    fn node_port(svc: &Value) -> u16 {
        svc["spec"]["ports"][0]["nodePort"]
            .as_u64()
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(0)
    }

    #[test]
    fn profiles_parse_and_list() {
        for p in Profile::ALL {
            assert_eq!(p.name().parse::<Profile>(), Ok(p));
        }
        assert_eq!("on-prem".parse::<Profile>(), Ok(Profile::OnPrem));
        assert_eq!(
            "Docker_Desktop".parse::<Profile>(),
            Ok(Profile::DockerDesktop)
        );
        let e = "gke".parse::<Profile>().unwrap_err();
        assert!(e.contains("docker-desktop, minikube, cloud, onprem"), "{e}");
        assert_eq!(Profile::default(), Profile::DockerDesktop);
    }

    #[test]
    fn profiles_bootstrap_their_nodes() {
        let names = |p: Profile| -> Vec<String> {
            let c = Cluster::new(p, 1);
            c.store
                .list("nodes", None)
                .iter()
                .map(|n| crate::name_of(n).to_string())
                .collect()
        };
        assert_eq!(
            names(Profile::DockerDesktop),
            ["desktop-control-plane", "desktop-worker", "desktop-worker2"]
        );
        assert_eq!(names(Profile::Minikube), ["minikube"]);
        assert_eq!(
            names(Profile::OnPrem),
            ["k8s-master", "k8s-worker1", "k8s-worker2"]
        );
        let mk = Cluster::new(Profile::Minikube, 1);
        let node = get(&mk, "nodes", "", "minikube");
        assert_eq!(node["status"]["addresses"][0]["address"], "192.168.49.2");
        // minikube's single node takes workloads: no control-plane taint.
        assert!(node["spec"]["taints"].is_null());
        // System pods run everywhere.
        for p in Profile::ALL {
            let c = Cluster::new(p, 1);
            let pods = c.store.list("pods", Some("kube-system"));
            assert!(pods.len() >= 6, "{p}: {}", pods.len());
            assert!(
                pods.iter().all(|p| p["status"]["phase"] == "Running"),
                "{p}"
            );
        }
    }

    #[test]
    fn docker_desktop_answers_on_localhost_at_once() {
        let (mut c, svc) = with_lb(Profile::DockerDesktop);
        assert_eq!(ingress(&c), json!({"ingress": [{"hostname": "localhost"}]}));
        assert!(node_port(&svc) >= 30000);
        assert_eq!(status(&host_get(&mut c, "http://localhost")), Some(200));
    }

    #[test]
    fn minikube_pends_until_the_tunnel_runs() {
        let (mut c, svc) = with_lb(Profile::Minikube);
        let cip = svc["spec"]["clusterIP"].as_str().unwrap_or("").to_string();
        assert_eq!(ingress(&c), json!({}));
        c.advance(600_000);
        assert_eq!(ingress(&c), json!({}));
        // Without the tunnel, the cluster IP is not routable; localhost has nothing.
        let o = host_get(&mut c, &format!("http://{cip}"));
        assert_eq!(o.result.as_ref().err().map(|e| e.curl_code), Some(28));
        let o = host_get(&mut c, "http://localhost");
        assert_eq!(o.result.as_ref().err().map(|e| e.curl_code), Some(7));
        // Node ports answer on the node's address.
        let np = node_port(&svc);
        assert_eq!(
            status(&host_get(&mut c, &format!("http://192.168.49.2:{np}"))),
            Some(200)
        );
        let st = c.minikube_tunnel(true).expect("minikube");
        assert_eq!(st.services, ["web"]);
        assert_eq!(
            ingress(&c),
            json!({"ingress": [{"ip": cip, "ipMode": "VIP"}]})
        );
        let o = host_get(&mut c, &format!("http://{cip}"));
        assert_eq!(status(&o), Some(200));
        assert_eq!(o.hops[1].kind, "LoadBalancer");
        assert!(o.hops.iter().any(|h| h.kind == "Pod"));
        c.minikube_tunnel(false).expect("minikube");
        assert_eq!(ingress(&c), json!({}));
        let o = host_get(&mut c, &format!("http://{cip}"));
        assert!(o.result.is_err());
    }

    #[test]
    fn cloud_provisions_a_public_ip_after_a_delay() {
        let (mut c, svc) = with_lb(Profile::Cloud);
        assert_eq!(ingress(&c), json!({}));
        c.advance(29_000);
        assert_eq!(ingress(&c), json!({}), "not before 30 s");
        c.advance(31_000);
        let ip = ingress(&c)["ingress"][0]["ip"]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(ip.starts_with("203.0.113."), "{ip}");
        let reasons = crate::testutil::event_reasons(&c, "default", "web");
        assert!(reasons.contains(&"EnsuringLoadBalancer".to_string()));
        assert!(reasons.contains(&"EnsuredLoadBalancer".to_string()));
        let o = host_get(&mut c, &format!("http://{ip}"));
        assert_eq!(status(&o), Some(200));
        assert_eq!(o.hops[1].kind, "LoadBalancer");
        // Not through the control plane (excluded from load balancers).
        assert!(!o.hops[1].note.contains("control-plane"));
        assert!(o.hops.iter().any(|h| h.kind == "NodePort"));
        // Nodes' private addresses are not reachable from the host.
        let np = node_port(&svc);
        assert!(host_get(&mut c, &format!("http://10.128.0.11:{np}"))
            .result
            .is_err());
        // A port the load balancer does not forward.
        assert!(host_get(&mut c, &format!("http://{ip}:8080"))
            .result
            .is_err());
        // The controller's finalizer; deleting the Service deletes the
        // load balancer first.
        let svc = get(&c, "services", "default", "web");
        assert_eq!(
            svc["metadata"]["finalizers"],
            json!([super::LB_CLEANUP_FINALIZER])
        );
        c.delete(
            crate::resources::by_plural("services").expect("services"),
            "default",
            "web",
        )
        .expect("delete");
        assert!(c.store.get("services", "default", "web").is_none());
        assert!(c.lb.cloud.is_empty());
        assert!(host_get(&mut c, &format!("http://{ip}")).result.is_err());
        // Same seed, same address and timing.
        let (mut d, _) = with_lb(Profile::Cloud);
        d.advance(60_000);
        assert_eq!(ingress(&d)["ingress"][0]["ip"], json!(ip));
    }

    #[test]
    fn cloud_ignores_other_load_balancer_classes() {
        let mut c = Cluster::new(Profile::Cloud, 3);
        let mut s = service("web", "web");
        s["spec"]["type"] = json!("LoadBalancer");
        s["spec"]["loadBalancerClass"] = json!("example.com/internal");
        c.create(s, "default").expect("service");
        c.advance(120_000);
        assert_eq!(ingress(&c), json!({}));
        assert!(!crate::testutil::event_reasons(&c, "default", "web")
            .contains(&"EnsuringLoadBalancer".to_string()));
    }

    #[test]
    fn cloud_releases_the_load_balancer_when_the_type_changes() {
        let (mut c, _) = with_lb(Profile::Cloud);
        c.advance(60_000);
        assert!(ingress(&c)["ingress"][0]["ip"].is_string());
        let mut svc = get(&c, "services", "default", "web");
        svc["spec"]["type"] = json!("ClusterIP");
        if let Some(p) = svc["spec"]["ports"][0].as_object_mut() {
            p.remove("nodePort");
        }
        if let Some(spec) = svc["spec"].as_object_mut() {
            for f in [
                "externalTrafficPolicy",
                "allocateLoadBalancerNodePorts",
                "healthCheckNodePort",
            ] {
                spec.remove(f);
            }
        }
        c.replace(svc, "default").expect("replace");
        let svc = get(&c, "services", "default", "web");
        assert_eq!(svc["status"]["loadBalancer"], json!({}));
        assert!(svc["metadata"]["finalizers"].is_null());
        let reasons = crate::testutil::event_reasons(&c, "default", "web");
        assert!(reasons.contains(&"DeletedLoadBalancer".to_string()));
    }

    #[test]
    fn cloud_load_balancer_without_node_ports() {
        let mut c = Cluster::new(Profile::Cloud, 2);
        c.create(deployment("web", "nginx", 1), "default")
            .expect("deployment");
        let mut s = service("web", "web");
        s["spec"]["type"] = json!("LoadBalancer");
        s["spec"]["allocateLoadBalancerNodePorts"] = json!(false);
        let svc = c.create(s, "default").expect("service");
        assert!(svc["spec"]["ports"][0]["nodePort"].is_null());
        c.advance(61_000);
        let ip = ingress(&c)["ingress"][0]["ip"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let o = host_get(&mut c, &format!("http://{ip}"));
        assert_eq!(status(&o), Some(200), "{:?}", o.hops);
        assert!(!o.hops.iter().any(|h| h.kind == "NodePort"));
    }

    #[test]
    fn onprem_pends_forever_and_haproxy_fronts_the_node_port() {
        let (mut c, svc) = with_lb(Profile::OnPrem);
        c.advance(3_600_000);
        assert_eq!(ingress(&c), json!({}));
        let np = node_port(&svc);
        // The node port answers on every node's LAN address.
        for ip in ["192.168.56.10", "192.168.56.11", "192.168.56.12"] {
            assert_eq!(
                status(&host_get(&mut c, &format!("http://{ip}:{np}"))),
                Some(200)
            );
        }
        // No HAProxy frontend yet: refused.
        let o = host_get(&mut c, "http://192.168.56.100");
        assert_eq!(o.result.as_ref().err().map(|e| e.curl_code), Some(7));
        c.haproxy_add(80, np).expect("onprem");
        assert!(c.haproxy_add(80, np).is_err(), "one frontend per port");
        assert!(c.haproxy_add(81, 80).is_err(), "node port range");
        let fe = c.haproxy_frontends();
        assert_eq!(fe.len(), 1);
        assert_eq!(fe[0].servers.len(), 3);
        assert!(fe[0].servers.iter().all(|s| s.2));
        // Round robin over the nodes: HAProxy -> node -> node port -> pod.
        let mut nodes = Vec::new();
        for _ in 0..3 {
            let o = host_get(&mut c, "http://192.168.56.100");
            assert_eq!(status(&o), Some(200));
            let kinds: Vec<&str> = o.hops.iter().map(|h| h.kind.as_str()).collect();
            assert_eq!(&kinds[..4], ["Host", "HAProxy", "Node", "NodePort"]);
            nodes.push(o.hops[2].name.clone());
        }
        assert_eq!(nodes, ["k8s-master", "k8s-worker1", "k8s-worker2"]);
        // A frontend whose node port nothing serves: every check fails,
        // HAProxy closes the connection (curl 52).
        c.haproxy_add(8080, 32_767).expect("onprem");
        let o = host_get(&mut c, "http://192.168.56.100:8080");
        assert_eq!(o.result.as_ref().err().map(|e| e.curl_code), Some(52));
        c.haproxy_remove(8080).expect("frontend");
        assert!(c.haproxy_remove(8080).is_err());
        // localhost is just the workstation.
        let o = host_get(&mut c, "http://localhost");
        assert_eq!(o.result.as_ref().err().map(|e| e.curl_code), Some(7));
    }

    #[test]
    fn haproxy_skips_nodes_without_a_local_endpoint() {
        let (mut c, _) = with_lb(Profile::OnPrem);
        let mut svc = get(&c, "services", "default", "web");
        svc["spec"]["externalTrafficPolicy"] = json!("Local");
        let svc = c.replace(svc, "default").expect("replace");
        let np = node_port(&svc);
        c.haproxy_add(80, np).expect("onprem");
        let with_pods: Vec<String> = c
            .store
            .list("pods", Some("default"))
            .iter()
            .map(|p| p["spec"]["nodeName"].as_str().unwrap_or("").to_string())
            .collect();
        for _ in 0..4 {
            let o = host_get(&mut c, "http://192.168.56.100");
            assert_eq!(status(&o), Some(200));
            assert!(with_pods.contains(&o.hops[2].name));
        }
    }

    #[test]
    fn simulator_commands_belong_to_their_profile() {
        let mut dd = Cluster::new(Profile::DockerDesktop, 1);
        assert!(dd.minikube_tunnel(true).is_err());
        assert!(dd.haproxy_add(80, 30080).is_err());
        let mut mk = Cluster::new(Profile::Minikube, 1);
        assert!(mk.haproxy_add(80, 30080).is_err());
        let mut op = Cluster::new(Profile::OnPrem, 1);
        assert!(op.minikube_tunnel(true).is_err());
    }
}
