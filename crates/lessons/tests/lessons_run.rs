//! Every built-in lesson, run as a student would: each step's commands
//! typed into a fresh shell (fixed seed), its files open as editor tabs,
//! its `wait` slept, and then its check must pass. A lesson therefore
//! cannot silently break when the engine or the shell changes. Also: each
//! check fails before its step's commands (so it means something), and the
//! transcript of a run is printed on failure.
#![allow(clippy::disallowed_methods)] // test code may sort with std (clippy.toml)

use cluster::{Cluster, Profile};
use kubectl::{MemFiles, Shell};
use lessons::{Lesson, Progress};

const SEED: u64 = 42;

fn shell() -> Shell {
    Shell::new(
        Cluster::new(Profile::DockerDesktop, SEED),
        Box::new(MemFiles::default()),
    )
}

fn load(name: &str) -> Lesson {
    let text = lessons::builtin(name).expect("builtin lesson");
    match Lesson::parse(&format!("{name}.yaml"), text) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    }
}

/// Makes the files of steps `..=upto` available, as the editor's tabs.
fn open_files(shell: &mut Shell, lesson: &Lesson, upto: usize) {
    let mut files = MemFiles::default();
    for step in &lesson.steps()[..=upto] {
        for m in &step.manifests {
            files.files.insert(m.name.clone(), m.content.clone());
        }
    }
    shell.set_files(Box::new(files));
}

/// Runs step `i`'s commands and wait; returns the transcript.
fn run_step(shell: &mut Shell, lesson: &Lesson, i: usize) -> String {
    open_files(shell, lesson, i);
    let step = &lesson.steps()[i];
    let mut transcript = String::new();
    for cmd in &step.commands {
        for (line, out) in shell.run_script(cmd) {
            transcript.push_str(&format!("$ {line}\n{}", out.text()));
        }
    }
    if let Some(w) = &step.wait {
        let out = shell.run(&format!("sleep {w}"));
        transcript.push_str(&format!("$ sleep {w}\n{}", out.text()));
    }
    transcript
}

#[test]
fn every_builtin_lesson_step_passes_its_check() {
    assert!(!lessons::builtin_names().is_empty());
    for name in lessons::builtin_names() {
        let lesson = load(name);
        let mut shell = shell();
        let mut progress = Progress::new(&lesson);
        let mut transcript = String::new();
        for (i, step) in lesson.steps().iter().enumerate() {
            transcript.push_str(&format!("### step {} ({})\n", i + 1, step.id));
            transcript.push_str(&run_step(&mut shell, &lesson, i));
            progress.current = i;
            let (rv, now) = (
                shell.cluster().store().resource_version(),
                shell.cluster().now(),
            );
            let r = progress
                .check_current(&lesson, &mut shell)
                .expect("a current step");
            // Checking writes no object and moves no clock.
            assert_eq!(
                shell.cluster().store().resource_version(),
                rv,
                "step {}",
                step.id
            );
            assert_eq!(shell.cluster().now(), now, "step {}", step.id);
            assert!(
                r.done,
                "lesson {name}: step {} ({}) not done after its commands: {}\n\n{transcript}",
                i + 1,
                step.id,
                r.detail
            );
            let read_only = step.check_state(shell.cluster());
            assert!(
                read_only.done || (step.needs_shell() && read_only.needs_shell),
                "lesson {name}: step {}: check_state: {}",
                i + 1,
                read_only.detail
            );
        }
        assert!(progress.is_complete(&lesson), "{progress:?}");
    }
}

/// Running the checks does not change what the student sees: the same
/// commands give the same output with or without a check after each step
/// (the lesson's Services have one endpoint each, so an `http` check
/// draws nothing from the cluster's RNG).
#[test]
fn checks_do_not_change_the_transcript() {
    for name in lessons::builtin_names() {
        let lesson = load(name);
        let (mut checked, mut plain) = (shell(), shell());
        let (mut a, mut b) = (String::new(), String::new());
        for (i, step) in lesson.steps().iter().enumerate() {
            a.push_str(&run_step(&mut checked, &lesson, i));
            step.check(&mut checked);
            b.push_str(&run_step(&mut plain, &lesson, i));
        }
        assert!(a == b, "lesson {name}: the transcripts differ");
        assert_eq!(
            checked.run("kubectl get pods -A -o wide").text(),
            plain.run("kubectl get pods -A -o wide").text()
        );
    }
}

