//! The lesson pane: a picker (built-in lessons, or a pasted file whose
//! errors are shown where the parser located them), the current step's
//! text in the chosen language, its files (click: open in the editor), its
//! commands (click the text: paste into the terminal's input; Run: run it
//! there), the check's result with a done mark, progress (3/12) and
//! previous/next. The state is [`crate::guide::Lessons`]; the app's frame
//! loop checks the step after every change.

use super::Ctx;
use super::{choose_lang, use_lang};
use crate::guide::{Guide, Lang, Lessons};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The lesson state and a way to re-render after changing it.
#[derive(Clone)]
pub struct LessonCtx {
    pub lessons: Rc<RefCell<Lessons>>,
    pub refresh: Callback<()>,
}

impl PartialEq for LessonCtx {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.lessons, &other.lessons)
    }
}

/// Reads localStorage's saved progress (the text, if any).
pub fn load_stored() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(crate::guide::STORAGE_KEY).ok().flatten())
}

/// Writes the progress to localStorage when it changed.
pub fn persist(lessons: &mut Lessons) {
    if !lessons.dirty {
        return;
    }
    lessons.dirty = false;
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        // A full or forbidden storage only loses the progress.
        let _ = s.set_item(crate::guide::STORAGE_KEY, &lessons.stored.to_json());
    }
}

fn wall_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub rev: u64,
    /// Show a language switch in the pane's head (embeds, which have no
    /// top bar); it sets the one UI language, as the top bar's does.
    #[prop_or_default]
    pub lang_switch: bool,
    /// No pasting or running (slides in `readonly` mode).
    #[prop_or_default]
    pub readonly: bool,
}

const PASTE: &str = "__paste__";

#[function_component(LessonPane)]
pub fn lesson_pane(p: &LessonProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let lctx = use_context::<LessonCtx>().expect("LessonCtx provided by App");
    let lang = use_lang();
    let pane_ref = use_node_ref();
    let paste_ref = use_node_ref();
    let pasting = use_state(|| false);
    let titles = use_memo((), |_| {
        lessons::builtin_names()
            .into_iter()
            .filter_map(|n| match lessons::builtin_lesson(n) {
                Some(Ok(l)) => Some((n.to_string(), l.title)),
                _ => None,
            })
            .collect::<Vec<_>>()
    });

    // Runs `f` on both states, then re-renders everything.
    let act = {
        let (ctx, lctx) = (ctx.clone(), lctx.clone());
        move |f: &dyn Fn(&mut Lessons, &mut crate::model::Model)| {
            {
                let mut l = lctx.lessons.borrow_mut();
                let mut m = ctx.model.borrow_mut();
                f(&mut l, &mut m);
                persist(&mut l);
            }
            lctx.refresh.emit(());
            ctx.refresh.emit(());
        }
    };
    let act = Rc::new(act);

    let onpick = {
        let (act, pasting) = (act.clone(), pasting.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            else {
                return;
            };
            let v = sel.value();
            if v == PASTE {
                pasting.set(true);
            } else if v.is_empty() {
                pasting.set(false);
                act(&|l, _| l.close());
            } else {
                pasting.set(false);
                act(&|l, m| {
                    l.open_builtin(m, &v, None);
                });
            }
        })
    };
    let onload = {
        let (act, paste_ref, pasting) = (act.clone(), paste_ref.clone(), pasting.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = area.value();
            let ok = Rc::new(std::cell::Cell::new(false));
            let ok2 = ok.clone();
            act(&move |l, m| ok2.set(l.open_text(m, "pasted.yaml", &text)));
            if ok.get() {
                pasting.set(false);
            }
        })
    };
    let lang_button = |choice: Lang| {
        let (ctx, lctx) = (ctx.clone(), lctx.clone());
        let on = lang == choice;
        let onclick = Callback::from(move |_: MouseEvent| {
            choose_lang(&ctx, choice);
            lctx.refresh.emit(());
        });
        html! {
            <button class={classes!("lang", on.then_some("on"))} aria-pressed={on.to_string()}
                lang={choice.code()} {onclick}>{ choice.native_name() }</button>
        }
    };

    let l = lctx.lessons.borrow();
    let t = |k: &str| lang.t(k);
    let open_name = l.guide.as_ref().and_then(|g| g.builtin.clone());
    let options = titles.iter().map(|(name, title)| {
        let selected = open_name.as_deref() == Some(name.as_str());
        html! { <option value={name.clone()} {selected}>{ title.get(lang.code()).to_string() }</option> }
    });
    // A lesson from a file or a paste is named where the picker starts.
    let first_option = match l.guide.as_ref() {
        Some(g) if g.builtin.is_none() => g.lesson.title.get(lang.code()).to_string(),
        _ => t("lesson.choose").to_string(),
    };
    let head_status = l.guide.as_ref().map(|g| {
        html! {
            <span class="lesson-progress" title={t("lesson.done")} aria-label={t("lesson.steps_done")}>
                { format!("{}/{}", g.done_count(), g.total()) }
            </span>
        }
    });
    let notice = l
        .notice
        .clone()
        .map(|n| html! { <p class="lesson-notice" role="status">{ n }</p> });
    let error = l
        .error
        .clone()
        .map(|e| html! { <pre class="lesson-error" role="alert">{ e }</pre> });
    let paste_box = (*pasting && !p.readonly).then(|| {
        html! {
            <div class="lesson-paste">
                <textarea ref={paste_ref.clone()} aria-label={t("lesson.file_label")} spellcheck="false"
                    placeholder={"id: my-lesson\ntitle: {ko: ..., en: ...}\nsteps:\n  - title: ..."} />
                <button class="lesson-load" onclick={onload}>{ t("lesson.load") }</button>
            </div>
        }
    });
    let body = match l.guide.as_ref() {
        Some(g) => step_view(g, lang, p.readonly, &act, &pane_ref),
        None => html! {},
    };
    html! {
        <section class={classes!("pane", "lesson", l.guide.is_none().then_some("empty"))}
            aria-label={t("lesson.pane")} ref={pane_ref.clone()} lang={lang.code()}>
            <div class="pane-head">
                <h2>{ t("lesson.pane") }</h2>
                <select class="lesson-picker" aria-label={t("lesson.picker")} onchange={onpick}>
                    <option value="" selected={open_name.is_none()}>{ first_option }</option>
                    { for options }
                    if !p.readonly {
                        <option value={PASTE}>{ t("lesson.paste") }</option>
                    }
                </select>
                { head_status.unwrap_or_default() }
                if p.lang_switch {
                    <div class="lang-switch" role="group" aria-label={t("lang.switch")}>
                        { lang_button(Lang::Ko) }
                        { lang_button(Lang::En) }
                    </div>
                }
            </div>
            { notice.unwrap_or_default() }
            { error.unwrap_or_default() }
            { paste_box.unwrap_or_default() }
            { body }
        </section>
    }
}

