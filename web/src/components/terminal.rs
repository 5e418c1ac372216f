//! The terminal: scrollback (text nodes only; ANSI colours become styled
//! spans), the shell's prompt, history on Up/Down, Ctrl+R reverse search
//! as bash does it (`(reverse-i-search)`query': match`), Ctrl+L to clear,
//! Ctrl+C to stop a watch (`get -w`, `logs -f`) or abandon the line,
//! Ctrl+D on an empty line to end a container's shell, multi-line paste
//! fed line by line.

use super::Ctx;
use crate::model::{Block, Line};
use crate::shared::Shared;
use kubectl::{ansi, Stream};
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, Element, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub rev: u64,
    /// Focus the input when mounted (not when embedded in a slide, where
    /// focus would scroll the host page).
    #[prop_or_default]
    pub autofocus: bool,
}

/// Splits `s` around a selection given in UTF-16 offsets (as the DOM gives them).
fn split_utf16(s: &str, start: u32, end: u32) -> (String, String) {
    let units: Vec<u16> = s.encode_utf16().collect();
    let start = (start as usize).min(units.len());
    let end = (end as usize).clamp(start, units.len());
    (
        String::from_utf16_lossy(&units[..start]),
        String::from_utf16_lossy(&units[end..]),
    )
}

fn has_selection(input: &HtmlInputElement) -> bool {
    let in_input = matches!(
        (input.selection_start(), input.selection_end()),
        (Ok(Some(a)), Ok(Some(b))) if a != b
    );
    let in_page = web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .is_some_and(|s| !s.is_collapsed());
    in_input || in_page
}

fn set_input(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let end = text.encode_utf16().count() as u32;
    let _ = input.set_selection_range(end, end);
}

/// Bash's reverse incremental history search (Ctrl+R): the query typed so
/// far, the history entry it matched, and the line to restore on Ctrl+G.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RevSearch {
    query: String,
    original: String,
    /// Index in the history of the entry shown.
    at: Option<usize>,
    failed: bool,
}

impl RevSearch {
    pub(crate) fn new(original: &str) -> RevSearch {
        RevSearch {
            query: String::new(),
            original: original.to_string(),
            at: None,
            failed: false,
        }
    }

    /// What stands where the prompt was.
    pub(crate) fn prompt(&self) -> String {
        let failed = if self.failed { "failed " } else { "" };
        format!("({failed}reverse-i-search)`{}': ", self.query)
    }

    /// The line shown after the prompt (the match, or what was typed).
    pub(crate) fn line(&self, history: &[String]) -> String {
        self.at
            .and_then(|i| history.get(i).cloned())
            .unwrap_or_else(|| self.original.clone())
    }

    /// The newest entry at or before `from` that contains the query and is
    /// not `skip`.
    fn find(&self, history: &[String], from: usize, skip: Option<&str>) -> Option<usize> {
        (0..=from.min(history.len().saturating_sub(1)))
            .rev()
            .filter(|_| !history.is_empty())
            .find(|&i| history[i].contains(&self.query) && Some(history[i].as_str()) != skip)
    }

    fn search_from(&mut self, history: &[String], from: Option<usize>, skip: Option<&str>) {
        let Some(from) = from.or_else(|| history.len().checked_sub(1)) else {
            self.failed = !self.query.is_empty();
            return;
        };
        match self.find(history, from, skip) {
            Some(i) => {
                self.at = Some(i);
                self.failed = false;
            }
            None => self.failed = true,
        }
    }

    /// A character typed: the query grows; the search goes on from the
    /// entry shown (which may still match).
    pub(crate) fn type_char(&mut self, c: char, history: &[String]) {
        self.query.push(c);
        if self.failed {
            return;
        }
        self.search_from(history, self.at, None);
    }

    /// Backspace: the query shrinks; the newest match is searched again.
    pub(crate) fn backspace(&mut self, history: &[String]) {
        self.query.pop();
        self.failed = false;
        if !self.query.is_empty() {
            self.search_from(history, None, None);
        }
    }

    /// Ctrl+R again: the next older entry that matches (a repeat of the
    /// line shown is skipped, as bash does).
    pub(crate) fn again(&mut self, history: &[String]) {
        if self.query.is_empty() {
            return;
        }
        let shown = self.at.and_then(|i| history.get(i)).cloned();
        match self.at {
            Some(0) => self.failed = true,
            Some(i) => self.search_from(history, Some(i - 1), shown.as_deref()),
            None => self.search_from(history, None, None),
        }
    }

    /// Ctrl+G: the line as it was before the search.
    pub(crate) fn original(&self) -> &str {
        &self.original
    }
}

