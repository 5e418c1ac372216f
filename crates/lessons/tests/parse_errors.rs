//! The lesson parser: errors say where and what, and no input panics.

use lessons::{Condition, Lesson, Progress};

fn error(src: &str) -> String {
    match Lesson::parse("services.yaml", src) {
        Ok(_) => panic!("parsed:\n{src}"),
        Err(e) => e.to_string(),
    }
}

const HEAD: &str = "id: services\ntitle: {ko: 서비스, en: Services}\nsteps:\n";

fn with_steps(steps: &str) -> String {
    format!("{HEAD}{steps}")
}

const OK_STEP: &str = "- title: Deploy\n  commands: [kubectl apply -f nginx.yaml]\n  check: {exists: {kind: Deployment, name: nginx}}\n";

#[test]
fn unknown_condition_names_the_step_and_the_choices() {
    let src = with_steps(&format!(
        "{OK_STEP}{OK_STEP}- title: {{ko: 클러스터IP, en: ClusterIP}}\n  commands: [x]\n  check: {{exist: {{kind: Service, name: nginx}}}}\n"
    ));
    // Steps without an id are step-1, step-2, ...: no clash.
    assert_eq!(
        error(&src),
        "lesson services.yaml: step 3 (ClusterIP): check: unknown condition \"exist\"; \
         expected one of exists, jsonpath, pods, http, command, all, any, not"
    );
}

#[test]
fn errors_inside_combinators_say_which_item() {
    let src = with_steps(
        "- title: Pods\n  commands: [x]\n  check:\n    all:\n      - exists: {kind: Pod, name: a}\n      - pods: {selector: app=nginx, phse: Running}\n",
    );
    assert_eq!(
        error(&src),
        "lesson services.yaml: step 1 (Pods): check: all[1]: pods: unknown field \"phse\"; \
         expected one of selector, namespace, phase, ready, count, min"
    );
}

#[test]
fn field_errors() {
    let cases: &[(&str, &str)] = &[
        (
            "- title: A\n  comands: [x]\n",
            "lesson services.yaml: step 1 (A): unknown field \"comands\"; expected one of id, title, explanation, commands, manifests, wait, check",
        ),
        (
            "- commands: [x]\n",
            "lesson services.yaml: step 1: missing field \"title\"",
        ),
        (
            "- title: A\n  commands: kubectl get pods\n",
            "lesson services.yaml: step 1 (A): commands: expected a list of command lines, found a string",
        ),
        (
            "- title: A\n  commands: [x]\n  wait: soon\n",
            "lesson services.yaml: step 1 (A): wait: \"soon\" is not a duration such as 30s, 2m or 1h",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {exists: {kind: Deploymnt, name: x}}\n",
            "lesson services.yaml: step 1 (A): check: exists: kind: unknown kind \"Deploymnt\" (the cluster serves no such resource)",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {exists: {kind: Pod}}\n",
            "lesson services.yaml: step 1 (A): check: exists: missing field \"name\"",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {pods: {phase: Runing}}\n",
            "lesson services.yaml: step 1 (A): check: pods: phase: unknown phase \"Runing\"; expected one of Pending, Running, Succeeded, Failed, Unknown",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {http: {from: node, url: x}}\n",
            "lesson services.yaml: step 1 (A): check: http: from: \"node\": expected host or pod/NAME",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {http: {url: x, status: 999}}\n",
            "lesson services.yaml: step 1 (A): check: http: status: 999 is not an HTTP status",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {command: kubectl delete pod x}\n",
            "lesson services.yaml: step 1 (A): check: command: \"kubectl delete pod x\": a check may only run kubectl get, describe, logs, exec, events, explain, api-resources, api-versions, cluster-info, version, top (checks must not change the cluster)",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {command: kubectl get pods; kubectl delete pods --all}\n",
            "lesson services.yaml: step 1 (A): check: command: \"kubectl get pods; kubectl delete pods --all\": one kubectl command, without \";\" (a pipe to grep is fine)",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {exists: {kind: Pod, name: a}, pods: {}}\n",
            "lesson services.yaml: step 1 (A): check: a condition has exactly one of exists, jsonpath, pods, http, command, all, any, not; found exists, pods",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {all: []}\n",
            "lesson services.yaml: step 1 (A): check: all: expected at least one condition",
        ),
        (
            "- title: A\n  commands: [x]\n  check: {jsonpath: {kind: Service, name: a, path: \"{.spec\"}}\n",
            "lesson services.yaml: step 1 (A): check: jsonpath: path: \"{.spec\": unclosed action",
        ),
        (
            "- title: A\n  commands: [x]\n  check: [exists]\n",
            "lesson services.yaml: step 1 (A): check: expected a condition (a mapping such as {exists: ...}), found a list",
        ),
        (
            "- title: A\n  manifests: [{name: ../x.yaml, content: x}]\n",
            "lesson services.yaml: step 1 (A): manifests[0]: name: \"../x.yaml\": a file name without spaces or slashes",
        ),
        (
            "- {id: a, title: A, commands: [x]}\n- {id: a, title: B, commands: [x]}\n",
            "lesson services.yaml: step 2 (B): id \"a\" is already used by step 1",
        ),
        (
            "- title: {ko: 가, en: [B]}\n",
            "lesson services.yaml: step 1: title: en: expected a string, found a list",
        ),
    ];
    for (steps, want) in cases {
        assert_eq!(&error(&with_steps(steps)), want, "{steps}");
    }
    // The selector's own message is the engine's (labels.Parse wording).
    let e = error(&with_steps(
        "- title: A\n  commands: [x]\n  check: {pods: {selector: \"app in (\"}}\n",
    ));
    assert!(
        e.starts_with("lesson services.yaml: step 1 (A): check: pods: selector: \"app in (\": "),
        "{e}"
    );
}

