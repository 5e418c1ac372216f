//! What `kubectl cp` runs in a container: `tar cf - PATH` (to copy out)
//! and `tar -xmf - -C DIR` (to copy in), over the container's file system,
//! with GNU tar's or BusyBox tar's messages as the image has. The archive
//! itself is not serialised: kubectl's side receives or sends the entries.

use super::fs::{Kind, View};
use super::shell::oci_not_found;
use crate::containerfs::Errno;
use crate::{Cluster, ExecResult};

/// One member of an archive: its name (relative, as tar stores it) and
/// what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TarEntry {
    Dir(String),
    File(String, String),
    /// A symbolic link and its target.
    Link(String, String),
}

impl TarEntry {
    pub fn name(&self) -> &str {
        match self {
            TarEntry::Dir(n) | TarEntry::File(n, _) | TarEntry::Link(n, _) => n,
        }
    }
}

/// A finished `tar`: what it printed and its exit status.
fn done(stderr: String, code: i32) -> ExecResult {
    ExecResult {
        stdout: String::new(),
        stderr,
        exit_code: code,
    }
}

impl Cluster {
    /// `tar cf - PATH` in a container: the members (names without the
    /// leading `/`), and tar's messages and status. `Ok(None)` members
    /// when the container has no `tar` (the runtime's error, 126).
    pub fn tar_create(
        &mut self,
        ns: &str,
        pod: &str,
        container: Option<&str>,
        path: &str,
    ) -> Result<(ExecResult, Vec<TarEntry>), super::exec::PodError> {
        let (p, spec, img, chosen) = self.exec_target(ns, pod, container)?;
        let (mut r, entries) = self.tar_create_in(&p, &spec, &img, path);
        if let Some(n) = chosen.notice {
            r.stderr.insert_str(0, &n);
        }
        Ok((r, entries))
    }

    fn tar_create_in(
        &mut self,
        p: &serde_json::Value,
        spec: &serde_json::Value,
        img: &super::catalog::Image,
        path: &str,
    ) -> (ExecResult, Vec<TarEntry>) {
        if !img.has_program("tar") {
            return (done(oci_not_found("tar"), 126), Vec::new());
        }
        let gnu = !img.busybox_userland();
        let view = self.fs_view(p, spec, img);
        let cwd = match crate::net::topo::str_at(spec, "/workingDir") {
            "" => super::workdir(img),
            w => w.to_string(),
        };
        let abs = if path.starts_with('/') {
            super::fs::normalize(path)
        } else {
            super::fs::normalize(&format!("{cwd}/{path}"))
        };
        let mut err = String::new();
        let stripped = path.trim_start_matches('/');
        if path.starts_with('/') && !stripped.is_empty() && gnu {
            err.push_str("tar: Removing leading `/' from member names\n");
        }
        let st = match self.fs_stat(&view, &abs) {
            Ok(st) => st,
            Err(e) => {
                return if gnu {
                    err.push_str(&format!(
                        "tar: {path}: Cannot stat: {}\ntar: Exiting with failure status due to previous errors\n",
                        e.text(false)
                    ));
                    (done(err, 2), Vec::new())
                } else {
                    (
                        done(format!("tar: {path}: {}\n", e.text(true)), 1),
                        Vec::new(),
                    )
                };
            }
        };
        if path.starts_with('/') && !stripped.is_empty() && !gnu {
            err.push_str("tar: removing leading '/' from member names\n");
        }
        let mut entries = Vec::new();
        let name = super::fs::normalize(path)
            .trim_start_matches('/')
            .to_string();
        self.archive(&view, &abs, &name, &st, &mut entries);
        (done(err, 0), entries)
    }

    fn archive(
        &self,
        view: &View,
        abs: &str,
        name: &str,
        st: &super::fs::Stat,
        out: &mut Vec<TarEntry>,
    ) {
        if let Some(target) = &st.link {
            out.push(TarEntry::Link(name.to_string(), target.clone()));
            return;
        }
        match st.kind {
            Kind::File => {
                let text = self.fs_read(view, abs).unwrap_or_default();
                out.push(TarEntry::File(name.to_string(), text));
            }
            Kind::Dir => {
                out.push(TarEntry::Dir(format!("{name}/")));
                for (child, cst) in self.fs_list(view, abs).unwrap_or_default() {
                    let cabs = format!("{}/{child}", abs.trim_end_matches('/'));
                    let cname = if name.is_empty() {
                        child.clone()
                    } else {
                        format!("{name}/{child}")
                    };
                    self.archive(view, &cabs, &cname, &cst, out);
                }
            }
        }
    }

