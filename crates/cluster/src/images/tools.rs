//! The file tools of a container's shell: `cd`, `cat`, `ls`, `mkdir`,
//! `touch`, `rm`, `rmdir`, `cp` and `mv`, over the container's file system
//! (`Sys`), with BusyBox's or GNU coreutils' messages as the image has.

use super::shell::{Errno, Io, Kind, Proc, Stat};
use crate::time::Time;

/// Splits `-rf`-style flags from operands (`--` ends the flags).
fn split_flags(args: &[String]) -> (String, Vec<String>) {
    let mut flags = String::new();
    let mut rest = Vec::new();
    let mut done = false;
    for a in args {
        if !done && a == "--" {
            done = true;
        } else if !done && a.len() > 1 && a.starts_with('-') {
            flags.push_str(a.trim_start_matches('-'));
        } else {
            rest.push(a.clone());
        }
    }
    (flags, rest)
}

fn base_name(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    t.rsplit('/').next().unwrap_or(t)
}

/// The first 8 characters of a user or group name (`%-8.8s`).
fn cut8(name: &str) -> String {
    name.chars().take(8).collect()
}

/// `ls -l`'s date: `Jan  5 09:00`, or `Jan  5  2025` beyond six months.
fn ls_date(t: Time, now: Time) -> String {
    let (y, mo, d, h, mi, _) = t.civil();
    let month = super::nginx::MONTHS[(mo as usize).saturating_sub(1) % 12];
    let half_year = 15_778_476_000i64;
    if (now.0 - t.0).abs() < half_year {
        format!("{month} {d:2} {h:02}:{mi:02}")
    } else {
        format!("{month} {d:2}  {y}")
    }
}

