//! Images as behaviours: what a container of a known image does (ports it
//! serves, what it logs, which commands `kubectl exec` finds in it, whether
//! it exits). An image the registry does not know fails to pull, as a real
//! pull of a missing image does.
//!
//! Contract with the kubelet (crate::kubelet): when a container starts it
//! calls [`start`]; `None` means the pull fails (ErrImagePull, then
//! ImagePullBackOff). The kubelet appends [`Started::logs`] to the
//! [`LogStore`] and, if [`Started::exit`] is set, ends the container after
//! that many milliseconds with that exit code.

use crate::time::Time;
use std::collections::BTreeMap;

/// What a container does when it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    /// How long pulling the image takes on a node that lacks it.
    pub pull_ms: i64,
    /// Lines the process writes at start (milliseconds after start, text).
    pub logs: Vec<(i64, String)>,
    /// `Some((after_ms, exit_code))` if the process ends by itself.
    pub exit: Option<(i64, i32)>,
    /// TCP ports the process listens on.
    pub listens: Vec<u16>,
}

/// Splits `repo/name:tag` into the image's short name (`nginx`,
/// `curlimages/curl`, `busybox`) and its tag. `docker.io/` and
/// `docker.io/library/` prefixes are dropped; a digest is ignored.
pub fn parse_ref(image: &str) -> (String, String) {
    let image = image.split('@').next().unwrap_or("");
    let (repo, tag) = match image.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r, t),
        _ => (image, "latest"),
    };
    let repo = repo
        .strip_prefix("docker.io/")
        .unwrap_or(repo)
        .strip_prefix("library/")
        .unwrap_or(repo.strip_prefix("docker.io/").unwrap_or(repo));
    (repo.to_string(), tag.to_string())
}

/// What a container of `image` does when started with the pod's
/// `command` and `args` (either may be empty: the image's defaults apply).
/// `None`: the image does not exist in any registry we simulate.
pub fn start(image: &str, command: &[String], args: &[String]) -> Option<Started> {
    let (repo, _tag) = parse_ref(image);
    let argv: Vec<&str> = command.iter().chain(args.iter()).map(String::as_str).collect();
    match repo.as_str() {
        "nginx" => Some(Started {
            pull_ms: 4_000,
            logs: Vec::new(),
            exit: None,
            listens: vec![80],
        }),
        "curlimages/curl" | "busybox" | "alpine" | "ubuntu" => {
            let runs_forever = matches!(argv.as_slice(), ["sleep", "infinity"] | ["sleep", "inf"]);
            Some(Started {
                pull_ms: 2_000,
                logs: Vec::new(),
                exit: if runs_forever || argv.is_empty() && repo != "curlimages/curl" {
                    None
                } else {
                    Some((100, 0))
                },
                listens: Vec::new(),
            })
        }
        _ => None,
    }
}

/// Container logs, kept per (namespace, pod, container).
#[derive(Clone, Debug, Default)]
pub struct LogStore {
    lines: BTreeMap<(String, String, String), Vec<(Time, String)>>,
}

impl LogStore {
    pub fn append(&mut self, ns: &str, pod: &str, container: &str, at: Time, line: impl Into<String>) {
        self.lines
            .entry((ns.to_string(), pod.to_string(), container.to_string()))
            .or_default()
            .push((at, line.into()));
    }
    pub fn get(&self, ns: &str, pod: &str, container: &str) -> &[(Time, String)] {
        self.lines
            .get(&(ns.to_string(), pod.to_string(), container.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// Forgets a pod's logs (when the pod is deleted).
    pub fn remove_pod(&mut self, ns: &str, pod: &str) {
        self.lines.retain(|(n, p, _), _| !(n == ns && p == pod));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_refs() {
        assert_eq!(parse_ref("nginx:stable"), ("nginx".into(), "stable".into()));
        assert_eq!(parse_ref("docker.io/curlimages/curl:7.86.0"), ("curlimages/curl".into(), "7.86.0".into()));
        assert_eq!(parse_ref("docker.io/library/nginx"), ("nginx".into(), "latest".into()));
        assert_eq!(parse_ref("localhost:5000/x"), ("localhost:5000/x".into(), "latest".into()));
    }

    #[test]
    fn unknown_images_fail_to_pull() {
        assert!(start("nginx", &[], &[]).is_some());
        assert!(start("nginxx:nope", &[], &[]).is_none());
    }
}
