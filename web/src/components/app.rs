//! The root component: owns the model, drives the clock and animations
//! with requestAnimationFrame, and lays out the panes.

use super::browser::BrowserPane;
use super::editor::Manifests;
use super::lesson::{self, LessonCtx, LessonPane};
use super::terminal::Terminal;
use super::topbar::{SessionBanner, TopBar};
use super::topology::Topology;
use super::Ctx;
use crate::demo;
use crate::embed;
use crate::guide::Lessons;
use crate::model::{Config, Model, SideView};
use crate::query::{GuideOptions, Options, View};
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
    /// A share link to open and where the session is saved.
    #[prop_or_default]
    pub session: crate::session::Source,
    /// The lesson to open, and the slide options (view, readonly, autoplay).
    #[prop_or_default]
    pub guide: GuideOptions,
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
            session: crate::session::Source {
                pinned: o.seed.is_some() || o.profile.is_some() || o.script.is_some(),
                lang: o.lang,
                ..Default::default()
            },
            script: o.script,
            embed: o.embed,
            guide: o.guide,
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
            let mut m = crate::session::start(&props.config, &props.session);
            m.reduced_motion |= prefers_reduced_motion();
            if let Some(name) = props.script.as_deref().filter(|_| m.log.entries.is_empty()) {
                if let Some(script) = demo::script(name) {
                    m.run_script(script);
                }
                if let Some(url) = demo::browser_url(name) {
                    m.browse(url, false);
                    m.proceed_unsafe();
                }
            }
            // Typed commands' engine work runs between frames.
            m.set_stepping(true);
            m
        })
    };
    let update = use_force_update();
    let lessons = {
        let (model, guide) = (model.clone(), props.guide.clone());
        let url_lang = props.session.lang.is_some();
        use_mut_ref(move || open_lessons(&mut model.borrow_mut(), &guide, url_lang))
    };
    {
        let (model, lessons, update) = (model.clone(), lessons.clone(), update.clone());
        // `?lesson=URL`, or the address a share link or the stored session
        // carries (see `Lessons::open_at_start`).
        let fetch = lessons.borrow_mut().to_fetch.take();
        use_effect_with((), move |_| {
            if let Some((url, step)) = fetch {
                lesson::fetch_lesson(
                    url,
                    step,
                    model,
                    lessons,
                    Callback::from(move |()| update.force_update()),
                );
            }
        });
    }
    embed::use_embed(
        model.clone(),
        lessons.clone(),
        Callback::from({
            let update = update.clone();
            move |()| update.force_update()
        }),
    );

    {
        let model = model.clone();
        let lessons = lessons.clone();
        let update = update.clone();
        use_effect_with((), move |_| {
            let tick_with = (model.clone(), lessons.clone(), update.clone());
            let frames = Rc::new(FrameLoop::default());
            let again = Rc::downgrade(&frames);
            let cb = Closure::<dyn FnMut(f64)>::new(move |ts: f64| {
                let changed = tick_all(&model, &lessons, ts);
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
                let (model, lessons, update) = tick_with;
                Interval::new(TICK_MS, move || {
                    let now = web_sys::window()
                        .and_then(|w| w.performance())
                        .map(|p| p.now());
                    if let Some(now) = now {
                        if tick_all(&model, &lessons, now) {
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
    {
        // Saves the session (share-link text) while it changes.
        let (model, update) = (model.clone(), update.clone());
        let key = props.session.storage_key.clone();
        use_effect_with(key, move |key| {
            let saver = crate::session::autosave(model, key.clone(), update);
            // Dropping the saver saves one last time.
            move || {
                let _last = saver;
            }
        });
    }

    {
        // Slides in readonly mode: the editor takes no typing either.
        let readonly = props.guide.readonly;
        use_effect(move || {
            if readonly {
                lesson::make_editors_readonly();
            }
        });
    }

    let lctx = LessonCtx {
        lessons: lessons.clone(),
        refresh: Callback::from({
            let update = update.clone();
            move |()| update.force_update()
        }),
    };
    let ctx = Ctx {
        model: model.clone(),
        refresh: Callback::from(move |()| update.force_update()),
    };
    let lang = crate::i18n::lang();
    let m = model.borrow();
    let view = props.guide.view;
    let lesson_rev = lessons.borrow().rev;
    // Slides without a lesson have no use for the picker.
    let lesson_pane = view == View::Split && (!props.embed || lessons.borrow().guide.is_some());
    html! {
        <ContextProvider<Ctx> context={ctx}>
        <ContextProvider<LessonCtx> context={lctx}>
        <ContextProvider<crate::i18n::Lang> context={lang}>
            <div class={classes!(
                "app",
                props.embed.then_some("embed"),
                format!("view-{}", view.name()),
                props.guide.readonly.then_some("readonly"),
            )}>
                if !props.embed {
                    <TopBar
                        rev={m.rev.clock}
                        seed={m.seed}
                        playing={m.clock.playing}
                        speed={m.clock.speed}
                        elapsed={m.elapsed()}
                        now={m.cluster().now().rfc3339()}
                        {lang}
                    />
                }
                <SessionBanner notice={m.notice.clone()} {lang} />
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
                        if lesson_pane {
                            <LessonPane rev={lesson_rev} readonly={props.guide.readonly} lang_switch={props.embed} />
                        }
                        if m.side == SideView::Browser {
                            <BrowserPane rev={m.rev.browser} />
                        } else {
                            <Manifests rev={m.rev.tabs} />
                        }
                        <Terminal rev={m.rev.term} autofocus={!props.embed} />
                    </div>
                </main>
            </div>
        </ContextProvider<crate::i18n::Lang>>
        </ContextProvider<LessonCtx>>
        </ContextProvider<Ctx>>
    }
}

/// The lesson state at load: `?lesson=NAME` and `?step=N` (or the lesson
/// and step of the session's link or stored session, or the lesson open
/// at the last visit, see `Lessons::open_at_start`), `?autoplay=1`; `?view=browser` shows the
/// browser pane.
fn open_lessons(m: &mut Model, guide: &GuideOptions, url_lang: bool) -> Lessons {
    let mut l = Lessons::new(lesson::load_stored().as_deref());
    // The lesson pane's own language of older versions becomes the UI's
    // choice unless one was made (or the URL names one).
    if let Some(old) = l.take_old_lang() {
        #[cfg(target_arch = "wasm32")]
        let chosen = crate::session::web::lang_chosen();
        #[cfg(not(target_arch = "wasm32"))]
        let chosen = false;
        if !chosen && !url_lang {
            #[cfg(target_arch = "wasm32")]
            crate::session::web::choose_lang(old);
            #[cfg(not(target_arch = "wasm32"))]
            crate::i18n::set_lang(old);
            m.language_changed();
        }
    }
    l.open_at_start(m, guide.lesson.as_deref(), guide.step);
    if guide.autoplay {
        l.set_autoplay(true);
    }
    if guide.view == View::Browser {
        m.set_side(SideView::Browser);
    }
    // A damaged stored value is replaced at once.
    lesson::persist(&mut l);
    l
}

/// One frame: the model's clock and animations, then the lesson's check
/// and autoplay; the lesson's events go to an embedding page.
fn tick_all(model: &RefCell<Model>, lessons: &RefCell<Lessons>, now: f64) -> bool {
    let (Ok(mut m), Ok(mut l)) = (model.try_borrow_mut(), lessons.try_borrow_mut()) else {
        return false;
    };
    let changed = m.frame(now);
    let lesson_changed = l.tick(&mut m, now);
    for e in l.drain_events() {
        embed::post(&embed::event_json(&e));
    }
    lesson::persist(&mut l);
    changed || lesson_changed
}
