//! Order-keeping parallel map over a slice, on scoped threads: the one
//! helper behind the stages that do the same work per note (reading and
//! parsing files, rendering pages).
//!
//! Items are handed out in small runs from a shared counter, so a thread
//! that drew slow notes does not hold the others up; the results come back
//! in item order, so the output never depends on the threads. A few heavy
//! items (the list pages) go one at a time: see [`map_each`].

use std::sync::atomic::{AtomicUsize, Ordering};

/// Items per run handed to a thread by [`map`]: small items (a note, a
/// page) are not worth a trip to the shared counter each.
const RUN: usize = 16;

/// `items.iter().map(f).collect()`, on every core. A panic in `f` is
/// passed on to the caller.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_in_runs(items, RUN, f)
}

/// [`map`] for a few items that each take long: handed out one by one,
/// so that seven list pages still use every core.
pub fn map_each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_in_runs(items, 1, f)
}

fn map_in_runs<T: Sync, R: Send>(items: &[T], run: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // One thread per core, at most 8, and no more than there are runs.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get().min(8))
        .min(items.len().div_ceil(run));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let runs: Vec<&[T]> = items.chunks(run).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(run) = runs.get(index) else {
                return done;
            };
            done.push((index, run.iter().map(&f).collect::<Vec<R>>()));
        }
    };
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        // This thread works too, then collects the others.
        let mut done = work();
        for worker in workers {
            done.extend(
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().flat_map(|(_, results)| results).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_item_order() {
        let items: Vec<u64> = (0..1_000).collect();
        let squares = super::map(&items, |n| {
            // Uneven work, so that threads finish runs out of order.
            if n % 97 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert_eq!(super::map(&[] as &[u8], |n| *n), Vec::<u8>::new());
        assert_eq!(super::map(&[7], |n| n + 1), vec![8]);
    }

    #[test]
    fn a_few_items_are_spread_over_the_threads() {
        // Seven items fit in one run of `map`: `map_each` must still hand
        // them to more than one thread when the machine has several cores.
        let items: Vec<u32> = (0..7).collect();
        let threads = super::map_each(&items, |_| {
            std::thread::sleep(std::time::Duration::from_millis(5));
            std::thread::current().id()
        });
        let distinct: std::collections::HashSet<_> = threads.iter().collect();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(distinct.len() > 1, cores > 1, "{distinct:?}");
        assert_eq!(
            super::map_each(&items, |n| n * 2),
            items.iter().map(|n| n * 2).collect::<Vec<_>>()
        );
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_panic_reaches_the_caller() {
        let items: Vec<u32> = (0..500).collect();
        super::map(&items, |n| assert!(*n != 321, "boom"));
    }
}
