//! The session log: every input that changes the playground, in order,
//! with the simulated time it came at. The engine is deterministic, so a
//! fresh [`Model`] with the same seed and profile that is fed the same log
//! is the same cluster (names, IPs, resourceVersions, events).
//!
//! Clock advances are recorded exactly as they happened (`Advance` runs
//! of equal steps), not merged: `advance(a); advance(b)` is not always
//! `advance(a + b)` (node leases are renewed at each call).
//!
//! [`codec`] turns a log into the `#s=` share-link / localStorage text and
//! back (pure, fuzzable); [`bundle`] exports manifests for real clusters
//! and imports `kubectl get -o yaml` lists. The DOM side (storage,
//! clipboard, downloads) is in `web.rs`, wasm only.

pub mod bundle;
pub mod codec;
#[cfg(target_arch = "wasm32")]
pub mod web;

use crate::model::{Config, Model, SideView, BUNDLED_MANIFESTS};
use cluster::Profile;

/// One state-changing input. `at` is simulated ms since the cluster
/// started, when the input came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A physical line typed (or pasted) at the terminal, heredoc bodies
    /// included, line by line.
    Line { at: i64, text: String },
    /// Ctrl+C (cancels a watch or a half-typed command).
    Interrupt { at: i64 },
    /// A manifest tab's text as commands saw it from then on (`None`: the
    /// tab was closed).
    File {
        at: i64,
        name: String,
        text: Option<String>,
    },
    /// The editor's Apply on the tab of that name.
    Apply { at: i64, tab: String },
    /// The browser pane loaded an address (`proceed`: past a certificate
    /// warning).
    Browse {
        at: i64,
        address: String,
        proceed: bool,
    },
    /// `times` consecutive `Cluster::advance(ms)` calls.
    Advance { ms: i64, times: u32 },
}

/// Where the open lesson came from, as a session carries it: a link opens
/// it again from there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonSource {
    /// A built-in lesson, by name.
    Builtin(String),
    /// A lesson file the page loaded from this address (`?lesson=URL`, a
    /// file of the same site: the page's policy allows no other).
    Url(String),
    /// A lesson pasted into the pane: its file name and whole text.
    Text { name: String, text: String },
}

impl LessonSource {
    pub fn builtin(name: &str) -> LessonSource {
        LessonSource::Builtin(name.to_string())
    }
}

/// The recorded inputs and where they started from.
#[derive(Clone, Debug)]
pub struct Log {
    pub seed: u64,
    pub profile: Profile,
    /// The guided lesson and its step, when one is open (set by the
    /// lesson pane).
    pub lesson: Option<(LessonSource, usize)>,
    pub entries: Vec<Entry>,
    /// The tab files as the recorded commands last saw them.
    files: Vec<(String, String)>,
    /// Moves on every change (autosave compares it).
    pub rev: u64,
}

/// Equal logs replay to the same cluster (the revision counter aside).
impl PartialEq for Log {
    fn eq(&self, o: &Log) -> bool {
        self.seed == o.seed
            && self.profile == o.profile
            && self.lesson == o.lesson
            && self.entries == o.entries
            && self.files == o.files
    }
}

impl Eq for Log {}

