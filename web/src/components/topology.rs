//! The topology pane: the scene from [`crate::layout`] drawn as SVG, the
//! request packet from [`crate::anim`], the last request's hops, a legend
//! and the system-namespace toggle.
//!
//! Every drawn object carries `data-kind`, `data-name` and
//! `data-namespace`; all text is text nodes.

use super::{use_lang, Ctx};
use crate::anim::TraceAnim;
use crate::i18n::{fill, t as ui_t, Lang};
use crate::inspect::{Focus, Target};
use crate::layout::{
    badge_width, ctl_sub, ctl_title, fit, text_width, CronBox, CtlBox, Font, GroupBox, LbBox, Link,
    NodeBox, OuterBox, PodBox, PortTab, Rect, Scene, StackBox, SvcBox, CLAIM_H, CTL_PAD,
    NODE_HEADER, NODE_PAD, POD_SIZE, SLOT_H, SLOT_W,
};
use crate::shared::Shared;
use crate::snapshot::{ClaimInfo, StatusClass};
use cluster::hints::Hint;
use gloo::events::EventListener;
use std::rc::Rc;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
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
    /// The engine's hints, drawn as badges.
    pub hints: Shared<Vec<Hint>>,
    /// Moves when the inspector's selection or content changes.
    pub inspect_rev: u64,
}

/// The user's zoom and pan over the fitted view: `zoom` 1 is "fit to
/// screen", `pan` is in scene units from the fitted centre.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f64,
    pub pan: (f64, f64),
}

impl Default for View {
    fn default() -> View {
        View {
            zoom: 1.0,
            pan: (0.0, 0.0),
        }
    }
}

pub const MIN_ZOOM: f64 = 0.25;
pub const MAX_ZOOM: f64 = 8.0;
/// One wheel notch or button press.
pub const ZOOM_STEP: f64 = 1.25;

/// The view box after the user's zoom and pan over the fitted one.
pub fn zoomed(base: (f64, f64, f64, f64), v: View) -> (f64, f64, f64, f64) {
    let (x, y, w, h) = base;
    let (zw, zh) = (w / v.zoom, h / v.zoom);
    (
        x + (w - zw) / 2.0 + v.pan.0,
        y + (h - zh) / 2.0 + v.pan.1,
        zw,
        zh,
    )
}

