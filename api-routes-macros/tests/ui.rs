// `std::env::set_var` is `unsafe` from edition 2024 because another thread could read the
// environment at the same time; this binary holds one test, so none does.
#![allow(unsafe_code)]

//! Compile-time errors of `routes!` and `#[api_route]`, checked against `.stderr` snapshots.
//!
//! Regenerate with `TRYBUILD=overwrite cargo test -p api-routes-macros --test ui` and read the
//! diff: each case is one mistake, which must give one error naming the file, the rule and the fix.

#[rustversion::attr(
    not(stable(1.95)),
    ignore = "stderr snapshots are recorded with Rust 1.95"
)]
#[test]
fn ui() {
    // trybuild compiles each case in a scratch crate where CARGO_MANIFEST_DIR is not this crate and
    // no build script runs. Point the macro back at this crate so `dir = "tests/ui/…"` fixtures
    // resolve and the build-script check is skipped (trybuild#202).
    // SAFETY: only test in this binary; no other thread reads the environment.
    unsafe { std::env::set_var("__API_ROUTES_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR")) };
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/*/pass/*.rs");
    t.compile_fail("tests/ui/*/fail/*.rs");
}