fn bundled_files() -> Vec<(String, String)> {
    BUNDLED_MANIFESTS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

impl Log {
    pub fn new(seed: u64, profile: Profile) -> Log {
        Log {
            seed,
            profile,
            lesson: None,
            entries: Vec::new(),
            files: bundled_files(),
            rev: 0,
        }
    }

    fn push(&mut self, e: Entry) {
        self.entries.push(e);
        self.rev += 1;
    }

    /// Records the tabs that differ from what the last command saw, so a
    /// replayed `kubectl apply -f x.yaml` reads the same text.
    pub fn sync_files<'a>(&mut self, at: i64, tabs: impl Iterator<Item = (&'a str, &'a str)>) {
        let now: Vec<(&str, &str)> = tabs.collect();
        let removed: Vec<String> = self
            .files
            .iter()
            .filter(|(n, _)| !now.iter().any(|(m, _)| m == n))
            .map(|(n, _)| n.clone())
            .collect();
        for name in removed {
            self.files.retain(|(n, _)| *n != name);
            self.push(Entry::File {
                at,
                name,
                text: None,
            });
        }
        for (name, text) in now {
            match self.files.iter_mut().find(|(n, _)| n == name) {
                Some((_, t)) if t == text => continue,
                Some((_, t)) => *t = text.to_string(),
                None => self.files.push((name.to_string(), text.to_string())),
            }
            self.push(Entry::File {
                at,
                name: name.to_string(),
                text: Some(text.to_string()),
            });
        }
    }

    pub fn line(&mut self, at: i64, text: &str) {
        self.push(Entry::Line {
            at,
            text: text.to_string(),
        });
    }

    pub fn interrupt(&mut self, at: i64) {
        self.push(Entry::Interrupt { at });
    }

    pub fn apply(&mut self, at: i64, tab: &str) {
        self.push(Entry::Apply {
            at,
            tab: tab.to_string(),
        });
    }

    pub fn browse(&mut self, at: i64, address: &str, proceed: bool) {
        self.push(Entry::Browse {
            at,
            address: address.to_string(),
            proceed,
        });
    }

    /// The guided lesson and step now open (the lesson pane calls this, so
    /// the saved session and share links carry it).
    pub fn set_lesson(&mut self, lesson: Option<(LessonSource, usize)>) {
        if self.lesson != lesson {
            self.lesson = lesson;
            self.rev += 1;
        }
    }

    /// One `Cluster::advance(ms)`; equal consecutive steps share an entry.
    pub fn advance(&mut self, ms: i64) {
        if ms <= 0 {
            return;
        }
        if let Some(Entry::Advance { ms: m, times }) = self.entries.last_mut() {
            if *m == ms && *times < u32::MAX {
                *times += 1;
                self.rev += 1;
                return;
            }
        }
        self.push(Entry::Advance { ms, times: 1 });
    }

    /// The simulated time the log ends at (ms since the start), counting
    /// the advances only (commands like `sleep` move the clock too, and
    /// the inputs' `at` say by how much).
    pub fn advanced_ms(&self) -> i64 {
        self.entries
            .iter()
            .map(|e| match e {
                Entry::Advance { ms, times } => ms.saturating_mul(*times as i64),
                _ => 0,
            })
            .fold(0i64, i64::saturating_add)
    }
}

/// What a session restores besides the log: the view and the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub log: Log,
    /// Show system namespaces in the topology.
    pub show_system: bool,
    pub speed: u32,
    pub playing: bool,
    pub side: SideView,
    /// The embed view (`topology|terminal|split|browser`), when set.
    pub view: Option<String>,
    /// The manifest tabs at the end (name, text) and the active one.
    pub tabs: Vec<(String, String)>,
    pub active: usize,
}

impl Session {
    /// The session of a model as it is now.
    pub fn of(m: &Model) -> Session {
        Session {
            log: m.log.clone(),
            show_system: m.show_system,
            speed: m.clock.speed,
            playing: m.clock.playing,
            side: m.side,
            view: None,
            tabs: m
                .tabs
                .iter()
                .map(|t| (t.name.clone(), t.text.clone()))
                .collect(),
            active: m.active,
        }
    }

    /// The config a fresh model for this session starts with.
    pub fn config(&self) -> Config {
        Config {
            seed: self.log.seed,
            profile: self.log.profile,
            paused: !self.playing,
            show_system: self.show_system,
            ..Config::default()
        }
    }
}

/// How a replay went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replayed {
    /// Inputs whose recorded time was not the replayed clock's (a log
    /// from an engine that behaved differently).
    pub drifted: usize,
    /// Entries that named something missing (an Apply of a closed tab).
    pub skipped: usize,
}

/// Rebuilds a session on a fresh model: the same seed and profile, every
/// entry in order, then the view and the tabs as they were.
pub fn replay(s: &Session) -> (Model, Replayed) {
    let mut m = Model::new(&s.config());
    let mut report = Replayed::default();
    let check = |m: &Model, at: i64, report: &mut Replayed| {
        if elapsed_ms(m) != at {
            report.drifted += 1;
        }
    };
    for e in &s.log.entries {
        match e {
            Entry::Line { at, text } => {
                check(&m, *at, &mut report);
                m.submit(text);
            }
            Entry::Interrupt { at } => {
                check(&m, *at, &mut report);
                m.interrupt("");
            }
            Entry::File { at, name, text } => {
                check(&m, *at, &mut report);
                set_tab(&mut m, name, text.as_deref());
            }
            Entry::Apply { at, tab } => {
                check(&m, *at, &mut report);
                match m.tabs.iter().position(|t| t.name == *tab) {
                    Some(i) => {
                        m.active = i;
                        m.apply_active();
                    }
                    None => report.skipped += 1,
                }
            }
            Entry::Browse {
                at,
                address,
                proceed,
            } => {
                check(&m, *at, &mut report);
                m.browse(address, *proceed);
            }
            Entry::Advance { ms, times } => m.advance_many(*ms, *times),
        }
    }
    m.log.lesson = s.log.lesson.clone();
    restore_view(&mut m, s);
    m.finish_replay();
    (m, report)
}

