//! A request trace, animated: a packet that travels hop by hop along the
//! elements of the topology, with each hop's note as a caption. Pure: the
//! caller supplies the time, so frames are testable natively.

use crate::layout::{Rect, Scene, NODE_HEADER};

/// How long the outcome stays on screen after the last hop.
pub const END_HOLD_MS: f64 = 2200.0;
/// ... or this long when another request waits to be shown.
pub const SHORT_HOLD_MS: f64 = 600.0;

/// One hop of a trace, with where it is drawn (if it is).
#[derive(Clone, Debug, PartialEq)]
pub struct Waypoint {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub note: String,
    pub at: Option<Rect>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TraceAnim {
    /// Increases with every trace, to key the drawing.
    pub id: u64,
    pub hops: Vec<Waypoint>,
    pub ok: bool,
    /// `HTTP/1.1 200 OK` or curl's error text.
    pub summary: String,
    pub start_ms: f64,
    pub hop_ms: f64,
}

/// What to draw at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct PacketFrame {
    /// The packet's centre; `None` with reduced motion or nothing drawn.
    pub pos: Option<(f64, f64)>,
    /// The hop being travelled to (or reached last).
    pub hop: usize,
    pub caption: String,
    /// The element at the current hop, for a highlight ring.
    pub highlight: Option<Rect>,
    /// Every hop has been reached; the outcome is shown.
    pub arrived: bool,
    pub failed: bool,
}

/// The milliseconds a hop takes at a clock speed: 300 ms at 1x, quicker
/// (but still visible) when the clock runs faster.
pub fn hop_ms(speed: u32) -> f64 {
    match speed {
        0 | 1 => 300.0,
        2..=10 => 180.0,
        _ => 110.0,
    }
}

/// Where a hop is drawn, using its note where the name is not enough:
/// the routing-table row of the rule whose path the note names, the
/// node port on the node the note names (`node:30868 -> ...`).
pub fn locate_hop(scene: &Scene, hop: &cluster::Hop, prev_node: &str) -> Option<Rect> {
    match hop.kind.as_str() {
        "Ingress" => scene
            .controllers
            .iter()
            .flat_map(|c| c.rows.iter())
            .filter(|r| r.namespace == hop.namespace && r.ingress == hop.name)
            .find(|r| hop.note.contains(&format!("path {} ", r.rule.path)))
            .map(|r| r.rect)
            .or_else(|| locate(scene, "Ingress", &hop.namespace, &hop.name, prev_node)),
        "NodePort" => {
            let head = hop.note.split(" -> ").next().unwrap_or("");
            let named = head
                .rsplit_once(':')
                .filter(|(n, p)| !n.is_empty() && p.parse::<i64>().is_ok())
                .and_then(|_| locate(scene, "NodePort", &hop.namespace, head, prev_node));
            named.or_else(|| locate(scene, "NodePort", &hop.namespace, &hop.name, prev_node))
        }
        kind => locate(scene, kind, &hop.namespace, &hop.name, prev_node),
    }
}

