//! The files containers write, kept in the cluster: each container's
//! writable layer over its image (gone when the container restarts or the
//! pod is replaced), each pod's `emptyDir` volumes (gone with the pod),
//! each node's own disk (`hostPath` volumes and the local-path
//! provisioner's PersistentVolumes, which outlive the pods that mount
//! them) and the contents of other PersistentVolumes. Read-only volumes
//! (ConfigMap, Secret, projected) are views of the store, see
//! `images::fs`. Everything is in `BTreeMap`s: the same commands give the
//! same files, and a probe's snapshot restores them.

use crate::time::Time;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The most bytes of file content all containers together may hold; a
/// write beyond it fails with `No space left on device`.
pub const MAX_BYTES: usize = 8 << 20;

/// Why a file operation failed (the errno a program reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Errno {
    NoEnt,
    NotDir,
    IsDir,
    RoFs,
    NoSpc,
    Exist,
    NotEmpty,
    Access,
    Busy,
}

impl Errno {
    /// `strerror`: musl's (BusyBox images) or glibc's wording.
    pub fn text(self, musl: bool) -> &'static str {
        match self {
            Errno::NoEnt => "No such file or directory",
            Errno::NotDir => "Not a directory",
            Errno::IsDir => "Is a directory",
            Errno::RoFs => "Read-only file system",
            Errno::NoSpc => "No space left on device",
            Errno::Exist => "File exists",
            Errno::NotEmpty => "Directory not empty",
            Errno::Access => "Permission denied",
            Errno::Busy if musl => "Resource busy",
            Errno::Busy => "Device or resource busy",
        }
    }
}

/// One path in a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A directory; `opaque` hides the image's directory of the same path
    /// (it was removed and made again in the writable layer).
    Dir {
        opaque: bool,
        mtime: Time,
    },
    File {
        text: String,
        mtime: Time,
    },
    /// The image's file or directory here was removed (overlayfs whiteout).
    Whiteout,
}

/// A directory no entry stands for (see [`Tree::children`]).
static IMPLIED_DIR: Entry = Entry::Dir {
    opaque: false,
    mtime: crate::time::SIM_START,
};

/// Paths relative to the tree's root (`a/b.txt`, no leading slash).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tree {
    entries: BTreeMap<String, Entry>,
}

impl Tree {
    pub(crate) fn get(&self, rel: &str) -> Option<&Entry> {
        self.entries.get(rel)
    }

    /// The direct children of `rel` (`""` is the root) with their entries;
    /// a directory only implied by deeper paths (the folders above a
    /// node's host path) is a plain directory.
    pub(crate) fn children(&self, rel: &str) -> Vec<(String, &Entry)> {
        let prefix = if rel.is_empty() {
            String::new()
        } else {
            format!("{rel}/")
        };
        let mut out: Vec<(String, &Entry)> = Vec::new();
        for (k, e) in self
            .entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
        {
            let rest = &k[prefix.len()..];
            match rest.split_once('/') {
                None if !rest.is_empty() => out.push((rest.to_string(), e)),
                Some((first, _)) if out.last().is_none_or(|(n, _)| n != first) => {
                    out.push((first.to_string(), &IMPLIED_DIR))
                }
                _ => {}
            }
        }
        out
    }

    /// `rel`'s entry, or a directory when only paths below it are held.
    fn get_or_implied(&self, rel: &str) -> Option<&Entry> {
        if let Some(e) = self.entries.get(rel) {
            return Some(e);
        }
        let prefix = format!("{rel}/");
        self.entries
            .range(prefix.clone()..)
            .next()
            .filter(|(k, e)| k.starts_with(&prefix) && **e != Entry::Whiteout)
            .map(|_| &IMPLIED_DIR)
    }

    fn bytes(&self) -> usize {
        self.entries
            .values()
            .map(|e| match e {
                Entry::File { text, .. } => text.len(),
                _ => 0,
            })
            .sum()
    }
}