#[test]
fn file_level_errors() {
    assert_eq!(error(""), "lesson services.yaml: the file is empty");
    assert_eq!(
        error("- a\n- b\n"),
        "lesson services.yaml: expected a mapping, found a list"
    );
    assert_eq!(
        error("title: x\nsteps: [{title: a}]\n"),
        "lesson services.yaml: missing field \"id\""
    );
    assert_eq!(
        error("id: Services!\ntitle: x\nsteps: [{title: a}]\n"),
        "lesson services.yaml: id: \"Services!\": use lower-case letters, digits, - and _"
    );
    assert_eq!(
        error("id: s\ntitle: x\nsteps: []\n"),
        "lesson services.yaml: steps: a lesson needs at least one step"
    );
    assert_eq!(
        error("id: s\ntitle: x\nstep: []\n"),
        "lesson services.yaml: unknown field \"step\"; expected one of id, title, text, steps"
    );
    // go-yaml's message and line, as kubectl gives them for a manifest.
    assert_eq!(
        error("id: s\ntitle: [x\nsteps: []\n"),
        "lesson services.yaml: line 2: YAML: did not find expected ',' or ']'"
    );
}

#[test]
fn a_small_lesson_parses() {
    let src = r#"
id: mini
title: {ko: 작은 수업, en: A small lesson}
text: Just one step.
steps:
  - id: deploy
    title: Deploy nginx
    explanation: {en: "Run it.", ko: "실행하세요."}
    manifests:
      - name: nginx.yaml
        content: |
          kind: Deployment
    commands:
      - kubectl apply -f nginx.yaml
    wait: 90s
    check:
      any:
        - not: {exists: {kind: deploy, name: nginx}}
        - command: kubectl get pods | grep nginx
          contains: Running
        - command: kubectl -n ingress-nginx get pods --context=docker-desktop
        - {command: "k logs deploy/nginx", exit_code: 0}
        - http: {from: pod/curlpod, namespace: web, url: "http://nginx", status: 200, insecure: true}
        - jsonpath: {kind: svc, name: nginx, path: "{.spec.ports[0].nodePort}", equals: 31045}
"#;
    let lesson = Lesson::parse("mini.yaml", src).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lesson.id, "mini");
    assert_eq!(lesson.title.get("ko"), "작은 수업");
    assert_eq!(lesson.title.get("fr"), "A small lesson");
    assert_eq!(lesson.text.get("ko"), "Just one step.");
    let step = &lesson.steps()[0];
    assert_eq!(step.wait.as_deref(), Some("90s"));
    assert_eq!(step.wait_ms(), 90_000);
    assert!(step.needs_shell());
    let Some(Condition::Any(cs)) = &step.check else {
        panic!("{:?}", step.check)
    };
    assert_eq!(cs.len(), 6);
    assert_eq!(lesson.manifests()[0].content, "kind: Deployment\n");
}

