//! Two independent computations at once where the platform has threads: natively the second runs on a
//! scoped thread while the first runs on the caller's; in the page's worker (no threads), and natively
//! when no thread can be started, one after the other. Each computation sees the same inputs either way
//! and returns the same value, so a report does not depend on how it ran.

/// Whether this platform has a second core to run on (never in the page's worker).
pub fn available() -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
    }
    #[cfg(target_arch = "wasm32")]
    {
        false
    }
}

/// Rows (or lines) of work from which splitting it over two threads repays starting one (below, a thread
/// costs more than it saves). The table's classification, its finishing scans and the profiles' pass 3
/// use it.
pub const SPLIT_ROWS: usize = 1 << 16;

/// [`join`] when `two` (the work is large enough, see [`SPLIT_ROWS`]), else `a` then `b` here: the same
/// results either way.
pub fn join_if<A, B, RA, RB>(two: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB + Send,
    RB: Send,
{
    if two { join(a, b) } else { (a(), b()) }
}

/// Runs `a` and `b`, `b` on a second thread when one can be started; returns both results.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB + Send,
    RB: Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    {
        // `b` waits in a slot that the thread empties: if the thread cannot be started, `b` is still
        // here to run on this one.
        let slot = std::sync::Mutex::new(Some(b));
        let (ra, rb) = std::thread::scope(|s| {
            let thread = std::thread::Builder::new().name("clientela-join".into()).spawn_scoped(s, || {
                let f = slot.lock().ok().and_then(|mut g| g.take());
                f.map(|f| f())
            });
            let ra = a();
            let rb = match thread.map(|t| t.join()) {
                Ok(Ok(rb)) => rb,
                // A panic on the thread is the caller's, as it would be on one thread.
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => None,
            };
            (ra, rb)
        });
        let rb = match rb {
            Some(rb) => rb,
            // The thread could not start (or found the slot empty, which cannot be: only it takes `b`).
            None => match slot.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
                Some(f) => f(),
                None => unreachable!("the second computation either ran on its thread or waits in its slot"),
            },
        };
        (ra, rb)
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_come_back_in_their_places() {
        let data: Vec<u64> = (1..=1000).collect();
        let (a, b) = join(|| data.iter().sum::<u64>(), || data.iter().map(|x| x * x).sum::<u64>());
        // Hand-computed: n(n+1)/2 and n(n+1)(2n+1)/6 for n = 1000.
        assert_eq!((a, b), (500_500, 333_833_500));
    }

    #[test]
    fn join_if_runs_both_here_when_the_work_is_small() {
        let here = std::thread::current().id();
        assert_eq!(join_if(false, || std::thread::current().id(), || std::thread::current().id()), (here, here));
        let (a, b) = join_if(true, || std::thread::current().id(), || std::thread::current().id());
        assert_eq!(a, here);
        #[cfg(not(target_arch = "wasm32"))]
        assert_ne!(b, here);
        #[cfg(target_arch = "wasm32")]
        assert_eq!(b, here);
    }

    #[test]
    fn the_second_runs_beside_the_first_when_threads_exist() {
        let (a, b) = join(|| std::thread::current().id(), || std::thread::current().id());
        assert_eq!(a, std::thread::current().id());
        #[cfg(not(target_arch = "wasm32"))]
        assert_ne!(a, b);
        #[cfg(target_arch = "wasm32")]
        assert_eq!(a, b);
    }
}
