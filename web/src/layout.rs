//! The topology's layout: a pure function from a [`Snapshot`] (plus a small
//! memory of when each object was first seen) to positioned boxes.
//!
//! Layers run from the outside in, top to bottom: the user's machine
//! (`localhost`) and cluster DNS, Services, then nodes holding their pods.
//! The layout is deterministic and stable:
//! - objects are placed in the order they were first seen; objects first
//!   seen in the same update are ordered by (creation time, owner, name);
//! - inside a node each owner group is a column, and columns and pods in a
//!   column only ever append, so adding a pod never moves another pod
//!   inside its node (removals close the gap).
//!
//! Coordinates are SVG user units, drawn 1:1 with CSS pixels when the
//! scene fits its pane.

use crate::snapshot::{IngressInfo, Owner, PodInfo, RuleInfo, ServiceInfo, Snapshot, StatusClass};
use std::collections::{BTreeMap, BTreeSet};

pub const MARGIN: i32 = 20;
/// A lane on the left for the line from the host to the node ports.
pub const GUTTER: i32 = 32;
pub const HOST_W: i32 = 176;
pub const HOST_H: i32 = 52;
pub const DNS_W: i32 = 188;
pub const SVC_Y: i32 = 104;
pub const SVC_H: i32 = 52;
pub const SVC_GAP: i32 = 20;
/// Vertical room between the Services row and the nodes for the edges.
pub const EDGE_SPACE: i32 = 72;
pub const NODE_HEADER: i32 = 54;
pub const NODE_PAD: i32 = 14;
pub const NODE_GAP: i32 = 18;
pub const NODE_MIN_W: i32 = 172;
pub const NODE_EMPTY_H: i32 = 56;
pub const SLOT_W: i32 = 98;
pub const SLOT_H: i32 = 88;
pub const POD_SIZE: i32 = 42;
pub const GROUP_PAD: i32 = 6;
pub const GROUP_LABEL: i32 = 22;
pub const GROUP_GAP: i32 = 10;
pub const TAB_W: i32 = 62;
pub const TAB_H: i32 = 22;
pub const TAB_GAP: i32 = 8;
/// Room under a row of nodes for the node-port line.
pub const BUS_SPACE: i32 = 32;
/// Nodes wrap into a new row past this width (unless told the pane's width).
pub const MAX_ROW_W: i32 = 1240;
/// Rows are never made narrower than this.
pub const MIN_ROW_W: i32 = 480;
/// Room kept free under the scene (in the pane) for the legend and the
/// request list.
pub const BOTTOM_RESERVE: f64 = 48.0;
/// The topology is never drawn larger than this (1.0 = CSS px).
pub const MAX_SCALE: f64 = 1.35;

/// A LoadBalancer entry point's pill (in the top band, beside the host).
pub const LB_H: i32 = 44;
/// Between the host and its LoadBalancers.
pub const LB_GAP: i32 = 40;
/// Room under the ingress layer for the routes down to the Services.
pub const ROUTE_SPACE: i32 = 26;
/// [`EDGE_SPACE`] when the ingress layer takes room above the Services.
pub const EDGE_SPACE_TIGHT: i32 = 46;
pub const CTL_HEADER: i32 = 44;
pub const ROW_H: i32 = 24;
pub const CTL_PAD: i32 = 8;
/// From the top band to the ingress layer (room for the LoadBalancer's
/// line to the node ports).
pub const CTL_TOP_GAP: i32 = 24;

/// The narrowest scene: room for the host, DNS and the Services placeholder.
pub const MIN_WIDTH: i32 = 560;
/// Characters of a pod name shown under its square.
pub const POD_LABEL_CHARS: usize = 13;
/// A CronJob's schedule line under its Job group's label.
pub const SCHEDULE_H: i32 = 14;
/// Height of one PersistentVolumeClaim badge under a pod.
pub const CLAIM_H: i32 = 30;
/// A group with more pods than this on one node is drawn as one counted
/// stack (`×40`) instead of a column of pods: 10 nodes with 300 pods stay
/// readable, and more never makes the scene taller.
pub const STACK_AT: usize = 12;
/// The height of a stack's slot (its squares, count and status line).
pub const STACK_H: i32 = 104;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn new(x: i32, y: i32, w: i32, h: i32) -> Rect {
        Rect { x, y, w, h }
    }
    pub fn cx(&self) -> i32 {
        self.x + self.w / 2
    }
    pub fn cy(&self) -> i32 {
        self.y + self.h / 2
    }
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scene {
    pub width: i32,
    pub height: i32,
    pub host: Rect,
    pub dns: DnsBox,
    /// Where Services go; drawn as a placeholder when there are none.
    pub services_area: Rect,
    pub services: Vec<SvcBox>,
    pub nodes: Vec<NodeBox>,
    /// Pods no node has been chosen for yet.
    pub unscheduled: Option<Rect>,
    pub groups: Vec<GroupBox>,
    pub pods: Vec<PodBox>,
    pub edges: Vec<Edge>,
    pub tabs: Vec<PortTab>,
    /// The line from the host to every node port: polylines.
    pub bus: Vec<Vec<(i32, i32)>>,
    /// LoadBalancer entry points (`localhost:80,443`).
    pub lbs: Vec<LbBox>,
    /// Ingress controllers with their routing tables.
    pub controllers: Vec<CtlBox>,
    /// Lines of the ingress layers: LoadBalancer to the node-port line,
    /// controller to its pods, Ingress rule to its backend Service.
    pub links: Vec<Link>,
    /// Groups too large to draw pod by pod, as counted stacks.
    pub stacks: Vec<StackBox>,
    /// The profile's outside layer in the top band (HAProxy, minikube's
    /// tunnel).
    pub outer: Vec<OuterBox>,
    /// The cluster's profile (`docker-desktop`, `cloud`, ...): how the
    /// LoadBalancer pills are labelled.
    pub profile: String,
    /// CronJob time lines, under the nodes.
    pub cron: Vec<CronBox>,
}

/// A CronJob's time line: its last Jobs at their scheduled times and the
/// next activation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronBox {
    pub namespace: String,
    pub name: String,
    pub schedule: String,
    pub suspended: bool,
    pub rect: Rect,
    /// The axis, in scene coordinates: y and x from..to.
    pub axis: (i32, i32, i32),
    pub ticks: Vec<CronTick>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronTick {
    pub x: i32,
    /// `09:05` (UTC, as the cluster's clock).
    pub label: String,
    /// The Job (empty for the next activation).
    pub job: String,
    /// `active`, `complete`, `failed`, or `next`.
    pub state: &'static str,
}

pub const CRON_W: i32 = 380;
pub const CRON_H: i32 = 70;
/// Jobs shown on a time line (the latest).
pub const CRON_JOBS: usize = 5;

fn hhmm(ms: i64) -> String {
    let (_, _, _, h, m, _) = cluster::Time(ms).civil();
    format!("{h:02}:{m:02}")
}

/// Places the ticks of a CronJob's time line in `rect`.
fn cron_box(c: &crate::snapshot::CronInfo, rect: Rect) -> CronBox {
    let jobs = &c.jobs[c.jobs.len().saturating_sub(CRON_JOBS)..];
    let mut points: Vec<(i64, String, &'static str)> = jobs
        .iter()
        .map(|(name, at, state)| (*at, name.clone(), *state))
        .collect();
    if let Some(next) = c.next {
        points.push((next, String::new(), "next"));
    }
    let (x0, x1) = (rect.x + 28, rect.right() - 28);
    let y = rect.y + 44;
    let t0 = points.first().map(|p| p.0).unwrap_or(0);
    let t1 = points.last().map(|p| p.0).unwrap_or(0);
    let n = points.len();
    let ticks = points
        .into_iter()
        .enumerate()
        .map(|(i, (at, job, state))| {
            // Evenly spaced when times coincide; by time otherwise.
            let x = if t1 > t0 {
                x0 + ((at - t0) as f64 / (t1 - t0) as f64 * (x1 - x0) as f64) as i32
            } else if n > 1 {
                x0 + (i as i32) * (x1 - x0) / (n as i32 - 1)
            } else {
                (x0 + x1) / 2
            };
            CronTick {
                x,
                label: hhmm(at),
                job,
                state,
            }
        })
        .collect();
    CronBox {
        namespace: c.namespace.clone(),
        name: c.name.clone(),
        schedule: c.schedule.clone(),
        suspended: c.suspended,
        rect,
        axis: (y, x0, x1),
        ticks,
    }
}

/// A box of the outside layer: `HAProxy` (name `haproxy`, a line per
/// frontend) or `Tunnel` (minikube tunnel, running or not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OuterBox {
    pub kind: &'static str,
    pub name: String,
    pub title: String,
    pub sub: String,
    /// One line per frontend (`:80 → nodes :30080 · 3/3 UP`).
    pub lines: Vec<String>,
    pub rect: Rect,
}

