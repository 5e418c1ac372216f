//! The engine benchmark cases, shared by the native bench
//! (`crates/cli/benches/engine.rs`) and the wasm one
//! (`web/tests/engine_bench.rs`), so both measure the same work. Each case
//! drives the shell and the engine exactly as the CLI and the page do and
//! reports one row per figure through a [`Sink`] (which owns the clock:
//! `std::time` natively, `performance.now()` in the browser).

use cluster::{Cluster, HttpRequest, Origin, Profile};
use kubectl::{MemFiles, Shell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

/// Where figures go, and the clock they are taken with.
pub trait Sink {
    /// Milliseconds since some fixed instant.
    fn now_ms(&self) -> f64;
    /// A row's measured work starts (native: marks the CPU clock).
    fn start(&mut self) {}
    fn row(&mut self, case: &str, ms: f64, note: String);
    /// Lets the browser run between two slices of work, as the page's
    /// frames do (the test runner gives up on a page blocked for about a
    /// minute); natively nothing.
    fn pause(&self) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(std::future::ready(()))
    }
    /// Steps of pending work longer than this (ms) get a row of their own
    /// naming the step (natively: `KUBEPLAY_BENCH_STEPS=MS`); `None`: no
    /// such rows.
    fn step_rows_over(&self) -> Option<f64> {
        None
    }
}

/// The page's slicing of pending work (web/src/model.rs): `work_step`
/// calls of this many units until the frame's slice is spent.
const WORK_UNITS: u64 = 1;
/// The page's slice of a frame for engine work, in ms.
const WORK_SLICE_MS: f64 = 35.0;

/// What draining a command's pending work as the page does took.
#[derive(Default)]
struct Drain {
    /// The longest frame slice (ms): what blocks the page.
    longest_slice: f64,
    /// The longest single `work_step` (ms): a slice's overshoot.
    longest_step: f64,
    /// What that step began with (`Cluster::next_step_name`).
    longest_step_name: &'static str,
    slices: usize,
    /// The slices' time summed (the total without the pauses).
    busy: f64,
}

/// Runs the pending work in the page's slices, pausing between them.
async fn drain(sink: &mut dyn Sink, sh: &mut Shell) -> Drain {
    let mut d = Drain::default();
    while sh.cluster().has_pending_work() {
        let start = sink.now_ms();
        // As the page: no step started that the slice's longest step so
        // far says would end past the slice.
        let mut more = true;
        let mut slice_step: f64 = 0.0;
        while more && sink.now_ms() - start + slice_step < WORK_SLICE_MS {
            let name = sh.cluster().next_step_name();
            let t = sink.now_ms();
            more = sh.cluster_mut().work_step(WORK_UNITS);
            let step = sink.now_ms() - t;
            slice_step = slice_step.max(step);
            if step > d.longest_step {
                d.longest_step = step;
                d.longest_step_name = name;
            }
            if sink.step_rows_over().is_some_and(|over| step > over) {
                sink.row("  long step", step, format!("began with {name}"));
            }
        }
        let slice = sink.now_ms() - start;
        d.longest_slice = d.longest_slice.max(slice);
        d.busy += slice;
        d.slices += 1;
        sink.pause().await;
    }
    d
}

/// Runs one line as the page does (stepping: the command, then its work
/// in slices between frames) and reports the longest block as a row, with
/// the command's own part, the longest step and the total.
async fn stepped(sink: &mut dyn Sink, sh: &mut Shell, case: &str, line: &str) -> String {
    sh.cluster_mut().set_stepping(true);
    sink.start();
    let t = sink.now_ms();
    let out = run(sh, line);
    let own = sink.now_ms() - t;
    sink.pause().await;
    let d = drain(sink, sh).await;
    let total = sink.now_ms() - t;
    sh.cluster_mut().set_stepping(false);
    let (pods, ready) = pod_counts(sh);
    sink.row(
        case,
        own.max(d.longest_slice),
        format!(
            "longest block; command {own:.1} ms, then {} slices (longest step {:.1} ms, {}), {total:.0} ms in all; {pods} pods ({ready} ready)",
            d.slices, d.longest_step, d.longest_step_name
        ),
    );
    out
}