/// Where a hop's element is drawn.
pub fn locate(
    scene: &Scene,
    kind: &str,
    namespace: &str,
    name: &str,
    prev_node: &str,
) -> Option<Rect> {
    match kind {
        "Host" => Some(scene.host),
        "HAProxy" => scene
            .outer
            .iter()
            .find(|b| b.kind == "HAProxy")
            .map(|b| b.rect),
        "DNS" => scene
            .services
            .iter()
            .find(|s| s.name == "kube-dns" && s.namespace == "kube-system")
            .map(|s| s.rect)
            .or(Some(scene.dns.rect)),
        "Service" => scene
            .services
            .iter()
            .find(|s| s.namespace == namespace && s.name == name)
            .map(|s| s.rect),
        "Pod" => scene
            .pods
            .iter()
            .find(|p| p.namespace == namespace && p.name == name)
            .map(|p| p.rect)
            .or_else(|| {
                scene
                    .stacks
                    .iter()
                    .find(|st| st.namespace == namespace && st.members.iter().any(|m| m == name))
                    .map(|st| st.rect)
            }),
        "Node" => scene
            .nodes
            .iter()
            .find(|n| n.name == name)
            .map(|n| Rect::new(n.rect.x, n.rect.y, n.rect.w, NODE_HEADER)),
        "LoadBalancer" => scene
            .lbs
            .iter()
            .find(|l| l.namespace == namespace && l.name == name)
            .map(|l| l.rect),
        "Ingress" => scene
            .controllers
            .iter()
            .flat_map(|c| c.rows.iter())
            .find(|r| r.namespace == namespace && r.ingress == name)
            .map(|r| r.rect)
            // The controller's default server (no rule matched).
            .or_else(|| {
                scene
                    .controllers
                    .iter()
                    .find(|c| !c.name.is_empty())
                    .map(|c| Rect::new(c.rect.x, c.rect.y, c.rect.w, NODE_HEADER))
            }),
        "NodePort" => {
            // The hop may name the port, `node:port`, the node or the Service.
            let (node, port) = match name.rsplit_once(':') {
                Some((n, p)) => (n, p.parse::<i64>().ok()),
                None => ("", name.parse::<i64>().ok()),
            };
            let wanted_node = if node.is_empty() { prev_node } else { node };
            let matches = |t: &&crate::layout::PortTab| match port {
                Some(p) => t.port == p,
                None => t.node == name || (t.service == name && t.namespace == namespace),
            };
            scene
                .tabs
                .iter()
                .filter(matches)
                .find(|t| t.node == wanted_node)
                .or_else(|| scene.tabs.iter().find(matches))
                .map(|t| t.rect)
        }
        _ => None,
    }
}

fn ease(t: f64) -> f64 {
    // easeInOutCubic
    if t < 0.5 {
        4.0 * t * t * t
    } else {
        1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
    }
}

impl TraceAnim {
    pub fn new(
        id: u64,
        outcome: &cluster::HttpOutcome,
        scene: &Scene,
        start_ms: f64,
        hop_ms: f64,
    ) -> TraceAnim {
        let mut prev_node = String::new();
        let hops = outcome
            .hops
            .iter()
            .map(|h| {
                let at = locate_hop(scene, h, &prev_node);
                if h.kind == "Node" {
                    prev_node = h.name.clone();
                }
                Waypoint {
                    kind: h.kind.clone(),
                    namespace: h.namespace.clone(),
                    name: h.name.clone(),
                    note: h.note.clone(),
                    at,
                }
            })
            .collect();
        let (ok, summary) = match &outcome.result {
            Ok(r) => (true, format!("{} {} {}", r.version, r.status, r.reason)),
            Err(e) => (false, format!("curl: ({}) {}", e.curl_code, e.message)),
        };
        TraceAnim {
            id,
            hops,
            ok,
            summary,
            start_ms,
            hop_ms,
        }
    }

    /// Indices of the hops that are drawn.
    fn drawn(&self) -> Vec<usize> {
        (0..self.hops.len())
            .filter(|&i| self.hops[i].at.is_some())
            .collect()
    }

    fn moves(&self) -> usize {
        // Every hop takes one step; a trace with one drawn hop still shows it.
        self.hops.len().saturating_sub(1).max(1)
    }

    /// When the packet reaches the last hop.
    pub fn arrive_ms(&self) -> f64 {
        self.start_ms + self.moves() as f64 * self.hop_ms
    }

    /// When the animation is over (the caller drops it then).
    pub fn end_ms(&self) -> f64 {
        self.arrive_ms() + END_HOLD_MS
    }

