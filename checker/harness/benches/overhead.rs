//! The overhead per delay of `wait_n` and `task_wait_n`, across n and both runtime flavors.
//!
//! `cargo bench -p checker-harness --features bench` runs it under [divan](https://docs.rs/divan). Every call uses
//! `max_delay = 0`, so a delay costs no waiting and the whole time measured is overhead:
//! drawing the delay, creating and polling its future (or spawning its task), registering
//! its timer, and placing the result. Divan's `item/s` column is delays per second, and its
//! time divided by `n` is the overhead per delay; that it stays flat from n = 10 000 to
//! 1 000 000 is the "linear cost" that `checker bench` judges (see `checker/harness/BENCH.md`).
//!
//! Waiting for real delays (`max_delay = 1`), peak memory, the order of the results and the
//! comparison with Python are measured once per configuration, each in its own process, by
//! `cargo run --release -p checker -- bench`.

use std::fmt;

use checker_harness::bench::Flavor;
use divan::Bencher;
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

/// One benchmark argument: a runtime flavor and a number of delays.
#[derive(Clone, Copy)]
struct Case {
    flavor: Flavor,
    n: usize,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} n={}", self.flavor, self.n)
    }
}

/// Both flavors at n = 10 000, 100 000 and 1 000 000.
const CASES: [Case; 6] = {
    const fn case(flavor: Flavor, n: usize) -> Case {
        Case { flavor, n }
    }
    use Flavor::{CurrentThread, MultiThread};
    [
        case(CurrentThread, 10_000),
        case(CurrentThread, 100_000),
        case(CurrentThread, 1_000_000),
        case(MultiThread, 10_000),
        case(MultiThread, 100_000),
        case(MultiThread, 1_000_000),
    ]
};

/// Times `call(n)` on a runtime of the case's flavor, built once outside the timing.
fn bench_calls<F>(bencher: Bencher, case: Case, call: impl Fn(usize) -> F)
where
    F: Future<Output = Vec<f64>>,
{
    let runtime = case
        .flavor
        .builder()
        .build()
        .expect("the OS should provide a tokio runtime");
    bencher
        .counter(ItemsCount::new(case.n))
        .bench_local(|| runtime.block_on(call(case.n)));
}

// A million-delay call takes up to a second, so few samples of one call each keep the
// whole run to about a minute; the spread divan reports shows they suffice.
#[divan::bench(args = CASES, sample_count = 10, sample_size = 1)]
fn wait_n(bencher: Bencher, case: Case) {
    bench_calls(bencher, case, |n| concurrent_coroutines::wait_n(n, 0));
}

#[divan::bench(args = CASES, sample_count = 10, sample_size = 1)]
fn task_wait_n(bencher: Bencher, case: Case) {
    bench_calls(bencher, case, |n| task_wait_n::task_wait_n(n, 0));
}
