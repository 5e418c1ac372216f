//! Headless-browser tests of sessions: a share link opens the same
//! cluster in a fresh app, a reload (unmount, mount) keeps the cluster,
//! bad stored data or links give a message and a working page, an old
//! link still opens, a link carries a pasted lesson, and the language
//! switch.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p kubeplay-web --target wasm32-unknown-unknown --test session`
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kubeplay_web::model::Config;
use kubeplay_web::session::Source;
use kubeplay_web::{mount, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Mounts an app with a session source (the clock paused).
async fn open(seed: u64, session: Source) -> Page {
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
            session,
            ..AppProps::default()
        },
    );
    pause(50).await;
    Page {
        root,
        app: Some(app),
    }
}

fn banner(page: &Page) -> String {
    page.find(".session-banner")
        .and_then(|b| b.text_content())
        .unwrap_or_default()
}

/// What `line` prints (the last block, without the echoed command).
async fn output(page: &Page, line: &str) -> String {
    page.type_line(line).await;
    let block = page.last_output();
    block
        .split_once(line)
        .map(|(_, rest)| rest.to_string())
        .unwrap_or(block)
}

/// The link in the Copy link panel.
async fn copy_link(page: &Page) -> String {
    page.click(".session-actions .copy-link");
    pause(100).await;
    let input: HtmlInputElement = page
        .find("input.share-link")
        .expect("the link is shown in a text field")
        .dyn_into()
        .unwrap();
    input.value()
}

#[wasm_bindgen_test]
async fn a_share_link_opens_the_same_cluster_in_a_fresh_page() {
    let a = open(11, Source::default()).await;
    a.type_line("kubectl create deployment web --image=nginx --replicas=3")
        .await;
    a.type_line("kubectl expose deployment web --port=80 --type=NodePort")
        .await;
    // A minute of clock, run by the frames.
    a.click(".forwards .ff");
    pause(400).await;
    let url = copy_link(&a).await;
    let link = url.split_once("#s=").map(|(_, l)| l.to_string());
    assert!(
        link.as_deref().is_some_and(|l| l.starts_with("1.")),
        "{url}"
    );
    let want = output(&a, "kubectl get pods -o wide").await;
    assert!(want.contains("web-") && want.contains("Running"), "{want}");
    let svc_a = output(&a, "kubectl get svc web").await;

    // Another app, another default seed: the link decides.
    let b = open(
        1,
        Source {
            link: link.clone(),
            ..Source::default()
        },
    )
    .await;
    assert!(banner(&b).contains("seed 11"), "{}", banner(&b));
    assert_eq!(output(&b, "kubectl get pods -o wide").await, want);
    assert_eq!(output(&b, "kubectl get svc web").await, svc_a);
    assert!(b
        .find(".topbar .chip")
        .and_then(|c| c.text_content())
        .is_some_and(|t| t == "seed 11"));
}

#[wasm_bindgen_test]
async fn a_reload_keeps_the_cluster() {
    let key = "kubeplay.test.reload";
    storage().remove_item(key).unwrap();
    let source = Source {
        storage_key: Some(key.to_string()),
        ..Source::default()
    };
    let mut a = open(5, source.clone()).await;
    a.type_line("kubectl create namespace kept").await;
    a.type_line("kubectl run solo --image=nginx -n kept").await;
    a.type_line("sleep 20").await;
    let want = output(&a, "kubectl get pods -n kept -o wide").await;
    assert!(want.contains("solo"), "{want}");
    // Unmounting saves (as a page hide does); the timer saves too.
    if let Some(app) = a.app.take() {
        app.destroy();
    }
    drop(a);
    pause(50).await;
    let saved = storage().get_item(key).unwrap().unwrap_or_default();
    assert!(saved.starts_with("1."), "{saved}");

    let b = open(5, source).await;
    assert!(
        banner(&b).contains("Your cluster is back"),
        "{}",
        banner(&b)
    );
    assert_eq!(output(&b, "kubectl get pods -n kept -o wide").await, want);
    // The scrollback was replayed too.
    assert!(b.terminal().contains("kubectl run solo"));
    drop(b);
    storage().remove_item(key).unwrap();
}

#[wasm_bindgen_test]
async fn a_corrupted_saved_session_gives_a_message_and_a_working_page() {
    let key = "kubeplay.test.corrupt";
    storage().set_item(key, "1.this is not base64!").unwrap();
    let page = open(
        1,
        Source {
            storage_key: Some(key.to_string()),
            ..Source::default()
        },
    )
    .await;
    let text = banner(&page);
    assert!(text.contains("could not be restored"), "{text}");
    assert!(page.find(".session-banner.problem[role='alert']").is_some());
    // Cleared, and the cluster works.
    assert_eq!(storage().get_item(key).unwrap(), None);
    let nodes = output(&page, "kubectl get nodes").await;
    assert!(nodes.contains("Ready"), "{nodes}");
    page.click(".session-banner .dismiss");
    pause(30).await;
    assert!(page.find(".session-banner").is_none());
    drop(page);
    storage().remove_item(key).unwrap();
}