/// The outside layer's boxes for a snapshot (unplaced).
fn outer_boxes(snap: &Snapshot) -> Vec<OuterBox> {
    let o = &snap.outer;
    let mut out = Vec::new();
    if o.profile == "onprem" {
        let lines: Vec<String> = if o.frontends.is_empty() {
            vec![crate::i18n::t("topo.haproxy_empty").to_string()]
        } else {
            o.frontends
                .iter()
                .map(|(port, np, up, all)| format!(":{port} → nodes :{np} · {up}/{all} UP"))
                .collect()
        };
        out.push(OuterBox {
            kind: "HAProxy",
            name: "haproxy".to_string(),
            title: format!("HAProxy {}", o.haproxy_ip),
            sub: "mode tcp · roundrobin".to_string(),
            lines,
            rect: Rect::default(),
        });
    }
    if let Some(running) = o.tunnel {
        out.push(OuterBox {
            kind: "Tunnel",
            name: "minikube-tunnel".to_string(),
            title: "minikube tunnel".to_string(),
            sub: if running {
                crate::i18n::fill(crate::i18n::t("topo.tunnel_running"), &[&o.tunnel_route])
            } else {
                crate::i18n::t("topo.tunnel_stopped").to_string()
            },
            lines: Vec::new(),
            rect: Rect::default(),
        });
    }
    for b in &mut out {
        let w = text_width(&b.title, 14, Font::Bold)
            .max(text_width(&b.sub, 12, Font::Sans))
            .max(
                b.lines
                    .iter()
                    .map(|l| text_width(l, 12, Font::Mono))
                    .max()
                    .unwrap_or(0),
            )
            + 48
            + 16;
        let h = HOST_H.max(44 + 16 * b.lines.len() as i32);
        b.rect = Rect::new(0, MARGIN, w, h);
    }
    out
}

/// A group of one owner's pods on one node, collapsed (more than
/// [`STACK_AT`]): how many, and how many in each status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackBox {
    pub namespace: String,
    pub node: String,
    pub owner: Option<Owner>,
    /// The pods' names, in the column's order.
    pub members: Vec<String>,
    /// Pods per status class, most common first (ties in class order).
    pub counts: Vec<(StatusClass, usize)>,
    /// The front square (where edges and packets arrive).
    pub rect: Rect,
    pub slot: Rect,
}

