//! Replays every file under `seeds/<target>/` and `regressions/<target>/` through the target's
//! logic, on the stable toolchain: `cargo test` in `fuzz/`. A crasher kept in `regressions/`
//! fails here until its bug is fixed.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let mut count = 0;
    for folder in ["seeds", "regressions"] {
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
            eprintln!("replaying {}", path.display());
            run(&data);
            count += 1;
        }
    }
    assert!(count > 0, "no seeds for {target}");
}

#[test]
fn query() {
    replay("query", api_routes_fuzz::query::run);
}

#[test]
fn cookies() {
    replay("cookies", api_routes_fuzz::cookies::run);
}

#[test]
fn body() {
    replay("body", api_routes_fuzz::body::run);
}

#[test]
fn path_params() {
    replay("path_params", api_routes_fuzz::path_params::run);
}

#[test]
fn router() {
    replay("router", api_routes_fuzz::router::run);
}
