//! Headless-browser tests of the lesson pane: the course lesson completed
//! step by step by clicking each command's Run button (and sleeping the
//! step's wait in the terminal, as a student would let time pass), each
//! check turning done with its mark, progress shown and kept in
//! localStorage; click-to-paste, files opening in the editor, one language
//! for every pane (the top bar's switch, or the lesson pane's in embeds),
//! `?step=`, and a pasted lesson file with an error.
//!
//! Run: `cargo test -p kubeplay-web --target wasm32-unknown-unknown --test lessons`
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kubeplay_web::guide::STORAGE_KEY;
use kubeplay_web::model::Config;
use kubeplay_web::query::GuideOptions;
use kubeplay_web::{mount, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const COURSE: &str = "k8s-workloads-and-networking";
const LANG_KEY: &str = kubeplay_web::i18n::STORAGE_KEY;

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn clear_progress() {
    storage().remove_item(STORAGE_KEY).unwrap();
}

async fn open_lesson(seed: u64, lesson: Option<&str>, step: Option<usize>) -> Page {
    open_with(
        seed,
        GuideOptions {
            lesson: lesson.map(str::to_string),
            step,
            ..GuideOptions::default()
        },
        false,
    )
    .await
}

async fn open_with(seed: u64, guide: GuideOptions, embed: bool) -> Page {
    let root = document().create_element("div").unwrap();
    root.set_attribute("style", "width:1280px;height:720px;position:relative")
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app = mount(
        root.clone(),
        AppProps {
            config: Config {
                seed,
                paused: true,
                ..Config::default()
            },
            guide,
            embed,
            ..AppProps::default()
        },
    );
    pause(80).await;
    Page {
        root,
        app: Some(app),
    }
}

fn text(page: &Page, selector: &str) -> String {
    page.find(selector)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Waits (up to ~3 s of wall time) for the current step's check to turn
/// done; the app's frame loop runs the check.
async fn wait_done(page: &Page) -> bool {
    for _ in 0..30 {
        if page.find(".lesson-check.done").is_some() {
            return true;
        }
        pause(100).await;
    }
    false
}

#[wasm_bindgen_test]
async fn the_course_lesson_is_completed_step_by_step() {
    clear_progress();
    let lesson = lessons::builtin_lesson(COURSE).unwrap().unwrap();
    let page = open_lesson(42, Some(COURSE), None).await;
    let total = lesson.steps().len();
    assert_eq!(text(&page, ".lesson-progress"), format!("0/{total}"));
    for (i, step) in lesson.steps().iter().enumerate() {
        let head = text(&page, ".step-title");
        assert!(
            head.contains(&format!("{}/{total}", i + 1)) && head.contains(step.title.get("en")),
            "step {}: {head}",
            i + 1
        );
        // Not done before its commands.
        assert!(
            page.find(".lesson-check.pending").is_some(),
            "step {} is done before its commands: {}",
            step.id,
            text(&page, ".lesson-check")
        );
        // Its files are open as editor tabs.
        let tabs: Vec<String> = page
            .all(".tab-name")
            .iter()
            .filter_map(|t| t.text_content())
            .collect();
        for f in &step.manifests {
            assert!(tabs.contains(&f.name), "{} not open: {tabs:?}", f.name);
        }
        let runs = page.all(".lesson-cmd .cmd-run");
        assert_eq!(runs.len(), step.commands.len(), "step {}", step.id);
        for n in 0..runs.len() {
            page.click(&format!(".lesson-cmd:nth-child({}) .cmd-run", n + 1));
            pause(20).await;
        }
        assert!(
            page.terminal().contains(&format!("$ {}", step.commands[0])),
            "step {}: the command ran in the terminal",
            step.id
        );
        if let Some(w) = &step.wait {
            page.type_line(&format!("sleep {w}")).await;
        }
        assert!(
            wait_done(&page).await,
            "step {} ({}) did not turn done: {}\n{}",
            i + 1,
            step.id,
            text(&page, ".lesson-check"),
            page.terminal()
        );
        assert!(page.find(".step-title .step-done").is_some());
        assert_eq!(
            text(&page, ".lesson-progress"),
            format!("{}/{total}", i + 1)
        );
        let dot = page
            .find(&format!(".lesson-steps li:nth-child({}) .step-dot", i + 1))
            .unwrap();
        assert!(dot
            .get_attribute("class")
            .unwrap_or_default()
            .split_whitespace()
            .any(|c| c == "done"));
        if i + 1 < total {
            assert!(page.find(".lesson-nav .next.ready").is_some());
            page.click(".lesson-nav .next");
            pause(40).await;
        }
    }
    assert!(page.find(".lesson-complete").is_some());
    // Kept in localStorage: a reload shows the same progress.
    let saved = storage().get_item(STORAGE_KEY).unwrap().unwrap_or_default();
    assert!(saved.contains("\"cleanup\""), "{saved}");
    drop(page);
    let page = open_lesson(1, None, None).await;
    assert_eq!(text(&page, ".lesson-progress"), format!("{total}/{total}"));
    drop(page);
    clear_progress();
}

#[wasm_bindgen_test]
async fn commands_paste_files_open_language_switches_and_step_param() {
    clear_progress();
    let page = open_lesson(3, Some(COURSE), Some(5)).await;
    assert!(text(&page, ".step-title").contains("6/12"));
    // Click the command's text: it lands in the terminal's input, not run.
    page.click(".lesson-cmd:nth-child(1) .cmd-text");
    pause(20).await;
    assert_eq!(
        page.input().value(),
        "kubectl expose deployment nginx --name nginx --port 80"
    );
    assert!(!page.terminal().contains("$ kubectl expose"));
    // The file opens in the editor, selected.
    page.click(".lesson-file[data-file='nginx-svc.yaml']");
    pause(20).await;
    let editor: HtmlTextAreaElement = page
        .find("textarea[aria-label='manifest editor']")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(
        editor.value().contains("kind: Service"),
        "{}",
        editor.value()
    );
    // The language (the top bar's switch) reaches the lesson's text.
    page.click(".topbar .lang-switch[lang='ko']");
    pause(30).await;
    assert!(text(&page, ".step-no").starts_with("단계 6/12"));
    assert!(text(&page, ".lesson-nav .next").contains("다음"));
    page.click(".topbar .lang-switch[lang='en']");
    pause(30).await;
    assert!(text(&page, ".lesson-nav .next").contains("Next"));
    storage().remove_item(LANG_KEY).unwrap();
    // Previous/next and the step dots.
    page.click(".lesson-nav .prev");
    pause(30).await;
    assert!(text(&page, ".step-title").contains("5/12"));
    page.click(".lesson-steps li:nth-child(12) .step-dot");
    pause(30).await;
    assert!(text(&page, ".step-title").contains("12/12"));
    assert!(page
        .find(".lesson-nav .next")
        .unwrap()
        .has_attribute("disabled"));
    drop(page);
    clear_progress();
}

#[wasm_bindgen_test]
async fn a_pasted_lesson_with_an_error_says_where() {
    clear_progress();
    let page = open_lesson(1, None, None).await;
    assert!(page.find(".lesson.empty").is_some());
    let picker: HtmlSelectElement = page.find(".lesson-picker").unwrap().dyn_into().unwrap();
    picker.set_value("__paste__");
    picker
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    pause(30).await;
    let area: HtmlTextAreaElement = page
        .find("textarea[aria-label='lesson file']")
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value("id: mine\ntitle: Mine\nsteps:\n  - title: One\n    check:\n      pods: {selector: app=x, phse: Running}\n");
    page.click(".lesson-load");
    pause(30).await;
    let err = text(&page, ".lesson-error");
    assert!(err.starts_with("lesson pasted.yaml: step 1 (One)"), "{err}");
    // A good file opens.
    area.set_value("id: mine\ntitle: {en: Mine, ko: 내 것}\nsteps:\n  - title: {en: One}\n    commands: [kubectl create namespace demo]\n    check: {exists: {kind: Namespace, name: demo}}\n");
    page.click(".lesson-load");
    pause(30).await;
    assert!(page.find(".lesson-error").is_none());
    assert_eq!(text(&page, ".lesson-progress"), "0/1");
    // The picker names it.
    assert_eq!(text(&page, ".lesson-picker option:first-child"), "Mine");
    page.click(".lesson-cmd .cmd-run");
    assert!(wait_done(&page).await, "{}", text(&page, ".lesson-check"));
    assert_eq!(text(&page, ".lesson-progress"), "1/1");
    drop(page);
    clear_progress();
}

#[wasm_bindgen_test]
async fn damaged_stored_progress_gives_a_message_and_a_working_pane() {
    storage().set_item(STORAGE_KEY, "{not json").unwrap();
    let page = open_lesson(1, Some(COURSE), None).await;
    assert!(text(&page, ".lesson-notice").contains("damaged"));
    assert_eq!(text(&page, ".lesson-progress"), "0/12");
    // The damaged value was replaced.
    let saved = storage().get_item(STORAGE_KEY).unwrap().unwrap_or_default();
    assert!(saved.starts_with("{\"version\":1"), "{saved}");
    drop(page);
    clear_progress();
}

#[wasm_bindgen_test]
async fn a_lesson_url_that_does_not_load_says_so() {
    clear_progress();
    let page = open_lesson(1, Some("lessons/no-such-lesson.yaml"), None).await;
    let mut err = String::new();
    for _ in 0..30 {
        err = text(&page, ".lesson-error");
        if !err.is_empty() {
            break;
        }
        pause(50).await;
    }
    assert!(
        err.starts_with("lesson lessons/no-such-lesson.yaml: could not be loaded: HTTP 404"),
        "{err}"
    );
    drop(page);
    clear_progress();
}

#[wasm_bindgen_test]
async fn readonly_slides_offer_nothing_to_type_or_run() {
    clear_progress();
    let page = open_with(
        1,
        GuideOptions {
            lesson: Some(COURSE.into()),
            readonly: true,
            ..GuideOptions::default()
        },
        true,
    )
    .await;
    assert!(page.find(".app.embed.readonly").is_some());
    // The commands are shown, not offered.
    assert!(page.find(".lesson-cmd code.cmd-text").is_some());
    assert!(page.find(".lesson-cmd .cmd-run").is_none());
    assert!(page.find(".check-now").is_none());
    // The editor takes no typing (the stylesheet, not loaded in this test
    // page, hides the prompt and Apply under `.readonly`).
    let editor: HtmlTextAreaElement = page
        .find("textarea[aria-label='manifest editor']")
        .unwrap()
        .dyn_into()
        .unwrap();
    pause(30).await;
    assert!(editor.read_only());
    // Clicking still inspects: the step dots move through the lesson.
    page.click(".lesson-steps li:nth-child(3) .step-dot");
    pause(30).await;
    assert!(text(&page, ".step-title").contains("3/12"));
    drop(page);
    clear_progress();
}

/// Every visible text node and every `aria-label`, `title` and
/// `placeholder` under `root`, trimmed.
fn labels(root: &web_sys::Element) -> Vec<String> {
    let mut out = Vec::new();
    let all = root.query_selector_all("*").unwrap();
    for i in 0..all.length() {
        let Some(el) = all
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        for attr in ["aria-label", "title", "placeholder"] {
            if let Some(v) = el.get_attribute(attr) {
                out.push(v.trim().to_string());
            }
        }
        let kids = el.child_nodes();
        for k in 0..kids.length() {
            if let Some(n) = kids
                .item(k)
                .filter(|n| n.node_type() == web_sys::Node::TEXT_NODE)
            {
                let t = n.text_content().unwrap_or_default();
                if !t.trim().is_empty() {
                    out.push(t.trim().to_string());
                }
            }
        }
    }
    out
}

/// In Korean, no label of the page is one of the table's English texts
/// (a string left untranslated), and none is the missing-key marker.
fn assert_all_korean(root: &web_sys::Element, what: &str) {
    use kubeplay_web::i18n::{keys, tr, Lang};
    let seen = labels(root);
    assert!(seen.len() > 50, "{what}: only {} labels", seen.len());
    for key in keys() {
        let (en, ko) = (tr(Lang::En, key), tr(Lang::Ko, key));
        if en == ko || en.contains("{}") {
            continue;
        }
        assert!(
            !seen.iter().any(|s| s == en.trim()),
            "{what}: {key:?} is shown in English ({en:?})"
        );
    }
    assert!(
        !seen.iter().any(|s| s.contains("??")),
        "{what}: a missing string: {:?}",
        seen.iter().find(|s| s.contains("??"))
    );
}

#[wasm_bindgen_test]
async fn one_language_drives_the_top_bar_the_lesson_and_every_pane() {
    clear_progress();
    storage().remove_item(LANG_KEY).unwrap();
    let page = open_lesson(4, Some(COURSE), Some(5)).await;
    assert_eq!(text(&page, ".lesson .pane-head h2"), "Lesson");
    assert_eq!(text(&page, ".topbar .copy-link"), "Copy link");
    // The lesson pane has no switch of its own beside the top bar's.
    assert!(page.find(".lesson .lang-switch").is_none());

    page.click(".topbar .lang-switch[lang='ko']");
    pause(50).await;
    // The top bar, the lesson pane (its labels and the lesson's own text)
    // and the other panes changed together.
    assert_eq!(text(&page, ".topbar .copy-link"), "링크 복사");
    assert_eq!(text(&page, ".lesson .pane-head h2"), "수업");
    assert!(text(&page, ".step-no").starts_with("단계 6/12"));
    assert!(text(&page, ".step-title").contains("Service 와 ClusterIP"));
    assert!(text(&page, ".explanation").contains("왜 필요할까?"));
    assert_eq!(text(&page, ".terminal .pane-head h2"), "터미널");
    assert_eq!(text(&page, ".topology .pane-head h2"), "토폴로지");
    assert!(text(&page, ".legend").contains("엔드포인트"));
    assert!(page.find("input[aria-label='kubectl 셸']").is_some());
    assert_eq!(storage().get_item(LANG_KEY).unwrap().as_deref(), Some("ko"));
    assert_all_korean(&page.root, "the page in Korean");
    // The browser pane too.
    page.click(".view-switch .view:nth-child(2)");
    pause(30).await;
    assert!(text(&page, ".page-note").contains("내 컴퓨터의 브라우저"));
    assert_all_korean(&page.root, "the browser pane in Korean");

    page.click(".topbar .lang-switch[lang='en']");
    pause(50).await;
    assert_eq!(text(&page, ".lesson .pane-head h2"), "Lesson");
    assert!(text(&page, ".step-title").contains("Service and ClusterIP"));
    assert_eq!(text(&page, ".topology .pane-head h2"), "Topology");
    assert!(!page.root.text_content().unwrap_or_default().contains("??"));
    drop(page);
    storage().remove_item(LANG_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn in_an_embed_the_lesson_panes_switch_sets_the_one_language() {
    clear_progress();
    storage().remove_item(LANG_KEY).unwrap();
    let page = open_with(
        4,
        GuideOptions {
            lesson: Some(COURSE.to_string()),
            ..GuideOptions::default()
        },
        true,
    )
    .await;
    assert!(page.find(".topbar").is_none());
    page.click(".lesson .lang-switch .lang[lang='ko']");
    pause(50).await;
    assert_eq!(text(&page, ".lesson .pane-head h2"), "수업");
    assert_eq!(text(&page, ".topology .pane-head h2"), "토폴로지");
    assert_eq!(text(&page, ".terminal .pane-head h2"), "터미널");
    assert_eq!(
        page.find(".lesson .lang-switch .lang[lang='ko']")
            .and_then(|b| b.get_attribute("aria-pressed"))
            .as_deref(),
        Some("true")
    );
    assert_all_korean(&page.root, "the embed in Korean");
    page.click(".lesson .lang-switch .lang[lang='en']");
    pause(50).await;
    assert_eq!(text(&page, ".topology .pane-head h2"), "Topology");
    drop(page);
    storage().remove_item(LANG_KEY).unwrap();
}
