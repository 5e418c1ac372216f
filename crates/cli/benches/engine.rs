//! Engine benchmarks (not tests: nothing here asserts a speed). Each case
//! runs the real shell and engine and prints its wall time; see
//! BENCHMARKS.md, section "Engine".
//!
//!     cargo bench -p kubeplay --bench engine            # every case
//!     cargo bench -p kubeplay --bench engine -- cron    # cases whose name contains "cron"
//!
//! The course notes' manifests are read from /work/shared/seed when it is
//! there (the ```yaml blocks of the notes), else from the transcripts'
//! copies of them (tests/transcripts/{service,ingress}-lab).

use cluster::{HttpRequest, Origin, Profile};
use kubectl::{MemFiles, Shell};
use kubeplay::new_shell_with;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// The notes' monthly CronJob (compress logs on the 1st, `0 0 1 * *`).
const MONTHLY: &str = "apiVersion: batch/v1
kind: CronJob
metadata:
  name: compress-logs
spec:
  schedule: \"0 0 1 * *\"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: compress
            image: busybox:1.36
            command: [\"sh\", \"-c\", \"echo compressing logs of last month\"]
          restartPolicy: OnFailure
";

const INGRESS_NGINX: &str = "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.5.1/deploy/static/provider/cloud/deploy.yaml";

fn shell(files: BTreeMap<String, String>) -> Shell {
    new_shell_with(Profile::DockerDesktop, 1, Box::new(MemFiles { files }))
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

/// The notes' manifests, in the order the notes give them.
fn notes_manifests() -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/work/shared/seed") {
        let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            let mut rest = text.as_str();
            while let Some(i) = rest.find("```yaml\n") {
                rest = &rest[i + 8..];
                let end = rest.find("```").unwrap_or(rest.len());
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    if out.is_empty() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/transcripts");
        for f in [
            "service-lab/nginx.yaml",
            "ingress-lab/nginx-np.yaml",
            "ingress-lab/nginx-ing.yaml",
        ] {
            if let Ok(t) = std::fs::read_to_string(root.join(f)) {
                out.push(t);
            }
        }
    }
    out
}

/// Counts pods by phase-ish state: (all, Running and Ready).
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

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// This process's CPU time (user + system) on Linux, from /proc; the wall
/// time of a shared machine includes waiting for a core.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // USER_HZ is 100 on Linux.
    Some((utime + stime) * 10.0)
}

struct Report {
    rows: Vec<(String, String, String)>,
    cpu_mark: Option<f64>,
}

impl Report {
    fn row(&mut self, case: &str, figure: String, note: String) {
        let cpu = cpu_ms();
        let spent = match (cpu, self.cpu_mark) {
            (Some(now), Some(mark)) => format!("cpu {:.0} ms", now - mark),
            _ => String::new(),
        };
        println!("{case:<44} {figure:>12}  {spent:>14}  {note}");
        self.rows.push((case.to_string(), figure, note));
    }
    /// Starts the CPU clock of the next row.
    fn start(&mut self) {
        self.cpu_mark = cpu_ms();
    }
}

fn bench_notes(r: &mut Report) {
    let manifests = notes_manifests();
    let mut files = BTreeMap::new();
    for (i, m) in manifests.iter().enumerate() {
        files.insert(format!("notes-{i}.yaml"), m.clone());
    }
    let mut sh = shell(files);
    r.start();
    let t = Instant::now();
    run(&mut sh, &format!("kubectl apply -f {INGRESS_NGINX}"));
    for i in 0..manifests.len() {
        run(&mut sh, &format!("kubectl apply -f notes-{i}.yaml"));
    }
    run(&mut sh, "sleep 2m");
    let d = t.elapsed();
    let (pods, ready) = pod_counts(&sh);
    r.row(
        "notes manifests + ingress-nginx, apply+2m",
        ms(d),
        format!("{} manifests, {pods} pods ({ready} ready)", manifests.len()),
    );
}

fn bench_replicas(r: &mut Report) {
    for n in [100, 400] {
        let mut sh = shell(BTreeMap::new());
        r.start();
        let t = Instant::now();
        run(
            &mut sh,
            &format!("kubectl create deployment x --image=nginx --replicas={n}"),
        );
        let d = t.elapsed();
        let (pods, _) = pod_counts(&sh);
        r.row(
            &format!("create deployment --replicas={n}"),
            ms(d),
            format!("{pods} pods in the store"),
        );
    }
}

