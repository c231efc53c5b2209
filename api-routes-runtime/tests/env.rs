//! `env`: Next.js's `.env` files. Each scenario runs in a child process — this test binary again,
//! with only the `child` test selected and the scenario named in an environment variable — in a
//! temporary directory of its own, so that loading (which may write the environment) races no
//! other test and every scenario starts from a clean environment.

use std::path::Path;
use std::process::Command;

use api_routes_runtime::env;
use tempfile::TempDir;

/// Names the scenario the child runs; unset in the normal run, where `child` does nothing.
const SCENARIO: &str = "API_ROUTES_ENV_TEST_SCENARIO";

/// Every variable the scenarios use, removed from the child's environment unless a test sets it.
const KEYS: &[&str] = &[
    "ART_A",
    "ART_B",
    "ART_C",
    "ART_D",
    "ART_SECRET",
    "ART_BROKEN",
];

// ---------------------------------------------------------------------------------------------
// Parent side: write the files, run the child, read what it printed.

/// A fresh temporary directory holding `files` (name, contents), removed on drop.
fn dir_with(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("create the temporary directory");
    for (name, contents) in files {
        std::fs::write(dir.path().join(name), contents).expect("write an env file");
    }
    dir
}

/// Runs `scenario` in a child process in `dir` with `vars` set (and no `API_ROUTES_ENV` or
/// scenario key unless given); returns its stdout and stderr, after checking it passed.
fn run_child(scenario: &str, dir: &Path, vars: &[(&str, &str)]) -> String {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command
        .args(["child", "--exact", "--nocapture", "--test-threads=1"])
        .current_dir(dir)
        .env(SCENARIO, scenario)
        .env_remove(env::MODE_VAR);
    for key in KEYS {
        command.env_remove(key);
    }
    for (key, value) in vars {
        command.env(key, value);
    }
    let output = command.output().expect("run the child process");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "scenario {scenario} failed:\n{text}"
    );
    assert!(
        text.contains("1 passed"),
        "scenario {scenario} did not run:\n{text}"
    );
    text
}

fn all_four_files() -> TempDir {
    dir_with(&[
        (
            ".env",
            "ART_A=dotenv\nART_B=dotenv\nART_C=dotenv\nART_D=dotenv\n",
        ),
        (
            ".env.development",
            "ART_A=development\nART_B=development\nART_C=development\n",
        ),
        (".env.local", "ART_A=local\nART_B=local\n"),
        (".env.development.local", "ART_A=development-local\n"),
        (".env.production", "ART_A=production\nART_D=production\n"),
        (".env.test", "ART_A=test\nART_C=test\n"),
        (".env.test.local", "ART_A=test-local\n"),
    ])
}

#[test]
fn precedence_is_next_js_s() {
    let dir = all_four_files();
    run_child("precedence", dir.path(), &[(env::MODE_VAR, "development")]);
}

#[test]
fn missing_files_and_directories_are_skipped() {
    let dir = dir_with(&[(".env", "ART_D=dotenv\n")]);
    std::fs::create_dir(dir.path().join(".env.local")).expect("a directory named .env.local");
    run_child("missing", dir.path(), &[]);
}

#[test]
fn api_routes_env_selects_the_mode() {
    let dir = all_four_files();
    run_child("production", dir.path(), &[(env::MODE_VAR, "production")]);
    run_child("test_mode", dir.path(), &[(env::MODE_VAR, "test")]);
    run_child("default_mode", dir.path(), &[]);
    run_child("invalid_mode", dir.path(), &[(env::MODE_VAR, "../etc")]);
}

#[test]
fn the_real_environment_wins() {
    let dir = all_four_files();
    run_child(
        "real_env",
        dir.path(),
        &[(env::MODE_VAR, "development"), ("ART_A", "from-the-shell")],
    );
}