type Act = Rc<dyn Fn(&dyn Fn(&mut Lessons, &mut crate::model::Model))>;

fn step_view<F>(g: &Guide, lang: Lang, readonly: bool, act: &Rc<F>, pane: &NodeRef) -> Html
where
    F: Fn(&dyn Fn(&mut Lessons, &mut crate::model::Model)) + 'static,
{
    let act: Act = act.clone();
    let t = |k: &str| lang.t(k);
    let code = lang.code();
    let Some(step) = g.step() else {
        return html! {};
    };
    let index = g.current();
    let total = g.total();
    let done = g.progress.is_done(&step.id);
    let dots = g.lesson.steps().iter().enumerate().map(|(i, s)| {
        let act = act.clone();
        let is_done = g.progress.is_done(&s.id);
        let label = format!(
            "{} {}: {}{}",
            t("lesson.step"),
            i + 1,
            s.title.get(code),
            if is_done { format!(" ({})", t("lesson.done")) } else { String::new() }
        );
        let onclick = Callback::from(move |_: MouseEvent| act(&|l, m| l.goto(m, i)));
        html! {
            <li>
                <button class={classes!("step-dot", is_done.then_some("done"), (i == index).then_some("current"))}
                    aria-label={label.clone()} title={label} aria-current={(i == index).then_some("step")}
                    {onclick}>
                    { if is_done { "✓".to_string() } else { (i + 1).to_string() } }
                </button>
            </li>
        }
    });
    let intro = (index == 0 && !g.lesson.text.get(code).is_empty()).then(|| {
        html! {
            <details class="lesson-intro">
                <summary>{ g.lesson.title.get(code).to_string() }</summary>
                { markdown(g.lesson.text.get(code)) }
            </details>
        }
    });
    let files = step.manifests.iter().map(|f| {
        let act = act.clone();
        let name = f.name.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let name = name.clone();
            act(&move |l, m| l.open_file(m, &name))
        });
        html! {
            <li>
                <button class="lesson-file" data-file={f.name.clone()} title={t("lesson.open_file")} {onclick}>
                    <span aria-hidden="true">{ "📄 " }</span>{ f.name.clone() }
                </button>
            </li>
        }
    });
    let commands = step.commands.iter().map(|cmd| {
        let run = {
            let act = act.clone();
            let cmd = cmd.clone();
            Callback::from(move |_: MouseEvent| {
                let cmd = cmd.clone();
                act(&move |_, m| Lessons::run_command(m, &cmd))
            })
        };
        let paste = {
            let cmd = cmd.clone();
            let pane = pane.clone();
            Callback::from(move |_: MouseEvent| paste_into_terminal(&pane, &cmd))
        };
        html! {
            <li class="lesson-cmd">
                if readonly {
                    <code class="cmd-text">{ cmd.clone() }</code>
                } else {
                    <button class="cmd-text" title={t("lesson.paste_cmd")} onclick={paste}>
                        <code>{ cmd.clone() }</code>
                    </button>
                    <button class="cmd-run" aria-label={format!("{}: {cmd}", t("lesson.run"))}
                        title={t("lesson.run_cmd")} onclick={run}>{ "▶ " }{ t("lesson.run") }</button>
                }
            </li>
        }
    });
    let wait = step.wait.as_ref().map(|w| {
        html! { <p class="lesson-wait">{ format!("{}: {w}", t("lesson.wait")) }</p> }
    });
    // The verdict in large type; what the check found (English, as the
    // checks word it) small, on one line, in full on hover.
    let (check_class, verdict, detail) = if done {
        let detail = g.last.as_ref().filter(|r| r.done).map(|r| r.detail.clone());
        (
            "done",
            format!("✓ {}", t("lesson.done")),
            detail.unwrap_or_default(),
        )
    } else {
        let detail = g.last.as_ref().map(|r| r.detail.clone());
        (
            "pending",
            format!("○ {}", t("lesson.not_yet")),
            detail.unwrap_or_default(),
        )
    };
    let check_now = {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act(&|l, m| l.check_now(m, wall_now())))
    };
    let prev = {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act(&|l, m| l.prev(m)))
    };
    let next = {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act(&|l, m| l.next(m)))
    };
    let restart = {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act(&|l, m| l.restart(m)))
    };
    let complete = g.progress.is_complete(&g.lesson);
    html! {
        <div class="lesson-body">
            <ol class="lesson-steps" aria-label={t("lesson.steps")}>{ for dots }</ol>
            { intro.unwrap_or_default() }
            <h3 class="step-title">
                <span class="step-no">{ format!("{} {}/{}", t("lesson.step"), index + 1, total) }</span>
                { step.title.get(code).to_string() }
                if done { <span class="step-done" aria-label={t("lesson.done")}>{ "✓" }</span> }
            </h3>
            <div class="explanation">{ markdown(step.explanation.get(code)) }</div>
            if !step.manifests.is_empty() {
                <h4>{ t("lesson.files") }</h4>
                <ul class="lesson-files">{ for files }</ul>
            }
            if !step.commands.is_empty() {
                <h4>{ t("lesson.commands") }</h4>
                <ul class="lesson-cmds">{ for commands }</ul>
            }
            { wait.unwrap_or_default() }
            if step.check.is_some() {
                <div class={classes!("lesson-check", check_class)} role="status" aria-live="polite">
                    <span class="check-text">
                        <strong class="check-verdict">{ verdict }</strong>
                        if !detail.is_empty() {
                            <span class="check-detail" title={detail.clone()} lang="en">{ detail.clone() }</span>
                        }
                    </span>
                    if !done && !readonly {
                        <button class="check-now" onclick={check_now}>{ t("lesson.check_now") }</button>
                    }
                </div>
            }
            if complete {
                <p class="lesson-complete" role="status">{ t("lesson.complete") }</p>
            }
            <div class="lesson-nav">
                <button class="prev" disabled={index == 0} onclick={prev}>{ t("lesson.prev") }</button>
                if complete && !readonly {
                    <button class="restart" onclick={restart}>{ t("lesson.restart") }</button>
                }
                <button class={classes!("next", done.then_some("ready"))} disabled={index + 1 >= total}
                    onclick={next}>{ t("lesson.next") }</button>
            </div>
        </div>
    }
}

