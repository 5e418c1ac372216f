//! Which steps of a lesson are done.

use crate::Lesson;
use kubectl::Shell;
use serde::{Deserialize, Serialize};

/// A student's progress through one lesson: the steps done (by id, so that
/// progress survives edits that reorder or add steps) and the step shown.
/// Serialisable for localStorage and share links.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The lesson's id.
    pub lesson: String,
    /// Ids of the steps done, in lesson order.
    pub done: Vec<String>,
    /// The index of the step shown.
    pub current: usize,
}

impl Progress {
    pub fn new(lesson: &Lesson) -> Progress {
        Progress {
            lesson: lesson.id.clone(),
            done: Vec::new(),
            current: 0,
        }
    }

    pub fn is_done(&self, step_id: &str) -> bool {
        self.done.iter().any(|d| d == step_id)
    }

    /// Marks a step done (or not), keeping lesson order; unknown ids are
    /// ignored.
    pub fn set_done(&mut self, lesson: &Lesson, step_id: &str, done: bool) {
        let mut ids: Vec<String> = lesson
            .steps()
            .iter()
            .filter(|s| {
                if s.id == step_id {
                    done
                } else {
                    self.is_done(&s.id)
                }
            })
            .map(|s| s.id.clone())
            .collect();
        ids.dedup();
        self.done = ids;
    }

    /// Checks the current step and marks it done when its check passes.
    /// Steps once done stay done (a later cleanup step undoes earlier
    /// ones' state on purpose). Returns the check's result.
    pub fn check_current(
        &mut self,
        lesson: &Lesson,
        shell: &mut Shell,
    ) -> Option<crate::CheckResult> {
        let step = lesson.steps().get(self.current)?;
        let r = step.check(shell);
        if r.done {
            let id = step.id.clone();
            self.set_done(lesson, &id, true);
        }
        Some(r)
    }

    /// Moves to the first step not done yet (or stays at the last).
    pub fn advance(&mut self, lesson: &Lesson) {
        let steps = lesson.steps();
        self.current = steps
            .iter()
            .position(|s| !self.is_done(&s.id))
            .unwrap_or(steps.len().saturating_sub(1));
    }

    /// Whether every step is done.
    pub fn is_complete(&self, lesson: &Lesson) -> bool {
        lesson.steps().iter().all(|s| self.is_done(&s.id))
    }

    /// Progress read back for `lesson`: ids the lesson no longer has are
    /// dropped and `current` is kept in range; progress of another lesson
    /// starts over.
    pub fn for_lesson(mut self, lesson: &Lesson) -> Progress {
        if self.lesson != lesson.id {
            return Progress::new(lesson);
        }
        self.done
            .retain(|d| lesson.steps().iter().any(|s| &s.id == d));
        self.current = self.current.min(lesson.steps().len().saturating_sub(1));
        self
    }
}
