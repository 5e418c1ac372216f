//! Cluster DNS as CoreDNS serves it (the `kubernetes cluster.local` plugin
//! with `pods insecure`), and name resolution as a pod's libc does it: its
//! `/etc/hosts` first, then the search path of its `/etc/resolv.conf` under
//! `options ndots:5`. From the host (the user's machine) only `localhost`
//! and literal addresses resolve; cluster names do not.
//!
//! The simulated cluster has no internet: names outside `cluster.local`
//! are forwarded upstream and come back NXDOMAIN.

use super::topo::{arr_at, parse_ipv4, pod_finished, pod_hostname, str_at, CLUSTER_DOMAIN};
use super::Origin;
use crate::Cluster;
use serde_json::Value;

/// Why a name did not resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsError {
    /// No such name (every candidate of the search path was NXDOMAIN or
    /// had no address).
    NxDomain,
}

impl std::fmt::Display for DnsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NXDOMAIN")
    }
}

/// What CoreDNS answers for one fully qualified name and type A, as a
/// stub resolver sees it: the addresses only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// NOERROR with these A records.
    A(Vec<String>),
    /// NOERROR without address records (the name exists, e.g.
    /// `svc.cluster.local`, or is a CNAME whose target has no address).
    NoData,
    NxDomain,
}

/// A query type the simulated tools send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QType {
    A,
    Aaaa,
    Cname,
}

/// One record of an answer section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Record {
    /// `owner CNAME target`.
    Cname { owner: String, target: String },
    /// `owner A ip`.
    A { owner: String, ip: String },
}

/// CoreDNS's whole reply to one question: NXDOMAIN, or NOERROR with an
/// answer section (empty for NODATA).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reply {
    NxDomain,
    Records(Vec<Record>),
}

/// How many records a CNAME chain may collect before CoreDNS stops
/// following it (`len(previousRecords) > 7` in its backend lookup).
const MAX_CHAIN: usize = 7;

/// The resolver configuration of a container (its `/etc/resolv.conf`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolvConf {
    pub nameservers: Vec<String>,
    pub search: Vec<String>,
    pub options: Vec<String>,
    pub ndots: usize,
    /// Whether the nameserver is the cluster DNS (ClusterFirst).
    pub cluster_dns: bool,
}

/// A successful lookup: the addresses and the name that answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Lookup {
    pub addrs: Vec<String>,
    /// The fully qualified name that had the answer (the input for
    /// literals and hosts-file entries).
    pub fqdn: String,
    /// The answer came from the cluster DNS (not a literal or /etc/hosts).
    pub via_dns: bool,
}

/// Docker Desktop's DNS, as a node's own /etc/resolv.conf names it.
const NODE_NAMESERVER: &str = "192.168.65.7";

