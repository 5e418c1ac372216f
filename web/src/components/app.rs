//! The root component: owns the model, drives the clock and animations
//! with requestAnimationFrame, and lays out the panes.

use super::browser::BrowserPane;
use super::editor::Manifests;
use super::terminal::Terminal;
use super::topbar::TopBar;
use super::topology::Topology;
use super::Ctx;
use crate::demo;
use crate::model::{Config, Model, SideView};
use crate::query::Options;
use crate::shared::Shared;
use gloo::timers::callback::Interval;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub config: Config,
    /// A bundled script to run at load (see [`crate::demo`]).
    #[prop_or_default]
    pub script: Option<String>,
    /// Hide the top bar (slides).
    #[prop_or_default]
    pub embed: bool,
}

impl From<Options> for AppProps {
    fn from(o: Options) -> AppProps {
        AppProps {
            config: Config {
                seed: o.seed.unwrap_or(1),
                profile: o.profile.unwrap_or_default(),
                paused: o.paused,
                show_system: o.system,
                reduced_motion: false,
                large_text: o.large,
                theme: o.theme,
                inspect: o
                    .inspect
                    .map(|(k, ns, n)| crate::inspect::Target::new(&k, &ns, &n)),
            },
            script: o.script,
            embed: o.embed,
        }
    }
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

type FrameCallback = Closure<dyn FnMut(f64)>;

/// The fallback timer's period (ms).
const TICK_MS: u32 = 100;

/// A requestAnimationFrame loop that lives as long as the component.
#[derive(Default)]
struct FrameLoop {
    id: Cell<Option<i32>>,
    callback: RefCell<Option<FrameCallback>>,
}

impl FrameLoop {
    fn request(&self) {
        let (Some(window), Some(cb)) = (
            web_sys::window(),
            self.callback.borrow().as_ref().map(|c| c.as_ref().clone()),
        ) else {
            return;
        };
        self.id
            .set(window.request_animation_frame(cb.unchecked_ref()).ok());
    }

    fn stop(&self) {
        if let (Some(window), Some(id)) = (web_sys::window(), self.id.take()) {
            let _ = window.cancel_animation_frame(id);
        }
        self.callback.borrow_mut().take();
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let model = {
        let props = props.clone();
        use_mut_ref(move || {
            let mut m = Model::new(&props.config);
            m.reduced_motion |= prefers_reduced_motion();
            if let Some(name) = props.script.as_deref() {
                if let Some(script) = demo::script(name) {
                    m.run_script(script);
                }
                if let Some(url) = demo::browser_url(name) {
                    m.browse(url, false);
                    m.proceed_unsafe();
                }
            }
            m
        })
    };
    let update = use_force_update();

    {
        let model = model.clone();
        let update = update.clone();
        use_effect_with((), move |_| {
            let tick_with = (model.clone(), update.clone());
            let frames = Rc::new(FrameLoop::default());
            let again = Rc::downgrade(&frames);
            let cb = Closure::<dyn FnMut(f64)>::new(move |ts: f64| {
                let changed = model.borrow_mut().frame(ts);
                if changed {
                    update.force_update();
                }
                if let Some(frames) = again.upgrade() {
                    frames.request();
                }
            });
            *frames.callback.borrow_mut() = Some(cb);
            frames.request();
            // Animation frames pause in hidden tabs and are starved in
            // headless screenshots; a slow timer keeps the clock going.
            let ticker = {
                let (model, update) = tick_with;
                Interval::new(TICK_MS, move || {
                    let now = web_sys::window()
                        .and_then(|w| w.performance())
                        .map(|p| p.now());
                    if let Some(now) = now {
                        if model.borrow_mut().frame(now) {
                            update.force_update();
                        }
                    }
                })
            };
            move || {
                frames.stop();
                drop(ticker);
            }
        });
    }

    let ctx = Ctx {
        model: model.clone(),
        refresh: Callback::from(move |()| update.force_update()),
    };
    let m = model.borrow();
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class={classes!("app", props.embed.then_some("embed"))}>
                if !props.embed {
                    <TopBar
                        rev={m.rev.clock}
                        seed={m.seed}
                        playing={m.clock.playing}
                        speed={m.clock.speed}
                        elapsed={m.elapsed()}
                        now={m.cluster().now().rfc3339()}
                    />
                }
                <main class="panes">
                    <Topology
                        scene={Shared(m.scene.clone())}
                        anim={m.anim.clone().map(Shared)}
                        last={m.last_trace.clone().map(Shared)}
                        anim_rev={m.rev.anim}
                        show_system={m.show_system}
                        reduced_motion={m.reduced_motion}
                        wall_ms={m.wall_ms}
                        hints={Shared(m.hints.clone())}
                        inspect_rev={m.rev.inspect}
                    />
                    <div class="side">
                        if m.side == SideView::Browser {
                            <BrowserPane rev={m.rev.browser} />
                        } else {
                            <Manifests rev={m.rev.tabs} />
                        }
                        <Terminal rev={m.rev.term} autofocus={!props.embed} />
                    </div>
                </main>
            </div>
        </ContextProvider<Ctx>>
    }
}
