//! The files a container sees: what the kubelet writes into it
//! (`/etc/hosts`, `/etc/resolv.conf`, `/etc/hostname`), the image's own
//! files (`/etc/os-release`, nginx's html) under the container's writable
//! layer, and the pod's volumes mounted over them: emptyDir, hostPath and
//! PersistentVolumeClaims (writable trees in `crate::containerfs`),
//! ConfigMap, Secret and projected volumes (read-only views of the store).

use super::catalog::{Base, Image};
use crate::containerfs::{Entry, Errno, TreeId};
use crate::net::topo::{arr_at, pod_hostname, str_at};
use crate::time::Time;
use crate::Cluster;
use serde_json::Value;
use std::collections::BTreeSet;

/// Decodes standard base64 (as Secret `data` is stored); `None` if invalid.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b'\n' | b'\r' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Where a mount's files come from.
#[derive(Clone, Debug)]
pub(crate) enum Src {
    /// A writable tree (emptyDir, a node's disk, a PersistentVolume) from
    /// this directory of it (`""` is its root).
    Tree(TreeId, String),
    /// A ConfigMap, Secret or projected volume: (relative path, text),
    /// and the name of the kubelet's timestamped directory that `..data`
    /// points to (`..2026_01_05_09_00_00.123456789`).
    Data(Vec<(String, String)>, String),
    /// One key of such a volume mounted with `subPath`.
    DataFile(String),
}

/// One volume mount of a container.
#[derive(Clone, Debug)]
pub(crate) struct Mount {
    pub path: String,
    pub src: Src,
    pub read_only: bool,
}

/// A container's file system as its processes see it: the image under
/// the writable layer, and the volumes mounted over them.
#[derive(Clone, Debug)]
pub(crate) struct View {
    pub layer: TreeId,
    /// Longest mount path first.
    pub mounts: Vec<Mount>,
    pub img: Image,
    pub pod: Value,
    /// The user processes run as (0 is root).
    pub uid: u32,
    pub home: String,
}

/// What a path is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Dir,
    File,
}

/// `stat` of a path (symbolic links followed; `link` is the target when
/// the path itself is one, as a ConfigMap volume's keys are).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stat {
    pub kind: Kind,
    pub size: usize,
    pub mtime: Time,
    pub link: Option<String>,
    /// `ls -l`'s mode when not the usual one (`drwxrwxrwt` for /tmp).
    pub mode: Option<&'static str>,
}

impl Stat {
    fn dir(mtime: Time) -> Stat {
        Stat {
            kind: Kind::Dir,
            size: 4096,
            mtime,
            link: None,
            mode: None,
        }
    }
    fn with_mode(mut self, mode: &'static str) -> Stat {
        self.mode = Some(mode);
        self
    }
    fn file(size: usize, mtime: Time) -> Stat {
        Stat {
            kind: Kind::File,
            size,
            mtime,
            link: None,
            mode: None,
        }
    }
}

/// When the image's own files were made (its build, a month before the
/// simulation starts).
pub(crate) const IMAGE_TIME: Time = Time(crate::time::SIM_START.0 - 36 * 86_400_000);

enum Loc<'v> {
    /// In a mount: the mount and the path below its root (`""` is the root).
    Mount(&'v Mount, String),
    /// On the root file system: the path without its leading `/`.
    Root(String),
}

fn locate<'v>(v: &'v View, abs: &str) -> Loc<'v> {
    for m in &v.mounts {
        if abs == m.path {
            return Loc::Mount(m, String::new());
        }
        let under = if m.path == "/" {
            abs.strip_prefix('/')
        } else {
            abs.strip_prefix(&format!("{}/", m.path))
        };
        if let Some(rel) = under {
            return Loc::Mount(m, rel.to_string());
        }
    }
    Loc::Root(abs.trim_start_matches('/').to_string())
}

fn tree_key(prefix: &str, rel: &str) -> String {
    match (prefix.is_empty(), rel.is_empty()) {
        (true, _) => rel.to_string(),
        (false, true) => prefix.to_string(),
        (false, false) => format!("{prefix}/{rel}"),
    }
}

/// The parent directory of an absolute path (`/` for `/x`).
pub(crate) fn parent(abs: &str) -> String {
    match abs.trim_end_matches('/').rsplit_once('/') {
        Some(("", _)) | None => "/".to_string(),
        Some((d, _)) => d.to_string(),
    }
}