impl StackBox {
    /// `nginx ×40`
    pub fn label(&self) -> String {
        let name = self
            .owner
            .as_ref()
            .map(|o| o.top_name.clone())
            .unwrap_or_else(|| "pods".to_string());
        format!("{name} ×{}", self.members.len())
    }
    /// `38 Running · 2 Pending`
    pub fn summary(&self) -> String {
        self.counts
            .iter()
            .map(|(c, n)| format!("{n} {}", status_word(*c)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// A status class in one word (`Running`).
pub fn status_word(c: StatusClass) -> &'static str {
    match c {
        StatusClass::Running => "Running",
        StatusClass::Pending => "Pending",
        StatusClass::Completed => "Completed",
        StatusClass::Failed => "Failed",
        StatusClass::Terminating => "Terminating",
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LbBox {
    pub namespace: String,
    /// The LoadBalancer Service.
    pub name: String,
    /// `localhost`, or `<pending>` before the load balancer has an address.
    pub address: String,
    /// `80,443`
    pub ports: String,
    pub rect: Rect,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtlBox {
    pub namespace: String,
    /// The controller's workload; empty for the box of Ingresses no
    /// controller serves.
    pub name: String,
    pub classes: Vec<String>,
    pub pods: Vec<String>,
    pub rect: Rect,
    pub rows: Vec<RouteRow>,
}

/// One line of a controller's routing table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteRow {
    pub namespace: String,
    pub ingress: String,
    pub rule: RuleInfo,
    pub rewrite: Option<String>,
    /// The backend Service is drawn.
    pub found: bool,
    pub rect: Rect,
}

impl RouteRow {
    /// `localhost/testpath (Prefix) → nginx:80 · rewrite /`
    pub fn text(&self) -> String {
        let mut t = format!(
            "{} → {}:{}",
            self.rule.matcher(),
            self.rule.service,
            self.rule.port
        );
        if let Some(r) = &self.rewrite {
            t.push_str(&format!(" · rewrite {r}"));
        }
        t
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The drawn path's `data-kind`: `HostLink` (localhost to a
    /// LoadBalancer), `LoadBalancerLink` (a LoadBalancer to the node
    /// ports' line), `ControllerLink` (a controller to its pods) or
    /// `IngressRoute` (an Ingress rule to its backend Service).
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
    /// A polyline for the first two kinds; start and end of a curve
    /// for the others.
    pub points: Vec<(i32, i32)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DnsBox {
    pub rect: Rect,
    /// kube-dns's cluster IP when the Service exists.
    pub ip: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SvcBox {
    pub namespace: String,
    pub name: String,
    pub type_: String,
    pub cluster_ip: String,
    pub ports: String,
    pub rect: Rect,
    /// Index into the edge palette.
    pub color: usize,
    pub ready: usize,
    pub not_ready: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeBox {
    pub name: String,
    pub role: String,
    pub ip: String,
    pub ready: bool,
    pub taints: Vec<String>,
    pub rect: Rect,
    pub pods: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupBox {
    /// The node (or "" for the unscheduled lane).
    pub node: String,
    pub namespace: String,
    pub owner: Option<Owner>,
    pub rect: Rect,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodBox {
    pub namespace: String,
    pub name: String,
    pub node: String,
    pub status: String,
    pub class: StatusClass,
    pub ip: String,
    /// The square.
    pub rect: Rect,
    /// The square plus its labels.
    pub slot: Rect,
    pub label: String,
    pub owner: Option<Owner>,
    /// The pod's PersistentVolumeClaims, drawn under its labels.
    pub claims: Vec<crate::snapshot::ClaimInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub namespace: String,
    pub service: String,
    pub pod: String,
    pub ready: bool,
    pub color: usize,
    pub from: (i32, i32),
    pub to: (i32, i32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortTab {
    pub node: String,
    pub port: i64,
    /// The Service port it forwards to.
    pub service_port: i64,
    pub namespace: String,
    pub service: String,
    pub rect: Rect,
}

/// When each object was first seen, so the layout only appends.
#[derive(Clone, Debug, Default)]
pub struct LayoutMemory {
    next: u64,
    seen: BTreeMap<String, u64>,
}

impl LayoutMemory {
    fn seq(&self, key: &str) -> u64 {
        self.seen.get(key).copied().unwrap_or(u64::MAX)
    }
    /// Gives the keys not seen yet the next numbers, in the given order.
    fn admit<I: IntoIterator<Item = String>>(&mut self, keys: I) {
        for k in keys {
            if !self.seen.contains_key(&k) {
                self.seen.insert(k, self.next);
                self.next += 1;
            }
        }
    }
    fn retain(&mut self, live: &BTreeSet<String>) {
        self.seen.retain(|k, _| live.contains(k));
    }
}

fn pod_key(p: &PodInfo) -> String {
    format!("pod/{}/{}", p.namespace, p.name)
}

fn group_id(p: &PodInfo) -> String {
    match &p.owner {
        Some(o) => format!("{}/{}/{}", p.namespace, o.kind, o.name),
        None => String::new(),
    }
}

fn group_key(node: &str, p: &PodInfo) -> String {
    format!("group/{node}/{}", group_id(p))
}

fn svc_key(s: &ServiceInfo) -> String {
    format!("svc/{}/{}", s.namespace, s.name)
}

/// The faces the topology draws text in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    Sans,
    Bold,
    Mono,
}

/// Estimated width of a text in px (no font metrics outside a browser;
/// generous, sized on DejaVu, the widest common system fallback).
pub fn text_width(text: &str, px: i32, font: Font) -> i32 {
    let per = match font {
        Font::Sans => 0.58,
        Font::Bold => 0.63,
        Font::Mono => 0.61,
    };
    // Hangul and CJK glyphs are a full em wide.
    let wide = text.chars().filter(|&c| is_wide(c)).count();
    let narrow = text.chars().count() - wide;
    (narrow as f64 * px as f64 * per + wide as f64 * px as f64).ceil() as i32
}

/// A character drawn a full em wide (Hangul, CJK, fullwidth forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Shortens a name in the middle: `nginx-76769d88f7-gsmjb` -> `nginx-…-gsmjb`.
pub fn shorten(name: &str, max: usize) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= max || max < 5 {
        return name.to_string();
    }
    // Kubernetes-generated names: keep the owner's name and the random suffix.
    let parts: Vec<&str> = name.split('-').collect();
    if parts.len() >= 3 {
        let head = parts[..parts.len() - 2].join("-");
        let tail = parts[parts.len() - 1];
        let short = format!("{head}-…-{tail}");
        if short.chars().count() <= max {
            return short;
        }
    }
    let keep = max - 1;
    let tail_n = keep / 2;
    let head_n = keep - tail_n;
    let head: String = chars[..head_n].iter().collect();
    let tail: String = chars[chars.len() - tail_n..].iter().collect();
    format!("{head}…{tail}")
}

/// One column of a node: an owner group's pods, its owner's name at the
/// bottom (edges from Services come in from the top).
struct Column<'a> {
    owner: Option<&'a Owner>,
    namespace: &'a str,
    pods: Vec<&'a PodInfo>,
}

/// A node (or the unscheduled lane) measured but not yet placed.
struct Block<'a> {
    node: Option<&'a crate::snapshot::NodeInfo>,
    columns: Vec<Column<'a>>,
    tabs: Vec<(i64, i64, &'a ServiceInfo)>,
    w: i32,
    h: i32,
}

/// A controller's box before placement.
struct CtlSpec<'a> {
    namespace: &'a str,
    name: &'a str,
    classes: &'a [String],
    pods: &'a [String],
    rows: Vec<(&'a IngressInfo, &'a RuleInfo)>,
}

/// Which controller serves which Ingress rules: an Ingress goes to the
/// controllers implementing its class (ingress-nginx ignores Ingresses
/// without a class unless a class is the default; those are listed
/// under the first controller). Ingresses no controller serves get a box
/// of their own, so the missing controller shows.
fn ctl_specs<'a>(snap: &'a Snapshot, memory: &LayoutMemory) -> Vec<CtlSpec<'a>> {
    let mut ings: Vec<&IngressInfo> = snap.ingresses.iter().collect();
    cluster::sort::by_key(&mut ings, |i| {
        memory.seq(&format!("ing/{}/{}", i.namespace, i.name))
    });
    let mut specs: Vec<CtlSpec> = snap
        .controllers
        .iter()
        .map(|c| CtlSpec {
            namespace: &c.namespace,
            name: &c.name,
            classes: &c.classes,
            pods: &c.pods,
            rows: Vec::new(),
        })
        .collect();
    let mut orphans = Vec::new();
    for ing in ings {
        let owner = specs
            .iter()
            .position(|c| c.classes.contains(&ing.class))
            .or_else(|| (ing.class.is_empty() && !specs.is_empty()).then_some(0));
        let rows = ing.rules.iter().map(|r| (ing, r));
        match owner {
            Some(i) => specs[i].rows.extend(rows),
            None => orphans.extend(rows),
        }
    }
    if !orphans.is_empty() {
        specs.push(CtlSpec {
            namespace: "",
            name: "",
            classes: &[],
            pods: &[],
            rows: orphans,
        });
    }
    specs
}

fn route_text(ing: &IngressInfo, r: &RuleInfo) -> String {
    RouteRow {
        namespace: String::new(),
        ingress: String::new(),
        rule: r.clone(),
        rewrite: ing.rewrite.clone(),
        found: true,
        rect: Rect::default(),
    }
    .text()
}

fn ctl_width(c: &CtlSpec) -> i32 {
    let title = text_width(&ctl_title(c.name), 14, Font::Bold) + 48 + 2 * CTL_PAD;
    let sub =
        text_width(&ctl_sub(c.namespace, c.name, c.classes), 12, Font::Sans) + 48 + 2 * CTL_PAD;
    let rows = c
        .rows
        .iter()
        .map(|(i, r)| text_width(&route_text(i, r), 12, Font::Mono) + 2 * CTL_PAD + 8)
        .max()
        .unwrap_or(0);
    title.max(sub).max(rows).max(260)
}

/// The controller box's title.
pub fn ctl_title(name: &str) -> String {
    let key = if name.is_empty() {
        "topo.ctl_none"
    } else {
        "topo.ctl_nginx"
    };
    crate::i18n::t(key).to_string()
}

/// The controller box's second line: `class nginx · ingress-nginx/ingress-nginx-controller`.
pub fn ctl_sub(namespace: &str, name: &str, classes: &[String]) -> String {
    if name.is_empty() {
        return crate::i18n::t("topo.ctl_nowhere").to_string();
    }
    let class = if classes.is_empty() {
        crate::i18n::t("topo.no_class").to_string()
    } else {
        crate::i18n::fill(crate::i18n::t("topo.class"), &[&classes.join(", ")])
    };
    format!("{class} · {namespace}/{name}")
}

/// The LoadBalancer pill's title: `localhost:80,443`.
pub fn lb_title(s: &ServiceInfo) -> String {
    match s.lb_addresses.first() {
        Some(a) => format!("{a}:{}", s.lb_ports()),
        None => format!("<pending>:{}", s.lb_ports()),
    }
}

fn lb_width(s: &ServiceInfo) -> i32 {
    let t = text_width(&lb_title(s), 14, Font::Bold);
    let sub = text_width(&format!("LoadBalancer {}", s.name), 12, Font::Sans);
    t.max(sub) + 48 + 18
}

fn column_width() -> i32 {
    SLOT_W + 2 * GROUP_PAD
}

fn column_height(n: usize) -> i32 {
    GROUP_PAD + n as i32 * SLOT_H + GROUP_LABEL
}

/// A pod's slot height: its square and labels, and a badge per claim.
fn slot_height(p: &PodInfo) -> i32 {
    SLOT_H + p.claims.len() as i32 * CLAIM_H
}

/// A column's height, its pods' claims included.
fn column_h(c: &Column) -> i32 {
    let schedule = if c.owner.is_some_and(|o| !o.schedule.is_empty()) {
        SCHEDULE_H
    } else {
        0
    };
    if c.pods.len() > STACK_AT {
        return GROUP_PAD + STACK_H + GROUP_LABEL + schedule;
    }
    column_height(c.pods.len())
        + schedule
        + c.pods.iter().map(|p| slot_height(p) - SLOT_H).sum::<i32>()
}

/// A StatefulSet pod's ordinal (`web-2` -> 2).
fn ordinal(name: &str) -> u64 {
    name.rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX)
}

/// Lays out a snapshot. `memory` carries first-seen order across calls;
/// nodes wrap into rows no wider than `row_width` (at least one node a row).
pub fn layout(snap: &Snapshot, memory: &mut LayoutMemory, row_width: i32) -> Scene {
    layout_in(snap, memory, row_width, 0)
}

/// [`layout`], with the Services and the scene spread over at least
/// `min_content_w` (a wide pane: one row of Services instead of two).
pub fn layout_in(
    snap: &Snapshot,
    memory: &mut LayoutMemory,
    row_width: i32,
    min_content_w: i32,
) -> Scene {
    let row_width = row_width.max(MIN_ROW_W);
    admit_new(snap, memory);

    // Services in first-seen order.
    let mut services: Vec<&ServiceInfo> = snap.services.iter().collect();
    cluster::sort::by_key(&mut services, |s| memory.seq(&svc_key(s)));
    let node_port_svcs: Vec<(i64, i64, &ServiceInfo)> = services
        .iter()
        .flat_map(|s| {
            s.ports
                .iter()
                .filter_map(move |p| p.node_port.map(|np| (np, p.port, *s)))
        })
        .collect();

    // Nodes: control plane first, then first-seen order.
    let mut nodes: Vec<&crate::snapshot::NodeInfo> = snap.nodes.iter().collect();
    cluster::sort::by_key(&mut nodes, |n| {
        (
            n.role != "control-plane",
            memory.seq(&format!("node/{}", n.name)),
        )
    });
    let node_names: BTreeSet<&str> = cluster::sort::set(nodes.iter().map(|n| n.name.as_str()));

    let mut blocks: Vec<Block> = nodes
        .iter()
        .map(|n| {
            let pods = snap.pods.iter().filter(|p| p.node == n.name).collect();
            measure(
                Some(n),
                columns(&n.name, pods, memory),
                node_port_svcs.clone(),
            )
        })
        .collect();
    let homeless: Vec<&PodInfo> = snap
        .pods
        .iter()
        .filter(|p| !node_names.contains(p.node.as_str()))
        .collect();
    if !homeless.is_empty() {
        blocks.push(measure(None, columns("", homeless, memory), Vec::new()));
    }

    // Rows of nodes.
    let bus_space = if node_port_svcs.is_empty() {
        0
    } else {
        BUS_SPACE
    };
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut row_w = 0;
    for (i, b) in blocks.iter().enumerate() {
        let add = if row_w == 0 { b.w } else { NODE_GAP + b.w };
        match rows.last_mut() {
            Some(row) if row_w + add <= row_width => {
                row.push(i);
                row_w += add;
            }
            _ => {
                rows.push(vec![i]);
                row_w = b.w;
            }
        }
    }
    let rows_w = rows
        .iter()
        .map(|r| r.iter().map(|&i| blocks[i].w).sum::<i32>() + NODE_GAP * (r.len() as i32 - 1))
        .max()
        .unwrap_or(NODE_MIN_W);

    // Services rows, wrapped to the node rows' width (at least one pill wide).
    let svc_widths: Vec<i32> = services.iter().map(|s| pill_width(s)).collect();
    let wrap_w = rows_w
        .max(svc_widths.iter().copied().max().unwrap_or(0))
        .max(min_content_w);
    let mut svc_rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut w = 0;
    for (i, sw) in svc_widths.iter().enumerate() {
        let add = if w == 0 { *sw } else { SVC_GAP + sw };
        if w > 0 && w + add > wrap_w {
            svc_rows.push(Vec::new());
            w = 0;
        }
        w += if w == 0 { *sw } else { SVC_GAP + sw };
        if let Some(r) = svc_rows.last_mut() {
            r.push(i);
        }
    }
    let svc_rows_w = |r: &Vec<usize>| -> i32 {
        r.iter().map(|&i| svc_widths[i]).sum::<i32>() + SVC_GAP * (r.len() as i32 - 1).max(0)
    };
    let lb_svcs: Vec<&ServiceInfo> = services
        .iter()
        .copied()
        .filter(|s| s.type_ == "LoadBalancer")
        .collect();
    let lb_widths: Vec<i32> = lb_svcs.iter().map(|s| lb_width(s)).collect();
    let lb_row_w = lb_widths.iter().map(|w| w + SVC_GAP).sum::<i32>() - SVC_GAP;
    let specs = ctl_specs(snap, memory);
    let ctl_widths: Vec<i32> = specs.iter().map(ctl_width).collect();
    let ctl_row_w = ctl_widths.iter().map(|w| w + SVC_GAP).sum::<i32>() - SVC_GAP;
    let content_w = rows_w
        .max(svc_rows.iter().map(svc_rows_w).max().unwrap_or(0))
        .max(ctl_row_w)
        .max(min_content_w);
    let left = MARGIN + GUTTER;
    let mut outer = outer_boxes(snap);
    let outer_w: i32 = outer.iter().map(|b| b.rect.w + LB_GAP).sum();
    // The top band: the host, its LoadBalancers, the outside layer, DNS
    // on the right.
    let top_w = MARGIN
        + outer_w
        + HOST_W
        + if lb_svcs.is_empty() {
            0
        } else {
            LB_GAP + lb_row_w
        }
        + LB_GAP
        + DNS_W
        + MARGIN;
    let width = (left + content_w + MARGIN).max(MIN_WIDTH).max(top_w);

    let mut scene = Scene {
        width,
        host: Rect::new(MARGIN, MARGIN, HOST_W, HOST_H),
        dns: DnsBox {
            rect: Rect::new(width - MARGIN - DNS_W, MARGIN, DNS_W, HOST_H),
            ip: String::new(),
        },
        ..Scene::default()
    };

    // Entry points: one pill per LoadBalancer beside the host, joined to
    // the node-port line.
    // A tall outside layer (HAProxy with several frontends) pushes the
    // layers below down.
    let extra = outer
        .iter()
        .map(|b| b.rect.h - HOST_H)
        .max()
        .unwrap_or(0)
        .max(0);
    let mut y = SVC_Y + extra;
    if !specs.is_empty() {
        // The ingress layer sits closer under the top band.
        y = MARGIN + HOST_H + extra + CTL_TOP_GAP;
    }
    if !lb_svcs.is_empty() {
        let mut x = MARGIN + HOST_W + LB_GAP;
        for (s, w) in lb_svcs.iter().zip(&lb_widths) {
            scene.lbs.push(LbBox {
                namespace: s.namespace.clone(),
                name: s.name.clone(),
                address: s
                    .lb_addresses
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "<pending>".to_string()),
                ports: s.lb_ports(),
                rect: Rect::new(x, MARGIN + (HOST_H - LB_H) / 2, *w, LB_H),
            });
            x += w + SVC_GAP;
        }
    }
    {
        let mut x = scene
            .lbs
            .last()
            .map(|l| l.rect.right() + LB_GAP)
            .unwrap_or(MARGIN + HOST_W + LB_GAP);
        for b in &mut outer {
            b.rect.x = x;
            x += b.rect.w + LB_GAP;
        }
        scene.outer = outer;
        scene.profile = snap.outer.profile.clone();
    }
    // The ingress layer: controllers and their routing tables.
    if !specs.is_empty() {
        let mut x = left;
        let mut h_max = 0;
        for (c, w) in specs.iter().zip(&ctl_widths) {
            let h = CTL_HEADER + c.rows.len().max(1) as i32 * ROW_H + CTL_PAD;
            let rect = Rect::new(x, y, *w, h);
            let rows = c
                .rows
                .iter()
                .enumerate()
                .map(|(i, (ing, r))| RouteRow {
                    namespace: ing.namespace.clone(),
                    ingress: ing.name.clone(),
                    rule: (*r).clone(),
                    rewrite: ing.rewrite.clone(),
                    found: services
                        .iter()
                        .any(|s| s.namespace == ing.namespace && s.name == r.service),
                    rect: Rect::new(
                        x + CTL_PAD,
                        y + CTL_HEADER + i as i32 * ROW_H,
                        w - 2 * CTL_PAD,
                        ROW_H - 2,
                    ),
                })
                .collect();
            scene.controllers.push(CtlBox {
                namespace: c.namespace.to_string(),
                name: c.name.to_string(),
                classes: c.classes.to_vec(),
                pods: c.pods.to_vec(),
                rect,
                rows,
            });
            h_max = h_max.max(h);
            x += w + SVC_GAP;
        }
        y += h_max + ROUTE_SPACE;
    }
    let svc_y = y;
    let edge_space = if scene.controllers.is_empty() {
        EDGE_SPACE
    } else {
        EDGE_SPACE_TIGHT
    };

    // Place Services.
    for r in &svc_rows {
        let mut x = left + (content_w - svc_rows_w(r)) / 2;
        for &i in r {
            let s = services[i];
            let rect = Rect::new(x, y, svc_widths[i], SVC_H);
            x += svc_widths[i] + SVC_GAP;
            let color = i % 3;
            scene.services.push(SvcBox {
                namespace: s.namespace.clone(),
                name: s.name.clone(),
                type_: s.type_.clone(),
                cluster_ip: s.cluster_ip.clone(),
                ports: s.ports_text(),
                rect,
                color,
                ready: s.endpoints.iter().filter(|e| e.ready).count(),
                not_ready: s.endpoints.iter().filter(|e| !e.ready).count(),
            });
        }
        y += SVC_H + SVC_GAP;
    }
    scene.services_area = Rect::new(left, svc_y, content_w, y - SVC_GAP - svc_y);

    // Place nodes and their pods.
    let mut y = y - SVC_GAP + edge_space;
    for row in &rows {
        let row_h = row.iter().map(|&i| blocks[i].h).max().unwrap_or(0);
        let mut x = left;
        for &i in row {
            let b = &blocks[i];
            place(&mut scene, b, Rect::new(x, y, b.w, row_h));
            x += b.w + NODE_GAP;
        }
        if bus_space > 0 {
            // The host's line runs under each row, with a drop to every tab.
            let bus_y = y + row_h + TAB_H / 2 + 14;
            let tabs_in_row: Vec<&PortTab> = scene
                .tabs
                .iter()
                .filter(|t| t.rect.y == y + row_h - TAB_H / 2)
                .collect();
            if let Some(last) = tabs_in_row.iter().map(|t| t.rect.cx()).max() {
                scene
                    .bus
                    .push(vec![(MARGIN + GUTTER / 2, bus_y), (last, bus_y)]);
                for t in tabs_in_row {
                    scene
                        .bus
                        .push(vec![(t.rect.cx(), bus_y), (t.rect.cx(), t.rect.bottom())]);
                }
            }
        }
        y += row_h + bus_space + NODE_GAP;
    }
    let bottom = y - NODE_GAP;
    if let Some(last_y) = scene.bus.first().map(|b| b[0].1) {
        let trunk_bottom = scene
            .bus
            .iter()
            .filter(|b| b[0].0 == MARGIN + GUTTER / 2)
            .map(|b| b[0].1)
            .max()
            .unwrap_or(last_y);
        scene.bus.insert(
            0,
            vec![
                (MARGIN + GUTTER / 2, scene.host.bottom()),
                (MARGIN + GUTTER / 2, trunk_bottom),
            ],
        );
    }
    // CronJob time lines under the nodes, wrapped to the content width.
    let mut bottom = bottom;
    if !snap.cronjobs.is_empty() {
        let mut crons: Vec<&crate::snapshot::CronInfo> = snap.cronjobs.iter().collect();
        cluster::sort::by_key(&mut crons, |c| {
            memory.seq(&format!("cj/{}/{}", c.namespace, c.name))
        });
        let per_row = ((content_w + NODE_GAP) / (CRON_W + NODE_GAP)).max(1) as usize;
        let top = bottom + NODE_GAP;
        for (i, c) in crons.iter().enumerate() {
            let (row, col) = ((i / per_row) as i32, (i % per_row) as i32);
            let rect = Rect::new(
                left + col * (CRON_W + NODE_GAP),
                top + row * (CRON_H + NODE_GAP),
                CRON_W,
                CRON_H,
            );
            bottom = bottom.max(rect.bottom());
            scene.cron.push(cron_box(c, rect));
        }
    }
    scene.height = bottom + MARGIN;

    // Edges from each Service to the pods behind it.
    for svc in &services {
        let Some(sb) = scene
            .services
            .iter()
            .find(|b| b.namespace == svc.namespace && b.name == svc.name)
        else {
            continue;
        };
        let mut to_stacks: Vec<usize> = Vec::new();
        for ep in &svc.endpoints {
            // A pod in a stack: one line to the stack.
            if let Some(i) = scene
                .stacks
                .iter()
                .position(|st| st.namespace == svc.namespace && st.members.contains(&ep.pod))
            {
                if !to_stacks.contains(&i) {
                    to_stacks.push(i);
                    let st = &scene.stacks[i];
                    scene.edges.push(Edge {
                        namespace: svc.namespace.clone(),
                        service: svc.name.clone(),
                        pod: ep.pod.clone(),
                        ready: true,
                        color: sb.color,
                        from: (sb.rect.cx(), sb.rect.bottom()),
                        to: (st.rect.cx(), st.rect.y - 8),
                    });
                }
                continue;
            }
            if let Some(pb) = scene
                .pods
                .iter()
                .find(|p| p.namespace == svc.namespace && p.name == ep.pod)
            {
                scene.edges.push(Edge {
                    namespace: svc.namespace.clone(),
                    service: svc.name.clone(),
                    pod: ep.pod.clone(),
                    ready: ep.ready,
                    color: sb.color,
                    from: (sb.rect.cx(), sb.rect.bottom()),
                    to: (pb.rect.cx(), pb.rect.y),
                });
            }
        }
    }
    ingress_links(&mut scene);
    scene
}

/// The lines of the ingress layers (see [`Link`]).
fn ingress_links(scene: &mut Scene) {
    let trunk_x = MARGIN + GUTTER / 2;
    let has_trunk = !scene.bus.is_empty();
    let mut links = Vec::new();
    let host = scene.host;
    for (i, lb) in scene.lbs.iter().enumerate() {
        // localhost:80 -> the load balancer -> the node ports' line.
        let (x0, y0) = if i == 0 {
            (host.right(), lb.rect.cy())
        } else {
            (scene.lbs[i - 1].rect.right(), lb.rect.cy())
        };
        links.push(Link {
            kind: "HostLink",
            namespace: lb.namespace.clone(),
            name: lb.name.clone(),
            points: vec![(x0, y0), (lb.rect.x, lb.rect.cy())],
        });
        if has_trunk {
            let drop_y = host.bottom() + 12 + 6 * i as i32;
            links.push(Link {
                kind: "LoadBalancerLink",
                namespace: lb.namespace.clone(),
                name: lb.name.clone(),
                points: vec![
                    (lb.rect.x + 24, lb.rect.bottom()),
                    (lb.rect.x + 24, drop_y),
                    (trunk_x, drop_y),
                ],
            });
        }
    }
    for (i, b) in scene.outer.iter().enumerate() {
        // The previous box -> this one; the HAProxy -> the node ports' line.
        let x0 = if i > 0 {
            scene.outer[i - 1].rect.right()
        } else {
            scene
                .lbs
                .last()
                .map(|l| l.rect.right())
                .unwrap_or(host.right())
        };
        let y = MARGIN + HOST_H / 2;
        links.push(Link {
            kind: "HostLink",
            namespace: String::new(),
            name: b.name.clone(),
            points: vec![(x0, y), (b.rect.x, y)],
        });
        if b.kind == "HAProxy" && has_trunk {
            let drop_y = host.bottom() + 12 + 6 * (scene.lbs.len() + i) as i32;
            links.push(Link {
                kind: "LoadBalancerLink",
                namespace: String::new(),
                name: b.name.clone(),
                points: vec![
                    (b.rect.x + 24, b.rect.bottom()),
                    (b.rect.x + 24, drop_y),
                    (trunk_x, drop_y),
                ],
            });
        }
    }
    for c in &scene.controllers {
        for p in scene
            .pods
            .iter()
            .filter(|p| p.namespace == c.namespace && c.pods.contains(&p.name))
        {
            links.push(Link {
                kind: "ControllerLink",
                namespace: c.namespace.clone(),
                name: p.name.clone(),
                points: vec![(c.rect.x + 24, c.rect.bottom()), (p.rect.cx(), p.rect.y)],
            });
        }
        for r in &c.rows {
            if let Some(s) = scene
                .services
                .iter()
                .find(|s| s.namespace == r.namespace && s.name == r.rule.service)
            {
                links.push(Link {
                    kind: "IngressRoute",
                    namespace: r.namespace.clone(),
                    name: r.ingress.clone(),
                    points: vec![
                        (
                            s.rect.cx().clamp(c.rect.x + 56, c.rect.right() - 24),
                            c.rect.bottom(),
                        ),
                        (s.rect.cx(), s.rect.y),
                    ],
                });
            }
        }
    }
    scene.links = links;
}

/// How large a scene can be drawn in a pane of `pane` px (capped at
/// [`MAX_SCALE`]), keeping [`BOTTOM_RESERVE`] free.
pub fn fit(scene: &Scene, pane: (f64, f64)) -> f64 {
    let (sw, sh) = (scene.width.max(1) as f64, scene.height.max(1) as f64);
    let usable = (pane.1 - BOTTOM_RESERVE).max(pane.1 / 2.0);
    (pane.0 / sw).min(usable / sh).min(MAX_SCALE)
}

/// Lays out a snapshot for a pane of `pane` px: nodes in as many rows as
/// draws the scene largest (one row when that fits), Services spread over
/// the pane's width when that draws it larger.
pub fn layout_for_pane(snap: &Snapshot, memory: &mut LayoutMemory, pane: (f64, f64)) -> Scene {
    if pane.0 < 1.0 || pane.1 < 1.0 {
        return layout(snap, memory, MAX_ROW_W);
    }
    let one_row = layout(snap, memory, i32::MAX / 4);
    let boxes: Vec<Rect> = one_row
        .nodes
        .iter()
        .map(|n| n.rect)
        .chain(one_row.unscheduled)
        .collect();
    let total = boxes.iter().map(|r| r.w + NODE_GAP).sum::<i32>() - NODE_GAP;
    let widest = boxes.iter().map(|r| r.w).max().unwrap_or(0);
    let mut best_fit = fit(&one_row, pane);
    let mut best = one_row;
    let mut best_row_w = i32::MAX / 4;
    for rows in 2..=boxes.len().min(8) as i32 {
        if best_fit >= MAX_SCALE {
            break;
        }
        let width = ((total + rows - 1) / rows).max(widest);
        let scene = layout(snap, memory, width);
        let f = fit(&scene, pane);
        // Prefer fewer rows unless more rows draw clearly larger.
        if f > best_fit * 1.04 {
            best_fit = f;
            best = scene;
            best_row_w = width;
        }
    }
    // Height-bound in a wide pane: Services spread over its width may
    // take fewer rows.
    let spread = pane.0 as i32 - 2 * MARGIN - GUTTER;
    if best_fit < 1.0 && spread > best.services_area.w {
        let wide = layout_in(snap, memory, best_row_w, spread);
        if fit(&wide, pane) > best_fit * 1.02 {
            best = wide;
        }
    }
    best
}

/// Numbers the objects not seen before, in a deterministic order, and
/// forgets the ones that are gone.
fn admit_new(snap: &Snapshot, memory: &mut LayoutMemory) {
    let mut live = BTreeSet::new();

    let mut nodes: Vec<_> = snap.nodes.iter().collect();
    cluster::sort::by(&mut nodes, |a, b| {
        (&a.created, &a.name).cmp(&(&b.created, &b.name))
    });
    let keys: Vec<String> = nodes.iter().map(|n| format!("node/{}", n.name)).collect();
    live.extend(keys.iter().cloned());
    memory.admit(keys);

    let mut svcs: Vec<_> = snap.services.iter().collect();
    cluster::sort::by(&mut svcs, |a, b| {
        (&a.created, &a.namespace, &a.name).cmp(&(&b.created, &b.namespace, &b.name))
    });
    let keys: Vec<String> = svcs.iter().map(|s| svc_key(s)).collect();
    live.extend(keys.iter().cloned());
    memory.admit(keys);

    let mut ings: Vec<_> = snap.ingresses.iter().collect();
    cluster::sort::by(&mut ings, |a, b| {
        (&a.created, &a.namespace, &a.name).cmp(&(&b.created, &b.namespace, &b.name))
    });
    let keys: Vec<String> = ings
        .iter()
        .map(|i| format!("ing/{}/{}", i.namespace, i.name))
        .collect();
    live.extend(keys.iter().cloned());
    memory.admit(keys);

    // CronJobs in name order (their time lines only append).
    let keys: Vec<String> = snap
        .cronjobs
        .iter()
        .map(|c| format!("cj/{}/{}", c.namespace, c.name))
        .collect();
    live.extend(keys.iter().cloned());
    memory.admit(keys);

    let mut pods: Vec<_> = snap.pods.iter().collect();
    cluster::sort::by(&mut pods, |a, b| {
        (&a.created, group_id(a), &a.namespace, &a.name).cmp(&(
            &b.created,
            group_id(b),
            &b.namespace,
            &b.name,
        ))
    });
    let keys: Vec<String> = pods.iter().map(|p| pod_key(p)).collect();
    live.extend(keys.iter().cloned());
    memory.admit(keys);
    // A group is first seen with its first pod on that node.
    let mut pods: Vec<_> = snap.pods.iter().collect();
    cluster::sort::by_key(&mut pods, |p| memory.seq(&pod_key(p)));
    let keys: Vec<String> = pods.iter().map(|p| group_key(&p.node, p)).collect();
    live.extend(keys.iter().cloned());
    memory.admit(keys);

    memory.retain(&live);
}

fn columns<'a>(node: &str, pods: Vec<&'a PodInfo>, memory: &LayoutMemory) -> Vec<Column<'a>> {
    let mut cols: BTreeMap<u64, Column<'a>> = BTreeMap::new();
    for p in pods {
        cols.entry(memory.seq(&group_key(node, p)))
            .or_insert_with(|| Column {
                owner: p.owner.as_ref(),
                namespace: &p.namespace,
                pods: Vec::new(),
            })
            .pods
            .push(p);
    }
    let mut cols: Vec<Column> = cols.into_values().collect();
    for c in &mut cols {
        cluster::sort::by_key(&mut c.pods, |p| memory.seq(&pod_key(p)));
        // A StatefulSet's pods stand in ordinal order, whenever each came.
        if c.owner.is_some_and(|o| o.kind == "StatefulSet") {
            cluster::sort::by_key(&mut c.pods, |p| ordinal(&p.name));
        }
    }
    cols
}

fn measure<'a>(
    node: Option<&'a crate::snapshot::NodeInfo>,
    columns: Vec<Column<'a>>,
    tabs: Vec<(i64, i64, &'a ServiceInfo)>,
) -> Block<'a> {
    let n = columns.len() as i32;
    let cols_w = n * column_width() + (n - 1).max(0) * GROUP_GAP;
    let header_w = node
        .map(|n| {
            let title = text_width(&n.name, 14, Font::Bold) + 2 * NODE_PAD;
            let sub = text_width(&format!("{}  ", n.role), 12, Font::Sans)
                + text_width(&n.ip, 12, Font::Mono)
                + 2 * NODE_PAD;
            title.max(sub)
        })
        .unwrap_or(0);
    let tabs_w = tabs.len() as i32 * (TAB_W + TAB_GAP) - TAB_GAP + 2 * NODE_PAD;
    let w = (cols_w + 2 * NODE_PAD)
        .max(NODE_MIN_W)
        .max(header_w)
        .max(tabs_w);
    let inner_h = columns.iter().map(column_h).max().unwrap_or(NODE_EMPTY_H);
    let tab_room = if tabs.is_empty() { 0 } else { TAB_H / 2 };
    Block {
        node,
        columns,
        tabs,
        w,
        h: NODE_HEADER + inner_h + NODE_PAD + tab_room,
    }
}

fn place(scene: &mut Scene, b: &Block, rect: Rect) {
    let node_name = b.node.map(|n| n.name.clone()).unwrap_or_default();
    match b.node {
        Some(n) => scene.nodes.push(NodeBox {
            name: n.name.clone(),
            role: n.role.clone(),
            ip: n.ip.clone(),
            ready: n.ready,
            taints: n.taints.clone(),
            rect,
            pods: b.columns.iter().map(|c| c.pods.len()).sum(),
        }),
        None => scene.unscheduled = Some(rect),
    }
    let mut x = rect.x + NODE_PAD;
    for c in &b.columns {
        let col = Rect::new(x, rect.y + NODE_HEADER, column_width(), column_h(c));
        scene.groups.push(GroupBox {
            node: node_name.clone(),
            namespace: c.namespace.to_string(),
            owner: c.owner.cloned(),
            rect: col,
        });
        if c.pods.len() > STACK_AT {
            let slot = Rect::new(col.x + GROUP_PAD, col.y + GROUP_PAD, SLOT_W, STACK_H);
            let mut counts: Vec<(StatusClass, usize)> = Vec::new();
            for p in &c.pods {
                match counts.iter_mut().find(|(k, _)| *k == p.class) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((p.class, 1)),
                }
            }
            cluster::sort::by_key(&mut counts, |(k, n)| (std::cmp::Reverse(*n), *k));
            scene.stacks.push(StackBox {
                namespace: c.namespace.to_string(),
                node: node_name.clone(),
                owner: c.owner.cloned(),
                members: c.pods.iter().map(|p| p.name.clone()).collect(),
                counts,
                rect: Rect::new(slot.cx() - POD_SIZE / 2, slot.y + 10, POD_SIZE, POD_SIZE),
                slot,
            });
            x += column_width() + GROUP_GAP;
            continue;
        }
        let mut y = col.y + GROUP_PAD;
        for p in &c.pods {
            let slot = Rect::new(col.x + GROUP_PAD, y, SLOT_W, slot_height(p));
            y += slot.h;
            scene.pods.push(PodBox {
                namespace: p.namespace.clone(),
                name: p.name.clone(),
                node: p.node.clone(),
                status: p.status.clone(),
                class: p.class,
                ip: p.ip.clone(),
                rect: Rect::new(slot.cx() - POD_SIZE / 2, slot.y + 4, POD_SIZE, POD_SIZE),
                slot,
                label: shorten(&p.name, POD_LABEL_CHARS),
                owner: p.owner.clone(),
                claims: p.claims.clone(),
            });
        }
        x += column_width() + GROUP_GAP;
    }
    for (i, (np, port, svc)) in b.tabs.iter().enumerate() {
        scene.tabs.push(PortTab {
            node: node_name.clone(),
            port: *np,
            service_port: *port,
            namespace: svc.namespace.clone(),
            service: svc.name.clone(),
            rect: Rect::new(
                rect.x + NODE_PAD + i as i32 * (TAB_W + TAB_GAP),
                rect.bottom() - TAB_H / 2,
                TAB_W,
                TAB_H,
            ),
        });
    }
}

/// The width of a Service's type badge.
pub fn badge_width(type_: &str) -> i32 {
    text_width(type_, 12, Font::Bold) + 14
}

/// The second line of a Service pill: `10.105.103.161 · 80/TCP`.
pub fn pill_detail(s: &ServiceInfo) -> String {
    let ip = if s.cluster_ip.is_empty() {
        "<pending>"
    } else {
        &s.cluster_ip
    };
    format!("{ip} · {}", s.ports_text())
}

fn pill_width(s: &ServiceInfo) -> i32 {
    let line1 = text_width(&s.name, 14, Font::Bold) + 8 + badge_width(&s.type_);
    let line2 = text_width(&pill_detail(s), 12, Font::Mono);
    // Icon on the left, padding on the right.
    line1.max(line2) + 48 + 20
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Endpoint, NodeInfo, PortInfo};