/// Zooms by `factor` keeping the scene point under the pane fraction
/// `at` (0..1 each way) where it is.
pub fn zoom_at(base: (f64, f64, f64, f64), v: View, at: (f64, f64), factor: f64) -> View {
    let (x0, y0, w0, h0) = zoomed(base, v);
    let px = x0 + at.0 * w0;
    let py = y0 + at.1 * h0;
    let zoom = (v.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
    let (x, y, w, h) = base;
    let (zw, zh) = (w / zoom, h / zoom);
    // Solve x + (w - zw)/2 + pan = px - at*zw for pan.
    View {
        zoom,
        pan: (
            px - at.0 * zw - x - (w - zw) / 2.0,
            py - at.1 * zh - y - (h - zh) / 2.0,
        ),
    }
}

/// Moves the view by a drag of (dx, dy) pane px in a pane `pane_w` px wide.
pub fn pan_by(base: (f64, f64, f64, f64), v: View, d: (f64, f64), pane_w: f64) -> View {
    let (_, _, w, _) = zoomed(base, v);
    let k = if pane_w > 0.0 { w / pane_w } else { 1.0 };
    View {
        zoom: v.zoom,
        pan: (v.pan.0 - d.0 * k, v.pan.1 - d.1 * k),
    }
}

/// A drag in progress: where it started (client px), the view then, and
/// whether it moved far enough to not be a click.
#[derive(Clone, Copy, Debug, Default)]
struct Drag {
    start: (f64, f64),
    view: Option<View>,
    moved: bool,
}

/// The drawn element under an event: the nearest ancestor with a
/// `data-kind`, as (kind, namespace, name, data-service).
fn element_target(target: Option<web_sys::EventTarget>) -> Option<Target> {
    use wasm_bindgen::JsCast;
    let el = target?.dyn_into::<Element>().ok()?;
    let el = el.closest("[data-kind]").ok()??;
    let attr = |n: &str| el.get_attribute(n).unwrap_or_default();
    crate::inspect::resolve(
        &attr("data-kind"),
        &attr("data-namespace"),
        &attr("data-name"),
        &attr("data-service"),
    )
}

/// The visible region of the scene for a pane of `pane` px: 1:1 when it
/// fits (up to 1.35x on big screens), scaled down to fit otherwise (above
/// the overlays at the bottom); centred horizontally, near the top.
pub fn view_box(scene: &Scene, pane: (f64, f64)) -> (f64, f64, f64, f64) {
    view_box_at_least(scene, pane, 0.0)
}

/// [`view_box`] drawn at `min_scale` or more (large text: a scene too
/// big for the pane overflows from its left edge, and pans).
pub fn view_box_at_least(scene: &Scene, pane: (f64, f64), min_scale: f64) -> (f64, f64, f64, f64) {
    let (sw, sh) = (scene.width.max(1) as f64, scene.height.max(1) as f64);
    let (pw, ph) = pane;
    if pw < 1.0 || ph < 1.0 {
        return (0.0, 0.0, sw, sh);
    }
    let scale = fit(scene, pane).max(min_scale);
    let (vw, vh) = (pw / scale, ph / scale);
    let x = if vw >= sw { (sw - vw) / 2.0 } else { 0.0 };
    let y = -((vh - sh) / 2.0).clamp(0.0, 16.0);
    (x, y, vw, vh)
}

#[function_component(Topology)]
pub fn topology(p: &TopologyProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let lang = use_lang();
    let body_ref = use_node_ref();
    let pane = use_state(|| (0.0_f64, 0.0_f64));
    // The last request in one line; its hops listed on demand. Dismissed
    // until the next request.
    let trail_expanded = use_state(|| false);
    let trail_dismissed = use_state(|| false);
    let view = use_state(View::default);
    let drag = use_mut_ref(Drag::default);

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
    let (inspection, ns_filter, namespaces, large, theme) = {
        let m = ctx.model.borrow();
        (
            m.inspection.clone().map(Shared),
            m.namespace_filter.clone(),
            m.namespaces(),
            m.large_text,
            m.theme.clone(),
        )
    };
    // Large text: the view box of a pane LARGE_SCALE times smaller, drawn
    // in the real one.
    let k = if large {
        crate::model::LARGE_SCALE
    } else {
        1.0
    };
    // At least 1:1 in the smaller pane, LARGE_SCALE in the real one: 12 px
    // text reads as 16 px or more.
    let base = if large {
        view_box_at_least(scene, (pane.0 / k, pane.1 / k), 1.0)
    } else {
        view_box(scene, *pane)
    };
    let (vx, vy, vw, vh) = zoomed(base, *view);
    // The theme and text size apply to the whole page (the root element).
    use_effect_with((large, theme.clone()), |(large, theme)| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = match theme {
                Some(t) => root.set_attribute("data-theme", t),
                None => root.remove_attribute("data-theme"),
            };
            let _ = if *large {
                root.set_attribute("data-large", "1")
            } else {
                root.remove_attribute("data-large")
            };
        }
    });
    let toggle_large = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.update(|m| m.set_large_text(!large)))
    };
    let cycle_theme = {
        let ctx = ctx.clone();
        let next = match theme.as_deref() {
            None => Some("dark".to_string()),
            Some("dark") => Some("light".to_string()),
            _ => None,
        };
        Callback::from(move |_: MouseEvent| {
            let next = next.clone();
            ctx.update(|m| m.set_theme(next))
        })
    };
    let theme_label = match theme.as_deref() {
        Some("dark") => ui_t("topo.theme_dark"),
        Some("light") => ui_t("topo.theme_light"),
        _ => ui_t("topo.theme_system"),
    };
    let export = {
        let body_ref = body_ref.clone();
        move |png: bool| {
            let body_ref = body_ref.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(el) = body_ref.cast::<Element>() {
                    crate::export::download(&el, png);
                }
            })
        }
    };
    let select = {
        let ctx = ctx.clone();
        Callback::from(move |t: Option<Target>| ctx.update(|m| m.select(t)))
    };
    let zoom_by = {
        let view = view.clone();
        move |factor: f64| {
            let view = view.clone();
            Callback::from(move |_: MouseEvent| {
                view.set(zoom_at(base, *view, (0.5, 0.5), factor));
            })
        }
    };
    let fit_view = {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(View::default()))
    };
    let onwheel = {
        let view = view.clone();
        let body_ref = body_ref.clone();
        Callback::from(move |e: WheelEvent| {
            let Some(el) = body_ref.cast::<Element>() else {
                return;
            };
            e.prevent_default();
            let r = el.get_bounding_client_rect();
            if r.width() < 1.0 || r.height() < 1.0 {
                return;
            }
            let at = (
                (e.client_x() as f64 - r.left()) / r.width(),
                (e.client_y() as f64 - r.top()) / r.height(),
            );
            let factor = if e.delta_y() < 0.0 {
                ZOOM_STEP
            } else {
                1.0 / ZOOM_STEP
            };
            view.set(zoom_at(base, *view, at, factor));
        })
    };
    let onpointerdown = {
        let drag = drag.clone();
        let view = view.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() == 0 {
                *drag.borrow_mut() = Drag {
                    start: (e.client_x() as f64, e.client_y() as f64),
                    view: Some(*view),
                    moved: false,
                };
            }
        })
    };
    let onpointermove = {
        let drag = drag.clone();
        let view = view.clone();
        let pane_w = pane.0;
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            let Some(start_view) = d.view else {
                return;
            };
            if e.buttons() & 1 == 0 {
                d.view = None;
                return;
            }
            let delta = (
                e.client_x() as f64 - d.start.0,
                e.client_y() as f64 - d.start.1,
            );
            if delta.0.abs() + delta.1.abs() > 4.0 {
                d.moved = true;
            }
            if d.moved {
                view.set(pan_by(base, start_view, delta, pane_w));
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| drag.borrow_mut().view = None)
    };
    let onclick = {
        let drag = drag.clone();
        let select = select.clone();
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut drag.borrow_mut().moved) {
                return;
            }
            select.emit(element_target(e.target()));
        })
    };
    let onkeydown = {
        let view = view.clone();
        let select = select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let step = vw.min(vh) / 8.0;
            let pan = |dx: f64, dy: f64| View {
                zoom: view.zoom,
                pan: (view.pan.0 + dx, view.pan.1 + dy),
            };
            let on_element = element_target(e.target()).is_some();
            match e.key().as_str() {
                "Enter" | " " if on_element => {
                    e.prevent_default();
                    select.emit(element_target(e.target()));
                }
                "Escape" => select.emit(None),
                "+" | "=" => view.set(zoom_at(base, *view, (0.5, 0.5), ZOOM_STEP)),
                "-" | "_" => view.set(zoom_at(base, *view, (0.5, 0.5), 1.0 / ZOOM_STEP)),
                "0" => view.set(View::default()),
                "ArrowLeft" if !on_element => view.set(pan(-step, 0.0)),
                "ArrowRight" if !on_element => view.set(pan(step, 0.0)),
                "ArrowUp" if !on_element => view.set(pan(0.0, -step)),
                "ArrowDown" if !on_element => view.set(pan(0.0, step)),
                _ => return,
            }
            if e.key().starts_with("Arrow") {
                e.prevent_default();
            }
        })
    };
    let on_namespace = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            ctx.update(|m| m.set_namespace_filter((!v.is_empty()).then_some(v)));
        })
    };
    let zoom_pct = format!("{:.0}%", view.zoom * 100.0);
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
        <section class="pane topology" aria-label={ui_t("topo.pane")}>
            <div class="pane-head">
                <h2>{ ui_t("topo.pane") }</h2>
                <label class="ns-filter">
                    <span class="sr-only">{ ui_t("topo.namespace") }</span>
                    <select aria-label={ui_t("topo.namespace_shown")} onchange={on_namespace}>
                        <option value="" selected={ns_filter.is_none()}>{ ui_t("topo.all_namespaces") }</option>
                        { for namespaces.iter().map(|n| html! {
                            <option value={n.clone()} selected={ns_filter.as_deref() == Some(n.as_str())}>{ n.clone() }</option>
                        }) }
                    </select>
                </label>
                <label class="toggle" title={ui_t("topo.system_title")}>
                    <input type="checkbox" checked={p.show_system} onchange={toggle_system} />
                    { ui_t("topo.system") }
                </label>
            <div class="topo-tools" role="toolbar" aria-label={ui_t("topo.tools")}>
                    <div class="zoom-group" role="group" aria-label={ui_t("topo.zoom")}>
                        <button class="zoom-out" aria-label={ui_t("topo.zoom_out")} title={ui_t("topo.zoom_out_title")} onclick={zoom_by(1.0 / ZOOM_STEP)}>{ "−" }</button>
                        <span class="zoom-level" aria-live="polite">{ zoom_pct }</span>
                        <button class="zoom-in" aria-label={ui_t("topo.zoom_in")} title={ui_t("topo.zoom_in_title")} onclick={zoom_by(ZOOM_STEP)}>{ "+" }</button>
                        <button class="zoom-fit" aria-label={ui_t("topo.fit_label")} title={ui_t("topo.fit_title")} onclick={fit_view}>{ ui_t("topo.fit") }</button>
                    </div>
                    <button class={classes!("large-text", large.then_some("on"))} aria-pressed={large.to_string()}
                        aria-label={ui_t("topo.large")} title={ui_t("topo.large_title")} onclick={toggle_large}>{ "Aa" }</button>
                    <button class="theme-switch" aria-label={theme_label} title={theme_label} onclick={cycle_theme}>
                        { match theme.as_deref() { Some("dark") => "☾", Some("light") => "☀", _ => "◐" } }
                    </button>
                    <button class="export-svg" aria-label={ui_t("topo.svg_label")} title={ui_t("topo.svg_title")} onclick={export(false)}>{ "SVG" }</button>
                    <button class="export-png" aria-label={ui_t("topo.png_label")} title={ui_t("topo.png_title")} onclick={export(true)}>{ "PNG" }</button>
                </div>
            </div>
            <div class="topo-body" ref={body_ref} tabindex="0"
                aria-label={ui_t("topo.body")}
                {onwheel} {onpointerdown} {onpointermove} {onpointerup} {onclick} {onkeydown}>
                <svg class={classes!("topo", p.reduced_motion.then_some("reduced"))}
                    role="group" aria-label={ui_t("topo.svg")}
                    data-width={scene.width.to_string()} data-height={scene.height.to_string()}
                    viewBox={format!("{vx:.1} {vy:.1} {vw:.1} {vh:.1}")}
                    preserveAspectRatio="xMidYMin meet">
                    <defs>
                        <marker id="kp-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0 1L9 5L0 9z" class="arrow-head" />
                        </marker>
                    </defs>
                    <SceneView scene={p.scene.clone()} hints={p.hints.clone()} {lang}
                        focus={inspection.as_ref().map(|i| Shared(Rc::new(i.focus.clone())))} />
                    { packet.unwrap_or_default() }
                </svg>
                { trail }
            </div>
            if let Some(i) = inspection {
                <super::inspector::Inspector inspection={i} onselect={select.clone()} />
            }
            <div class="legend-bar">{ legend() }</div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SceneProps {
    scene: Shared<Scene>,
    /// The UI language (its texts are drawn too).
    lang: Lang,
    hints: Shared<Vec<Hint>>,
    focus: Option<Shared<Focus>>,
}

