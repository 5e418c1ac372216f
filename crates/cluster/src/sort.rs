//! Stable sorts compiled once.
//!
//! `slice::sort_by` instantiates the whole of the standard library's
//! driftsort (a few KB of wasm) for every element type and comparison
//! closure: with some sixty sorts in the engine, the shell and the app that
//! was the largest single item of the release bundle's code. These
//! functions sort a list of indices instead, with one instantiation of the
//! standard stable sort over `usize` behind a `dyn` comparison, then move
//! the elements into place; what is left per call site is a few swaps.
//! The order is exactly the standard library's: both are stable sorts.
//! [`VecMap`] is a sorted list with a map's interface, for small maps.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The positions of `n` elements in sorted order, by a comparison of two
/// positions; equal elements keep their order.
#[inline(never)]
#[allow(clippy::disallowed_methods)] // the one instantiation (clippy.toml)
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Puts `v[perm[k]]` at position `k` for every k, following each cycle of
/// the permutation with swaps.
fn permute<T>(v: &mut [T], mut perm: Vec<usize>) {
    for i in 0..v.len() {
        let mut j = i;
        while let Some(&k) = perm.get(j) {
            if let Some(p) = perm.get_mut(j) {
                *p = j;
            }
            if k == i || k == j {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

/// `v.sort_by(cmp)`: stable.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let perm = {
        let items: &[T] = v;
        order(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    permute(v, perm);
}

/// `v.sort_by_key(key)`: stable; like the standard library, the key is
/// computed for each comparison.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`: stable.
pub fn sort<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// `v.sort_by_cached_key(key)`: the key computed once per element; equal
/// keys keep their order, as with the standard library (which sorts
/// (key, position) pairs with its unstable sort: one more instantiation
/// per key type).
pub fn by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    let perm = order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
    permute(v, perm);
}

/// `iter.collect::<BTreeSet<_>>()` without the sort that `collect` runs
/// first (another driftsort for each element type): the elements are
/// inserted one by one, which gives the same set.
pub fn set<T: Ord>(iter: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut out = BTreeSet::new();
    for x in iter {
        out.insert(x);
    }
    out
}

/// `iter.collect::<BTreeMap<_, _>>()` without its sort: pairs are inserted
/// one by one, so a later pair with an equal key wins, as with `collect`.
pub fn map<K: Ord, V>(iter: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut out = BTreeMap::new();
    for (k, v) in iter {
        out.insert(k, v);
    }
    out
}

/// A map kept as a list sorted by its keys, for maps of a few entries.
///
/// A `BTreeMap` compiles its search, insert, remove and rebalancing code
/// again for every key and value type (5 to 9 KB of wasm each, some forty
/// pairs in the bundle); this map's code per pair is a binary search and
/// a `Vec` insert or remove. Iteration is in key order, as a `BTreeMap`'s,
/// and inserting a key already present replaces its value and keeps the
/// key, as `BTreeMap::insert` does. Inserts and removes move the entries
/// after the slot: use it only where the map stays small.
#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for VecMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord, V> VecMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find<Q: Ord + ?Sized>(&self, q: &Q) -> Result<usize, usize>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(q))
    }

    pub fn get<Q: Ord + ?Sized>(&self, q: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        let i = self.find(q).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, q: &Q) -> Option<&mut V>
    where
        K: std::borrow::Borrow<Q>,
    {
        let i = self.find(q).ok()?;
        self.0.get_mut(i).map(|(_, v)| v)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, q: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(q).is_ok()
    }

    /// Sets `k` to `v`; returns the value it replaces.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        match self.find(&k) {
            Ok(i) => self
                .0
                .get_mut(i)
                .map(|slot| std::mem::replace(&mut slot.1, v)),
            Err(i) => {
                self.0.insert(i, (k, v));
                None
            }
        }
    }

    /// `map.entry(k).or_default()`.
    pub fn get_or_default(&mut self, k: K) -> &mut V
    where
        V: Default,
    {
        let i = match self.find(&k) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (k, V::default()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, q: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
    {
        let i = self.find(q).ok()?;
        Some(self.0.remove(i).1)
    }
}

/// The entries in key order.
impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<K, V> VecMap<K, V> {
    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // compares with the standard sorts
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no dependency.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        let mut seed = 7;
        for len in [0usize, 1, 2, 3, 5, 8, 17, 64, 200, 1000] {
            for modulus in [1u64, 2, 5, 1000] {
                let v: Vec<(u64, usize)> =
                    (0..len).map(|i| (lcg(&mut seed) % modulus, i)).collect();
                let mut ours = v.clone();
                let mut std = v.clone();
                by_key(&mut ours, |x| x.0);
                std.sort_by_key(|x| x.0);
                assert_eq!(ours, std, "len {len} modulus {modulus}");
                let mut ours = v.clone();
                let mut std = v;
                by(&mut ours, |a, b| b.0.cmp(&a.0));
                std.sort_by_key(|x| std::cmp::Reverse(x.0));
                assert_eq!(ours, std, "reversed, len {len} modulus {modulus}");
                let mut ours = std.clone();
                by_cached_key(&mut ours, |x| x.0 % 3);
                std.sort_by_cached_key(|x| x.0 % 3);
                assert_eq!(ours, std, "cached key, len {len} modulus {modulus}");
            }
        }
    }

    #[test]
    fn vec_map_behaves_as_a_btree_map() {
        let mut seed = 11;
        let mut ours: VecMap<u64, u64> = VecMap::new();
        let mut std: BTreeMap<u64, u64> = BTreeMap::new();
        for step in 0..2000u64 {
            let k = lcg(&mut seed) % 40;
            match lcg(&mut seed) % 4 {
                0 => assert_eq!(ours.remove(&k), std.remove(&k)),
                1 => {
                    if let (Some(a), Some(b)) = (ours.get_mut(&k), std.get_mut(&k)) {
                        *a += step;
                        *b += step;
                    }
                }
                _ => assert_eq!(ours.insert(k, step), std.insert(k, step)),
            }
            assert_eq!(ours.get(&k), std.get(&k));
            assert_eq!(ours.contains_key(&k), std.contains_key(&k));
            assert_eq!(ours.len(), std.len());
        }
        assert!(ours.iter().eq(std.iter()));
        assert!(ours.keys().eq(std.keys()));
        assert!(ours.values().eq(std.values()));
        for k in [3, 41, 0] {
            *ours.get_or_default(k) += 1;
            *std.entry(k).or_default() += 1;
        }
        assert!(ours.clone().into_iter().eq(std.clone()));
        assert_eq!(format!("{ours:?}"), format!("{std:?}"));
        let mut names: VecMap<String, i32> = VecMap::default();
        names.insert("b".to_string(), 1);
        names.insert("a".to_string(), 2);
        assert_eq!(names.get("a"), Some(&2));
        assert_eq!(names.remove("b"), Some(1));
        assert!(!names.is_empty());
    }

    #[test]
    fn set_and_map_equal_collect() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        assert_eq!(map(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(
            set(pairs.map(|p| p.0)),
            pairs.map(|p| p.0).into_iter().collect()
        );
    }

    #[test]
    fn sorts_strings_and_keeps_non_copy_elements() {
        let mut v: Vec<String> = ["web-2", "db", "web-10", "api", "db"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort(&mut v);
        assert_eq!(v, ["api", "db", "db", "web-10", "web-2"]);
    }
}