    fn node(name: &str, role: &str) -> NodeInfo {
        NodeInfo {
            name: name.into(),
            role: role.into(),
            ip: "192.168.65.3".into(),
            ready: true,
            taints: vec![],
            created: "2026-01-05T09:00:00Z".into(),
        }
    }

    fn pod(name: &str, node: &str, owner: Option<&str>, created: &str) -> PodInfo {
        PodInfo {
            namespace: "default".into(),
            name: name.into(),
            node: node.into(),
            status: "Running".into(),
            class: StatusClass::Running,
            ip: String::new(),
            owner: owner.map(|o| Owner {
                kind: "ReplicaSet".into(),
                name: o.into(),
                top_kind: "Deployment".into(),
                top_name: o.into(),
                schedule: String::new(),
            }),
            created: created.into(),
            claims: vec![],
        }
    }

    fn base() -> Snapshot {
        Snapshot {
            nodes: vec![
                node("worker-2", "worker"),
                node("control-plane", "control-plane"),
                node("worker-1", "worker"),
            ],
            pods: vec![
                pod(
                    "nginx-abc-kkkkk",
                    "worker-1",
                    Some("nginx"),
                    "2026-01-05T09:01:00Z",
                ),
                pod(
                    "nginx-abc-mmmmm",
                    "worker-1",
                    Some("nginx"),
                    "2026-01-05T09:01:00Z",
                ),
                pod("curlpod", "worker-2", None, "2026-01-05T09:02:00Z"),
            ],
            services: vec![ServiceInfo {
                namespace: "default".into(),
                name: "nginx".into(),
                type_: "NodePort".into(),
                cluster_ip: "10.105.103.161".into(),
                ports: vec![PortInfo {
                    name: "http".into(),
                    port: 80,
                    node_port: Some(31045),
                    protocol: "TCP".into(),
                }],
                endpoints: vec![
                    Endpoint {
                        pod: "nginx-abc-kkkkk".into(),
                        ready: true,
                    },
                    Endpoint {
                        pod: "nginx-abc-mmmmm".into(),
                        ready: false,
                    },
                ],
                created: "2026-01-05T09:01:30Z".into(),
                ..ServiceInfo::default()
            }],
            ..Snapshot::default()
        }
    }