/// Simulated ms since the cluster started.
pub fn elapsed_ms(m: &Model) -> i64 {
    m.cluster().now().0 - cluster::time::SIM_START.0
}

fn set_tab(m: &mut Model, name: &str, text: Option<&str>) {
    let at = m.tabs.iter().position(|t| t.name == name);
    match (at, text) {
        (Some(i), None) => m.close_tab(i),
        (None, None) => {}
        (Some(i), Some(t)) => {
            m.active = i;
            m.edit(t.to_string());
        }
        (None, Some(t)) => {
            m.new_tab();
            let i = m.active;
            if m.rename_tab(i, name).is_err() {
                // Not a name the editor allows: keep the text anyway under
                // the generated name, so commands naming it fail as before.
                m.close_tab(i);
                return;
            }
            m.edit(t.to_string());
        }
    }
}

fn restore_view(m: &mut Model, s: &Session) {
    // The final tabs: commands already saw the recorded files; these are
    // the user's edits since (the log's own copy stays as it is).
    while !m.tabs.is_empty() {
        m.close_tab(0);
    }
    for (name, text) in &s.tabs {
        m.new_tab();
        let i = m.active;
        if m.rename_tab(i, name).is_ok() {
            m.edit(text.clone());
        } else {
            m.close_tab(i);
        }
    }
    m.select_tab(s.active.min(m.tabs.len().saturating_sub(1)));
    if m.show_system != s.show_system {
        m.set_show_system(s.show_system);
    }
    m.set_speed(s.speed);
    m.set_playing(s.playing);
    m.set_side(s.side);
}

/// A fresh cluster (Reset cluster, New cluster with seed...): the same
/// profile, the given seed; the tabs and the view stay.
pub fn reset(m: &mut Model, seed: u64) {
    let mut s = Session::of(m);
    s.log = Log::new(seed, m.log.profile);
    s.log.lesson = m.log.lesson.clone();
    let (mut fresh, _) = replay(&s);
    fresh.bump_revisions(&m.rev);
    // Autosave sees a change even if the old log had as many revisions.
    fresh.log.rev += m.log.rev + 1;
    fresh.set_stepping(m.is_stepping());
    *m = fresh;
}

// ---- start-up ----------------------------------------------------------

/// Where the app's session comes from (the page passes the URL fragment's
/// link and its localStorage key; tests mount without either).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// The `#s=` text of a share link.
    pub link: Option<String>,
    /// localStorage key the session is saved under (`None`: not saved).
    pub storage_key: Option<String>,
    /// The URL names a seed, profile or script: a stored session of
    /// another seed or profile is not restored over it.
    pub pinned: bool,
    /// `?lang=`: the UI language for this page, over the kept choice.
    pub lang: Option<crate::i18n::Lang>,
}

/// The localStorage key the page saves its session under.
pub const STORAGE_KEY: &str = "kubeplay.session";

/// A message for the banner over the panes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    LinkOpened {
        seed: u64,
        steps: usize,
    },
    LinkBad(String),
    Restored {
        steps: usize,
    },
    StoredBad(String),
    Drifted(usize),
    SaveFailed(String),
    ExportDone(String),
    ExportFailed(String),
    Imported {
        objects: usize,
        skipped: Vec<String>,
    },
    ImportFailed(String),
}

impl Notice {
    /// The message in the UI's language.
    pub fn text(&self) -> String {
        use crate::i18n::{fill, t};
        match self {
            Notice::LinkOpened { seed, steps } => fill(
                t("banner.link_opened"),
                &[&seed.to_string(), &steps.to_string()],
            ),
            Notice::LinkBad(why) => fill(t("banner.link_bad"), &[why]),
            Notice::Restored { steps } => fill(t("banner.restored"), &[&steps.to_string()]),
            Notice::StoredBad(why) => fill(t("banner.stored_bad"), &[why]),
            Notice::Drifted(n) => fill(t("banner.drifted"), &[&n.to_string()]),
            Notice::SaveFailed(why) => fill(t("banner.save_failed"), &[why]),
            Notice::ExportDone(file) => fill(t("banner.export_done"), &[file]),
            Notice::ExportFailed(why) => fill(t("banner.export_failed"), &[why]),
            Notice::Imported { objects, skipped } => {
                let mut s = fill(t("banner.import_done"), &[&objects.to_string()]);
                if !skipped.is_empty() {
                    s.push(' ');
                    s.push_str(&fill(
                        t("banner.import_skipped"),
                        &[&skipped.len().to_string(), &skipped.join(", ")],
                    ));
                }
                s
            }
            Notice::ImportFailed(why) => fill(t("banner.import_failed"), &[why]),
        }
    }

