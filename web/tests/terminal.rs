//! Headless-browser tests of the terminal: Ctrl+R reverse history search as
//! bash does it, a foreground `kubectl port-forward` that the browser
//! pane reaches until Ctrl+C, and `kubectl run -it --rm ... -- sh` whose
//! container shell takes the lines typed until `exit` (or Ctrl+D).
//!
//! Run: `cargo test -p kubeplay-web --target wasm32-unknown-unknown --test terminal`
//! (after `source scripts/env.sh`; the runner comes from `.cargo/config.toml`).
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn type_keys(page: &Page, text: &str) {
    for c in text.chars() {
        page.key(&c.to_string(), false);
    }
    pause(30).await;
}

#[wasm_bindgen_test]
async fn ctrl_r_searches_history_backwards_and_enter_runs_the_match() {
    let page = Page::open(1).await;
    page.type_line("kubectl get nodes").await;
    page.type_line("echo first").await;
    page.type_line("kubectl get pods -A").await;
    page.type_line("echo second").await;

    page.input().set_value("draft");
    page.key("r", true);
    pause(30).await;
    assert_eq!(page.prompt(), "(reverse-i-search)`': ");
    assert_eq!(page.input().value(), "draft");

    type_keys(&page, "get").await;
    assert_eq!(page.prompt(), "(reverse-i-search)`get': ");
    assert_eq!(page.input().value(), "kubectl get pods -A");

    // Ctrl+R again: the next older match.
    page.key("r", true);
    pause(30).await;
    assert_eq!(page.input().value(), "kubectl get nodes");
    // Nothing older: bash says the search failed and keeps the match.
    page.key("r", true);
    pause(30).await;
    assert_eq!(page.prompt(), "(failed reverse-i-search)`get': ");
    assert_eq!(page.input().value(), "kubectl get nodes");

    // Backspace shortens the query and searches from the newest again.
    page.key("Backspace", false);
    pause(30).await;
    assert_eq!(page.prompt(), "(reverse-i-search)`ge': ");
    assert_eq!(page.input().value(), "kubectl get pods -A");

    // Enter runs the line shown and the normal prompt comes back.
    page.key("Enter", false);
    pause(50).await;
    assert_eq!(page.prompt(), "$ ");
    assert_eq!(page.input().value(), "");
    let out = page.last_output();
    assert!(out.starts_with("$ kubectl get pods -A"), "{out}");
    assert!(out.contains("kube-system"), "{out}");
}

#[wasm_bindgen_test]
async fn ctrl_g_gives_the_line_back_and_escape_keeps_the_match() {
    let page = Page::open(1).await;
    page.type_line("echo alpha").await;
    page.type_line("echo beta").await;

    page.input().set_value("kubectl ver");
    page.key("r", true);
    type_keys(&page, "alp").await;
    assert_eq!(page.input().value(), "echo alpha");
    page.key("g", true);
    pause(30).await;
    assert_eq!(page.prompt(), "$ ");
    assert_eq!(page.input().value(), "kubectl ver");

    page.key("r", true);
    type_keys(&page, "beta").await;
    page.key("Escape", false);
    pause(30).await;
    assert_eq!(page.prompt(), "$ ");
    assert_eq!(page.input().value(), "echo beta");
    // Nothing ran while searching: "echo beta" ran once, when typed.
    assert_eq!(page.terminal().matches("$ echo beta").count(), 1);

    // Ctrl+C during a search abandons the line as bash does.
    page.key("r", true);
    type_keys(&page, "alpha").await;
    page.key("c", true);
    pause(30).await;
    assert_eq!(page.prompt(), "$ ");
    assert_eq!(page.input().value(), "");
    assert!(page.terminal().contains("echo alpha^C"));
}

#[wasm_bindgen_test]
async fn port_forward_serves_the_browser_pane_until_ctrl_c() {
    let page = Page::open(1).await;
    page.type_line("kubectl run web --image=nginx:1.25").await;
    page.type_line("kubectl wait --for=condition=Ready pod/web")
        .await;
    page.type_line("kubectl port-forward pod/web 8080:80").await;
    let out = page.last_output();
    assert!(
        out.contains("Forwarding from 127.0.0.1:8080 -> 80")
            && out.contains("Forwarding from [::1]:8080 -> 80"),
        "{out}"
    );
    // It runs in the foreground, as kubectl does: no prompt.
    assert_eq!(page.prompt(), "");

    page.browse("localhost:8080").await;
    let doc = page.frame().get_attribute("srcdoc").unwrap_or_default();
    assert!(doc.contains("<title>Welcome to nginx!</title>"), "{doc}");

    // Ctrl+C stops it; the connection it handled was noted.
    page.key("c", true);
    pause(30).await;
    assert_eq!(page.prompt(), "$ ");
    assert!(
        page.terminal().contains("Handling connection for 8080"),
        "{}",
        page.terminal()
    );
    page.browse("localhost:8080").await;
    let text = page.browser_text();
    assert!(text.contains("ERR_CONNECTION_REFUSED"), "{text}");
}

#[wasm_bindgen_test]
async fn run_it_rm_opens_the_containers_shell_until_exit() {
    let page = Page::open(1).await;
    page.type_line("kubectl run -it busybox --image=busybox:1.28 --rm --restart=Never -- sh")
        .await;
    let out = page.last_output();
    assert!(
        out.contains("If you don't see a command prompt, try pressing enter."),
        "{out}"
    );
    // The container's own shell: busybox's prompt.
    assert_eq!(page.prompt(), "/ # ");

    page.type_line("hostname").await;
    let out = page.last_output();
    assert!(out.starts_with("/ # hostname"), "{out}");
    assert!(out.contains("busybox"), "{out}");

    // Ctrl+C abandons the line typed, as in `kubectl exec -it`.
    page.input().set_value("sleep 5");
    page.key("c", true);
    pause(30).await;
    assert_eq!(page.prompt(), "/ # ");
    assert!(
        page.terminal().contains("/ # sleep 5^C"),
        "{}",
        page.terminal()
    );

    page.type_line("exit").await;
    let out = page.last_output();
    assert!(out.contains("pod \"busybox\" deleted"), "{out}");
    assert_eq!(page.prompt(), "$ ");

    page.type_line("kubectl get pods").await;
    let out = page.last_output();
    assert!(
        out.contains("No resources found in default namespace."),
        "{out}"
    );

    // Ctrl+D on an empty line ends the container's shell too.
    page.type_line("kubectl run -it once --image=busybox:1.28 --restart=Never")
        .await;
    assert_eq!(page.prompt(), "/ # ");
    page.key("d", true);
    pause(50).await;
    assert_eq!(page.prompt(), "$ ");
    page.type_line("kubectl get pod once").await;
    let out = page.last_output();
    assert!(out.contains("Completed"), "{out}");
}
