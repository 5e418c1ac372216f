//! Service ClusterIP and NodePort allocation as the API server does it
//! (random from the dynamic band of the range, the low band kept for static
//! choices), and the messages it gives when a requested value is taken or
//! out of range. Used values are read from the store, so nothing here can
//! drift from the objects.

use crate::rng::Rng;
use std::collections::BTreeSet;

/// 10.96.0.0/12, kubeadm's default service CIDR.
pub const SERVICE_CIDR: &str = "10.96.0.0/12";
const SVC_BASE: u32 = (10 << 24) | (96 << 16);
const SVC_SIZE: u32 = 1 << 20;
/// Static band: min(max(16, size/16), 256) addresses after the network address.
const SVC_STATIC_BAND: u32 = 256;

pub const NODE_PORT_MIN: u16 = 30000;
pub const NODE_PORT_MAX: u16 = 32767;
/// Static band for node ports: min(max(16, size/32), 128).
const PORT_STATIC_BAND: u16 = 86;

/// Parses dotted-quad IPv4.
pub fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut v = 0u32;
    for p in parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | n;
    }
    Some(v)
}

pub fn fmt_ipv4(v: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        v >> 24,
        (v >> 16) & 255,
        (v >> 8) & 255,
        v & 255
    )
}

/// Why a requested ClusterIP cannot be had (the text after
/// `failed to allocate IP <ip>: `).
pub fn check_cluster_ip(ip: &str, used: &BTreeSet<u32>) -> Result<u32, String> {
    let v = parse_ipv4(ip).ok_or_else(|| format!("the provided IP ({ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"))?;
    if v <= SVC_BASE || v >= SVC_BASE + SVC_SIZE - 1 {
        return Err(format!(
            "the provided IP ({ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
        ));
    }
    if used.contains(&v) {
        return Err("provided IP is already allocated".to_string());
    }
    Ok(v)
}

/// A random free ClusterIP: a random start in the dynamic band, then the
/// next free address after it (wrapping), then the static band.
pub fn allocate_cluster_ip(rng: &mut Rng, used: &BTreeSet<u32>) -> Option<u32> {
    let lo = SVC_BASE + SVC_STATIC_BAND + 1;
    let hi = SVC_BASE + SVC_SIZE - 2;
    let span = hi - lo + 1;
    let start = rng.below(span as u64) as u32;
    for i in 0..span {
        let cand = lo + (start + i) % span;
        if !used.contains(&cand) {
            return Some(cand);
        }
    }
    (SVC_BASE + 1..lo).find(|c| !used.contains(c))
}

/// Why a requested node port cannot be had.
pub fn check_node_port(port: i64, used: &BTreeSet<u16>) -> Result<u16, String> {
    if port < NODE_PORT_MIN as i64 || port > NODE_PORT_MAX as i64 {
        return Err(format!(
            "provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
        ));
    }
    let p = port as u16;
    if used.contains(&p) {
        return Err("provided port is already allocated".to_string());
    }
    Ok(p)
}

/// A random free node port (dynamic band first, then the static band).
pub fn allocate_node_port(rng: &mut Rng, used: &BTreeSet<u16>) -> Option<u16> {
    let lo = NODE_PORT_MIN + PORT_STATIC_BAND;
    let span = (NODE_PORT_MAX - lo + 1) as u64;
    let start = rng.below(span) as u16;
    for i in 0..span as u16 {
        let cand = lo + (start + i) % span as u16;
        if !used.contains(&cand) {
            return Some(cand);
        }
    }
    (NODE_PORT_MIN..lo).find(|c| !used.contains(c))
}

/// The next free host address in a /24 pod CIDR (`10.244.1.0/24`), after
/// `last` (host-local IPAM: sequential, wrapping, .1 is the gateway).
pub fn next_pod_ip(cidr: &str, last: u8, used: &BTreeSet<u32>) -> Option<(u32, u8)> {
    let base = parse_ipv4(cidr.split('/').next().unwrap_or(""))? & 0xFFFF_FF00;
    let start = (last as i64 - 1).rem_euclid(253) as u32;
    for i in 0..253u32 {
        let host = ((start + i) % 253 + 2) as u8;
        let ip = base | host as u32;
        if !used.contains(&ip) {
            return Some((ip, host));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_parsing() {
        assert_eq!(parse_ipv4("10.96.0.1"), Some(SVC_BASE + 1));
        assert_eq!(fmt_ipv4(SVC_BASE + 10), "10.96.0.10");
        assert_eq!(parse_ipv4("10.96.0"), None);
        assert_eq!(parse_ipv4("10.96.0.256"), None);
        assert_eq!(parse_ipv4("a.b.c.d"), None);
    }

    #[test]
    fn cluster_ips_random_and_checked() {
        let mut used = BTreeSet::from([SVC_BASE + 1, SVC_BASE + 10]);
        let mut rng = Rng::new(3);
        for _ in 0..50 {
            let ip = allocate_cluster_ip(&mut rng, &used).unwrap();
            assert!(ip > SVC_BASE + SVC_STATIC_BAND && ip < SVC_BASE + SVC_SIZE - 1);
            assert!(used.insert(ip));
        }
        assert_eq!(
            check_cluster_ip("10.96.0.10", &used).unwrap_err(),
            "provided IP is already allocated"
        );
        assert_eq!(
            check_cluster_ip("192.168.0.1", &used).unwrap_err(),
            "the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12"
        );
        assert!(check_cluster_ip("10.96.0.20", &used).is_ok());
    }

    #[test]
    fn node_ports() {
        let mut used = BTreeSet::from([31045]);
        assert_eq!(
            check_node_port(31045, &used).unwrap_err(),
            "provided port is already allocated"
        );
        assert_eq!(
            check_node_port(29999, &used).unwrap_err(),
            "provided port is not in the valid range. The range of valid ports is 30000-32767"
        );
        let mut rng = Rng::new(9);
        for _ in 0..100 {
            let p = allocate_node_port(&mut rng, &used).unwrap();
            assert!((30086..=32767).contains(&p));
            assert!(used.insert(p));
        }
    }

    #[test]
    fn pod_ips_are_sequential_and_skip_used() {
        let used = BTreeSet::from([parse_ipv4("10.244.1.3").unwrap()]);
        let (ip, last) = next_pod_ip("10.244.1.0/24", 2, &used).unwrap();
        assert_eq!(fmt_ipv4(ip), "10.244.1.4");
        assert_eq!(last, 4);
        let (ip, _) = next_pod_ip("10.244.1.0/24", 254, &used).unwrap();
        assert_eq!(fmt_ipv4(ip), "10.244.1.2");
    }
}
