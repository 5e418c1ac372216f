//! The topology pane: the scene from [`crate::layout`] drawn as SVG, the
//! request packet from [`crate::anim`], the last request's hops, a legend
//! and the system-namespace toggle.
//!
//! Every drawn object carries `data-kind`, `data-name` and
//! `data-namespace`; all text is text nodes.

use super::Ctx;
use crate::anim::TraceAnim;
use crate::layout::{
    badge_width, ctl_sub, ctl_title, fit, text_width, CtlBox, Font, GroupBox, LbBox, Link, NodeBox,
    PodBox, PortTab, Rect, Scene, SvcBox, CLAIM_H, CTL_PAD, NODE_HEADER, NODE_PAD, POD_SIZE,
    SLOT_H, SLOT_W,
};
use crate::shared::Shared;
use crate::snapshot::{ClaimInfo, StatusClass};
use gloo::events::EventListener;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub scene: Shared<Scene>,
    pub anim: Option<Shared<TraceAnim>>,
    pub last: Option<Shared<TraceAnim>>,
    pub anim_rev: u64,
    pub show_system: bool,
    pub reduced_motion: bool,
    pub wall_ms: f64,
}

/// The visible region of the scene for a pane of `pane` px: 1:1 when it
/// fits (up to 1.35x on big screens), scaled down to fit otherwise (above
/// the overlays at the bottom); centred horizontally, near the top.
pub fn view_box(scene: &Scene, pane: (f64, f64)) -> (f64, f64, f64, f64) {
    let (sw, sh) = (scene.width.max(1) as f64, scene.height.max(1) as f64);
    let (pw, ph) = pane;
    if pw < 1.0 || ph < 1.0 {
        return (0.0, 0.0, sw, sh);
    }
    let scale = fit(scene, pane);
    let (vw, vh) = (pw / scale, ph / scale);
    let x = (sw - vw) / 2.0;
    let y = -((vh - sh) / 2.0).clamp(0.0, 16.0);
    (x, y, vw, vh)
}

