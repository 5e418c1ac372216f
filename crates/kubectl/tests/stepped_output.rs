//! Output made in steps (issue 8 item 3): in the page (`set_stepping`),
//! `kubectl get` over many objects leaves its table to be made a budget of
//! rows at a time between frames (`Shell::print_step`), and the rest of
//! the command line (pipes, redirections, `&&`, `;`) runs when it is
//! done. Whatever the budget, what the terminal gets, the exit status and
//! what follows must be byte-identical to a run that prints at once.

use cluster::{Cluster, Profile};
use kubectl::{MemFiles, Output, Shell, Stream};

fn shell(stepping: bool) -> Shell {
    let mut sh = Shell::new(
        Cluster::new(Profile::default(), 7),
        Box::new(MemFiles::default()),
    );
    for line in [
        "kubectl create deployment big --image=nginx --replicas=700",
        "kubectl create namespace shop",
        "kubectl create deployment cart -n shop --image=nginx:no-such-tag --replicas=3",
        "kubectl expose deployment big --port=80",
        "sleep 20",
    ] {
        let out = sh.run(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.text());
    }
    sh.cluster_mut().set_stepping(stepping);
    sh
}

/// The lines run, each after the one before.
const LINES: [&str; 12] = [
    "kubectl get pods -A",
    "kubectl get all -A",
    "kubectl get pods -o wide --show-labels",
    "kubectl get pods -A | wc -l",
    "kubectl get pods -A | grep cart",
    "kubectl get pods -A > pods.txt; echo $?; wc -l pods.txt",
    "kubectl get pods -A --no-headers | head -2 && echo done",
    "kubectl get pods,svc nope -A; echo status $?",
    "kubectl get pods -A 2>&1 >/dev/null; kubectl get deploy -A",
    "echo before; kubectl get pods; echo after; kubectl get pods -n shop",
    "kubectl get pods -A -o name | tail -1",
    "kubectl get pods -l app=none; kubectl get pods -A --sort-by=.metadata.name | tail -1",
];

/// Feeds a line as the page does and steps its output by `budget` rows:
/// the output in the pieces it came in, and whether it stopped at all.
fn stepped(sh: &mut Shell, line: &str, budget: usize) -> (Vec<(Stream, String)>, i32, bool) {
    let kubectl::Feed::Ran { output, clear } = sh.feed_line(line) else {
        panic!("{line}: incomplete");
    };
    assert!(!clear);
    let mut chunks = output.chunks;
    let mut status = output.exit_code;
    let stopped = sh.is_printing();
    let mut steps = 0;
    while sh.is_printing() {
        let (out, clear, done) = sh.print_step(budget);
        assert!(!clear);
        chunks.extend(out.chunks);
        status = out.exit_code;
        steps += 1;
        assert!(steps < 100_000, "{line}: never ends");
        assert_eq!(done, !sh.is_printing());
    }
    (chunks, status, stopped)
}

/// Adjacent pieces of one stream joined, as a terminal shows them.
fn joined(chunks: &[(Stream, String)]) -> Vec<(Stream, String)> {
    let mut out: Vec<(Stream, String)> = Vec::new();
    for (k, t) in chunks {
        match out.last_mut() {
            Some((lk, lt)) if lk == k => lt.push_str(t),
            _ => out.push((*k, t.clone())),
        }
    }
    out
}

#[test]
fn stepped_output_is_the_same_whatever_the_budget() {
    let mut at_once = shell(false);
    let expected: Vec<Output> = LINES.iter().map(|l| at_once.run(l)).collect();
    assert!(expected[0].stdout().lines().count() > 700);
    assert!(
        expected[3].stdout().starts_with("7"),
        "{}",
        expected[3].text()
    );
    let files = at_once.written_files();
    let history = at_once.history().to_vec();
    let last_status = at_once.run("echo $?").text();
    for budget in [1, 37, 1000] {
        let mut sh = shell(true);
        let mut stopped_any = false;
        for (line, want) in LINES.iter().zip(&expected) {
            let (chunks, status, stopped) = stepped(&mut sh, line, budget);
            stopped_any |= stopped;
            assert_eq!(
                joined(&chunks),
                joined(&want.chunks),
                "{line} in steps of {budget}"
            );
            assert_eq!(status, want.exit_code, "{line} in steps of {budget}");
        }
        assert!(stopped_any, "nothing was stepped");
        // The files written, the history and `$?` are the same too.
        assert_eq!(sh.written_files(), files);
        assert_eq!(sh.history(), history);
        assert_eq!(sh.run("echo $?").text(), last_status);
    }
}

#[test]
fn a_line_fed_while_output_is_stepped_comes_after_it() {
    let mut at_once = shell(false);
    let mut want = at_once.run("kubectl get pods -A").text();
    want.push_str(&at_once.run("echo next").text());
    let mut sh = shell(true);
    let kubectl::Feed::Ran { output, .. } = sh.feed_line("kubectl get pods -A") else {
        panic!("incomplete");
    };
    assert!(sh.is_printing());
    let mut got = output.text();
    let (out, _, _) = sh.print_step(10);
    got.push_str(&out.text());
    // The next line finishes the stepped one first.
    let kubectl::Feed::Ran { output, .. } = sh.feed_line("echo next") else {
        panic!("incomplete");
    };
    got.push_str(&output.text());
    assert!(!sh.is_printing());
    assert_eq!(got, want);
    // `run` prints all of a line, even when the cluster steps.
    assert_eq!(
        sh.run("kubectl get pods -A").text(),
        at_once.run("kubectl get pods -A").text()
    );
}
