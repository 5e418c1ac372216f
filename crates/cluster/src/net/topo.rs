//! Read-only views of the store that the network needs: pods by IP, nodes
//! and their addresses, services by cluster IP or node port, and the ready
//! endpoints of a service port (from its EndpointSlices, as kube-proxy and
//! CoreDNS read them).

use crate::Cluster;
use serde_json::Value;

/// The cluster's DNS domain (kubelet `--cluster-domain`).
pub(crate) const CLUSTER_DOMAIN: &str = "cluster.local";
/// kubeadm's default cluster DNS address, used when no kube-dns Service exists.
pub(crate) const DEFAULT_DNS_IP: &str = "10.96.0.10";

/// `v[ptr]` as a string, or "".
pub(crate) fn str_at<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

/// `v[ptr]` as an array (empty when missing).
pub(crate) fn arr_at<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A TCP port from a JSON number (or a numeric string), if in range.
pub(crate) fn port_of(v: Option<&Value>) -> Option<u16> {
    match v? {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Parses a dotted-quad IPv4 address strictly (four decimal octets).
pub(crate) fn parse_ipv4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split('.');
    for slot in &mut out {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = p.parse().ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    Some(out)
}

/// `10.96.0.0/12`, the service CIDR kubeadm (and so Docker Desktop) uses.
pub(crate) fn in_service_cidr(ip: &str) -> bool {
    matches!(parse_ipv4(ip), Some([10, b, _, _]) if (96..112).contains(&b))
}

pub(crate) fn is_loopback(ip: &str) -> bool {
    ip == "::1" || matches!(parse_ipv4(ip), Some([127, _, _, _]))
}

/// A pod's address in the store, as the network sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PodRef {
    pub ns: String,
    pub name: String,
}

/// One endpoint of a service port, from an EndpointSlice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub ip: String,
    pub port: u16,
    pub pod: Option<PodRef>,
    pub node: Option<String>,
    pub ready: bool,
    pub hostname: Option<String>,
}

/// A node and its InternalIP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NodeAddr {
    pub name: String,
    pub ip: String,
}

/// True when a pod's phase is over (its IP is released).
pub(crate) fn pod_finished(pod: &Value) -> bool {
    matches!(str_at(pod, "/status/phase"), "Succeeded" | "Failed")
}

/// The pod's hostname as the kubelet sets it: `spec.hostname` or the pod
/// name, capped at 63 characters without a trailing `-` or `.`.
pub(crate) fn pod_hostname(pod: &Value) -> String {
    // A pod in the host's network namespace has the node's host name.
    if pod.pointer("/spec/hostNetwork").and_then(Value::as_bool) == Some(true) {
        let node = str_at(pod, "/spec/nodeName");
        if !node.is_empty() {
            return node.to_string();
        }
    }
    let h = match str_at(pod, "/spec/hostname") {
        "" => crate::name_of(pod),
        h => h,
    };
    if h.len() <= 63 {
        return h.to_string();
    }
    let cut: String = h.chars().take(63).collect();
    cut.trim_end_matches(['-', '.']).to_string()
}

impl Cluster {
    pub(crate) fn pod_obj(&self, ns: &str, name: &str) -> Option<&Value> {
        self.store.get("pods", ns, name)
    }

    /// The live pod holding `ip` (host-network pods share their node's IP
    /// and are not found this way).
    pub(crate) fn pod_by_ip(&self, ip: &str) -> Option<&Value> {
        self.store.list("pods", None).into_iter().find(|p| {
            str_at(p, "/status/podIP") == ip
                && !pod_finished(p)
                && p.pointer("/spec/hostNetwork").and_then(Value::as_bool) != Some(true)
        })
    }

    /// Every node with its InternalIP, in name order.
    pub(crate) fn node_addrs(&self) -> Vec<NodeAddr> {
        self.store
            .list("nodes", None)
            .into_iter()
            .filter_map(|n| {
                let ip = arr_at(n, "/status/addresses")
                    .iter()
                    .find(|a| str_at(a, "/type") == "InternalIP")
                    .map(|a| str_at(a, "/address"))?;
                Some(NodeAddr {
                    name: crate::name_of(n).to_string(),
                    ip: ip.to_string(),
                })
            })
            .collect()
    }

    pub(crate) fn node_by_ip(&self, ip: &str) -> Option<NodeAddr> {
        self.node_addrs().into_iter().find(|n| n.ip == ip)
    }

    /// The Service whose `spec.clusterIP` (or one of `clusterIPs`) is `ip`.
    pub(crate) fn service_by_ip(&self, ip: &str) -> Option<&Value> {
        self.store.list("services", None).into_iter().find(|s| {
            str_at(s, "/spec/clusterIP") == ip
                || arr_at(s, "/spec/clusterIPs")
                    .iter()
                    .any(|v| v.as_str() == Some(ip))
        })
    }

    /// The Service and port index that own node port `port`.
    pub(crate) fn service_by_node_port(&self, port: u16) -> Option<(&Value, usize)> {
        self.store.list("services", None).into_iter().find_map(|s| {
            if !matches!(str_at(s, "/spec/type"), "NodePort" | "LoadBalancer") {
                return None;
            }
            arr_at(s, "/spec/ports")
                .iter()
                .position(|p| port_of(p.get("nodePort")) == Some(port) && is_tcp(p))
                .map(|i| (s, i))
        })
    }

