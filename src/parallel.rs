//! Order-keeping parallel map over a slice, on scoped threads: the one
//! helper behind the stages that do the same work per note (reading and
//! parsing files, rendering pages).
//!
//! Items are handed out in small runs from a shared counter, so a thread
//! that drew slow notes does not hold the others up; the results come back
//! in item order, so the output never depends on the threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Items per run handed to a thread.
const RUN: usize = 16;

/// `items.iter().map(f).collect()`, on every core. A panic in `f` is
/// passed on to the caller.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // One thread per core, at most 8, and no more than there are runs.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get().min(8))
        .min(items.len().div_ceil(RUN));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let runs: Vec<&[T]> = items.chunks(RUN).collect();
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
    #[should_panic(expected = "boom")]
    fn a_panic_reaches_the_caller() {
        let items: Vec<u32> = (0..500).collect();
        super::map(&items, |n| assert!(*n != 321, "boom"));
    }
}