/// Each check fails in the state just before its step: it checks what the
/// step does, not something already true.
#[test]
fn every_check_fails_before_its_step() {
    for name in lessons::builtin_names() {
        let lesson = load(name);
        let mut shell = shell();
        for (i, step) in lesson.steps().iter().enumerate() {
            if step.check.is_some() {
                // A UI runs shell checks only once the state part holds:
                // not before the step's commands either.
                assert!(
                    !step.check_state(shell.cluster()).needs_shell,
                    "lesson {name}: step {} ({}): its state conditions hold before its commands",
                    i + 1,
                    step.id
                );
                let r = step.check(&mut shell);
                assert!(
                    !r.done,
                    "lesson {name}: step {} ({}) is done before its commands: {}",
                    i + 1,
                    step.id,
                    r.detail
                );
            }
            run_step(&mut shell, &lesson, i);
        }
    }
}

/// Every lesson file in static/lessons/ is built in, under its file name,
/// and its id is that name.
#[test]
fn static_lessons_are_all_builtin() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/lessons");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("static/lessons")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".yaml").map(str::to_string))
        .collect();
    on_disk.sort();
    let mut builtin: Vec<String> = lessons::builtin_names()
        .into_iter()
        .map(str::to_string)
        .collect();
    builtin.sort();
    assert_eq!(on_disk, builtin);
    for name in lessons::builtin_names() {
        let lesson = load(name);
        assert_eq!(lesson.id, name);
        for lang in ["ko", "en"] {
            assert!(lesson.title.languages().any(|l| l == lang), "{name}: title");
            for s in lesson.steps() {
                assert!(
                    s.title.languages().any(|l| l == lang),
                    "{name}/{}: title {lang}",
                    s.id
                );
                assert!(
                    s.explanation.languages().any(|l| l == lang),
                    "{name}/{}: explanation {lang}",
                    s.id
                );
            }
        }
    }
    assert_eq!(lessons::builtin("no-such-lesson"), None);
    assert!(lessons::builtin_lesson("no-such-lesson").is_none());
    assert!(matches!(
        lessons::builtin_lesson("k8s-workloads-and-networking"),
        Some(Ok(_))
    ));
}

/// The course lesson covers the notes' sections in the notes' order.
#[test]
fn course_lesson_follows_the_notes() {
    let lesson = load("k8s-workloads-and-networking");
    let ids: Vec<&str> = lesson.steps().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "statefulset",
            "daemonset",
            "job",
            "cronjob",
            "networking",
            "service",
            "clusterip-dns",
            "nodeport",
            "loadbalancer",
            "ingress-controller",
            "ingress",
            "cleanup"
        ]
    );
    // The notes' commands, verbatim.
    let all: Vec<&str> = lesson
        .steps()
        .iter()
        .flat_map(|s| s.commands.iter().map(String::as_str))
        .collect();
    for cmd in [
        "kubectl expose deployment nginx --name nginx --port 80",
        "kubectl get service nginx",
        "kubectl exec -it curlpod -- curl nginx.default.svc.cluster.local",
        "kubectl get service nginx-np",
        "kubectl apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml",
        "kubectl -n ingress-nginx get all",
        "kubectl delete deployment nginx",
        "kubectl delete service nginx",
        "kubectl delete service nginx-np",
        "kubectl delete ingress nginx-ing",
        "kubectl delete -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml",
    ] {
        assert!(all.contains(&cmd), "missing the notes' command {cmd:?}");
    }
    // The notes' manifests, verbatim, as the web app's editor tabs have them.
    let tabs = lesson.manifests();
    for (name, text) in [
        (
            "nginx.yaml",
            include_str!("../../../static/manifests/nginx.yaml"),
        ),
        (
            "curlpod.yaml",
            include_str!("../../../static/manifests/curlpod.yaml"),
        ),
        (
            "nginx-np.yaml",
            include_str!("../../../static/manifests/nginx-np.yaml"),
        ),
    ] {
        let m = tabs.iter().find(|m| m.name == name).expect(name);
        assert_eq!(m.content.trim_end(), text.trim_end(), "{name}");
    }
}

/// The notes offer "the command or the YAML file" for the ClusterIP
/// Service: applying the step's file instead of the command passes the
/// same check.
#[test]
fn clusterip_yaml_alternative_passes_the_same_check() {
    let lesson = load("k8s-workloads-and-networking");
    let at = lesson
        .steps()
        .iter()
        .position(|s| s.id == "service")
        .expect("service step");
    let mut shell = shell();
    for i in 0..at {
        run_step(&mut shell, &lesson, i);
    }
    open_files(&mut shell, &lesson, at);
    let step = &lesson.steps()[at];
    assert!(!step.check(&mut shell).done);
    let out = shell.run("kubectl apply -f nginx-svc.yaml");
    assert_eq!(out.text(), "service/nginx created\n");
    let r = step.check(&mut shell);
    assert!(r.done, "{}", r.detail);
}
