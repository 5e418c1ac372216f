//! The top bar: title, seed, the clock (pause/play, speed, time), the
//! session actions (copy link, reset, new cluster with a seed, export,
//! import) and the language switch; and the banner under it.

use super::{choose_lang, Ctx};
use crate::i18n::{fill, t, Lang};
use crate::model::{FAST_FORWARDS, SPEEDS};
use crate::session::{self, Notice};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub rev: u64,
    pub seed: u64,
    pub playing: bool,
    pub speed: u32,
    pub elapsed: String,
    pub now: String,
    /// The UI language (a change re-renders the bar).
    #[prop_or_default]
    pub lang: Lang,
}

/// The session panel open under the bar.
#[derive(Clone, PartialEq)]
enum Panel {
    Closed,
    /// The share link, and whether copying it worked (`None`: trying).
    Link {
        url: String,
        copied: Option<bool>,
    },
    NewSeed,
    Import,
}

fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .or_else(|| {
            e.target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                .map(|i| i.value())
        })
        .unwrap_or_default()
}

#[function_component(TopBar)]
pub fn top_bar(p: &TopBarProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let panel = use_state(|| Panel::Closed);
    let seed_text = use_state(String::new);
    let import_text = use_state(String::new);
    let toggle = {
        let ctx = ctx.clone();
        let playing = p.playing;
        Callback::from(move |_: MouseEvent| ctx.update(|m| m.set_playing(!playing)))
    };
    let speeds = SPEEDS.iter().map(|&s| {
        let ctx = ctx.clone();
        let on = s == p.speed;
        let onclick = Callback::from(move |_: MouseEvent| ctx.update(|m| m.set_speed(s)));
        html! {
            <button class={classes!("speed", on.then_some("on"))} aria-pressed={on.to_string()}
                title={fill(t("clock.speed_title"), &[&s.to_string()])} {onclick}>
                { format!("{s}x") }
            </button>
        }
    });
    let forwards = FAST_FORWARDS.iter().map(|&(label, ms)| {
        let ctx = ctx.clone();
        let onclick = Callback::from(move |_: MouseEvent| ctx.update(|m| m.fast_forward(ms)));
        let span = label.get(1..).unwrap_or(label);
        html! {
            <button class="ff" aria-label={fill(t("clock.ff"), &[span])}
                title={fill(t("clock.ff_title"), &[span])} {onclick}>
                { label }
            </button>
        }
    });
    let (label, icon) = if p.playing {
        (
            t("clock.pause"),
            html! { <path d="M5 3h3v10H5zM10 3h3v10h-3z" /> },
        )
    } else {
        (t("clock.play"), html! { <path d="M5 3l9 5-9 5z" /> })
    };

    // ---- session actions ----
    let copy_link = {
        let (ctx, panel) = (ctx.clone(), panel.clone());
        Callback::from(move |_: MouseEvent| {
            let url = share_url(&ctx);
            panel.set(Panel::Link {
                url: url.clone(),
                copied: None,
            });
            copy(url, panel.clone());
        })
    };
    let reset = {
        let (ctx, panel) = (ctx.clone(), panel.clone());
        Callback::from(move |_: MouseEvent| {
            panel.set(Panel::Closed);
            ctx.update(|m| {
                let seed = m.seed;
                session::reset(m, seed);
            });
        })
    };
    let open = |which: Panel| {
        let panel = panel.clone();
        Callback::from(move |_: MouseEvent| {
            panel.set(if *panel == which {
                Panel::Closed
            } else {
                which.clone()
            })
        })
    };
    let export = {
        let (ctx, panel) = (ctx.clone(), panel.clone());
        Callback::from(move |_: MouseEvent| {
            panel.set(Panel::Closed);
            ctx.update(|m| {
                let bytes = session::bundle::export_zip(m);
                let name = format!("kubeplay-seed{}.zip", m.seed);
                m.notice = Some(match download(&name, &bytes) {
                    Ok(()) => Notice::ExportDone(name),
                    Err(e) => Notice::ExportFailed(e),
                });
            });
        })
    };
    // One button naming the other language, in that language.
    let lang_switch = {
        let ctx = ctx.clone();
        let other = if p.lang == Lang::Ko {
            Lang::En
        } else {
            Lang::Ko
        };
        let onclick = Callback::from(move |_: MouseEvent| choose_lang(&ctx, other));
        html! {
            <button class="lang-switch" lang={other.code()} title={t("lang.switch")}
                aria-label={format!("{}: {}", t("lang.switch"), other.native_name())} {onclick}>
                { other.native_name() }
            </button>
        }
    };
    let panel_html = match &*panel {
        Panel::Closed => html! {},
        Panel::Link { url, copied } => {
            let status = match copied {
                Some(true) => t("session.copied"),
                Some(false) => t("session.copy_fallback"),
                None => "",
            };
            let select = Callback::from(|e: FocusEvent| {
                if let Some(i) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                {
                    i.select();
                }
            });
            html! {
                <div class="session-panel" role="dialog" aria-label={t("session.link_label")}>
                    <label>
                        <span>{ t("session.link_label") }</span>
                        <input class="share-link" type="text" readonly=true value={url.clone()}
                            aria-label={t("session.link_label")} onfocus={select} />
                    </label>
                    <p class="session-status" role="status">{ status }</p>
                    <button onclick={open(Panel::Closed)}>{ t("banner.dismiss") }</button>
                </div>
            }
        }
        Panel::NewSeed => {
            let oninput = {
                let seed_text = seed_text.clone();
                Callback::from(move |e: InputEvent| seed_text.set(input_value(&e)))
            };
            let parsed: Option<u64> = seed_text.trim().parse().ok();
            let onsubmit = {
                let (ctx, panel) = (ctx.clone(), panel.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if let Some(seed) = parsed {
                        panel.set(Panel::Closed);
                        ctx.update(|m| session::reset(m, seed));
                    }
                })
            };
            html! {
                <form class="session-panel" role="dialog" aria-label={t("session.new")} {onsubmit}>
                    <label>
                        <span>{ t("session.seed_label") }</span>
                        <input class="seed-input" type="number" min="0" inputmode="numeric"
                            value={(*seed_text).clone()} aria-label={t("session.seed_label")} {oninput} />
                    </label>
                    <button type="submit" class="primary" disabled={parsed.is_none()}>{ t("session.new_go") }</button>
                    <button type="button" onclick={open(Panel::Closed)}>{ t("session.cancel") }</button>
                </form>
            }
        }
        Panel::Import => {
            let oninput = {
                let import_text = import_text.clone();
                Callback::from(move |e: InputEvent| import_text.set(input_value(&e)))
            };
            let go = {
                let (ctx, panel, import_text) = (ctx.clone(), panel.clone(), import_text.clone());
                Callback::from(move |_: MouseEvent| {
                    let text = (*import_text).clone();
                    ctx.update(|m| match session::bundle::import(&text) {
                        Ok(imp) => {
                            let seed = m.seed;
                            session::reset(m, seed);
                            for line in &imp.lines {
                                m.submit(line);
                            }
                            m.notice = Some(Notice::Imported {
                                objects: imp.objects,
                                skipped: imp.skipped,
                            });
                            panel.set(Panel::Closed);
                            import_text.set(String::new());
                        }
                        Err(e) => m.notice = Some(Notice::ImportFailed(e)),
                    });
                })
            };
            html! {
                <div class="session-panel import" role="dialog" aria-label={t("session.import")}>
                    <p>{ t("session.import_help") }</p>
                    <textarea class="import-text" spellcheck="false" aria-label={t("session.import")}
                        value={(*import_text).clone()} {oninput} />
                    <button class="primary" onclick={go}>{ t("session.import_go") }</button>
                    <button onclick={open(Panel::Closed)}>{ t("session.cancel") }</button>
                </div>
            }
        }
    };

    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
                    <path class="logo-hex" d="M16 2l12 6.5v15L16 30 4 23.5v-15z" />
                    <circle class="logo-hub" cx="16" cy="16" r="4.2" />
                    <path class="logo-spokes" d="M16 7v5M16 20v5M8.2 11.5l4.3 2.5M19.5 18l4.3 2.5M8.2 20.5l4.3-2.5M19.5 14l4.3-2.5" />
                </svg>
                <span class="title">{ "kubeplay" }</span>
                <span class="subtitle">{ t("topbar.subtitle") }</span>
            </div>
            <div class="bar-right">
                <div class="session-actions" role="group" aria-label={t("topbar.actions")}>
                    <button class="copy-link" title={t("session.copy_link_title")} onclick={copy_link}>{ t("session.copy_link") }</button>
                    <button class="reset" title={t("session.reset_title")} onclick={reset}>{ t("session.reset") }</button>
                    <button class="new-seed" title={t("session.new_title")} onclick={open(Panel::NewSeed)}>{ t("session.new") }</button>
                    <button class="export" title={t("session.export_title")} onclick={export}>{ t("session.export") }</button>
                    <button class="import" title={t("session.import_title")} onclick={open(Panel::Import)}>{ t("session.import") }</button>
                </div>
                <span class="chip" title={t("seed.title")}>
                    { fill(t("seed.chip"), &[&p.seed.to_string()]) }
                </span>
                <div class="clock" role="group" aria-label={t("clock.group")}>
                    <button class={classes!("play", p.playing.then_some("on"))} aria-label={label} title={label} onclick={toggle}>
                        <svg viewBox="0 0 16 16" aria-hidden="true">{ icon }</svg>
                    </button>
                    <div class="speeds" role="group" aria-label={t("clock.speed_group")}>{ for speeds }</div>
                    <div class="forwards" role="group" aria-label={t("clock.ff_group")}>{ for forwards }</div>
                    <span class="time" title={fill(t("clock.time_title"), &[&p.now])}>
                        <span class="time-label">{ "t=" }</span>{ p.elapsed.clone() }
                    </span>
                </div>
                { lang_switch }
            </div>
            { panel_html }
        </header>
    }
}

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub notice: Option<Notice>,
    #[prop_or_default]
    pub lang: Lang,
}

