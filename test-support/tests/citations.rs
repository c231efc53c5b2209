//! Every test the docs cite as `<file>.rs::<name>` exists, so a reader outside the team can follow
//! each citation: the "Tested by" lines of `docs/nextjs-compat.md`, the tables of `RELIABILITY.md`,
//! and any other tracked `.md` or `.rs` file (`fuzz/` included), as `git ls-files` lists them.
//!
//! A citation resolves the way a reader would look it up:
//! - A path from the repository root names a tracked file, and that file has `fn <name>`.
//! - A short form, a file name or the end of a path (`hostile.rs` in a table whose header says
//!   `tests/tests/`), resolves when exactly one tracked `.rs` file whose path ends so has
//!   `fn <name>`. Two such files make it ambiguous: the citation must then give the folder.
//! - A test that a `macro_rules!` generates has no `fn <name>` in its file, so in a file whose
//!   macro defines functions from a parameter, `<name>` anywhere as a whole word counts.
//!
//! Paths under `path/to/` are the docs' example of the format, not citations.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use regex::Regex;

const EXAMPLE_FOLDER: &str = "path/to/";

#[test]
fn every_cited_test_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test-support sits in the repository root");
    let repository = Repository::read(root);
    let citation = Regex::new(r"([\w./-]+\.rs)::(\w+)").unwrap();

    let mut unresolved = Vec::new();
    let mut count = 0;
    for (document, text) in &repository.texts {
        for (index, line) in text.lines().enumerate() {
            for found in citation.captures_iter(line) {
                let (path, name) = (&found[1], &found[2]);
                if path.starts_with(EXAMPLE_FOLDER) {
                    continue;
                }
                count += 1;
                if let Err(reason) = repository.resolve(path, name) {
                    let line = index + 1;
                    unresolved.push(format!("{document}:{line}: {path}::{name}: {reason}"));
                }
            }
        }
    }

    assert!(
        count > 100,
        "only {count} citations found: is the pattern still the docs' form?"
    );
    assert!(
        unresolved.is_empty(),
        "{} of {count} citations name no test:\n{}",
        unresolved.len(),
        unresolved.join("\n")
    );
}

/// The tracked `.md` and `.rs` files, and the function names each `.rs` file defines.
struct Repository {
    texts: Vec<(String, String)>,
    names: HashMap<String, HashSet<String>>,
}

impl Repository {
    fn read(root: &Path) -> Self {
        let listing = Command::new("git")
            .args(["ls-files", "-z", "--", "*.md", "*.rs"])
            .current_dir(root)
            .output()
            .expect("this test lists the tracked files with `git ls-files`: is git installed?");
        assert!(
            listing.status.success(),
            "git ls-files failed: {}",
            String::from_utf8_lossy(&listing.stderr)
        );
        let listing = String::from_utf8(listing.stdout).expect("tracked paths are UTF-8");

        let function = Regex::new(r"\bfn\s+(\w+)").unwrap();
        let word = Regex::new(r"\w+").unwrap();
        let mut texts = Vec::new();
        let mut names = HashMap::new();
        for path in listing.split('\0').filter(|path| !path.is_empty()) {
            // A tracked file deleted in the working tree cites nothing and defines nothing.
            let Ok(text) = std::fs::read_to_string(root.join(path)) else {
                continue;
            };
            if path.ends_with(".rs") {
                let defined: HashSet<String> = if text.contains("fn $") {
                    word.find_iter(&text)
                        .map(|found| found.as_str().to_owned())
                        .collect()
                } else {
                    function
                        .captures_iter(&text)
                        .map(|found| found[1].to_owned())
                        .collect()
                };
                names.insert(path.to_owned(), defined);
            }
            texts.push((path.to_owned(), text));
        }
        Self { texts, names }
    }

    fn defines(&self, file: &str, name: &str) -> bool {
        self.names
            .get(file)
            .is_some_and(|names| names.contains(name))
    }

    fn files_defining(&self, name: &str) -> Vec<&str> {
        let mut files: Vec<&str> = self
            .names
            .keys()
            .filter(|file| self.defines(file, name))
            .map(String::as_str)
            .collect();
        files.sort_unstable();
        files
    }

    /// `Ok` when `path::name` names one function, else why not and where `name` lives now.
    fn resolve(&self, path: &str, name: &str) -> Result<(), String> {
        let elsewhere = || match self.files_defining(name).as_slice() {
            [] => format!("no tracked file has `fn {name}`"),
            files => format!("`fn {name}` is in {}", files.join(", ")),
        };
        if self.names.contains_key(path) {
            if self.defines(path, name) {
                return Ok(());
            }
            return Err(format!("not in {path}; {}", elsewhere()));
        }
        let suffix = format!("/{path}");
        let matches: Vec<&str> = self
            .files_defining(name)
            .into_iter()
            .filter(|file| file.ends_with(&suffix))
            .collect();
        match matches.as_slice() {
            [_] => Ok(()),
            [] => Err(format!(
                "no tracked file at or ending in {path} has it; {}",
                elsewhere()
            )),
            several => Err(format!("ambiguous between {}", several.join(", "))),
        }
    }
}
