//! Replays every file under `seeds/<target>/`, `regressions/<target>/` and the kept corpus
//! `corpus/<target>/` through the target's logic, on the stable toolchain: `cargo test` in
//! `fuzz/` (CI runs `cargo test --manifest-path fuzz/Cargo.toml`). A crasher kept in
//! `regressions/` fails here until its bug is fixed.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
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
    ($($target:ident)*) => {
        $(
            #[test]
            fn $target() {
                replay(stringify!($target), api_routes_fuzz::$target::run);
            }
        )*
    };
}

replay_tests!(query cookies body path_params etag openapi route_model compression path_routing router);
