//! One sort for the whole crate and the designer.
//!
//! Every `sort_by` on another element type, and every `collect()` into a `BTreeMap` (which
//! sorts what it collects), compiles another copy of the standard library's sorting code, 2 to
//! 6 KB each, into the designer's WebAssembly; there were a dozen. These helpers sort positions
//! instead, comparing through a `&dyn Fn`, so the sorting code is there once, and then move the
//! items into that order by swaps. The result is the standard stable sort's (for any order
//! that is total, every stable sort gives the same result).

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `items` stably by `cmp`, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items = &*items;
        positions(items.len(), &|a, b| cmp(&items[a], &items[b]))
    };
    apply(order, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` in ascending order. Stable, which for a total order gives what
/// `sort_unstable` gives.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A map of `pairs`, as `collect()` makes it (a later value for the same key wins), by
/// insertion: `collect()` sorts the pairs first, with its own copy of the sorting code.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// The positions `0..len` in the stable order of `cmp`: the one sort, a bottom-up merge sort
/// (a few hundred bytes, where the standard library's sort is several KB even once).
fn positions(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    let mut to = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                // Ties take the left run's item: that keeps the sort stable.
                if j >= end || (i < mid && cmp(from[i], from[j]) != Ordering::Greater) {
                    *slot = from[i];
                    i += 1;
                } else {
                    *slot = from[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

/// Moves the item at `order[k]` to position `k` with `swap`: each swap puts one item in its
/// final place, so at most `len` swaps.
fn apply(order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    // dest[i]: where the item now at position i belongs.
    let mut dest = vec![0; order.len()];
    for (k, &from) in order.iter().enumerate() {
        dest[from] = k;
    }
    for i in 0..dest.len() {
        while dest[i] != i {
            let to = dest[i];
            swap(i, to);
            dest.swap(i, to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort() {
        let mut seed = 7u32;
        for len in [0, 1, 2, 3, 5, 8, 20, 33, 100] {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 7, i)
                })
                .collect();
            let mut ours = items.clone();
            let mut std = items.clone();
            // By the first field only: equal keys must keep their order.
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "length {len}");
        }
        let mut words = vec!["b", "c", "a", "b"];
        sort(&mut words);
        assert_eq!(words, ["a", "b", "b", "c"]);
    }

    #[test]
    fn maps_like_collect() {
        let pairs = [("b", 1), ("a", 2), ("b", 3)];
        assert_eq!(map_of(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
    }
}