/// Puts `text` into the terminal's input of the same app and focuses it.
fn paste_into_terminal(pane: &NodeRef, text: &str) {
    let input = pane
        .cast::<Element>()
        .and_then(|e| e.closest(".app").ok().flatten())
        .and_then(|app| app.query_selector(".term-input").ok().flatten())
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok());
    if let Some(input) = input {
        input.set_value(text);
        let _ = input.focus();
    }
}

/// The lesson format's small Markdown: paragraphs (blank lines), `-` list
/// items (continued by indented lines; an indented `-` item nests under
/// the one before), fenced code blocks, `code` and **bold**. Text nodes
/// only.
fn markdown(text: &str) -> Html {
    #[derive(Default)]
    struct Item {
        text: String,
        sub: Vec<String>,
    }
    let mut blocks: Vec<Html> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut fence: Option<Vec<&str>> = None;
    fn flush(para: &mut Vec<&str>, items: &mut Vec<Item>, blocks: &mut Vec<Html>) {
        if !para.is_empty() {
            blocks.push(html! { <p>{ inline(&para.join(" ")) }</p> });
            para.clear();
        }
        if !items.is_empty() {
            let lis = items.drain(..).map(|i| {
                let sub = (!i.sub.is_empty()).then(|| {
                    let subs = i.sub.iter().map(|s| html! { <li>{ inline(s) }</li> });
                    html! { <ul>{ for subs }</ul> }
                });
                html! { <li>{ inline(&i.text) }{ sub.unwrap_or_default() }</li> }
            });
            blocks.push(html! { <ul>{ for lis }</ul> });
        }
    }
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(code) = fence.as_mut() {
            if trimmed.starts_with("```") {
                let body = code.join("\n");
                blocks.push(html! { <pre class="md-code"><code>{ body }</code></pre> });
                fence = None;
            } else {
                code.push(line);
            }
            continue;
        }
        let indented = line.starts_with(' ');
        if trimmed.starts_with("```") {
            flush(&mut para, &mut items, &mut blocks);
            fence = Some(Vec::new());
        } else if trimmed.is_empty() {
            flush(&mut para, &mut items, &mut blocks);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            match items.last_mut() {
                Some(last) if indented => last.sub.push(item.to_string()),
                _ => {
                    if !para.is_empty() {
                        flush(&mut para, &mut items, &mut blocks);
                    }
                    items.push(Item {
                        text: item.to_string(),
                        ..Item::default()
                    });
                }
            }
        } else if let (true, Some(last)) = (indented, items.last_mut()) {
            let target = last.sub.last_mut().unwrap_or(&mut last.text);
            target.push(' ');
            target.push_str(trimmed);
        } else {
            if !items.is_empty() {
                flush(&mut para, &mut items, &mut blocks);
            }
            para.push(trimmed);
        }
    }
    if let Some(code) = fence {
        blocks.push(html! { <pre class="md-code"><code>{ code.join("\n") }</code></pre> });
    }
    flush(&mut para, &mut items, &mut blocks);
    blocks.into_iter().collect()
}

