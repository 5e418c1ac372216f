//! What the session targets (`share_link`, `stored_state`) share.

use kubeplay_web::session;

/// Replaying costs about 0.1 ms of engine time per recorded clock step
/// (BENCHMARKS.md "Fuzzing"): a session of more steps is decoded and
/// checked but not replayed by the targets, or a few mutated numbers would
/// turn every run into minutes. The decoder's own bound is
/// `codec::MAX_STEPS`.
pub const REPLAY_STEPS: u64 = 20_000;

/// The clock steps a session's replay takes.
pub fn steps(s: &session::Session) -> u64 {
    s.log
        .entries
        .iter()
        .map(|e| match e {
            session::Entry::Advance { times, .. } => u64::from(*times),
            _ => 0,
        })
        .sum()
}

/// Whether a decoded session is worth replaying (see [`REPLAY_STEPS`]).
pub fn replayable(s: &session::Session) -> bool {
    steps(s) <= REPLAY_STEPS
}