    /// `tar -xmf - -C DIR` in a container with `entries` on its input.
    pub fn tar_extract(
        &mut self,
        ns: &str,
        pod: &str,
        container: Option<&str>,
        dir: &str,
        entries: &[TarEntry],
    ) -> Result<ExecResult, super::exec::PodError> {
        let (p, spec, img, chosen) = self.exec_target(ns, pod, container)?;
        let mut r = self.tar_extract_in(&p, &spec, &img, dir, entries);
        if let Some(n) = chosen.notice {
            r.stderr.insert_str(0, &n);
        }
        Ok(r)
    }

    fn tar_extract_in(
        &mut self,
        p: &serde_json::Value,
        spec: &serde_json::Value,
        img: &super::catalog::Image,
        dir: &str,
        entries: &[TarEntry],
    ) -> ExecResult {
        if !img.has_program("tar") {
            return done(oci_not_found("tar"), 126);
        }
        let gnu = !img.busybox_userland();
        let view = self.fs_view(p, spec, img);
        let cwd = match crate::net::topo::str_at(spec, "/workingDir") {
            "" => super::workdir(img),
            w => w.to_string(),
        };
        let base = if dir.starts_with('/') {
            super::fs::normalize(dir)
        } else {
            super::fs::normalize(&format!("{cwd}/{dir}"))
        };
        match self.fs_stat(&view, &base) {
            Ok(st) if st.kind == Kind::Dir => {}
            other => {
                let e = match other {
                    Ok(_) => Errno::NotDir,
                    Err(e) => e,
                };
                return if gnu {
                    done(
                        format!(
                            "tar: {dir}: Cannot open: {}\ntar: Error is not recoverable: exiting now\n",
                            e.text(false)
                        ),
                        2,
                    )
                } else {
                    done(
                        format!("tar: can't change directory to '{dir}': {}\n", e.text(true)),
                        1,
                    )
                };
            }
        }
        let mut err = String::new();
        for entry in entries {
            let name = entry.name().trim_end_matches('/');
            let abs = super::fs::normalize(&format!("{base}/{name}"));
            // Parent directories a member needs are made as tar makes them.
            let parent = super::fs::parent(&abs);
            if !matches!(self.fs_stat(&view, &parent), Ok(st) if st.kind == Kind::Dir) {
                let mut cur = String::new();
                for seg in parent.split('/').filter(|s| !s.is_empty()) {
                    cur.push('/');
                    cur.push_str(seg);
                    if self.fs_stat(&view, &cur).is_err() {
                        let _ = self.fs_mkdir(&view, &cur);
                    }
                }
            }
            let result = match entry {
                TarEntry::Dir(_) => match self.fs_stat(&view, &abs) {
                    Ok(st) if st.kind == Kind::Dir => Ok(()),
                    _ => self.fs_mkdir(&view, &abs).map_err(|e| (e, "mkdir")),
                },
                TarEntry::File(_, text) => self
                    .fs_write(&view, &abs, text, false)
                    .map_err(|e| (e, "open")),
                // Links from kubectl's side are not made (it sends files).
                TarEntry::Link(..) => Ok(()),
            };
            if let Err((e, what)) = result {
                if gnu {
                    let verb = if what == "mkdir" {
                        "Cannot mkdir"
                    } else {
                        "Cannot open"
                    };
                    err.push_str(&format!("tar: {name}: {verb}: {}\n", e.text(false)));
                } else {
                    let msg = if what == "mkdir" {
                        format!("tar: can't create directory '{name}': {}\n", e.text(true))
                    } else {
                        format!("tar: can't open '{name}': {}\n", e.text(true))
                    };
                    return done(msg, 1);
                }
            }
        }
        if !err.is_empty() {
            err.push_str("tar: Exiting with failure status due to previous errors\n");
            return done(err, 2);
        }
        done(String::new(), 0)
    }
}
