//! The inspector: what one selected drawn object is, as
//! [`crate::inspect::inspect`] reads it — the engine's "why" hints, status
//! lines, relationships (each a button that selects that object), events
//! and the `kubectl get -o yaml` text. Text nodes only.

use super::use_lang;
use crate::i18n::{fill, lookup, Lang};
use crate::inspect::{Inspection, Target};
use crate::shared::Shared;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub inspection: Shared<Inspection>,
    /// Select another object (`None` closes the inspector).
    pub onselect: Callback<Option<Target>>,
}

#[function_component(Inspector)]
pub fn inspector(p: &InspectorProps) -> Html {
    let i = &*p.inspection;
    let lang = use_lang();
    let tx = |k: &str| lang.t(k);
    let close = {
        let onselect = p.onselect.clone();
        Callback::from(move |_: MouseEvent| onselect.emit(None))
    };
    let onkeydown = {
        let onselect = p.onselect.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                onselect.emit(None);
            }
        })
    };
    let t = &i.target;
    let hints = (!i.hints.is_empty()).then(|| {
        html! {
            <section class="insp-hints" aria-label={tx("insp.why")}>
                <h4>{ tx("insp.why") }</h4>
                <ul>
                    { for i.hints.iter().map(|h| html! {
                        <li data-hint={format!("{:?}", h.code)}>
                            <svg class="warn" viewBox="-11 -12 22 21" aria-hidden="true">
                                <path d="M0 -11L10 7H-10z" /><text y="5" text-anchor="middle">{ "!" }</text>
                            </svg>
                            <span><strong>{ hint_title(lang, h.code) }</strong>{ ": " }{ h.message.clone() }</span>
                        </li>
                    }) }
                </ul>
            </section>
        }
    });
    let relations = (!i.relations.is_empty()).then(|| {
        html! {
            <section class="insp-rel" aria-label={tx("insp.related")}>
                <h4>{ tx("insp.related_head") }</h4>
                <ul>
                    { for i.relations.iter().map(|r| {
                        let onselect = p.onselect.clone();
                        let target = r.target.clone();
                        let go = Callback::from(move |_: MouseEvent| onselect.emit(Some(target.clone())));
                        html! {
                            <li>
                                <span class="rel-label">{ relation_label(lang, r.label) }</span>
                                <button class="rel-link" onclick={go}
                                    disabled={crate::inspect::plural(&r.target.kind).is_none()}>
                                    { format!("{} {}", r.target.kind, r.target.name) }
                                </button>
                                if !r.note.is_empty() {
                                    <span class="rel-note">{ relation_note(lang, &r.note) }</span>
                                }
                            </li>
                        }
                    }) }
                </ul>
            </section>
        }
    });
    let events = html! {
        <section class="insp-events" aria-label={tx("insp.events")}>
            <h4>{ fill(tx("insp.events_head"), &[&i.events.len().to_string()]) }</h4>
            if i.events.is_empty() {
                <p class="muted">{ "<none>" }</p>
            } else {
                <table>
                    <thead><tr><th>{ "LAST SEEN" }</th><th>{ "TYPE" }</th><th>{ "REASON" }</th><th>{ "MESSAGE" }</th></tr></thead>
                    <tbody>
                        { for i.events.iter().map(|e| html! {
                            <tr class={classes!((e.type_ == "Warning").then_some("warning"))}>
                                <td>{ e.last_seen.clone() }</td>
                                <td>{ e.type_.clone() }</td>
                                <td>{ e.reason.clone() }</td>
                                <td>{ if e.count > 1 { format!("{} (x{})", e.message, e.count) } else { e.message.clone() } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    };
    html! {
        <aside class="inspector" aria-label={fill(tx("insp.label"), &[&t.label()])} {onkeydown}
            data-kind={t.kind.clone()} data-namespace={t.namespace.clone()} data-name={t.name.clone()}>
            <header>
                <span class="insp-kind">{ t.kind.clone() }</span>
                <h3 title={t.label()}>{ t.name.clone() }</h3>
                if !t.namespace.is_empty() {
                    <span class="insp-ns">{ t.namespace.clone() }</span>
                }
                <button class="insp-close" aria-label={tx("insp.close")} title={tx("insp.close_title")} onclick={close}>{ "×" }</button>
            </header>
            <div class="insp-body">
                { hints.unwrap_or_default() }
                <dl class="insp-status">
                    { for i.status.iter().map(|(k, v)| html! {
                        <><dt>{ k.clone() }</dt><dd>{ v.clone() }</dd></>
                    }) }
                </dl>
                { relations.unwrap_or_default() }
                { events }
                <details class="insp-yaml">
                    <summary>{ format!("YAML (kubectl get {} {} -o yaml)", t.kind.to_lowercase(), t.name) }</summary>
                    <pre>{ i.yaml.clone() }</pre>
                </details>
            </div>
        </aside>
    }
}

/// A hint's short title in the UI's language (its message, the engine's
/// account of what it found, stays as the engine words it).
pub fn hint_title(lang: Lang, code: cluster::hints::HintCode) -> &'static str {
    lookup(lang, &format!("hint.{code:?}")).unwrap_or(code.title())
}

/// A relationship's label (`runs on`, `selected by`, ...) in the UI's
/// language.
fn relation_label(lang: Lang, label: &'static str) -> &'static str {
    lookup(lang, &format!("rel.{}", label.replace(' ', "_"))).unwrap_or(label)
}

/// A relationship's note in the UI's language: an endpoint's readiness
/// is ours to word; other notes (addresses, paths) are data.
fn relation_note(lang: Lang, note: &str) -> String {
    match note {
        "ready" => lang.t("rel.ready").to_string(),
        "not ready" => lang.t("topo.not_ready").to_string(),
        _ => note.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cluster::hints::HintCode;

    #[test]
    fn hint_titles_and_relations_in_both_languages() {
        for code in [
            HintCode::NoMatchingPods,
            HintCode::NoReadyPods,
            HintCode::TargetPortNotListening,
            HintCode::IngressClassUnowned,
            HintCode::IngressBackendMissing,
            HintCode::PodTaint,
            HintCode::PodNoMatchingNode,
            HintCode::ClaimPending,
        ] {
            assert_eq!(hint_title(Lang::En, code), code.title());
            assert_ne!(hint_title(Lang::Ko, code), code.title(), "{code:?}");
        }
        for label in [
            "owner",
            "runs on",
            "selected by",
            "claim",
            "endpoint",
            "ingress rule",
            "pod",
            "backend",
            "used by",
            "volume",
        ] {
            assert_eq!(relation_label(Lang::En, label), label);
            assert_ne!(relation_label(Lang::Ko, label), label);
        }
    }
}