/// `selected`, `related` or nothing, for an object's class.
fn focus_class(f: Option<&Focus>, kind: &str, ns: &str, name: &str) -> Option<&'static str> {
    let f = f?;
    if f.is_selected(kind, ns, name) {
        Some("selected")
    } else if f.is_related(kind, ns, name) {
        Some("related")
    } else {
        None
    }
}

/// Where an object's hint badge goes: the top right corner of its drawing.
fn hint_anchor(s: &Scene, h: &Hint) -> Option<(i32, i32)> {
    match h.kind {
        "Service" => s
            .services
            .iter()
            .find(|b| b.namespace == h.namespace && b.name == h.name)
            .map(|b| (b.rect.right() - 6, b.rect.y + 4)),
        "Pod" => s
            .pods
            .iter()
            .find(|p| p.namespace == h.namespace && p.name == h.name)
            .map(|p| (p.slot.x + (SLOT_W + POD_SIZE) / 2 - 2, p.slot.y + 6)),
        "Ingress" => s
            .controllers
            .iter()
            .flat_map(|c| c.rows.iter())
            .find(|r| r.namespace == h.namespace && r.ingress == h.name)
            .map(|r| (r.rect.right() - 4, r.rect.cy())),
        "PersistentVolumeClaim" => s.pods.iter().find_map(|p| {
            let i = p
                .claims
                .iter()
                .position(|c| p.namespace == h.namespace && c.name == h.name)?;
            Some((p.slot.x + 16, p.slot.y + SLOT_H - 2 + i as i32 * CLAIM_H))
        }),
        _ => None,
    }
}