    /// `base()` plus ingress-nginx: its LoadBalancer Service, controller
    /// pod, and the notes' Ingress.
    fn with_ingress() -> Snapshot {
        let mut snap = base();
        let mut ctl = pod(
            "ingress-nginx-controller-6cd9df844c-mdmn4",
            "worker-2",
            Some("ingress-nginx-controller"),
            "2026-01-05T09:03:00Z",
        );
        ctl.namespace = "ingress-nginx".into();
        snap.pods.push(ctl);
        snap.services.push(ServiceInfo {
            namespace: "ingress-nginx".into(),
            name: "ingress-nginx-controller".into(),
            type_: "LoadBalancer".into(),
            cluster_ip: "10.106.114.41".into(),
            ports: vec![
                PortInfo {
                    name: "http".into(),
                    port: 80,
                    node_port: Some(30221),
                    protocol: "TCP".into(),
                },
                PortInfo {
                    name: "https".into(),
                    port: 443,
                    node_port: Some(30868),
                    protocol: "TCP".into(),
                },
            ],
            lb_addresses: vec!["localhost".into()],
            created: "2026-01-05T09:03:00Z".into(),
            ..ServiceInfo::default()
        });
        snap.controllers.push(crate::snapshot::ControllerInfo {
            namespace: "ingress-nginx".into(),
            name: "ingress-nginx-controller".into(),
            pods: vec!["ingress-nginx-controller-6cd9df844c-mdmn4".into()],
            classes: vec!["nginx".into()],
            created: "2026-01-05T09:03:00Z".into(),
        });
        snap.ingresses.push(IngressInfo {
            namespace: "default".into(),
            name: "nginx-ing".into(),
            class: "nginx".into(),
            rewrite: Some("/".into()),
            rules: vec![RuleInfo {
                host: "localhost".into(),
                path: "/testpath".into(),
                path_type: "Prefix".into(),
                service: "nginx".into(),
                port: "80".into(),
            }],
            created: "2026-01-05T09:04:00Z".into(),
        });
        snap
    }