/// Rows of stepped output per `Shell::print_step` call, as the page
/// (web/src/model.rs `PRINT_ROWS`).
const PRINT_ROWS: usize = 200;

/// Runs one line as the page does when its output is long (`kubectl get`
/// over thousands of objects): the command's first part, then its output
/// made in the page's slices (`Shell::print_step` until 35 ms are spent),
/// pausing between them. Reports the longest block as a row.
async fn printed(sink: &mut dyn Sink, sh: &mut Shell, case: &str, line: &str) {
    sh.cluster_mut().set_stepping(true);
    sink.start();
    let t = sink.now_ms();
    let mut lines = 0;
    if let kubectl::Feed::Ran { output, .. } = sh.feed_line(line) {
        lines += output.text().lines().count();
    }
    let own = sink.now_ms() - t;
    let mut longest: f64 = 0.0;
    let mut slices = 0;
    while sh.is_printing() {
        sink.pause().await;
        let start = sink.now_ms();
        while sh.is_printing() && sink.now_ms() - start < WORK_SLICE_MS {
            let (out, _, _) = sh.print_step(PRINT_ROWS);
            lines += out.text().lines().count();
        }
        longest = longest.max(sink.now_ms() - start);
        slices += 1;
    }
    let total = sink.now_ms() - t;
    sh.cluster_mut().set_stepping(false);
    sink.row(
        case,
        own.max(longest),
        format!(
            "longest block; command {own:.1} ms, then {slices} slices (longest {longest:.1} ms), {total:.0} ms in all; {lines} lines out"
        ),
    );
}