fn hint_badges(s: &Scene, hints: &[Hint]) -> Html {
    // One badge per object, all its hints in the tooltip.
    let mut badges: Vec<((i32, i32), &Hint, Vec<&Hint>)> = Vec::new();
    for h in hints {
        let Some(at) = hint_anchor(s, h) else {
            continue;
        };
        match badges
            .iter_mut()
            .find(|(_, f, _)| f.kind == h.kind && f.namespace == h.namespace && f.name == h.name)
        {
            Some((_, _, all)) => all.push(h),
            None => badges.push((at, h, vec![h])),
        }
    }
    html! {
        <g class="layer-hints">
            { for badges.into_iter().map(|((x, y), first, all)| {
                let text = all
                    .iter()
                    .map(|h| format!("{}: {}", super::inspector::hint_title(crate::i18n::lang(), h.code), h.message))
                    .collect::<Vec<_>>()
                    .join("\n");
                html! {
                    <g key={format!("{}/{}/{}", first.kind, first.namespace, first.name)}
                        class="hint-badge" transform={format!("translate({x} {y})")} tabindex="0"
                        role="button" aria-label={format!("{}: {text}", ui_t("insp.why"))}
                        data-kind={first.kind} data-namespace={first.namespace.clone()} data-name={first.name.clone()}
                        data-hint={format!("{:?}", first.code)}>
                        <title>{ text }</title>
                        <path d="M0 -11L10 7H-10z" />
                        <text y="5" text-anchor="middle">{ "!" }</text>
                    </g>
                }
            }) }
        </g>
    }
}

/// The static drawing; re-rendered only when the scene changes.
#[function_component(SceneView)]
fn scene_view(p: &SceneProps) -> Html {
    // The drawing's own words come from `crate::i18n::t`, which speaks
    // `p.lang`; the prop is here so that a new language redraws it.
    let _redrawn_in = p.lang;
    let s = &*p.scene;
    let f = p.focus.as_deref();
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
        let text = ui_t("topo.no_services");
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
                { ui_t("topo.no_nodes") }
            </text>
        }
    });
    html! {
        <g class={classes!("scene", f.is_some().then_some("focusing"))}>
            <g class="layer-bus">{ for bus }</g>
            { host_view(s.host) }
            { dns_view(s) }
            { services_placeholder.unwrap_or_default() }
            { no_nodes.unwrap_or_default() }
            <g class="layer-nodes">
                { for s.nodes.iter().map(|n| node_view(n, f)) }
                { s.unscheduled.map(unscheduled_view).unwrap_or_default() }
            </g>
            <g class="layer-groups">{ for s.groups.iter().map(|g| group_view(g, f)) }</g>
            <g class="layer-edges">
                { for s.edges.iter().map(|e| {
                    let (x1, y1) = e.from;
                    let (x2, y2) = e.to;
                    let bend = ((y2 - y1) / 2).max(30);
                    let d = format!("M{x1} {y1} C{x1} {} {x2} {} {x2} {y2}", y1 + bend, y2 - bend);
                    let lit = f.is_some_and(|f| f.is_selected("Service", &e.namespace, &e.service)
                        || f.is_selected("Pod", &e.namespace, &e.pod));
                    html! {
                        <path key={format!("{}/{}>{}", e.namespace, e.service, e.pod)}
                            class={classes!("edge", format!("c{}", e.color), (!e.ready).then_some("not-ready"), lit.then_some("related"))}
                            d={d}
                            data-kind="Endpoint" data-name={e.pod.clone()} data-namespace={e.namespace.clone()}
                            data-service={e.service.clone()} data-ready={e.ready.to_string()}>
                            <title>{ fill(
                                ui_t("topo.edge_title"),
                                &[&e.namespace, &e.service, &e.pod, if e.ready { ui_t("topo.ready_endpoint") } else { ui_t("topo.not_ready") }],
                            ) }</title>
                        </path>
                    }
                }) }
            </g>
            <g class="layer-links">{ for s.links.iter().map(link_view) }</g>
            <g class="layer-node-labels">{ for s.nodes.iter().map(node_label_view) }</g>
            <g class="layer-entry">
                { for s.lbs.iter().map(|l| lb_view(l, &s.profile, f)) }
                { for s.outer.iter().map(outer_view) }
            </g>
            <g class="layer-ingress">{ for s.controllers.iter().map(|c| ctl_view(c, f)) }</g>
            <g class="layer-services">{ for s.services.iter().map(|x| service_view(x, f)) }</g>
            <g class="layer-ports">{ for s.tabs.iter().map(tab_view) }</g>
            <g class="layer-pods">{ for s.pods.iter().map(|x| pod_view(x, f)) }</g>
            <g class="layer-stacks">{ for s.stacks.iter().map(stack_view) }</g>
            <g class="layer-cron">{ for s.cron.iter().map(cron_view) }</g>
            { hint_badges(s, &p.hints) }
        </g>
    }
}

