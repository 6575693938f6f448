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

/// `f` over `0..n`, in contiguous chunks side by side, the results in order. A chunk whose
/// `f` panicked is run again here, so that the panic reaches the caller.
pub(crate) fn map_range<R, F>(n: usize, f: F) -> Vec<R>
where
    R: Send,
    F: Fn(usize) -> R + Sync,
{
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    // A few chunks per thread: the ones that resolve more wait less on each other.
    let size = n.div_ceil(threads * 4).max(256);
    let chunks: Vec<(usize, usize)> = (0..n)
        .step_by(size)
        .map(|start| (start, (start + size).min(n)))
        .collect();
    let run = |&(start, end): &(usize, usize)| (start..end).map(&f).collect::<Vec<R>>();
    let mut out = Vec::with_capacity(n);
    for (chunk, done) in chunks.iter().zip(map(&chunks, run)) {
        out.extend(done.unwrap_or_else(|| run(chunk)));
    }
    out
}
