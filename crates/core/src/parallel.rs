//! Work on every core over a slice, its results in the slice's order: what a large bundle's own
//! checks and ids need (each entry's is independent of the others').

/// `f` over contiguous parts of `items`, one part per core and at least `min_per_part` items
/// each, its results concatenated in order; `f` gets a part and returns one result per item.
/// A small slice is one part, on the calling thread. A panic in a part is the caller's.
pub fn map_parts<T: Sync, R: Send>(items: &[T], min_per_part: usize, f: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = items.len().div_ceil(threads).max(min_per_part).max(1);
    if items.len() <= per {
        return f(items);
    }
    let f = &f;
    std::thread::scope(|s| {
        let parts: Vec<_> = items.chunks(per).map(|c| s.spawn(move || f(c))).collect();
        let mut out = Vec::with_capacity(items.len());
        for p in parts {
            match p.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_items_whatever_the_parts() {
        let items: Vec<u64> = (0..10_000).collect();
        for min in [1, 7, 4096, 20_000] {
            let out = map_parts(&items, min, |part| part.iter().map(|x| x * 3).collect());
            assert_eq!(out, items.iter().map(|x| x * 3).collect::<Vec<_>>(), "parts of at least {min}");
        }
        assert!(map_parts(&[] as &[u64], 1, |p| p.to_vec()).is_empty());
    }
}
