//! A parallel map over a slice on scoped threads with large stacks: how files are parsed,
//! names resolved and rules run side by side.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Stack size of worker threads: syn and the visitor recurse once per nesting level.
pub(crate) const STACK: usize = 64 * 1024 * 1024;

/// `f` over every item, on as many threads as there are cores, each thread taking the next
/// item as it finishes one. An item whose `f` panics maps to `None`, and the rest go on.
pub(crate) fn map<T, R, F>(items: &[T], f: F) -> Vec<Option<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, catch_unwind(AssertUnwindSafe(|| f(item))).ok()));
        }
        done
    };
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(s, work)
                    .ok()
            })
            .collect();
        for h in handles {
            if let Ok(done) = h.join() {
                for (i, r) in done {
                    results[i] = r;
                }
            }
        }
    });
    results
}