#[function_component(Topology)]
pub fn topology(p: &TopologyProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let body_ref = use_node_ref();
    let pane = use_state(|| (0.0_f64, 0.0_f64));
    // The last request in one line; its hops listed on demand. Dismissed
    // until the next request.
    let trail_expanded = use_state(|| false);
    let trail_dismissed = use_state(|| false);

    // Measure the pane now and whenever the window resizes.
    {
        let body_ref = body_ref.clone();
        let pane = pane.clone();
        let ctx = ctx.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = body_ref.cast::<Element>() {
                    let r = el.get_bounding_client_rect();
                    pane.set((r.width(), r.height()));
                    ctx.update(|m| m.set_viewport(r.width(), r.height()));
                }
            };
            measure();
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    // A new request resets the hop list.
    {
        let (expanded, dismissed) = (trail_expanded.clone(), trail_dismissed.clone());
        let id = p.last.as_ref().map(|a| a.id);
        use_effect_with(id, move |_| {
            expanded.set(false);
            dismissed.set(false);
        });
    }

    let toggle_system = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            ctx.update(|m| m.set_show_system(on));
        })
    };
    let close_trail = {
        let dismissed = trail_dismissed.clone();
        Callback::from(move |_: MouseEvent| dismissed.set(true))
    };
    let toggle_trail = {
        let expanded = trail_expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };

    let scene = &p.scene;
    let (vx, vy, vw, vh) = view_box(scene, *pane);
    let frame = p
        .anim
        .as_ref()
        .map(|a| (a.clone(), a.frame(p.wall_ms, p.reduced_motion)));
    let packet = frame.as_ref().map(|(a, f)| packet_view(a, f, scene));
    let trail = match (&p.last, *trail_dismissed) {
        (Some(last), false) => {
            let current = frame
                .as_ref()
                .filter(|(a, _)| a.id == last.id)
                .map(|(_, f)| if f.arrived { usize::MAX } else { f.hop })
                .unwrap_or(usize::MAX);
            trail_view(last, current, *trail_expanded, toggle_trail, close_trail)
        }
        _ => html! {},
    };

    html! {
        <section class="pane topology" aria-label="Topology">
            <div class="pane-head">
                <h2>{ "Topology" }</h2>
                <label class="toggle" title="kube-system, kube-public, kube-node-lease and the kubernetes Service">
                    <input type="checkbox" checked={p.show_system} onchange={toggle_system} />
                    { "system namespaces" }
                </label>
            </div>
            <div class="topo-body" ref={body_ref}>
                <svg class={classes!("topo", p.reduced_motion.then_some("reduced"))}
                    role="img" aria-label="cluster topology"
                    viewBox={format!("{vx:.1} {vy:.1} {vw:.1} {vh:.1}")}
                    preserveAspectRatio="xMidYMin meet">
                    <defs>
                        <marker id="kp-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0 1L9 5L0 9z" class="arrow-head" />
                        </marker>
                    </defs>
                    <SceneView scene={p.scene.clone()} />
                    { packet.unwrap_or_default() }
                </svg>
                { trail }
            </div>
            <div class="legend-bar">{ legend() }</div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SceneProps {
    scene: Shared<Scene>,
}

/// The static drawing; re-rendered only when the scene changes.
#[function_component(SceneView)]
fn scene_view(p: &SceneProps) -> Html {
    let s = &*p.scene;
    let bus = s.bus.iter().enumerate().map(|(i, line)| {
        let d = line
            .iter()
            .enumerate()
            .map(|(j, (x, y))| format!("{}{x} {y}", if j == 0 { "M" } else { "L" }))
            .collect::<String>();
        // The first line is the trunk from the host; drops end in arrows.
        let drop = i > 0 && line.first().map(|a| a.0) == line.last().map(|b| b.0);
        html! {
            <path class="bus" d={d} marker-end={drop.then_some("url(#kp-arrow)")}
                data-kind="HostLink" data-name="localhost" data-namespace="" />
        }
    });
    let services_placeholder = s.services.is_empty().then(|| {
        let r = s.services_area;
        let text = "No Services yet: kubectl expose deployment nginx --port 80";
        let w = r.w.max(text_width(text, 13, Font::Sans) + 48);
        html! {
            <g class="svc-empty" data-kind="ServicesPlaceholder" data-name="" data-namespace="">
                <rect x={(r.cx() - w / 2).to_string()} y={r.y.to_string()} width={w.to_string()} height="52" rx="26" />
                <text x={r.cx().to_string()} y={(r.y + 31).to_string()} text-anchor="middle">{ text }</text>
            </g>
        }
    });
    let no_nodes = (s.nodes.is_empty() && s.unscheduled.is_none()).then(|| {
        let r = s.services_area;
        html! {
            <text class="muted-note" x={r.cx().to_string()} y={(r.bottom() + 110).to_string()} text-anchor="middle">
                { "No nodes in this cluster." }
            </text>
        }
    });
    html! {
        <g class="scene">
            <g class="layer-bus">{ for bus }</g>
            { host_view(s.host) }
            { dns_view(s) }
            { services_placeholder.unwrap_or_default() }
            { no_nodes.unwrap_or_default() }
            <g class="layer-nodes">
                { for s.nodes.iter().map(node_view) }
                { s.unscheduled.map(unscheduled_view).unwrap_or_default() }
            </g>
            <g class="layer-groups">{ for s.groups.iter().map(group_view) }</g>
            <g class="layer-edges">
                { for s.edges.iter().map(|e| {
                    let (x1, y1) = e.from;
                    let (x2, y2) = e.to;
                    let bend = ((y2 - y1) / 2).max(30);
                    let d = format!("M{x1} {y1} C{x1} {} {x2} {} {x2} {y2}", y1 + bend, y2 - bend);
                    html! {
                        <path key={format!("{}/{}>{}", e.namespace, e.service, e.pod)}
                            class={classes!("edge", format!("c{}", e.color), (!e.ready).then_some("not-ready"))}
                            d={d}
                            data-kind="Endpoint" data-name={e.pod.clone()} data-namespace={e.namespace.clone()}
                            data-service={e.service.clone()} data-ready={e.ready.to_string()} />
                    }
                }) }
            </g>
            <g class="layer-links">{ for s.links.iter().map(link_view) }</g>
            <g class="layer-node-labels">{ for s.nodes.iter().map(node_label_view) }</g>
            <g class="layer-entry">{ for s.lbs.iter().map(lb_view) }</g>
            <g class="layer-ingress">{ for s.controllers.iter().map(ctl_view) }</g>
            <g class="layer-services">{ for s.services.iter().map(service_view) }</g>
            <g class="layer-ports">{ for s.tabs.iter().map(tab_view) }</g>
            <g class="layer-pods">{ for s.pods.iter().map(pod_view) }</g>
        </g>
    }
}

fn host_view(r: Rect) -> Html {
    let (x, y) = (r.x, r.y);
    html! {
        <g class="host" data-kind="Host" data-name="localhost" data-namespace="">
            <title>{ "localhost: your machine, outside the cluster (Docker Desktop forwards node ports to it)" }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="12" />
            <g transform={format!("translate({} {})", x + 14, y + 15)} class="icon-laptop">
                <rect x="2" y="0" width="22" height="15" rx="2" />
                <path d="M0 19h26" />
            </g>
            <text class="title" x={(x + 50).to_string()} y={(y + 22).to_string()}>{ "localhost" }</text>
            <text class="sub" x={(x + 50).to_string()} y={(y + 39).to_string()}>{ "your machine" }</text>
        </g>
    }
}

fn dns_view(s: &Scene) -> Html {
    let r = s.dns.rect;
    let (x, y) = (r.x, r.y);
    let sub = if s.dns.ip.is_empty() {
        "kube-dns".to_string()
    } else {
        format!("kube-dns {}", s.dns.ip)
    };
    html! {
        <g class="dns" data-kind="DNS" data-name="kube-dns" data-namespace="kube-system">
            <title>{ "Cluster DNS (CoreDNS behind the kube-dns Service): answers <service>.<namespace>.svc.cluster.local" }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="12" />
            <g transform={format!("translate({} {})", x + 26, y + 26)} class="icon-dns">
                <circle r="11" />
                <path d="M-11 0h22M0 -11c-5 6-5 16 0 22M0 -11c5 6 5 16 0 22" />
            </g>
            <text class="title" x={(x + 48).to_string()} y={(y + 22).to_string()}>{ "CoreDNS" }</text>
            <text class="sub mono" x={(x + 48).to_string()} y={(y + 39).to_string()}>{ sub }</text>
        </g>
    }
}

fn node_title(n: &NodeBox) -> String {
    let ready = if n.ready { "Ready" } else { "NotReady" };
    let mut title = format!(
        "Node {} ({}), InternalIP {}, {}",
        n.name, n.role, n.ip, ready
    );
    if !n.taints.is_empty() {
        title.push_str(&format!(", taints: {}", n.taints.join(", ")));
    }
    title
}

/// A node's box (drawn under the edges).
fn node_view(n: &NodeBox) -> Html {
    let r = n.rect;
    let (x, y) = (r.x, r.y);
    html! {
        <g key={n.name.clone()} class={classes!("node", (!n.ready).then_some("notready"))}
            data-kind="Node" data-name={n.name.clone()} data-namespace="">
            <title>{ node_title(n) }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="14" />
            <path class="header-rule" d={format!("M{} {}h{}", x + 1, y + NODE_HEADER - 8, r.w - 2)} />
        </g>
    }
}

/// A node's texts (drawn over the edges, with a halo so lines never cut them).
fn node_label_view(n: &NodeBox) -> Html {
    let r = n.rect;
    let (x, y) = (r.x, r.y);
    let empty = (n.pods == 0).then(|| {
        let taint = n.taints.iter().any(|t| t == "NoSchedule").then(|| {
            html! {
                <text class="muted-note" x={r.cx().to_string()} y={(y + NODE_HEADER + 44).to_string()} text-anchor="middle">
                    { "tainted NoSchedule" }
                </text>
            }
        });
        html! {
            <>
                <text class="muted-note" x={r.cx().to_string()} y={(y + NODE_HEADER + 24).to_string()} text-anchor="middle">
                    { "no pods" }
                </text>
                { taint.unwrap_or_default() }
            </>
        }
    });
    let badge = (!n.ready).then(|| {
        html! {
            <g class="badge-notready">
                <rect x={(r.right() - 92).to_string()} y={(y + 12).to_string()} width="78" height="22" rx="11" />
                <text x={(r.right() - 53).to_string()} y={(y + 27).to_string()} text-anchor="middle">{ "NotReady" }</text>
            </g>
        }
    });
    html! {
        <g key={n.name.clone()} class={classes!("node-label", (!n.ready).then_some("notready"))} aria-hidden="true">
            <text class="title halo" x={(x + NODE_PAD).to_string()} y={(y + 22).to_string()}>{ n.name.clone() }</text>
            <text class="sub halo" x={(x + NODE_PAD).to_string()} y={(y + 39).to_string()}>
                { n.role.clone() }<tspan class="mono">{ format!("  {}", n.ip) }</tspan>
            </text>
            { badge.unwrap_or_default() }
            { empty.unwrap_or_default() }
        </g>
    }
}

fn unscheduled_view(r: Rect) -> Html {
    html! {
        <g class="unscheduled" data-kind="Unscheduled" data-name="" data-namespace="">
            <title>{ "Pods the scheduler has not placed on a node yet" }</title>
            <rect class="box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="14" />
            <text class="title" x={(r.x + 16).to_string()} y={(r.y + 24).to_string()}>{ "Not scheduled" }</text>
            <text class="sub" x={(r.x + 16).to_string()} y={(r.y + 41).to_string()}>{ "waiting for a node" }</text>
        </g>
    }
}

fn group_view(g: &GroupBox) -> Html {
    let Some(owner) = &g.owner else {
        return html! {};
    };
    let r = g.rect;
    let max_chars = ((r.w - 14) as f64 / (12.0 * 0.66)) as usize;
    // A CronJob's Jobs show its schedule under the label.
    let (below, schedule) = if owner.schedule.is_empty() {
        (0, html! {})
    } else {
        (
            crate::layout::SCHEDULE_H,
            html! {
                <text class="halo schedule" x={(r.x + 8).to_string()} y={(r.bottom() - 7).to_string()} font-size="11">
                    { crate::layout::shorten(&owner.schedule, max_chars + 2) }
                </text>
            },
        )
    };
    html! {
        <g key={format!("{}/{}/{}/{}", g.node, g.namespace, owner.kind, owner.name)} class="group"
            data-kind={owner.kind.clone()} data-name={owner.name.clone()} data-namespace={g.namespace.clone()}>
            <title>{ owner.describe() }</title>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="10" />
            <text class="halo" x={(r.x + 8).to_string()} y={(r.bottom() - 7 - below).to_string()}>
                { crate::layout::shorten(&owner.label(), max_chars) }
            </text>
            { schedule }
        </g>
    }
}

fn service_view(s: &SvcBox) -> Html {
    let r = s.rect;
    let (x, y) = (r.x, r.y);
    let name_w = text_width(&s.name, 14, Font::Bold);
    let badge_w = badge_width(&s.type_);
    let detail = format!(
        "{} · {}",
        if s.cluster_ip.is_empty() {
            "<pending>"
        } else {
            &s.cluster_ip
        },
        s.ports
    );
    let title = format!(
        "Service {}/{} ({}), cluster IP {}, ports {}; endpoints: {} ready, {} not ready",
        s.namespace, s.name, s.type_, s.cluster_ip, s.ports, s.ready, s.not_ready
    );
    html! {
        <g key={format!("{}/{}", s.namespace, s.name)} class={classes!("svc", format!("c{}", s.color))}
            data-kind="Service" data-name={s.name.clone()} data-namespace={s.namespace.clone()}
            data-cluster-ip={s.cluster_ip.clone()}>
            <title>{ title }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx={(r.h / 2).to_string()} />
            <g transform={format!("translate({} {})", x + 27, r.cy())} class="icon-svc">
                <circle r="15" />
                <path d="M0 -5v4M0 -1l-6 6M0 -1l6 6" />
                <circle class="dot" cx="0" cy="-6" r="2.6" />
                <circle class="dot" cx="-6" cy="6" r="2.6" />
                <circle class="dot" cx="6" cy="6" r="2.6" />
            </g>
            <text class="title" x={(x + 50).to_string()} y={(y + 22).to_string()}>{ s.name.clone() }</text>
            <g class="type-badge">
                <rect x={(x + 50 + name_w + 8).to_string()} y={(y + 9).to_string()} width={badge_w.to_string()} height="18" rx="9" />
                <text x={(x + 50 + name_w + 8 + badge_w / 2).to_string()} y={(y + 22).to_string()} text-anchor="middle">{ s.type_.clone() }</text>
            </g>
            <text class="sub mono" x={(x + 50).to_string()} y={(y + 40).to_string()}>{ detail }</text>
        </g>
    }
}

fn link_view(l: &Link) -> Html {
    let (Some(&(x1, y1)), Some(&(x2, y2))) = (l.points.first(), l.points.last()) else {
        return html! {};
    };
    let d = match l.kind {
        "HostLink" | "LoadBalancerLink" => l
            .points
            .iter()
            .enumerate()
            .map(|(j, (x, y))| format!("{}{x} {y}", if j == 0 { "M" } else { "L" }))
            .collect::<String>(),
        _ => {
            let bend = ((y2 - y1) / 2).max(30);
            format!(
                "M{x1} {y1} C{x1} {} {x2} {} {x2} {y2}",
                y1 + bend,
                y2 - bend
            )
        }
    };
    let arrow = matches!(l.kind, "HostLink" | "IngressRoute").then_some("url(#kp-arrow)");
    html! {
        <path key={format!("{}/{}/{}/{x1},{y1}>{x2},{y2}", l.kind, l.namespace, l.name)}
            class={classes!("link", l.kind.to_ascii_lowercase())} d={d} marker-end={arrow}
            data-kind={l.kind} data-name={l.name.clone()} data-namespace={l.namespace.clone()} />
    }
}

/// A LoadBalancer entry point: the address and ports it opens.
fn lb_view(l: &LbBox) -> Html {
    let r = l.rect;
    let (x, y) = (r.x, r.y);
    let title = format!("{}:{}", l.address, l.ports);
    html! {
        <g key={format!("{}/{}", l.namespace, l.name)} class="lb"
            data-kind="LoadBalancer" data-name={l.name.clone()} data-namespace={l.namespace.clone()}>
            <title>{ format!("LoadBalancer of Service {}/{}: {title} (Docker Desktop publishes it on localhost) -> node ports on every node", l.namespace, l.name) }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx={(r.h / 2).to_string()} />
            <g transform={format!("translate({} {})", x + 24, r.cy())} class="icon-lb">
                <circle r="13" />
                <path d="M-7 -4h14M-7 4h14M3 -8l4 4-4 4M3 0l4 4-4 4" />
            </g>
            <text class="title mono" x={(x + 46).to_string()} y={(y + 19).to_string()}>{ title }</text>
            <text class="sub" x={(x + 46).to_string()} y={(y + 35).to_string()}>{ format!("LoadBalancer {}", l.name) }</text>
        </g>
    }
}

/// An ingress controller and its routing table, one row per Ingress rule.
fn ctl_view(c: &CtlBox) -> Html {
    let r = c.rect;
    let (x, y) = (r.x, r.y);
    let rows = c.rows.iter().enumerate().map(|(i, row)| {
        let rr = row.rect;
        html! {
            <g key={format!("{}/{}/{i}", row.namespace, row.ingress)}
                class={classes!("route", (!row.found).then_some("missing"))}
                data-kind="Ingress" data-name={row.ingress.clone()} data-namespace={row.namespace.clone()}
                data-host={row.rule.host.clone()} data-path={row.rule.path.clone()} data-service={row.rule.service.clone()}>
                <title>{ format!(
                    "Ingress {}/{}: {}{}",
                    row.namespace, row.ingress, row.text(),
                    if row.found { "" } else { " (no such Service: 503)" }
                ) }</title>
                <rect x={rr.x.to_string()} y={rr.y.to_string()} width={rr.w.to_string()} height={rr.h.to_string()} rx="6" />
                <text class="mono" x={(rr.x + 8).to_string()} y={(rr.y + 16).to_string()}>
                    { row.rule.matcher() }
                    <tspan class="arrow">{ " → " }</tspan>
                    <tspan class="target">{ format!("{}:{}", row.rule.service, row.rule.port) }</tspan>
                    if let Some(rw) = &row.rewrite {
                        <tspan class="rewrite">{ format!(" · rewrite {rw}") }</tspan>
                    }
                </text>
            </g>
        }
    });
    let empty = c.rows.is_empty().then(|| {
        html! {
            <text class="muted-note" x={(x + CTL_PAD + 8).to_string()} y={(y + 48 + 16).to_string()}>
                { "no Ingress rules yet: kubectl apply an Ingress" }
            </text>
        }
    });
    html! {
        <g key={format!("{}/{}", c.namespace, c.name)} class={classes!("ctl", c.name.is_empty().then_some("orphan"))}
            data-kind="IngressController" data-name={c.name.clone()} data-namespace={c.namespace.clone()}>
            <title>{ if c.name.is_empty() {
                "Ingresses whose class no running controller implements: nothing routes them".to_string()
            } else {
                format!("Ingress controller {}/{} (pods: {}); IngressClass {}", c.namespace, c.name, c.pods.join(", "), c.classes.join(", "))
            } }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="12" />
            <g transform={format!("translate({} {})", x + 26, y + 24)} class="icon-ing">
                <circle r="14" />
                <path d="M-8 0h9M1 0l7 -6M1 0l7 6M1 0h7" />
            </g>
            <text class="title" x={(x + 48).to_string()} y={(y + 21).to_string()}>{ ctl_title(&c.name) }</text>
            <text class="sub" x={(x + 48).to_string()} y={(y + 38).to_string()}>{ ctl_sub(&c.namespace, &c.name, &c.classes) }</text>
            { for rows }
            { empty.unwrap_or_default() }
        </g>
    }
}

fn tab_view(t: &PortTab) -> Html {
    let r = t.rect;
    html! {
        <g key={format!("{}/{}", t.node, t.port)} class="nodeport"
            data-kind="NodePort" data-name={t.port.to_string()} data-namespace={t.namespace.clone()}
            data-node={t.node.clone()} data-service={t.service.clone()}>
            <title>{ format!("NodePort {} on {} -> Service {}/{} port {}", t.port, t.node, t.namespace, t.service, t.service_port) }</title>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="6" />
            <text x={r.cx().to_string()} y={(r.y + 15).to_string()} text-anchor="middle">{ format!(":{}", t.port) }</text>
        </g>
    }
}

fn pod_glyph(class: StatusClass) -> Html {
    let c = POD_SIZE / 2;
    match class {
        StatusClass::Running | StatusClass::Terminating => html! {
            <path class="glyph" d={format!(
                "M{c} {a}l9 5v10l-9 5-9-5v-10z M{c} {b}v10 M{c} {b}l9-5 M{c} {b}l-9-5",
                a = c - 10, b = c
            )} />
        },
        StatusClass::Pending => html! {
            <>
                <circle class="ring-track" cx={c.to_string()} cy={c.to_string()} r="11" />
                <circle class="spinner" cx={c.to_string()} cy={c.to_string()} r="11" />
            </>
        },
        StatusClass::Completed => html! {
            <path class="glyph" d={format!("M{} {}l6 6 11-12", c - 9, c)} />
        },
        StatusClass::Failed => html! {
            <path class="glyph" d={format!("M{a} {a}l16 16M{b} {a}l-16 16", a = c - 8, b = c + 8)} />
        },
    }
}

fn pod_view(p: &PodBox) -> Html {
    let s = p.slot;
    let sq_x = (SLOT_W - POD_SIZE) / 2;
    let mut title = format!("Pod {}/{}: {}", p.namespace, p.name, p.status);
    if !p.ip.is_empty() {
        title.push_str(&format!(", IP {}", p.ip));
    }
    if !p.node.is_empty() {
        title.push_str(&format!(", on {}", p.node));
    }
    if let Some(o) = &p.owner {
        title.push_str(&format!(", {}", o.describe()));
    }
    html! {
        <g key={format!("{}/{}", p.namespace, p.name)}
            class={classes!("pod", p.class.css())}
            style={format!("transform: translate({}px, {}px)", s.x, s.y)}
            data-kind="Pod" data-name={p.name.clone()} data-namespace={p.namespace.clone()}
            data-status={p.status.clone()}>
            <title>{ title }</title>
            <g class="pod-in">
                <g transform={format!("translate({sq_x} 4)")}>
                    <rect class="sq" width={POD_SIZE.to_string()} height={POD_SIZE.to_string()} rx="10" />
                    { pod_glyph(p.class) }
                </g>
                <text class="name" x={(SLOT_W / 2).to_string()} y={(POD_SIZE + 21).to_string()} text-anchor="middle">{ p.label.clone() }</text>
                <text class="status" x={(SLOT_W / 2).to_string()} y={(POD_SIZE + 37).to_string()} text-anchor="middle">{ p.status.clone() }</text>
                { for p.claims.iter().enumerate().map(|(i, c)| claim_view(&p.namespace, c, SLOT_H - 6 + i as i32 * CLAIM_H)) }
            </g>
        </g>
    }
}

/// A PersistentVolumeClaim under its pod: a small cylinder (a disk) with
/// the claim's name and phase. Colours are presentation attributes
/// (Okabe-Ito: bluish green when Bound, orange otherwise).
fn claim_view(namespace: &str, c: &ClaimInfo, y: i32) -> Html {
    let colour = if c.phase == "Bound" {
        "#009E73"
    } else {
        "#E69F00"
    };
    let (cx, rx, top, h) = (14, 8, y + 4, 16);
    let body = format!(
        "M{l} {t}v{h}a{rx} 3 0 0 0 {w} 0v-{h}",
        l = cx - rx,
        t = top + 3,
        w = 2 * rx,
    );
    html! {
        <g class={classes!("claim", c.phase.to_lowercase())}
            data-kind="PersistentVolumeClaim" data-name={c.name.clone()}
            data-namespace={namespace.to_string()} data-status={c.phase.clone()}>
            <title>{ format!("PersistentVolumeClaim {namespace}/{}: {}", c.name, c.phase) }</title>
            <path d={body} fill={colour} fill-opacity="0.25" stroke={colour} stroke-width="1.5" />
            <ellipse cx={cx.to_string()} cy={(top + 3).to_string()} rx={rx.to_string()} ry="3"
                fill={colour} stroke={colour} stroke-width="1.5" />
            <text class="claim-name" x="26" y={(y + 12).to_string()} font-size="10">
                { crate::layout::shorten(&c.name, 12) }
            </text>
            <text class="claim-phase" x="26" y={(y + 24).to_string()} font-size="9" fill={colour}>
                { c.phase.clone() }
            </text>
        </g>
    }
}

fn packet_view(a: &TraceAnim, f: &crate::anim::PacketFrame, scene: &Scene) -> Html {
    let ring = f.highlight.map(|r| {
        html! {
            <rect class="hop-ring" x={(r.x - 5).to_string()} y={(r.y - 5).to_string()}
                width={(r.w + 10).to_string()} height={(r.h + 10).to_string()} rx="14" />
        }
    });
    // The caption sits above the packet (or the highlighted hop), inside the scene.
    let anchor = f
        .pos
        .or_else(|| f.highlight.map(|r| (r.cx() as f64, r.y as f64)))
        .unwrap_or((scene.width as f64 / 2.0, 40.0));
    let caption = f.caption.clone();
    let w = (text_width(&caption, 13, Font::Mono) + 24) as f64;
    let cx = anchor.0.clamp(
        w / 2.0 + 4.0,
        (scene.width as f64 - w / 2.0 - 4.0).max(w / 2.0 + 4.0),
    );
    let cy = (anchor.1 - 34.0).max(4.0);
    let dot = f.pos.map(|(x, y)| {
        html! {
            <g class="packet-dot" transform={format!("translate({x:.1} {y:.1})")}>
                <circle class="halo" r="13" />
                <circle class="core" r="7" />
                if f.failed { <path class="x" d="M-3.5 -3.5l7 7M3.5 -3.5l-7 7" /> }
            </g>
        }
    });
    html! {
        <g key={a.id} class={classes!("packet", f.failed.then_some("failed"), f.arrived.then_some("arrived"))}
            data-kind="Packet" data-name={a.id.to_string()} data-namespace="" data-hop={f.hop.to_string()}>
            { ring.unwrap_or_default() }
            { dot.unwrap_or_default() }
            <g class="caption" transform={format!("translate({:.1} {:.1})", cx - w / 2.0, cy)}>
                <rect width={format!("{w:.0}")} height="24" rx="12" />
                <text x={format!("{:.0}", w / 2.0)} y="16.5" text-anchor="middle">{ caption }</text>
            </g>
        </g>
    }
}

fn trail_view(
    a: &TraceAnim,
    current: usize,
    expanded: bool,
    toggle: Callback<MouseEvent>,
    close: Callback<MouseEvent>,
) -> Html {
    let done = current == usize::MAX;
    let items = a.hops.iter().enumerate().map(|(i, h)| {
        let state = if done || i < current {
            "done"
        } else if i == current {
            "current"
        } else {
            "todo"
        };
        html! {
            <li class={state}>
                <span class="hop-kind">{ h.kind.clone() }</span>
                <span class="hop-note">{ if h.note.is_empty() { h.name.clone() } else { h.note.clone() } }</span>
            </li>
        }
    });
    let fold_label = if expanded {
        "Hide the hops"
    } else {
        "Show the hops"
    };
    html! {
        <div class={classes!("trail", expanded.then_some("open"))} aria-label="Last request">
            <div class="trail-head">
                <span class="trail-title">{ "Last request" }</span>
                if !expanded {
                    <span class="trail-req">{ a.hops.first().map(|h| h.note.clone()).unwrap_or_default() }</span>
                    <span class={classes!("trail-out", (!a.ok).then_some("failed"))}>{ a.summary.clone() }</span>
                }
                <button class="trail-fold" aria-label={fold_label} aria-expanded={expanded.to_string()}
                    title={fold_label} onclick={toggle}>
                    { if expanded { format!("{} hops ▾", a.hops.len()) } else { format!("{} hops ▸", a.hops.len()) } }
                </button>
                <button class="trail-close" aria-label="Hide the last request" title="Hide" onclick={close}>{ "×" }</button>
            </div>
            if expanded {
                <ol>{ for items }</ol>
                if done {
                    <div class={classes!("trail-result", (!a.ok).then_some("failed"))} aria-live="polite">{ a.summary.clone() }</div>
                }
            }
        </div>
    }
}

fn legend() -> Html {
    let item = |class: StatusClass, label: &str| {
        html! {
            <li>
                <svg viewBox="-2 -2 46 46" class={classes!("legend-pod", class.css())} aria-hidden="true">
                    <rect class="sq" width="42" height="42" rx="10" />
                    { pod_glyph(class) }
                </svg>
                { label.to_string() }
            </li>
        }
    };
    html! {
        <ul class="legend" aria-label="Legend">
            { item(StatusClass::Running, "Running") }
            { item(StatusClass::Pending, "Pending") }
            { item(StatusClass::Completed, "Completed") }
            { item(StatusClass::Failed, "Failed") }
            { item(StatusClass::Terminating, "Terminating") }
            <li><svg viewBox="0 0 28 10" class="legend-line" aria-hidden="true"><path d="M1 5h26" /></svg>{ "endpoint" }</li>
            <li><svg viewBox="0 0 28 10" class="legend-line not-ready" aria-hidden="true"><path d="M1 5h26" /></svg>{ "not ready" }</li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::view_box;
    use crate::layout::Scene;

    fn scene(width: i32, height: i32) -> Scene {
        Scene {
            width,
            height,
            ..Scene::default()
        }
    }

    #[test]
    fn view_box_fits_and_centres() {
        // Fits: drawn larger (at most 1.35x), centred horizontally.
        let (x, _, w, _) = view_box(&scene(800, 400), (1000.0, 600.0));
        assert!((w - 1000.0 / 1.25).abs() < 1e-6, "{w}");
        assert!(x <= 0.0);
        // Too big: scaled down to fit both ways.
        let (_, _, w, h) = view_box(&scene(2000, 1000), (1000.0, 600.0));
        assert!(w >= 2000.0 && h >= 1000.0);
        // No pane yet.
        assert_eq!(view_box(&scene(10, 10), (0.0, 0.0)), (0.0, 0.0, 10.0, 10.0));
    }
}