    /// A LoadBalancer Service listening on `port` (Docker Desktop publishes
    /// these on `localhost`).
    pub(crate) fn load_balancer_by_port(&self, port: u16) -> Option<(&Value, usize)> {
        self.store.list("services", None).into_iter().find_map(|s| {
            if str_at(s, "/spec/type") != "LoadBalancer" {
                return None;
            }
            arr_at(s, "/spec/ports")
                .iter()
                .position(|p| port_of(p.get("port")) == Some(port) && is_tcp(p))
                .map(|i| (s, i))
        })
    }

    /// The endpoints of one port of a service (by the service port's name,
    /// "" for an unnamed port), from all its EndpointSlices, in slice order.
    pub(crate) fn service_endpoints(&self, ns: &str, svc: &str, port_name: &str) -> Vec<Endpoint> {
        let mut out = Vec::new();
        for slice in self.service_slices(ns, svc) {
            let Some(port) = arr_at(slice, "/ports")
                .iter()
                .find(|p| str_at(p, "/name") == port_name)
                .and_then(|p| port_of(p.get("port")))
            else {
                continue;
            };
            for ep in arr_at(slice, "/endpoints") {
                let ready = ep
                    .pointer("/conditions/ready")
                    .and_then(Value::as_bool)
                    .unwrap_or(true);
                let pod = match (str_at(ep, "/targetRef/kind"), str_at(ep, "/targetRef/name")) {
                    ("Pod", name) if !name.is_empty() => Some(PodRef {
                        ns: match str_at(ep, "/targetRef/namespace") {
                            "" => ns.to_string(),
                            n => n.to_string(),
                        },
                        name: name.to_string(),
                    }),
                    _ => None,
                };
                let node = match str_at(ep, "/nodeName") {
                    "" => None,
                    n => Some(n.to_string()),
                };
                let hostname = match str_at(ep, "/hostname") {
                    "" => None,
                    h => Some(h.to_string()),
                };
                for addr in arr_at(ep, "/addresses").iter().filter_map(Value::as_str) {
                    out.push(Endpoint {
                        ip: addr.to_string(),
                        port,
                        pod: pod.clone(),
                        node: node.clone(),
                        ready,
                        hostname: hostname.clone(),
                    });
                }
            }
        }
        out
    }

    /// Every endpoint address of a service regardless of port (what CoreDNS
    /// publishes for a headless service), ready ones only unless the service
    /// publishes not-ready addresses; deduplicated, in slice order.
    pub(crate) fn service_addresses(&self, ns: &str, svc: &Value) -> Vec<Endpoint> {
        let name = crate::name_of(svc);
        let all = svc
            .pointer("/spec/publishNotReadyAddresses")
            .and_then(Value::as_bool)
            == Some(true);
        let mut out: Vec<Endpoint> = Vec::new();
        for slice in self.service_slices(ns, name) {
            for ep in arr_at(slice, "/endpoints") {
                let ready = ep
                    .pointer("/conditions/ready")
                    .and_then(Value::as_bool)
                    .unwrap_or(true);
                if !ready && !all {
                    continue;
                }
                for addr in arr_at(ep, "/addresses").iter().filter_map(Value::as_str) {
                    if out.iter().any(|e| e.ip == addr) {
                        continue;
                    }
                    out.push(Endpoint {
                        ip: addr.to_string(),
                        port: 0,
                        pod: match str_at(ep, "/targetRef/name") {
                            "" => None,
                            n => Some(PodRef {
                                ns: ns.to_string(),
                                name: n.to_string(),
                            }),
                        },
                        node: None,
                        ready,
                        hostname: match str_at(ep, "/hostname") {
                            "" => None,
                            h => Some(h.to_string()),
                        },
                    });
                }
            }
        }
        out
    }

    fn service_slices(&self, ns: &str, svc: &str) -> Vec<&Value> {
        self.store
            .list("endpointslices", Some(ns))
            .into_iter()
            .filter(|s| {
                str_at(s, "/metadata/labels/kubernetes.io~1service-name") == svc
                    && matches!(str_at(s, "/addressType"), "IPv4" | "")
            })
            .collect()
    }

    /// The cluster DNS server's address (the kube-dns Service's cluster IP).
    pub(crate) fn dns_server_ip(&self) -> String {
        match self
            .store
            .get("services", "kube-system", "kube-dns")
            .map(|s| str_at(s, "/spec/clusterIP"))
        {
            Some(ip) if parse_ipv4(ip).is_some() => ip.to_string(),
            _ => DEFAULT_DNS_IP.to_string(),
        }
    }
}

fn is_tcp(port: &Value) -> bool {
    matches!(str_at(port, "/protocol"), "TCP" | "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_parsing_is_strict() {
        assert_eq!(parse_ipv4("10.96.0.10"), Some([10, 96, 0, 10]));
        assert_eq!(parse_ipv4("10.96.0"), None);
        assert_eq!(parse_ipv4("10.96.0.256"), None);
        assert_eq!(parse_ipv4("10.96.0.1.2"), None);
        assert_eq!(parse_ipv4("a.b.c.d"), None);
        assert_eq!(parse_ipv4(""), None);
        assert!(in_service_cidr("10.111.1.1"));
        assert!(!in_service_cidr("10.244.1.1"));
        assert!(is_loopback("127.0.0.1") && is_loopback("::1") && !is_loopback("10.0.0.1"));
    }

    #[test]
    fn hostnames_are_capped_like_the_kubelet_does() {
        let long = "a".repeat(62) + "-b";
        let pod = serde_json::json!({"metadata": {"name": long}});
        assert_eq!(pod_hostname(&pod), "a".repeat(62));
        let pod = serde_json::json!({"metadata": {"name": "web-0"}, "spec": {"hostname": "h"}});
        assert_eq!(pod_hostname(&pod), "h");
    }
}
