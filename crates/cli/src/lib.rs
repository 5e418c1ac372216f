//! The native `kubeplay` program: a REPL and a script runner over the same
//! shell the browser uses. Scripts see real files relative to the script's
//! folder.

use cluster::{Cluster, Profile};
use kubectl::{Files, Output, Shell};
use std::path::{Path, PathBuf};

/// The seed used when none is given, so that two runs print the same bytes.
pub const DEFAULT_SEED: u64 = 1;

/// Real files under a folder, as the shell's `Files`.
pub struct DirFiles {
    pub root: PathBuf,
}

impl DirFiles {
    fn resolve(&self, path: &str) -> PathBuf {
        let p = Path::new(path);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.root.join(p)
        }
    }
}

impl Files for DirFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        let full = self.resolve(path);
        match std::fs::read(&full) {
            Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(format!("open {path}: no such file or directory"))
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                Err(format!("open {path}: permission denied"))
            }
            Err(_) if full.is_dir() => Err(format!("read {path}: is a directory")),
            Err(e) => Err(format!("open {path}: {e}")),
        }
    }

    fn list(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.root)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        cluster::sort::sort(&mut names);
        names
    }
}

/// A fresh shell over a fresh default (Docker Desktop) cluster.
pub fn new_shell(seed: u64, files: Box<dyn Files>) -> Shell {
    new_shell_with(Profile::DockerDesktop, seed, files)
}

/// A fresh shell over a fresh cluster of `profile`.
pub fn new_shell_with(profile: Profile, seed: u64, files: Box<dyn Files>) -> Shell {
    Shell::new(Cluster::new(profile, seed), files)
}

/// What a script's header asks for: `# seed: N` on the first line, then
/// optionally `# profile: NAME` on the next (a script may also start with
/// `# profile:` alone). Missing values are `None`; an unknown profile name
/// is an error.
pub fn script_header(script: &str) -> Result<(Option<u64>, Option<Profile>), String> {
    let mut lines = script.lines();
    let mut seed = None;
    let mut profile = None;
    let mut line = lines.next();
    if let Some(v) = line.and_then(|l| l.strip_prefix("# seed:")) {
        seed = v.trim().parse().ok();
        line = lines.next();
    }
    if let Some(v) = line.and_then(|l| l.strip_prefix("# profile:")) {
        profile = Some(v.trim().parse::<Profile>()?);
    }
    Ok((seed, profile))
}

/// Echoes a command as typed: the prompt it was typed at (`$ `, or a
/// container shell's `/ # `) before its first line, `> ` before each
/// continuation line (as an interactive shell shows PS1 and PS2).
pub fn echo_command(prompt: &str, text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        out.push_str(if i == 0 { prompt } else { "> " });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Runs a script and returns the transcript: each command echoed, then its
/// output (stdout and stderr in the order written), and the last exit code.
pub fn transcript(shell: &mut Shell, script: &str) -> (String, i32) {
    let mut out = String::new();
    let mut code = 0;
    for (prompt, command, output) in shell.run_script_prompted(script) {
        out.push_str(&echo_command(&prompt, &command));
        out.push_str(&output.text());
        code = output.exit_code;
    }
    (out, code)
}

/// Writes one command's output to the real stdout and stderr.
pub fn print_output(output: &Output) {
    use std::io::Write;
    let mut so = std::io::stdout().lock();
    let mut se = std::io::stderr().lock();
    for (stream, text) in &output.chunks {
        // Errors writing to a closed pipe are not worth a panic.
        let _ = match stream {
            kubectl::Stream::Stdout => so.write_all(text.as_bytes()).and_then(|_| so.flush()),
            kubectl::Stream::Stderr => se.write_all(text.as_bytes()).and_then(|_| se.flush()),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_give_seed_and_profile() {
        assert_eq!(script_header("kubectl get pods\n"), Ok((None, None)));
        assert_eq!(script_header("# seed: 7\nk get po\n"), Ok((Some(7), None)));
        assert_eq!(
            script_header("# seed: 3\n# profile: onprem\n"),
            Ok((Some(3), Some(Profile::OnPrem)))
        );
        assert_eq!(
            script_header("# profile: minikube\n"),
            Ok((None, Some(Profile::Minikube)))
        );
        assert!(script_header("# seed: 3\n# profile: gke\n").is_err());
    }

    #[test]
    fn echo_marks_continuations() {
        assert_eq!(
            echo_command("$ ", "kubectl get pods"),
            "$ kubectl get pods\n"
        );
        assert_eq!(echo_command("/ # ", "hostname"), "/ # hostname\n");
        assert_eq!(
            echo_command("$ ", "cat <<EOF\nhello\nEOF"),
            "$ cat <<EOF\n> hello\n> EOF\n"
        );
    }

    #[test]
    fn dir_files_read_and_report_missing_files() {
        let dir = std::env::temp_dir().join(format!("kubeplay-cli-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.yaml"), "kind: Pod\n").unwrap();
        let files = DirFiles { root: dir.clone() };
        assert_eq!(files.read("a.yaml").unwrap(), "kind: Pod\n");
        assert_eq!(
            files.read("missing.yaml").unwrap_err(),
            "open missing.yaml: no such file or directory"
        );
        assert_eq!(files.list(), vec!["a.yaml".to_string()]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