fn host_view(r: Rect) -> Html {
    let (x, y) = (r.x, r.y);
    html! {
        <g class="host" data-kind="Host" data-name="localhost" data-namespace="">
            <title>{ ui_t("topo.host_title") }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="12" />
            <g transform={format!("translate({} {})", x + 14, y + 15)} class="icon-laptop">
                <rect x="2" y="0" width="22" height="15" rx="2" />
                <path d="M0 19h26" />
            </g>
            <text class="title" x={(x + 50).to_string()} y={(y + 22).to_string()}>{ "localhost" }</text>
            <text class="sub" x={(x + 50).to_string()} y={(y + 39).to_string()}>{ ui_t("topo.your_machine") }</text>
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
            <title>{ ui_t("topo.dns_title") }</title>
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
    let mut title = fill(ui_t("topo.node_title"), &[&n.name, &n.role, &n.ip, ready]);
    if !n.taints.is_empty() {
        title.push_str(&fill(ui_t("topo.taints"), &[&n.taints.join(", ")]));
    }
    title
}

/// A node's box (drawn under the edges).
fn node_view(n: &NodeBox, f: Option<&Focus>) -> Html {
    let r = n.rect;
    let (x, y) = (r.x, r.y);
    html! {
        <g key={n.name.clone()} class={classes!("node", (!n.ready).then_some("notready"), focus_class(f, "Node", "", &n.name))}
            tabindex="0" role="button" aria-label={node_title(n)}
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
                    { ui_t("topo.tainted") }
                </text>
            }
        });
        html! {
            <>
                <text class="muted-note" x={r.cx().to_string()} y={(y + NODE_HEADER + 24).to_string()} text-anchor="middle">
                    { ui_t("topo.no_pods") }
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
            <title>{ ui_t("topo.unscheduled_title") }</title>
            <rect class="box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="14" />
            <text class="title" x={(r.x + 16).to_string()} y={(r.y + 24).to_string()}>{ ui_t("topo.unscheduled") }</text>
            <text class="sub" x={(r.x + 16).to_string()} y={(r.y + 41).to_string()}>{ ui_t("topo.waiting_node") }</text>
        </g>
    }
}