/// The same link as the native test `a_version_1_link_keeps_opening`.
const V1_LINK: &str = "1.XY_BasMwEER_xcxZLkpDL4J8ifFBsdfu0rVkvHJaE_LvlQSlIcfZGd7M3qFEI9yHwbrFiYXgsHDgr_1KMBBSjQEu7CIGN6ZvuDv00EQL3ORFyUDXyjhlhviDw_zv8FiBPvBEmhR_jMJ7GCR_VbiuQ5g5_LwdfhGY4vWmw7Bvssbx5VqTbVifz72BHxLfcpfNm-NcmdnNqjwyJGmGjXyiZqRV4rFQSM0nicSmbXnxM10qN6stB3jwenlHqUswJ2vN2RaRiWdrn6AzpSZPVPT94xc";

#[wasm_bindgen_test]
async fn an_old_link_still_opens_and_a_future_one_says_so() {
    let page = open(
        1,
        Source {
            link: Some(V1_LINK.to_string()),
            ..Source::default()
        },
    )
    .await;
    let pods = output(&page, "kubectl get pods -o wide").await;
    assert!(pods.contains("hello-86c969456-hq2bp"), "{pods}");
    assert!(pods.contains("minikube"), "{pods}");
    drop(page);

    let page = open(
        3,
        Source {
            link: Some(format!("9.{}", &V1_LINK[2..])),
            ..Source::default()
        },
    )
    .await;
    let text = banner(&page);
    assert!(text.contains("newer kubeplay"), "{text}");
    let pods = output(&page, "kubectl get pods").await;
    assert!(pods.contains("No resources found"), "{pods}");
}

/// A lesson file of the pane's "paste your own" (two steps).
const MINE: &str = "id: mine\ntitle: {en: My lesson, ko: 내 수업}\nsteps:\n  - id: one\n    title: {en: First, ko: 첫째}\n    explanation: {en: One., ko: 하나.}\n  - id: two\n    title: {en: Second, ko: 둘째}\n    explanation: {en: Two., ko: 둘.}\n    commands: [kubectl get pods]\n";

#[wasm_bindgen_test]
async fn a_link_carries_a_pasted_lesson_and_its_step() {
    use kubeplay_web::guide::Lessons;
    use kubeplay_web::session::{codec, Session};
    storage().remove_item("kubeplay.lesson.v1").unwrap();
    let mut m = kubeplay_web::model::Model::new(&Config {
        seed: 6,
        paused: true,
        ..Config::default()
    });
    let mut l = Lessons::new(None);
    assert!(l.open_text(&mut m, "pasted.yaml", MINE), "{:?}", l.error);
    l.next(&mut m);
    let link = codec::encode(&Session::of(&m));
    assert!(link.starts_with("2."), "{link}");

    // A fresh page (another seed asked, no lesson stored) opens the link:
    // the pasted lesson, at its second step.
    let page = open(
        1,
        Source {
            link: Some(link),
            ..Source::default()
        },
    )
    .await;
    pause(50).await;
    let title = page
        .find(".step-title")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(title.contains("2/2") && title.contains("Second"), "{title}");
    let picker = page
        .find(".lesson-picker option")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert_eq!(picker, "My lesson");
    assert!(page.find(".lesson-error").is_none());
    storage().remove_item("kubeplay.lesson.v1").unwrap();
}

#[wasm_bindgen_test]
async fn reset_and_new_seed_start_over() {
    let page = open(2, Source::default()).await;
    page.type_line("kubectl create deployment gone --image=nginx")
        .await;
    page.click(".session-actions .reset");
    pause(50).await;
    let pods = output(&page, "kubectl get deploy").await;
    assert!(pods.contains("No resources found"), "{pods}");
    page.click(".session-actions .new-seed");
    pause(50).await;
    let input: HtmlInputElement = page
        .find("input.seed-input")
        .expect("a seed field")
        .dyn_into()
        .unwrap();
    input.set_value("321");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
    pause(30).await;
    page.click(".session-panel button[type='submit']");
    pause(50).await;
    assert_eq!(
        page.find(".topbar .chip").and_then(|c| c.text_content()),
        Some("seed 321".to_string())
    );
}