impl Proc<'_> {
    fn fail(&mut self, msg: String) {
        self.emit(true, msg);
    }

    fn musl(&self) -> bool {
        self.sys.image().busybox_userland()
    }

    /// `cd DIR` (no operand: `$HOME`).
    pub(super) fn cd(&mut self, args: &[String]) -> Io {
        let target = match args.iter().find(|a| *a != "-L" && *a != "-P") {
            Some(t) => t.clone(),
            None => self
                .sys
                .env()
                .into_iter()
                .find(|(k, _)| k == "HOME")
                .map(|(_, v)| v)
                .unwrap_or_else(|| "/".into()),
        };
        let path = self.abs(&target);
        let err = match self.stat_path(&path) {
            Ok(st) if st.kind == Kind::Dir => {
                self.cwd = path;
                return Io {
                    stdout: String::new(),
                    code: 0,
                };
            }
            Ok(_) => Errno::NotDir,
            Err(e) => e,
        };
        let musl = self.musl();
        let bash = self.shell_name == "bash";
        let msg = if bash {
            format!("bash: line 1: cd: {target}: {}\n", err.text(musl))
        } else if musl {
            format!("sh: cd: can't cd to {target}: {}\n", err.text(musl))
        } else {
            format!("sh: 1: cd: can't cd to {target}\n")
        };
        self.fail(msg);
        Io {
            stdout: String::new(),
            code: if bash { 1 } else { 2 },
        }
    }

    pub(super) fn cat(&mut self, args: &[String], stdin: Option<String>, bb: bool) -> Io {
        let files: Vec<&String> = args
            .iter()
            .filter(|a| !a.starts_with('-') || a.len() == 1)
            .collect();
        if files.is_empty() {
            return Io {
                stdout: stdin.unwrap_or_default(),
                code: 0,
            };
        }
        let mut out = String::new();
        let mut code = 0;
        for a in files {
            if a == "-" {
                out.push_str(stdin.as_deref().unwrap_or(""));
                continue;
            }
            match self.read_path(a) {
                Ok(t) => out.push_str(&t),
                Err(Errno::IsDir) => {
                    self.fail(if bb {
                        "cat: read error: Is a directory\n".to_string()
                    } else {
                        format!("cat: {a}: Is a directory\n")
                    });
                    code = 1;
                }
                Err(e) => {
                    let why = e.text(bb);
                    self.fail(if bb {
                        format!("cat: can't open '{a}': {why}\n")
                    } else {
                        format!("cat: {a}: {why}\n")
                    });
                    code = 1;
                }
            }
        }
        Io { stdout: out, code }
    }

    pub(super) fn ls(&mut self, args: &[String], bb: bool) -> Io {
        let (flags, mut paths) = split_flags(args);
        let long = flags.contains('l');
        let all = flags.contains('a');
        let almost = flags.contains('A');
        let one = flags.contains('1') || long;
        let dir_only = flags.contains('d');
        if paths.is_empty() {
            paths.push(".".into());
        }
        let now = self.sys.now();
        let mut out = String::new();
        let mut code = 0;
        let mut files: Vec<(String, Stat)> = Vec::new();
        let mut dirs: Vec<(String, Stat)> = Vec::new();
        for p in &paths {
            match self.stat_path(p) {
                Ok(st) if st.kind == Kind::Dir && !dir_only => dirs.push((p.clone(), st)),
                Ok(st) => files.push((p.clone(), st)),
                Err(e) => {
                    let why = e.text(bb);
                    self.fail(if bb {
                        format!("ls: {p}: {why}\n")
                    } else {
                        format!("ls: cannot access '{p}': {why}\n")
                    });
                    code = if bb { 1 } else { 2 };
                }
            }
        }
        let listing = |me: &Self, entries: &[(String, Stat)], dir: Option<&str>| -> String {
            if long {
                me.long_listing(entries, bb, now, dir)
            } else if one || !me.tty {
                entries.iter().map(|(n, _)| format!("{n}\n")).collect()
            } else if entries.is_empty() {
                String::new()
            } else {
                let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
                format!("{}\n", names.join("  "))
            }
        };
        crate::sort::by(&mut files, |a, b| a.0.cmp(&b.0));
        out.push_str(&listing(self, &files, None));
        let many = paths.len() > 1;
        let recursive = flags.contains('R');
        let many = many || recursive;
        let mut queue: std::collections::VecDeque<String> =
            dirs.iter().map(|(p, _)| p.clone()).collect();
        let mut i = 0;
        while let Some(p) = queue.pop_front() {
            let p = &p;
            let abs = self.abs(p);
            let mut entries = match self.sys.list(&abs) {
                Ok(e) => e,
                Err(e) => {
                    self.fail(format!("ls: {p}: {}\n", e.text(bb)));
                    code = if bb { 1 } else { 2 };
                    continue;
                }
            };
            if !all && !almost {
                entries.retain(|(n, _)| !n.starts_with('.'));
            }
            if all {
                let here = self.stat_path(&abs).ok();
                let up = self.stat_path(&super::fs::parent(&abs)).ok();
                let mut dots = Vec::new();
                if let Some(st) = here {
                    dots.push((".".to_string(), st));
                }
                if let Some(st) = up {
                    dots.push(("..".to_string(), st));
                }
                dots.extend(entries);
                entries = dots;
            }
            if many {
                if i > 0 || !files.is_empty() {
                    out.push('\n');
                }
                out.push_str(&format!("{p}:\n"));
            }
            i += 1;
            out.push_str(&listing(self, &entries, Some(&abs)));
            if recursive {
                // Subdirectories next, in order, before the other operands.
                let subs: Vec<String> = entries
                    .iter()
                    .filter(|(n, st)| {
                        st.kind == Kind::Dir && st.link.is_none() && n != "." && n != ".."
                    })
                    .map(|(n, _)| {
                        if p.ends_with('/') {
                            format!("{p}{n}")
                        } else {
                            format!("{p}/{n}")
                        }
                    })
                    .collect();
                for sub in subs.into_iter().rev() {
                    queue.push_front(sub);
                }
            }
        }
        Io { stdout: out, code }
    }

    /// `ls -l` lines (BusyBox's fixed columns or GNU's aligned ones).
    /// `dir` is the listed directory (`None`: operands that are files).
    fn long_listing(
        &self,
        entries: &[(String, Stat)],
        bb: bool,
        now: Time,
        dir: Option<&str>,
    ) -> String {
        let total = dir.is_some();
        let (user, uid, home) = self.sys.image().user();
        // A non-root user owns its home and what it wrote in /tmp or there;
        // the image's files are root's.
        let owner_of = |n: &str, st: &Stat| -> (&str, &str) {
            let path = match dir {
                Some(d) if n == "." => d.to_string(),
                Some(d) if n == ".." => super::fs::parent(d),
                Some(d) => format!("{}/{n}", d.trim_end_matches('/')),
                None => self.abs(n),
            };
            let mine = uid != 0
                && (path == home
                    || (st.mtime > super::fs::IMAGE_TIME
                        && (path.starts_with("/tmp/") || path.starts_with(&format!("{home}/")))));
            if mine {
                (user, "curl_group")
            } else {
                ("root", "root")
            }
        };
        // (mode, links, size, date and name, (owner, group))
        type Row<'a> = (String, usize, usize, String, (&'a str, &'a str));
        let rows: Vec<Row> = entries
            .iter()
            .map(|(n, st)| {
                let (mode, links, size, name) = match (&st.link, &st.kind) {
                    (Some(target), _) => {
                        ("lrwxrwxrwx", 1, target.len(), format!("{n} -> {target}"))
                    }
                    (None, Kind::Dir) => (st.mode.unwrap_or("drwxr-xr-x"), 2, st.size, n.clone()),
                    (None, Kind::File) => ("-rw-r--r--", 1, st.size, n.clone()),
                };
                (
                    mode.to_string(),
                    links,
                    size,
                    format!("{} {name}", ls_date(st.mtime, now)),
                    owner_of(n, st),
                )
            })
            .collect();
        let mut out = String::new();
        if total {
            let blocks: usize = entries
                .iter()
                .map(|(_, st)| match (&st.link, &st.kind) {
                    (Some(_), _) => 0,
                    (None, Kind::Dir) => 4,
                    (None, Kind::File) => st.size.div_ceil(4096) * 4,
                })
                .sum();
            out.push_str(&format!("total {blocks}\n"));
        }
        let wl = rows
            .iter()
            .map(|r| r.1.to_string().len())
            .max()
            .unwrap_or(1);
        let ws = rows
            .iter()
            .map(|r| r.2.to_string().len())
            .max()
            .unwrap_or(1);
        let wo = rows.iter().map(|r| r.4 .0.len()).max().unwrap_or(4);
        let wg = rows.iter().map(|r| r.4 .1.len()).max().unwrap_or(4);
        for (mode, links, size, rest, (owner, group)) in rows {
            if bb {
                // BusyBox prints at most 8 characters of each name.
                let (o, g) = (cut8(owner), cut8(group));
                out.push_str(&format!(
                    "{mode} {links:>4} {o:<8} {g:<8} {size:>9} {rest}\n"
                ));
            } else {
                out.push_str(&format!(
                    "{mode} {links:>wl$} {owner:<wo$} {group:<wg$} {size:>ws$} {rest}\n"
                ));
            }
        }
        out
    }

    pub(super) fn mkdir(&mut self, args: &[String], bb: bool) -> Io {
        let (flags, dirs) = split_flags(args);
        let parents = flags.contains('p');
        let mut code = 0;
        if dirs.is_empty() {
            self.fail(if bb { "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: mkdir [-m MODE] [-p] DIRECTORY...\n".to_string() } else { "mkdir: missing operand\nTry 'mkdir --help' for more information.\n".to_string() });
            return Io {
                stdout: String::new(),
                code: 1,
            };
        }
        for d in dirs {
            let abs = self.abs(&d);
            let result = if parents {
                let mut r = Ok(());
                let mut cur = String::new();
                for seg in abs.split('/').filter(|s| !s.is_empty()) {
                    cur.push('/');
                    cur.push_str(seg);
                    match self.stat_path(&cur) {
                        Ok(st) if st.kind == Kind::Dir => continue,
                        Ok(_) => {
                            r = Err(Errno::NotDir);
                            break;
                        }
                        Err(_) => {}
                    }
                    if let Err(e) = self.sys.mkdir(&cur) {
                        r = Err(e);
                        break;
                    }
                }
                r
            } else {
                self.sys.mkdir(&abs)
            };
            if let Err(e) = result {
                let why = e.text(bb);
                self.fail(if bb {
                    format!("mkdir: can't create directory '{d}': {why}\n")
                } else {
                    format!("mkdir: cannot create directory '{d}': {why}\n")
                });
                code = 1;
            }
        }
        Io {
            stdout: String::new(),
            code,
        }
    }

    pub(super) fn touch(&mut self, args: &[String], bb: bool) -> Io {
        let (_, files) = split_flags(args);
        let mut code = 0;
        for f in files {
            let abs = self.abs(&f);
            let r = match self.sys.stat(&abs) {
                Ok(st) if st.kind == Kind::Dir => Ok(()),
                _ => self.sys.write(&abs, "", true, self.clock),
            };
            if let Err(e) = r {
                let why = e.text(bb);
                self.fail(if bb {
                    format!("touch: {f}: {why}\n")
                } else {
                    format!("touch: cannot touch '{f}': {why}\n")
                });
                code = 1;
            }
        }
        Io {
            stdout: String::new(),
            code,
        }
    }

    /// Removes a path and, for a directory, everything in it.
    fn remove_tree(&mut self, abs: &str, shown: &str, bb: bool) -> bool {
        let mut ok = true;
        if let Ok(st) = self.sys.stat(abs) {
            if st.kind == Kind::Dir && st.link.is_none() {
                for (n, _) in self.sys.list(abs).unwrap_or_default() {
                    let child = format!("{}/{n}", abs.trim_end_matches('/'));
                    let shown_child = format!("{}/{n}", shown.trim_end_matches('/'));
                    ok &= self.remove_tree(&child, &shown_child, bb);
                }
                if let Err(e) = self.sys.remove(abs, true) {
                    if ok {
                        self.rm_error(shown, e, bb);
                    }
                    return false;
                }
                return ok;
            }
        }
        if let Err(e) = self.sys.remove(abs, false) {
            self.rm_error(shown, e, bb);
            return false;
        }
        ok
    }

    fn rm_error(&mut self, shown: &str, e: Errno, bb: bool) {
        let why = e.text(bb);
        self.fail(if bb {
            format!("rm: can't remove '{shown}': {why}\n")
        } else {
            format!("rm: cannot remove '{shown}': {why}\n")
        });
    }

    pub(super) fn rm(&mut self, args: &[String], bb: bool) -> Io {
        let (flags, files) = split_flags(args);
        let force = flags.contains('f');
        let recursive = flags.contains('r') || flags.contains('R');
        let mut code = 0;
        if files.is_empty() && !force {
            self.fail(if bb { "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: rm [-irf] FILE...\n".to_string() } else { "rm: missing operand\nTry 'rm --help' for more information.\n".to_string() });
            return Io {
                stdout: String::new(),
                code: 1,
            };
        }
        for f in files {
            let abs = self.abs(&f);
            match self.stat_path(&abs) {
                Err(_) if force => continue,
                Err(e) => {
                    self.rm_error(&f, e, bb);
                    code = 1;
                }
                Ok(st) if st.kind == Kind::Dir && !recursive => {
                    self.fail(if bb {
                        format!("rm: '{f}' is a directory\n")
                    } else {
                        format!("rm: cannot remove '{f}': Is a directory\n")
                    });
                    code = 1;
                }
                Ok(_) => {
                    if !self.remove_tree(&abs, &f, bb) {
                        code = 1;
                    }
                }
            }
        }
        Io {
            stdout: String::new(),
            code,
        }
    }

    pub(super) fn rmdir(&mut self, args: &[String], bb: bool) -> Io {
        let (_, dirs) = split_flags(args);
        let mut code = 0;
        for d in dirs {
            let abs = self.abs(&d);
            if let Err(e) = self.sys.remove(&abs, true) {
                let why = e.text(bb);
                self.fail(if bb {
                    format!("rmdir: '{d}': {why}\n")
                } else {
                    format!("rmdir: failed to remove '{d}': {why}\n")
                });
                code = 1;
            }
        }
        Io {
            stdout: String::new(),
            code,
        }
    }

    /// Copies `src` to `dst` (a directory only with `recursive`).
    fn copy(
        &mut self,
        src: &str,
        dst: &str,
        shown: (&str, &str),
        recursive: bool,
        bb: bool,
        mv: bool,
    ) -> bool {
        let prog = if mv { "mv" } else { "cp" };
        let st = match self.sys.stat(src) {
            Ok(st) => st,
            Err(e) => {
                let why = e.text(bb);
                self.fail(if bb {
                    format!("{prog}: can't stat '{}': {why}\n", shown.0)
                } else {
                    format!("{prog}: cannot stat '{}': {why}\n", shown.0)
                });
                return false;
            }
        };
        if st.kind == Kind::Dir {
            if !recursive {
                self.fail(if bb {
                    format!("cp: omitting directory '{}'\n", shown.0)
                } else {
                    format!("cp: -r not specified; omitting directory '{}'\n", shown.0)
                });
                return false;
            }
            if src == dst || dst.starts_with(&format!("{src}/")) {
                self.fail(if bb {
                    format!("{prog}: can't copy a directory into itself\n")
                } else {
                    format!(
                        "{prog}: cannot copy a directory, '{}', into itself, '{}'\n",
                        shown.0, shown.1
                    )
                });
                return false;
            }
            if !matches!(self.sys.stat(dst), Ok(d) if d.kind == Kind::Dir) {
                if let Err(e) = self.sys.mkdir(dst) {
                    let why = e.text(bb);
                    self.fail(if bb {
                        format!("{prog}: can't create directory '{}': {why}\n", shown.1)
                    } else {
                        format!("{prog}: cannot create directory '{}': {why}\n", shown.1)
                    });
                    return false;
                }
            }
            let mut ok = true;
            for (n, _) in self.sys.list(src).unwrap_or_default() {
                let s = format!("{}/{n}", src.trim_end_matches('/'));
                let d = format!("{}/{n}", dst.trim_end_matches('/'));
                let (s0, s1) = (
                    format!("{}/{n}", shown.0.trim_end_matches('/')),
                    format!("{}/{n}", shown.1.trim_end_matches('/')),
                );
                ok &= self.copy(&s, &d, (&s0, &s1), true, bb, mv);
            }
            return ok;
        }
        let text = match self.sys.read(src) {
            Ok(t) => t,
            Err(e) => {
                self.fail(format!("{prog}: {}: {}\n", shown.0, e.text(bb)));
                return false;
            }
        };
        if let Err(e) = self.sys.write(dst, &text, false, self.clock) {
            let why = e.text(bb);
            self.fail(match (bb, mv) {
                (true, true) => format!("mv: can't rename '{}': {why}\n", shown.0),
                (true, false) => format!("cp: can't create '{}': {why}\n", shown.1),
                (false, true) => format!("mv: cannot move '{}' to '{}': {why}\n", shown.0, shown.1),
                (false, false) => format!("cp: cannot create regular file '{}': {why}\n", shown.1),
            });
            return false;
        }
        true
    }

    /// `cp [-r] SRC... DEST` and `mv SRC... DEST`.
    pub(super) fn cp(&mut self, args: &[String], bb: bool, mv: bool) -> Io {
        let prog = if mv { "mv" } else { "cp" };
        let (flags, mut ops) = split_flags(args);
        let recursive = mv || flags.contains('r') || flags.contains('R') || flags.contains('a');
        let Some(dest) = ops.pop().filter(|_| !ops.is_empty()) else {
            let msg = match (bb, ops.first()) {
                (true, _) => format!("BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: {prog} [OPTIONS] SOURCE... DEST\n"),
                (false, None) => format!("{prog}: missing file operand\nTry '{prog} --help' for more information.\n"),
                (false, Some(o)) => format!("{prog}: missing destination file operand after '{o}'\nTry '{prog} --help' for more information.\n"),
            };
            self.fail(msg);
            return Io {
                stdout: String::new(),
                code: 1,
            };
        };
        let dest_abs = self.abs(&dest);
        let dest_dir = matches!(self.sys.stat(&dest_abs), Ok(st) if st.kind == Kind::Dir);
        if ops.len() > 1 && !dest_dir {
            self.fail(if bb {
                format!("{prog}: '{dest}' is not a directory\n")
            } else {
                format!("{prog}: target '{dest}': Not a directory\n")
            });
            return Io {
                stdout: String::new(),
                code: 1,
            };
        }
        let mut code = 0;
        for src in ops {
            let src_abs = self.abs(&src);
            let (d, shown) = if dest_dir {
                let name = base_name(&src);
                (
                    format!("{}/{name}", dest_abs.trim_end_matches('/')),
                    format!("{}/{name}", dest.trim_end_matches('/')),
                )
            } else {
                (dest_abs.clone(), dest.clone())
            };
            if d == src_abs {
                self.fail(format!("{prog}: '{src}' and '{shown}' are the same file\n"));
                code = 1;
                continue;
            }
            let ok = self.copy(&src_abs, &d, (&src, &shown), recursive, bb, mv);
            if !ok || (mv && !self.remove_tree(&src_abs, &src, bb)) {
                code = 1;
            }
        }
        Io {
            stdout: String::new(),
            code,
        }
    }
}
