pub fn measure_time(n: usize, max_delay: u32) -> f64 {
    // the message the contract test asks for (cargo test showed the expected text)
    assert!(
        n > 0,
        "measure_time(n = {n}, max_delay = {max_delay}): n must be at least 1"
    );
    // run() refuses to start inside a runtime that drives tasks; say why in our own words.
    // spawn_blocking threads are fine, which is why this can't just be Handle::try_current
    let timed = std::panic::catch_unwind(|| {
        basic_async_syntax::run(async {
            let start = tokio::time::Instant::now();
            concurrent_coroutines::wait_n(n, max_delay).await;
            start.elapsed()
        })
    });
    let total = match timed {
        Ok(total) => total,
        Err(payload) => {
            let nested = [
                payload.downcast_ref::<&str>().copied(),
                payload.downcast_ref::<String>().map(String::as_str),
            ]
            .into_iter()
            .flatten()
            .any(|message| message.contains("Cannot start a runtime from within a runtime"));
            if nested {
                panic!(
                    "measure_time was called from inside an async task; \
                     call it from tokio::task::spawn_blocking instead"
                );
            }
            std::panic::resume_unwind(payload)
        }
    };
    total.as_secs_f64() / n as f64
}
