//! kubeplay's guided lessons: the lesson format (YAML, documented in
//! `static/lessons/README.md`), its parser, the checks that read the
//! cluster to tell a student a step is done, progress, and the built-in
//! lessons (`static/lessons/*.yaml`, compiled in with `include_str!`).
//!
//! ```
//! let text = lessons::builtin("k8s-workloads-and-networking").unwrap();
//! let lesson = lessons::Lesson::parse("k8s-workloads-and-networking.yaml", text).unwrap();
//! assert!(!lesson.steps().is_empty());
//! assert_eq!(lesson.title.get("en"), "Kubernetes workloads and networking");
//! ```
//!
//! Module map: `text` (localised strings), `parse` (YAML to [`Lesson`]
//! with located errors), `check` (conditions and their evaluation),
//! `progress` (which steps are done, serialisable).

mod check;
mod parse;
mod progress;
mod text;

pub use check::{CheckResult, Condition, Expect, HttpFrom, ObjRef};
pub use parse::LessonError;
pub use progress::Progress;
pub use text::Text;

use kubectl::Shell;

/// One lesson: a title, an introduction and steps, in several languages.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// The lesson's id (`k8s-workloads-and-networking`), used for progress
    /// and in links.
    pub id: String,
    pub title: Text,
    /// The introduction shown before the first step.
    pub text: Text,
    pub(crate) steps: Vec<Step>,
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Unique within the lesson (`statefulset`); progress is kept by id.
    pub id: String,
    pub title: Text,
    /// Markdown-ish prose: the pain point, what the resource is, use cases.
    pub explanation: Text,
    /// Shell lines, in order; each one can be pasted into the terminal.
    pub commands: Vec<String>,
    /// Files to open in the editor; commands refer to them by name
    /// (`kubectl apply -f nginx.yaml`).
    pub manifests: Vec<Manifest>,
    /// Simulated time to let pass after the commands before checking
    /// (`30s`, `2m`), as GNU `sleep` writes durations.
    pub wait: Option<String>,
    /// When the step is done; `None` for a step that only explains.
    pub check: Option<Condition>,
}

/// A named file of YAML shown in the manifest editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The file name the commands use (`nginx.yaml`).
    pub name: String,
    pub content: String,
}

impl Lesson {
    /// Parses a lesson file. `name` is used in error messages only
    /// (`lesson services.yaml: step 3 (ClusterIP): check: ...`). Never
    /// panics, whatever the input.
    pub fn parse(name: &str, text: &str) -> Result<Lesson, LessonError> {
        parse::parse_lesson(name, text)
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The step with this id.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Every file the lesson's steps define, by name, as editor tabs (a
    /// later step's file of the same name wins).
    pub fn manifests(&self) -> Vec<&Manifest> {
        let mut out: Vec<&Manifest> = Vec::new();
        for m in self.steps.iter().flat_map(|s| &s.manifests) {
            match out.iter_mut().find(|x| x.name == m.name) {
                Some(slot) => *slot = m,
                None => out.push(m),
            }
        }
        out
    }
}

impl Step {
    /// [`Step::wait`] in milliseconds (0 without a wait).
    pub fn wait_ms(&self) -> i64 {
        self.wait
            .as_deref()
            .and_then(cluster::time::parse_sleep_duration)
            .unwrap_or(0)
    }

    /// Evaluates the step's check against the shell's cluster.
    ///
    /// State conditions (`exists`, `jsonpath`, `pods`) only read the store.
    /// `http` conditions send a request with `Cluster::http` and `command`
    /// conditions run a kubectl command through the shell, both as probes
    /// (`Cluster::probe`, `Shell::probe`): afterwards the cluster (store,
    /// RNG streams, logs, traces, events, clock) and the shell (history,
    /// `$?`) are as before, so a session replays to the same cluster
    /// whether or not checks ran in between. Combinators evaluate left to
    /// right and stop early, so put state conditions before `http` and
    /// `command` ones (they are cheaper).
    pub fn check(&self, shell: &mut Shell) -> CheckResult {
        match &self.check {
            Some(c) => c.eval(&mut check::Env::Shell(shell)),
            None => CheckResult::done("this step has no check"),
        }
    }

    /// Evaluates the step's check without changing anything: `http` and
    /// `command` conditions are not evaluated and count as not done (see
    /// [`Step::needs_shell`]); when one of them is all that stands between
    /// the step and done, the result says so with `needs_shell`, so a UI
    /// can run the full [`Step::check`] only then.
    pub fn check_state(&self, cluster: &cluster::Cluster) -> CheckResult {
        match &self.check {
            Some(c) => c.eval(&mut check::Env::ReadOnly(cluster)),
            None => CheckResult::done("this step has no check"),
        }
    }

    /// Whether the check has an `http` or `command` condition, which
    /// [`Step::check_state`] cannot evaluate.
    pub fn needs_shell(&self) -> bool {
        self.check.as_ref().is_some_and(|c| !c.is_read_only())
    }
}

/// The built-in lessons, (name, YAML text), in the order a menu lists them.
const BUILTIN: &[(&str, &str)] = &[(
    "k8s-workloads-and-networking",
    include_str!("../../../static/lessons/k8s-workloads-and-networking.yaml"),
)];

/// The YAML text of a built-in lesson, by name (the file name under
/// `static/lessons/` without `.yaml`).
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A built-in lesson, parsed (`None` for an unknown name). The built-in
/// files are tested to parse, so the error is there for completeness.
pub fn builtin_lesson(name: &str) -> Option<Result<Lesson, LessonError>> {
    builtin(name).map(|text| Lesson::parse(&format!("{name}.yaml"), text))
}

/// The names of the built-in lessons.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, _)| *n).collect()
}
