//! The manifest pane: named files in tabs (the shell sees them as files),
//! an editor with line numbers, and Apply.

use super::browser::ViewSwitch;
use super::{use_lang, Ctx};
use crate::i18n::fill;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// `rev` changes whenever the tabs do, which re-renders the pane.
#[derive(Properties, PartialEq)]
pub struct ManifestsProps {
    pub rev: u64,
}

#[function_component(Manifests)]
pub fn manifests(_props: &ManifestsProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let lang = use_lang();
    let gutter_ref = use_node_ref();
    let text_ref = use_node_ref();
    // The tab being renamed, and the last rename error.
    let renaming = use_state(|| None::<usize>);
    let rename_error = use_state(|| None::<String>);
    let rename_ref = use_node_ref();
    {
        let rename_ref = rename_ref.clone();
        use_effect_with(*renaming, move |_| {
            if let Some(input) = rename_ref.cast::<HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
        });
    }

    let oninput = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            ctx.update(|m| m.edit(value));
        })
    };
    let onscroll = {
        let gutter_ref = gutter_ref.clone();
        Callback::from(move |e: Event| {
            let top = e.target_unchecked_into::<Element>().scroll_top();
            if let Some(g) = gutter_ref.cast::<Element>() {
                g.set_scroll_top(top);
            }
        })
    };
    let apply = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.update(|m| m.apply_active()))
    };
    let new_tab = {
        let ctx = ctx.clone();
        let text_ref = text_ref.clone();
        Callback::from(move |_: MouseEvent| {
            ctx.update(|m| m.new_tab());
            if let Some(t) = text_ref.cast::<HtmlTextAreaElement>() {
                let _ = t.focus();
            }
        })
    };

    let m = ctx.model.borrow();
    let tabs = m.tabs.iter().enumerate().map(|(i, t)| {
        let selected = i == m.active;
        let select = {
            let ctx = ctx.clone();
            Callback::from(move |_: MouseEvent| ctx.update(|m| m.select_tab(i)))
        };
        let start_rename = {
            let renaming = renaming.clone();
            let rename_error = rename_error.clone();
            Callback::from(move |_: MouseEvent| {
                rename_error.set(None);
                renaming.set(Some(i));
            })
        };
        let close = {
            let ctx = ctx.clone();
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                ctx.update(|m| m.close_tab(i));
            })
        };
        let name = if *renaming == Some(i) {
            let commit = {
                let ctx = ctx.clone();
                let renaming = renaming.clone();
                let rename_error = rename_error.clone();
                move |input: HtmlInputElement| match ctx.update(|m| m.rename_tab(i, &input.value())) {
                    Ok(()) => renaming.set(None),
                    Err(e) => rename_error.set(Some(e)),
                }
            };
            let onkeydown = {
                let commit = commit.clone();
                let renaming = renaming.clone();
                Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                    "Enter" => commit(e.target_unchecked_into()),
                    "Escape" => renaming.set(None),
                    _ => {}
                })
            };
            let onblur = {
                let renaming = renaming.clone();
                Callback::from(move |_: FocusEvent| renaming.set(None))
            };
            html! {
                <input ref={rename_ref.clone()} class="tab-rename" value={t.name.clone()}
                    aria-label={fill(lang.t("editor.rename"), &[&t.name])} spellcheck="false" {onkeydown} {onblur} />
            }
        } else {
            html! {
                <button class="tab-name" role="tab" aria-selected={selected.to_string()}
                    title={lang.t("editor.rename_title")} onclick={select} ondblclick={start_rename}>
                    { t.name.clone() }
                </button>
            }
        };
        html! {
            <div class={classes!("tab", selected.then_some("on"), t.error.is_some().then_some("has-error"))} key={i}>
                { name }
                <button class="tab-close" aria-label={fill(lang.t("editor.close_tab"), &[&t.name])} title={lang.t("editor.close")} onclick={close}>{ "×" }</button>
            </div>
        }
    });

    let body = match m.tabs.get(m.active) {
        Some(tab) => {
            let lines = tab.text.split('\n').count();
            let error_line = tab.error.as_ref().map(|(l, _)| *l);
            let numbers = (1..=lines).map(|n| {
                html! { <div class={classes!((error_line == Some(n)).then_some("err"))}>{ n }</div> }
            });
            html! {
                <div class="editor">
                    <div class="gutter" ref={gutter_ref} aria-hidden="true">{ for numbers }</div>
                    <textarea
                        ref={text_ref}
                        class="code"
                        aria-label={lang.t("editor.label")}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        value={tab.text.clone()}
                        {oninput}
                        {onscroll}
                    />
                </div>
            }
        }
        None => html! {
            <div class="editor empty"><p>{ lang.t("editor.empty") }</p></div>
        },
    };
    let status = match m.tabs.get(m.active).and_then(|t| t.error.as_ref()) {
        Some((line, msg)) if *line > 0 => {
            html! { <span class="apply-error" role="alert">{ fill(lang.t("editor.line"), &[&line.to_string(), msg]) }</span> }
        }
        Some((_, msg)) => html! { <span class="apply-error" role="alert">{ msg.clone() }</span> },
        None => match m.tabs.get(m.active) {
            Some(t) => {
                html! { <span class="apply-hint">{ lang.t("editor.runs") }<code>{ format!("kubectl apply -f {}", t.name) }</code></span> }
            }
            None => html! {},
        },
    };
    let rename_msg = (*rename_error)
        .clone()
        .map(|e| html! { <span class="apply-error" role="alert">{ e }</span> });

    html! {
        <section class="pane manifests" aria-label={lang.t("editor.pane")}>
            <div class="pane-head">
                <ViewSwitch />
                <div class="tabs" role="tablist" aria-label={lang.t("editor.files")}>{ for tabs }</div>
                <button class="tab-new" aria-label={lang.t("editor.new_file")} title={lang.t("editor.new_file")} onclick={new_tab}>{ "+" }</button>
            </div>
            { body }
            <div class="pane-foot">
                { rename_msg.unwrap_or(status) }
                <button class="apply" disabled={m.tabs.is_empty()} onclick={apply}>{ lang.t("editor.apply") }</button>
            </div>
        </section>
    }
}
