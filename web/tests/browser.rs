//! Headless-browser tests: mount the app, type into the terminal, use the
//! manifest pane, and assert on the DOM.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p kubeplay-web --target wasm32-unknown-unknown`
//! (the runner comes from `.cargo/config.toml`). The clock starts paused,
//! so simulated time only moves through `sleep` typed into the shell.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use kubeplay_web::model::Config;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlTextAreaElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_page_has_its_accessible_hooks() {
    let page = Page::open(1).await;
    assert!(page.find("input[aria-label='kubectl shell']").is_some());
    assert!(page
        .find("textarea[aria-label='manifest editor']")
        .is_some());
    assert!(page
        .find("svg.topo[aria-label='cluster topology']")
        .is_some());
    // The course's files are open in tabs.
    let tabs: Vec<String> = page
        .all(".tab-name")
        .iter()
        .filter_map(|t| t.text_content())
        .collect();
    assert_eq!(tabs, ["nginx.yaml", "curlpod.yaml", "nginx-np.yaml"]);
    // The cluster's nodes are drawn, each with its name.
    let nodes = page.drawn_names("Node");
    assert!(nodes.len() >= 3, "nodes: {nodes:?}");
    for el in page.all("svg [data-kind]") {
        assert!(el.has_attribute("data-name") && el.has_attribute("data-namespace"));
    }
}

#[wasm_bindgen_test]
async fn terminal_history_clear_and_interrupt() {
    let page = Page::open(1).await;
    page.type_line("kubectl get nodes").await;
    page.type_line("kubectl get pods").await;
    assert!(page.terminal().contains("$ kubectl get nodes"));
    page.key("ArrowUp", false);
    assert_eq!(page.input().value(), "kubectl get pods");
    page.key("ArrowUp", false);
    assert_eq!(page.input().value(), "kubectl get nodes");
    page.key("ArrowDown", false);
    assert_eq!(page.input().value(), "kubectl get pods");
    page.key("ArrowDown", false);
    assert_eq!(page.input().value(), "");

    page.input().set_value("kubectl delete everything");
    page.key("c", true);
    pause(30).await;
    assert_eq!(page.input().value(), "");
    assert!(page.terminal().contains("kubectl delete everything^C"));

    page.key("l", true);
    pause(30).await;
    assert_eq!(page.terminal(), "");
}

#[wasm_bindgen_test]
async fn typed_text_stays_text() {
    let page = Page::open(1).await;
    page.type_line("echo '<img src=x onerror=alert(1)><b>bold</b>'")
        .await;
    assert!(page.terminal().contains("<b>bold</b>"));
    assert!(page.find(".scrollback img").is_none());
    assert!(page.find(".scrollback b").is_none());
}

#[wasm_bindgen_test]
async fn a_multi_line_paste_runs_line_by_line() {
    let page = Page::open(1).await;
    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text", "kubectl get nodes\nkubectl get svc\nkubectl get")
        .unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_clipboard_data(Some(&data));
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    page.input().dispatch_event(&ev).unwrap();
    pause(30).await;
    let text = page.terminal();
    assert!(text.contains("$ kubectl get nodes"), "{text}");
    assert!(text.contains("$ kubectl get svc"), "{text}");
    assert_eq!(page.input().value(), "kubectl get");
}

#[wasm_bindgen_test]
async fn heredocs_continuations_and_completion() {
    let page = Page::open(1).await;
    page.paste(
        "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\nspec:\n  containers:\n  - name: web\n    image: nginx\nEOF\n",
    )
    .await;
    assert!(
        page.last_output().contains("pod/hello created"),
        "{}",
        page.last_output()
    );
    assert!(page.drawn("Pod", "hello").is_some());

    page.type_line("kubectl get \\").await;
    assert_eq!(page.prompt(), "> ");
    page.key("c", true);
    pause(30).await;
    assert_eq!(page.prompt(), "$ ");

    page.input().set_value("cat nginx-n");
    page.key("Tab", false);
    pause(30).await;
    assert_eq!(page.input().value(), "cat nginx-np.yaml ");
}