/// Whose files a tree holds.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TreeId {
    /// A container's writable layer: (pod uid, container name).
    Layer(String, String),
    /// A pod's `emptyDir` volume: (pod uid, volume name).
    EmptyDir(String, String),
    /// A node's own disk (host paths).
    Node(String),
    /// A PersistentVolume that is not a path on a node (by PV name).
    Volume(String),
}

/// A write a container's main process makes later on its own clock
/// (`while true; do date >> /data/log; sleep 5; done`): it lands when the
/// simulated clock reaches it, unless the container stops first.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Later {
    at: Time,
    /// The writing container: (pod uid, container name).
    owner: (String, String),
    text: String,
    append: bool,
}

/// Every file containers have written.
#[derive(Clone, Debug, Default)]
pub struct Files {
    trees: BTreeMap<TreeId, Tree>,
    bytes: usize,
    /// Writes to come, per (tree, path), in time order.
    later: BTreeMap<(TreeId, String), Vec<Later>>,
    later_bytes: usize,
}

fn apply(base: Option<Entry>, w: &Later) -> Entry {
    let mut text = match (w.append, base) {
        (true, Some(Entry::File { text, .. })) => text,
        _ => String::new(),
    };
    text.push_str(&w.text);
    Entry::File { text, mtime: w.at }
}

impl Files {
    pub(crate) fn tree(&self, id: &TreeId) -> Option<&Tree> {
        self.trees.get(id)
    }

    /// Bytes of file content held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// What `rel` of tree `id` holds at `now`, with the writes due by then.
    pub(crate) fn entry(&self, id: &TreeId, rel: &str, now: Time) -> Option<Entry> {
        // A writable layer's folders are the image's (or made): none implied.
        let tree = self.trees.get(id);
        let mut e = match id {
            TreeId::Layer(..) => tree.and_then(|t| t.get(rel)),
            _ => tree.and_then(|t| t.get_or_implied(rel)),
        }
        .cloned();
        if let Some(ws) = self.later.get(&(id.clone(), rel.to_string())) {
            for w in ws.iter().take_while(|w| w.at <= now) {
                e = Some(apply(e, w));
            }
        }
        e
    }