    #[test]
    fn the_ingress_layers_sit_between_the_host_and_the_services() {
        let mut mem = LayoutMemory::default();
        let sc = layout(&with_ingress(), &mut mem, MAX_ROW_W);
        let lb = &sc.lbs[0];
        assert_eq!(
            (lb.address.as_str(), lb.ports.as_str()),
            ("localhost", "80,443")
        );
        assert_eq!(lb.rect.cy(), sc.host.cy());
        let c = &sc.controllers[0];
        assert_eq!(c.rows.len(), 1);
        assert_eq!(
            c.rows[0].text(),
            "localhost/testpath (Prefix) → nginx:80 · rewrite /"
        );
        assert!(c.rows[0].found);
        assert!(c.rect.y > sc.host.bottom());
        assert!(sc.services.iter().all(|s| s.rect.y > c.rect.bottom()));
        let kinds: Vec<&str> = sc.links.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [
                "HostLink",
                "LoadBalancerLink",
                "ControllerLink",
                "IngressRoute"
            ]
        );
        let route = sc.links.last().unwrap();
        let nginx = sc.services.iter().find(|s| s.name == "nginx").unwrap();
        assert_eq!(route.points.last(), Some(&(nginx.rect.cx(), nginx.rect.y)));
        // Same input, same scene; an Ingress without a controller gets a
        // box of its own.
        assert_eq!(layout(&with_ingress(), &mut mem, MAX_ROW_W), sc);
        let mut orphan = with_ingress();
        orphan.controllers.clear();
        let sc = layout(&orphan, &mut mem, MAX_ROW_W);
        assert_eq!(sc.controllers[0].name, "");
        assert_eq!(sc.controllers[0].rows.len(), 1);
    }

    /// Each pod's position relative to its node.
    fn rel(scene: &Scene) -> BTreeMap<String, (i32, i32)> {
        scene
            .pods
            .iter()
            .map(|p| {
                let origin = scene
                    .nodes
                    .iter()
                    .find(|n| n.name == p.node)
                    .map(|n| (n.rect.x, n.rect.y))
                    .unwrap_or_default();
                (p.name.clone(), (p.rect.x - origin.0, p.rect.y - origin.1))
            })
            .collect()
    }

    #[test]
    fn nodes_control_plane_first_then_first_seen() {
        let scene = layout(&base(), &mut LayoutMemory::default(), MAX_ROW_W);
        let names: Vec<&str> = scene.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["control-plane", "worker-1", "worker-2"]);
        // Left to right in one row, no overlaps.
        for w in scene.nodes.windows(2) {
            assert!(w[0].rect.right() + NODE_GAP <= w[1].rect.x);
            assert_eq!(w[0].rect.y, w[1].rect.y);
        }
    }

    #[test]
    fn pods_sit_inside_their_nodes_and_groups() {
        let scene = layout(&base(), &mut LayoutMemory::default(), MAX_ROW_W);
        for p in &scene.pods {
            let n = scene.nodes.iter().find(|n| n.name == p.node).unwrap();
            assert!(
                p.slot.x >= n.rect.x && p.slot.right() <= n.rect.right(),
                "{}",
                p.name
            );
            assert!(
                p.slot.y >= n.rect.y && p.slot.bottom() <= n.rect.bottom(),
                "{}",
                p.name
            );
        }
        let nginx: Vec<&PodBox> = scene.pods.iter().filter(|p| p.owner.is_some()).collect();
        assert_eq!(nginx[0].rect.x, nginx[1].rect.x, "one owner, one column");
        assert!(nginx[0].rect.y < nginx[1].rect.y);
        assert_eq!(scene.groups.len(), 2);
    }

    #[test]
    fn statefulset_pods_stand_in_ordinal_order_with_their_claims_under_them() {
        let mut mem = LayoutMemory::default();
        let mut snap = base();
        let sts = |name: &str, created: &str| {
            let mut p = pod(name, "worker-1", Some("web"), created);
            if let Some(o) = &mut p.owner {
                o.kind = "StatefulSet".into();
                o.top_kind = "StatefulSet".into();
            }
            p.claims = vec![crate::snapshot::ClaimInfo {
                name: format!("www-{name}"),
                phase: "Bound".into(),
            }];
            p
        };
        snap.pods.push(sts("web-0", "2026-01-05T09:03:00Z"));
        snap.pods.push(sts("web-2", "2026-01-05T09:03:10Z"));
        layout(&snap, &mut mem, MAX_ROW_W);
        // web-1 comes back last (deleted and recreated), yet stands second.
        snap.pods.push(sts("web-1", "2026-01-05T09:09:00Z"));
        let scene = layout(&snap, &mut mem, MAX_ROW_W);
        let web: Vec<&PodBox> = scene
            .pods
            .iter()
            .filter(|p| p.name.starts_with("web-"))
            .collect();
        let names: Vec<&str> = web.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["web-0", "web-1", "web-2"]);
        for w in web.windows(2) {
            assert_eq!(w[0].slot.bottom(), w[1].slot.y, "slots stack");
            assert_eq!(w[0].slot.h, SLOT_H + CLAIM_H, "room for the claim");
        }
        let node = scene.nodes.iter().find(|n| n.name == "worker-1").unwrap();
        let group = scene
            .groups
            .iter()
            .find(|g| g.owner.as_ref().is_some_and(|o| o.name == "web"))
            .unwrap();
        assert!(web[2].slot.bottom() <= group.rect.bottom());
        assert!(group.rect.bottom() <= node.rect.bottom());
    }

    #[test]
    fn adding_a_pod_moves_no_other_pod_within_its_node() {
        let mut mem = LayoutMemory::default();
        let mut snap = base();
        let before = rel(&layout(&snap, &mut mem, MAX_ROW_W));
        // Sorts before every existing name, in the same group and in a new one.
        snap.pods.push(pod(
            "nginx-abc-aaaaa",
            "worker-1",
            Some("nginx"),
            "2026-01-05T09:03:00Z",
        ));
        snap.pods.push(pod(
            "aaa-first",
            "worker-1",
            Some("aaa"),
            "2026-01-05T09:03:00Z",
        ));
        snap.pods
            .push(pod("a-bare", "worker-2", None, "2026-01-05T09:03:00Z"));
        let after = rel(&layout(&snap, &mut mem, MAX_ROW_W));
        for (name, pos) in &before {
            assert_eq!(after.get(name), Some(pos), "{name} moved");
        }
        assert_eq!(after.len(), before.len() + 3);
    }

    #[test]
    fn a_large_group_collapses_into_a_counted_stack() {
        let mut mem = LayoutMemory::default();
        let mut snap = base();
        let many = |snap: &mut Snapshot, from: usize, to: usize| {
            for i in from..to {
                snap.pods.push(pod(
                    &format!("big-abc-{i:05}"),
                    "worker-2",
                    Some("big"),
                    "2026-01-05T09:04:00Z",
                ));
            }
        };
        many(&mut snap, 0, STACK_AT);
        let scene = layout(&snap, &mut mem, MAX_ROW_W);
        assert!(
            scene.stacks.is_empty(),
            "{STACK_AT} pods still drawn one by one"
        );
        assert_eq!(
            scene
                .pods
                .iter()
                .filter(|p| p.name.starts_with("big-"))
                .count(),
            STACK_AT
        );
        let before = rel(&scene);
        many(&mut snap, STACK_AT, 40);
        let scene = layout(&snap, &mut mem, MAX_ROW_W);
        assert_eq!(scene.stacks.len(), 1);
        let st = &scene.stacks[0];
        assert_eq!(st.members.len(), 40);
        assert_eq!(st.label(), "big ×40");
        assert!(st.summary().starts_with("40 "), "{}", st.summary());
        assert!(scene.pods.iter().all(|p| !p.name.starts_with("big-")));
        // The other pods stay where they were.
        let after = rel(&scene);
        for (name, pos) in before.iter().filter(|(n, _)| !n.starts_with("big-")) {
            assert_eq!(after.get(name), Some(pos), "{name} moved");
        }
        // The stack fits in its group and node; more pods keep its place.
        let node = scene.nodes.iter().find(|n| n.name == "worker-2").unwrap();
        assert!(st.slot.bottom() <= node.rect.bottom());
        let slot = st.slot;
        many(&mut snap, 40, 120);
        let scene = layout(&snap, &mut mem, MAX_ROW_W);
        assert_eq!(scene.stacks[0].slot, slot);
        assert_eq!(scene.stacks[0].label(), "big ×120");
    }

    #[test]
    fn a_replacement_pod_appends_and_the_gap_closes() {
        let mut mem = LayoutMemory::default();
        let mut snap = base();
        let first = rel(&layout(&snap, &mut mem, MAX_ROW_W));
        snap.pods.remove(0);
        snap.pods.push(pod(
            "nginx-abc-zzzzz",
            "worker-1",
            Some("nginx"),
            "2026-01-05T09:05:00Z",
        ));
        let after = rel(&layout(&snap, &mut mem, MAX_ROW_W));
        assert_eq!(after["nginx-abc-mmmmm"], first["nginx-abc-kkkkk"]);
        assert_eq!(after["nginx-abc-zzzzz"], first["nginx-abc-mmmmm"]);
    }

    #[test]
    fn same_history_same_scene() {
        let run = || {
            let mut mem = LayoutMemory::default();
            let mut snap = base();
            layout(&snap, &mut mem, MAX_ROW_W);
            snap.pods.push(pod(
                "web-0",
                "worker-2",
                Some("web"),
                "2026-01-05T09:04:00Z",
            ));
            layout(&snap, &mut mem, MAX_ROW_W)
        };
        assert_eq!(run(), run());
        // A fresh memory on the final state only differs in first-seen order,
        // which here agrees with creation order.
        let mut snap = base();
        snap.pods.push(pod(
            "web-0",
            "worker-2",
            Some("web"),
            "2026-01-05T09:04:00Z",
        ));
        assert_eq!(
            layout(&snap, &mut LayoutMemory::default(), MAX_ROW_W),
            run()
        );
    }

    #[test]
    fn edges_go_to_endpoint_pods_and_ports_to_every_node() {
        let scene = layout(&base(), &mut LayoutMemory::default(), MAX_ROW_W);
        assert_eq!(scene.edges.len(), 2);
        assert!(scene.edges[0].ready && !scene.edges[1].ready);
        let svc = &scene.services[0];
        assert_eq!(scene.edges[0].from, (svc.rect.cx(), svc.rect.bottom()));
        assert_eq!(svc.ports, "80:31045/TCP");
        assert_eq!(scene.tabs.len(), 3, "a node port on every node");
        for t in &scene.tabs {
            let n = scene.nodes.iter().find(|n| n.name == t.node).unwrap();
            assert_eq!(t.rect.cy(), n.rect.bottom(), "tab straddles the lower edge");
        }
        assert!(!scene.bus.is_empty());
        assert!(scene.height > scene.nodes[0].rect.bottom());
    }

    #[test]
    fn unscheduled_pods_get_their_own_lane() {
        let mut snap = base();
        snap.pods
            .push(pod("lonely", "", None, "2026-01-05T09:04:00Z"));
        let scene = layout(&snap, &mut LayoutMemory::default(), MAX_ROW_W);
        let lane = scene.unscheduled.unwrap();
        let p = scene.pods.iter().find(|p| p.name == "lonely").unwrap();
        assert!(p.slot.x >= lane.x && p.slot.right() <= lane.right());
    }

    #[test]
    fn many_nodes_wrap_and_stay_apart() {
        let mut snap = base();
        for i in 0..12 {
            snap.nodes.push(node(&format!("extra-{i:02}"), "worker"));
        }
        let scene = layout(&snap, &mut LayoutMemory::default(), 700);
        assert!(scene.width <= 700 + 2 * MARGIN + GUTTER);
        assert!(scene.nodes.iter().map(|n| n.rect.y).max() > Some(scene.nodes[0].rect.y));
        for (i, a) in scene.nodes.iter().enumerate() {
            for b in &scene.nodes[i + 1..] {
                let apart = a.rect.right() <= b.rect.x
                    || b.rect.right() <= a.rect.x
                    || a.rect.bottom() <= b.rect.y
                    || b.rect.bottom() <= a.rect.y;
                assert!(apart, "{} overlaps {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn rows_follow_the_pane() {
        let mut snap = base();
        for i in 0..5 {
            snap.nodes.push(node(&format!("extra-{i}"), "worker"));
        }
        let mut mem = LayoutMemory::default();
        let wide = layout_for_pane(&snap, &mut mem, (3000.0, 800.0));
        let rows = |s: &Scene| {
            s.nodes
                .iter()
                .map(|n| n.rect.y)
                .collect::<BTreeSet<_>>()
                .len()
        };
        assert_eq!(rows(&wide), 1);
        let tall = layout_for_pane(&snap, &mut mem, (700.0, 1400.0));
        assert!(rows(&tall) > 1);
        assert!(fit(&tall, (700.0, 1400.0)) > fit(&wide, (700.0, 1400.0)));
        // Unknown pane: the default wrap.
        assert_eq!(
            layout_for_pane(&snap, &mut mem, (0.0, 0.0)),
            layout(&snap, &mut mem, MAX_ROW_W)
        );
    }

    #[test]
    fn empty_cluster_has_a_scene() {
        let scene = layout(
            &Snapshot::default(),
            &mut LayoutMemory::default(),
            MAX_ROW_W,
        );
        assert!(scene.width > 0 && scene.height > 0);
        assert!(scene.pods.is_empty() && scene.bus.is_empty());
    }

    #[test]
    fn names_shorten_in_the_middle() {
        assert_eq!(shorten("nginx-76769d88f7-gsmjb", 15), "nginx-…-gsmjb");
        assert_eq!(shorten("curlpod", 15), "curlpod");
        assert_eq!(shorten("averyveryverylongname", 9), "aver…name");
        assert_eq!(shorten("ünïcødé-ñämé-x", 10).chars().count(), 10);
        let long = shorten("my-very-long-deployment-name-7f9c-abcde", 15);
        assert!(long.chars().count() <= 15, "{long}");
    }
}
