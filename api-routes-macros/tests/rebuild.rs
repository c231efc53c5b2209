//! What a user sees across builds: with `api_routes_build::track()` in `build.rs`, adding,
//! removing or renaming a page changes the route table on the next `cargo run` with nothing else
//! touched; without it, the build fails and shows the line to add.
//!
//! Each test writes a scratch crate under `CARGO_TARGET_TMPDIR` that depends on this workspace's
//! crates by path, and runs a real `cargo` on it. The crates share one target folder, so only the
//! first run builds axum and the rest take seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PAGE: &str = r#"use api_routes::prelude::*;

#[api_route]
async fn handler(res: Response) -> Response {
    res.send("ok")
}
"#;

const MAIN: &str = r#"api_routes::routes!();

fn main() {
    // axum checks the paths as they are registered.
    let _router: api_routes::axum::Router = router();
    for route in ROUTES {
        println!("{}", route.path);
    }
}
"#;

#[test]
fn adding_removing_and_renaming_pages_changes_the_routes_on_the_next_build() {
    let app = ScratchCrate::new("rebuild-tracked", true);
    app.write("src/pages/api/hello.rs", PAGE);
    app.write("src/pages/api/user.rs", PAGE);
    assert_eq!(app.run_routes(), ["/api/hello", "/api/user"]);

    app.write("src/pages/api/posts/[id].rs", PAGE);
    assert_eq!(
        app.run_routes(),
        ["/api/hello", "/api/posts/[id]", "/api/user"]
    );

    app.remove("src/pages/api/user.rs");
    app.rename("src/pages/api/hello.rs", "src/pages/api/greeting.rs");
    assert_eq!(app.run_routes(), ["/api/greeting", "/api/posts/[id]"]);
}

#[test]
fn without_a_build_script_the_build_fails_and_shows_the_line_to_add() {
    let app = ScratchCrate::new("rebuild-untracked", false);
    app.write("src/pages/api/hello.rs", PAGE);
    let output = app.cargo_run();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "built without build.rs:\n{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|line| line.trim() == "fn main() { api_routes_build::track(); }"),
        "{stderr}"
    );
}

/// A user crate of its own (`[workspace]`), so it does not join this workspace.
struct ScratchCrate {
    root: PathBuf,
}

impl ScratchCrate {
    fn new(name: &str, build_script: bool) -> Self {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let root = tmp.join(name);
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap();
        }
        let app = ScratchCrate { root };
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let dependency = |krate: &str| toml_path(&workspace.join(krate));
        let build_dependencies = if build_script {
            format!(
                "[build-dependencies]\napi-routes-build = {{ path = \"{}\" }}\n",
                dependency("api-routes-build")
            )
        } else {
            String::new()
        };
        app.write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\napi-routes = {{ path = \"{}\" }}\n\n{build_dependencies}\n\
                 [profile.dev]\ndebug = false\n\n[workspace]\n",
                dependency("api-routes"),
            ),
        );
        // The workspace's versions: nothing to resolve, and the registry is not needed.
        std::fs::copy(workspace.join("Cargo.lock"), app.root.join("Cargo.lock")).unwrap();
        if build_script {
            app.write("build.rs", "fn main() { api_routes_build::track(); }\n");
        }
        app.write("src/main.rs", MAIN);
        app
    }

    fn write(&self, relative: &str, contents: &str) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    fn remove(&self, relative: &str) {
        std::fs::remove_file(self.root.join(relative)).unwrap();
    }

    fn rename(&self, from: &str, to: &str) {
        std::fs::rename(self.root.join(from), self.root.join(to)).unwrap();
    }

    fn cargo_run(&self) -> Output {
        Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--offline"])
            .current_dir(&self.root)
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild-target"),
            )
            // The trybuild hook would skip the very check the second test is about.
            .env_remove("__API_ROUTES_MANIFEST_DIR")
            .env_remove(api_routes_build::TRACKED_ENV)
            .output()
            .unwrap()
    }

    /// The `ROUTES` the crate prints, after building it.
    fn run_routes(&self) -> Vec<String> {
        let output = self.cargo_run();
        assert!(
            output.status.success(),
            "cargo run failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

/// A path as a TOML basic string's contents: `/`-separated, so no `\` needs escaping.
fn toml_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
