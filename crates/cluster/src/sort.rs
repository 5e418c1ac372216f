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

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The positions of `n` elements in sorted order, by a comparison of two
/// positions; equal elements keep their order.
#[inline(never)]
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

#[cfg(test)]
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
            }
        }
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