/// `code` and **bold** spans.
fn inline(text: &str) -> Html {
    let mut out: Vec<Html> = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push(html! { <code>{ part.to_string() }</code> });
            continue;
        }
        for (j, run) in part.split("**").enumerate() {
            if run.is_empty() {
                continue;
            }
            if j % 2 == 1 {
                out.push(html! { <strong>{ run.to_string() }</strong> });
            } else {
                out.push(html! { { run.to_string() } });
            }
        }
    }
    out.into_iter().collect()
}

/// `?lesson=` names a file to load rather than a built-in lesson.
pub fn is_url(lesson: &str) -> bool {
    lesson.ends_with(".yaml") || lesson.ends_with(".yml") || lesson.contains('/')
}

/// Loads a lesson file (the page's Content-Security-Policy allows only
/// its own origin) and opens it (at `step` when given), or shows why it
/// could not be.
pub fn fetch_lesson(
    url: String,
    step: Option<usize>,
    model: Rc<RefCell<crate::model::Model>>,
    lessons: Rc<RefCell<Lessons>>,
    refresh: Callback<()>,
) {
    yew::platform::spawn_local(async move {
        let text = match gloo::net::http::Request::get(&url).send().await {
            Ok(r) if r.ok() => r.text().await.map_err(|e| e.to_string()),
            Ok(r) => Err(format!("HTTP {} {}", r.status(), r.status_text())),
            Err(e) => Err(e.to_string()),
        };
        {
            let (Ok(mut l), Ok(mut m)) = (lessons.try_borrow_mut(), model.try_borrow_mut()) else {
                return;
            };
            match text {
                Ok(text) => {
                    l.open_fetched(&mut m, &url, &text, step);
                }
                Err(e) => {
                    l.error = Some(crate::i18n::fill(
                        crate::i18n::t("lesson.load_failed"),
                        &[url.as_str(), e.as_str()],
                    ));
                    l.rev += 1;
                }
            }
        }
        refresh.emit(());
    });
}

/// `readonly` slides: the manifest editor takes no typing.
pub fn make_editors_readonly() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(list) = doc.query_selector_all(".app.readonly textarea") {
        for i in 0..list.length() {
            if let Some(t) = list
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlTextAreaElement>().ok())
            {
                t.set_read_only(true);
            }
        }
    }
}
