//! The guided lesson beside the cluster (no DOM; tested natively): which
//! lesson is open and its progress, the check of the current step after
//! every change (state conditions at once, `http`/`command` conditions
//! through the shell only after a command or sparingly on clock ticks),
//! autoplay for slides, the events an embedding page hears, and what is
//! kept in localStorage under [`STORAGE_KEY`].

use crate::model::{Model, Rev};
use crate::session::LessonSource;
use lessons::{CheckResult, Lesson, Progress, Step};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// localStorage key of [`Stored`].
pub const STORAGE_KEY: &str = "kubeplay.lesson.v1";
/// Shell checks repeat on clock ticks at most this often (wall ms), and
/// only while every state condition of the step holds.
const SHELL_RECHECK_MS: f64 = 3000.0;
/// Autoplay: the pause after each command, after the step's wait, and
/// before the next step (wall ms).
pub const AUTOPLAY_COMMAND_MS: f64 = 2500.0;
const AUTOPLAY_WAIT_MS: f64 = 1500.0;
const AUTOPLAY_NEXT_MS: f64 = 3000.0;
/// Autoplay gives up on a step whose check is still not done after this
/// many one-second polls (and stops, leaving the step shown).
const AUTOPLAY_POLLS: u32 = 30;

/// The language of the lesson's text is the UI's one (`crate::i18n`).
pub use crate::i18n::Lang;

/// What an embedding page hears about the lesson (see `embed`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuideEvent {
    /// A lesson was opened.
    Opened { lesson: String, steps: usize },
    /// The step shown changed (0-based index).
    Step {
        lesson: String,
        index: usize,
        id: String,
    },
    /// A step's check passed (0-based index).
    StepDone {
        lesson: String,
        index: usize,
        id: String,
    },
    /// Every step is done.
    Complete { lesson: String },
}

/// What localStorage keeps: the lesson open (a built-in name) and the
/// progress of every lesson started. `lang` is the language the lesson
/// pane's own switch chose before the UI had one setting; it is read once
/// (`Lessons::take_old_lang`) and no longer written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default)]
    pub open: Option<String>,
    #[serde(default)]
    pub progress: Vec<Progress>,
}

impl Stored {
    pub const VERSION: u32 = 1;

