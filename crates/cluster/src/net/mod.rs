//! The cluster network as seen by a request: CoreDNS, kube-proxy (service
//! VIPs, node ports), and an HTTP model in which every request returns its
//! response plus the hops it took, so the UI can animate it and the shell
//! can print it.
//!
//! Contract (used by crates/kubectl and web/):
//! - [`crate::Cluster::http`] sends one HTTP request from the host or a pod.
//! - [`crate::Cluster::curl`] runs curl's command line (host-side `curl` in
//!   the shell, and `curl` inside curl-capable images) and returns its
//!   stdout/stderr/exit code exactly as curl prints them.
//! - [`crate::Cluster::resolve`] answers a DNS query from a pod.
//!
//! Modules: `topo` (store views: pods by IP, endpoints), `dns` (CoreDNS and
//! the resolver), `http` (kube-proxy, node ports, load balancers on
//! localhost, TLS, the hops), `lb` (load balancers outside the cluster per
//! profile: minikube's tunnel, cloud load balancers, the on-premises
//! HAProxy), `ingress` (the ingress-nginx controller's
//! routing and its Ingress status), `regex` (the PCRE subset nginx
//! locations and rewrites use), `url` and `curl` (curl's command line and
//! output).

pub mod curl;
pub mod dns;
#[cfg(test)]
mod e2e;
pub mod http;
pub mod ingress;
pub mod lb;
pub mod port_forward;
pub(crate) mod regex;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod topo;
pub(crate) mod url;

pub use dns::DnsError;

/// Where a request starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The user's machine (Docker Desktop's host: `localhost` reaches node
    /// ports and LoadBalancer ports).
    Host,
    /// A container in a pod.
    Pod { namespace: String, name: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub origin: Origin,
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// As typed: `10.96.3.4`, `http://localhost:31045/x`, `nginx.default.svc.cluster.local`.
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// curl's `-k`: accept a certificate that does not verify.
    pub insecure: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// `HTTP/1.1`
    pub version: String,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Why a request got no HTTP response, with curl's exit code and words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetError {
    /// curl's exit code (6 resolve, 7 connect, 28 timeout, 60 certificate, ...).
    pub curl_code: i32,
    /// The text after `curl: (N) `.
    pub message: String,
}

/// One step of a request's path, naming the drawn element it passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The element's `data-kind` in the topology: `Host`, `DNS`, `Node`,
    /// `NodePort`, `Service`, `Pod`, `LoadBalancer`, `Ingress`, `HAProxy`
    /// (the on-premises profile's external proxy, name `haproxy`).
    pub kind: String,
    pub namespace: String,
    pub name: String,
    /// What happens here, for a caption: `DNS nginx.default.svc.cluster.local -> 10.105.103.161`.
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpOutcome {
    pub result: Result<HttpResponse, NetError>,
    pub hops: Vec<Hop>,
}
