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

/// Paths relative to the tree's root (`a/b.txt`, no leading slash).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tree {
    entries: BTreeMap<String, Entry>,
}

impl Tree {
    pub(crate) fn get(&self, rel: &str) -> Option<&Entry> {
        self.entries.get(rel)
    }

    /// The direct children of `rel` (`""` is the root) with their entries.
    pub(crate) fn children(&self, rel: &str) -> Vec<(String, &Entry)> {
        let prefix = if rel.is_empty() {
            String::new()
        } else {
            format!("{rel}/")
        };
        self.entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, e)| {
                let rest = &k[prefix.len()..];
                (!rest.is_empty() && !rest.contains('/')).then(|| (rest.to_string(), e))
            })
            .collect()
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

/// Every file containers have written.
#[derive(Clone, Debug, Default)]
pub struct Files {
    trees: BTreeMap<TreeId, Tree>,
    bytes: usize,
}

impl Files {
    pub(crate) fn tree(&self, id: &TreeId) -> Option<&Tree> {
        self.trees.get(id)
    }

    /// Bytes of file content held.
    pub fn bytes(&self) -> usize {
        self.bytes
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

    /// A container starts (again): its writable layer starts empty, as
    /// a new container's does.
    pub(crate) fn new_container(&mut self, pod_uid: &str, container: &str) {
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
        let pods: BTreeSet<String> = store
            .list("pods", None)
            .into_iter()
            .map(|p| crate::meta::uid_of(p).to_string())
            .collect();
        let pvs: Vec<&Value> = store.list("persistentvolumes", None);
        let pv_names: BTreeSet<&str> = pvs.iter().map(|p| crate::name_of(p)).collect();
        let local_paths: BTreeSet<String> = pvs
            .iter()
            .filter_map(|p| p.pointer("/spec/hostPath/path").and_then(Value::as_str))
            .map(|p| {
                crate::images::fs::normalize(p)
                    .trim_start_matches('/')
                    .to_string()
            })
            .collect();
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
        assert_eq!(names, ["x"]);
        assert_eq!(f.bytes(), 7);
        f.put(&id, "a", file("1")).unwrap();
        assert_eq!(f.bytes(), 3);
        f.remove(&id, "d");
        assert_eq!(f.bytes(), 1);
        assert_eq!(f.tree(&id).unwrap().children("").len(), 1);
        let big = "x".repeat(MAX_BYTES);
        assert_eq!(f.put(&id, "big", file(&big)), Err(Errno::NoSpc));
        assert_eq!(f.bytes(), 1);
        f.new_container("u", "c");
        assert_eq!(f.bytes(), 1);
    }
}
