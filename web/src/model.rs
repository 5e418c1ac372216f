//! The app's one state: the shell (which owns the cluster), the manifest
//! tabs, the terminal's scrollback and history, the clock, and what the
//! topology draws. Every change goes through a method here; the components
//! only read it and call these methods, then re-render the parts whose
//! revision counter moved. Nothing here touches the DOM, so it is tested
//! natively.

use crate::anim::{self, TraceAnim};
use crate::browser::{self, Browser, Page};
use crate::inspect::{self, Inspection, Target};
use crate::layout::{layout_for_pane, LayoutMemory, Scene};
use crate::snapshot::Snapshot;
use cluster::hints::Hint;
use cluster::{Cluster, HttpOutcome, Profile};
use kubectl::{Feed, MemFiles, Shell, Stream};
use std::collections::VecDeque;
use std::rc::Rc;

/// The course's manifests, pre-filled as tabs.
pub const BUNDLED_MANIFESTS: &[(&str, &str)] = &[
    (
        "nginx.yaml",
        include_str!("../../static/manifests/nginx.yaml"),
    ),
    (
        "curlpod.yaml",
        include_str!("../../static/manifests/curlpod.yaml"),
    ),
    (
        "nginx-np.yaml",
        include_str!("../../static/manifests/nginx-np.yaml"),
    ),
];

/// The resources the topology reads: a change to another (an Event, a
/// ConfigMap) does not redraw it.
const DRAWN_RESOURCES: &[&str] = &[
    "nodes",
    "pods",
    "services",
    "endpointslices",
    "endpoints",
    "replicasets",
    "jobs",
    "ingresses",
    "ingressclasses",
    "persistentvolumeclaims",
    "cronjobs",
];

/// How much larger large-text mode draws the topology.
pub const LARGE_SCALE: f64 = 1.3;

/// Clock speeds offered in the top bar.
pub const SPEEDS: &[u32] = &[1, 10, 60, 600, 3600];

/// Fast-forward buttons in the top bar: label and simulated milliseconds.
pub const FAST_FORWARDS: &[(&str, i64)] =
    &[("+1m", 60_000), ("+1h", 3_600_000), ("+1d", 86_400_000)];
/// A fast-forward moves the cluster in steps of this much sim time...
const FF_STEP_MS: i64 = 60_000;
/// ...for at most this much wall time a frame (at least one step), so the
/// page never blocks long...
const FF_BUDGET_MS: f64 = 30.0;
/// ...and at most this many steps (a day) a frame.
const FF_STEPS_PER_FRAME: usize = 1440;

/// A monotonic wall clock in ms (the browser's `performance.now()`).
#[cfg(target_arch = "wasm32")]
fn wall_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

#[cfg(not(target_arch = "wasm32"))]
fn wall_now() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// Scrollback kept, in lines.
const SCROLLBACK_LINES: usize = 5000;
/// Requests waiting to be animated beyond this are dropped (oldest first).
const TRACE_QUEUE: usize = 8;
/// The clock advances the cluster in steps of at least this much sim time.
const MIN_STEP_MS: f64 = 100.0;
/// Wall time a frame gives pending engine work (`Model::run_work`).
const WORK_SLICE_MS: f64 = 35.0;
/// Work units (`Cluster::work_step`) between two looks at the wall clock:
/// one, so a look follows every step (at 10,000 pods a step that writes
/// nothing, one unit, can still take milliseconds; sixteen of them made
/// 60 ms blocks).
const WORK_UNITS: u64 = 1;
/// Rows of a command's stepped output (`Shell::print_step`) between two
/// looks at the wall clock.
const PRINT_ROWS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub seed: u64,
    /// The kind of cluster (`?profile=minikube`): how LoadBalancer Services
    /// are reached from the host.
    pub profile: Profile,
    /// Start with the clock paused (tests, screenshots).
    pub paused: bool,
    /// Show system namespaces in the topology.
    pub show_system: bool,
    /// Highlight hops instead of moving packets, whatever the browser's
    /// `prefers-reduced-motion` says.
    pub reduced_motion: bool,
    /// Large text in the topology (projectors).
    pub large_text: bool,
    /// `Some("light")`/`Some("dark")`, else the browser's preference.
    pub theme: Option<String>,
    /// Open the inspector on this object (after the script ran).
    pub inspect: Option<Target>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: 1,
            profile: Profile::DockerDesktop,
            paused: false,
            show_system: false,
            reduced_motion: false,
            large_text: false,
            theme: None,
            inspect: None,
        }
    }
}

/// Counters the components compare to know what to re-render.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rev {
    pub term: u64,
    pub tabs: u64,
    pub scene: u64,
    pub clock: u64,
    pub anim: u64,
    pub browser: u64,
    /// The inspector's selection or what it shows changed.
    pub inspect: u64,
}

/// What the upper side pane shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SideView {
    #[default]
    Manifests,
    Browser,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tab {
    pub name: String,
    pub text: String,
    /// The line an apply error points at, and the error.
    pub error: Option<(usize, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A line typed at the prompt (`$ ` or `> `).
    Input {
        prompt: String,
        text: String,
    },
    Out {
        stream: Stream,
        text: String,
    },
    /// A note from the terminal itself (welcome, ^C).
    Info(String),
}

/// One command and its output in the scrollback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub id: u64,
    pub lines: Vec<Line>,
}

