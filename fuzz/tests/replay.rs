//! Replays every file under `seeds/<target>/`, `regressions/<target>/` and the kept corpus
//! `corpus/<target>/` through the target's logic, on the stable toolchain: `cargo test` in
//! `fuzz/` (CI runs `cargo test --manifest-path fuzz/Cargo.toml`). A crasher kept in
//! `regressions/` fails here until its bug is fixed.

use std::path::Path;

/// A test thread's stack, as every target but one gets: what a tokio worker has too.
const TEST_THREAD_STACK: usize = 2 << 20;

/// `route_model` is the code `routes!` runs inside rustc, whose compiler thread has 8 MiB
/// (rustc_interface's `DEFAULT_STACK_SIZE`), and libFuzzer runs it on an 8 MiB main thread. syn
/// recurses once per nested `<` of a handler's types; the router reads heads up to 128 levels,
/// about 2 MiB of syn's recursion unoptimized (RELIABILITY.md, "Stack depth").
const COMPILER_THREAD_STACK: usize = 8 << 20;

fn replay(target: &'static str, run: fn(&[u8]), stack: usize) {
    let replayed = std::thread::Builder::new()
        .name(target.to_owned())
        .stack_size(stack)
        .spawn(move || replay_on_this_thread(target, run))
        .unwrap()
        .join();
    if let Err(panic) = replayed {
        std::panic::resume_unwind(panic);
    }
}

fn replay_on_this_thread(target: &str, run: fn(&[u8])) {
    let mut count = 0;
    for folder in ["seeds", "regressions", "corpus"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(folder)
            .join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            if let Err(panic) = std::panic::catch_unwind(|| run(&data)) {
                eprintln!("failed on {}", path.display());
                std::panic::resume_unwind(panic);
            }
            count += 1;
        }
    }
    assert!(count > 0, "no seeds for {target}");
}

macro_rules! replay_tests {
    ($($target:ident: $stack:expr),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                replay(stringify!($target), api_routes_fuzz::$target::run, $stack);
            }
        )*
    };
}

replay_tests!(
    query: TEST_THREAD_STACK,
    cookies: TEST_THREAD_STACK,
    body: TEST_THREAD_STACK,
    path_params: TEST_THREAD_STACK,
    etag: TEST_THREAD_STACK,
    openapi: TEST_THREAD_STACK,
    route_model: COMPILER_THREAD_STACK,
    compression: TEST_THREAD_STACK,
    path_routing: TEST_THREAD_STACK,
    router: TEST_THREAD_STACK,
);