    /// Reads the stored JSON; anything else (another version, damage)
    /// gives `Err` with a message and should be cleared.
    pub fn parse(text: &str) -> Result<Stored, String> {
        match serde_json::from_str::<Stored>(text) {
            Ok(s) if s.version == Stored::VERSION => Ok(s),
            Ok(s) => Err(crate::i18n::fill(
                crate::i18n::t("lesson.stored_version"),
                &[&s.version.to_string()],
            )),
            Err(e) => Err(crate::i18n::fill(
                crate::i18n::t("lesson.stored_damaged"),
                &[&e.to_string()],
            )),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn progress_of(&self, lesson: &Lesson) -> Progress {
        self.progress
            .iter()
            .find(|p| p.lesson == lesson.id)
            .cloned()
            .map(|p| p.for_lesson(lesson))
            .unwrap_or_else(|| Progress::new(lesson))
    }

    fn keep(&mut self, progress: &Progress) {
        match self
            .progress
            .iter_mut()
            .find(|p| p.lesson == progress.lesson)
        {
            Some(slot) => *slot = progress.clone(),
            None => self.progress.push(progress.clone()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    /// Running the step's commands; the next one is this index.
    Commands(usize),
    /// The commands ran and the step's wait was queued.
    Waited,
    /// Polling the check (count of polls so far).
    Checking(u32),
}

/// Autoplay of a lesson (slides): each step's commands typed with pauses,
/// its wait fast-forwarded, then on to the next step once its check passes.
#[derive(Clone, Debug, PartialEq)]
pub struct Autoplay {
    pub playing: bool,
    phase: Phase,
    next_at: Option<f64>,
}

/// One open lesson and where the student is in it.
pub struct Guide {
    pub lesson: Rc<Lesson>,
    /// The built-in name it came from (kept in localStorage), or `None`
    /// for a pasted or fetched file.
    pub builtin: Option<String>,
    pub progress: Progress,
    /// Where it came from (what a share link carries to open it again).
    pub source: LessonSource,
    /// The current step's last check.
    pub last: Option<CheckResult>,
    pub autoplay: Option<Autoplay>,
    /// The model's revisions at the last check (`None`: check next time);
    /// animation frames do not count.
    seen: Option<Rev>,
    shell_due: bool,
    last_shell_ms: f64,
}

impl Guide {
    pub fn new(lesson: Lesson, source: LessonSource, progress: Progress) -> Guide {
        let builtin = match &source {
            LessonSource::Builtin(name) => Some(name.clone()),
            _ => None,
        };
        Guide {
            lesson: Rc::new(lesson),
            builtin,
            progress,
            source,
            last: None,
            autoplay: None,
            seen: None,
            shell_due: true,
            last_shell_ms: f64::NEG_INFINITY,
        }
    }

    pub fn current(&self) -> usize {
        self.progress.current
    }

    pub fn step(&self) -> Option<&Step> {
        self.lesson.steps().get(self.progress.current)
    }

    pub fn done_count(&self) -> usize {
        self.progress.done.len()
    }

    pub fn total(&self) -> usize {
        self.lesson.steps().len()
    }
}

/// The lesson pane's whole state: the guide (if a lesson is open), a load
/// error to show, and what to store. The language is the UI's
/// (`crate::i18n::lang()`).
#[derive(Default)]
pub struct Lessons {
    pub guide: Option<Guide>,
    /// A lesson that did not load: the parser's located message.
    pub error: Option<String>,
    /// A note about stored progress that could not be read.
    pub notice: Option<String>,
    /// A lesson file the page should fetch at start, and the step to show.
    pub to_fetch: Option<(String, Option<usize>)>,
    pub stored: Stored,
    /// Bumped on every change the pane shows.
    pub rev: u64,
    /// localStorage needs writing.
    pub dirty: bool,
    events: Vec<GuideEvent>,
}

impl Lessons {
    /// `stored`: localStorage's text, if any.
    pub fn new(stored: Option<&str>) -> Lessons {
        let mut l = Lessons {
            stored: Stored {
                version: Stored::VERSION,
                ..Stored::default()
            },
            ..Lessons::default()
        };
        if let Some(text) = stored {
            match Stored::parse(text) {
                Ok(s) => l.stored = s,
                Err(e) => {
                    l.notice = Some(e);
                    l.dirty = true;
                }
            }
        }
        l
    }

    /// The language an older version's lesson pane kept (its own switch),
    /// once: the page makes it the UI's choice when no other was made.
    pub fn take_old_lang(&mut self) -> Option<Lang> {
        let code = self.stored.lang.take()?;
        self.dirty = true;
        Some(Lang::from_tag(&code))
    }

    fn changed(&mut self) {
        self.rev += 1;
        self.dirty = true;
    }

    /// Opens a built-in lesson by name, at its stored progress (or at
    /// `step`, 0-based, when given). Unknown names give an error message.
    pub fn open_builtin(&mut self, m: &mut Model, name: &str, step: Option<usize>) -> bool {
        match lessons::builtin_lesson(name) {
            Some(Ok(lesson)) => {
                let progress = self.stored.progress_of(&lesson);
                self.open(m, lesson, LessonSource::builtin(name), progress, step);
                true
            }
            Some(Err(e)) => self.fail(e.to_string()),
            None => self.fail(crate::i18n::fill(
                crate::i18n::t("lesson.no_builtin"),
                &[name, &lessons::builtin_names().join(", ")],
            )),
        }
    }

    /// Opens a pasted lesson file's text. `name` is the file name errors
    /// are located in; a share link carries the text.
    pub fn open_text(&mut self, m: &mut Model, name: &str, text: &str) -> bool {
        let source = LessonSource::Text {
            name: name.to_string(),
            text: text.to_string(),
        };
        self.open_parsed(m, name, text, source, None)
    }

    /// Opens a lesson file fetched from `url` (`?lesson=URL`, or a link
    /// that carries the address), at `step` when given; a share link
    /// carries the address.
    pub fn open_fetched(
        &mut self,
        m: &mut Model,
        url: &str,
        text: &str,
        step: Option<usize>,
    ) -> bool {
        let name = url.rsplit('/').next().unwrap_or(url);
        self.open_parsed(m, name, text, LessonSource::Url(url.to_string()), step)
    }

    fn open_parsed(
        &mut self,
        m: &mut Model,
        name: &str,
        text: &str,
        source: LessonSource,
        step: Option<usize>,
    ) -> bool {
        match Lesson::parse(name, text) {
            Ok(lesson) => {
                let progress = self.stored.progress_of(&lesson);
                self.open(m, lesson, source, progress, step);
                true
            }
            Err(e) => self.fail(e.to_string()),
        }
    }

    fn fail(&mut self, message: String) -> bool {
        self.error = Some(message);
        self.rev += 1;
        false
    }

    fn open(
        &mut self,
        m: &mut Model,
        lesson: Lesson,
        source: LessonSource,
        progress: Progress,
        step: Option<usize>,
    ) {
        self.error = None;
        self.stored.open = match &source {
            LessonSource::Builtin(name) => Some(name.clone()),
            _ => None,
        };
        let steps = lesson.steps().len();
        self.events.push(GuideEvent::Opened {
            lesson: lesson.id.clone(),
            steps,
        });
        let at = step.unwrap_or(progress.current);
        self.guide = Some(Guide::new(lesson, source, progress));
        self.goto(m, at);
    }

    /// Opens the lesson a page starts with: `?lesson=NAME` (with `?step=`)
    /// first, else the lesson and step the session carries (a share link
    /// or the stored session: `Log::set_lesson`; a pasted lesson's text
    /// comes with it), else the lesson open at the last visit, at its
    /// stored progress. A lesson to fetch (a URL in `?lesson=`, or the
    /// address a session carries) is left in [`Lessons::to_fetch`] for the
    /// page, which fetches it and calls [`Lessons::open_fetched`].
    pub fn open_at_start(&mut self, m: &mut Model, lesson: Option<&str>, step: Option<usize>) {
        match lesson {
            Some(url) if crate::components::lesson::is_url(url) => {
                self.to_fetch = Some((url.to_string(), step));
                // The session's slot stays as it was until the file loads.
                return;
            }
            Some(name) => {
                self.open_builtin(m, name, step);
            }
            None => match m.log.lesson.clone() {
                Some((LessonSource::Builtin(name), step)) => {
                    self.open_builtin(m, &name, Some(step));
                }
                Some((LessonSource::Text { name, text }, step)) => {
                    let source = LessonSource::Text {
                        name: name.clone(),
                        text: text.clone(),
                    };
                    self.open_parsed(m, &name, &text, source, Some(step));
                }
                Some((LessonSource::Url(url), step)) => {
                    self.to_fetch = Some((url, Some(step)));
                    return;
                }
                None => {
                    if let Some(name) = self.stored.open.clone() {
                        self.open_builtin(m, &name, None);
                    }
                }
            },
        }
        self.sync_log(m);
    }

    /// What the session log carries of the open lesson: where it came
    /// from (a built-in name, the address it was fetched from, or a pasted
    /// file's text) and the step shown.
    pub fn session_slot(&self) -> Option<(LessonSource, usize)> {
        let g = self.guide.as_ref()?;
        Some((g.source.clone(), g.current()))
    }

    /// Puts [`Lessons::session_slot`] in the session log (links and the
    /// stored session carry it).
    fn sync_log(&self, m: &mut Model) {
        m.log.set_lesson(self.session_slot());
    }

    /// Closes the lesson (its progress stays stored).
    pub fn close(&mut self) {
        self.guide = None;
        self.stored.open = None;
        self.changed();
    }

    /// Shows step `index` (clamped): its files are opened as editor tabs
    /// (an edited tab of the same name is kept) and it is checked at the
    /// next tick.
    pub fn goto(&mut self, m: &mut Model, index: usize) {
        let Some(g) = self.guide.as_mut() else {
            return;
        };
        let index = index.min(g.total().saturating_sub(1));
        g.progress.current = index;
        g.last = None;
        g.seen = None;
        g.shell_due = true;
        if let Some(a) = g.autoplay.as_mut() {
            a.phase = Phase::Commands(0);
            a.next_at = None;
        }
        if let Some(step) = g.lesson.steps().get(index) {
            for (i, f) in step.manifests.iter().enumerate() {
                m.open_file(&f.name, &f.content, false, i == 0);
            }
            self.events.push(GuideEvent::Step {
                lesson: g.lesson.id.clone(),
                index,
                id: step.id.clone(),
            });
        }
        let progress = g.progress.clone();
        self.stored.keep(&progress);
        self.changed();
        self.sync_log(m);
    }

    pub fn next(&mut self, m: &mut Model) {
        if let Some(i) = self.guide.as_ref().map(Guide::current) {
            self.goto(m, i + 1);
        }
    }

    pub fn prev(&mut self, m: &mut Model) {
        if let Some(i) = self.guide.as_ref().map(Guide::current) {
            self.goto(m, i.saturating_sub(1));
        }
    }

    /// Forgets the open lesson's progress and shows its first step.
    pub fn restart(&mut self, m: &mut Model) {
        if let Some(g) = self.guide.as_mut() {
            g.progress = Progress::new(&g.lesson);
        }
        self.goto(m, 0);
    }

    /// The "Check now" button: the full check through the shell at once.
    pub fn check_now(&mut self, m: &mut Model, wall_ms: f64) {
        if let Some(g) = self.guide.as_mut() {
            g.shell_due = true;
            g.seen = None;
        }
        self.tick(m, wall_ms);
    }

    /// Opens a file of the current step in the editor (replacing an
    /// edited tab: the student asked for the lesson's version).
    pub fn open_file(&mut self, m: &mut Model, name: &str) {
        let Some(f) = self
            .guide
            .as_ref()
            .and_then(Guide::step)
            .and_then(|s| s.manifests.iter().find(|f| f.name == name))
        else {
            return;
        };
        m.open_file(&f.name, &f.content, true, true);
    }

    /// Runs `command` (one or more lines) as if typed into the terminal.
    pub fn run_command(m: &mut Model, command: &str) {
        let rest = m.paste("", &format!("{command}\n"), "");
        if !rest.is_empty() {
            m.submit(&rest);
        }
    }

    pub fn set_autoplay(&mut self, on: bool) {
        if let Some(g) = self.guide.as_mut() {
            match (&mut g.autoplay, on) {
                (Some(a), _) => a.playing = on,
                (None, true) => {
                    g.autoplay = Some(Autoplay {
                        playing: true,
                        phase: Phase::Commands(0),
                        next_at: None,
                    })
                }
                (None, false) => {}
            }
            self.rev += 1;
        }
    }

    pub fn autoplaying(&self) -> bool {
        self.guide
            .as_ref()
            .and_then(|g| g.autoplay.as_ref())
            .is_some_and(|a| a.playing)
    }

    /// The events since the last call, for an embedding page.
    pub fn drain_events(&mut self) -> Vec<GuideEvent> {
        std::mem::take(&mut self.events)
    }

    /// Called every frame after the model's: checks the current step when
    /// the model changed, and moves autoplay on. Returns true when the
    /// pane should re-render.
    pub fn tick(&mut self, m: &mut Model, wall_ms: f64) -> bool {
        let before = self.rev;
        // A closed lesson leaves the session log here.
        self.sync_log(m);
        self.check(m, wall_ms);
        self.autoplay(m, wall_ms);
        self.rev != before
    }

    fn check(&mut self, m: &mut Model, wall_ms: f64) {
        let Some(g) = self.guide.as_mut() else {
            return;
        };
        let rev = Rev { anim: 0, ..m.rev };
        let retry_shell = g
            .last
            .as_ref()
            .is_some_and(|r| r.needs_shell && wall_ms - g.last_shell_ms >= SHELL_RECHECK_MS);
        if g.seen == Some(rev) && !retry_shell {
            return;
        }
        // A command ran or a file was applied since the last check.
        if g.seen
            .is_some_and(|s| s.term != rev.term || s.tabs != rev.tabs)
        {
            g.shell_due = true;
        }
        g.seen = Some(rev);
        let index = g.progress.current;
        let Some(step) = g.lesson.steps().get(index) else {
            return;
        };
        if g.progress.is_done(&step.id) && g.last.as_ref().is_some_and(|r| r.done) {
            return;
        }
        let mut r = step.check_state(m.cluster());
        if !r.done && r.needs_shell && (g.shell_due || retry_shell) {
            let lesson = g.lesson.clone();
            if let Some(full) = lesson.steps().get(index).and_then(|s| m.check_step(s)) {
                g.shell_due = false;
                g.last_shell_ms = wall_ms;
                // Keep needs_shell so ticks retry while the state holds.
                r = CheckResult {
                    needs_shell: !full.done,
                    ..full
                };
            }
            // The shell check moved the model's revisions: not a change.
            g.seen = Some(Rev { anim: 0, ..m.rev });
        }
        let newly_done = r.done && !g.progress.is_done(&step.id);
        let id = step.id.clone();
        if g.last.as_ref() != Some(&r) {
            g.last = Some(r);
            self.rev += 1;
        }
        if newly_done {
            let lesson = g.lesson.clone();
            g.progress.set_done(&lesson, &id, true);
            self.events.push(GuideEvent::StepDone {
                lesson: lesson.id.clone(),
                index,
                id,
            });
            if g.progress.is_complete(&lesson) {
                self.events.push(GuideEvent::Complete {
                    lesson: lesson.id.clone(),
                });
            }
            let progress = g.progress.clone();
            self.stored.keep(&progress);
            self.changed();
        }
    }

    fn autoplay(&mut self, m: &mut Model, wall_ms: f64) {
        let Some(g) = self.guide.as_mut() else {
            return;
        };
        let Some(a) = g.autoplay.as_mut().filter(|a| a.playing) else {
            return;
        };
        if a.next_at.is_some_and(|t| wall_ms < t) {
            return;
        }
        let Some(step) = g.lesson.steps().get(g.progress.current) else {
            a.playing = false;
            return;
        };
        match a.phase {
            Phase::Commands(i) => {
                if let Some(cmd) = step.commands.get(i) {
                    a.phase = Phase::Commands(i + 1);
                    a.next_at = Some(wall_ms + AUTOPLAY_COMMAND_MS);
                    Lessons::run_command(m, cmd);
                } else {
                    a.phase = Phase::Waited;
                    let wait = step.wait_ms();
                    if wait > 0 {
                        m.fast_forward(wait);
                    }
                    a.next_at = Some(wall_ms + AUTOPLAY_WAIT_MS);
                }
            }
            Phase::Waited | Phase::Checking(_) => {
                let polls = match a.phase {
                    Phase::Checking(n) => n,
                    _ => 0,
                };
                if g.progress.is_done(&step.id) {
                    let last = g.progress.current + 1 >= g.lesson.steps().len();
                    if last {
                        a.playing = false;
                        self.rev += 1;
                    } else {
                        let next = g.progress.current + 1;
                        a.next_at = Some(wall_ms + AUTOPLAY_NEXT_MS);
                        self.goto(m, next);
                        if let Some(a) = self.guide.as_mut().and_then(|g| g.autoplay.as_mut()) {
                            a.next_at = Some(wall_ms + AUTOPLAY_NEXT_MS);
                        }
                    }
                } else if polls >= AUTOPLAY_POLLS {
                    a.playing = false;
                    self.rev += 1;
                } else {
                    a.phase = Phase::Checking(polls + 1);
                    a.next_at = Some(wall_ms + 1000.0);
                    g.shell_due = true;
                    g.seen = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Config;

    const COURSE: &str = "k8s-workloads-and-networking";

    fn model() -> Model {
        Model::new(&Config {
            seed: 42,
            paused: true,
            ..Config::default()
        })
    }

    #[test]
    fn links_and_stored_sessions_reopen_the_lesson_at_its_step() {
        let mut m = model();
        let mut l = Lessons::new(None);
        l.open_at_start(&mut m, Some(COURSE), Some(2));
        assert_eq!(m.log.lesson, Some((LessonSource::builtin(COURSE), 2)));
        l.next(&mut m);
        assert_eq!(m.log.lesson, Some((LessonSource::builtin(COURSE), 3)));
        m.submit("kubectl get nodes");
        // The link (and the stored session) carry it...
        let text = crate::session::codec::encode(&crate::session::Session::of(&m));
        let s = crate::session::codec::decode(&text).expect("the link decodes");
        let (mut b, _) = crate::session::replay(&s);
        // ...and a page opening it (no `?lesson=`, another lesson stored
        // from the last visit) shows that lesson at that step.
        let mut stored = Lessons::new(None);
        stored.stored.open = Some("nothing-like-it".to_string());
        let mut lb = Lessons::new(Some(&stored.stored.to_json()));
        lb.open_at_start(&mut b, None, None);
        let g = lb.guide.as_ref().expect("the lesson is open");
        assert_eq!(g.builtin.as_deref(), Some(COURSE));
        assert_eq!(g.current(), 3);
        assert_eq!(lb.error, None);
        // `?lesson=` wins over the link.
        let (mut c, _) = crate::session::replay(&s);
        let mut lc = Lessons::new(None);
        lc.open_at_start(&mut c, Some(COURSE), Some(0));
        assert_eq!(lc.guide.as_ref().map(Guide::current), Some(0));
        assert_eq!(c.log.lesson, Some((LessonSource::builtin(COURSE), 0)));
        // Closing takes it out of the session at the next frame.
        lc.close();
        lc.tick(&mut c, 0.0);
        assert_eq!(c.log.lesson, None);
        // A fresh page without any of these opens nothing.
        let mut fresh = model();
        let mut lf = Lessons::new(None);
        lf.open_at_start(&mut fresh, None, None);
        assert!(lf.guide.is_none());
        assert_eq!(fresh.log.lesson, None);
    }

    const MINE: &str = "id: mine\ntitle: {en: Mine, ko: 내 수업}\nsteps:\n  - id: one\n    title: {en: One, ko: 하나}\n    explanation: {en: x, ko: z}\n  - id: two\n    title: {en: Two, ko: 둘}\n    explanation: {en: x, ko: z}\n";

    #[test]
    fn pasted_and_fetched_lessons_travel_in_links() {
        // A pasted lesson: its text goes in the link.
        let mut m = model();
        let mut l = Lessons::new(None);
        assert!(l.open_text(&mut m, "pasted.yaml", MINE), "{:?}", l.error);
        l.next(&mut m);
        let pasted = LessonSource::Text {
            name: "pasted.yaml".into(),
            text: MINE.into(),
        };
        assert_eq!(m.log.lesson, Some((pasted.clone(), 1)));
        let text = crate::session::codec::encode(&crate::session::Session::of(&m));
        let s = crate::session::codec::decode(&text).expect("the link decodes");
        let (mut b, _) = crate::session::replay(&s);
        let mut lb = Lessons::new(None);
        lb.open_at_start(&mut b, None, None);
        let g = lb.guide.as_ref().expect("the pasted lesson is open");
        assert_eq!((g.lesson.id.as_str(), g.current()), ("mine", 1));
        assert_eq!(g.source, pasted);
        assert_eq!(lb.to_fetch, None);

        // A fetched lesson: its address goes in the link, and the page
        // that opens the link is asked to fetch it, at the step.
        let mut m = model();
        let mut l = Lessons::new(None);
        l.open_at_start(&mut m, Some("lessons/mine.yaml"), Some(1));
        assert_eq!(l.to_fetch, Some(("lessons/mine.yaml".to_string(), Some(1))));
        assert!(l.open_fetched(&mut m, "lessons/mine.yaml", MINE, Some(1)));
        let url = LessonSource::Url("lessons/mine.yaml".into());
        assert_eq!(m.log.lesson, Some((url, 1)));
        let text = crate::session::codec::encode(&crate::session::Session::of(&m));
        let s = crate::session::codec::decode(&text).expect("the link decodes");
        let (mut c, _) = crate::session::replay(&s);
        let mut lc = Lessons::new(None);
        lc.open_at_start(&mut c, None, None);
        assert!(lc.guide.is_none());
        assert_eq!(
            lc.to_fetch,
            Some(("lessons/mine.yaml".to_string(), Some(1)))
        );
    }

    #[test]
    fn an_old_lesson_language_is_read_once() {
        // Before one setting drove the whole UI, the lesson pane kept its
        // own language in its stored value.
        let old = r#"{"version":1,"lang":"ko","open":null,"progress":[]}"#;
        let mut l = Lessons::new(Some(old));
        assert_eq!(l.notice, None);
        assert_eq!(l.take_old_lang(), Some(Lang::Ko));
        assert_eq!(l.take_old_lang(), None);
        assert!(l.dirty);
        assert!(
            !l.stored.to_json().contains("lang"),
            "{}",
            l.stored.to_json()
        );
        // The pane's labels and messages exist in both languages.
        let failed =
            |lang: Lang| crate::i18n::fill(lang.t("lesson.load_failed"), &["x.yaml", "HTTP 404"]);
        assert_eq!(
            failed(Lang::En),
            "lesson x.yaml: could not be loaded: HTTP 404"
        );
        assert_eq!(
            failed(Lang::Ko),
            "수업 x.yaml: 불러오지 못했습니다: HTTP 404"
        );
        assert_eq!(Lang::Ko.t("lesson.picker"), "수업 선택");
    }

    #[test]
    fn damaged_or_old_storage_gives_a_notice_and_a_fresh_start() {
        for text in [
            "{",
            "null",
            r#"{"version":0}"#,
            r#"{"version":1,"progress":7}"#,
        ] {
            let l = Lessons::new(Some(text));
            assert!(l.notice.is_some(), "{text}");
            assert!(l.dirty && l.stored.progress.is_empty());
        }
    }

    #[test]
    fn unknown_names_and_bad_files_say_why() {
        let mut m = model();
        let mut l = Lessons::new(None);
        assert!(!l.open_builtin(&mut m, "nope", None));
        assert!(l
            .error
            .as_deref()
            .unwrap_or("")
            .contains("no built-in lesson named \"nope\""));
        assert!(!l.open_text(
            &mut m,
            "mine.yaml",
            "id: x\ntitle: t\nsteps:\n  - title: a\n    check: {pods: 3}\n"
        ));
        let e = l.error.clone().unwrap_or_default();
        assert!(e.starts_with("lesson mine.yaml: step 1"), "{e}");
        assert!(l.guide.is_none());
    }

    /// The course lesson completed step by step through the model, as the
    /// pane's "Run" buttons do; each step turns done, progress is stored
    /// and survives a reload.
    #[test]
    fn the_course_lesson_completes_through_the_model() {
        let mut m = model();
        let mut l = Lessons::new(None);
        assert!(l.open_builtin(&mut m, COURSE, None));
        let mut wall = 0.0;
        let total = l.guide.as_ref().map(Guide::total).unwrap_or(0);
        assert_eq!(total, 12);
        for i in 0..total {
            wall += 10.0;
            l.tick(&mut m, wall);
            let g = l.guide.as_ref().expect("open");
            assert_eq!(g.current(), i);
            let step = g.step().expect("a step").clone();
            assert!(
                !g.last.as_ref().is_some_and(|r| r.done),
                "step {} done early",
                step.id
            );
            for cmd in &step.commands {
                Lessons::run_command(&mut m, cmd);
            }
            m.advance(step.wait_ms());
            wall += 10.0;
            l.tick(&mut m, wall);
            let g = l.guide.as_ref().expect("open");
            let r = g.last.clone().expect("checked");
            assert!(r.done, "step {}: {}", step.id, r.detail);
            assert_eq!(g.done_count(), i + 1);
            l.next(&mut m);
        }
        let events = l.drain_events();
        assert!(events.contains(&GuideEvent::Complete {
            lesson: COURSE.to_string()
        }));
        let done = events
            .iter()
            .filter(|e| matches!(e, GuideEvent::StepDone { .. }))
            .count();
        assert_eq!(done, total);
        // Reload: the progress comes back from storage.
        let mut again = Lessons::new(Some(&l.stored.to_json()));
        assert_eq!(again.stored.open.as_deref(), Some(COURSE));
        let mut m2 = model();
        assert!(again.open_builtin(&mut m2, COURSE, None));
        assert_eq!(again.guide.as_ref().map(Guide::done_count), Some(total));
    }

    #[test]
    fn autoplay_runs_the_first_step() {
        let mut m = model();
        let mut l = Lessons::new(None);
        assert!(l.open_builtin(&mut m, COURSE, Some(0)));
        l.set_autoplay(true);
        let mut wall = 0.0;
        for _ in 0..200 {
            wall += 500.0;
            m.frame(wall);
            l.tick(&mut m, wall);
            if l.guide.as_ref().is_some_and(|g| g.current() == 1) {
                break;
            }
        }
        let g = l.guide.as_ref().expect("open");
        assert_eq!(g.current(), 1, "autoplay did not finish step 1");
        assert!(g.progress.is_done("statefulset"));
        assert!(m
            .term
            .history()
            .iter()
            .any(|h| h == "kubectl apply -f web.yaml"));
    }

    #[test]
    fn goto_opens_the_steps_files_and_clamps() {
        let mut m = model();
        let mut l = Lessons::new(None);
        assert!(l.open_builtin(&mut m, COURSE, Some(99)));
        assert_eq!(l.guide.as_ref().map(Guide::current), Some(11));
        l.goto(&mut m, 0);
        assert!(m.tabs.iter().any(|t| t.name == "web.yaml"));
        assert_eq!(m.tabs[m.active].name, "web.yaml");
    }
}