    /// Problems are shown as warnings, the rest as information.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            Notice::LinkBad(_)
                | Notice::StoredBad(_)
                | Notice::Drifted(_)
                | Notice::SaveFailed(_)
                | Notice::ExportFailed(_)
                | Notice::ImportFailed(_)
        )
    }
}

/// What the app starts with.
pub struct Boot {
    pub model: Model,
    pub notice: Option<Notice>,
    /// The model is a replayed session (a bundled `?script=` does not run).
    pub replayed: bool,
    /// The stored value is unreadable: remove it.
    pub clear_stored: bool,
}

/// Chooses and builds the starting model: a share link, else the stored
/// session, else a fresh cluster from `config`. Bad data never stops the
/// page: it gives a fresh cluster and a notice.
pub fn boot(config: &Config, link: Option<&str>, stored: Option<&str>, pinned: bool) -> Boot {
    let finish = |mut m: Model, report: Replayed, notice: Notice| {
        if config.paused {
            m.set_playing(false);
        }
        m.reduced_motion |= config.reduced_motion;
        let notice = if report.drifted > 0 {
            Notice::Drifted(report.drifted)
        } else {
            notice
        };
        Boot {
            model: m,
            notice: Some(notice),
            replayed: true,
            clear_stored: false,
        }
    };
    let fresh = |notice: Option<Notice>, clear_stored: bool| Boot {
        model: Model::new(config),
        notice,
        replayed: false,
        clear_stored,
    };
    if let Some(link) = link {
        return match codec::decode(link) {
            Ok(s) => {
                let seed = s.log.seed;
                let steps = s.log.entries.len();
                let (m, report) = replay(&s);
                finish(m, report, Notice::LinkOpened { seed, steps })
            }
            Err(e) => fresh(Some(Notice::LinkBad(e.to_string())), false),
        };
    }
    if let Some(stored) = stored {
        return match codec::decode(stored) {
            Ok(s) if pinned && (s.log.seed != config.seed || s.log.profile != config.profile) => {
                fresh(None, false)
            }
            Ok(s) if s.log.entries.is_empty() => {
                let (m, report) = replay(&s);
                let mut b = finish(m, report, Notice::Restored { steps: 0 });
                b.notice = None;
                b
            }
            Ok(s) => {
                let steps = s.log.entries.len();
                let (m, report) = replay(&s);
                finish(m, report, Notice::Restored { steps })
            }
            Err(e) => fresh(Some(Notice::StoredBad(e.to_string())), true),
        };
    }
    fresh(None, false)
}

/// The app's starting model for `source` (the page's localStorage is read
/// and, when unreadable, cleared), with the banner's notice set.
pub fn start(config: &Config, source: &Source) -> Model {
    #[cfg(target_arch = "wasm32")]
    let stored = {
        web::init_lang();
        source.storage_key.as_deref().and_then(web::load)
    };
    #[cfg(not(target_arch = "wasm32"))]
    let stored: Option<String> = None;
    if let Some(lang) = source.lang {
        crate::i18n::set_lang(lang);
    }
    let b = boot(
        config,
        source.link.as_deref(),
        stored.as_deref(),
        source.pinned,
    );
    #[cfg(target_arch = "wasm32")]
    if b.clear_stored {
        if let Some(key) = &source.storage_key {
            web::remove(key);
        }
    }
    let mut m = b.model;
    m.notice = b.notice;
    m
}

/// Keeps the session saved under `key` while the returned guard lives.
#[cfg(target_arch = "wasm32")]
pub fn autosave(
    model: std::rc::Rc<std::cell::RefCell<Model>>,
    key: Option<String>,
    update: yew::functional::UseForceUpdateHandle,
) -> Option<web::Autosave> {
    let key = key?;
    Some(web::autosave(
        model,
        key,
        yew::Callback::from(move |()| update.force_update()),
    ))
}

/// Natively there is no storage: nothing is saved.
#[cfg(not(target_arch = "wasm32"))]
pub struct NoAutosave;

#[cfg(not(target_arch = "wasm32"))]
pub fn autosave(
    _model: std::rc::Rc<std::cell::RefCell<Model>>,
    _key: Option<String>,
    _update: yew::functional::UseForceUpdateHandle,
) -> NoAutosave {
    NoAutosave
}

#[cfg(test)]
mod tests;
