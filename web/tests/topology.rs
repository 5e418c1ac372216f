//! Headless-browser tests of the topology pane: the inspector and the
//! engine's hints, keyboard use, pan and zoom, the namespace filter,
//! counted stacks, the profile's outside layer, CronJob time lines,
//! themes and large text, and export.
//!
//! Run: `cargo test -p kubeplay-web --target wasm32-unknown-unknown --test topology`
#![allow(clippy::disallowed_methods)] // test code may sort with std (clippy.toml)
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kubeplay_web::model::Config;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A bubbling click on an SVG element (they have no `.click()`).
fn click_el(el: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_button(0);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn key_on(el: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn text(el: &Option<Element>) -> String {
    el.as_ref()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn view_box(page: &Page) -> Vec<f64> {
    page.find("svg.topo")
        .and_then(|s| s.get_attribute("viewBox"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect()
}

async fn nginx_lab(page: &Page) {
    page.type_line("kubectl create deployment nginx --image=nginx --replicas=2")
        .await;
    page.type_line("kubectl expose deployment nginx --port 80")
        .await;
    page.type_line("sleep 30").await;
}

#[wasm_bindgen_test]
async fn clicking_a_service_inspects_it_and_lights_up_its_endpoints() {
    let page = Page::open(1).await;
    nginx_lab(&page).await;
    let svc = page.drawn("Service", "nginx").expect("the Service pill");
    assert_eq!(svc.get_attribute("tabindex").as_deref(), Some("0"));
    assert!(svc
        .get_attribute("aria-label")
        .unwrap_or_default()
        .starts_with("Service default/nginx (ClusterIP)"));
    click_el(&svc);
    pause(30).await;
    let insp = page.find(".inspector").expect("the inspector opens");
    assert_eq!(insp.get_attribute("data-kind").as_deref(), Some("Service"));
    assert_eq!(text(&page.find(".inspector h3")), "nginx");
    let status = text(&page.find(".insp-status"));
    assert!(status.contains("Endpoints2 ready, 0 not ready"), "{status}");
    assert!(status.contains("Selectorapp=nginx"), "{status}");
    let yaml = text(&page.find(".insp-yaml pre"));
    assert!(
        yaml.starts_with("apiVersion: v1\nkind: Service\n"),
        "{yaml}"
    );
    assert!(yaml.contains("  name: nginx\n"));
    // Its endpoint pods are highlighted, the rest of the scene dimmed.
    let related: Vec<String> = page
        .all("svg .pod.related")
        .iter()
        .filter_map(|p| p.get_attribute("data-name"))
        .collect();
    assert_eq!(related.len(), 2, "{related:?}");
    assert!(related.iter().all(|n| n.starts_with("nginx-")));
    assert!(page.find("svg .scene.focusing").is_some());
    assert!(page.find("svg .svc.selected[data-name='nginx']").is_some());
    // A relation selects the pod.
    page.click(".insp-rel li:first-child .rel-link");
    pause(30).await;
    let insp = page.find(".inspector").unwrap();
    assert_eq!(insp.get_attribute("data-kind").as_deref(), Some("Pod"));
    let events = text(&page.find(".insp-events"));
    assert!(
        events.contains("Scheduled") && events.contains("Started"),
        "{events}"
    );
    // Close.
    page.click(".insp-close");
    pause(30).await;
    assert!(page.find(".inspector").is_none());
    assert!(page.find("svg .scene.focusing").is_none());
}

#[wasm_bindgen_test]
async fn hints_show_as_badges_and_in_the_inspector() {
    let page = Page::open(1).await;
    nginx_lab(&page).await;
    page.type_line("kubectl create service clusterip typo --tcp=80:80")
        .await;
    page.type_line("kubectl create service clusterip wrongport --tcp=80:8080")
        .await;
    page.type_line("kubectl label svc wrongport app=nginx --overwrite")
        .await;
    page.type_line(
        "kubectl patch svc wrongport -p '{\"spec\":{\"selector\":{\"app\":\"nginx\"}}}'",
    )
    .await;
    pause(30).await;
    let badge = page
        .find(".hint-badge[data-kind='Service'][data-name='typo']")
        .expect("a badge on the Service that selects nothing");
    assert_eq!(
        badge.get_attribute("data-hint").as_deref(),
        Some("NoMatchingPods")
    );
    assert!(badge
        .get_attribute("aria-label")
        .unwrap_or_default()
        .contains("matches no pod in namespace default"));
    let port = page
        .find(".hint-badge[data-kind='Service'][data-name='wrongport']")
        .expect("a badge on the Service whose targetPort nothing listens on");
    assert_eq!(
        port.get_attribute("data-hint").as_deref(),
        Some("TargetPortNotListening")
    );
    assert!(page
        .find(".hint-badge[data-kind='Service'][data-name='nginx']")
        .is_none());
    click_el(&badge);
    pause(30).await;
    let hints = text(&page.find(".insp-hints"));
    assert!(hints.contains("selector matches no pods"), "{hints}");
    assert!(
        hints.contains("Its selector app=typo matches no pod"),
        "{hints}"
    );
    // A pod that cannot be scheduled says why.
    for line in [
        "kubectl apply -f - <<EOF",
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        "  name: pinned",
        "spec:",
        "  nodeSelector:",
        "    disk: ssd",
        "  containers:",
        "  - name: web",
        "    image: nginx",
        "EOF",
    ] {
        page.type_line(line).await;
    }
    assert!(
        page.last_output().contains("pod/pinned created"),
        "{}",
        page.last_output()
    );
    page.type_line("sleep 5").await;
    let pod = page
        .find(".hint-badge[data-kind='Pod'][data-name='pinned']")
        .expect("a badge on the unschedulable pod");
    assert_eq!(
        pod.get_attribute("data-hint").as_deref(),
        Some("PodNoMatchingNode")
    );
}

#[wasm_bindgen_test]
async fn the_keyboard_reaches_inspects_zooms_and_closes() {
    let page = Page::open(1).await;
    nginx_lab(&page).await;
    let pod = page
        .all("svg .pod[tabindex='0']")
        .into_iter()
        .next()
        .unwrap();
    let name = pod.get_attribute("data-name").unwrap();
    key_on(&pod, "Enter");
    pause(30).await;
    assert_eq!(text(&page.find(".inspector h3")), name);
    let body = page.find(".topo-body").unwrap();
    assert_eq!(body.get_attribute("tabindex").as_deref(), Some("0"));
    key_on(&body, "Escape");
    pause(30).await;
    assert!(page.find(".inspector").is_none());
    // + zooms in around the centre, arrows pan, 0 fits again.
    let fit = view_box(&page);
    key_on(&body, "+");
    pause(30).await;
    let zoomed = view_box(&page);
    assert!(
        (zoomed[2] * 1.25 - fit[2]).abs() < 0.5,
        "{fit:?} {zoomed:?}"
    );
    assert!(
        ((zoomed[0] + zoomed[2] / 2.0) - (fit[0] + fit[2] / 2.0)).abs() < 0.5,
        "the centre stays"
    );
    key_on(&body, "ArrowRight");
    pause(30).await;
    assert!(view_box(&page)[0] > zoomed[0]);
    key_on(&body, "0");
    pause(30).await;
    assert_eq!(view_box(&page), fit);
}

#[wasm_bindgen_test]
async fn zoom_buttons_and_fit_to_screen() {
    let page = Page::open(1).await;
    pause(150).await;
    let fit = view_box(&page);
    assert_eq!(fit.len(), 4);
    page.click(".zoom-in");
    pause(30).await;
    page.click(".zoom-in");
    pause(30).await;
    let z = view_box(&page);
    assert!((z[2] * 1.5625 - fit[2]).abs() < 0.5, "{fit:?} {z:?}");
    assert_eq!(text(&page.find(".zoom-level")), "156%");
    page.click(".zoom-out");
    pause(30).await;
    assert_eq!(text(&page.find(".zoom-level")), "125%");
    page.click(".zoom-fit");
    pause(30).await;
    assert_eq!(view_box(&page), fit);
    assert_eq!(text(&page.find(".zoom-level")), "100%");
}

#[wasm_bindgen_test]
async fn the_namespace_filter_shows_one_namespace() {
    let page = Page::open(1).await;
    nginx_lab(&page).await;
    page.type_line("kubectl create namespace shop").await;
    page.type_line("kubectl create deployment cart --image=nginx -n shop")
        .await;
    page.type_line("sleep 20").await;
    let namespaces = || {
        let mut v: Vec<String> = page
            .all("svg [data-kind='Pod']")
            .iter()
            .filter_map(|p| p.get_attribute("data-namespace"))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(namespaces(), vec!["default", "shop"]);
    let select: HtmlSelectElement = page.find(".ns-filter select").unwrap().dyn_into().unwrap();
    let options: Vec<String> = page
        .all(".ns-filter option")
        .iter()
        .filter_map(|o| o.text_content())
        .collect();
    assert!(options.contains(&"shop".to_string()), "{options:?}");
    assert!(
        !options.contains(&"kube-system".to_string()),
        "system namespaces only when shown"
    );
    select.set_value("shop");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    pause(30).await;
    assert_eq!(namespaces(), vec!["shop"]);
    assert!(page.drawn("Service", "nginx").is_none());
    select.set_value("");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    pause(30).await;
    assert_eq!(namespaces(), vec!["default", "shop"]);
}

#[wasm_bindgen_test]
async fn a_large_deployment_collapses_into_counted_stacks() {
    let page = Page::open(1).await;
    page.type_line("kubectl create deployment big --image=nginx --replicas=40")
        .await;
    page.type_line("kubectl expose deployment big --port 80")
        .await;
    page.type_line("sleep 30").await;
    page.until_prompt().await;
    pause(30).await;
    let stacks = page.all("svg .stack[data-count]");
    assert_eq!(stacks.len(), 2, "one stack per worker node");
    let total: usize = stacks
        .iter()
        .filter_map(|s| s.get_attribute("data-count"))
        .filter_map(|c| c.parse::<usize>().ok())
        .sum();
    assert_eq!(total, 40);
    for s in &stacks {
        let t = s.text_content().unwrap_or_default();
        assert!(t.contains("big ×"), "{t}");
        assert!(t.contains("Running"), "{t}");
        assert_eq!(s.get_attribute("data-kind").as_deref(), Some("Deployment"));
    }
    assert!(page
        .drawn_names("Pod")
        .iter()
        .all(|n| !n.starts_with("big-")));
    // One line from the Service to each stack.
    let edges = page.all("svg [data-kind='Endpoint'][data-service='big']");
    assert_eq!(edges.len(), 2);
    // A stack inspects as its Deployment.
    click_el(&stacks[0]);
    pause(30).await;
    let insp = page.find(".inspector").unwrap();
    assert_eq!(
        insp.get_attribute("data-kind").as_deref(),
        Some("Deployment")
    );
    let status = text(&page.find(".insp-status"));
    assert!(status.contains("Replicas40 desired"), "{status}");
    assert!(status.contains("Pods40"), "{status}");
}

#[wasm_bindgen_test]
async fn the_onprem_haproxy_is_drawn_and_requests_pass_through_it() {
    let page = Page::open_with(Config {
        seed: 1,
        paused: true,
        profile: cluster::Profile::OnPrem,
        ..Config::default()
    })
    .await;
    page.type_line("kubectl create deployment nginx --image=nginx --replicas=2")
        .await;
    page.type_line("kubectl create service nodeport nginx --tcp=80:80 --node-port=30080")
        .await;
    page.type_line("sleep 30").await;
    let ha = page.drawn("HAProxy", "haproxy").expect("the HAProxy box");
    assert!(text(&Some(ha.clone())).contains("no frontends"));
    page.type_line("kubeplay haproxy add 80:30080").await;
    pause(30).await;
    let ha = page.drawn("HAProxy", "haproxy").unwrap();
    let t = ha.text_content().unwrap_or_default();
    assert!(t.contains("HAProxy 192.168.56.100"), "{t}");
    assert!(t.contains(":80 → nodes :30080 · 3/3 UP"), "{t}");
    assert!(page
        .find("svg [data-kind='LoadBalancerLink'][data-name='haproxy']")
        .is_some());
    page.type_line("curl -s http://192.168.56.100/ -o /dev/null")
        .await;
    pause(50).await;
    page.click(".trail-fold");
    pause(30).await;
    let hops: Vec<String> = page
        .all(".trail li .hop-kind")
        .iter()
        .filter_map(|h| h.text_content())
        .collect();
    assert_eq!(hops.first().map(String::as_str), Some("Host"), "{hops:?}");
    assert!(hops.iter().any(|h| h == "HAProxy"), "{hops:?}");
}

#[wasm_bindgen_test]
async fn minikube_draws_its_tunnel() {
    let page = Page::open_with(Config {
        seed: 1,
        paused: true,
        profile: cluster::Profile::Minikube,
        ..Config::default()
    })
    .await;
    let tunnel = page.drawn("Tunnel", "minikube-tunnel").expect("the tunnel");
    assert!(text(&Some(tunnel)).contains("not running"));
    page.type_line("kubeplay minikube tunnel").await;
    pause(30).await;
    let t = text(&page.drawn("Tunnel", "minikube-tunnel"));
    assert!(t.contains("running · 10.96.0.0/12"), "{t}");
}

#[wasm_bindgen_test]
async fn a_cronjob_has_a_time_line_of_its_jobs_and_the_next_run() {
    let page = Page::open(1).await;
    page.type_line(
        "kubectl create cronjob hello --image=busybox:1.36 --schedule=\"*/1 * * * *\" -- echo Hello",
    )
    .await;
    let line = page.drawn("CronJob", "hello").expect("the time line");
    assert_eq!(line.query_selector_all(".cron-tick").unwrap().length(), 1);
    assert!(line.query_selector(".cron-tick.next").unwrap().is_some());
    page.type_line("sleep 190").await;
    let line = page.drawn("CronJob", "hello").unwrap();
    let done = line
        .query_selector_all(".cron-tick.complete")
        .unwrap()
        .length();
    assert_eq!(done, 3, "{}", line.text_content().unwrap_or_default());
    assert!(line.query_selector(".cron-tick.next").unwrap().is_some());
    let title = line
        .query_selector("title")
        .unwrap()
        .and_then(|t| t.text_content())
        .unwrap_or_default();
    assert!(
        title.starts_with("CronJob default/hello, schedule */1 * * * *: hello-"),
        "{title}"
    );
    assert!(
        title.contains("complete") && title.contains("next at "),
        "{title}"
    );
    // The ticks are in time order from left to right.
    let xs: Vec<f64> = page
        .all("svg .cron-tick")
        .iter()
        .filter_map(|t| t.get_attribute("transform"))
        .filter_map(|t| {
            t.trim_start_matches("translate(")
                .split_whitespace()
                .next()
                .and_then(|x| x.parse().ok())
        })
        .collect();
    assert_eq!(xs.len(), 4);
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
}

#[wasm_bindgen_test]
async fn theme_and_large_text_switches() {
    let page = Page::open(1).await;
    let root = document().document_element().unwrap();
    let attr = |name: &str| root.get_attribute(name);
    assert!(attr("data-theme").is_none());
    page.click(".theme-switch");
    until(|| attr("data-theme").as_deref() == Some("dark"), 2000).await;
    assert_eq!(attr("data-theme").as_deref(), Some("dark"));
    page.click(".theme-switch");
    until(|| attr("data-theme").as_deref() == Some("light"), 2000).await;
    assert_eq!(attr("data-theme").as_deref(), Some("light"));
    page.click(".theme-switch");
    until(|| attr("data-theme").is_none(), 2000).await;
    assert!(attr("data-theme").is_none());
    let normal = view_box(&page);
    page.click(".large-text");
    until(|| attr("data-large").as_deref() == Some("1"), 2000).await;
    assert_eq!(attr("data-large").as_deref(), Some("1"));
    until(
        || view_box(&page).get(2).is_some_and(|w| *w < normal[2]),
        2000,
    )
    .await;
    let large = view_box(&page);
    assert!(large[2] < normal[2], "drawn larger: {normal:?} {large:?}");
    page.click(".large-text");
    until(|| attr("data-large").is_none(), 2000).await;
    assert!(attr("data-large").is_none());
}

#[wasm_bindgen_test]
async fn the_topology_exports_as_svg_and_png() {
    let page = Page::open(1).await;
    nginx_lab(&page).await;
    let text = kubeplay_web::export::svg_text(&page.root).expect("an SVG document");
    assert!(text.starts_with("<svg"), "{}", &text[..80.min(text.len())]);
    assert!(text.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(text.contains("<style"), "the stylesheet is inlined");
    assert!(text.contains("--topo-bg"));
    assert!(text.contains("data-kind=\"Service\" data-name=\"nginx\""));
    let svg = page.find("svg.topo").unwrap();
    let (w, h) = kubeplay_web::export::scene_size(&svg);
    assert!(text.contains(&format!("viewBox=\"0 0 {w} {h}\"")));
    let url: Rc<RefCell<Option<Option<String>>>> = Rc::default();
    {
        let url = url.clone();
        kubeplay_web::export::png_data_url(&text, w, h, move |u| *url.borrow_mut() = Some(u));
    }
    for _ in 0..100 {
        if url.borrow().is_some() {
            break;
        }
        pause(20).await;
    }
    let png = url.borrow().clone().flatten().expect("a PNG");
    assert!(png.starts_with("data:image/png;base64,"));
    assert!(png.len() > 2000, "not an empty image: {}", png.len());
}