fn bench_cron(r: &mut Report) {
    for (days, label) in [(1, "sleep 1d"), (30, "sleep 30d")] {
        let mut files = BTreeMap::new();
        files.insert("cj-monthly.yaml".to_string(), MONTHLY.to_string());
        let mut sh = shell(files);
        run(&mut sh, "kubectl apply -f cj-monthly.yaml");
        run(
            &mut sh,
            "kubectl create cronjob hello --image=busybox:1.36 --schedule=\"*/5 * * * *\" -- echo Hello",
        );
        r.start();
        let t = Instant::now();
        run(&mut sh, &format!("sleep {days}d"));
        let d = t.elapsed();
        let jobs = sh.cluster().store().list("jobs", None).len();
        r.row(
            &format!("{label}, CronJobs 0 0 1 * * and */5"),
            ms(d),
            format!("{jobs} jobs kept at the end"),
        );
    }
}

/// 100 nodes, 10,000 pods (20 Deployments of 500), then `get pods -A`.
fn bench_scale(r: &mut Report) {
    let mut sh = shell(BTreeMap::new());
    let have = sh.cluster().store().list("nodes", None).len();
    r.start();
    let t = Instant::now();
    for i in have..100 {
        if let Err(e) = sh.cluster_mut().node_add(&format!("worker-{i:03}")) {
            panic!("node add: {e}");
        }
    }
    run(&mut sh, "sleep 10");
    r.row(
        "add nodes up to 100 (+10s to Ready)",
        ms(t.elapsed()),
        format!("{} nodes", sh.cluster().store().list("nodes", None).len()),
    );
    r.start();
    let t = Instant::now();
    for d in 0..20 {
        run(
            &mut sh,
            &format!("kubectl create deployment d{d:02} --image=nginx --replicas=500"),
        );
    }
    let created = t.elapsed();
    let mut waited = 0;
    loop {
        let (pods, ready) = pod_counts(&sh);
        if ready >= 10_000 || waited >= 600 {
            let d = t.elapsed();
            r.row(
                "10,000 pods on 100 nodes converge",
                ms(d),
                format!(
                    "creates {}; {pods} pods, {ready} ready after {waited}s simulated",
                    ms(created)
                ),
            );
            break;
        }
        sh.cluster_mut().advance(5_000);
        waited += 5;
    }
    r.start();
    let t = Instant::now();
    let out = run(&mut sh, "kubectl get pods -A");
    r.row(
        "kubectl get pods -A (10,000+ pods)",
        ms(t.elapsed()),
        format!("{} lines", out.lines().count()),
    );
    r.start();
    let t = Instant::now();
    let out = run(&mut sh, "kubectl get pods -A -o wide");
    r.row(
        "kubectl get pods -A -o wide",
        ms(t.elapsed()),
        format!("{} lines", out.lines().count()),
    );
}

fn bench_ingress(r: &mut Report) {
    let mut files = BTreeMap::new();
    for (i, m) in notes_manifests().iter().enumerate() {
        files.insert(format!("notes-{i}.yaml"), m.clone());
    }
    let n = files.len();
    let mut sh = shell(files);
    run(&mut sh, &format!("kubectl apply -f {INGRESS_NGINX}"));
    for i in 0..n {
        run(&mut sh, &format!("kubectl apply -f notes-{i}.yaml"));
    }
    run(&mut sh, "sleep 2m");
    let req = HttpRequest {
        origin: Origin::Host,
        method: "GET".to_string(),
        url: "https://localhost/testpath".to_string(),
        headers: Vec::new(),
        insecure: true,
    };
    r.start();
    let t = Instant::now();
    let mut ok = 0;
    for _ in 0..10_000 {
        let out = sh.cluster_mut().http(&req);
        if out.result.as_ref().is_ok_and(|r| r.status == 200) {
            ok += 1;
        }
        sh.cluster_mut().drain_traces();
    }
    let d = t.elapsed();
    r.row(
        "10,000 requests through the Ingress",
        ms(d),
        format!(
            "{ok} answered 200; {:.1} us each",
            d.as_secs_f64() * 1e6 / 10_000.0
        ),
    );
}

type Case = fn(&mut Report);

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let cases: [(&str, Case); 5] = [
        ("notes", bench_notes),
        ("replicas", bench_replicas),
        ("cron", bench_cron),
        ("scale", bench_scale),
        ("ingress", bench_ingress),
    ];
    let mut r = Report {
        rows: Vec::new(),
        cpu_mark: None,
    };
    for (name, f) in cases {
        if filter.is_empty() || filter.iter().any(|x| name.contains(x.as_str())) {
            f(&mut r);
        }
    }
    if r.rows.is_empty() {
        println!("no case matches {filter:?}");
    }
}