/// Polls a future whose pauses are ready at once (the native sink's) to
/// its end.
pub fn block_on<T>(f: impl Future<Output = T>) -> T {
    use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
    fn raw() -> RawWaker {
        fn clone(_: *const ()) -> RawWaker {
            raw()
        }
        fn noop(_: *const ()) {}
        static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
        RawWaker::new(std::ptr::null(), &VTABLE)
    }
    // SAFETY: the vtable's functions do nothing and never read the pointer.
    let waker = unsafe { Waker::from_raw(raw()) };
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// The notes' monthly CronJob (compress logs on the 1st, `0 0 1 * *`).
const MONTHLY: &str = include_str!("../../../../tests/transcripts/cj-monthly.yaml");

const INGRESS_NGINX: &str = "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml";

/// The course notes' five manifests, in the notes' order (the transcripts'
/// copies of them; the ClusterIP Service is inline, as the notes give it).
const NOTES: [&str; 5] = [
    include_str!("../../../../tests/transcripts/service-lab/nginx.yaml"),
    "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
  type: ClusterIP
",
    include_str!("../../../../tests/transcripts/service-lab/curlpod.yaml"),
    include_str!("../../../../tests/transcripts/service-lab/nginx-np.yaml"),
    include_str!("../../../../tests/transcripts/ingress-lab/nginx-ing.yaml"),
];

/// Every case, by the name a filter matches.
pub const CASES: [&str; 7] = [
    "notes", "replicas", "cron", "limits", "scale", "ingress", "getpods",
];

/// Runs the cases whose name contains one of `filter` (all when empty).
pub async fn run_cases(filter: &[String], sink: &mut dyn Sink) {
    for name in CASES {
        if !filter.is_empty() && !filter.iter().any(|x| name.contains(x.as_str())) {
            continue;
        }
        match name {
            "notes" => bench_notes(sink),
            "replicas" => bench_replicas(sink),
            "cron" => bench_cron(sink).await,
            "limits" => bench_limits(sink).await,
            "scale" => bench_scale(sink).await,
            "ingress" => bench_ingress(sink),
            "getpods" => bench_getpods(sink).await,
            _ => {}
        }
    }
}

fn shell(files: BTreeMap<String, String>) -> Shell {
    Shell::new(
        Cluster::new(Profile::DockerDesktop, 1),
        Box::new(MemFiles { files }),
    )
}

/// Runs one shell line; fails loudly if it fails (a benchmark of an error
/// would measure nothing).
fn run(sh: &mut Shell, line: &str) -> String {
    let out = sh.run(line);
    let text = out.text();
    if out.exit_code != 0 {
        panic!("`{line}` failed ({}):\n{text}", out.exit_code);
    }
    text
}

/// Runs one line and reports its time as a row.
fn timed(sink: &mut dyn Sink, sh: &mut Shell, case: &str, line: &str) -> String {
    timed_as(sink, sh, case, line, true)
}

/// [`timed`] for a line that may fail (`ok`: it must succeed).
fn timed_as(sink: &mut dyn Sink, sh: &mut Shell, case: &str, line: &str, ok: bool) -> String {
    sink.start();
    let t = sink.now_ms();
    let out = if ok {
        run(sh, line)
    } else {
        sh.run(line).text()
    };
    let ms = sink.now_ms() - t;
    let (pods, ready) = pod_counts(sh);
    sink.row(
        case,
        ms,
        format!(
            "{} lines out; {pods} pods ({ready} ready)",
            out.lines().count()
        ),
    );
    out
}

/// (all pods, Running and Ready ones).
fn pod_counts(sh: &Shell) -> (usize, usize) {
    let pods = sh.cluster().store().list("pods", None);
    let ready = pods
        .iter()
        .filter(|p| {
            p.pointer("/status/conditions")
                .and_then(|c| c.as_array())
                .is_some_and(|cs| {
                    cs.iter()
                        .any(|c| c["type"] == "Ready" && c["status"] == "True")
                })
        })
        .count();
    (pods.len(), ready)
}

fn notes_shell() -> Shell {
    let mut files = BTreeMap::new();
    for (i, m) in NOTES.iter().enumerate() {
        files.insert(format!("notes-{i}.yaml"), m.to_string());
    }
    shell(files)
}

fn apply_notes(sh: &mut Shell) {
    run(sh, &format!("kubectl apply -f {INGRESS_NGINX}"));
    for i in 0..NOTES.len() {
        run(sh, &format!("kubectl apply -f notes-{i}.yaml"));
    }
    run(sh, "sleep 2m");
}

fn bench_notes(sink: &mut dyn Sink) {
    let mut sh = notes_shell();
    sink.start();
    let t = sink.now_ms();
    apply_notes(&mut sh);
    let ms = sink.now_ms() - t;
    let (pods, ready) = pod_counts(&sh);
    sink.row(
        "notes manifests + ingress-nginx, apply+2m",
        ms,
        format!("{} manifests, {pods} pods ({ready} ready)", NOTES.len()),
    );
}

fn bench_replicas(sink: &mut dyn Sink) {
    for n in [100, 400] {
        let mut sh = shell(BTreeMap::new());
        timed(
            sink,
            &mut sh,
            &format!("create deployment --replicas={n}"),
            &format!("kubectl create deployment x --image=nginx --replicas={n}"),
        );
    }
}

async fn bench_cron(sink: &mut dyn Sink) {
    for (days, label) in [(1, "sleep 1d"), (30, "sleep 30d")] {
        let mut files = BTreeMap::new();
        files.insert("cj-monthly.yaml".to_string(), MONTHLY.to_string());
        let mut sh = shell(files);
        run(&mut sh, "kubectl apply -f cj-monthly.yaml");
        run(
            &mut sh,
            "kubectl create cronjob hello --image=busybox:1.36 --schedule=\"*/5 * * * *\" -- echo Hello",
        );
        sink.start();
        let t = sink.now_ms();
        sh.cluster_mut().set_stepping(true);
        run(&mut sh, &format!("sleep {days}d"));
        let d = drain(sink, &mut sh).await;
        sh.cluster_mut().set_stepping(false);
        let ms = sink.now_ms() - t;
        let jobs = sh.cluster().store().list("jobs", None).len();
        sink.row(
            &format!("{label}, CronJobs 0 0 1 * * and */5"),
            ms,
            format!(
                "{jobs} jobs kept at the end; in {} slices, longest {:.1} ms (step {:.1} ms)",
                d.slices, d.longest_slice, d.longest_step
            ),
        );
    }
}

/// Single commands at the limits (issue 8 item 3: none may block the page
/// for more than 100 ms): the replicas limit on one workload, and what
/// follows from it.
async fn bench_limits(sink: &mut dyn Sink) {
    let mut sh = shell(BTreeMap::new());
    for (case, line) in [
        (
            "limits: create deployment --replicas=1000",
            "kubectl create deployment big --image=nginx --replicas=1000",
        ),
        ("limits: sleep 1m (1,000 pods start)", "sleep 1m"),
        ("limits: get pods (1,000 pods)", "kubectl get pods"),
        (
            "limits: scale --replicas=1 (999 deleted)",
            "kubectl scale deployment big --replicas=1",
        ),
        ("limits: sleep 1m (deletions end)", "sleep 1m"),
        (
            "limits: scale --replicas=1000 (999 created)",
            "kubectl scale deployment big --replicas=1000",
        ),
        ("limits: sleep 1m (999 pods start)", "sleep 1m"),
        (
            "limits: delete deployment (1,000 pods)",
            "kubectl delete deployment big",
        ),
    ] {
        stepped(sink, &mut sh, case, line).await;
    }
}

/// 100 nodes, 10,000 pods (20 Deployments of 500), then `get pods -A`.
async fn bench_scale(sink: &mut dyn Sink) {
    let mut sh = shell(BTreeMap::new());
    let have = sh.cluster().store().count("nodes");
    sink.start();
    let t = sink.now_ms();
    let mut worst: f64 = 0.0;
    for i in have..100 {
        let t1 = sink.now_ms();
        run(&mut sh, &format!("kubeplay node add worker-{i:03}"));
        worst = worst.max(sink.now_ms() - t1);
    }
    run(&mut sh, "sleep 10");
    sink.row(
        "add nodes up to 100 (+10s to Ready)",
        sink.now_ms() - t,
        format!(
            "{} nodes; slowest `kubeplay node add` {worst:.1} ms",
            sh.cluster().store().count("nodes")
        ),
    );
    sink.start();
    let t = sink.now_ms();
    let mut worst: f64 = 0.0;
    let mut longest: f64 = 0.0;
    let mut step: (f64, &str) = (0.0, "");
    let mut busy: f64 = 0.0;
    for d in 0..20 {
        let t1 = sink.now_ms();
        sh.cluster_mut().set_stepping(true);
        run(
            &mut sh,
            &format!("kubectl create deployment d{d:02} --image=nginx --replicas=500"),
        );
        longest = longest.max(sink.now_ms() - t1);
        let dr = drain(sink, &mut sh).await;
        sh.cluster_mut().set_stepping(false);
        longest = longest.max(dr.longest_slice);
        if dr.longest_step > step.0 {
            step = (dr.longest_step, dr.longest_step_name);
        }
        busy += dr.busy;
        worst = worst.max(sink.now_ms() - t1);
    }
    let created = sink.now_ms() - t;
    let mut waited = 0;
    loop {
        let (pods, ready) = pod_counts(&sh);
        if ready >= 10_000 || waited >= 600 {
            sink.row(
                "10,000 pods on 100 nodes converge",
                sink.now_ms() - t,
                format!(
                    "creates {created:.0} ms (slowest {worst:.0} ms); {pods} pods, {ready} ready after {waited}s simulated; longest block {longest:.1} ms (longest step {:.1} ms, {}), work {busy:.0} ms without the pauses",
                    step.0, step.1
                ),
            );
            break;
        }
        sh.cluster_mut().set_stepping(true);
        sh.cluster_mut().advance_stepped(5_000);
        let dr = drain(sink, &mut sh).await;
        sh.cluster_mut().set_stepping(false);
        longest = longest.max(dr.longest_slice);
        if dr.longest_step > step.0 {
            step = (dr.longest_step, dr.longest_step_name);
        }
        busy += dr.busy;
        waited += 5;
        if waited % 60 == 0 {
            // Progress, for runs that are stopped before the end.
            let (pods, ready) = pod_counts(&sh);
            sink.row(
                &format!("  converging, {waited}s simulated"),
                sink.now_ms() - t,
                format!("{pods} pods, {ready} ready"),
            );
        }
    }
    timed(
        sink,
        &mut sh,
        "kubectl get pods -A (10,000+ pods)",
        "kubectl get pods -A",
    );
    timed(
        sink,
        &mut sh,
        "kubectl get pods -A -o wide",
        "kubectl get pods -A -o wide",
    );
    timed(
        sink,
        &mut sh,
        "kubectl get pods -A | wc -l",
        "kubectl get pods -A | wc -l",
    );
    printed(
        sink,
        &mut sh,
        "kubectl get pods -A (page, stepped)",
        "kubectl get pods -A",
    )
    .await;
    timed_as(
        sink,
        &mut sh,
        "kubeplay node add (101st: refused)",
        "kubeplay node add worker-extra",
        false,
    );
}

fn bench_ingress(sink: &mut dyn Sink) {
    let mut sh = notes_shell();
    apply_notes(&mut sh);
    let req = HttpRequest {
        origin: Origin::Host,
        method: "GET".to_string(),
        url: "https://localhost/testpath".to_string(),
        headers: Vec::new(),
        insecure: true,
    };
    sink.start();
    let t = sink.now_ms();
    let mut ok = 0;
    for _ in 0..10_000 {
        let out = sh.cluster_mut().http(&req);
        if out.result.as_ref().is_ok_and(|r| r.status == 200) {
            ok += 1;
        }
        sh.cluster_mut().drain_traces();
    }
    let ms = sink.now_ms() - t;
    sink.row(
        "10,000 requests through the Ingress",
        ms,
        format!("{ok} answered 200; {:.1} us each", ms * 1000.0 / 10_000.0),
    );
}

/// About 10,000 pods built as cheaply as it goes through the API (20
/// Deployments of 500 on the three nodes, no clock moved: most stay
/// Pending, whose rows cost about what Running ones do), then the `get`
/// commands at that size, at once and as the page steps them.
async fn bench_getpods(sink: &mut dyn Sink) {
    let mut sh = shell(BTreeMap::new());
    sink.start();
    let t = sink.now_ms();
    for d in 0..20 {
        run(
            &mut sh,
            &format!("kubectl create deployment d{d:02} --image=nginx --replicas=500"),
        );
    }
    let (pods, ready) = pod_counts(&sh);
    sink.row(
        "getpods: 20 deployments of 500 on 3 nodes",
        sink.now_ms() - t,
        format!("{pods} pods ({ready} ready)"),
    );
    for line in [
        "kubectl get pods -A",
        "kubectl get pods -A -o wide",
        "kubectl get pods -A | wc -l",
        "kubectl get pods -A -o name",
        "kubectl get all -A",
    ] {
        timed(sink, &mut sh, &format!("getpods: {line}"), line);
    }
    for line in [
        "kubectl get pods -A",
        "kubectl get pods -A -o wide",
        "kubectl get pods -A | wc -l",
        "kubectl get all -A",
    ] {
        printed(
            sink,
            &mut sh,
            &format!("getpods: {line} (page, stepped)"),
            line,
        )
        .await;
    }
}