#[test]
fn progress_round_trips_and_survives_edits() {
    let lesson = Lesson::parse(
        "p.yaml",
        "id: p\ntitle: P\nsteps: [{id: a, title: A}, {id: b, title: B}, {id: c, title: C}]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut p = Progress::new(&lesson);
    p.set_done(&lesson, "c", true);
    p.set_done(&lesson, "a", true);
    p.set_done(&lesson, "zzz", true);
    assert_eq!(p.done, ["a", "c"]);
    p.advance(&lesson);
    assert_eq!(p.current, 1);
    let json = serde_json::to_string(&p).unwrap_or_default();
    assert_eq!(json, r#"{"lesson":"p","done":["a","c"],"current":1}"#);
    let back: Progress = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(back, p);
    let edited = Lesson::parse("p.yaml", "id: p\ntitle: P\nsteps: [{id: c, title: C}]\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let p2 = back.for_lesson(&edited);
    assert_eq!(p2.done, ["c"]);
    assert_eq!(p2.current, 0);
    assert!(p2.is_complete(&edited));
}

/// Truncations and byte edits of a real lesson, and odd YAML: errors or
/// lessons, never a panic.
#[test]
fn no_input_panics() {
    let odd = [
        "~",
        "[]",
        "{}",
        "id: 1\ntitle: 2\nsteps: 3",
        "id: a\ntitle: {}\nsteps: [{title: a}]",
        "id: a\ntitle: {1: x}\nsteps: [{title: a}]",
        "id: a\ntitle: a\nsteps: [{title: a, check: {not: {not: {not: {}}}}}]",
        "id: a\ntitle: a\nsteps: [{title: a, check: {pods: {count: -1}}}]",
        "id: a\ntitle: a\nsteps: [{title: a, check: {pods: {count: 1.5}}}]",
        "id: a\ntitle: a\nsteps: [{title: a, check: {http: {url: x, status: 99999999999999999999}}}]",
        "id: a\ntitle: a\nsteps: [{title: a, wait: 1e400s}]",
        "id: a\ntitle: a\nsteps: [{title: a, check: {command: \"\"}}]",
        "id: a\ntitle: a\nsteps: [{title: a, check: {command: \"k\"}}]",
        "id: a\ntitle: a\nsteps: [{title: a, check: {command: \"kubectl get | \"}}]",
        "&a [*a, *a]",
        "!tag {id: a}",
        "id: a\ntitle: a\nsteps: [{? [x] : y}]",
    ];
    for src in odd {
        let _ = Lesson::parse("odd.yaml", src);
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let _ = Lesson::parse("deep.yaml", &deep);
    let deep_not = format!(
        "id: a\ntitle: a\nsteps: [{{title: a, check: {}{{exists: {{kind: Pod, name: x}}}}{}}}]",
        "{not: ".repeat(100),
        "}".repeat(100)
    );
    let _ = Lesson::parse("deep.yaml", &deep_not);

    let text = lessons::builtin("k8s-workloads-and-networking").unwrap_or_default();
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(97).collect();
    for &i in &cuts {
        let _ = Lesson::parse("cut.yaml", &text[..i]);
        let mut edited = String::with_capacity(text.len());
        edited.push_str(&text[..i]);
        edited.push_str(&text[i..].chars().skip(1).collect::<String>());
        let _ = Lesson::parse("edit.yaml", &edited);
    }
}