/// The proper ancestors of a relative path, outermost first.
fn ancestors(rel: &str) -> Vec<&str> {
    rel.match_indices('/').map(|(i, _)| &rel[..i]).collect()
}

impl Cluster {
    /// What a ConfigMap, Secret or projected volume holds: (path, text).
    fn volume_data(&self, ns: &str, vol: &Value) -> Option<Vec<(String, String)>> {
        let configmap = |cm: &Value| -> Vec<(String, String)> {
            let obj = self.store.get("configmaps", ns, str_at(cm, "/name"));
            let data: Vec<(String, String)> = obj
                .and_then(|o| o.get("data"))
                .and_then(Value::as_object)
                .map(|d| {
                    d.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                        .collect()
                })
                .unwrap_or_default();
            pick(data, arr_at(cm, "/items"))
        };
        let secret = |sec: &Value, name: &str| -> Vec<(String, String)> {
            let obj = self.store.get("secrets", ns, name);
            let mut data: Vec<(String, String)> = obj
                .and_then(|o| o.get("data"))
                .and_then(Value::as_object)
                .map(|d| {
                    d.iter()
                        .filter_map(|(k, v)| {
                            let bytes = base64_decode(v.as_str().unwrap_or(""))?;
                            Some((k.clone(), String::from_utf8_lossy(&bytes).into_owned()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            if let Some(sd) = obj
                .and_then(|o| o.get("stringData"))
                .and_then(Value::as_object)
            {
                for (k, v) in sd {
                    data.push((k.clone(), v.as_str().unwrap_or("").to_string()));
                }
            }
            pick(data, arr_at(sec, "/items"))
        };
        if let Some(cm) = vol.get("configMap") {
            return Some(configmap(cm));
        }
        if let Some(sec) = vol.get("secret") {
            return Some(secret(sec, str_at(sec, "/secretName")));
        }
        let projected = vol.get("projected")?;
        let mut out = Vec::new();
        for source in arr_at(projected, "/sources") {
            if let Some(cm) = source.get("configMap") {
                out.extend(configmap(cm));
            } else if let Some(sec) = source.get("secret") {
                out.extend(secret(sec, str_at(sec, "/name")));
            } else if source.get("downwardAPI").is_some() {
                for it in arr_at(source, "/downwardAPI/items") {
                    if str_at(it, "/fieldRef/fieldPath") == "metadata.namespace" {
                        out.push((str_at(it, "/path").to_string(), ns.to_string()));
                    }
                }
            }
        }
        Some(out)
    }

    /// The file system of `container` (a spec of `pod`) running `img`.
    pub(crate) fn fs_view(&self, pod: &Value, container: &Value, img: &Image) -> View {
        let ns = crate::namespace_of(pod);
        let uid = crate::meta::uid_of(pod).to_string();
        let node = str_at(pod, "/spec/nodeName").to_string();
        let mut mounts = Vec::new();
        for m in arr_at(container, "/volumeMounts") {
            let vname = str_at(m, "/name");
            let path = normalize(str_at(m, "/mountPath"));
            let sub = normalize(str_at(m, "/subPath"))
                .trim_start_matches('/')
                .to_string();
            let Some(vol) = arr_at(pod, "/spec/volumes")
                .iter()
                .find(|v| str_at(v, "/name") == vname)
            else {
                continue;
            };
            let mut read_only = m.get("readOnly").and_then(Value::as_bool) == Some(true);
            let tree = |id: TreeId, base: String| Src::Tree(id, tree_key(&base, &sub));
            let src = if vol.get("emptyDir").is_some() {
                tree(
                    TreeId::EmptyDir(uid.clone(), vname.to_string()),
                    String::new(),
                )
            } else if let Some(p) = vol.pointer("/hostPath/path").and_then(Value::as_str) {
                let base = normalize(p).trim_start_matches('/').to_string();
                tree(TreeId::Node(node.clone()), base)
            } else if let Some(claim) = vol.get("persistentVolumeClaim") {
                if claim.get("readOnly").and_then(Value::as_bool) == Some(true) {
                    read_only = true;
                }
                let pvc = self
                    .store
                    .get("persistentvolumeclaims", ns, str_at(claim, "/claimName"));
                let pv_name = pvc.map(|c| str_at(c, "/spec/volumeName")).unwrap_or("");
                let Some(pv) = self.store.get("persistentvolumes", "", pv_name) else {
                    continue;
                };
                let host = pv
                    .pointer("/spec/hostPath/path")
                    .or_else(|| pv.pointer("/spec/local/path"))
                    .and_then(Value::as_str);
                match host {
                    Some(p) => tree(
                        TreeId::Node(node.clone()),
                        normalize(p).trim_start_matches('/').to_string(),
                    ),
                    None => tree(TreeId::Volume(pv_name.to_string()), String::new()),
                }
            } else if let Some(data) = self.volume_data(ns, vol) {
                read_only = true;
                if sub.is_empty() {
                    Src::Data(data, data_dir_name(pod, vname))
                } else {
                    match data.into_iter().find(|(k, _)| *k == sub) {
                        Some((_, text)) => Src::DataFile(text),
                        None => continue,
                    }
                }
            } else {
                continue;
            };
            mounts.push(Mount {
                path,
                src,
                read_only,
            });
        }
        crate::sort::by_key(&mut mounts, |m| std::cmp::Reverse(m.path.len()));
        let (_, user_id, home) = img.user();
        View {
            layer: TreeId::Layer(uid, str_at(container, "/name").to_string()),
            mounts,
            img: img.clone(),
            pod: pod.clone(),
            uid: user_id,
            home: home.to_string(),
        }
    }

    /// A file the image (or the kubelet) put there, with its mtime.
    fn image_file(&self, v: &View, abs: &str) -> Option<(String, Time)> {
        let pod = &v.pod;
        let made =
            Time::parse_rfc3339(str_at(pod, "/metadata/creationTimestamp")).unwrap_or(IMAGE_TIME);
        let text = match abs {
            "/etc/hosts" => crate::net::dns::etc_hosts_text(pod),
            "/etc/resolv.conf" => crate::net::dns::resolv_conf_text(&self.resolver_of(pod)),
            "/etc/hostname" => format!("{}\n", pod_hostname(pod)),
            "/etc/os-release" | "/usr/lib/os-release" => {
                return v.img.os_release().map(|t| (t, IMAGE_TIME))
            }
            p => {
                let b = v.img.nginx.as_ref()?;
                let text = super::nginx::shipped_file(b, p)?;
                return Some((text.to_string(), Time::from_secs(b.built)));
            }
        };
        Some((text, made))
    }

    /// The files a directory of the image holds, or `None` when the image
    /// has no such directory.
    fn image_dir(v: &View, abs: &str) -> Option<Vec<String>> {
        let img = &v.img;
        let nginx = img.nginx.is_some();
        let names: Vec<&str> = match abs {
            "/" => match img.base {
                Base::BusyboxOnly => vec![
                    "bin", "dev", "etc", "home", "lib", "lib64", "proc", "root", "sys", "tmp",
                    "usr", "var",
                ],
                Base::Alpine(_) => vec![
                    "bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root",
                    "run", "sbin", "srv", "sys", "tmp", "usr", "var",
                ],
                _ => vec![
                    "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt",
                    "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var",
                ],
            },
            "/etc" => {
                let mut n = vec!["hostname", "hosts", "resolv.conf"];
                if img.os_release().is_some() {
                    n.push("os-release");
                }
                if nginx {
                    n.push("nginx");
                }
                n
            }
            "/usr" => match img.base {
                Base::BusyboxOnly => vec!["bin", "sbin"],
                _ => vec!["bin", "lib", "local", "sbin", "share"],
            },
            "/usr/lib" if img.os_release().is_some() => vec!["os-release"],
            "/usr/share" if nginx => vec!["nginx"],
            "/usr/share/nginx" if nginx => vec!["html"],
            "/usr/share/nginx/html" if nginx => vec!["50x.html", "index.html"],
            "/etc/nginx" if nginx => vec!["conf.d"],
            "/home" if img.user().1 != 0 => vec!["curl_user"],
            "/var" => vec!["log", "tmp"],
            "/etc/nginx/conf.d" if nginx => vec![],
            "/home/curl_user" if img.user().1 != 0 => vec![],
            p if parent(p) == "/" => {
                let top = Self::image_dir(v, "/")?;
                top.iter().any(|t| p[1..] == **t).then(Vec::new)?
            }
            "/usr/bin" | "/usr/sbin" | "/usr/local" | "/usr/lib" | "/var/log" | "/var/tmp" => {
                vec![]
            }
            _ => return None,
        };
        Some(names.into_iter().map(str::to_string).collect())
    }

    /// `stat` of an absolute path in a container.
    pub(crate) fn fs_stat(&self, v: &View, abs: &str) -> Result<Stat, Errno> {
        let abs = normalize(abs);
        match self.stat_in(v, &abs) {
            // A path below a file: `Not a directory`.
            Err(Errno::NoEnt)
                if abs != "/"
                    && self
                        .fs_stat(v, &parent(&abs))
                        .is_ok_and(|p| p.kind == Kind::File) =>
            {
                Err(Errno::NotDir)
            }
            r => r,
        }
    }

    fn stat_in(&self, v: &View, abs: &str) -> Result<Stat, Errno> {
        let abs = abs.to_string();
        match locate(v, &abs) {
            Loc::Mount(m, rel) => match &m.src {
                Src::Tree(id, prefix) => {
                    if rel.is_empty() {
                        let shared = matches!(id, TreeId::EmptyDir(..))
                            || prefix.starts_with("var/local-path-provisioner/");
                        let st = Stat::dir(pod_made(&v.pod));
                        return Ok(if shared {
                            st.with_mode("drwxrwxrwx")
                        } else {
                            st
                        });
                    }
                    let tree = self.files.tree(id);
                    for a in ancestors(&rel) {
                        if let Some(Entry::File { .. }) =
                            tree.and_then(|t| t.get(&tree_key(prefix, a)))
                        {
                            return Err(Errno::NotDir);
                        }
                    }
                    match self.files.entry(id, &tree_key(prefix, &rel), self.now) {
                        Some(Entry::File { text, mtime }) => Ok(Stat::file(text.len(), mtime)),
                        Some(Entry::Dir { mtime, .. }) => Ok(Stat::dir(mtime)),
                        _ => self.mount_ancestor(v, &abs),
                    }
                }
                Src::Data(items, stamp) => {
                    let made = pod_made(&v.pod);
                    if rel.is_empty() {
                        return Ok(Stat::dir(made).with_mode("drwxrwxrwx"));
                    }
                    if rel == *stamp {
                        return Ok(Stat::dir(made));
                    }
                    if rel == "..data" {
                        let mut st = Stat::dir(made);
                        st.link = Some(stamp.clone());
                        return Ok(st);
                    }
                    let (inner, top) = data_inner(&rel, stamp);
                    if let Some((_, text)) = items.iter().find(|(k, _)| *k == inner) {
                        let mut st = Stat::file(text.len(), made);
                        if top && !inner.contains('/') {
                            st.link = Some(format!("..data/{inner}"));
                        }
                        return Ok(st);
                    }
                    if items
                        .iter()
                        .any(|(k, _)| k.starts_with(&format!("{inner}/")))
                    {
                        return Ok(Stat::dir(made));
                    }
                    self.mount_ancestor(v, &abs)
                }
                Src::DataFile(text) if rel.is_empty() => {
                    Ok(Stat::file(text.len(), pod_made(&v.pod)))
                }
                Src::DataFile(_) => Err(Errno::NotDir),
            },
            Loc::Root(rel) => {
                if rel.is_empty() {
                    return Ok(Stat::dir(IMAGE_TIME));
                }
                let layer = self.files.tree(&v.layer);
                let mut hidden = false;
                for a in ancestors(&rel) {
                    match layer.and_then(|t| t.get(a)) {
                        Some(Entry::Whiteout) => return self.mount_ancestor(v, &abs),
                        Some(Entry::File { .. }) => return Err(Errno::NotDir),
                        Some(Entry::Dir { opaque: true, .. }) => hidden = true,
                        _ => {}
                    }
                }
                match self.files.entry(&v.layer, &rel, self.now) {
                    Some(Entry::File { text, mtime }) => return Ok(Stat::file(text.len(), mtime)),
                    Some(Entry::Dir { mtime, .. }) => return Ok(Stat::dir(mtime)),
                    Some(Entry::Whiteout) => return self.mount_ancestor(v, &abs),
                    None => {}
                }
                if !hidden {
                    if let Some((text, mtime)) = self.image_file(v, &abs) {
                        return Ok(Stat::file(text.len(), mtime));
                    }
                    if Self::image_dir(v, &abs).is_some() {
                        let st = Stat::dir(IMAGE_TIME);
                        return Ok(if abs == "/tmp" || abs == "/var/tmp" {
                            st.with_mode("drwxrwxrwt")
                        } else {
                            st
                        });
                    }
                }
                self.mount_ancestor(v, &abs)
            }
        }
    }

    /// A directory the runtime made to hold a mount point below it.
    fn mount_ancestor(&self, v: &View, abs: &str) -> Result<Stat, Errno> {
        let prefix = format!("{}/", abs.trim_end_matches('/'));
        if v.mounts.iter().any(|m| m.path.starts_with(&prefix)) {
            Ok(Stat::dir(IMAGE_TIME))
        } else {
            Err(Errno::NoEnt)
        }
    }

    /// Reads a file in a container.
    pub(crate) fn fs_read(&self, v: &View, abs: &str) -> Result<String, Errno> {
        let abs = normalize(abs);
        let st = self.fs_stat(v, &abs)?;
        if st.kind == Kind::Dir {
            return Err(Errno::IsDir);
        }
        Ok(match locate(v, &abs) {
            Loc::Mount(m, rel) => match &m.src {
                Src::Tree(id, prefix) => {
                    match self.files.entry(id, &tree_key(prefix, &rel), self.now) {
                        Some(Entry::File { text, .. }) => text,
                        _ => String::new(),
                    }
                }
                Src::Data(items, stamp) => items
                    .iter()
                    .find(|(k, _)| *k == data_inner(&rel, stamp).0)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default(),
                Src::DataFile(text) => text.clone(),
            },
            Loc::Root(rel) => match self.files.entry(&v.layer, &rel, self.now) {
                Some(Entry::File { text, .. }) => text,
                _ => self.image_file(v, &abs).map(|(t, _)| t).unwrap_or_default(),
            },
        })
    }

    /// The entries of a directory in a container, sorted by name.
    pub(crate) fn fs_list(&self, v: &View, abs: &str) -> Result<Vec<(String, Stat)>, Errno> {
        let abs = normalize(abs);
        if self.fs_stat(v, &abs)?.kind != Kind::Dir {
            return Err(Errno::NotDir);
        }
        let mut names: BTreeSet<String> = BTreeSet::new();
        match locate(v, &abs) {
            Loc::Mount(m, rel) => match &m.src {
                Src::Tree(id, prefix) => {
                    let dir = tree_key(prefix, &rel);
                    if let Some(t) = self.files.tree(id) {
                        names.extend(t.children(&dir).into_iter().map(|c| c.0));
                    }
                    names.extend(self.files.due_children(id, &dir, self.now));
                }
                Src::Data(items, stamp) => {
                    let inner = if rel == "..data" || rel == *stamp {
                        ""
                    } else {
                        data_inner(&rel, stamp).0
                    };
                    if rel.is_empty() {
                        names.insert("..data".to_string());
                        names.insert(stamp.clone());
                    }
                    let pre = if inner.is_empty() {
                        String::new()
                    } else {
                        format!("{inner}/")
                    };
                    for (k, _) in items {
                        if let Some(rest) = k.strip_prefix(&pre) {
                            names.insert(rest.split('/').next().unwrap_or(rest).to_string());
                        }
                    }
                }
                Src::DataFile(_) => return Err(Errno::NotDir),
            },
            Loc::Root(rel) => {
                let layer = self.files.tree(&v.layer);
                let opaque = layer
                    .and_then(|t| t.get(&rel))
                    .is_some_and(|e| matches!(e, Entry::Dir { opaque: true, .. }))
                    || ancestors(&rel).iter().any(|a| {
                        matches!(
                            layer.and_then(|t| t.get(a)),
                            Some(Entry::Dir { opaque: true, .. })
                        )
                    });
                if !opaque {
                    names.extend(Self::image_dir(v, &abs).unwrap_or_default());
                }
                if let Some(t) = layer {
                    for (n, e) in t.children(&rel) {
                        if *e == Entry::Whiteout {
                            names.remove(&n);
                        } else {
                            names.insert(n);
                        }
                    }
                }
                names.extend(self.files.due_children(&v.layer, &rel, self.now));
            }
        }
        // Mount points (and the directories made for them) below.
        let prefix = format!("{}/", abs.trim_end_matches('/'));
        for m in &v.mounts {
            if let Some(rest) = m.path.strip_prefix(&prefix) {
                if let Some(first) = rest.split('/').next().filter(|f| !f.is_empty()) {
                    names.insert(first.to_string());
                }
            }
        }
        let mut out = Vec::new();
        for n in names {
            let child = format!("{prefix}{n}");
            if let Ok(st) = self.fs_stat(v, &child) {
                out.push((n, st));
            }
        }
        Ok(out)
    }

    /// Whether the container's user may change `abs` on the root file
    /// system (non-root users own only /tmp and their home).
    fn may_write_root(v: &View, abs: &str) -> bool {
        v.uid == 0
            || ["/tmp", v.home.as_str()]
                .iter()
                .any(|d| abs.starts_with(&format!("{d}/")))
    }

    /// Where a write of `abs` goes: the tree and key, after the checks
    /// every change makes (read-only mounts, permissions).
    fn writable(&self, v: &View, abs: &str) -> Result<(TreeId, String), Errno> {
        match locate(v, abs) {
            Loc::Mount(m, rel) => {
                if m.read_only {
                    return Err(Errno::RoFs);
                }
                match &m.src {
                    Src::Tree(id, prefix) if !rel.is_empty() => {
                        Ok((id.clone(), tree_key(prefix, &rel)))
                    }
                    Src::Tree(..) => Err(Errno::Busy),
                    _ => Err(Errno::RoFs),
                }
            }
            Loc::Root(rel) => {
                if rel.is_empty() {
                    return Err(Errno::Busy);
                }
                if !Self::may_write_root(v, abs) {
                    return Err(Errno::Access);
                }
                Ok((v.layer.clone(), rel))
            }
        }
    }

    /// Writes (or appends to) a file, as `>`/`>>` or a program does.
    pub(crate) fn fs_write(
        &mut self,
        v: &View,
        abs: &str,
        text: &str,
        append: bool,
    ) -> Result<(), Errno> {
        let abs = normalize(abs);
        self.files.settle(self.now);
        let old = match self.fs_stat(v, &abs) {
            Ok(st) if st.kind == Kind::Dir => return Err(Errno::IsDir),
            Ok(_) => Some(self.fs_read(v, &abs)?),
            Err(Errno::NoEnt) => {
                match self.fs_stat(v, &parent(&abs)) {
                    Ok(p) if p.kind == Kind::Dir => {}
                    Ok(_) => return Err(Errno::NotDir),
                    Err(e) => return Err(e),
                }
                None
            }
            Err(e) => return Err(e),
        };
        let (id, key) = match self.writable(v, &abs) {
            Err(Errno::Busy) => return Err(Errno::IsDir),
            r => r?,
        };
        if self.files.bytes() > 0 {
            // What deleted pods and volumes held no longer counts.
            self.files.collect(&self.store);
        }
        let mut new = if append {
            old.unwrap_or_default()
        } else {
            String::new()
        };
        new.push_str(text);
        let now = self.now;
        match self.files.put(
            &id,
            &key,
            Entry::File {
                text: new.clone(),
                mtime: now,
            },
        ) {
            Err(Errno::NoSpc) => {
                // What fits is written, as on a full disk (open() truncated
                // the file first unless appending).
                let held = match self.files.tree(&id).and_then(|t| t.get(&key)) {
                    Some(Entry::File { text, .. }) => text.len(),
                    _ => 0,
                };
                let mut cut = crate::containerfs::MAX_BYTES
                    .saturating_sub(self.files.bytes())
                    .saturating_add(held)
                    .min(new.len());
                while !new.is_char_boundary(cut) {
                    cut -= 1;
                }
                new.truncate(cut);
                let _ = self.files.put(
                    &id,
                    &key,
                    Entry::File {
                        text: new,
                        mtime: now,
                    },
                );
                Err(Errno::NoSpc)
            }
            r => r,
        }
    }

    /// A write the container's main process makes `at` ms after now (on
    /// its own clock): checked now, landing when the clock gets there.
    pub(crate) fn fs_write_later(
        &mut self,
        v: &View,
        abs: &str,
        text: &str,
        append: bool,
        at: i64,
    ) -> Result<(), Errno> {
        let abs = normalize(abs);
        self.files.settle(self.now);
        let exists = match self.fs_stat(v, &abs) {
            Ok(st) if st.kind == Kind::Dir => return Err(Errno::IsDir),
            Ok(_) => true,
            Err(Errno::NoEnt) => {
                match self.fs_stat(v, &parent(&abs)) {
                    Ok(p) if p.kind == Kind::Dir => {}
                    Ok(_) => return Err(Errno::NotDir),
                    Err(e) => return Err(e),
                }
                false
            }
            Err(e) => return Err(e),
        };
        let (id, key) = match self.writable(v, &abs) {
            Err(Errno::Busy) => return Err(Errno::IsDir),
            r => r?,
        };
        if exists && id == v.layer && self.files.entry(&id, &key, self.now).is_none() {
            // An image file: copied up now, so that later appends extend it.
            let (text, mtime) = self.image_file(v, &abs).unwrap_or_default();
            self.files.put(&id, &key, Entry::File { text, mtime })?;
        }
        let owner = match &v.layer {
            TreeId::Layer(uid, c) => (uid.clone(), c.clone()),
            _ => (String::new(), String::new()),
        };
        let when = self.now.plus_ms(at);
        self.files.write_later(owner, &id, &key, text, append, when)
    }

    /// `mkdir` of one directory (its parent must exist).
    pub(crate) fn fs_mkdir(&mut self, v: &View, abs: &str) -> Result<(), Errno> {
        let abs = normalize(abs);
        self.files.settle(self.now);
        match self.fs_stat(v, &abs) {
            Ok(_) => return Err(Errno::Exist),
            Err(Errno::NoEnt) => {}
            Err(e) => return Err(e),
        }
        match self.fs_stat(v, &parent(&abs)) {
            Ok(p) if p.kind == Kind::Dir => {}
            Ok(_) => return Err(Errno::NotDir),
            Err(e) => return Err(e),
        }
        let (id, key) = self.writable(v, &abs)?;
        let opaque = id == v.layer
            && self
                .files
                .tree(&id)
                .and_then(|t| t.get(&key))
                .is_some_and(|e| *e == Entry::Whiteout);
        let now = self.now;
        self.files.put(&id, &key, Entry::Dir { opaque, mtime: now })
    }

    /// Removes a file (`dir` false) or an empty directory (`dir` true).
    pub(crate) fn fs_remove(&mut self, v: &View, abs: &str, dir: bool) -> Result<(), Errno> {
        let abs = normalize(abs);
        self.files.settle(self.now);
        let st = self.fs_stat(v, &abs)?;
        let is_mount = v.mounts.iter().any(|m| m.path == abs)
            || self.mount_ancestor(v, &abs).is_ok() && st.kind == Kind::Dir && {
                let prefix = format!("{abs}/");
                v.mounts.iter().any(|m| m.path.starts_with(&prefix))
            };
        match (st.kind, dir) {
            (Kind::Dir, false) => return Err(Errno::IsDir),
            (Kind::File, true) => return Err(Errno::NotDir),
            _ => {}
        }
        if is_mount {
            return Err(Errno::Busy);
        }
        if dir && !self.fs_list(v, &abs)?.is_empty() {
            return Err(Errno::NotEmpty);
        }
        let (id, key) = self.writable(v, &abs)?;
        if id == v.layer {
            let in_image = self.image_file(v, &abs).is_some() || Self::image_dir(v, &abs).is_some();
            self.files.remove(&id, &key);
            if in_image {
                return self.files.put(&id, &key, Entry::Whiteout);
            }
        } else {
            self.files.remove(&id, &key);
        }
        Ok(())
    }
}

/// When the kubelet made the pod's files (the pod's creation).
fn pod_made(pod: &Value) -> Time {
    Time::parse_rfc3339(str_at(pod, "/metadata/creationTimestamp")).unwrap_or(IMAGE_TIME)
}

/// The kubelet's atomic-writer directory of a ConfigMap or Secret volume:
/// `..` and the time it was written, with nanoseconds.
fn data_dir_name(pod: &Value, volume: &str) -> String {
    let (y, mo, d, h, mi, s) = pod_made(pod).civil();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in crate::meta::uid_of(pod).bytes().chain(volume.bytes()) {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!(
        "..{y:04}_{mo:02}_{d:02}_{h:02}_{mi:02}_{s:02}.{:09}",
        hash % 1_000_000_000
    )
}

/// A path in a ConfigMap/Secret volume without its `..data/` or
/// timestamped-directory prefix, and whether it was at the top (a link).
fn data_inner<'a>(rel: &'a str, stamp: &str) -> (&'a str, bool) {
    if let Some(r) = rel.strip_prefix("..data/") {
        return (r, false);
    }
    if let Some(r) = rel.strip_prefix(stamp).and_then(|r| r.strip_prefix('/')) {
        return (r, false);
    }
    (rel, true)
}

/// The keys a volume projects: all, or the `items` asked for.
fn pick(data: Vec<(String, String)>, items: &[Value]) -> Vec<(String, String)> {
    if items.is_empty() {
        return data;
    }
    items
        .iter()
        .filter_map(|it| {
            let key = str_at(it, "/key");
            let (_, text) = data.iter().find(|(k, _)| k == key)?;
            Some((
                normalize(str_at(it, "/path"))
                    .trim_start_matches('/')
                    .to_string(),
                text.clone(),
            ))
        })
        .collect()
}

/// Collapses `//`, `.` and `..` in an absolute path.
pub(crate) fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{cluster, pod};
    use serde_json::json;

    fn sh(
        c: &mut Cluster,
        pod: &str,
        container: Option<&str>,
        script: &str,
    ) -> (String, String, i32) {
        let argv = ["sh".to_string(), "-c".to_string(), script.to_string()];
        let r = c.exec("default", pod, container, &argv, false).unwrap();
        (r.stdout, r.stderr, r.exit_code)
    }

    #[test]
    fn the_layer_hides_and_recreates_image_files_and_a_probe_undoes_writes() {
        let mut c = cluster();
        c.create(pod("web", "nginx:stable", &[]), "default")
            .unwrap();
        c.advance(20_000);
        let html = "/usr/share/nginx/html";
        let (out, _, code) = sh(
            &mut c,
            "web",
            None,
            &format!("rm -r {html} && mkdir {html} && ls -a {html}; cat {html}/50x.html"),
        );
        assert_eq!((out.as_str(), code), (".\n..\n", 1));
        c.probe(|c| sh(c, "web", None, &format!("echo probe > {html}/x")));
        let (out, err, _) = sh(&mut c, "web", None, &format!("ls {html}; cat /etc/hosts/x"));
        assert_eq!(
            (out.as_str(), err.as_str()),
            ("", "cat: /etc/hosts/x: Not a directory\n")
        );
    }

    #[test]
    fn emptydir_is_shared_and_a_claims_files_outlive_the_pod() {
        let mut c = cluster();
        let two = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "two"}, "spec": {
        "volumes": [{"name": "v", "emptyDir": {}}],
        "containers": [
            {"name": "a", "image": "busybox", "command": ["sleep", "3600"], "volumeMounts": [{"name": "v", "mountPath": "/a"}]},
            {"name": "b", "image": "busybox", "command": ["sleep", "3600"], "volumeMounts": [{"name": "v", "mountPath": "/b", "readOnly": true}]}
        ]}});
        c.create(two, "default").unwrap();
        let claim = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}});
        c.create(claim, "default").unwrap();
        let user = |name: &str| {
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": {
            "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}],
            "containers": [{"name": "m", "image": "busybox", "command": ["sleep", "3600"], "volumeMounts": [{"name": "d", "mountPath": "/data"}]}]}})
        };
        c.create(user("p1"), "default").unwrap();
        c.advance(30_000);
        assert_eq!(sh(&mut c, "two", Some("a"), "echo hi > /a/f").2, 0);
        assert_eq!(sh(&mut c, "two", Some("b"), "cat /b/f").0, "hi\n");
        let (_, err, code) = sh(&mut c, "two", Some("b"), "echo no > /b/g");
        assert_eq!(
            (err.as_str(), code),
            ("sh: can't create /b/g: Read-only file system\n", 1)
        );
        assert_eq!(sh(&mut c, "p1", None, "echo kept > /data/k").2, 0);
        c.delete(crate::testutil::rt("pods"), "default", "p1")
            .unwrap();
        c.advance(60_000);
        c.create(user("p2"), "default").unwrap();
        c.advance(30_000);
        assert_eq!(sh(&mut c, "p2", None, "cat /data/k").0, "kept\n");
    }

    #[test]
    fn base64_and_paths() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGk").unwrap(), b"hi");
        assert!(base64_decode("!!").is_none());
        assert_eq!(normalize("/etc//./nginx/../hosts"), "/etc/hosts");
        assert_eq!(normalize("/"), "/");
    }
}