/// True for a name a resolver would send: letters, digits, `-`, `_`, `.`,
/// labels of 1..=63 characters, at most 253 in all.
fn plausible_name(name: &str) -> bool {
    let n = name.strip_suffix('.').unwrap_or(name);
    !n.is_empty()
        && n.len() <= 253
        && n.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// `1-2-3-4` to `1.2.3.4`.
fn dashed_ip(label: &str) -> Option<String> {
    let dotted = label.replace('-', ".");
    parse_ipv4(&dotted).map(|_| dotted)
}

impl Cluster {
    /// Resolves `name` to IPv4 addresses as a process at `from` would:
    /// a pod through its hosts file and its search path, the host through
    /// its own resolver (only `localhost` and literal addresses).
    pub fn resolve(&self, from: &Origin, name: &str) -> Result<Vec<String>, DnsError> {
        self.lookup(from, name).map(|l| l.addrs)
    }

    pub(crate) fn lookup(&self, from: &Origin, name: &str) -> Result<Lookup, DnsError> {
        if parse_ipv4(name).is_some() {
            return Ok(Lookup {
                addrs: vec![name.to_string()],
                fqdn: name.to_string(),
                via_dns: false,
            });
        }
        if !plausible_name(name) {
            return Err(DnsError::NxDomain);
        }
        let lc = name.to_ascii_lowercase();
        let bare = lc.strip_suffix('.').unwrap_or(&lc);
        let pod = match from {
            Origin::Host => {
                return match bare {
                    "localhost" | "kubernetes.docker.internal" => Ok(Lookup {
                        addrs: vec!["127.0.0.1".to_string()],
                        fqdn: bare.to_string(),
                        via_dns: false,
                    }),
                    _ => Err(DnsError::NxDomain),
                };
            }
            Origin::Pod { namespace, name } => self.pod_obj(namespace, name),
        };
        if let Some(pod) = pod {
            if let Some(ip) = hosts_file_lookup(pod, bare) {
                return Ok(Lookup {
                    addrs: vec![ip],
                    fqdn: bare.to_string(),
                    via_dns: false,
                });
            }
        } else if bare == "localhost" {
            return Ok(Lookup {
                addrs: vec!["127.0.0.1".to_string()],
                fqdn: bare.to_string(),
                via_dns: false,
            });
        }
        let conf = match (from, pod) {
            (_, Some(pod)) => self.resolver_of(pod),
            (Origin::Pod { namespace, .. }, None) => self.cluster_first(namespace, &Value::Null),
            (Origin::Host, None) => return Err(DnsError::NxDomain),
        };
        for candidate in search_candidates(&lc, &conf) {
            let answer = if conf.cluster_dns {
                self.coredns(&candidate)
            } else {
                Answer::NxDomain
            };
            if let Answer::A(addrs) = answer {
                if !addrs.is_empty() {
                    return Ok(Lookup {
                        addrs,
                        fqdn: candidate,
                        via_dns: true,
                    });
                }
            }
        }
        Err(DnsError::NxDomain)
    }

    /// CoreDNS's answer to an A query for `fqdn` (absolute, with or without
    /// the trailing dot), as a stub resolver uses it: the A records at the
    /// end of any CNAME chain.
    pub(crate) fn coredns(&self, fqdn: &str) -> Answer {
        match self.coredns_reply(fqdn, QType::A) {
            Reply::NxDomain => Answer::NxDomain,
            Reply::Records(records) => {
                let addrs: Vec<String> = records
                    .into_iter()
                    .filter_map(|r| match r {
                        Record::A { ip, .. } => Some(ip),
                        Record::Cname { .. } => None,
                    })
                    .collect();
                if addrs.is_empty() {
                    Answer::NoData
                } else {
                    Answer::A(addrs)
                }
            }
        }
    }

    /// CoreDNS's reply to a question for `fqdn` (absolute, with or without
    /// the trailing dot): the `kubernetes` plugin for `cluster.local`, the
    /// rest forwarded upstream, where the simulated cluster has no internet
    /// and every name is NXDOMAIN.
    ///
    /// An ExternalName Service is a CNAME to its `externalName`. As the
    /// plugin's backend lookup does, a target inside the cluster domain is
    /// followed (the CNAME is kept only if the target had records), one
    /// outside it is looked up upstream and the CNAME is answered with
    /// whatever came back — here nothing, so the reply is the CNAME alone.
    pub(crate) fn coredns_reply(&self, fqdn: &str, qtype: QType) -> Reply {
        let owner = fqdn.trim_end_matches('.');
        let mut chain = Vec::new();
        match self.coredns_records(owner, qtype, &mut chain) {
            Some(records) => Reply::Records(records),
            None => Reply::NxDomain,
        }
    }

    /// The answer records for `owner`, or `None` for NXDOMAIN. `chain` is
    /// the CNAMEs followed so far (loop and length checks).
    fn coredns_records(
        &self,
        owner: &str,
        qtype: QType,
        chain: &mut Vec<Record>,
    ) -> Option<Vec<Record>> {
        let q = owner.trim_end_matches('.').to_ascii_lowercase();
        // Outside the cluster domain: forwarded upstream; the simulated
        // cluster has no internet.
        let rest = q.strip_suffix(CLUSTER_DOMAIN)?;
        if rest.is_empty() {
            return Some(vec![]);
        }
        let rest = rest.strip_suffix('.')?;
        let labels: Vec<&str> = rest.split('.').collect();
        let ns_exists = |ns: &str| self.store.contains("namespaces", "", ns);
        let ips = match labels.as_slice() {
            ["svc"] | ["pod"] => vec![],
            [ns, "svc"] | [ns, "pod"] => {
                if !ns_exists(ns) {
                    return None;
                }
                vec![]
            }
            [svc, ns, "svc"] => {
                let s = self.store.get("services", ns, svc)?;
                if str_at(s, "/spec/type") == "ExternalName" {
                    return Some(self.external_name(owner, s, qtype, chain));
                }
                self.service_record(ns, s)?
            }
            [host, svc, ns, "svc"] => self.endpoint_record(ns, svc, host)?,
            [ip, _ns, "pod"] => vec![dashed_ip(ip)?],
            _ => return None,
        };
        if qtype != QType::A {
            return Some(vec![]);
        }
        Some(
            ips.into_iter()
                .map(|ip| Record::A {
                    owner: owner.to_string(),
                    ip,
                })
                .collect(),
        )
    }

    /// The records of an ExternalName Service `s` asked as `owner`.
    fn external_name(
        &self,
        owner: &str,
        s: &Value,
        qtype: QType,
        chain: &mut Vec<Record>,
    ) -> Vec<Record> {
        let target = str_at(s, "/spec/externalName").trim_end_matches('.');
        if target.is_empty() {
            return vec![];
        }
        // An address as the external name is an A record, not a CNAME.
        if parse_ipv4(target).is_some() {
            return match qtype {
                QType::A => vec![Record::A {
                    owner: owner.to_string(),
                    ip: target.to_string(),
                }],
                _ => vec![],
            };
        }
        let cname = Record::Cname {
            owner: owner.to_string(),
            target: target.to_string(),
        };
        if qtype == QType::Cname {
            return vec![cname];
        }
        // `x CNAME x` is a loop; a long or repeating chain is cut.
        if target.eq_ignore_ascii_case(owner) || chain.len() > MAX_CHAIN || chain.contains(&cname) {
            return vec![];
        }
        let lc = target.to_ascii_lowercase();
        let inside = lc == CLUSTER_DOMAIN || lc.ends_with(&format!(".{CLUSTER_DOMAIN}"));
        if !inside {
            // Looked up upstream: no answer comes back.
            return vec![cname];
        }
        chain.push(cname.clone());
        let next = self.coredns_records(target, qtype, chain);
        chain.pop();
        match next {
            Some(next) if !next.is_empty() => std::iter::once(cname).chain(next).collect(),
            _ => vec![],
        }
    }

    /// The addresses of a Service's name: its cluster IP, or a headless
    /// Service's ready endpoints (`None`: NXDOMAIN).
    fn service_record(&self, ns: &str, s: &Value) -> Option<Vec<String>> {
        match str_at(s, "/spec/clusterIP") {
            "None" => {
                let addrs: Vec<String> = self
                    .service_addresses(ns, s)
                    .into_iter()
                    .map(|e| e.ip)
                    .collect();
                if addrs.is_empty() {
                    None
                } else {
                    Some(addrs)
                }
            }
            ip if parse_ipv4(ip).is_some() => Some(vec![ip.to_string()]),
            _ => None,
        }
    }

    /// `<hostname>.<svc>.<ns>.svc.cluster.local` (StatefulSet pods behind a
    /// headless service) and `<a-b-c-d>.<svc>.<ns>.svc.cluster.local`.
    fn endpoint_record(&self, ns: &str, svc: &str, host: &str) -> Option<Vec<String>> {
        let s = self.store.get("services", ns, svc)?;
        if str_at(s, "/spec/clusterIP") != "None" {
            return None;
        }
        let eps = self.service_addresses(ns, s);
        let dashed = dashed_ip(host);
        for ep in &eps {
            let named = match &ep.hostname {
                Some(h) => h == host,
                None => ep
                    .pod
                    .as_ref()
                    .and_then(|p| self.pod_obj(&p.ns, &p.name))
                    .is_some_and(|p| {
                        str_at(p, "/spec/hostname") == host && str_at(p, "/spec/subdomain") == svc
                    }),
            };
            if named || dashed.as_deref() == Some(ep.ip.as_str()) {
                return Some(vec![ep.ip.clone()]);
            }
        }
        None
    }

    /// The resolver configuration the kubelet gives a pod (dnsPolicy and
    /// dnsConfig).
    pub(crate) fn resolver_of(&self, pod: &Value) -> ResolvConf {
        let ns = crate::namespace_of(pod);
        let host_net = pod.pointer("/spec/hostNetwork").and_then(Value::as_bool) == Some(true);
        let mut conf = match str_at(pod, "/spec/dnsPolicy") {
            "ClusterFirstWithHostNet" => self.cluster_first(ns, pod),
            "Default" => node_resolver(),
            "None" => ResolvConf {
                nameservers: vec![],
                search: vec![],
                options: vec![],
                ndots: 1,
                cluster_dns: false,
            },
            _ if host_net => node_resolver(),
            _ => self.cluster_first(ns, pod),
        };
        if let Some(cfg) = pod.pointer("/spec/dnsConfig") {
            for s in arr_at(cfg, "/nameservers").iter().filter_map(Value::as_str) {
                if !conf.nameservers.iter().any(|n| n == s) {
                    conf.nameservers.push(s.to_string());
                }
                if s == self.dns_server_ip() {
                    conf.cluster_dns = true;
                }
            }
            for s in arr_at(cfg, "/searches").iter().filter_map(Value::as_str) {
                if !conf.search.iter().any(|n| n == s) {
                    conf.search.push(s.to_string());
                }
            }
            for o in arr_at(cfg, "/options") {
                let name = str_at(o, "/name");
                if name.is_empty() {
                    continue;
                }
                let text = match str_at(o, "/value") {
                    "" => name.to_string(),
                    v => format!("{name}:{v}"),
                };
                conf.options.retain(|x| x.split(':').next() != Some(name));
                conf.options.push(text);
                if name == "ndots" {
                    conf.ndots = str_at(o, "/value").parse().unwrap_or(1).min(15);
                }
            }
        }
        conf
    }

    fn cluster_first(&self, ns: &str, _pod: &Value) -> ResolvConf {
        ResolvConf {
            nameservers: vec![self.dns_server_ip()],
            search: vec![
                format!("{ns}.svc.{CLUSTER_DOMAIN}"),
                format!("svc.{CLUSTER_DOMAIN}"),
                CLUSTER_DOMAIN.to_string(),
            ],
            options: vec!["ndots:5".to_string()],
            ndots: 5,
            cluster_dns: true,
        }
    }

    /// The text of a pod's `/etc/resolv.conf`, as the kubelet writes it.
    pub fn resolv_conf(&self, ns: &str, pod: &str) -> Option<String> {
        let pod = self.pod_obj(ns, pod)?;
        Some(resolv_conf_text(&self.resolver_of(pod)))
    }

    /// The text of a pod's `/etc/hosts`, as the kubelet writes it.
    pub fn etc_hosts(&self, ns: &str, pod: &str) -> Option<String> {
        self.pod_obj(ns, pod).map(etc_hosts_text)
    }

    /// What `hostname` prints in a pod.
    pub fn hostname_of(&self, ns: &str, pod: &str) -> Option<String> {
        self.pod_obj(ns, pod).map(pod_hostname)
    }
}

fn node_resolver() -> ResolvConf {
    ResolvConf {
        nameservers: vec![NODE_NAMESERVER.to_string()],
        search: vec![],
        options: vec![],
        ndots: 1,
        cluster_dns: false,
    }
}

pub(crate) fn resolv_conf_text(c: &ResolvConf) -> String {
    let mut out = String::new();
    if !c.search.is_empty() {
        out.push_str(&format!("search {}\n", c.search.join(" ")));
    }
    for n in &c.nameservers {
        out.push_str(&format!("nameserver {n}\n"));
    }
    if !c.options.is_empty() {
        out.push_str(&format!("options {}\n", c.options.join(" ")));
    }
    out
}

/// The names to try, in order, for `name` under `conf` (glibc and musl
/// agree on this much): absolute names as given; otherwise the search
/// domains first unless the name has at least `ndots` dots.
pub(crate) fn search_candidates(name: &str, conf: &ResolvConf) -> Vec<String> {
    if let Some(abs) = name.strip_suffix('.') {
        return vec![abs.to_string()];
    }
    let searched = conf.search.iter().map(|d| format!("{name}.{d}"));
    let dots = name.matches('.').count();
    if dots >= conf.ndots {
        std::iter::once(name.to_string()).chain(searched).collect()
    } else {
        searched.chain(std::iter::once(name.to_string())).collect()
    }
}

/// The kubelet's managed hosts file for a pod.
pub(crate) fn etc_hosts_text(pod: &Value) -> String {
    let mut out = String::from("# Kubernetes-managed hosts file.\n");
    out.push_str("127.0.0.1\tlocalhost\n");
    out.push_str("::1\tlocalhost ip6-localhost ip6-loopback\n");
    out.push_str("fe00::0\tip6-localnet\n");
    out.push_str("fe00::0\tip6-mcastprefix\n");
    out.push_str("fe00::1\tip6-allnodes\n");
    out.push_str("fe00::2\tip6-allrouters\n");
    let host = pod_hostname(pod);
    let ip = str_at(pod, "/status/podIP");
    if !ip.is_empty() && !pod_finished(pod) {
        match str_at(pod, "/spec/subdomain") {
            "" => out.push_str(&format!("{ip}\t{host}\n")),
            sub => {
                let ns = crate::namespace_of(pod);
                out.push_str(&format!(
                    "{ip}\t{host}.{sub}.{ns}.svc.{CLUSTER_DOMAIN}\t{host}\n"
                ));
            }
        }
    }
    let aliases = arr_at(pod, "/spec/hostAliases");
    if !aliases.is_empty() {
        out.push_str("\n# Entries added by HostAliases.\n");
        for a in aliases {
            let names: Vec<&str> = arr_at(a, "/hostnames")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            out.push_str(&format!("{}\t{}\n", str_at(a, "/ip"), names.join("\t")));
        }
    }
    out
}

/// Looks `name` (lowercase, no trailing dot) up in the pod's hosts file.
fn hosts_file_lookup(pod: &Value, name: &str) -> Option<String> {
    for line in etc_hosts_text(pod).lines() {
        let mut fields = line.split_whitespace();
        let Some(ip) = fields.next() else { continue };
        if ip.starts_with('#') || parse_ipv4(ip).is_none() {
            continue;
        }
        if fields.any(|f| f.eq_ignore_ascii_case(name)) {
            return Some(ip.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::testing::lab;

    fn pod_origin(name: &str) -> Origin {
        Origin::Pod {
            namespace: "default".into(),
            name: name.into(),
        }
    }

    #[test]
    fn service_names_resolve_through_the_search_path() {
        let c = lab();
        let from = pod_origin("curlpod");
        let ip = vec!["10.105.103.161".to_string()];
        assert_eq!(c.resolve(&from, "nginx"), Ok(ip.clone()));
        assert_eq!(c.resolve(&from, "nginx.default"), Ok(ip.clone()));
        assert_eq!(c.resolve(&from, "nginx.default.svc"), Ok(ip.clone()));
        assert_eq!(
            c.resolve(&from, "nginx.default.svc.cluster.local"),
            Ok(ip.clone())
        );
        assert_eq!(c.resolve(&from, "NGINX.default.svc.cluster.local."), Ok(ip));
        assert_eq!(
            c.resolve(&from, "kube-dns.kube-system"),
            Ok(vec!["10.96.0.10".to_string()])
        );
        assert_eq!(c.resolve(&from, "kube-dns"), Err(DnsError::NxDomain));
        assert_eq!(
            c.resolve(&from, "nginx.default.svc.cluster.local.."),
            Err(DnsError::NxDomain)
        );
        assert_eq!(c.resolve(&from, "nope"), Err(DnsError::NxDomain));
        assert_eq!(c.resolve(&from, "example.com"), Err(DnsError::NxDomain));
    }

    #[test]
    fn the_search_order_follows_ndots() {
        let conf = ResolvConf {
            nameservers: vec![],
            search: vec!["a.svc.cluster.local".into(), "svc.cluster.local".into()],
            options: vec![],
            ndots: 5,
            cluster_dns: true,
        };
        assert_eq!(
            search_candidates("x", &conf),
            ["x.a.svc.cluster.local", "x.svc.cluster.local", "x"]
        );
        assert_eq!(search_candidates("a.b.c.d.e.f", &conf)[0], "a.b.c.d.e.f");
        assert_eq!(search_candidates("x.", &conf), ["x"]);
    }

    #[test]
    fn pod_and_headless_records() {
        let c = lab();
        let from = pod_origin("curlpod");
        assert_eq!(
            c.resolve(&from, "10-244-1-5.default.pod.cluster.local"),
            Ok(vec!["10.244.1.5".to_string()])
        );
        assert_eq!(
            c.resolve(&from, "1-2-3.default.pod.cluster.local"),
            Err(DnsError::NxDomain)
        );
        assert_eq!(
            c.resolve(&from, "web"),
            Ok(vec!["10.244.1.5".to_string(), "10.244.2.7".to_string()]),
            "a headless service answers with its ready endpoints"
        );
        assert_eq!(
            c.resolve(&from, "web-0.web"),
            Ok(vec!["10.244.1.5".to_string()])
        );
        assert_eq!(
            c.resolve(&from, "web-1.web.default.svc.cluster.local"),
            Ok(vec!["10.244.2.7".to_string()])
        );
        assert_eq!(c.resolve(&from, "web-9.web"), Err(DnsError::NxDomain));
        assert_eq!(c.coredns("svc.cluster.local"), Answer::NoData);
        assert_eq!(c.coredns("default.svc.cluster.local"), Answer::NoData);
        assert_eq!(c.coredns("nowhere.svc.cluster.local"), Answer::NxDomain);
    }

    fn external_name(c: &mut Cluster, name: &str, target: &str) {
        c.store.put(
            "services",
            "default",
            name,
            serde_json::json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": name, "namespace": "default"},
                "spec": {"type": "ExternalName", "externalName": target}}),
        );
    }

    fn cname(owner: &str, target: &str) -> Record {
        Record::Cname {
            owner: owner.into(),
            target: target.into(),
        }
    }

    #[test]
    fn an_external_name_is_a_cname() {
        let mut c = lab();
        external_name(&mut c, "ext", "example.com");
        external_name(&mut c, "alias", "nginx.default.svc.cluster.local");
        external_name(&mut c, "dangling", "gone.default.svc.cluster.local");
        external_name(&mut c, "loop1", "loop2.default.svc.cluster.local");
        external_name(&mut c, "loop2", "loop1.default.svc.cluster.local");
        external_name(&mut c, "self", "self.default.svc.cluster.local");
        external_name(&mut c, "byip", "192.0.2.7");
        let ext = "ext.default.svc.cluster.local";
        // Outside the cluster: the CNAME, and nothing from upstream.
        assert_eq!(
            c.coredns_reply(ext, QType::A),
            Reply::Records(vec![cname(ext, "example.com")])
        );
        assert_eq!(
            c.coredns_reply(&format!("{ext}."), QType::Aaaa),
            Reply::Records(vec![cname(ext, "example.com")])
        );
        assert_eq!(c.coredns(ext), Answer::NoData);
        let from = pod_origin("curlpod");
        assert_eq!(c.resolve(&from, "ext"), Err(DnsError::NxDomain));
        // Inside: followed, the CNAME then the target's address.
        let alias = "alias.default.svc.cluster.local";
        let target = "nginx.default.svc.cluster.local";
        assert_eq!(
            c.coredns_reply(alias, QType::A),
            Reply::Records(vec![
                cname(alias, target),
                Record::A {
                    owner: target.into(),
                    ip: "10.105.103.161".into()
                }
            ])
        );
        assert_eq!(c.coredns_reply(alias, QType::Aaaa), Reply::Records(vec![]));
        assert_eq!(
            c.coredns_reply(alias, QType::Cname),
            Reply::Records(vec![cname(alias, target)])
        );
        assert_eq!(
            c.resolve(&from, "alias"),
            Ok(vec!["10.105.103.161".to_string()])
        );
        // A target with no records, a loop or itself: NOERROR, no answer.
        for name in ["dangling", "loop1", "self"] {
            let q = format!("{name}.default.svc.cluster.local");
            assert_eq!(
                c.coredns_reply(&q, QType::A),
                Reply::Records(vec![]),
                "{name}"
            );
        }
        assert_eq!(c.resolve(&from, "byip"), Ok(vec!["192.0.2.7".to_string()]));
        assert_eq!(
            c.coredns_reply("nope.default.svc.cluster.local", QType::A),
            Reply::NxDomain
        );
    }

    #[test]
    fn the_host_resolves_only_localhost_and_literals() {
        let c = lab();
        assert_eq!(
            c.resolve(&Origin::Host, "localhost"),
            Ok(vec!["127.0.0.1".to_string()])
        );
        assert_eq!(
            c.resolve(&Origin::Host, "10.105.103.161"),
            Ok(vec!["10.105.103.161".to_string()])
        );
        assert_eq!(
            c.resolve(&Origin::Host, "nginx.default.svc.cluster.local"),
            Err(DnsError::NxDomain)
        );
        assert_eq!(c.resolve(&Origin::Host, "nginx"), Err(DnsError::NxDomain));
    }

    #[test]
    fn the_hosts_file_answers_first() {
        let c = lab();
        let from = pod_origin("curlpod");
        assert_eq!(
            c.resolve(&from, "localhost"),
            Ok(vec!["127.0.0.1".to_string()])
        );
        assert_eq!(
            c.resolve(&from, "curlpod"),
            Ok(vec!["10.244.2.9".to_string()])
        );
    }

    #[test]
    fn resolv_conf_and_hosts_are_written_like_the_kubelet() {
        let c = lab();
        assert_eq!(
            c.resolv_conf("default", "curlpod").unwrap(),
            "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
        );
        assert_eq!(
            c.etc_hosts("default", "curlpod").unwrap(),
            "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n\
             fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n\
             10.244.2.9\tcurlpod\n"
        );
        assert!(c
            .etc_hosts("default", "web-0")
            .unwrap()
            .ends_with("10.244.1.5\tweb-0.web.default.svc.cluster.local\tweb-0\n"));
        assert_eq!(c.hostname_of("default", "web-0").as_deref(), Some("web-0"));
        assert_eq!(c.resolv_conf("default", "nope"), None);
    }
}