    pub fn frame(&self, now_ms: f64, reduced_motion: bool) -> PacketFrame {
        let t = (now_ms - self.start_ms).max(0.0);
        let moves = self.moves();
        let step = (t / self.hop_ms).floor() as usize;
        let arrived = step >= moves || self.hops.len() <= 1;
        // Travelling from hop `step` to hop `step + 1`.
        let (from_i, to_i, frac) = if arrived {
            let last = self.hops.len().saturating_sub(1);
            (last, last, 1.0)
        } else {
            (
                step,
                step + 1,
                ease((t - step as f64 * self.hop_ms) / self.hop_ms),
            )
        };
        let drawn = self.drawn();
        // The nearest drawn hops at or before `from_i` and at or after `to_i`.
        let before = drawn.iter().rev().find(|&&i| i <= from_i).copied();
        let after = drawn.iter().find(|&&i| i >= to_i).copied();
        let rect = |i: usize| self.hops[i].at.unwrap_or_default();
        let center = |r: Rect| (r.cx() as f64, r.cy() as f64);
        let pos = match (before, after) {
            (Some(a), Some(b)) if a != b => {
                // Spread the move over the hops between two drawn ones.
                let span = (b - a) as f64;
                let progress = ((from_i - a) as f64 + frac) / span;
                let (p, q) = (center(rect(a)), center(rect(b)));
                Some((p.0 + (q.0 - p.0) * progress, p.1 + (q.1 - p.1) * progress))
            }
            (Some(a), _) => Some(center(rect(a))),
            (None, Some(b)) => Some(center(rect(b))),
            (None, None) => None,
        };
        let caption = if arrived {
            self.summary.clone()
        } else {
            self.hops
                .get(to_i)
                .map(|h| h.note.clone())
                .unwrap_or_default()
        };
        let highlight = if arrived {
            before.map(rect)
        } else {
            self.hops.get(to_i).and_then(|h| h.at)
        };
        PacketFrame {
            pos: if reduced_motion { None } else { pos },
            hop: to_i,
            caption,
            highlight,
            arrived,
            failed: arrived && !self.ok,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{layout, LayoutMemory, MAX_ROW_W};
    use crate::snapshot::{
        Endpoint, NodeInfo, PodInfo, PortInfo, ServiceInfo, Snapshot, StatusClass,
    };
    use cluster::{Hop, HttpOutcome, HttpResponse, NetError};

    fn scene() -> Scene {
        let snap = Snapshot {
            nodes: vec![NodeInfo {
                name: "worker-1".into(),
                role: "worker".into(),
                ip: "192.168.65.4".into(),
                ready: true,
                taints: vec![],
                created: String::new(),
            }],
            pods: ["curlpod", "nginx-1"]
                .iter()
                .map(|n| PodInfo {
                    namespace: "default".into(),
                    name: n.to_string(),
                    node: "worker-1".into(),
                    status: "Running".into(),
                    class: StatusClass::Running,
                    ip: String::new(),
                    owner: None,
                    created: String::new(),
                    claims: vec![],
                })
                .collect(),
            services: vec![ServiceInfo {
                namespace: "default".into(),
                name: "nginx".into(),
                type_: "NodePort".into(),
                cluster_ip: "10.96.0.20".into(),
                ports: vec![PortInfo {
                    name: String::new(),
                    port: 80,
                    node_port: Some(31045),
                    protocol: "TCP".into(),
                }],
                endpoints: vec![Endpoint {
                    pod: "nginx-1".into(),
                    ready: true,
                }],
                created: String::new(),
                ..ServiceInfo::default()
            }],
            ..Snapshot::default()
        };
        layout(&snap, &mut LayoutMemory::default(), MAX_ROW_W)
    }

    fn hop(kind: &str, name: &str, note: &str) -> Hop {
        Hop {
            kind: kind.into(),
            namespace: if kind == "DNS" {
                "kube-system"
            } else {
                "default"
            }
            .into(),
            name: name.into(),
            note: note.into(),
        }
    }

    fn ok() -> Result<HttpResponse, NetError> {
        Ok(HttpResponse {
            version: "HTTP/1.1".into(),
            status: 200,
            reason: "OK".into(),
            headers: vec![],
            body: String::new(),
        })
    }

    #[test]
    fn packet_visits_hops_in_order() {
        let sc = scene();
        let outcome = HttpOutcome {
            result: ok(),
            hops: vec![
                hop("Pod", "curlpod", "curl nginx"),
                hop("DNS", "kube-dns", "nginx -> 10.96.0.20"),
                hop("Service", "nginx", "VIP 10.96.0.20:80 -> 10.1.0.5:80"),
                hop("Pod", "nginx-1", "GET / 200"),
            ],
        };
        let a = TraceAnim::new(1, &outcome, &sc, 1000.0, 300.0);
        let at = |i: usize| a.hops[i].at.unwrap();
        // At the start the packet sits on the first hop.
        let f = a.frame(1000.0, false);
        assert_eq!(f.pos, Some((at(0).cx() as f64, at(0).cy() as f64)));
        assert_eq!(f.hop, 1);
        assert_eq!(f.caption, "nginx -> 10.96.0.20");
        // Exactly at each hop boundary the packet is on that hop.
        for i in 1..4 {
            let f = a.frame(1000.0 + 300.0 * i as f64 - 0.001, false);
            let (x, y) = f.pos.unwrap();
            assert!((x - at(i).cx() as f64).abs() < 1.0 && (y - at(i).cy() as f64).abs() < 1.0);
        }
        let end = a.frame(1000.0 + 900.0, false);
        assert!(end.arrived && !end.failed);
        assert_eq!(end.caption, "HTTP/1.1 200 OK");
        assert_eq!(a.end_ms(), 1000.0 + 900.0 + END_HOLD_MS);
        // Reduced motion: no moving packet, but the hop is highlighted.
        let rm = a.frame(1100.0, true);
        assert_eq!(rm.pos, None);
        assert_eq!(rm.highlight, Some(at(1)));
    }

    #[test]
    fn failures_stop_with_the_reason() {
        let sc = scene();
        let outcome = HttpOutcome {
            result: Err(NetError {
                curl_code: 7,
                message: "Failed to connect to localhost port 31046".into(),
            }),
            hops: vec![hop("Host", "localhost", "curl http://localhost:31046")],
        };
        let a = TraceAnim::new(2, &outcome, &sc, 0.0, 300.0);
        let f = a.frame(10.0, false);
        assert!(f.arrived && f.failed);
        assert_eq!(
            f.caption,
            "curl: (7) Failed to connect to localhost port 31046"
        );
        assert_eq!(f.pos, Some((sc.host.cx() as f64, sc.host.cy() as f64)));
    }

    #[test]
    fn undrawn_hops_are_passed_through() {
        let sc = scene();
        let outcome = HttpOutcome {
            result: ok(),
            hops: vec![
                hop("Host", "localhost", "curl"),
                hop("LoadBalancer", "lb", "not drawn"),
                hop("NodePort", "31045", ":31045"),
            ],
        };
        let a = TraceAnim::new(3, &outcome, &sc, 0.0, 100.0);
        assert!(a.hops[1].at.is_none());
        assert_eq!(a.hops[2].at, Some(sc.tabs[0].rect));
        // Halfway through the whole trip, between host and tab.
        let f = a.frame(100.0, false);
        let (x, _) = f.pos.unwrap();
        assert!(x > sc.host.cx() as f64 - 100.0);
        assert_eq!(f.caption, ":31045");
    }

    #[test]
    fn node_ports_resolve_by_port_node_or_service() {
        let sc = scene();
        let tab = sc.tabs[0].rect;
        assert_eq!(locate(&sc, "NodePort", "default", "31045", ""), Some(tab));
        assert_eq!(
            locate(&sc, "NodePort", "default", "worker-1:31045", ""),
            Some(tab)
        );
        assert_eq!(
            locate(&sc, "NodePort", "default", "worker-1", ""),
            Some(tab)
        );
        assert_eq!(locate(&sc, "NodePort", "default", "nginx", ""), Some(tab));
        assert_eq!(locate(&sc, "NodePort", "default", "1", ""), None);
        assert_eq!(locate(&sc, "Ingress", "default", "x", ""), None);
    }

    #[test]
    fn speeds_keep_hops_visible() {
        assert_eq!(hop_ms(1), 300.0);
        assert!(hop_ms(10) < hop_ms(1) && hop_ms(60) >= 100.0);
    }
}
