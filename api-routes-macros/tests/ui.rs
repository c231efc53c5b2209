// `std::env::set_var` is `unsafe` from edition 2024 because another thread could read the
// environment at the same time; this binary holds one test, so none does.
#![allow(unsafe_code)]

//! Compile-time errors of `routes!` and `#[api_route]`, checked against `.stderr` snapshots.
//!
//! Regenerate with `TRYBUILD=overwrite cargo test -p api-routes-macros --test ui` and read the
//! diff: each case is one mistake, which must give one error naming the file, the rule and the fix.

/// rustc's messages change between releases, so the snapshots hold only on the toolchain they
/// were recorded with (the one `rust-toolchain.toml` pins).
#[rustversion::stable(1.95)]
const ON_RECORDING_TOOLCHAIN: bool = true;
#[rustversion::not(stable(1.95))]
const ON_RECORDING_TOOLCHAIN: bool = false;

use std::io::Write as _;

#[test]
fn ui() {
    if !ON_RECORDING_TOOLCHAIN {
        // Written to stderr directly: the test harness captures `eprintln!`, which would hide
        // the skip whenever the test passes.
        let _ = writeln!(
            std::io::stderr(),
            "\n!!! api-routes-macros UI tests NOT RUN: their .stderr snapshots are recorded with \
             Rust 1.95 and this is another toolchain.\n\
             !!! Run them with: rustup run 1.95 cargo test -p api-routes-macros --test ui\n"
        );
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the UI tests: use Rust 1.95 (rust-toolchain.toml pins it)"
        );
        return;
    }
    // trybuild compiles each case in a scratch crate where CARGO_MANIFEST_DIR is not this crate and
    // no build script runs. Point the macro back at this crate so `dir = "tests/ui/…"` fixtures
    // resolve and the build-script check is skipped (trybuild#202).
    // SAFETY: only test in this binary; no other thread reads the environment.
    unsafe { std::env::set_var("__API_ROUTES_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR")) };
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/*/pass/*.rs");
    t.compile_fail("tests/ui/*/fail/*.rs");
}