    /// Names the writes due by `now` create directly in `dir` of tree `id`.
    pub(crate) fn due_children(&self, id: &TreeId, dir: &str, now: Time) -> Vec<String> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.later
            .iter()
            .filter(|((tid, key), ws)| {
                tid == id && ws.first().is_some_and(|w| w.at <= now) && key.starts_with(&prefix)
            })
            .filter_map(|((_, key), _)| {
                let rest = &key[prefix.len()..];
                (!rest.is_empty() && !rest.contains('/')).then(|| rest.to_string())
            })
            .collect()
    }

    /// Schedules a write of `owner`'s main process at `at`.
    pub(crate) fn write_later(
        &mut self,
        owner: (String, String),
        id: &TreeId,
        rel: &str,
        text: &str,
        append: bool,
        at: Time,
    ) -> Result<(), Errno> {
        if self
            .bytes
            .saturating_add(self.later_bytes)
            .saturating_add(text.len())
            > MAX_BYTES
        {
            return Err(Errno::NoSpc);
        }
        self.later_bytes += text.len();
        self.later
            .entry((id.clone(), rel.to_string()))
            .or_default()
            .push(Later {
                at,
                owner,
                text: text.to_string(),
                append,
            });
        Ok(())
    }

    /// Lands the writes due by `now` (what does not fit is cut, as on a
    /// full disk).
    pub(crate) fn settle(&mut self, now: Time) {
        let due: Vec<(TreeId, String)> = self
            .later
            .iter()
            .filter(|(_, ws)| ws.first().is_some_and(|w| w.at <= now))
            .map(|(k, _)| k.clone())
            .collect();
        for k in due {
            let Some(ws) = self.later.get_mut(&k) else {
                continue;
            };
            let n = ws.iter().take_while(|w| w.at <= now).count();
            let landed: Vec<Later> = ws.drain(..n).collect();
            if ws.is_empty() {
                self.later.remove(&k);
            }
            for w in landed {
                self.later_bytes = self.later_bytes.saturating_sub(w.text.len());
                let base = self.trees.get(&k.0).and_then(|t| t.get(&k.1)).cloned();
                let mut entry = apply(base, &w);
                if self.put(&k.0, &k.1, entry.clone()).is_err() {
                    if let Entry::File { text, .. } = &mut entry {
                        let held = match self.trees.get(&k.0).and_then(|t| t.get(&k.1)) {
                            Some(Entry::File { text, .. }) => text.len(),
                            _ => 0,
                        };
                        let mut cut = MAX_BYTES
                            .saturating_sub(self.bytes)
                            .saturating_add(held)
                            .min(text.len());
                        while !text.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        text.truncate(cut);
                    }
                    let _ = self.put(&k.0, &k.1, entry);
                }
            }
        }
    }

    /// Forgets the writes to come of the containers `gone` says stopped.
    fn drop_later(&mut self, gone: impl Fn(&(String, String)) -> bool) {
        let mut freed = 0;
        self.later.retain(|_, ws| {
            ws.retain(|w| {
                let keep = !gone(&w.owner);
                if !keep {
                    freed += w.text.len();
                }
                keep
            });
            !ws.is_empty()
        });
        self.later_bytes = self.later_bytes.saturating_sub(freed);
    }

    /// Puts `entry` at `rel` of tree `id`; `NoSpc` (and nothing changes)
    /// when the content would pass [`MAX_BYTES`].
    pub(crate) fn put(&mut self, id: &TreeId, rel: &str, entry: Entry) -> Result<(), Errno> {
        let old = match self.trees.get(id).and_then(|t| t.get(rel)) {
            Some(Entry::File { text, .. }) => text.len(),
            _ => 0,
        };
        let new = match &entry {
            Entry::File { text, .. } => text.len(),
            _ => 0,
        };
        if new > old && self.bytes.saturating_add(new - old) > MAX_BYTES {
            return Err(Errno::NoSpc);
        }
        self.bytes = self.bytes.saturating_sub(old).saturating_add(new);
        self.trees
            .entry(id.clone())
            .or_default()
            .entries
            .insert(rel.to_string(), entry);
        Ok(())
    }

    /// Removes `rel` and everything below it from tree `id`.
    pub(crate) fn remove(&mut self, id: &TreeId, rel: &str) {
        let Some(tree) = self.trees.get_mut(id) else {
            return;
        };
        let prefix = format!("{rel}/");
        let gone: Vec<String> = tree
            .entries
            .range(rel.to_string()..)
            .take_while(|(k, _)| k.starts_with(rel))
            .map(|(k, _)| k.clone())
            .filter(|k| k == rel || k.starts_with(&prefix))
            .collect();
        for k in gone {
            if let Some(Entry::File { text, .. }) = tree.entries.remove(&k) {
                self.bytes = self.bytes.saturating_sub(text.len());
            }
        }
    }

    /// A container starts (again) at `now`: its writable layer starts
    /// empty, as a new container's does, and what its previous process
    /// would still have written never comes.
    pub(crate) fn new_container(&mut self, pod_uid: &str, container: &str, now: Time) {
        self.settle(now);
        self.drop_later(|o| o.0 == pod_uid && o.1 == container);
        let id = TreeId::Layer(pod_uid.to_string(), container.to_string());
        if let Some(t) = self.trees.remove(&id) {
            self.bytes = self.bytes.saturating_sub(t.bytes());
        }
    }

    /// Drops what belongs to pods that no longer exist (their layers and
    /// emptyDirs), to PersistentVolumes that are gone, and local-path
    /// volume directories whose PersistentVolume was deleted (the
    /// provisioner's helper pod removes them).
    pub(crate) fn collect(&mut self, store: &crate::store::Store) {
        let pods: BTreeSet<String> = crate::sort::set(
            store
                .list("pods", None)
                .into_iter()
                .map(|p| crate::meta::uid_of(p).to_string()),
        );
        self.drop_later(|o| !pods.contains(&o.0));
        let pvs: Vec<&Value> = store.list("persistentvolumes", None);
        let pv_names: BTreeSet<&str> = crate::sort::set(pvs.iter().map(|p| crate::name_of(p)));
        let local_paths: BTreeSet<String> = crate::sort::set(
            pvs.iter()
                .filter_map(|p| p.pointer("/spec/hostPath/path").and_then(Value::as_str))
                .map(|p| {
                    crate::images::fs::normalize(p)
                        .trim_start_matches('/')
                        .to_string()
                }),
        );
        self.trees.retain(|id, _| match id {
            TreeId::Layer(uid, _) | TreeId::EmptyDir(uid, _) => pods.contains(uid),
            TreeId::Volume(pv) => pv_names.contains(pv.as_str()),
            TreeId::Node(_) => true,
        });
        const LOCAL: &str = "var/local-path-provisioner";
        for tree in self
            .trees
            .iter_mut()
            .filter(|(id, _)| matches!(id, TreeId::Node(_)))
            .map(|(_, t)| t)
        {
            let stale: Vec<String> = tree
                .children(LOCAL)
                .into_iter()
                .map(|(n, _)| format!("{LOCAL}/{n}"))
                .filter(|p| !local_paths.contains(p))
                .collect();
            for p in stale {
                let prefix = format!("{p}/");
                tree.entries
                    .retain(|k, _| k != &p && !k.starts_with(&prefix));
            }
        }
        self.bytes = self.trees.values().map(Tree::bytes).sum();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_writes_land_on_time_and_stop_with_their_container() {
        let mut f = Files::default();
        let id = TreeId::EmptyDir("u".into(), "v".into());
        let owner = ("u".to_string(), "c".to_string());
        for (i, line) in ["a\n", "b\n", "c\n"].iter().enumerate() {
            f.write_later(
                owner.clone(),
                &id,
                "log",
                line,
                true,
                Time(1000 * (i as i64 + 1)),
            )
            .unwrap();
        }
        assert_eq!(f.entry(&id, "log", Time(0)), None);
        assert_eq!(f.due_children(&id, "", Time(1500)), ["log"]);
        match f.entry(&id, "log", Time(2000)) {
            Some(Entry::File { text, mtime }) => {
                assert_eq!((text.as_str(), mtime), ("a\nb\n", Time(2000)))
            }
            other => panic!("{other:?}"),
        }
        f.new_container("u", "c", Time(2500));
        assert_eq!(f.bytes(), 4);
        match f.entry(&id, "log", Time(9000)) {
            Some(Entry::File { text, .. }) => assert_eq!(text, "a\nb\n"),
            other => panic!("{other:?}"),
        }
    }

    fn file(t: &str) -> Entry {
        Entry::File {
            text: t.into(),
            mtime: Time(0),
        }
    }

    #[test]
    fn children_accounting_and_the_size_limit() {
        let mut f = Files::default();
        let id = TreeId::EmptyDir("u".into(), "v".into());
        f.put(&id, "a", file("12345")).unwrap();
        f.put(
            &id,
            "d",
            Entry::Dir {
                opaque: false,
                mtime: Time(0),
            },
        )
        .unwrap();
        f.put(&id, "d/x", file("1")).unwrap();
        f.put(&id, "d/y/z", file("1")).unwrap();
        let names: Vec<String> = f
            .tree(&id)
            .unwrap()
            .children("d")
            .into_iter()
            .map(|c| c.0)
            .collect();
        // `y` is only implied by `d/y/z`: a plain directory.
        assert_eq!(names, ["x", "y"]);
        assert!(matches!(
            f.entry(&id, "d/y", Time(0)),
            Some(Entry::Dir { .. })
        ));
        assert_eq!(f.bytes(), 7);
        f.put(&id, "a", file("1")).unwrap();
        assert_eq!(f.bytes(), 3);
        f.remove(&id, "d");
        assert_eq!(f.bytes(), 1);
        assert_eq!(f.tree(&id).unwrap().children("").len(), 1);
        let big = "x".repeat(MAX_BYTES);
        assert_eq!(f.put(&id, "big", file(&big)), Err(Errno::NoSpc));
        assert_eq!(f.bytes(), 1);
        f.new_container("u", "c", Time(0));
        assert_eq!(f.bytes(), 1);
    }
}
