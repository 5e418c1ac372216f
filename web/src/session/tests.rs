use super::bundle;
use super::codec::{self, DecodeError};
use super::*;
use crate::model::{Line, Model};

fn model(seed: u64) -> Model {
    Model::new(&Config {
        seed,
        paused: true,
        ..Config::default()
    })
}

/// Runs `line` and returns what it printed.
fn run(m: &mut Model, line: &str) -> String {
    m.submit(line);
    let Some(b) = m.term.blocks.last() else {
        return String::new();
    };
    b.lines
        .iter()
        .filter_map(|l| match l {
            Line::Out { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// A session touching every kind of entry.
fn busy_session() -> Model {
    let mut m = model(42);
    m.submit("kubectl create deployment web --image=nginx --replicas=3");
    for _ in 0..25 {
        m.advance(100);
    }
    m.advance(250);
    // A heredoc, line by line.
    m.submit("cat <<EOF | kubectl apply -f -");
    m.submit("apiVersion: v1");
    m.submit("kind: Pod");
    m.submit("metadata:");
    m.submit("  name: solo");
    m.submit("spec:");
    m.submit("  containers:");
    m.submit("  - name: c");
    m.submit("    image: busybox");
    m.submit("    command: [sleep, '3600']");
    m.submit("EOF");
    // An edited tab applied from the editor.
    m.select_tab(2);
    let text = m.tabs[2].text.replace("31045", "31046");
    m.edit(text);
    m.apply_active();
    m.select_tab(0);
    m.apply_active();
    m.fast_forward(120_000);
    while m.clock.fast_forward > 0 {
        m.frame(0.0);
    }
    m.submit("kubectl expose deployment web --port=80 --type=NodePort");
    m.submit("kubectl get pods -w");
    m.advance(5_000);
    m.interrupt("");
    m.browse("localhost:31046", false);
    m.submit("sleep 3");
    m.submit("kubeplay node add extra");
    m.advance(30_000);
    // Edited after the last command: restored as the tab's text only.
    m.new_tab();
    m.edit("kind: Nothing\n".to_string());
    m
}

fn listing(m: &mut Model) -> String {
    let pods = run(m, "kubectl get pods -A -o wide");
    let all = run(m, "kubectl get all,endpointslices,events -A -o yaml");
    format!("{pods}\n{all}")
}

#[test]
fn a_replayed_log_is_the_same_cluster() {
    let mut a = busy_session();
    let s = Session::of(&a);
    let (mut b, report) = replay(&s);
    assert_eq!(report, Replayed::default());
    assert_eq!(b.log.entries, a.log.entries);
    assert_eq!(elapsed_ms(&b), elapsed_ms(&a));
    let tabs = |m: &Model| {
        m.tabs
            .iter()
            .map(|t| (t.name.clone(), t.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(tabs(&b), tabs(&a));
    assert_eq!(b.active, a.active);
    let (la, lb) = (listing(&mut a), listing(&mut b));
    assert!(la.contains("web-"), "{la}");
    assert!(la.contains("extra"), "{la}");
    assert_eq!(la, lb);
}

#[test]
fn the_log_records_every_kind_of_input() {
    let m = busy_session();
    let kinds: Vec<&str> = m
        .log
        .entries
        .iter()
        .map(|e| match e {
            Entry::Line { .. } => "l",
            Entry::Interrupt { .. } => "i",
            Entry::File { .. } => "f",
            Entry::Apply { .. } => "a",
            Entry::Browse { .. } => "b",
            Entry::Advance { .. } => "t",
        })
        .collect();
    for k in ["l", "i", "f", "a", "b", "t"] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    // 25 advances of 100 ms are one entry; the fast-forward's minutes one.
    assert!(m
        .log
        .entries
        .contains(&Entry::Advance { ms: 100, times: 25 }));
    assert!(m.log.entries.contains(&Entry::Advance {
        ms: 60_000,
        times: 2
    }));
    // Only the edited tab is recorded, before the apply that read it.
    let files: Vec<&str> = m
        .log
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::File { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(files, ["nginx-np.yaml"]);
}

#[test]
fn a_share_link_round_trips_and_is_compact() {
    let mut a = busy_session();
    let rev = a.log.rev;
    a.log.set_lesson(Some((LessonSource::builtin("course"), 3)));
    assert!(a.log.rev > rev, "autosave sees a lesson step");
    let s = Session::of(&a);
    let text = codec::encode(&s);
    assert!(text.starts_with("1."), "{text}");
    assert!(text[2..]
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert!(text.len() < 2000, "{} bytes", text.len());
    let back = codec::decode(&text).expect("decodes");
    assert_eq!(back, s);
    assert_eq!(back.log.lesson, Some((LessonSource::builtin("course"), 3)));
}

/// A version-1 link that carries a built-in lesson at step 6 (index 5):
/// seed 9, `kubectl create deployment nginx --image=nginx:stable`, 2 s.
const V1_LESSON_LINK: &str = "1.XZDBasQwDER_JczZLtlCoTX0S0IO3lgJxoptIme3Ydl_rx1oKT3OjJgn6QEhcjAfCnlLs2eCgUtToE07klBShgKTSIowA8K76HvaAifrRNvodKTSDB8XqLdR4ebpDvOAHFJohZktCylIPjmXymF7tOnfxLsGXW30M0kR_HTEnfmpUOxVKnpAXHz8ejnsylAtG9WAad84J_fPPSd1zH_tupqdir9VVl8vSsvZWdOqwn6lqXA3bWQLdY4yp2OlWLqzqdPar3ahz1MZqRvVPzVQgbr0vXrtx_H5DQ";

#[test]
fn a_version_1_link_with_a_lesson_keeps_opening() {
    let s = codec::decode(V1_LESSON_LINK).expect("a v1 link decodes");
    assert_eq!(s.log.seed, 9);
    assert_eq!(
        s.log.lesson,
        Some((LessonSource::builtin("k8s-workloads-and-networking"), 5))
    );
    let (mut m, report) = replay(&s);
    assert_eq!(report, Replayed::default());
    assert!(run(&mut m, "kubectl get deployment nginx").starts_with("NAME    READY"));
    // Written again, it is still a version-1 link (a built-in lesson).
    assert!(codec::encode(&s).starts_with("1."));
}

#[test]
fn lessons_from_a_file_or_an_address_travel_in_version_2_links() {
    let lesson = "id: mine\ntitle: {en: Mine, ko: 내 수업}\nsteps:\n  - id: one\n    title: {en: One, ko: 하나}\n    explanation: {en: x, ko: y}\n";
    for source in [
        LessonSource::Text {
            name: "pasted.yaml".into(),
            text: lesson.into(),
        },
        LessonSource::Url("lessons/mine.yaml".into()),
    ] {
        let mut a = busy_session();
        a.log.set_lesson(Some((source.clone(), 0)));
        let s = Session::of(&a);
        let text = codec::encode(&s);
        assert!(text.starts_with("2."), "{text}");
        let back = codec::decode(&text).expect("decodes");
        assert_eq!(back, s);
        assert_eq!(back.log.lesson, Some((source, 0)));
    }
    // Version 1 has no such lessons; a lesson object there is damage, and
    // so is an object that is neither kind, or an address that is no
    // lesson file.
    let pack = |version: u32, lesson: serde_json::Value| {
        let json = serde_json::json!({"seed": 1, "profile": "docker-desktop", "lesson": lesson});
        let packed = miniz_oxide::deflate::compress_to_vec(json.to_string().as_bytes(), 9);
        format!("{version}.{}", codec::base64url_encode(&packed))
    };
    let file = serde_json::json!({"file": "a.yaml", "text": "id: a", "step": 1});
    assert!(codec::decode(&pack(2, file.clone())).is_ok());
    for (version, bad) in [
        (1, file),
        (2, serde_json::json!({"step": 1})),
        (
            2,
            serde_json::json!({"url": "x", "file": "a.yaml", "text": "", "step": 1}),
        ),
        (2, serde_json::json!({"url": "javascript", "step": 1})),
        (
            2,
            serde_json::json!({"file": "a.yaml", "text": 7, "step": 1}),
        ),
        (
            2,
            serde_json::json!({"file": "a.yaml", "text": "t", "step": -1}),
        ),
    ] {
        assert!(
            matches!(
                codec::decode(&pack(version, bad.clone())),
                Err(DecodeError::Corrupt(_))
            ),
            "{version}: {bad}"
        );
    }
}

#[test]
fn a_long_idle_hour_at_1x_stays_small() {
    let mut m = model(1);
    // One hour of 60 fps frames at 1x.
    m.set_playing(true);
    let mut t = 0.0;
    for _ in 0..(3600 * 60) {
        t += 1000.0 / 60.0;
        m.frame(t);
    }
    assert!(elapsed_ms(&m) >= 3_599_000, "{}", m.elapsed());
    let text = codec::encode(&Session::of(&m));
    assert!(text.len() < 400, "{} bytes: {text}", text.len());
}

#[test]
fn the_fragment_names_the_session() {
    assert_eq!(codec::from_fragment("#s=1.abc"), Some("1.abc"));
    assert_eq!(codec::from_fragment("#x=1&s=1.abc"), Some("1.abc"));
    assert_eq!(codec::from_fragment("#s="), None);
    assert_eq!(codec::from_fragment(""), None);
}

#[test]
fn bad_texts_are_refused_with_a_reason() {
    let ok = codec::encode(&Session::of(&model(3)));
    let cases = [
        "",
        "hello",
        "x.abc",
        ".abc",
        "0.abc",
        "1.",
        "1.a",
        "1.@@@@",
        "1.AAAA",
        "99999999999.AAAA",
        &ok[..ok.len() - 3],
    ];
    for c in cases {
        assert!(codec::decode(c).is_err(), "{c:?} decoded");
    }
    assert_eq!(
        codec::decode(&format!("3.{}", &ok[2..])),
        Err(DecodeError::FutureVersion(3))
    );
    let msg = codec::decode("3.AAAA").unwrap_err().to_string();
    assert!(msg.contains("newer kubeplay"), "{msg}");
}

/// Deflated JSON, as a link payload.
fn pack(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("1.{}", codec::base64url_encode(&packed))
}

#[test]
fn a_zip_bomb_stops_at_the_cap() {
    // 64 MB of spaces inside a string deflate to a few KB.
    let mut json = String::from("{\"seed\":1,\"profile\":\"minikube\",\"x\":\"");
    json.push_str(&" ".repeat(64 << 20));
    json.push_str("\"}");
    let text = pack(&json);
    assert!(text.len() < 200_000, "{}", text.len());
    let err = codec::decode(&text).unwrap_err().to_string();
    assert!(err.contains("expands past"), "{err}");
}

#[test]
fn each_field_is_checked() {
    let bad = [
        r#"[]"#,
        r#"{"profile":"minikube"}"#,
        r#"{"seed":1,"profile":"mars"}"#,
        r#"{"seed":1,"profile":"cloud","log":[["z",0]]}"#,
        r#"{"seed":1,"profile":"cloud","log":[["l",-1,"x"]]}"#,
        r#"{"seed":1,"profile":"cloud","log":[["l",5,"x"],["l",4,"y"]]}"#,
        r#"{"seed":1,"profile":"cloud","log":[["t",100,99999999999]]}"#,
        r#"{"seed":1,"profile":"cloud","log":[["t",86400000,4294967295]]}"#,
        r#"{"seed":1,"profile":"cloud","log":[["t",1,4294967295]]}"#,
        r#"{"seed":1,"profile":"cloud","log":[["t",1,600000],["t",2,600000]]}"#,
        r#"{"seed":1,"profile":"cloud","tabs":[["nope.yaml",null]]}"#,
        r#"{"seed":1,"profile":"cloud","view":{"side":"left"}}"#,
        r#"{"seed":1,"profile":"cloud","lesson":["a"]}"#,
    ];
    for json in bad {
        assert!(codec::decode(&pack(json)).is_err(), "{json} decoded");
    }
    let minimal = codec::decode(&pack(r#"{"seed":9,"profile":"onprem"}"#)).expect("minimal");
    assert_eq!(minimal.log.seed, 9);
    assert_eq!(minimal.speed, 1);
    assert!(minimal.playing);
    // Invalid UTF-8 inside the deflate stream.
    let packed = miniz_oxide::deflate::compress_to_vec(b"{\"seed\":\xff}", 9);
    let err = codec::decode(&format!("1.{}", codec::base64url_encode(&packed))).unwrap_err();
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn base64url_round_trips_every_length() {
    for n in 0..40u8 {
        let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
        let text = codec::base64url_encode(&bytes);
        assert_eq!(codec::base64url_decode(&text), Some(bytes));
    }
    assert_eq!(codec::base64url_encode(b"\xfb\xff"), "-_8");
    assert_eq!(codec::base64url_decode("A"), None);
    assert_eq!(codec::base64url_decode("a+b/"), None);
}

/// A link made by version 1 (seed 5, minikube, `kubectl create deployment
/// hello --image=nginx --replicas=2`, 3 s of clock, `kubectl get pods`).
/// Future versions must keep opening it to the same cluster.
const V1_LINK: &str = "1.XY_BasMwEER_xcxZLkpDL4J8ifFBsdfu0rVkvHJaE_LvlQSlIcfZGd7M3qFEI9yHwbrFiYXgsHDgr_1KMBBSjQEu7CIGN6ZvuDv00EQL3ORFyUDXyjhlhviDw_zv8FiBPvBEmhR_jMJ7GCR_VbiuQ5g5_LwdfhGY4vWmw7Bvssbx5VqTbVifz72BHxLfcpfNm-NcmdnNqjwyJGmGjXyiZqRV4rFQSM0nicSmbXnxM10qN6stB3jwenlHqUswJ2vN2RaRiWdrn6AzpSZPVPT94xc";

#[test]
fn a_version_1_link_keeps_opening() {
    let s = codec::decode(V1_LINK).expect("a v1 link decodes");
    assert_eq!(s.log.seed, 5);
    assert_eq!(s.log.profile, cluster::Profile::Minikube);
    let (mut m, report) = replay(&s);
    assert_eq!(report, Replayed::default());
    assert_eq!(m.elapsed(), "00:00:03");
    // Names, IPs and node as the link's maker saw them.
    let pods = run(&mut m, "kubectl get pods -o wide");
    let rows: Vec<(&str, &str, &str)> = pods
        .lines()
        .skip(1)
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            Some((*w.first()?, *w.get(5)?, *w.get(6)?))
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("hello-86c969456-hq2bp", "10.244.0.3", "minikube"),
            ("hello-86c969456-w7rw2", "10.244.0.4", "minikube"),
        ],
        "{pods}"
    );
}

#[test]
fn reset_starts_over_and_keeps_the_tabs() {
    let mut m = busy_session();
    let tabs = m.tabs.len();
    let rev = m.rev;
    reset(&mut m, 77);
    assert!(m.log.entries.is_empty());
    assert_eq!(m.log.seed, 77);
    assert_eq!(m.seed, 77);
    assert_eq!(m.elapsed(), "00:00:00");
    assert_eq!(m.tabs.len(), tabs);
    assert!(m.rev.term > rev.term && m.rev.scene > rev.scene);
    assert_eq!(
        run(&mut m, "kubectl get pods"),
        "No resources found in default namespace.\n"
    );
}

// ---- export and import ----------------------------------------------------

#[test]
fn export_has_clean_manifests_and_the_typed_commands() {
    let m = busy_session();
    let files = bundle::export_files(&m);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert!(names.contains(&"kubeplay-export/README.md"), "{names:?}");
    assert!(names.contains(&"kubeplay-export/replay.sh"));
    assert!(
        names.contains(&"kubeplay-export/manifests/09-deployment-default-web.yaml"),
        "{names:?}"
    );
    assert!(
        names.contains(&"kubeplay-export/manifests/15-pod-default-solo.yaml"),
        "{names:?}"
    );
    // Owned objects and the cluster's own are left out.
    assert!(
        !names
            .iter()
            .any(|n| n.contains("replicaset") || n.contains("kubernetes.yaml")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("-web-")), "{names:?}");
    let file = |suffix: &str| {
        files
            .iter()
            .find(|(p, _)| p.ends_with(suffix))
            .map(|(_, t)| t.as_str())
            .unwrap_or_default()
    };
    let deploy = file("deployment-default-web.yaml");
    assert!(
        deploy.starts_with("apiVersion: apps/v1\nkind: Deployment\n"),
        "{deploy}"
    );
    for gone in [
        "status:",
        "uid:",
        "resourceVersion:",
        "creationTimestamp: \"",
        "deployment.kubernetes.io/revision",
    ] {
        assert!(!deploy.contains(gone), "{gone} in {deploy}");
    }
    let svc = file("service-default-web.yaml");
    assert!(
        !svc.contains("clusterIP:") && svc.contains("nodePort:"),
        "{svc}"
    );
    let pod = file("pod-default-solo.yaml");
    assert!(
        !pod.contains("kube-api-access") && !pod.contains("nodeName"),
        "{pod}"
    );
    let script = file("replay.sh");
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{script}");
    for want in [
        "kubectl create deployment web --image=nginx --replicas=3\n",
        "cat <<EOF | kubectl apply -f -\napiVersion: v1\n",
        "cat > nginx-np.yaml <<'KUBEPLAY_EOF'\n",
        "kubectl apply -f nginx-np.yaml\nkubectl apply -f nginx.yaml\n",
        "# (the playground's clock moved 2m0s here)\n",
        "# simulator only, not run: kubeplay node add extra\n",
        "# waits for Ctrl+C or input, not run: kubectl get pods -w\n",
        "cat > nginx.yaml <<'KUBEPLAY_EOF'\napiVersion: apps/v1\n",
        "# opened in the browser pane: localhost:31046\n",
    ] {
        assert!(script.contains(want), "{want:?} missing from\n{script}");
    }
    // The heredoc body is not interleaved with clock comments.
    assert!(
        script.contains("    command: [sleep, '3600']\nEOF\n"),
        "{script}"
    );
}

#[test]
fn the_zip_is_well_formed_and_the_same_each_time() {
    let m = busy_session();
    let a = bundle::export_zip(&m);
    assert_eq!(a, bundle::export_zip(&m));
    assert_eq!(&a[..4], b"PK\x03\x04");
    let end = a.len() - 22;
    assert_eq!(&a[end..end + 4], b"PK\x05\x06");
    let count = u16::from_le_bytes([a[end + 10], a[end + 11]]) as usize;
    assert_eq!(count, bundle::export_files(&m).len());
    assert_eq!(bundle::crc32(b"123456789"), 0xCBF4_3926);
}

const REAL_LIST: &str = r#"apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: "2025-01-05T09:00:00Z"
    generateName: shop-7d9c-
    labels:
      app: shop
    name: shop-7d9c-abcde
    namespace: shop
    ownerReferences:
    - apiVersion: apps/v1
      controller: true
      kind: ReplicaSet
      name: shop-7d9c
      uid: 1
    uid: 11111111-1111-1111-1111-111111111111
  spec:
    containers:
    - image: nginx
      name: nginx
    nodeName: kind-worker
  status:
    phase: Running
- apiVersion: v1
  kind: Service
  metadata:
    name: kubernetes
    namespace: default
  spec:
    clusterIP: 10.96.0.1
    ports:
    - port: 443
- apiVersion: v1
  kind: Service
  metadata:
    name: kube-dns
    namespace: kube-system
  spec:
    ports:
    - port: 53
- apiVersion: v1
  kind: Service
  metadata:
    name: shop
    namespace: shop
    resourceVersion: "1234"
  spec:
    clusterIP: 10.96.77.7
    clusterIPs:
    - 10.96.77.7
    ports:
    - port: 80
      targetPort: 80
    selector:
      app: shop
    type: ClusterIP
  status:
    loadBalancer: {}
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      deployment.kubernetes.io/revision: "1"
    name: shop
    namespace: shop
  spec:
    replicas: 2
    selector:
      matchLabels:
        app: shop
    template:
      metadata:
        labels:
          app: shop
      spec:
        containers:
        - image: nginx
          name: nginx
  status:
    replicas: 2
kind: List
metadata:
  resourceVersion: ""
"#;

#[test]
fn import_keeps_what_a_user_writes_and_says_what_it_skipped() {
    let imp = bundle::import(REAL_LIST).expect("imports");
    // The namespace, the Deployment and the Service.
    assert_eq!(imp.objects, 3, "{imp:?}");
    assert_eq!(
        imp.skipped,
        [
            "Pod/shop/shop-7d9c-abcde (owned by another object)",
            "Service/default/kubernetes (made by the cluster)",
            "Service/kube-system/kube-dns (system namespace)",
        ]
    );
    assert_eq!(imp.lines[0], "kubectl apply -f - <<'KUBEPLAY_EOF'");
    let body = imp.lines.join("\n");
    assert!(
        !body.contains("10.96.77.7") && !body.contains("status"),
        "{body}"
    );
    let mut m = model(4);
    for l in &imp.lines {
        m.submit(l);
    }
    let applied = m
        .term
        .blocks
        .last()
        .map(|b| format!("{b:?}"))
        .unwrap_or_default();
    assert!(applied.contains("namespace/shop created"), "{applied}");
    assert!(
        applied.contains("deployment.apps/shop created"),
        "{applied}"
    );
    assert!(applied.contains("service/shop created"), "{applied}");
    m.advance(20_000);
    let pods = run(&mut m, "kubectl get pods -n shop");
    assert_eq!(
        pods.lines().filter(|l| l.contains("Running")).count(),
        2,
        "{pods}"
    );
}

#[test]
fn import_refuses_what_it_cannot_read() {
    assert!(bundle::import("").is_err());
    assert!(bundle::import("a: [b").unwrap_err().contains("yaml"));
    let only_system = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: kubernetes, namespace: default}\n";
    let err = bundle::import(only_system).unwrap_err();
    assert!(err.contains("every object was left out"), "{err}");
    assert!(bundle::import(&"x".repeat(bundle::MAX_IMPORT + 1)).is_err());
}

#[test]
fn boot_prefers_the_link_then_the_stored_session() {
    let config = Config {
        seed: 1,
        paused: true,
        ..Config::default()
    };
    let mut a = model(9);
    a.submit("kubectl create namespace linked");
    let link = codec::encode(&Session::of(&a));
    let mut b = model(1);
    b.submit("kubectl create namespace stored");
    let stored = codec::encode(&Session::of(&b));

    let boot_ = boot(&config, Some(&link), Some(&stored), false);
    assert_eq!(boot_.model.seed, 9);
    assert_eq!(boot_.notice, Some(Notice::LinkOpened { seed: 9, steps: 1 }));
    let boot_ = boot(&config, None, Some(&stored), false);
    assert_eq!(boot_.notice, Some(Notice::Restored { steps: 1 }));
    assert!(boot_.replayed && !boot_.clear_stored);
    // A URL naming another seed is not overridden by the stored session.
    let other = Config {
        seed: 2,
        ..config.clone()
    };
    let boot_ = boot(&other, None, Some(&stored), true);
    assert_eq!((boot_.model.seed, boot_.notice), (2, None));
    // Bad data: a fresh cluster, a message, and the stored value cleared.
    let boot_ = boot(&config, None, Some("1.garbage!"), false);
    assert!(matches!(boot_.notice, Some(Notice::StoredBad(_))));
    assert!(boot_.clear_stored && !boot_.replayed);
    let boot_ = boot(&config, Some("7.AAAA"), Some(&stored), false);
    let text = boot_.notice.as_ref().map(Notice::text).unwrap_or_default();
    assert!(text.contains("newer kubeplay"), "{text}");
    assert!(boot_.model.log.entries.is_empty());
}

#[test]
fn damaged_links_never_panic() {
    let text = codec::encode(&Session::of(&busy_session()));
    let bytes = text.as_bytes();
    // Every position changed to a few other characters, and every
    // truncation: each decodes or is refused, without a panic.
    for i in 2..bytes.len() {
        for c in [b'A', b'_', b'z', b'0'] {
            let mut b = bytes.to_vec();
            if b[i] == c {
                continue;
            }
            b[i] = c;
            let s = String::from_utf8(b).unwrap_or_default();
            if let Ok(session) = codec::decode(&s) {
                // What decodes is within the caps.
                assert!(session.log.entries.len() <= codec::MAX_ENTRIES);
            }
        }
        let _ = codec::decode(&text[..i]);
    }
}

#[test]
fn replay_sh_leaves_out_what_would_hang_a_script() {
    let mut m = model(6);
    for line in [
        "kubectl get pods --watch",
        "kubectl logs -f solo",
        "kubectl exec -it solo -- sh",
        "kubectl exec -it solo -- ls /",
        "kubectl port-forward svc/web 8080:80",
        "kubectl get pods -o wide",
    ] {
        m.interrupt("");
        m.submit(line);
    }
    let script = bundle::replay_script(&m);
    for hung in ["--watch", "logs -f", "-- sh", "port-forward"] {
        let line = script
            .lines()
            .find(|l| l.contains(hung))
            .unwrap_or_default();
        assert!(
            line.starts_with("# waits for Ctrl+C or input, not run: "),
            "{line}"
        );
    }
    assert!(
        script.contains("\nkubectl exec -it solo -- ls /\n"),
        "{script}"
    );
    assert!(script.contains("\nkubectl get pods -o wide\n"), "{script}");
}

/// A lesson whose checks send requests and run commands (the kinds that
/// once drew from the RNG, wrote access logs and filled the history).
const PROBING_LESSON: &str = r#"
id: probing
title: Probing
steps:
  - title: Serve
    commands: [curl http://localhost:31050]
    check:
      all:
        - http: {from: host, url: "http://localhost:31050", status: 200, contains: "Welcome to nginx!"}
        - command: kubectl get service web
          contains: "80:31050/TCP"
  - title: Look
    commands: [kubectl get pods]
    check:
      any:
        - command: kubectl get pods -l app=web
          contains: "Running"
        - http: {from: host, url: "http://localhost:31050/nothing", status: 404}
"#;

/// Each web pod's log, by name (the nginx access log).
fn web_logs(m: &mut Model) -> String {
    let names = run(m, "kubectl get pods -l app=web -o name");
    let mut out = String::new();
    for name in names.lines() {
        out.push_str(&run(m, &format!("kubectl logs {name}")));
    }
    out
}

#[test]
fn lesson_checks_leave_the_cluster_as_it_was() {
    let lesson = lessons::Lesson::parse("probing", PROBING_LESSON).expect("the lesson parses");
    let commands = [
        "kubectl create deployment web --image=nginx --replicas=3",
        "kubectl create service nodeport web --tcp=80:80 --node-port=31050",
        "curl -s http://localhost:31050 -o /dev/null -w '%{http_code}\\n'",
        "kubectl scale deployment web --replicas=4",
        "kubectl run solo --image=nginx",
        "kubectl delete pod solo",
        "kubectl create deployment more --image=nginx --replicas=2",
    ];
    let (mut checked, mut plain) = (model(11), model(11));
    let mut passed = 0;
    for c in commands {
        for m in [&mut checked, &mut plain] {
            run(m, c);
            m.advance(20_000);
        }
        let logs = web_logs(&mut checked);
        let history = run(&mut checked, "history");
        for _ in 0..3 {
            for step in lesson.steps() {
                let r = checked
                    .check_step(step)
                    .expect("a check runs at the prompt");
                passed += usize::from(r.done);
            }
        }
        // No history entry, no access-log line.
        let now = run(&mut checked, "history");
        assert!(now.starts_with(&history), "after {c}: {now}");
        assert_eq!(now.lines().count(), history.lines().count() + 1, "{now}");
        assert_eq!(web_logs(&mut checked), logs, "after {c}");
        web_logs(&mut plain);
        run(&mut plain, "history");
        run(&mut plain, "history");
        web_logs(&mut plain);
    }
    // The checks did reach the pods, and passed.
    assert!(passed >= 30, "{passed}");
    // The same cluster as without the checks, and as the replayed log.
    let s = Session::of(&checked);
    let (mut replayed, report) = replay(&s);
    assert_eq!(report, Replayed::default());
    let (a, b, r) = (
        listing(&mut checked),
        listing(&mut plain),
        listing(&mut replayed),
    );
    assert!(a.contains("more-"), "{a}");
    assert_eq!(a, b);
    assert_eq!(a, r);
    assert_eq!(web_logs(&mut checked), web_logs(&mut replayed));
    // And the next random names agree too.
    for m in [&mut checked, &mut plain] {
        run(
            m,
            "kubectl create deployment last --image=nginx --replicas=2",
        );
        m.advance(20_000);
    }
    assert_eq!(listing(&mut checked), listing(&mut plain));
}