impl Block {
    fn line_count(&self) -> usize {
        self.lines
            .iter()
            .map(|l| match l {
                Line::Out { text, .. } => text.lines().count().max(1),
                _ => 1,
            })
            .sum()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Term {
    pub blocks: Vec<Rc<Block>>,
    next_id: u64,
    history: Vec<String>,
    hist_pos: Option<usize>,
    hist_draft: String,
    /// The shell wants more lines (heredoc, open quote, trailing `\`).
    pub continuation: bool,
}

impl Term {
    fn new_block(&mut self, lines: Vec<Line>) {
        self.next_id += 1;
        self.blocks.push(Rc::new(Block {
            id: self.next_id,
            lines,
        }));
        self.trim();
    }

    fn push_line(&mut self, line: Line) {
        match self.blocks.last_mut() {
            Some(b) => Rc::make_mut(b).lines.push(line),
            None => self.new_block(vec![line]),
        }
    }

    /// Output that comes in pieces (a long `kubectl get`, frame after
    /// frame): each piece its own line of the block, so that what the
    /// page has drawn stays as it is.
    fn push_piece(&mut self, stream: Stream, text: &str) {
        if !text.is_empty() {
            self.push_line(Line::Out {
                stream,
                text: text.to_string(),
            });
        }
    }

    fn push_output(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(b) = self.blocks.last_mut() {
            if let Some(Line::Out { stream: s, text: t }) = Rc::make_mut(b).lines.last_mut() {
                if *s == stream {
                    t.push_str(text);
                    return;
                }
            }
        }
        self.push_line(Line::Out {
            stream,
            text: text.to_string(),
        });
    }

    fn trim(&mut self) {
        let mut total: usize = self.blocks.iter().map(|b| b.line_count()).sum();
        let mut drop = 0;
        while total > SCROLLBACK_LINES && drop + 1 < self.blocks.len() {
            total -= self.blocks[drop].line_count();
            drop += 1;
        }
        self.blocks.drain(..drop);
    }

    fn remember(&mut self, line: &str) {
        self.hist_pos = None;
        if line.trim().is_empty() || self.history.last().map(String::as_str) == Some(line) {
            return;
        }
        self.history.push(line.to_string());
    }

    /// Up: the previous history entry, keeping what was typed to come back to.
    pub fn history_prev(&mut self, current: &str) -> Option<String> {
        if self.history.is_empty() {
            return None;
        }
        let pos = match self.hist_pos {
            None => {
                self.hist_draft = current.to_string();
                self.history.len() - 1
            }
            Some(0) => 0,
            Some(p) => p - 1,
        };
        self.hist_pos = Some(pos);
        self.history.get(pos).cloned()
    }

    /// Down: the next history entry, or what was being typed.
    pub fn history_next(&mut self) -> Option<String> {
        let pos = self.hist_pos?;
        if pos + 1 < self.history.len() {
            self.hist_pos = Some(pos + 1);
            self.history.get(pos + 1).cloned()
        } else {
            self.hist_pos = None;
            Some(std::mem::take(&mut self.hist_draft))
        }
    }

    pub fn history(&self) -> &[String] {
        &self.history
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    pub playing: bool,
    pub speed: u32,
    /// Sim milliseconds owed to the cluster (below one step).
    carry: f64,
    /// Sim milliseconds of fast-forward still to run (a few steps a frame).
    pub fast_forward: i64,
    last_wall: Option<f64>,
}

/// The app state.
pub struct Model {
    shell: Shell,
    pub seed: u64,
    pub tabs: Vec<Tab>,
    pub active: usize,
    pub term: Term,
    pub clock: Clock,
    pub show_system: bool,
    pub reduced_motion: bool,
    pub side: SideView,
    pub browser: Browser,
    /// The address bar's text (what was typed, or the page's URL).
    pub address: String,
    memory: LayoutMemory,
    /// The topology pane's size in px (0 until measured): the layout
    /// picks its rows to fit it.
    viewport: (f64, f64),
    pub scene: Rc<Scene>,
    pub anim: Option<Rc<TraceAnim>>,
    /// The last request's hops stay listed until the next one.
    pub last_trace: Option<Rc<TraceAnim>>,
    /// Requests to animate, and whether the browser pane sent them.
    queue: VecDeque<(HttpOutcome, bool)>,
    /// The traces drained next come from the browser pane.
    browsing: bool,
    traces_seen: u64,
    /// The wall clock at the last frame (ms).
    pub wall_ms: f64,
    pub rev: Rev,
    /// Every state-changing input, for share links and reloads.
    pub log: crate::session::Log,
    /// The banner's message (a link opened, a session restored, ...).
    pub notice: Option<crate::session::Notice>,
    /// The drawn object the inspector shows, and what it shows.
    pub selected: Option<Target>,
    pub inspection: Option<Rc<Inspection>>,
    /// The store's resourceVersion the inspection was read at.
    inspected_rv: u64,
    /// The engine's "why" hints about the drawn objects (badges).
    pub hints: Rc<Vec<Hint>>,
    /// Only this namespace's objects are drawn (`None`: all shown ones).
    pub namespace_filter: Option<String>,
    pub large_text: bool,
    pub theme: Option<String>,
    /// The outside layer last drawn (it lives outside the store).
    outer: crate::snapshot::OuterInfo,
    /// The page runs engine work in steps between frames (`set_stepping`).
    stepping: bool,
    /// Lines typed while a command's work was still running, run in order
    /// once it is done.
    typed: VecDeque<String>,
}

impl Model {
    pub fn new(config: &Config) -> Model {
        let tabs: Vec<Tab> = BUNDLED_MANIFESTS
            .iter()
            .map(|(name, text)| Tab {
                name: name.to_string(),
                text: text.to_string(),
                error: None,
            })
            .collect();
        let mut shell = Shell::new(
            Cluster::new(config.profile, config.seed),
            Box::new(files_of(&tabs)),
        );
        // `kubectl edit` opens the object as a manifest tab.
        shell.set_edit_in_pane(true);
        let mut m = Model {
            shell,
            seed: config.seed,
            tabs,
            active: 0,
            term: Term::default(),
            clock: Clock {
                playing: !config.paused,
                speed: 1,
                carry: 0.0,
                fast_forward: 0,
                last_wall: None,
            },
            show_system: config.show_system,
            reduced_motion: config.reduced_motion,
            side: SideView::Manifests,
            browser: Browser::default(),
            address: String::new(),
            memory: LayoutMemory::default(),
            viewport: (0.0, 0.0),
            scene: Rc::new(Scene::default()),
            anim: None,
            last_trace: None,
            queue: VecDeque::new(),
            browsing: false,
            traces_seen: 0,
            wall_ms: 0.0,
            rev: Rev::default(),
            log: crate::session::Log::new(config.seed, config.profile),
            notice: None,
            selected: None,
            inspection: None,
            inspected_rv: 0,
            hints: Rc::new(Vec::new()),
            namespace_filter: None,
            large_text: config.large_text,
            theme: config.theme.clone(),
            outer: crate::snapshot::OuterInfo::default(),
            stepping: false,
            typed: VecDeque::new(),
        };
        m.term.new_block(vec![Line::Info(format!(
            "kubeplay: a simulated Kubernetes v1.32 cluster in this tab (seed {}).\n\
             Files: {}. Try `kubectl get nodes` or `kubectl apply -f nginx.yaml`.",
            config.seed,
            m.tabs
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))]);
        m.after_cluster_change(true);
        m.selected = config.inspect.clone();
        m.refresh_inspection(true);
        m
    }

    /// Large text on or off (projectors).
    /// The UI language changed: the drawing is laid out again (its boxes
    /// are sized to their words).
    pub fn language_changed(&mut self) {
        self.rev.inspect += 1;
        self.after_cluster_change(true);
    }

    pub fn set_large_text(&mut self, on: bool) {
        self.large_text = on;
        self.rev.inspect += 1;
        self.after_cluster_change(true);
    }

    /// The pane size the layout plans for: smaller in large-text mode, so
    /// the drawing is scaled up by [`LARGE_SCALE`] to fill the real pane.
    pub fn layout_pane(&self) -> (f64, f64) {
        let k = if self.large_text { LARGE_SCALE } else { 1.0 };
        (self.viewport.0 / k, self.viewport.1 / k)
    }

    /// `light`, `dark`, or `None` for the browser's preference.
    pub fn set_theme(&mut self, theme: Option<String>) {
        self.theme = theme;
        self.rev.inspect += 1;
    }

    pub fn cluster(&self) -> &Cluster {
        self.shell.cluster()
    }

    /// Simulated time since the cluster started, `HH:MM:SS`.
    pub fn elapsed(&self) -> String {
        let ms = self.cluster().now().0 - cluster::time::SIM_START.0;
        let s = ms.max(0) / 1000;
        format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    }

    // ---- terminal -------------------------------------------------------

    /// The page's mode: engine work (a command's settle, a `sleep`, the
    /// clock's steps) runs in slices of at most `WORK_SLICE_MS` per frame
    /// (`Cluster::work_step`) instead of blocking the page; lines typed
    /// meanwhile wait (`type_line`). Off for tests and replays: everything
    /// runs at once, with the same result.
    pub fn set_stepping(&mut self, on: bool) {
        self.stepping = on;
        self.shell.cluster_mut().set_stepping(on);
    }

    /// Whether `set_stepping` is on.
    pub fn is_stepping(&self) -> bool {
        self.stepping
    }

    /// True while a command's work runs between frames.
    pub fn is_busy(&self) -> bool {
        self.cluster().has_pending_work() || self.shell.is_printing() || !self.typed.is_empty()
    }

    /// Runs a command's output still being made in steps to its end at
    /// once: before anything else reads or changes the cluster, so what
    /// it prints never depends on the frames.
    /// Finishes what earlier lines left running between frames: their
    /// output, the lines typed meanwhile, the engine work; for input that
    /// must run now, with its output at once (scripts, lessons, a slide's
    /// `kubeplay:run` and `kubeplay:apply` messages).
    pub fn finish_work(&mut self) {
        self.finish_printing();
        while let Some(l) = self.typed.pop_front() {
            self.shell.cluster_mut().finish_pending();
            self.submit_line(&l);
            self.finish_printing();
        }
        self.shell.cluster_mut().finish_pending();
    }

    fn finish_printing(&mut self) {
        if !self.shell.is_printing() {
            return;
        }
        let (output, clear) = self.shell.finish_printing();
        self.show_pieces(&output, clear);
        self.end_of_printing();
    }

    /// Output handed out by the shell in pieces.
    fn show_pieces(&mut self, output: &kubectl::Output, clear: bool) {
        if clear {
            self.term.blocks.clear();
        }
        for (stream, text) in &output.chunks {
            self.term.push_piece(*stream, text);
        }
        self.rev.term += 1;
    }

    /// A command line whose output came in steps has ended: the prompt
    /// comes back and the drawing catches up with the rest of the line.
    fn end_of_printing(&mut self) {
        self.term.trim();
        self.open_edit_request();
        self.poll_watch();
        self.rev.term += 1;
        self.after_cluster_change(false);
    }

    /// Enter in the terminal: runs the line, or keeps it until the work of
    /// the commands before it is done (type-ahead).
    pub fn type_line(&mut self, line: &str) {
        if self.is_busy() {
            self.typed.push_back(line.to_string());
            self.rev.term += 1;
            return;
        }
        self.submit_line(line);
        // A small command's work is done at once, as before; a large one's
        // goes on in the next frames.
        self.run_work(wall_now());
    }

    /// Enter: one physical line of input, its work done before this
    /// returns (scripts, lessons, tests).
    pub fn submit(&mut self, line: &str) {
        self.finish_work();
        self.submit_line(line);
        self.finish_printing();
        if self.shell.cluster().has_pending_work() {
            self.shell.cluster_mut().finish_pending();
            self.poll_watch();
            self.after_cluster_change(false);
        }
    }

    /// Runs one physical line; when stepping, its work may be left
    /// pending for the next frames.
    fn submit_line(&mut self, line: &str) {
        self.sync_files();
        self.record_files();
        if self.feed_echoed(line) {
            self.open_edit_request();
        }
        self.term.trim();
        self.rev.term += 1;
        self.after_cluster_change(false);
    }

    /// Logs, echoes and feeds one physical line; true when it completed a
    /// command (its output shown), false when the command goes on (`> `).
    /// The caller syncs the files before, trims and notifies after.
    fn feed_echoed(&mut self, line: &str) -> bool {
        self.shell.cluster_mut().set_stepping(self.stepping);
        self.log.line(self.sim_ms(), line);
        // The prompt the line was typed at (not hidden by type-ahead).
        let prompt = if self.shell.is_watching() {
            String::new()
        } else {
            self.shell.prompt().to_string()
        };
        let input = Line::Input {
            prompt,
            text: line.to_string(),
        };
        if self.term.continuation {
            self.term.push_line(input);
        } else {
            self.term.remember(line);
            self.term.new_block(vec![input]);
        }
        match self.shell.feed_line(line) {
            Feed::More => {
                self.term.continuation = true;
                false
            }
            Feed::Ran { output, clear } => {
                self.term.continuation = false;
                if clear {
                    self.term.blocks.clear();
                }
                for (stream, text) in &output.chunks {
                    self.term.push_output(*stream, text);
                }
                true
            }
        }
    }

    /// Ctrl+D on an empty line: in a container's shell (`kubectl exec -it`,
    /// `kubectl run -it`) the end of input ends the shell as `exit` does
    /// (bash says `exit`). Returns false, doing nothing, elsewhere.
    pub fn end_of_input(&mut self) -> bool {
        if self.shell.session().is_none() || self.term.continuation {
            return false;
        }
        self.finish_printing();
        self.log.line(self.sim_ms(), "exit");
        let prompt = self.prompt();
        self.term.new_block(vec![Line::Input {
            prompt,
            text: String::new(),
        }]);
        if let Feed::Ran { output, .. } = self.shell.feed_line("exit") {
            for (stream, text) in &output.chunks {
                self.term.push_output(*stream, text);
            }
        }
        self.term.trim();
        self.rev.term += 1;
        self.after_cluster_change(false);
        true
    }

    /// `kubectl edit`: the object's YAML becomes the active tab (replacing
    /// a tab of the same name), shown in the side pane; Apply sends it back.
    fn open_edit_request(&mut self) {
        let Some((name, text)) = self.shell.take_edit_request() else {
            return;
        };
        match self.tabs.iter().position(|t| t.name == name) {
            Some(i) => {
                self.tabs[i].text = text;
                self.tabs[i].error = None;
                self.active = i;
            }
            None => {
                self.tabs.push(Tab {
                    name,
                    text,
                    error: None,
                });
                self.active = self.tabs.len() - 1;
            }
        }
        self.side = SideView::Manifests;
        self.rev.tabs += 1;
        self.sync_files();
    }

    /// A paste into the input: every complete line runs, the rest is left
    /// in the input (returned). `before` and `after` are the input's text
    /// around the selection the paste replaces.
    pub fn paste(&mut self, before: &str, pasted: &str, after: &str) -> String {
        let all = format!("{before}{pasted}{after}")
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let mut lines: Vec<&str> = all.split('\n').collect();
        let rest = lines.pop().unwrap_or("").to_string();
        // The lines run as typed ones would (`type_line`), each logged and
        // echoed, but as one submission: the files are synced before each
        // command rather than each line (no command runs inside a heredoc
        // to change them), and the terminal is trimmed and the scene told
        // once per command, not once per line of its heredoc.
        let mut fed = false;
        for l in lines {
            if self.is_busy() {
                self.typed.push_back(l.to_string());
                self.rev.term += 1;
                continue;
            }
            if !self.term.continuation {
                self.sync_files();
                self.record_files();
            }
            fed = true;
            if self.feed_echoed(l) {
                self.open_edit_request();
                self.term.trim();
                self.after_cluster_change(false);
                self.run_work(wall_now());
            }
        }
        if fed {
            self.term.trim();
            self.rev.term += 1;
        }
        rest
    }

    /// The prompt for the next line: the shell's (`$ `, `> ` inside a
    /// command, a container's `/ # `), nothing while a watch streams.
    pub fn prompt(&self) -> String {
        if self.shell.is_watching() || self.is_busy() {
            String::new()
        } else {
            self.shell.prompt().to_string()
        }
    }

    /// True while `get -w` or `logs -f` streams into the terminal.
    pub fn is_watching(&self) -> bool {
        self.shell.is_watching()
    }

    /// Appends what a running watch printed since the last call.
    fn poll_watch(&mut self) {
        if !self.shell.is_watching() {
            return;
        }
        let output = self.shell.poll_watch();
        if output.chunks.is_empty() {
            return;
        }
        for (stream, text) in &output.chunks {
            self.term.push_output(*stream, text);
        }
        self.term.trim();
        self.rev.term += 1;
    }

    /// Ctrl+C: stop a running watch, or abandon the line being typed.
    pub fn interrupt(&mut self, draft: &str) {
        // Output being made in steps ends first (as a replay prints it).
        self.finish_printing();
        self.log.interrupt(self.sim_ms());
        if self.is_busy() && !self.shell.is_watching() {
            // The running command's work goes on (its result is what a
            // replay gets); the lines typed after it are dropped.
            self.typed.clear();
            self.term.push_line(Line::Info(format!("{draft}^C")));
            self.rev.term += 1;
            return;
        }
        if self.shell.is_watching() {
            self.poll_watch();
            self.shell.cancel_watch();
            self.term.push_line(Line::Info("^C".to_string()));
            self.rev.term += 1;
            return;
        }
        let prompt = self.prompt();
        let line = Line::Input {
            prompt,
            text: format!("{draft}^C"),
        };
        if self.term.continuation {
            self.term.push_line(line);
        } else {
            self.term.new_block(vec![line]);
        }
        self.shell.cancel_pending();
        self.term.continuation = false;
        self.term.hist_pos = None;
        self.rev.term += 1;
    }

    /// Tab: completes the last word of `line` with the shell's candidates.
    /// Returns the new input when it changes; several candidates with
    /// nothing in common to add are listed in the terminal instead.
    pub fn complete(&mut self, line: &str) -> Option<String> {
        self.sync_files();
        let candidates = self.shell.completions(line);
        let start = line.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
        let (head, word) = line.split_at(start);
        match candidates.as_slice() {
            [] => None,
            [only] => {
                let space = if only.ends_with('/') || only.ends_with('=') {
                    ""
                } else {
                    " "
                };
                Some(format!("{head}{only}{space}"))
            }
            many => {
                let common = common_prefix(many);
                if common.len() > word.len() && common.starts_with(word) {
                    return Some(format!("{head}{common}"));
                }
                let prompt = self.prompt();
                self.term.new_block(vec![
                    Line::Input {
                        prompt,
                        text: line.to_string(),
                    },
                    Line::Info(many.join("  ")),
                ]);
                self.rev.term += 1;
                None
            }
        }
    }

    /// Ctrl+L: clear the scrollback.
    pub fn clear_screen(&mut self) {
        self.term.blocks.clear();
        self.rev.term += 1;
    }

    /// Runs a script line by line as if typed. `{clusterip:NS/NAME}` in a
    /// line becomes that Service's cluster IP at the time the line runs.
    pub fn run_script(&mut self, script: &str) {
        for line in script.lines() {
            let line = self.expand(line);
            self.submit(&line);
        }
    }

    fn expand(&self, line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some(start) = rest.find("{clusterip:") {
            out.push_str(&rest[..start]);
            let after = &rest[start + "{clusterip:".len()..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return out;
            };
            let (ns, name) = after[..end]
                .split_once('/')
                .unwrap_or(("default", &after[..end]));
            let snap = Snapshot::from_store(self.cluster().store());
            out.push_str(snap.cluster_ip(ns, name).unwrap_or("<none>"));
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    // ---- browser --------------------------------------------------------

    pub fn set_side(&mut self, side: SideView) {
        if self.side != side {
            self.side = side;
            self.rev.browser += 1;
            self.rev.tabs += 1;
        }
    }

    /// The browser pane loads `address` from the user's machine (the
    /// request animates in the topology like a host `curl`). `proceed`
    /// accepts the host's untrusted certificate first.
    pub fn browse(&mut self, address: &str, proceed: bool) {
        let address = if proceed && address.trim().is_empty() {
            self.browser
                .page
                .as_ref()
                .map(|p| p.url().to_string())
                .unwrap_or_default()
        } else {
            address.to_string()
        };
        if address.trim().is_empty() {
            return;
        }
        self.finish_printing();
        self.log.browse(self.sim_ms(), &address, proceed);
        let cluster = self.shell.cluster_mut();
        let page = self
            .browser
            .navigate(&address, proceed, &mut |r| cluster.http(r));
        self.address = page.url().to_string();
        self.side = SideView::Browser;
        self.rev.browser += 1;
        self.rev.tabs += 1;
        self.browsing = true;
        self.after_cluster_change(false);
        self.browsing = false;
    }

    /// "Proceed to HOST (unsafe)" on the certificate warning.
    pub fn proceed_unsafe(&mut self) {
        if let Some(Page::CertWarning { url, .. }) = &self.browser.page {
            let url = url.clone();
            self.browse(&url, true);
        }
    }

    /// The page shown, if any.
    pub fn page(&self) -> Option<&Page> {
        self.browser.page.as_ref()
    }

    // ---- manifests ------------------------------------------------------

    fn sync_files(&mut self) {
        self.shell.set_files(Box::new(files_of(&self.tabs)));
    }

    // ---- session (see crate::session) -----------------------------------

    /// Simulated ms since the cluster started.
    fn sim_ms(&self) -> i64 {
        crate::session::elapsed_ms(self)
    }

    /// Logs the tab texts a command is about to see.
    fn record_files(&mut self) {
        let at = self.sim_ms();
        self.log.sync_files(
            at,
            self.tabs.iter().map(|t| (t.name.as_str(), t.text.as_str())),
        );
    }

    /// After a replay: nothing left to animate, nothing queued.
    pub fn finish_replay(&mut self) {
        self.queue.clear();
        self.anim = None;
        self.last_trace = None;
        self.clock.fast_forward = 0;
        self.after_cluster_change(true);
        self.rev.anim += 1;
    }

    /// Moves every revision counter past `old`'s, so components showing a
    /// model this one replaces re-render.
    pub fn bump_revisions(&mut self, old: &Rev) {
        let r = &mut self.rev;
        r.term += old.term + 1;
        r.tabs += old.tabs + 1;
        r.scene += old.scene + 1;
        r.clock += old.clock + 1;
        r.anim += old.anim + 1;
        r.browser += old.browser + 1;
    }

    pub fn select_tab(&mut self, i: usize) {
        if i < self.tabs.len() {
            self.active = i;
            self.rev.tabs += 1;
        }
    }

    pub fn edit(&mut self, text: String) {
        if let Some(t) = self.tabs.get_mut(self.active) {
            t.text = text;
            t.error = None;
            self.rev.tabs += 1;
        }
    }

    pub fn new_tab(&mut self) {
        let mut n = 1;
        let name = loop {
            let candidate = if n == 1 {
                "untitled.yaml".to_string()
            } else {
                format!("untitled-{n}.yaml")
            };
            if !self.tabs.iter().any(|t| t.name == candidate) {
                break candidate;
            }
            n += 1;
        };
        self.tabs.push(Tab {
            name,
            text: String::new(),
            error: None,
        });
        self.active = self.tabs.len() - 1;
        self.rev.tabs += 1;
    }

    pub fn close_tab(&mut self, i: usize) {
        if i < self.tabs.len() {
            self.tabs.remove(i);
            if self.active >= self.tabs.len() {
                self.active = self.tabs.len().saturating_sub(1);
            } else if self.active > i {
                self.active -= 1;
            }
            self.rev.tabs += 1;
        }
    }

    /// Renames a tab; the name must be a plain file name, unique.
    pub fn rename_tab(&mut self, i: usize, name: &str) -> Result<(), String> {
        let name = name.trim();
        let ok_chars = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if name.is_empty() || name.len() > 64 || !ok_chars || name.starts_with('.') {
            return Err(crate::i18n::t("editor.name_rule").to_string());
        }
        if self
            .tabs
            .iter()
            .enumerate()
            .any(|(j, t)| j != i && t.name == name)
        {
            return Err(crate::i18n::fill(
                crate::i18n::t("editor.name_taken"),
                &[name],
            ));
        }
        let t = self.tabs.get_mut(i).ok_or("no such tab")?;
        t.name = name.to_string();
        self.rev.tabs += 1;
        Ok(())
    }

    /// Apply: `kubectl apply -f <tab>` through the shell, shown in the
    /// terminal; an error naming a line marks that line in the editor.
    pub fn apply_active(&mut self) {
        let Some(tab) = self.tabs.get(self.active) else {
            return;
        };
        let name = tab.name.clone();
        self.finish_printing();
        self.sync_files();
        self.record_files();
        self.log.apply(self.sim_ms(), &name);
        let command = format!("kubectl apply -f {name}");
        self.term.remember(&command);
        self.term.new_block(vec![Line::Input {
            prompt: self.prompt(),
            text: command.clone(),
        }]);
        let output = self.shell.run(&command);
        for (stream, text) in &output.chunks {
            self.term.push_output(*stream, text);
        }
        let error = (output.exit_code != 0).then(|| {
            let text = output.stderr();
            let first = text.lines().next().unwrap_or("").to_string();
            (error_line(&text).unwrap_or(0), first)
        });
        if let Some(t) = self.tabs.get_mut(self.active) {
            t.error = error;
        }
        self.rev.term += 1;
        self.rev.tabs += 1;
        self.after_cluster_change(false);
    }

    // ---- lessons (the guide in crate::guide drives these) --------------

    /// Evaluates a lesson step's full check through the shell, `http` and
    /// `command` conditions included. `None` while the shell is busy with
    /// the user's own work (a container shell, a watch, a half-typed
    /// command), which a check's command would disturb. The requests a
    /// check sends are not animated.
    pub fn check_step(&mut self, step: &lessons::Step) -> Option<lessons::CheckResult> {
        if self.shell.session().is_some()
            || self.shell.is_watching()
            || self.term.continuation
            || self.shell.is_printing()
        {
            return None;
        }
        // What the user did so far still animates.
        self.after_cluster_change(false);
        // A check leaves the cluster and the shell as they were (probes),
        // so it needs no place in the session log.
        Some(step.check(&mut self.shell))
    }

    /// Opens a lesson's file in the editor: a tab of that name is added,
    /// or replaced when `replace` (else kept as the user edited it), and
    /// selected when `select`.
    pub fn open_file(&mut self, name: &str, text: &str, replace: bool, select: bool) {
        let i = match self.tabs.iter().position(|t| t.name == name) {
            Some(i) => {
                if replace {
                    self.tabs[i].text = text.to_string();
                    self.tabs[i].error = None;
                }
                i
            }
            None => {
                self.tabs.push(Tab {
                    name: name.to_string(),
                    text: text.to_string(),
                    error: None,
                });
                self.tabs.len() - 1
            }
        };
        if select {
            self.active = i;
            self.set_side(SideView::Manifests);
        }
        self.rev.tabs += 1;
    }

    // ---- clock and topology --------------------------------------------

    pub fn set_playing(&mut self, playing: bool) {
        self.clock.playing = playing;
        self.clock.carry = 0.0;
        self.rev.clock += 1;
    }

    pub fn set_speed(&mut self, speed: u32) {
        self.clock.speed = speed.clamp(1, 3600);
        self.rev.clock += 1;
    }

    pub fn set_show_system(&mut self, show: bool) {
        self.show_system = show;
        self.after_cluster_change(true);
    }

    /// Shows `target` in the inspector (`None` closes it).
    pub fn select(&mut self, target: Option<Target>) {
        if self.selected != target {
            self.selected = target;
            self.refresh_inspection(true);
        }
    }

    /// Draws only `ns`'s objects (`None`: every namespace shown).
    pub fn set_namespace_filter(&mut self, ns: Option<String>) {
        if self.namespace_filter != ns {
            self.namespace_filter = ns;
            self.rev.inspect += 1;
            self.after_cluster_change(true);
        }
    }

    /// The namespaces the filter offers: every namespace, system ones
    /// only while they are shown.
    pub fn namespaces(&self) -> Vec<String> {
        self.cluster()
            .store()
            .list("namespaces", None)
            .into_iter()
            .map(|n| cluster::name_of(n).to_string())
            .filter(|n| {
                self.show_system || !crate::snapshot::SYSTEM_NAMESPACES.contains(&n.as_str())
            })
            .collect()
    }

    /// Re-reads the inspected object when the store moved (or `force`).
    fn refresh_inspection(&mut self, force: bool) {
        let rv = self.cluster().store().resource_version();
        if !force && rv == self.inspected_rv {
            return;
        }
        self.inspected_rv = rv;
        let next = self
            .selected
            .as_ref()
            .and_then(|t| inspect::inspect(self.cluster(), t))
            .map(Rc::new);
        if next.as_deref() != self.inspection.as_deref() || force {
            self.inspection = next;
            self.rev.inspect += 1;
        }
    }

    /// The topology pane's size in px: nodes wrap into rows to fit it.
    pub fn set_viewport(&mut self, width: f64, height: f64) {
        let v = (width.round(), height.round());
        if v != self.viewport {
            self.viewport = v;
            self.after_cluster_change(true);
        }
    }

    /// Moves the simulated clock directly (tests, scripts).
    pub fn advance(&mut self, ms: i64) {
        self.finish_printing();
        self.log.advance(ms);
        self.shell.cluster_mut().advance(ms);
        self.rev.clock += 1;
        self.poll_watch();
        self.after_cluster_change(false);
    }

    /// `times` advances of `ms` (a session replay), then one watch poll
    /// and one redraw, as a fast-forward frame does.
    pub fn advance_many(&mut self, ms: i64, times: u32) {
        self.finish_printing();
        for _ in 0..times {
            self.log.advance(ms);
            self.shell.cluster_mut().advance(ms);
        }
        self.rev.clock += 1;
        self.poll_watch();
        self.after_cluster_change(false);
    }

    /// Queues `ms` of simulated time, run over the next frames in steps
    /// (`run_fast_forward`) so the page never blocks for long.
    pub fn fast_forward(&mut self, ms: i64) {
        self.clock.fast_forward += ms.max(0);
        self.rev.clock += 1;
    }

    /// Runs steps of the queued fast-forward for up to `FF_BUDGET_MS` of
    /// wall time (and `FF_STEPS_PER_FRAME` steps).
    fn run_fast_forward(&mut self) {
        if self.clock.fast_forward <= 0 {
            return;
        }
        let start = wall_now();
        for _ in 0..FF_STEPS_PER_FRAME {
            let step = self.clock.fast_forward.min(FF_STEP_MS);
            if step <= 0 {
                break;
            }
            self.log.advance(step);
            self.shell.cluster_mut().advance_stepped(step);
            self.clock.fast_forward -= step;
            // A busy minute goes on in the next frames.
            if self.run_work(start) || wall_now() - start >= FF_BUDGET_MS {
                break;
            }
        }
        self.rev.clock += 1;
        self.poll_watch();
        self.after_cluster_change(false);
    }

    /// One animation frame at wall time `now_ms`. Returns true when
    /// something visible changed.
    pub fn frame(&mut self, now_ms: f64) -> bool {
        let before = self.rev;
        let start = wall_now();
        if self.run_work(start) {
            // The clock waits for the command's work.
            self.clock.last_wall = Some(self.clock.last_wall.unwrap_or(now_ms).max(now_ms));
            self.wall_ms = self.wall_ms.max(now_ms);
            self.step_animation(now_ms);
            return self.rev != before;
        }
        if !self.run_typed(start) {
            self.clock.last_wall = Some(self.clock.last_wall.unwrap_or(now_ms).max(now_ms));
            self.wall_ms = self.wall_ms.max(now_ms);
            self.step_animation(now_ms);
            return self.rev != before;
        }
        self.run_fast_forward();
        // Two drivers call this (animation frames and a timer) with slightly
        // different timestamps: time only counts forward.
        let last = self.clock.last_wall.unwrap_or(now_ms);
        let dt = (now_ms - last).clamp(0.0, 250.0);
        self.clock.last_wall = Some(last.max(now_ms));
        self.wall_ms = self.wall_ms.max(now_ms);
        // A fast-forward's busy minute left work pending: the clock waits.
        if self.clock.playing && !self.cluster().has_pending_work() {
            self.clock.carry += dt * self.clock.speed as f64;
            if self.clock.carry >= MIN_STEP_MS {
                // Whole steps only, so a session log records runs of
                // equal advances (the rest carries over).
                let step = (self.clock.carry / MIN_STEP_MS).floor() * MIN_STEP_MS;
                self.clock.carry -= step;
                let shown = self.elapsed();
                self.log.advance(step as i64);
                self.shell.cluster_mut().advance_stepped(step as i64);
                if self.run_work(start) {
                    self.rev.clock += 1;
                } else {
                    if self.elapsed() != shown {
                        self.rev.clock += 1;
                    }
                    self.poll_watch();
                    self.after_cluster_change(false);
                }
            }
        }
        self.step_animation(now_ms);
        self.rev != before
    }

    /// Runs pending work until `WORK_SLICE_MS` after `start`: a
    /// command's output made in steps (`Shell::print_step`, shown piece
    /// by piece), then engine work. Returns true while work remains; when
    /// it is done, the terminal shows its prompt again and the drawing
    /// catches up.
    fn run_work(&mut self, start: f64) -> bool {
        if self.shell.is_printing() {
            // The slice's output is one piece: the block is copied once
            // per frame, not once per step.
            let mut piece = kubectl::Output::default();
            let mut cleared = false;
            let mut done = false;
            while !done && wall_now() - start < WORK_SLICE_MS {
                let (output, clear, d) = self.shell.print_step(PRINT_ROWS);
                if clear {
                    piece.chunks.clear();
                    cleared = true;
                }
                for (stream, text) in output.chunks {
                    match piece.chunks.last_mut() {
                        Some((s, t)) if *s == stream => t.push_str(&text),
                        _ => piece.chunks.push((stream, text)),
                    }
                }
                done = d;
            }
            self.show_pieces(&piece, cleared);
            if !done {
                return true;
            }
            self.end_of_printing();
        }
        if !self.cluster().has_pending_work() {
            return false;
        }
        // A step is not started when the slice's longest step so far would
        // no longer fit in what is left of it: the frame ends near the
        // slice, not a whole step past it.
        let mut more = true;
        let mut longest: f64 = 0.0;
        while more && wall_now() - start + longest < WORK_SLICE_MS {
            let t = wall_now();
            more = self.shell.cluster_mut().work_step(WORK_UNITS);
            longest = longest.max(wall_now() - t);
        }
        self.rev.clock += 1;
        if !more {
            self.poll_watch();
            self.rev.term += 1;
            self.after_cluster_change(false);
        }
        more
    }

    /// Runs the lines typed while work ran, until one leaves work pending
    /// or the frame's slice is spent. Returns true when none is left.
    fn run_typed(&mut self, start: f64) -> bool {
        while let Some(line) = self.typed.pop_front() {
            self.submit_line(&line);
            if self.run_work(start) || wall_now() - start >= WORK_SLICE_MS {
                break;
            }
        }
        self.rev.term += u64::from(!self.typed.is_empty());
        self.typed.is_empty() && !self.cluster().has_pending_work()
    }

    fn step_animation(&mut self, now_ms: f64) {
        if let Some(a) = &self.anim {
            // The next request cuts the outcome's hold short.
            let end = if self.queue.is_empty() {
                a.end_ms()
            } else {
                a.arrive_ms() + anim::SHORT_HOLD_MS
            };
            if now_ms >= end {
                self.anim = None;
                self.rev.anim += 1;
            }
        }
        if self.anim.is_none() {
            if let Some((outcome, from_browser)) = self.queue.pop_front() {
                self.traces_seen += 1;
                let mut a = TraceAnim::new(
                    self.traces_seen,
                    &outcome,
                    &self.scene,
                    now_ms,
                    anim::hop_ms(self.clock.speed),
                );
                // The browser says what failed in its own words.
                if let (true, Err(e)) = (from_browser, &outcome.result) {
                    a.summary = format!("browser: {}", browser::error_code(e));
                }
                let a = Rc::new(a);
                self.last_trace = Some(a.clone());
                self.anim = Some(a);
            }
        }
        if self.anim.is_some() {
            self.rev.anim += 1;
        }
    }

    /// Drains the cluster's changes and traces; rebuilds the scene when
    /// something changed (or when `force`).
    fn after_cluster_change(&mut self, force: bool) {
        let cluster = self.shell.cluster_mut();
        let changed = cluster
            .drain_changes()
            .iter()
            .any(|c| DRAWN_RESOURCES.contains(&c.resource))
            || cluster.take_changes_lost();
        let traces = cluster.drain_traces();
        let outer = crate::snapshot::OuterInfo::of(self.shell.cluster());
        let outer_changed = outer != self.outer;
        self.outer = outer;
        if changed || force || outer_changed {
            let mut full = Snapshot::from_store(self.shell.cluster().store());
            full.outer = self.outer.clone();
            let dns_ip = full
                .cluster_ip("kube-system", "kube-dns")
                .unwrap_or("")
                .to_string();
            let snap = if self.show_system {
                full
            } else {
                full.without_system()
            };
            let snap = match &self.namespace_filter {
                Some(ns) => snap.in_namespace(ns),
                None => snap,
            };
            let shown = |h: &Hint| {
                (self.show_system || !crate::snapshot::is_system(&h.namespace, h.kind, &h.name))
                    && self
                        .namespace_filter
                        .as_ref()
                        .is_none_or(|ns| *ns == h.namespace)
            };
            let hints: Vec<Hint> = cluster::hints::all(self.shell.cluster().store())
                .into_iter()
                .filter(shown)
                .collect();
            if *self.hints != hints {
                self.hints = Rc::new(hints);
                self.rev.scene += 1;
            }
            let pane = self.layout_pane();
            let mut scene = layout_for_pane(&snap, &mut self.memory, pane);
            scene.dns.ip = dns_ip;
            if *self.scene != scene {
                self.scene = Rc::new(scene);
                self.rev.scene += 1;
            }
        }
        if self.selected.is_some() {
            self.refresh_inspection(false);
        }
        for t in traces {
            if self.queue.len() == TRACE_QUEUE {
                self.queue.pop_front();
            }
            self.queue.push_back((t, self.browsing));
        }
    }
}

fn files_of(tabs: &[Tab]) -> MemFiles {
    MemFiles {
        files: cluster::sort::map(tabs.iter().map(|t| (t.name.clone(), t.text.clone()))),
    }
}

/// The longest prefix all the words share (whole characters).
fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .find(|((_, a), b)| a != b)
            .map(|((i, _), _)| i)
            .unwrap_or(end.min(w.len()))
            .min(end);
    }
    first[..end].to_string()
}

/// The line number an error message points at (`line 3`, `line 3:`).
pub fn error_line(text: &str) -> Option<usize> {
    let at = text.find("line ")?;
    let digits: String = text[at + 5..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        Model::new(&Config {
            seed: 7,
            paused: true,
            ..Config::default()
        })
    }

    fn texts(m: &Model) -> Vec<String> {
        m.term
            .blocks
            .iter()
            .flat_map(|b| b.lines.iter())
            .map(|l| match l {
                Line::Input { prompt, text } => format!("{prompt}{text}"),
                Line::Out { text, .. } => text.clone(),
                Line::Info(t) => t.clone(),
            })
            .collect()
    }

    #[test]
    fn starts_with_the_course_manifests() {
        let m = model();
        let names: Vec<&str> = m.tabs.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["nginx.yaml", "curlpod.yaml", "nginx-np.yaml"]);
        assert!(m.tabs[0].text.contains("image: nginx:stable"));
        assert!(m.tabs[1].text.contains("curlimages/curl:7.86.0"));
        assert!(m.tabs[2].text.contains("nodePort: 31045"));
        assert!(texts(&m)[0].contains("seed 7"));
        assert_eq!(m.elapsed(), "00:00:00");
    }

    #[test]
    fn lines_are_echoed_with_their_output() {
        let mut m = model();
        let rev = m.rev.term;
        m.submit("kubectl get pods");
        assert!(m.rev.term > rev);
        let t = texts(&m);
        assert!(t.contains(&"$ kubectl get pods".to_string()), "{t:?}");
        // Whatever the shell answered comes right after the command.
        let b = m.term.blocks.last().unwrap();
        assert!(matches!(b.lines[0], Line::Input { .. }));
    }

    #[test]
    fn kubectl_edit_opens_the_object_as_the_active_tab() {
        let mut m = Model::new(&Config::default());
        m.submit("kubectl create deployment web --image=nginx:1.25");
        m.submit("kubectl edit deployment web");
        let tab = &m.tabs[m.active];
        assert_eq!(tab.name, "edit-deployment-web.yaml");
        assert!(tab.text.starts_with("# Please edit the object below."));
        assert!(tab.text.contains("kind: Deployment\n"));
        assert!(tab.text.contains("  name: web\n"));
        assert_eq!(m.side, SideView::Manifests);
        // Apply sends the edited object back.
        let edited = tab.text.replace("replicas: 1", "replicas: 3");
        m.edit(edited);
        m.apply_active();
        m.submit("kubectl get deployment web -o jsonpath='{.spec.replicas}'");
        let out = m
            .term
            .blocks
            .last()
            .map(|b| format!("{:?}", b.lines))
            .unwrap_or_default();
        assert!(out.contains("text: \"3\""), "{out}");
    }

    #[test]
    fn history_walks_up_and_down_and_restores_the_draft() {
        let mut m = model();
        m.submit("one");
        m.submit("two");
        m.submit("two");
        m.submit("   ");
        assert_eq!(m.term.history(), ["one", "two"]);
        assert_eq!(m.term.history_prev("draft").as_deref(), Some("two"));
        assert_eq!(m.term.history_prev("two").as_deref(), Some("one"));
        assert_eq!(m.term.history_prev("one").as_deref(), Some("one"));
        assert_eq!(m.term.history_next().as_deref(), Some("two"));
        assert_eq!(m.term.history_next().as_deref(), Some("draft"));
        assert_eq!(m.term.history_next(), None);
    }

    #[test]
    fn paste_runs_complete_lines_and_keeps_the_rest() {
        let mut m = model();
        let rest = m.paste(
            "kubectl ",
            "get pods\r\nkubectl get svc\nkubectl g",
            "et no",
        );
        assert_eq!(rest, "kubectl get no");
        let t = texts(&m);
        assert!(t.contains(&"$ kubectl get pods".to_string()));
        assert!(t.contains(&"$ kubectl get svc".to_string()));
        assert_eq!(m.paste("", "echo hi\n", ""), "");
    }

    #[test]
    fn a_paste_shows_and_logs_what_typing_its_lines_does() {
        let pasted = "kubectl create -f - <<EOF\napiVersion: v1\nkind: ConfigMap\n\
                      metadata:\n  name: big\ndata:\n  a: \"1\"\nEOF\n\
                      kubectl get cm big -o jsonpath='{.data.a}'\necho 'two\nlines'\n\
                      kubectl get cm nope\nkubectl create -f - <<EOF\nnot yaml: [\nEOF\n\
                      kubectl get c";
        let mut typed = model();
        let mut lines: Vec<&str> = pasted.split('\n').collect();
        let rest = lines.pop().unwrap_or("");
        for l in lines {
            typed.type_line(l);
        }
        let mut pasted_into = model();
        assert_eq!(pasted_into.paste("", pasted, ""), rest);
        assert_eq!(texts(&pasted_into), texts(&typed));
        let shown = texts(&typed).join("\n");
        assert!(shown.contains("configmap/big created\n"), "{shown}");
        assert!(shown.contains("\n1\n"), "{shown}");
        assert!(shown.contains("configmaps \"nope\" not found"), "{shown}");
        assert_eq!(pasted_into.log, typed.log);
        assert_eq!(pasted_into.term.history(), typed.term.history());
        assert_eq!(pasted_into.prompt(), "$ ");
    }

    #[test]
    fn a_paste_stepped_between_frames_ends_as_one_run_at_once() {
        let pasted = "kubectl create deployment big --image=nginx --replicas=300\n\
                      kubectl get deploy big -o jsonpath='{.spec.replicas}'\n\
                      kubectl get deploy nope\n";
        let mut stepped = model();
        stepped.set_stepping(true);
        assert_eq!(stepped.paste("", pasted, ""), "");
        let mut frames = 0;
        while stepped.is_busy() && frames < 100_000 {
            stepped.frame(16.0 * f64::from(frames));
            frames += 1;
        }
        assert!(!stepped.is_busy());
        let mut whole = model();
        assert_eq!(whole.paste("", pasted, ""), "");
        let shown = texts(&whole).join("\n");
        assert!(shown.contains("\n300\n"), "{shown}");
        assert_eq!(texts(&stepped), texts(&whole));
        assert_eq!(stepped.log, whole.log);
    }

    /// Each block's lines as one text (output handed out in pieces joined).
    fn block_texts(m: &Model) -> Vec<String> {
        m.term
            .blocks
            .iter()
            .map(|b| {
                b.lines
                    .iter()
                    .map(|l| match l {
                        Line::Input { prompt, text } => format!("{prompt}{text}\n"),
                        Line::Out { text, .. } => text.clone(),
                        Line::Info(t) => format!("{t}\n"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_long_get_prints_in_pieces_between_frames_as_at_once() {
        let mut stepped = model();
        stepped.set_stepping(true);
        let mut whole = model();
        for m in [&mut stepped, &mut whole] {
            m.submit("kubectl create deployment big --image=nginx --replicas=700");
            m.submit("sleep 2");
        }
        // The command makes its first 500 rows; the rest come in the
        // frames (the first 35 ms slice right after Enter).
        stepped.type_line("kubectl get pods -A -o wide");
        // Typed ahead (while the table prints, it waits).
        stepped.type_line("kubectl get pods -A | wc -l");
        let mut frames = 0;
        while stepped.is_busy() && frames < 100_000 {
            stepped.frame(16.0 * f64::from(frames));
            frames += 1;
        }
        assert!(!stepped.is_busy());
        let pieces = stepped
            .term
            .blocks
            .iter()
            .rev()
            .nth(1)
            .map_or(0, |b| b.lines.len());
        assert!(pieces >= 2, "the table came in {pieces} lines");
        whole.submit("kubectl get pods -A -o wide");
        whole.submit("kubectl get pods -A | wc -l");
        let shown = block_texts(&whole);
        assert!(
            shown.last().is_some_and(|t| t.contains("| wc -l\n7")),
            "{:?}",
            shown.last()
        );
        assert_eq!(block_texts(&stepped), shown);
        assert_eq!(stepped.log, whole.log);
        assert_eq!(stepped.prompt(), "$ ");
    }

    #[test]
    fn ctrl_c_and_ctrl_l() {
        let mut m = model();
        m.interrupt("kubectl get po");
        assert_eq!(texts(&m).last().unwrap(), "$ kubectl get po^C");
        assert!(m.term.history().is_empty());
        m.clear_screen();
        assert!(m.term.blocks.is_empty());
    }

    #[test]
    fn ctrl_d_ends_a_container_shell_only() {
        let mut m = model();
        assert!(!m.end_of_input());
        m.submit("kubectl run -it bb --image=busybox:1.28 --restart=Never -- sh");
        assert_eq!(m.prompt(), "/ # ");
        assert!(m.end_of_input());
        assert_eq!(m.prompt(), "$ ");
        assert_eq!(texts(&m).last().unwrap(), "/ # ");
        m.submit("kubectl get pod bb -o jsonpath={.status.phase}");
        assert_eq!(texts(&m).last().unwrap(), "Succeeded");
    }

    #[test]
    fn scrollback_is_bounded() {
        let mut m = model();
        for i in 0..(SCROLLBACK_LINES + 100) {
            m.submit(&format!("x{i}"));
        }
        let lines: usize = m.term.blocks.iter().map(|b| b.line_count()).sum();
        assert!(lines <= SCROLLBACK_LINES);
    }

    #[test]
    fn tabs_new_rename_close() {
        let mut m = model();
        m.new_tab();
        m.new_tab();
        assert_eq!(m.tabs[3].name, "untitled.yaml");
        assert_eq!(m.tabs[4].name, "untitled-2.yaml");
        assert_eq!(m.active, 4);
        assert!(m.rename_tab(4, "nginx.yaml").is_err());
        assert!(m.rename_tab(4, "../etc").is_err());
        assert!(m.rename_tab(4, "my app.yaml").is_err());
        assert!(m.rename_tab(4, "svc.yaml").is_ok());
        m.edit("kind: Service\n".into());
        assert_eq!(m.tabs[4].text, "kind: Service\n");
        m.select_tab(1);
        m.close_tab(0);
        assert_eq!(m.active, 0);
        assert_eq!(m.tabs[0].name, "curlpod.yaml");
        for _ in 0..10 {
            m.close_tab(0);
        }
        assert!(m.tabs.is_empty());
        m.apply_active(); // nothing to apply, no panic
        m.edit("x".into());
    }

    #[test]
    fn apply_runs_through_the_shell_and_marks_error_lines() {
        let mut m = model();
        m.edit("apiVersion: v1\nkind: Pod\nmetadata: [\n".into());
        m.apply_active();
        let t = texts(&m);
        assert!(
            t.contains(&"$ kubectl apply -f nginx.yaml".to_string()),
            "{t:?}"
        );
        assert_eq!(
            m.term.history().last().unwrap(),
            "kubectl apply -f nginx.yaml"
        );
        // Whatever the shell said, an error leaves a mark; editing clears it.
        if m.tabs[0].error.is_some() {
            m.edit("kind: Pod\n".into());
            assert!(m.tabs[0].error.is_none());
        }
    }

    #[test]
    fn common_prefixes() {
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_prefix(&w(&["deployments", "deployment"])),
            "deployment"
        );
        assert_eq!(common_prefix(&w(&["get", "delete"])), "");
        assert_eq!(common_prefix(&w(&["héllo", "hélp"])), "hél");
        assert_eq!(common_prefix(&[]), "");
    }

    #[test]
    fn tab_completes_or_lists() {
        let mut m = model();
        // Whatever the shell offers, completing never panics and a unique
        // candidate ends with a space.
        for line in [
            "",
            "kub",
            "kubectl ",
            "kubectl get ",
            "kubectl get po",
            "ls ngi",
            "é",
        ] {
            if let Some(done) = m.complete(line) {
                assert!(done.len() >= line.trim_end().len(), "{line:?} -> {done:?}");
            }
        }
        assert_eq!(
            m.complete("cat nginx-n").as_deref(),
            Some("cat nginx-np.yaml ")
        );
        // Several candidates with nothing more in common are listed.
        let blocks = m.term.blocks.len();
        assert_eq!(m.complete("cat ").as_deref(), None);
        assert_eq!(m.term.blocks.len(), blocks + 1);
    }

    #[test]
    fn ctrl_c_drops_a_pending_command() {
        let mut m = model();
        m.submit("kubectl get \\");
        assert!(m.term.continuation);
        assert_eq!(m.prompt(), "> ");
        m.interrupt("po");
        assert!(!m.term.continuation);
        m.submit("kubectl get nodes");
        let last = m.term.blocks.last().unwrap();
        assert!(matches!(&last.lines[0], Line::Input { prompt, .. } if prompt == "$ "));
    }

    #[test]
    fn a_watch_streams_with_the_clock_until_ctrl_c() {
        let mut m = model();
        m.submit("kubectl create deployment web --image=nginx");
        m.submit("kubectl get pods -w");
        assert!(m.is_watching());
        assert_eq!(m.prompt(), "");
        let before = texts(&m).join("\n");
        m.advance(30_000);
        let after = texts(&m).join("\n");
        assert!(after.len() > before.len(), "{after}");
        assert!(after.contains("Running"), "{after}");
        m.interrupt("");
        assert!(!m.is_watching());
        assert_eq!(texts(&m).last().unwrap(), "^C");
        assert_eq!(m.prompt(), "$ ");
    }

    #[test]
    fn a_container_shell_has_its_own_prompt() {
        let mut m = model();
        m.submit("kubectl run bb --image=busybox -- sleep 3600");
        m.advance(30_000);
        m.submit("kubectl exec -it bb -- sh");
        assert_eq!(m.prompt(), "/ # ");
        m.submit("hostname");
        let last = m.term.blocks.last().unwrap();
        assert!(matches!(&last.lines[0], Line::Input { prompt, .. } if prompt == "/ # "));
        m.submit("exit");
        assert_eq!(m.prompt(), "$ ");
    }

    #[test]
    fn the_ingress_lab_in_the_browser_pane_and_the_topology() {
        let mut m = model();
        m.run_script(crate::demo::INGRESS_LAB);
        let sc = m.scene.clone();
        assert_eq!(sc.lbs.len(), 1, "{:?}", sc.lbs);
        assert_eq!(sc.lbs[0].address, "localhost");
        assert_eq!(sc.controllers.len(), 1);
        assert_eq!(sc.controllers[0].namespace, "ingress-nginx");
        assert_eq!(sc.controllers[0].rows.len(), 1);
        assert_eq!(sc.controllers[0].rows[0].ingress, "nginx-ing");

        m.browse("https://localhost/testpath", false);
        assert!(
            matches!(
                m.page(),
                Some(Page::CertWarning {
                    code: "NET::ERR_CERT_AUTHORITY_INVALID",
                    ..
                })
            ),
            "{:?}",
            m.page()
        );
        m.proceed_unsafe();
        let Some(Page::Loaded { body, status, .. }) = m.page() else {
            panic!("{:?}", m.page());
        };
        assert_eq!(*status, 200);
        assert!(body.contains("Welcome to nginx!"));
        // Every hop of the request is drawn somewhere.
        let (trace, from_browser) = m.queue.back().unwrap().clone();
        assert!(from_browser);
        let a = TraceAnim::new(1, &trace, &m.scene, 0.0, 300.0);
        let kinds: Vec<&str> = a.hops.iter().map(|h| h.kind.as_str()).collect();
        for k in ["LoadBalancer", "NodePort", "Ingress", "Pod"] {
            assert!(kinds.contains(&k), "{kinds:?}");
        }
        for h in &a.hops {
            assert!(h.at.is_some(), "{h:?} not drawn");
        }
        let ing = a.hops.iter().find(|h| h.kind == "Ingress").unwrap();
        assert_eq!(ing.at, Some(m.scene.controllers[0].rows[0].rect));

        m.browse("https://localhost/nothing", false);
        let Some(Page::Loaded { body, status, .. }) = m.page() else {
            panic!("{:?}", m.page());
        };
        assert_eq!(*status, 404);
        assert!(body.contains("404 Not Found"));
        m.browse("http://localhost:31045", false);
        assert!(matches!(
            m.page(),
            Some(Page::Failed {
                code: "ERR_CONNECTION_REFUSED",
                ..
            })
        ));
    }

    #[test]
    fn error_lines_are_found() {
        assert_eq!(
            error_line("error: error parsing x.yaml: error converting YAML to JSON: yaml: line 3: did not find expected node content"),
            Some(3)
        );
        assert_eq!(error_line("no number here"), None);
        assert_eq!(error_line("line 0"), None);
        assert_eq!(error_line("at line "), None);
    }

    #[test]
    fn fast_forward_runs_in_steps_over_frames_even_when_paused() {
        let mut m = model();
        m.frame(0.0);
        m.fast_forward(3_600_000);
        assert_eq!(m.clock.fast_forward, 3_600_000);
        let mut frames = 0;
        while m.clock.fast_forward > 0 {
            frames += 1;
            assert!(frames <= 60, "at least one one-minute step a frame");
            m.frame(16.0 * frames as f64);
        }
        assert_eq!(m.elapsed(), "01:00:00");
        m.frame(16.0 * (frames + 1) as f64);
        assert_eq!(m.elapsed(), "01:00:00");
        // Ten minutes with a CronJob firing every minute, frame by frame.
        m.submit(
            "kubectl create cronjob tick --image=busybox:1.36 --schedule=\"*/1 * * * *\" -- date",
        );
        m.fast_forward(600_000);
        let start = wall_now();
        let mut t = 10_000.0;
        while m.clock.fast_forward > 0 {
            t += 16.0;
            let before = wall_now();
            m.frame(t);
            // Generous for debug builds on a busy machine.
            assert!(wall_now() - before < 1000.0, "a frame blocked");
        }
        assert_eq!(m.elapsed(), "01:10:00");
        eprintln!(
            "ten minutes of fast-forward took {:.0} ms",
            wall_now() - start
        );
        m.set_speed(3600);
        assert_eq!(m.clock.speed, 3600);
    }

    #[test]
    fn the_clock_moves_only_when_playing() {
        let mut m = model();
        m.frame(0.0);
        m.frame(5000.0);
        assert_eq!(m.elapsed(), "00:00:00");
        m.set_playing(true);
        m.set_speed(60);
        // Frames of 200 ms (clamped to 250) at 60x: 12 s of sim time per frame.
        let mut t = 5000.0;
        for _ in 0..5 {
            t += 200.0;
            m.frame(t);
        }
        assert_eq!(m.elapsed(), "00:01:00");
        // A timestamp from the past (another driver) adds nothing.
        m.frame(t - 100.0);
        m.frame(t + 50.0);
        assert_eq!(m.elapsed(), "00:01:03");
        m.advance(3_600_000);
        assert_eq!(m.elapsed(), "01:01:03");
    }

    #[test]
    fn scripts_expand_cluster_ips() {
        let m = model();
        assert_eq!(m.expand("curl {clusterip:default/nope} x"), "curl <none> x");
        assert_eq!(
            m.expand("curl {clusterip:unterminated"),
            "curl {clusterip:unterminated"
        );
        assert_eq!(m.expand("plain"), "plain");
    }

    #[test]
    fn the_inspector_follows_the_cluster_and_the_filter_hides_namespaces() {
        let mut m = model();
        m.submit("kubectl create deployment web --image=nginx");
        m.submit("kubectl create service clusterip typo --tcp=80:80");
        m.select(Some(Target::new("Service", "default", "typo")));
        let rev = m.rev.inspect;
        let i = m.inspection.clone().expect("inspected");
        assert_eq!(i.hints.len(), 1);
        assert!(m.hints.iter().any(|h| h.name == "typo"));
        // New events and status reach the open inspector.
        m.submit("kubectl create service clusterip web --tcp=80:80");
        m.select(Some(Target::new("Service", "default", "web")));
        assert!(m.rev.inspect > rev);
        m.advance(30_000);
        let i = m.inspection.clone().expect("inspected");
        assert!(i.relations.iter().any(|r| r.label == "endpoint"));
        // Deleted: the inspector empties.
        m.submit("kubectl delete service web");
        assert!(m.inspection.is_none());
        // The namespace filter.
        m.submit("kubectl create namespace shop");
        m.submit("kubectl create deployment cart --image=nginx -n shop");
        m.advance(5_000);
        assert!(m.namespaces().contains(&"shop".to_string()));
        assert!(!m.namespaces().contains(&"kube-system".to_string()));
        m.set_namespace_filter(Some("shop".into()));
        assert!(m.scene.pods.iter().all(|p| p.namespace == "shop"));
        assert!(!m.scene.pods.is_empty());
        assert!(m.hints.iter().all(|h| h.namespace == "shop"));
        m.set_namespace_filter(None);
        assert!(m.scene.pods.iter().any(|p| p.namespace == "default"));
    }

    #[test]
    fn same_seed_same_scene() {
        let run = || {
            let mut m = model();
            m.run_script("kubectl apply -f nginx.yaml\nsleep 30\n");
            m.scene.clone()
        };
        assert_eq!(run(), run());
    }
}
