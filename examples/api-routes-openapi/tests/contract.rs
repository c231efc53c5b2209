//! The contract cannot go stale: the committed `ts/openapi.json` is the document `openapi()`
//! generates, the committed `ts/schema.d.ts` is what openapi-typescript makes of it, and
//! `ts/client.ts` type-checks against it.
//!
//! After changing a page or a type, refresh both files with
//! `UPDATE_OPENAPI=1 cargo test -p example-api-routes-openapi --test contract`.
//!
//! The TypeScript half needs Node ≥ 20 and npm (CI has them); without them it says so loudly on
//! stderr and passes. `API_ROUTES_SKIP_NODE=1` skips it on purpose, e.g. offline.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const REFRESH: &str = "UPDATE_OPENAPI=1 cargo test -p example-api-routes-openapi --test contract";

fn ts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ts")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_OPENAPI").is_some_and(|value| value == "1")
}

/// The document as committed: pretty JSON and a final newline.
fn generated_json() -> String {
    example_api_routes_openapi::document().to_json() + "\n"
}

/// `path`'s text equals `expected`, or, with `UPDATE_OPENAPI=1`, is made to.
fn assert_file_is(path: &Path, expected: &str) {
    if updating() {
        std::fs::write(path, expected).unwrap_or_else(|error| panic!("write {path:?}: {error}"));
        eprintln!("rewrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is stale: it is not what the pages generate now. Refresh it with\n\n    {REFRESH}\n\nand commit the result.",
        path.display()
    );
}

#[test]
fn the_committed_document_is_the_generated_one() {
    assert_file_is(&ts_dir().join("openapi.json"), &generated_json());
}

#[test]
fn the_document_has_every_operation_and_schema() {
    let document: Value = serde_json::from_str(&generated_json()).expect("the document is JSON");
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["title"], "Users API");
    let operations: Vec<(String, String)> = document["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("a path item")
                .keys()
                .filter(|key| *key != "parameters")
                .map(|method| (path.clone(), method.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let expected = [
        ("/api/users", "get"),
        ("/api/users", "post"),
        ("/api/users/{id}", "get"),
        ("/api/users/{id}", "put"),
        ("/api/users/{id}", "delete"),
    ];
    assert_eq!(
        operations,
        expected.map(|(path, method)| (path.to_owned(), method.to_owned()))
    );

    let users = &document["paths"]["/api/users"];
    let query: Vec<&str> = users["get"]["parameters"]
        .as_array()
        .expect("query parameters")
        .iter()
        .map(|parameter| parameter["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(query, ["name", "limit"]);
    assert_eq!(
        users["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewUser"
    );
    assert_eq!(
        users["post"]["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/User"
    );

    let user = &document["paths"]["/api/users/{id}"];
    assert_eq!(user["parameters"][0]["name"], "id");
    assert_eq!(user["parameters"][0]["in"], "path");
    assert_eq!(user["get"]["summary"], "Reads a user.");
    assert_eq!(
        user["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/User"
    );
    assert!(user["get"]["responses"]["4XX"].is_object(), "ApiError");
    assert_eq!(
        user["put"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/User"
    );

    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    for name in ["User", "NewUser"] {
        assert!(schemas.contains_key(name), "{name} in {:?}", schemas.keys());
    }
    assert_eq!(
        schemas["User"]["required"],
        serde_json::json!(["id", "name"])
    );
    assert_eq!(
        schemas["User"]["properties"]["name"]["description"],
        "Its name."
    );
}

#[test]
fn the_typescript_client_type_checks_against_the_document() {
    let Some(reason) = node_unavailable() else {
        check_typescript();
        return;
    };
    eprintln!(
        "\n======================================================================\n\
         SKIPPED: ts/schema.d.ts and ts/client.ts were NOT checked: {reason}.\n\
         Install Node >= 20 and npm to check the TypeScript client.\n\
         ======================================================================\n"
    );
}

/// Why the TypeScript half cannot run here, if it cannot.
fn node_unavailable() -> Option<String> {
    if std::env::var_os("API_ROUTES_SKIP_NODE").is_some_and(|value| value == "1") {
        return Some("API_ROUTES_SKIP_NODE=1".to_owned());
    }
    let version = match Command::new("node").arg("--version").output() {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).into_owned()
        }
        _ => return Some("`node` is not on PATH".to_owned()),
    };
    let major: Option<u32> = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse().ok());
    if major.is_none_or(|major| major < 20) {
        return Some(format!("node {} is older than 20", version.trim()));
    }
    if !Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
    {
        return Some("`npm` is not on PATH".to_owned());
    }
    None
}

fn check_typescript() {
    let ts = ts_dir();
    run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&ts),
        "`npm ci` failed (is the npm registry reachable? set API_ROUTES_SKIP_NODE=1 to skip the TypeScript check)",
    );

    // Generated from the document the pages make now, so this test does not depend on the
    // other one having refreshed `openapi.json`.
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let document = scratch.path().join("openapi.json");
    std::fs::write(&document, generated_json()).expect("write the document");
    let schema = scratch.path().join("schema.d.ts");
    run(
        Command::new(ts.join("node_modules/.bin/openapi-typescript"))
            .arg(&document)
            .arg("-o")
            .arg(&schema)
            .current_dir(&ts),
        "openapi-typescript could not read the document",
    );
    let generated = std::fs::read_to_string(&schema).expect("openapi-typescript wrote schema.d.ts");
    assert_file_is(&ts.join("schema.d.ts"), &generated);

    run(
        Command::new(ts.join("node_modules/.bin/tsc"))
            .args(["--noEmit", "-p", "."])
            .current_dir(&ts),
        "ts/client.ts does not type-check against ts/schema.d.ts",
    );
}

/// Runs `command`, failing the test with `what` and its output unless it succeeds.
fn run(command: &mut Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{what}: cannot run {command:?}: {error}"));
    assert!(
        output.status.success(),
        "{what}\n{command:?} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}
