//! The browser pane: an address bar and the page a browser on the user's
//! machine would show. A response's HTML is shown only inside an iframe
//! with `sandbox=""` (no scripts, an opaque origin) through `srcdoc`; it is
//! never put into this page. Other bodies, the certificate warning and
//! the error pages are our own markup with the text as text nodes.

use super::{use_lang, Ctx};
use crate::browser::Page;
use crate::i18n::fill;
use crate::model::SideView;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Switches the upper side pane between the manifests and the browser.
#[function_component(ViewSwitch)]
pub fn view_switch() -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let lang = use_lang();
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
        <div class="view-switch" role="tablist" aria-label={lang.t("side.switch")}>
            { button(SideView::Manifests, lang.t("side.manifests")) }
            { button(SideView::Browser, lang.t("side.browser")) }
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
    let lang = use_lang();
    let t = |k: &str| lang.t(k);
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
            <span class="addr-state warn" title={t("browser.not_secure")}>{ t("browser.not_secure") }</span>
        },
        Some(p) if p.url().starts_with("https://") => html! {
            <span class="addr-state warn" title={t("browser.proceeded_title")}>{ t("browser.not_secure") }</span>
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
                    <p>{ t("browser.intro") }</p>
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
                        referrerpolicy="no-referrer" title={fill(t("browser.page_title"), &[url])} />
                }
            } else if body.is_empty() && *status >= 400 {
                let host = crate::browser::host_of(url);
                html! {
                    <div class="chrome-error">
                        <h3>{ t("browser.not_working") }</h3>
                        <p>{ fill(t("browser.unable"), &[&host]) }</p>
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
                    <h3>{ t("browser.not_private") }</h3>
                    <p>{ fill(t("browser.attackers"), &[host]) }</p>
                    <p class="code">{ *code }</p>
                    <div class="actions">
                        <button class="advanced" aria-expanded={advanced.to_string()} onclick={toggle}>
                            { if *advanced { t("browser.hide_advanced") } else { t("browser.advanced") } }
                        </button>
                        <button class="safety" onclick={back}>{ t("browser.back") }</button>
                    </div>
                    if *advanced {
                        <p>{ fill(t("browser.cert_detail"), &[host]) }</p>
                        <p class="hint-k8s">{ t("browser.cert_k8s") }</p>
                        <button class="proceed" onclick={proceed}>{ fill(t("browser.proceed"), &[host]) }</button>
                    }
                </div>
            }
        }
        Some(Page::Failed {
            code,
            headline,
            detail,
            url,
            host,
        }) => {
            let (headline, detail) = failed_text(lang, code, url, host)
                .unwrap_or_else(|| (headline.to_string(), detail.clone()));
            html! {
                <div class="chrome-error" role="alert">
                    <div class="err-icon" aria-hidden="true">{ "☹" }</div>
                    <h3>{ headline }</h3>
                    <p>{ detail }</p>
                    <p class="code">{ *code }</p>
                </div>
            }
        }
    };

    html! {
        <section class="pane browser" aria-label={t("browser.pane")}>
            <div class="pane-head">
                <ViewSwitch />
            </div>
            <form class="address-bar" {onsubmit}>
                <button type="button" class="reload" aria-label={t("browser.reload")} title={t("browser.reload")} onclick={reload}>{ "↻" }</button>
                <div class="address">
                    { lock }
                    <input ref={input_ref} type="text" aria-label={t("browser.address")} spellcheck="false"
                        autocomplete="off" autocapitalize="off" placeholder="https://localhost/testpath"
                        value={m.address.clone()} />
                </div>
                <button type="submit" class="go">{ t("browser.go") }</button>
            </form>
            <div class="page">{ body }</div>
        </section>
    }
}

/// Chromium's error page for `code` in the UI's language (its headline and
/// its sentence about the host or address), `None` for a code it has no
/// words for (the page's own English then).
fn failed_text(
    lang: crate::i18n::Lang,
    code: &str,
    url: &str,
    host: &str,
) -> Option<(String, String)> {
    let t = |k: &str| lang.t(k);
    let (headline, detail, arg) = match code {
        "ERR_NAME_NOT_RESOLVED" => ("browser.reached", "browser.err_name", host),
        "ERR_CONNECTION_REFUSED" => ("browser.reached", "browser.err_refused", host),
        "ERR_CONNECTION_TIMED_OUT" => ("browser.reached", "browser.err_timeout", host),
        "ERR_EMPTY_RESPONSE" => ("browser.not_working", "browser.err_empty", host),
        "ERR_CONNECTION_RESET" => ("browser.reached", "browser.err_reset", host),
        "ERR_SSL_PROTOCOL_ERROR" => ("browser.no_secure", "browser.err_ssl", host),
        "ERR_TOO_MANY_REDIRECTS" => ("browser.not_working", "browser.err_redirects", host),
        "ERR_INVALID_URL" | "ERR_FAILED" => ("browser.reached", "browser.err_moved", url),
        _ => return None,
    };
    Some((t(headline).to_string(), fill(t(detail), &[arg])))
}

#[cfg(test)]
mod tests {
    use super::failed_text;
    use crate::browser::{failure, Page};
    use crate::i18n::Lang;

    /// In English the error pages read exactly as `crate::browser` words
    /// them (Chromium's text); in Korean every one is translated.
    #[test]
    fn error_pages_in_both_languages() {
        for curl_code in [1, 6, 7, 28, 35, 52, 56, 99] {
            let e = cluster::NetError {
                curl_code,
                message: String::new(),
            };
            let Page::Failed {
                code,
                headline,
                detail,
                url,
                host,
            } = failure("http://web:81/".into(), "web".into(), &e)
            else {
                panic!("curl {curl_code}: not an error page");
            };
            let en = failed_text(Lang::En, code, &url, &host);
            assert_eq!(en, Some((headline.to_string(), detail)), "{code}");
            let ko = failed_text(Lang::Ko, code, &url, &host).unwrap_or_default();
            let names_host = ko.1.contains("web") || code == "ERR_CONNECTION_RESET";
            assert!(names_host && !ko.0.contains("??"), "{code}: {ko:?}");
            assert_ne!(ko, en.unwrap_or_default(), "{code}");
        }
    }
}
