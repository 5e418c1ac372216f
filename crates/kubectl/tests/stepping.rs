//! Pending work run in steps (issue 8 item 3): a page runs a command's
//! settle and a `sleep` a few work units per frame (`Cluster::work_step`)
//! instead of at once. Whatever the budget, and with the store read
//! between steps as the page's drawing does, the shell's output, the
//! engine's change log and its Events must be byte-identical to a run that
//! does all the work at once (the CLI's, the tests').

use cluster::{ChangeOp, Cluster, Profile};
use kubectl::{MemFiles, Shell};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Schedules, pulls, probes, restarts, rolls out, scales past a batch of
/// the ReplicaSet controller (100 pods) and back, routes, garbage-collects,
/// with the clock moving through `sleep`s alone on their line, inside a
/// list and after `&&`; several objects applied from one heredoc.
const SCRIPT: &str = "kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl expose deployment web --port=80 --type=NodePort
kubectl create deployment bad --image=nginx:no-such-tag
kubectl run once --image=busybox --restart=Never -- sh -c 'exit 3'
sleep 30
kubectl get pods -o wide
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web
kubectl create deployment big --image=nginx --replicas=250
kubectl get rs big -o wide; sleep 20 && kubectl get deploy big
kubectl scale deployment web --replicas=1
kubectl scale deployment big --replicas=120
kubectl delete pod -l app=bad
kubeplay node add extra
kubectl apply -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl create job pi --image=perl -- perl -Mbignum=bpi -wle 'print bpi(20)'
sleep 90
curl -s localhost:80 -o /dev/null
kubectl get pods -A | wc -l
kubectl delete deployment bad
kubectl scale deployment big --replicas=0
sleep 600
kubectl get all -A
";

/// The transcript of [`SCRIPT`]: each command's output and the changes
/// the engine made for it, then every Event and pod as YAML. With
/// `budget`, the shell runs as a page drives it: stepping on, and after
/// each line the pending work runs `budget` units at a time, the store
/// read between steps.
fn transcript(budget: Option<u64>) -> String {
    let mut shell = Shell::new(
        Cluster::new(Profile::DockerDesktop, 7),
        Box::new(MemFiles::default()),
    );
    shell.cluster_mut().set_stepping(budget.is_some());
    shell.cluster_mut().drain_changes();
    let mut text = String::new();
    let mut steps = 0u64;
    for line in SCRIPT.lines() {
        match shell.feed_line(line) {
            kubectl::Feed::More => continue,
            kubectl::Feed::Ran { output, .. } => {
                text.push_str(&format!("$ {line}\n{}", output.text()));
            }
        }
        if let Some(b) = budget {
            // A long table prints in steps first, as the page runs it.
            while shell.is_printing() {
                let (out, _, _) = shell.print_step(b as usize);
                text.push_str(&out.text());
            }
            while shell.cluster_mut().work_step(b) {
                steps += 1;
                // What a frame's drawing reads between steps.
                let _ = shell.cluster().store().list("pods", None).len();
            }
        }
        assert!(!shell.cluster().has_pending_work());
        for c in shell.cluster_mut().drain_changes() {
            let op = match c.op {
                ChangeOp::Added => "ADDED",
                ChangeOp::Modified => "MODIFIED",
                ChangeOp::Deleted => "DELETED",
            };
            text.push_str(&format!("{op} {} {}/{}\n", c.resource, c.namespace, c.name));
        }
    }
    if budget == Some(1) {
        assert!(steps > 1000, "budget 1 ran in {steps} steps only");
    }
    text.push_str(&shell.run("kubectl get events -A -o yaml").text());
    text.push_str(&shell.run("kubectl get pods -A -o yaml").text());
    text
}

fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: {x:?} != {y:?}", i + 1);
        }
    }
    format!("lengths {} != {}", a.len(), b.len())
}

fn reference() -> &'static str {
    static REF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    REF.get_or_init(|| transcript(None))
}

#[test]
fn the_script_does_much() {
    let t = reference();
    assert!(t.contains("deployment.apps/big created"), "{t}");
    assert!(t.matches("ADDED pods default/big-").count() >= 250);
    assert!(t.contains("namespace/shop created\ndeployment.apps/cart created\n"));
}

#[test]
fn any_budget_gives_the_same_bytes() {
    for budget in [1, 7, 1000] {
        let t = transcript(Some(budget));
        assert!(
            t == reference(),
            "budget {budget}: {}",
            first_difference(&t, reference())
        );
    }
}

proptest! {
    #![proptest_config(Config {
        cases: 3,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x7374_6570),
        ..Config::default()
    })]

    #[test]
    fn random_budgets_give_the_same_bytes(budget in 2u64..400) {
        let t = transcript(Some(budget));
        prop_assert!(t == reference(), "budget {}: {}", budget, first_difference(&t, reference()));
    }
}

/// The pending work is really left to the caller: a create of 250
/// replicas returns before the controllers run, and a `sleep` before the
/// clock moves.
#[test]
fn a_stepping_cluster_leaves_the_work_pending() {
    let mut shell = Shell::new(
        Cluster::new(Profile::DockerDesktop, 7),
        Box::new(MemFiles::default()),
    );
    shell.cluster_mut().set_stepping(true);
    let out = shell.run("kubectl create deployment big --image=nginx --replicas=250");
    assert_eq!(out.text(), "deployment.apps/big created\n");
    assert!(shell.cluster().has_pending_work());
    assert!(shell
        .cluster()
        .store()
        .list("pods", Some("default"))
        .is_empty());
    let mut steps = 0;
    while shell.cluster_mut().work_step(50) {
        steps += 1;
    }
    assert!(steps >= 5, "{steps} steps");
    assert_eq!(
        shell.cluster().store().list("pods", Some("default")).len(),
        250
    );
    let before = shell.cluster().now();
    shell.run("sleep 10");
    assert_eq!(shell.cluster().now(), before);
    assert!(shell.cluster().has_pending_work());
    // The next command finishes it first.
    let out = shell.run("kubectl get deploy big --no-headers");
    assert!(!shell.cluster().has_pending_work());
    assert_eq!(shell.cluster().now(), before.plus_ms(10_000));
    assert!(out.text().starts_with("big "), "{}", out.text());
}