#[wasm_bindgen_test]
async fn clock_controls() {
    let page = Page::open(1).await;
    assert!(page.find("button[aria-label='Play clock']").is_some());
    page.click("button[aria-label='Play clock']");
    pause(30).await;
    assert!(page.find("button[aria-label='Pause clock']").is_some());
    page.click(".speed:nth-child(3)");
    pause(1200).await;
    page.click("button[aria-label='Pause clock']");
    pause(30).await;
    let time = page.find(".time").and_then(|t| t.text_content()).unwrap();
    assert_ne!(time, "t=00:00:00", "the clock ran at 60x for a second");
    assert_eq!(
        page.find(".speed:nth-child(3)")
            .and_then(|b| b.get_attribute("aria-pressed"))
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn system_namespaces_are_one_click_away() {
    let page = Page::open(1).await;
    let pods = || {
        page.all("svg [data-kind='Pod']")
            .iter()
            .filter_map(|p| p.get_attribute("data-namespace"))
            .collect::<Vec<_>>()
    };
    assert!(!pods().iter().any(|ns| ns == "kube-system"));
    page.click(".toggle input");
    pause(30).await;
    assert!(pods().iter().any(|ns| ns == "kube-system"), "{:?}", pods());
}

#[wasm_bindgen_test]
async fn bad_yaml_shows_the_error_and_nothing_breaks() {
    let page = Page::open(1).await;
    let editor: HtmlTextAreaElement = page
        .find("textarea[aria-label='manifest editor']")
        .unwrap()
        .dyn_into()
        .unwrap();
    editor.set_value("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    editor.dispatch_event(&ev).unwrap();
    pause(30).await;
    page.click("button.apply");
    pause(30).await;
    let out = page.last_output();
    assert!(out.contains("$ kubectl apply -f nginx.yaml"), "{out}");
    assert!(out.contains("error"), "{out}");
    assert!(out.contains("line"), "kubectl names the line: {out}");
    // The line is marked in the editor and the error is shown under it.
    assert!(page.find(".gutter .err").is_some());
    assert!(page.find(".apply-error").is_some());
    // No pod was created, and the shell still answers.
    assert!(page.drawn_names("Pod").is_empty());
    page.type_line("kubectl get pods").await;
    assert!(page
        .last_output()
        .contains("No resources found in default namespace."));
}

#[wasm_bindgen_test]
async fn the_service_lab() {
    let page = Page::open(1).await;
    page.type_line("kubectl apply -f nginx.yaml").await;
    assert!(page.last_output().contains("deployment.apps/nginx created"));
    page.type_line("kubectl expose deployment nginx --name nginx --port 80")
        .await;
    assert!(page.last_output().contains("service/nginx exposed"));
    page.type_line("kubectl apply -f curlpod.yaml").await;
    assert!(page.last_output().contains("pod/curlpod created"));
    page.type_line("sleep 30").await;

    // The topology shows the pods inside their nodes and the Service.
    let pods = page.drawn_names("Pod");
    assert!(pods.iter().any(|p| p.starts_with("nginx-")), "{pods:?}");
    assert!(page.drawn("Pod", "curlpod").is_some(), "{pods:?}");
    let svc = page
        .drawn("Service", "nginx")
        .expect("the nginx Service is drawn");
    let nginx_pod = pods.iter().find(|p| p.starts_with("nginx-")).unwrap();
    let pod = page.drawn("Pod", nginx_pod).unwrap();
    assert_eq!(pod.get_attribute("data-status").as_deref(), Some("Running"));
    // Its edge goes to the ready nginx pod.
    let edges = page.all("svg [data-kind='Endpoint'][data-service='nginx']");
    assert_eq!(edges.len(), 1);
    assert_eq!(
        edges[0].get_attribute("data-name").as_deref(),
        Some(nginx_pod.as_str())
    );
    assert_eq!(
        edges[0].get_attribute("data-ready").as_deref(),
        Some("true")
    );

    page.type_line("kubectl get service nginx").await;
    let table = page.last_output();
    let ip = cluster_ip(&table, "nginx").expect("a cluster IP in the table");
    assert_eq!(svc.get_attribute("data-cluster-ip"), Some(ip.clone()));

    page.type_line(&format!("kubectl exec -it curlpod -- curl {ip}"))
        .await;
    assert!(page
        .last_output()
        .contains("<title>Welcome to nginx!</title>"));
    assert!(page
        .last_output()
        .contains("<p><em>Thank you for using nginx.</em></p>"));
    // The request travels as a packet through its hops, in order...
    let mut seen: Vec<u32> = Vec::new();
    for _ in 0..40 {
        if let Some(hop) = page
            .find("svg [data-kind='Packet']")
            .and_then(|p| p.get_attribute("data-hop"))
            .and_then(|h| h.parse().ok())
        {
            if seen.last() != Some(&hop) {
                seen.push(hop);
            }
        }
        pause(40).await;
    }
    assert!(seen.len() >= 2, "the packet moved: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "in order: {seen:?}");
    // ...and its hops are listed on demand.
    page.click(".trail-fold");
    pause(30).await;
    let hops: Vec<String> = page
        .all(".trail li .hop-kind")
        .iter()
        .filter_map(|k| k.text_content())
        .collect();
    assert_eq!(hops.first().map(String::as_str), Some("Pod"), "{hops:?}");
    assert!(hops.iter().any(|k| k == "Service"), "{hops:?}");
    assert_eq!(seen.last().copied(), Some(hops.len() as u32 - 1));
    let trail = page.find(".trail").and_then(|t| t.text_content()).unwrap();
    assert!(trail.contains("HTTP/1.1 200 OK"), "{trail}");

    page.type_line("kubectl exec -it curlpod -- curl nginx.default.svc.cluster.local")
        .await;
    assert!(page.last_output().contains("Welcome to nginx!"));

    // NodePort: the port on every node, and the page from the host.
    page.click(".tab:nth-child(3) .tab-name");
    pause(30).await;
    page.click("button.apply");
    pause(30).await;
    assert!(page.last_output().contains("service/nginx-np created"));
    let ports = page.all("svg [data-kind='NodePort'][data-name='31045']");
    assert_eq!(ports.len(), page.drawn_names("Node").len());
    page.type_line("curl http://localhost:31045").await;
    assert!(page.last_output().contains("Welcome to nginx!"));
}

#[wasm_bindgen_test]
async fn with_reduced_motion_hops_light_up_and_nothing_moves() {
    let page = Page::open_with(Config {
        seed: 1,
        paused: true,
        reduced_motion: true,
        ..Config::default()
    })
    .await;
    for line in [
        "kubectl apply -f nginx.yaml",
        "kubectl expose deployment nginx --name nginx --port 80",
        "kubectl apply -f curlpod.yaml",
        "sleep 30",
        "kubectl exec curlpod -- curl -s nginx",
    ] {
        page.type_line(line).await;
    }
    assert!(page.last_output().contains("Welcome to nginx!"));
    let mut rings = 0;
    for _ in 0..20 {
        assert!(page.find("svg .packet-dot").is_none(), "no moving packet");
        if page.find("svg .packet .hop-ring").is_some() {
            rings += 1;
        }
        pause(40).await;
    }
    assert!(rings > 0, "the hops are highlighted instead");
}

#[wasm_bindgen_test]
async fn a_watch_streams_as_the_clock_runs_and_ctrl_c_stops_it() {
    let page = Page::open(1).await;
    page.type_line("kubectl create deployment web --image=nginx")
        .await;
    page.type_line("kubectl get pods -w").await;
    assert_eq!(page.prompt(), "", "no prompt while watching");
    let before = page.last_output();
    assert!(!before.contains("Running"), "{before}");
    // The clock runs: the watch prints a row per change.
    page.click("button[aria-label='Play clock']");
    page.click(".speed:nth-child(3)");
    pause(1500).await;
    page.click("button[aria-label='Pause clock']");
    pause(30).await;
    let during = page.last_output();
    assert!(during.contains("Running"), "{during}");
    page.key("c", true);
    pause(30).await;
    assert!(page.last_output().ends_with("^C"), "{}", page.last_output());
    assert_eq!(page.prompt(), "$ ");
    // A container shell shows its own prompt.
    page.type_line("kubectl run bb --image=busybox -- sleep 3600")
        .await;
    page.type_line("sleep 30").await;
    page.type_line("kubectl exec -it bb -- sh").await;
    assert_eq!(page.prompt(), "/ # ");
    page.type_line("exit").await;
    assert_eq!(page.prompt(), "$ ");
}

const INGRESS: &str = "kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: nginx-ing
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
  rules:
  - host: localhost
    http:
      paths:
      - path: /testpath
        pathType: Prefix
        backend:
          service:
            name: nginx
            port:
              number: 80
EOF
";

/// Issue 4's acceptance: the notes' Ingress lab, then the browser pane.
#[wasm_bindgen_test]
async fn the_ingress_lab_in_the_browser_pane() {
    let page = Page::open(1).await;
    page.type_line(&format!(
        "kubectl apply -f {}",
        kubeplay_web::demo::INGRESS_NGINX_URL
    ))
    .await;
    assert!(
        page.last_output()
            .contains("service/ingress-nginx-controller created"),
        "{}",
        page.last_output()
    );
    page.type_line("sleep 60").await;
    page.type_line("kubectl apply -f nginx.yaml").await;
    page.type_line("kubectl expose deployment nginx --port 80")
        .await;
    page.paste(INGRESS).await;
    assert!(
        page.last_output()
            .contains("ingress.networking.k8s.io/nginx-ing created"),
        "{}",
        page.last_output()
    );
    page.type_line("sleep 30").await;

    // The ingress layers are drawn.
    assert!(page
        .drawn("LoadBalancer", "ingress-nginx-controller")
        .is_some());
    assert!(page
        .drawn("IngressController", "ingress-nginx-controller")
        .is_some());
    let rule = page
        .drawn("Ingress", "nginx-ing")
        .expect("the rule is drawn");
    assert_eq!(
        rule.get_attribute("data-namespace").as_deref(),
        Some("default")
    );
    assert!(rule.text_content().unwrap().contains("/testpath"));
    assert!(page
        .find("svg [data-kind='IngressRoute'][data-name='nginx-ing']")
        .is_some());

    // The fake certificate stops the browser first.
    page.browse("https://localhost/testpath").await;
    let text = page.browser_text();
    assert!(text.contains("Your connection is not private"), "{text}");
    assert!(text.contains("NET::ERR_CERT_AUTHORITY_INVALID"), "{text}");
    assert!(page.find(".browser iframe").is_none());
    page.click(".chrome-error .advanced");
    pause(30).await;
    page.click(".chrome-error .proceed");
    pause(50).await;
    let frame = page.frame();
    assert_eq!(frame.get_attribute("sandbox").as_deref(), Some(""));
    let doc = frame.get_attribute("srcdoc").unwrap_or_default();
    assert!(doc.contains("<title>Welcome to nginx!</title>"), "{doc}");
    // The request travels through the topology.
    pause(100).await;
    assert!(page.find("svg [data-kind='Packet']").is_some());

    // A path no rule matches: the controller's 404 page.
    page.browse("https://localhost/nothing").await;
    let doc = page.frame().get_attribute("srcdoc").unwrap_or_default();
    assert!(doc.contains("<title>404 Not Found</title>"), "{doc}");
    assert!(page.browser_text().contains("404"));

    // Nothing listens: Chromium's error page, as text.
    page.browse("http://localhost:31999").await;
    assert!(page.find(".browser iframe").is_none());
    assert!(page.browser_text().contains("ERR_CONNECTION_REFUSED"));
    page.browse("http://no-such-host.example/").await;
    assert!(page.browser_text().contains("ERR_NAME_NOT_RESOLVED"));
}

#[wasm_bindgen_test]
async fn a_page_with_a_script_stays_in_the_sandbox() {
    let page = Page::open(1).await;
    page.type_line(
        r#"kubectl create configmap page --from-literal=index.html='<html><head><title>evil</title></head><body><h1>hi</h1><script>parent.document.title="pwned";document.title="pwned"</script></body></html>'"#,
    )
    .await;
    page.paste(
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:stable\n    volumeMounts:\n    - name: page\n      mountPath: /usr/share/nginx/html\n  volumes:\n  - name: page\n    configMap:\n      name: page\nEOF\n",
    )
    .await;
    page.paste("kubectl create service nodeport web --tcp=80:80 --node-port=31777\n")
        .await;
    page.type_line("sleep 30").await;
    let title = document().title();
    page.browse("http://localhost:31777").await;
    pause(200).await;
    let frame = page.frame();
    assert_eq!(frame.get_attribute("sandbox").as_deref(), Some(""));
    let doc = frame.get_attribute("srcdoc").unwrap_or_default();
    assert!(doc.contains("<script>"), "{doc}");
    // Opaque origin, no scripts: the page can't reach us, and its markup
    // never became part of this document.
    assert!(frame.content_document().is_none());
    assert_eq!(document().title(), title);
    let scripts = document().query_selector_all("script").unwrap();
    for i in 0..scripts.length() {
        let text = scripts
            .item(i)
            .and_then(|s| s.text_content())
            .unwrap_or_default();
        assert!(!text.contains("pwned"));
    }
    assert!(page.find(".browser h1").is_none());
}

/// The docs' StatefulSet tutorial manifest: a headless Service and `web`.
const WEB_STS: &str = "cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ \"ReadWriteOnce\" ]
      resources:
        requests:
          storage: 1Gi
EOF
";

#[wasm_bindgen_test]
async fn a_statefulset_comes_up_in_ordinal_order_with_its_claims() {
    let page = Page::open(1).await;
    page.paste(WEB_STS).await;
    let out = page.last_output();
    assert!(out.contains("statefulset.apps/web created"), "{out}");
    page.type_line("sleep 5").await;
    assert_eq!(named(&page, "web-"), ["web-0"], "only web-0 at first");
    page.type_line("sleep 2").await;
    assert_eq!(named(&page, "web-"), ["web-0", "web-1"]);
    page.type_line("sleep 5").await;
    let pods = named(&page, "web-");
    assert_eq!(pods, ["web-0", "web-1", "web-2"]);
    for i in 0..3 {
        let claim = page
            .drawn("PersistentVolumeClaim", &format!("www-web-{i}"))
            .unwrap_or_else(|| panic!("claim www-web-{i} drawn"));
        assert_eq!(
            claim.get_attribute("data-namespace").as_deref(),
            Some("default")
        );
        assert_eq!(claim.get_attribute("data-status").as_deref(), Some("Bound"));
        assert!(claim.text_content().unwrap_or_default().contains("Bound"));
        // Each claim is drawn inside its pod.
        let pod = claim.closest("[data-kind='Pod']").unwrap().unwrap();
        assert_eq!(pod.get_attribute("data-name"), Some(format!("web-{i}")));
    }
    let group = page
        .drawn("StatefulSet", "web")
        .expect("the StatefulSet's group");
    assert!(group.text_content().unwrap_or_default().contains("sts web"));
}

#[wasm_bindgen_test]
async fn a_cronjob_fires_jobs_whose_pods_end_completed() {
    let page = Page::open(1).await;
    page.type_line(
        "kubectl create cronjob hello --image=busybox:1.36 --schedule=\"*/1 * * * *\" -- echo Hello",
    )
    .await;
    let out = page.last_output();
    assert!(out.contains("cronjob.batch/hello created"), "{out}");
    page.type_line("sleep 130").await;
    let pods = named(&page, "hello-");
    assert!(!pods.is_empty(), "{:?}", page.drawn_names("Pod"));
    for name in &pods {
        let parts: Vec<&str> = name.split('-').collect();
        assert_eq!(parts.len(), 3, "{name}");
        let minutes: u64 = parts[1].parse().unwrap_or_else(|_| panic!("{name}"));
        assert!(minutes > 29_000_000, "epoch minutes in {name}");
        assert_eq!(parts[2].len(), 5, "{name}");
        let pod = page.drawn("Pod", name).unwrap();
        assert_eq!(
            pod.get_attribute("data-status").as_deref(),
            Some("Completed"),
            "{name}"
        );
        assert!(pod
            .get_attribute("class")
            .unwrap_or_default()
            .contains("completed"));
        // Grouped under its Job, labelled with the CronJob and its schedule.
        let job = format!("{}-{}", parts[0], parts[1]);
        let group = page
            .drawn("Job", &job)
            .unwrap_or_else(|| panic!("group {job}"));
        let label = group.text_content().unwrap_or_default();
        assert!(
            label.contains("CronJob hello, schedule */1 * * * *"),
            "{label}"
        );
        let list = group.query_selector_all("text").unwrap();
        let shown: Vec<String> = (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.text_content())
            .map(|t| t.trim().to_string())
            .collect();
        assert!(shown.iter().any(|t| t == "*/1 * * * *"), "{shown:?}");
    }
}

#[wasm_bindgen_test]
async fn fast_forward_moves_the_clock_an_hour_in_steps() {
    let page = Page::open(1).await;
    page.click("button[aria-label='Fast-forward 1h']");
    pause(400).await;
    let time = page.find(".time").and_then(|t| t.text_content()).unwrap();
    assert_eq!(time, "t=01:00:00");
    assert!(page.find(".speed:nth-child(5)").is_some(), "3600x offered");
}