#[function_component(Terminal)]
pub fn terminal(p: &TerminalProps) -> Html {
    let lang = super::use_lang();
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let input_ref = use_node_ref();
    let scroll_ref = use_node_ref();

    {
        let input_ref = input_ref.clone();
        let autofocus = p.autofocus;
        use_effect_with((), move |_| {
            if let (true, Some(input)) = (autofocus, input_ref.cast::<HtmlInputElement>()) {
                let _ = input.focus();
            }
        });
    }
    {
        let scroll_ref = scroll_ref.clone();
        use_effect_with(p.rev, move |_| {
            if let Some(el) = scroll_ref.cast::<Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let search = use_mut_ref(|| None::<RevSearch>);
    let redraw = use_state(|| 0u64);

    let onkeydown = {
        let ctx = ctx.clone();
        let input_ref = input_ref.clone();
        let search = search.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = input_ref.cast::<HtmlInputElement>() else {
                return;
            };
            let key = e.key();
            let ctrl = e.ctrl_key() || e.meta_key();
            // Reverse history search: keys edit the query until the match
            // is accepted (Enter runs it; Escape, arrows and Tab keep it
            // for editing), Ctrl+G gives the line back, Ctrl+C abandons it.
            let active = search.borrow().is_some();
            if active {
                let history: Vec<String> = ctx.model.borrow().term.history().to_vec();
                let mut done = false;
                {
                    let mut guard = search.borrow_mut();
                    let Some(s) = guard.as_mut() else {
                        return;
                    };
                    match key.as_str() {
                        "r" | "R" if e.ctrl_key() => {
                            e.prevent_default();
                            s.again(&history);
                            set_input(&input, &s.line(&history));
                        }
                        "g" | "G" if e.ctrl_key() => {
                            e.prevent_default();
                            set_input(&input, s.original());
                            done = true;
                        }
                        "Backspace" => {
                            e.prevent_default();
                            s.backspace(&history);
                            set_input(&input, &s.line(&history));
                        }
                        "Enter" | "c" | "C" if key == "Enter" || e.ctrl_key() => {
                            done = true;
                        }
                        "Escape" | "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Tab"
                        | "Home" | "End" => {
                            e.prevent_default();
                            done = true;
                        }
                        k if k.chars().count() == 1 && !ctrl && !e.alt_key() => {
                            e.prevent_default();
                            if let Some(c) = k.chars().next() {
                                s.type_char(c, &history);
                            }
                            set_input(&input, &s.line(&history));
                        }
                        _ => {}
                    }
                }
                if done {
                    *search.borrow_mut() = None;
                }
                redraw.set(*redraw + 1);
                // Enter and Ctrl+C go on to run or abandon the line shown.
                if !(done
                    && (key == "Enter" || (e.ctrl_key() && matches!(key.as_str(), "c" | "C"))))
                {
                    return;
                }
            }
            match key.as_str() {
                "r" | "R" if e.ctrl_key() => {
                    e.prevent_default();
                    *search.borrow_mut() = Some(RevSearch::new(&input.value()));
                    redraw.set(*redraw + 1);
                }
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    let line = input.value();
                    input.set_value("");
                    ctx.update(|m| m.type_line(&line));
                }
                "ArrowUp" => {
                    e.prevent_default();
                    let line = input.value();
                    if let Some(prev) = ctx.model.borrow_mut().term.history_prev(&line) {
                        set_input(&input, &prev);
                    }
                }
                "ArrowDown" => {
                    e.prevent_default();
                    if let Some(next) = ctx.model.borrow_mut().term.history_next() {
                        set_input(&input, &next);
                    }
                }
                // Tab completes (an empty line lets Tab move the focus on).
                "Tab" if !e.shift_key() && !input.value().is_empty() => {
                    e.prevent_default();
                    let line = input.value();
                    if let Some(done) = ctx.update(|m| m.complete(&line)) {
                        set_input(&input, &done);
                    }
                }
                "l" | "L" if e.ctrl_key() => {
                    e.prevent_default();
                    ctx.update(|m| m.clear_screen());
                }
                // Ctrl+D on an empty line ends a container's shell (the
                // model says whether one was open; else the key is left
                // alone).
                "d" | "D"
                    if e.ctrl_key()
                        && input.value().is_empty()
                        && ctx.update(|m| m.end_of_input()) =>
                {
                    e.prevent_default();
                }
                "c" | "C" if ctrl && !has_selection(&input) => {
                    e.prevent_default();
                    let line = input.value();
                    input.set_value("");
                    ctx.update(|m| m.interrupt(&line));
                }
                _ => {}
            }
        })
    };

    let onpaste = {
        let ctx = ctx.clone();
        let input_ref = input_ref.clone();
        Callback::from(move |e: Event| {
            let Some(input) = input_ref.cast::<HtmlInputElement>() else {
                return;
            };
            let Some(text) = e
                .dyn_ref::<ClipboardEvent>()
                .and_then(ClipboardEvent::clipboard_data)
                .and_then(|d| d.get_data("text").ok())
            else {
                return;
            };
            if !text.contains('\n') && !text.contains('\r') {
                return;
            }
            e.prevent_default();
            let value = input.value();
            let start = input.selection_start().ok().flatten().unwrap_or(0);
            let end = input.selection_end().ok().flatten().unwrap_or(start);
            let (before, after) = split_utf16(&value, start, end);
            let rest = ctx.update(|m| m.paste(&before, &text, &after));
            set_input(&input, &rest);
        })
    };

    let focus = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_some_and(|s| !s.is_collapsed());
            if let (false, Some(input)) = (selecting, input_ref.cast::<HtmlInputElement>()) {
                let _ = input.focus();
            }
        })
    };

    let m = ctx.model.borrow();
    let prompt = search
        .borrow()
        .as_ref()
        .map(RevSearch::prompt)
        .unwrap_or_else(|| m.prompt());
    let blocks = m.term.blocks.iter().map(|b| {
        html! { <TermBlock key={b.id} block={Shared(b.clone())} /> }
    });
    html! {
        <section class="pane terminal" aria-label={lang.t("term.pane")}>
            <div class="pane-head">
                <h2>{ lang.t("term.pane") }</h2>
                <span class="hint">{ lang.t("term.keys") }</span>
            </div>
            <div class="term-body" ref={scroll_ref} onclick={focus}>
                <div class="scrollback" role="log" aria-live="polite">{ for blocks }</div>
                <div class="prompt-line">
                    <span class="ps" aria-hidden="true">{ prompt }</span>
                    <input
                        ref={input_ref}
                        class="term-input"
                        type="text"
                        aria-label={lang.t("term.input")}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        {onkeydown}
                        {onpaste}
                    />
                </div>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TermBlockProps {
    block: Shared<Block>,
}

#[function_component(TermBlock)]
fn term_block(p: &TermBlockProps) -> Html {
    let lines = p.block.lines.iter().map(|l| match l {
        Line::Input { prompt, text } => html! {
            <div class="in"><span class="ps">{ prompt.clone() }</span>{ text.clone() }</div>
        },
        Line::Out { stream, text } => {
            let class = match stream {
                Stream::Stdout => "out",
                Stream::Stderr => "out err",
            };
            html! { <pre class={class}>{ styled(text) }</pre> }
        }
        Line::Info(text) => html! { <pre class="info">{ text.clone() }</pre> },
    });
    html! { <div class="blk">{ for lines }</div> }
}

/// Output with ANSI colours (`cluster-info`) as styled spans of text;
/// plain output stays one text node.
fn styled(text: &str) -> Html {
    if !text.contains('\u{1b}') {
        return html! { { text.to_string() } };
    }
    let runs = ansi::spans(text).into_iter().map(|(style, run)| {
        if style == ansi::Style::default() {
            return html! { { run } };
        }
        let colour = style.fg.map(|c| match c {
            ansi::Color::Black => "fg-black",
            ansi::Color::Red => "fg-red",
            ansi::Color::Green => "fg-green",
            ansi::Color::Yellow => "fg-yellow",
            ansi::Color::Blue => "fg-blue",
            ansi::Color::Magenta => "fg-magenta",
            ansi::Color::Cyan => "fg-cyan",
            ansi::Color::White => "fg-white",
        });
        html! { <span class={classes!(colour, style.bold.then_some("bold"))}>{ run }</span> }
    });
    runs.collect::<Html>()
}

#[cfg(test)]
mod tests {
    use super::{split_utf16, RevSearch};

    #[test]
    fn reverse_search_walks_back_like_bash() {
        let h: Vec<String> = [
            "kubectl get pods",
            "kubectl apply -f web.yaml",
            "kubectl get svc",
            "kubectl get svc",
            "curl localhost:8080",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut s = RevSearch::new("draft");
        assert_eq!(s.prompt(), "(reverse-i-search)`': ");
        assert_eq!(s.line(&h), "draft");
        for c in "get".chars() {
            s.type_char(c, &h);
        }
        assert_eq!(s.prompt(), "(reverse-i-search)`get': ");
        assert_eq!(s.line(&h), "kubectl get svc");
        // The repeated entry is skipped.
        s.again(&h);
        assert_eq!(s.line(&h), "kubectl get pods");
        s.again(&h);
        assert_eq!(s.prompt(), "(failed reverse-i-search)`get': ");
        assert_eq!(s.line(&h), "kubectl get pods");
        s.backspace(&h);
        assert_eq!(s.prompt(), "(reverse-i-search)`ge': ");
        assert_eq!(s.line(&h), "kubectl get svc");
        s.type_char('x', &h);
        assert_eq!(s.prompt(), "(failed reverse-i-search)`gex': ");
        assert_eq!(s.original(), "draft");
        let mut e = RevSearch::new("");
        e.type_char('z', &[]);
        assert_eq!(e.prompt(), "(failed reverse-i-search)`z': ");
    }

    #[test]
    fn selection_split_counts_utf16() {
        assert_eq!(split_utf16("abc", 1, 2), ("a".into(), "c".into()));
        assert_eq!(split_utf16("é😀x", 1, 3), ("é".into(), "x".into()));
        assert_eq!(split_utf16("ab", 9, 1), ("ab".into(), "".into()));
    }
}
