//! ControllerRevisions (apps/v1): the template history of StatefulSets and
//! DaemonSets. A revision's `data` is the patch that restores its owner's
//! pod template (`{"spec":{"template":{"$patch":"replace",...}}}`, as
//! Go's encoding/json writes it), `revision` its number; the owner is the
//! revision's controller, so the garbage collector removes revisions with
//! their owner.

use super::{controller_ref_to, controller_uid};
use crate::meta::{go_json, str_at};
use crate::Cluster;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

pub(crate) const HASH_LABEL: &str = "controller-revision-hash";

/// The revisions `owner` controls, oldest first (by revision, then name).
pub(crate) fn controlled(c: &Cluster, owner: &Value) -> Vec<Value> {
    let uid = str_at(owner, "/metadata/uid");
    let mut out: Vec<Value> = c
        .store
        .list("controllerrevisions", Some(crate::namespace_of(owner)))
        .into_iter()
        .filter(|r| controller_uid(r) == Some(uid))
        .cloned()
        .collect();
    crate::sort::by(&mut out, |a, b| {
        number(a)
            .cmp(&number(b))
            .then_with(|| crate::name_of(a).cmp(crate::name_of(b)))
    });
    out
}

/// A revision's number.
pub(crate) fn number(r: &Value) -> i64 {
    r.get("revision").and_then(Value::as_i64).unwrap_or(0)
}

/// The patch that restores `owner`'s pod template.
pub(crate) fn patch(owner: &Value) -> Value {
    let mut template = owner
        .pointer("/spec/template")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Some(t) = template.as_object_mut() {
        t.insert("$patch".into(), json!("replace"));
    }
    json!({"spec": {"template": template}})
}

/// The pod template a revision restores.
pub(crate) fn template(r: &Value) -> Value {
    let mut t = r
        .pointer("/data/spec/template")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Some(m) = t.as_object_mut() {
        m.remove("$patch");
    }
    t
}

/// FNV-1 (not 1a), 32 bits, as Go's `hash/fnv.New32`.
fn fnv32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h = h.wrapping_mul(0x0100_0193);
        h ^= *b as u32;
    }
    h
}

/// `history.HashControllerRevision`: FNV-1 over the data as JSON and the
/// collision count's decimal digits, printed in decimal and safe-encoded
/// (so at most 10 characters of the name-suffix alphabet).
pub(crate) fn hash(data: &Value, probe: Option<i64>) -> String {
    let mut bytes = go_json(data).into_bytes();
    if let Some(p) = probe {
        bytes.extend_from_slice(p.to_string().as_bytes());
    }
    super::deployment::safe_encode(&fnv32(&bytes).to_string())
}

/// Creates a revision of `owner` (labels and annotations as given); on a
/// name taken by a different revision, None.
pub(crate) fn create(
    c: &mut Cluster,
    owner: &Value,
    name: &str,
    labels: Map<String, Value>,
    data: Value,
    revision: i64,
) -> Option<Value> {
    let ns = crate::namespace_of(owner).to_string();
    let mut meta = Map::new();
    meta.insert("name".into(), json!(name));
    meta.insert("namespace".into(), json!(ns));
    meta.insert("labels".into(), Value::Object(labels));
    if let Some(a) = owner
        .pointer("/metadata/annotations")
        .filter(|a| a.as_object().is_some_and(|m| !m.is_empty()))
    {
        meta.insert("annotations".into(), a.clone());
    }
    meta.insert("ownerReferences".into(), json!([controller_ref_to(owner)]));
    let obj = json!({
        "apiVersion": "apps/v1",
        "kind": "ControllerRevision",
        "metadata": Value::Object(meta),
        "data": data,
        "revision": revision,
    });
    let rt = crate::resources::by_plural("controllerrevisions")?;
    c.create_object(rt, obj, &ns).ok()
}

/// Gives an existing revision a new number (a rollback to it).
pub(crate) fn renumber(c: &mut Cluster, r: &Value, revision: i64) -> Value {
    let mut r2 = r.clone();
    r2["revision"] = json!(revision);
    c.put_if_changed("controllerrevisions", r2.clone());
    c.store
        .get(
            "controllerrevisions",
            crate::namespace_of(r),
            crate::name_of(r),
        )
        .cloned()
        .unwrap_or(r2)
}

/// Deletes the oldest revisions not in `live` until at most `limit` of
/// those remain (`revisionHistoryLimit`).
pub(crate) fn prune(c: &mut Cluster, history: &[Value], live: &BTreeSet<String>, limit: i64) {
    let old: Vec<&Value> = history
        .iter()
        .filter(|r| !live.contains(crate::name_of(r)))
        .collect();
    let excess = old.len() as i64 - limit.max(0);
    for r in old.into_iter().take(excess.max(0) as usize) {
        let ns = crate::namespace_of(r).to_string();
        let name = crate::name_of(r).to_string();
        c.delete_object("controllerrevisions", &ns, &name, Default::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1_is_not_fnv1a() {
        assert_eq!(fnv32(b""), 0x811c_9dc5);
        assert_eq!(fnv32(b"a"), 0x050c_5d7e);
    }

    #[test]
    fn hashes_are_name_suffix_shaped() {
        let d = json!({"spec": {"template": {"$patch": "replace"}}});
        let h = hash(&d, Some(0));
        assert!(!h.is_empty() && h.len() <= 10);
        assert!(h.bytes().all(|b| crate::rng::NAME_ALPHABET.contains(&b)));
        assert_ne!(h, hash(&d, Some(1)), "the collision count changes it");
        assert_eq!(h, hash(&d, Some(0)));
    }

    #[test]
    fn patch_and_template_round_trip() {
        let owner = json!({"spec": {"template": {"metadata": {"labels": {"a": "b"}}, "spec": {}}}});
        let p = patch(&owner);
        assert_eq!(p["spec"]["template"]["$patch"], "replace");
        let r = json!({"data": p, "revision": 3});
        assert_eq!(template(&r), owner["spec"]["template"]);
        assert_eq!(number(&r), 3);
    }
}
