//! The browser pane: an address bar and the page a browser on the user's
//! machine would show. A response's HTML is shown only inside an iframe
//! with `sandbox=""` (no scripts, an opaque origin) through `srcdoc`; it is
//! never put into this page. Other bodies, the certificate warning and
//! the error pages are our own markup with the text as text nodes.

use super::Ctx;
use crate::browser::Page;
use crate::model::SideView;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Switches the upper side pane between the manifests and the browser.
#[function_component(ViewSwitch)]
pub fn view_switch() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let current = ctx.model.borrow().side;
    let button = |view: SideView, label: &str| {
        let ctx = ctx.clone();
        let on = current == view;
        let onclick = Callback::from(move |_: MouseEvent| ctx.update(|m| m.set_side(view)));
        html! {
            <button class={classes!("view", on.then_some("on"))} role="tab"
                aria-selected={on.to_string()} {onclick}>{ label.to_string() }</button>
        }
    };
    html! {
        <div class="view-switch" role="tablist" aria-label="Side pane">
            { button(SideView::Manifests, "Manifests") }
            { button(SideView::Browser, "Browser") }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct BrowserPaneProps {
    pub rev: u64,
}

/// Addresses offered on the empty page.
const SUGGESTIONS: &[&str] = &["http://localhost:31045", "https://localhost/testpath"];

#[function_component(BrowserPane)]
pub fn browser_pane(_p: &BrowserPaneProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let input_ref = use_node_ref();
    let advanced = use_state(|| false);
    let m = ctx.model.borrow();

    // A new page folds the certificate details again.
    {
        let advanced = advanced.clone();
        use_effect_with(_p.rev, move |_| advanced.set(false));
    }

    let onsubmit = {
        let ctx = ctx.clone();
        let input_ref = input_ref.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let address = input.value();
                ctx.update(|m| m.browse(&address, false));
            }
        })
    };
    let reload = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| {
            let url = ctx.model.borrow().page().map(|p| p.url().to_string());
            if let Some(url) = url {
                ctx.update(|m| m.browse(&url, false));
            }
        })
    };
    let lock = match m.page() {
        Some(Page::CertWarning { .. }) => html! {
            <span class="addr-state warn" title="Not secure">{ "Not secure" }</span>
        },
        Some(p) if p.url().starts_with("https://") => html! {
            <span class="addr-state warn" title="Certificate not valid; you chose to proceed">{ "Not secure" }</span>
        },
        _ => html! {
            <svg class="addr-icon" viewBox="0 0 16 16" aria-hidden="true">
                <circle cx="8" cy="8" r="6.5" />
                <path d="M8 7.2v4.2M8 4.6v0.4" />
            </svg>
        },
    };

    let body = match m.page() {
        None => {
            let links = SUGGESTIONS.iter().map(|s| {
                let ctx = ctx.clone();
                let onclick =
                    Callback::from(move |_: MouseEvent| ctx.update(|m| m.browse(s, false)));
                html! { <li><button class="suggestion" {onclick}>{ *s }</button></li> }
            });
            html! {
                <div class="page-note">
                    <p>{ "A browser on your machine: requests go from localhost into the cluster, and the topology shows their path." }</p>
                    <ul>{ for links }</ul>
                </div>
            }
        }
        Some(
            page @ Page::Loaded {
                url,
                status,
                reason,
                content_type,
                body,
            },
        ) => {
            let view = if page.is_html() {
                html! {
                    <iframe class="page-frame" sandbox="" srcdoc={body.clone()}
                        referrerpolicy="no-referrer" title={format!("Page: {url}")} />
                }
            } else if body.is_empty() && *status >= 400 {
                let host = crate::browser::host_of(url);
                html! {
                    <div class="chrome-error">
                        <h3>{ "This page isn’t working" }</h3>
                        <p>{ format!("{host} is currently unable to handle this request.") }</p>
                        <p class="code">{ format!("HTTP ERROR {status}") }</p>
                    </div>
                }
            } else {
                html! { <pre class="page-text">{ body.clone() }</pre> }
            };
            let ct = if content_type.is_empty() {
                String::new()
            } else {
                format!(" · {content_type}")
            };
            html! {
                <>
                    { view }
                    <div class={classes!("page-status", (*status >= 400).then_some("bad"))}>
                        { format!("{status} {reason}{ct}") }
                    </div>
                </>
            }
        }
        Some(Page::CertWarning { host, code, .. }) => {
            let toggle = {
                let advanced = advanced.clone();
                Callback::from(move |_: MouseEvent| advanced.set(!*advanced))
            };
            let back = {
                let ctx = ctx.clone();
                Callback::from(move |_: MouseEvent| ctx.update(|m| m.set_side(SideView::Manifests)))
            };
            let proceed = {
                let ctx = ctx.clone();
                Callback::from(move |_: MouseEvent| ctx.update(|m| m.proceed_unsafe()))
            };
            html! {
                <div class="chrome-error cert" role="alert">
                    <div class="warn-icon" aria-hidden="true">{ "!" }</div>
                    <h3>{ "Your connection is not private" }</h3>
                    <p>{ format!("Attackers might be trying to steal your information from {host} (for example, passwords, messages, or credit cards).") }</p>
                    <p class="code">{ *code }</p>
                    <div class="actions">
                        <button class="advanced" aria-expanded={advanced.to_string()} onclick={toggle}>
                            { if *advanced { "Hide advanced" } else { "Advanced" } }
                        </button>
                        <button class="safety" onclick={back}>{ "Back to safety" }</button>
                    </div>
                    if *advanced {
                        <p>{ format!("This server could not prove that it is {host}; its security certificate is not trusted by your computer’s operating system. This may be caused by a misconfiguration or an attacker intercepting your connection.") }</p>
                        <p class="hint-k8s">{ "Here: the ingress-nginx controller answers with its self-signed “Kubernetes Ingress Controller Fake Certificate” (curl says: SSL certificate problem; curl -k skips the check)." }</p>
                        <button class="proceed" onclick={proceed}>{ format!("Proceed to {host} (unsafe)") }</button>
                    }
                </div>
            }
        }
        Some(Page::Failed {
            code,
            headline,
            detail,
            ..
        }) => html! {
            <div class="chrome-error" role="alert">
                <div class="err-icon" aria-hidden="true">{ "☹" }</div>
                <h3>{ *headline }</h3>
                <p>{ detail.clone() }</p>
                <p class="code">{ *code }</p>
            </div>
        },
    };

    html! {
        <section class="pane browser" aria-label="Browser">
            <div class="pane-head">
                <ViewSwitch />
            </div>
            <form class="address-bar" {onsubmit}>
                <button type="button" class="reload" aria-label="Reload" title="Reload" onclick={reload}>{ "↻" }</button>
                <div class="address">
                    { lock }
                    <input ref={input_ref} type="text" aria-label="address bar" spellcheck="false"
                        autocomplete="off" autocapitalize="off" placeholder="https://localhost/testpath"
                        value={m.address.clone()} />
                </div>
                <button type="submit" class="go">{ "Go" }</button>
            </form>
            <div class="page">{ body }</div>
        </section>
    }
}