#[test]
fn no_value_is_ever_printed() {
    let dir = dir_with(&[
        (".env", "ART_SECRET=sk-dotenv-4a1f\nART_C=c-value-77e2\n"),
        (
            ".env.local",
            "ART_SECRET=sk-local-93b0\nART_BROKEN=\"sk-broken-unterminated-5c1d\n",
        ),
    ]);
    let output = run_child(
        "print",
        dir.path(),
        &[(env::MODE_VAR, "development"), ("ART_D", "unused")],
    );
    assert!(output.contains("env: .env.local, .env"), "{output}");
    assert!(
        output.contains(".env.local: the line setting ART_BROKEN does not parse"),
        "the broken line is reported by name:\n{output}"
    );
    for value in [
        "sk-dotenv-4a1f",
        "sk-local-93b0",
        "c-value-77e2",
        "sk-broken-unterminated-5c1d",
        "unterminated",
    ] {
        assert!(!output.contains(value), "`{value}` was printed:\n{output}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn values_are_not_written_while_other_threads_run() {
    let dir = all_four_files();
    let output = run_child("threads", dir.path(), &[(env::MODE_VAR, "development")]);
    assert!(output.contains("threads are running"), "{output}");
}

#[test]
fn reading_writes_nothing() {
    let dir = dir_with(&[(".env", "ART_READ_ONLY_7f3a=value\n")]);
    let files = env::read_env_files(dir.path(), "development");
    assert_eq!(files.get("ART_READ_ONLY_7f3a"), Some("value"));
    assert!(!files.exported());
    assert!(std::env::var_os("ART_READ_ONLY_7f3a").is_none());
    assert!(env::loaded().is_none());

    let nowhere = env::read_env_files(dir.path().join("does-not-exist"), "development");
    assert!(nowhere.files().is_empty());
    assert!(nowhere.problems().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Child side.

#[test]
fn child() {
    let Ok(scenario) = std::env::var(SCENARIO) else {
        return;
    };
    match scenario.as_str() {
        "precedence" => precedence(),
        "missing" => missing(),
        "production" => production(),
        "test_mode" => test_mode(),
        "default_mode" => default_mode(),
        "invalid_mode" => invalid_mode(),
        "real_env" => real_env(),
        "print" => print(),
        "threads" => threads(),
        other => panic!("unknown scenario {other}"),
    }
}

fn var(key: &str) -> Option<String> {
    env::var(key)
}

fn precedence() {
    let loaded = env::load_env_files();
    assert_eq!(
        loaded.files(),
        [
            ".env.development.local",
            ".env.local",
            ".env.development",
            ".env"
        ]
    );
    assert_eq!(var("ART_A").as_deref(), Some("development-local"));
    assert_eq!(var("ART_B").as_deref(), Some("local"));
    assert_eq!(var("ART_C").as_deref(), Some("development"));
    assert_eq!(var("ART_D").as_deref(), Some("dotenv"));
    assert_eq!(loaded.source("ART_A"), Some(".env.development.local"));
    assert_eq!(loaded.source("ART_D"), Some(".env"));
    assert_eq!(
        loaded.keys().collect::<Vec<_>>(),
        ["ART_A", "ART_B", "ART_C", "ART_D"]
    );
    assert_eq!(loaded.mode(), "development");
    assert_eq!(
        loaded.dir(),
        std::env::current_dir().expect("current dir").as_path()
    );
    // A second call keeps the first result.
    assert!(std::ptr::eq(env::load_env_files(), loaded));
    assert!(std::ptr::eq(env::loaded().expect("loaded"), loaded));
}

fn missing() {
    let loaded = env::load_env_files();
    assert_eq!(loaded.mode(), env::default_mode());
    assert_eq!(loaded.files(), [".env"]);
    assert_eq!(var("ART_D").as_deref(), Some("dotenv"));
    assert_eq!(var("ART_A"), None);
    // Only the refusal to write while the test harness's threads run, on Linux.
    assert!(
        loaded
            .problems()
            .iter()
            .all(|problem| problem.contains("threads are running")),
        "{:?}",
        loaded.problems()
    );
}

fn production() {
    let loaded = env::load_env_files();
    assert_eq!(loaded.mode(), "production");
    assert_eq!(loaded.files(), [".env.local", ".env.production", ".env"]);
    assert_eq!(var("ART_A").as_deref(), Some("local"));
    assert_eq!(var("ART_C").as_deref(), Some("dotenv"));
    assert_eq!(var("ART_D").as_deref(), Some("production"));
}

fn test_mode() {
    let loaded = env::load_env_files();
    // `.env.local` is not read in mode `test`.
    assert_eq!(loaded.files(), [".env.test.local", ".env.test", ".env"]);
    assert_eq!(var("ART_A").as_deref(), Some("test-local"));
    assert_eq!(var("ART_B").as_deref(), Some("dotenv"));
    assert_eq!(var("ART_C").as_deref(), Some("test"));
}

fn default_mode() {
    let expected = if cfg!(debug_assertions) {
        "development"
    } else {
        "production"
    };
    assert_eq!(env::default_mode(), expected);
    assert_eq!(env::mode(), expected);
    let loaded = env::load_env_files();
    assert_eq!(loaded.mode(), expected);
    assert!(
        loaded.files().contains(&format!(".env.{expected}")),
        "{loaded}"
    );
}

fn invalid_mode() {
    let loaded = env::load_env_files();
    assert!(loaded.files().is_empty());
    assert_eq!(var("ART_D"), None);
    assert!(
        loaded.problems()[0].contains("is not a mode"),
        "{:?}",
        loaded.problems()
    );
}

fn real_env() {
    let loaded = env::load_env_files();
    assert_eq!(var("ART_A").as_deref(), Some("from-the-shell"));
    assert_eq!(
        std::env::var("ART_A").as_deref(),
        Ok("from-the-shell"),
        "the real value is left alone"
    );
    // The files' values for it are not even kept.
    assert_eq!(loaded.get("ART_A"), None);
    assert_eq!(loaded.source("ART_A"), None);
    assert_eq!(var("ART_B").as_deref(), Some("local"));
}

fn print() {
    let loaded = env::load_env_files();
    assert_eq!(var("ART_SECRET").as_deref(), Some("sk-local-93b0"));
    assert_eq!(var("ART_C").as_deref(), Some("c-value-77e2"));
    assert_eq!(loaded.get("ART_BROKEN"), None);
    // Everything a program might print about what was loaded.
    println!("{loaded}");
    println!("{loaded:?}");
    println!("{loaded:#?}");
    for problem in loaded.problems() {
        println!("{problem}");
    }
}

#[cfg(target_os = "linux")]
fn threads() {
    // libtest runs this on a thread of its own, so the process has at least two.
    let loaded = env::load_env_files();
    assert!(!loaded.exported());
    assert!(std::env::var_os("ART_A").is_none(), "not written");
    assert_eq!(
        var("ART_A").as_deref(),
        Some("development-local"),
        "still readable through env::var"
    );
}

#[cfg(not(target_os = "linux"))]
fn threads() {}