#[wasm_bindgen_test]
async fn the_language_switch_translates_the_bar_and_is_kept() {
    let page = open(1, Source::default()).await;
    page.click(".topbar .lang-switch[lang='ko']");
    pause(50).await;
    let copy = page
        .find(".session-actions .copy-link")
        .and_then(|b| b.text_content());
    assert_eq!(copy.as_deref(), Some("링크 복사"));
    assert_eq!(
        storage().get_item("kubeplay.lang").unwrap().as_deref(),
        Some("ko")
    );
    page.click(".topbar .lang-switch[lang='en']");
    pause(50).await;
    let copy = page
        .find(".session-actions .copy-link")
        .and_then(|b| b.text_content());
    assert_eq!(copy.as_deref(), Some("Copy link"));
    storage().remove_item("kubeplay.lang").unwrap();
}

fn type_into(el: &web_sys::Element, text: &str) {
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(text);
    } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(text);
    }
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

const REAL_LIST: &str = "apiVersion: v1
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: shop
    namespace: shop
    uid: 0b7e
  spec:
    replicas: 2
    selector:
      matchLabels: {app: shop}
    template:
      metadata:
        labels: {app: shop}
      spec:
        containers:
        - {name: nginx, image: nginx}
  status: {replicas: 2}
- apiVersion: v1
  kind: Service
  metadata: {name: kubernetes, namespace: default}
  spec:
    clusterIP: 10.96.0.1
    ports: [{port: 443}]
kind: List
metadata: {resourceVersion: \"\"}
";

#[wasm_bindgen_test]
async fn an_imported_list_is_drawn_and_travels_in_the_link() {
    let page = open(8, Source::default()).await;
    page.click(".session-actions .import");
    pause(50).await;
    let area = page.find("textarea.import-text").expect("an import field");
    type_into(&area, REAL_LIST);
    pause(30).await;
    page.click(".session-panel.import button.primary");
    pause(100).await;
    let text = banner(&page);
    assert!(text.contains("Imported 2 objects"), "{text}");
    assert!(
        text.contains("Service/default/kubernetes (made by the cluster)"),
        "{text}"
    );
    page.type_line("sleep 30").await;
    pause(100).await;
    let pods = named(&page, "shop-");
    assert_eq!(pods.len(), 2, "{pods:?}");

    // The import is a recorded command: a link carries it.
    let url = copy_link(&page).await;
    let link = url.split_once("#s=").map(|(_, l)| l.to_string());
    let want = output(&page, "kubectl get pods -n shop -o wide").await;
    let other = open(
        1,
        Source {
            link,
            ..Source::default()
        },
    )
    .await;
    assert_eq!(
        output(&other, "kubectl get pods -n shop -o wide").await,
        want
    );
}

/// The lesson pane's step heading ("Step 7/N ...").
fn step_title(page: &Page) -> String {
    page.find(".step-title")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_share_link_reopens_the_lesson_at_its_step() {
    const COURSE: &str = "k8s-workloads-and-networking";
    let total = lessons::builtin_lesson(COURSE)
        .and_then(Result::ok)
        .map(|l| l.steps().len())
        .unwrap_or_default();
    let root = document().create_element("div").unwrap();
    root.set_attribute("style", "width:1280px;height:720px;position:relative")
        .unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app = mount(
        root.clone(),
        AppProps {
            config: Config {
                seed: 12,
                paused: true,
                ..Config::default()
            },
            guide: kubeplay_web::query::GuideOptions {
                lesson: Some(COURSE.to_string()),
                step: Some(4),
                ..Default::default()
            },
            ..AppProps::default()
        },
    );
    pause(80).await;
    let a = Page {
        root,
        app: Some(app),
    };
    assert!(
        step_title(&a).contains(&format!("5/{total}")),
        "{}",
        step_title(&a)
    );
    a.click(".lesson-steps li:nth-child(7) .step-dot");
    pause(80).await;
    assert!(
        step_title(&a).contains(&format!("7/{total}")),
        "{}",
        step_title(&a)
    );
    a.type_line("kubectl get nodes").await;
    let url = copy_link(&a).await;
    let link = url.split_once("#s=").map(|(_, l)| l.to_string());
    // The progress stored for the next visit now says step 2: the link
    // must win.
    a.click(".lesson-steps li:nth-child(2) .step-dot");
    pause(80).await;
    assert!(
        step_title(&a).contains(&format!("2/{total}")),
        "{}",
        step_title(&a)
    );

    let b = open(
        1,
        Source {
            link,
            ..Source::default()
        },
    )
    .await;
    assert!(
        step_title(&b).contains(&format!("7/{total}")),
        "{}",
        step_title(&b)
    );
    assert!(b.terminal().contains("kubectl get nodes"));
}
