//! `cargo api-routes routes --json` lists, without building, the routes `routes!` generated for
//! the `tests` crate.

use std::process::Command;

#[test]
fn routes_json_matches_the_generated_route_table() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/Cargo.toml");
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-api-routes"))
        .args([
            "api-routes",
            "routes",
            "--json",
            "--manifest-path",
            manifest,
        ])
        .output()
        .expect("cargo-api-routes runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("routes --json prints JSON");
    let listed: Vec<(String, String, Vec<String>)> = listed
        .iter()
        .map(|route| {
            (
                route["path"].as_str().unwrap_or_default().to_owned(),
                route["file"].as_str().unwrap_or_default().to_owned(),
                serde_json::from_value(route["methods"].clone()).unwrap_or_default(),
            )
        })
        .collect();
    let generated: Vec<(String, String, Vec<String>)> = api_routes_tests::ROUTES
        .iter()
        .map(|route| {
            (
                route.path.to_owned(),
                route.file.to_owned(),
                route
                    .methods
                    .iter()
                    .map(|method| (*method).to_owned())
                    .collect(),
            )
        })
        .collect();
    assert!(!generated.is_empty());
    assert_eq!(listed, generated);
}

#[test]
fn routes_prints_middleware_and_body_limits() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/Cargo.toml");
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-api-routes"))
        .args(["api-routes", "routes", "--manifest-path", manifest])
        .output()
        .expect("cargo-api-routes runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("METHODS"), "{text}");
    let row = |url: &str| {
        text.lines()
            .find(|line| line.split_whitespace().nth(1) == Some(url))
            .unwrap_or_else(|| panic!("no row for {url}:\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    // METHODS URL FILE BODY MIDDLEWARE…
    assert_eq!(row("/api/rt/limit")[3], "500kb", "{text}");
    assert_eq!(row("/api/rt/limit-bytes")[3], "4096", "{text}");
    assert_eq!(row("/api/user")[3], "1mb", "{text}");
    assert_eq!(row("/api/user")[4], "-", "{text}");
    assert_eq!(
        row("/api/mw/inner/page")[4..],
        [
            "src/pages/api/mw/_middleware.rs,",
            "src/pages/api/mw/inner/_middleware.rs"
        ],
        "{text}"
    );
}
