//! The session menu's Import: `kubectl get ... -o yaml|json` text pasted
//! by the user, read by `session::bundle::import`, whose shell lines the
//! app then types into a fresh shell (one `kubectl apply -f - <<'EOF'`
//! heredoc). Must never panic; the lines it makes must be one complete
//! command.
#![no_main]

use cluster::{Cluster, Profile};
use kubectl::{Feed, MemFiles, Shell};
use kubeplay_web::session::bundle;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(imp) = bundle::import(&text) else {
        return;
    };
    let mut sh = Shell::new(
        Cluster::new(Profile::DockerDesktop, 1),
        Box::new(MemFiles::default()),
    );
    let n = imp.lines.len();
    for (i, line) in imp.lines.iter().enumerate() {
        let fed = sh.feed_line(line);
        // Every line but the heredoc's end marker continues the command.
        assert_eq!(
            matches!(fed, Feed::More),
            i + 1 < n,
            "line {} of {n}: {line:?}",
            i + 1
        );
    }
});