/// The message over the panes: a link opened, a session restored, a bad
/// link or stored value, an export or import result.
#[function_component(SessionBanner)]
pub fn session_banner(p: &BannerProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let Some(notice) = &p.notice else {
        return html! {};
    };
    let dismiss = Callback::from(move |_: MouseEvent| ctx.update(|m| m.notice = None));
    let problem = notice.is_problem();
    html! {
        <div class={classes!("session-banner", problem.then_some("problem"))}
            role={if problem { "alert" } else { "status" }}>
            <span class="session-banner-text">{ notice.text() }</span>
            <button class="dismiss" onclick={dismiss}>{ t("banner.dismiss") }</button>
        </div>
    }
}

#[cfg(target_arch = "wasm32")]
fn share_url(ctx: &Ctx) -> String {
    session::web::share_url(&ctx.model.borrow())
}

#[cfg(target_arch = "wasm32")]
fn copy(url: String, panel: UseStateHandle<Panel>) {
    session::web::copy_to_clipboard(&url.clone(), move |ok| {
        panel.set(Panel::Link {
            url,
            copied: Some(ok),
        })
    });
}

#[cfg(target_arch = "wasm32")]
fn download(name: &str, bytes: &[u8]) -> Result<(), String> {
    session::web::download(name, "application/zip", bytes)
}

// Natively (unit tests build the crate) there is no page.
#[cfg(not(target_arch = "wasm32"))]
fn share_url(ctx: &Ctx) -> String {
    let s = session::Session::of(&ctx.model.borrow());
    format!("#s={}", session::codec::encode(&s))
}

#[cfg(not(target_arch = "wasm32"))]
fn copy(url: String, panel: UseStateHandle<Panel>) {
    panel.set(Panel::Link {
        url,
        copied: Some(false),
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn download(_name: &str, _bytes: &[u8]) -> Result<(), String> {
    Err("no browser".to_string())
}