fn group_view(g: &GroupBox, f: Option<&Focus>) -> Html {
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
        <g key={format!("{}/{}/{}/{}", g.node, g.namespace, owner.kind, owner.name)}
            class={classes!("group", focus_class(f, &owner.kind, &g.namespace, &owner.name))}
            tabindex="0" role="button" aria-label={owner.describe()}
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

fn service_view(s: &SvcBox, f: Option<&Focus>) -> Html {
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
    let title = fill(
        ui_t("topo.svc_title"),
        &[
            &s.namespace,
            &s.name,
            &s.type_,
            &s.cluster_ip,
            &s.ports,
            &s.ready.to_string(),
            &s.not_ready.to_string(),
        ],
    );
    html! {
        <g key={format!("{}/{}", s.namespace, s.name)}
            class={classes!("svc", format!("c{}", s.color), focus_class(f, "Service", &s.namespace, &s.name))}
            tabindex="0" role="button" aria-label={title.clone()}
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
            data-kind={l.kind} data-name={l.name.clone()} data-namespace={l.namespace.clone()}>
            <title>{ match l.kind {
                "HostLink" => fill(ui_t("topo.link_host"), &[&l.name]),
                "LoadBalancerLink" => fill(ui_t("topo.link_lb"), &[&l.name]),
                "ControllerLink" => fill(ui_t("topo.link_ctl"), &[&l.name]),
                _ => fill(ui_t("topo.link_route"), &[&l.namespace, &l.name]),
            } }</title>
        </path>
    }
}

/// A LoadBalancer entry point: the address and ports it opens.
fn lb_view(l: &LbBox, profile: &str, f: Option<&Focus>) -> Html {
    let r = l.rect;
    let (x, y) = (r.x, r.y);
    let title = format!("{}:{}", l.address, l.ports);
    let how = match profile {
        "cloud" => ui_t("topo.lb_cloud"),
        "minikube" => ui_t("topo.lb_minikube"),
        "onprem" => ui_t("topo.lb_onprem"),
        _ => ui_t("topo.lb_desktop"),
    };
    let sub = if profile == "cloud" {
        format!("cloud LB {}", l.name)
    } else {
        format!("LoadBalancer {}", l.name)
    };
    html! {
        <g key={format!("{}/{}", l.namespace, l.name)}
            class={classes!("lb", focus_class(f, "Service", &l.namespace, &l.name))}
            tabindex="0" role="button" aria-label={fill(ui_t("topo.lb_label"), &[&title, &l.namespace, &l.name])}
            data-kind="LoadBalancer" data-name={l.name.clone()} data-namespace={l.namespace.clone()}>
            <title>{ fill(ui_t("topo.lb_title"), &[&l.namespace, &l.name, &title, how]) }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx={(r.h / 2).to_string()} />
            <g transform={format!("translate({} {})", x + 24, r.cy())} class="icon-lb">
                <circle r="13" />
                <path d="M-7 -4h14M-7 4h14M3 -8l4 4-4 4M3 0l4 4-4 4" />
            </g>
            <text class="title mono" x={(x + 46).to_string()} y={(y + 19).to_string()}>{ title }</text>
            <text class="sub" x={(x + 46).to_string()} y={(y + 35).to_string()}>{ sub }</text>
        </g>
    }
}

/// A box of the profile's outside layer: the on-prem HAProxy with a line
/// per frontend, or minikube's tunnel.
fn outer_view(b: &OuterBox) -> Html {
    let r = b.rect;
    let (x, y) = (r.x, r.y);
    let title = match b.kind {
        "HAProxy" => fill(
            ui_t("topo.haproxy_title"),
            &[
                &b.title,
                &if b.lines.is_empty() {
                    ui_t("topo.no_frontends").to_string()
                } else {
                    b.lines.join("; ")
                },
            ],
        ),
        _ => format!("{}: {}", b.title, b.sub),
    };
    let icon = if b.kind == "HAProxy" {
        html! {
            <g transform={format!("translate({} {})", x + 24, y + 26)} class="icon-lb">
                <circle r="13" />
                <path d="M-7 -4h14M-7 4h14M3 -8l4 4-4 4M3 0l4 4-4 4" />
            </g>
        }
    } else {
        html! {
            <g transform={format!("translate({} {})", x + 24, y + 26)} class="icon-tunnel">
                <circle r="13" />
                <path d="M-8 6v-4a8 8 0 0 1 16 0v4M-4 6v-4a4 4 0 0 1 8 0v4" />
            </g>
        }
    };
    html! {
        <g key={format!("outer/{}", b.name)} class={classes!("outer", b.kind.to_ascii_lowercase())}
            tabindex="0" role="button" aria-label={title.clone()}
            data-kind={b.kind} data-name={b.name.clone()} data-namespace="">
            <title>{ title }</title>
            <rect class="box" x={x.to_string()} y={y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="12" />
            { icon }
            <text class="title" x={(x + 48).to_string()} y={(y + 22).to_string()}>{ b.title.clone() }</text>
            <text class="sub" x={(x + 48).to_string()} y={(y + 39).to_string()}>{ b.sub.clone() }</text>
            { for b.lines.iter().enumerate().map(|(i, l)| html! {
                <text class="mono outer-line" x={(x + 48).to_string()} y={(y + 57 + 16 * i as i32).to_string()}>{ l.clone() }</text>
            }) }
        </g>
    }
}

/// An ingress controller and its routing table, one row per Ingress rule.
fn ctl_view(c: &CtlBox, f: Option<&Focus>) -> Html {
    let r = c.rect;
    let (x, y) = (r.x, r.y);
    let rows = c.rows.iter().enumerate().map(|(i, row)| {
        let rr = row.rect;
        html! {
            <g key={format!("{}/{}/{i}", row.namespace, row.ingress)}
                class={classes!("route", (!row.found).then_some("missing"), focus_class(f, "Ingress", &row.namespace, &row.ingress))}
                tabindex="0" role="button" aria-label={format!("Ingress {}/{}: {}", row.namespace, row.ingress, row.text())}
                data-kind="Ingress" data-name={row.ingress.clone()} data-namespace={row.namespace.clone()}
                data-host={row.rule.host.clone()} data-path={row.rule.path.clone()} data-service={row.rule.service.clone()}>
                <title>{ format!(
                    "Ingress {}/{}: {}{}",
                    row.namespace, row.ingress, row.text(),
                    if row.found { "" } else { ui_t("topo.no_service_503") }
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
                { ui_t("topo.no_rules") }
            </text>
        }
    });
    html! {
        <g key={format!("{}/{}", c.namespace, c.name)} class={classes!("ctl", c.name.is_empty().then_some("orphan"))}
            data-kind="IngressController" data-name={c.name.clone()} data-namespace={c.namespace.clone()}>
            <title>{ if c.name.is_empty() {
                ui_t("topo.orphan_title").to_string()
            } else {
                fill(ui_t("topo.ctl_title"), &[&c.namespace, &c.name, &c.pods.join(", "), &c.classes.join(", ")])
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
            tabindex="0" role="button" aria-label={format!("NodePort {} on {} of Service {}/{}", t.port, t.node, t.namespace, t.service)}
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

fn pod_view(p: &PodBox, f: Option<&Focus>) -> Html {
    let s = p.slot;
    let sq_x = (SLOT_W - POD_SIZE) / 2;
    let mut title = fill(ui_t("topo.pod_title"), &[&p.namespace, &p.name, &p.status]);
    if !p.ip.is_empty() {
        title.push_str(&format!(", IP {}", p.ip));
    }
    if !p.node.is_empty() {
        title.push_str(&fill(ui_t("topo.pod_on"), &[&p.node]));
    }
    if let Some(o) = &p.owner {
        title.push_str(&format!(", {}", o.describe()));
    }
    html! {
        <g key={format!("{}/{}", p.namespace, p.name)}
            class={classes!("pod", p.class.css(), focus_class(f, "Pod", &p.namespace, &p.name))}
            tabindex="0" role="button" aria-label={title.clone()}
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

/// A group too large to draw pod by pod: three stacked squares in the
/// most common status, the count and the status breakdown.
fn stack_view(st: &StackBox) -> Html {
    let r = st.slot;
    let class = st
        .counts
        .first()
        .map(|(c, _)| *c)
        .unwrap_or(StatusClass::Running);
    let sq_x = (SLOT_W - POD_SIZE) / 2;
    let owner = st
        .owner
        .as_ref()
        .map(|o| o.describe())
        .unwrap_or_else(|| ui_t("topo.no_owner").to_string());
    let title = fill(
        ui_t("topo.stack_title"),
        &[
            &st.members.len().to_string(),
            &owner,
            if st.node.is_empty() {
                ui_t("topo.no_node_yet")
            } else {
                &st.node
            },
            &st.summary(),
        ],
    );
    let (top_k, top_o) = st
        .owner
        .as_ref()
        .map(|o| (o.top_kind.clone(), o.top_name.clone()))
        .unwrap_or_default();
    html! {
        <g key={format!("{}/{}/{}", st.node, st.namespace, st.label())}
            class={classes!("stack", "pod", class.css())}
            transform={format!("translate({} {})", r.x, r.y)}
            tabindex="0" role="button" aria-label={title.clone()}
            data-kind={top_k} data-name={top_o} data-namespace={st.namespace.clone()}
            data-count={st.members.len().to_string()}>
            <title>{ title }</title>
            <g class="pod-in">
                <rect class="sq back" x={(sq_x + 8).to_string()} y="2" width={POD_SIZE.to_string()} height={POD_SIZE.to_string()} rx="10" />
                <rect class="sq back" x={(sq_x + 4).to_string()} y="6" width={POD_SIZE.to_string()} height={POD_SIZE.to_string()} rx="10" />
                <g transform={format!("translate({sq_x} 10)")}>
                    <rect class="sq" width={POD_SIZE.to_string()} height={POD_SIZE.to_string()} rx="10" />
                    { pod_glyph(class) }
                </g>
                <text class="name" x={(SLOT_W / 2).to_string()} y={(POD_SIZE + 29).to_string()} text-anchor="middle">
                    { crate::layout::shorten(&st.label(), 14) }
                </text>
                { for st.counts.iter().take(2).enumerate().map(|(i, (c, n))| html! {
                    <text class="status" x={(SLOT_W / 2).to_string()} y={(POD_SIZE + 45 + 14 * i as i32).to_string()} text-anchor="middle">
                        { format!("{n} {}", crate::layout::status_word(*c)) }
                    </text>
                }) }
            </g>
        </g>
    }
}

/// A CronJob's time line: its last Jobs at their scheduled times (a
/// check for complete, a cross for failed, a ring for active) and the
/// next activation (a hollow dashed mark).
fn cron_view(c: &CronBox) -> Html {
    let r = c.rect;
    let (y, x0, x1) = c.axis;
    let ticks_text = c
        .ticks
        .iter()
        .map(|t| {
            if t.job.is_empty() {
                fill(ui_t("topo.next_at"), &[&t.label])
            } else {
                fill(ui_t("topo.job_at"), &[&t.job, &t.label, t.state])
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let title = fill(
        ui_t("topo.cron_title"),
        &[
            &c.namespace,
            &c.name,
            &c.schedule,
            if c.suspended {
                ui_t("topo.suspended_paren")
            } else {
                ""
            },
            &ticks_text,
        ],
    );
    // Labels that would collide with the previous one are left out (the
    // title has them all).
    let mut last_label_x: Option<i32> = None;
    let ticks = c.ticks.iter().map(|t| {
        let show_label =
            last_label_x.is_none_or(|x| t.x.saturating_sub(x) >= 40) || t.state == "next";
        if show_label {
            last_label_x = Some(t.x);
        }
        let mark = match t.state {
            "complete" => html! { <path class="glyph" d="M-4 0l3 3 5-6" /> },
            "failed" => html! { <path class="glyph" d="M-3.5 -3.5l7 7M3.5 -3.5l-7 7" /> },
            "active" => html! { <circle class="dot" r="2.5" /> },
            _ => html! {},
        };
        html! {
            <g class={classes!("cron-tick", t.state)} transform={format!("translate({} {y})", t.x)}
                data-kind={if t.job.is_empty() { "CronNext" } else { "CronTick" }}
                data-name={t.job.clone()} data-namespace={c.namespace.clone()}>
                <title>{ if t.job.is_empty() { fill(ui_t("topo.next_job_at"), &[&t.label]) } else { fill(ui_t("topo.job_scheduled"), &[&t.job, &t.label, t.state]) } }</title>
                <circle class="mark" r="8" />
                { mark }
                if show_label {
                    <text y="22" text-anchor="middle" class="mono">{ t.label.clone() }</text>
                }
            </g>
        }
    });
    html! {
        <g key={format!("cron/{}/{}", c.namespace, c.name)} class="cron"
            tabindex="0" role="button" aria-label={title.clone()}
            data-kind="CronJob" data-name={c.name.clone()} data-namespace={c.namespace.clone()}>
            <title>{ title }</title>
            <rect class="box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="12" />
            <text class="title" x={(r.x + 14).to_string()} y={(r.y + 20).to_string()}>
                { format!("cronjob {}", c.name) }
                <tspan class="sub mono">{ format!("  {}{}", c.schedule, if c.suspended { ui_t("topo.suspended_dot") } else { "" }) }</tspan>
            </text>
            <path class="axis" d={format!("M{} {y}H{}", x0 - 14, x1 + 14)} marker-end="url(#kp-arrow)" />
            { for ticks }
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
            tabindex="0" role="button" aria-label={format!("PersistentVolumeClaim {namespace}/{}: {}", c.name, c.phase)}
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
        ui_t("topo.hide_hops")
    } else {
        ui_t("topo.show_hops")
    };
    let hops = fill(ui_t("topo.hops"), &[&a.hops.len().to_string()]);
    html! {
        <div class={classes!("trail", expanded.then_some("open"))} aria-label={ui_t("topo.last_request")}>
            <div class="trail-head">
                <span class="trail-title">{ ui_t("topo.last_request") }</span>
                if !expanded {
                    <span class="trail-req">{ a.hops.first().map(|h| h.note.clone()).unwrap_or_default() }</span>
                    <span class={classes!("trail-out", (!a.ok).then_some("failed"))}>{ a.summary.clone() }</span>
                }
                <button class="trail-fold" aria-label={fold_label} aria-expanded={expanded.to_string()}
                    title={fold_label} onclick={toggle}>
                    { if expanded { format!("{hops} ▾") } else { format!("{hops} ▸") } }
                </button>
                <button class="trail-close" aria-label={ui_t("topo.hide_request")} title={ui_t("topo.hide")} onclick={close}>{ "×" }</button>
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
        <ul class="legend" aria-label={ui_t("topo.legend")}>
            { item(StatusClass::Running, "Running") }
            { item(StatusClass::Pending, "Pending") }
            { item(StatusClass::Completed, "Completed") }
            { item(StatusClass::Failed, "Failed") }
            { item(StatusClass::Terminating, "Terminating") }
            <li><svg viewBox="0 0 28 10" class="legend-line" aria-hidden="true"><path d="M1 5h26" /></svg>{ ui_t("topo.endpoint") }</li>
            <li><svg viewBox="0 0 28 10" class="legend-line not-ready" aria-hidden="true"><path d="M1 5h26" /></svg>{ ui_t("topo.not_ready") }</li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::{pan_by, view_box, zoom_at, zoomed, View, MAX_ZOOM, ZOOM_STEP};

    #[test]
    fn zooming_keeps_the_point_under_the_cursor() {
        let base = (-10.0, 0.0, 800.0, 450.0);
        let v = View::default();
        assert_eq!(zoomed(base, v), base);
        let at = (0.25, 0.75);
        let point = |b: (f64, f64, f64, f64)| (b.0 + at.0 * b.2, b.1 + at.1 * b.3);
        let before = point(zoomed(base, v));
        let z = zoom_at(base, v, at, ZOOM_STEP);
        assert!((z.zoom - ZOOM_STEP).abs() < 1e-9);
        let after = point(zoomed(base, z));
        assert!((before.0 - after.0).abs() < 1e-6 && (before.1 - after.1).abs() < 1e-6);
        assert!((zoomed(base, z).2 - 800.0 / ZOOM_STEP).abs() < 1e-6);
        // Clamped.
        let mut far = v;
        for _ in 0..40 {
            far = zoom_at(base, far, (0.5, 0.5), ZOOM_STEP);
        }
        assert!((far.zoom - MAX_ZOOM).abs() < 1e-9);
        // A drag right by a quarter of the pane shows what was left of it.
        let p = pan_by(base, v, (200.0, 0.0), 800.0);
        assert!((zoomed(base, p).0 - (base.0 - 200.0)).abs() < 1e-6);
    }
    use crate::layout::Scene;

    fn scene(width: i32, height: i32) -> Scene {
        Scene {
            width,
            height,
            ..Scene::default()
        }
    }

    #[test]
    fn large_text_never_draws_below_its_scale() {
        use super::view_box_at_least;
        // A scene twice the pane: fitted it is halved; at least 1:1 it
        // overflows from its left edge.
        let (x, _, w, _) = view_box_at_least(&scene(2000, 1000), (1000.0, 600.0), 1.0);
        assert_eq!((x, w), (0.0, 1000.0));
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
