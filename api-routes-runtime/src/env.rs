//! Environment files as Next.js loads them: `.env`, `.env.local`, `.env.$MODE` and
//! `.env.$MODE.local`, so that secrets such as an external service's key live on the server and
//! out of the code.
//!
//! ```no_run
//! // src/main.rs
//! fn main() -> std::io::Result<()> {
//!     // First thing, before the tokio runtime (or anything else) starts a thread.
//!     api_routes_runtime::env::load_env_files();
//!     run()
//! }
//!
//! #[tokio::main]
//! async fn run() -> std::io::Result<()> {
//!     let url = std::env::var("SECRET_SERVICE_URL").expect("SECRET_SERVICE_URL is not set");
//!     # let _ = url;
//!     // … build the router, then `api_routes_runtime::serve(router).await`
//!     # Ok(())
//! }
//! ```
//!
//! # Which file wins
//!
//! The same order as Next.js's `@next/env`, highest first; a variable keeps the first value found:
//!
//! 1. the real environment (`KEY=value cargo run` or the deployment's settings);
//! 2. `.env.$MODE.local`;
//! 3. `.env.local`, except in mode `test`, so that tests give everyone the same results;
//! 4. `.env.$MODE`;
//! 5. `.env`.
//!
//! Files are read from the current directory ([`load_env_files`]) or a given one
//! ([`load_env_files_from`]). A missing file, or a directory of that name, is skipped. Parsing is
//! [dotenvy](https://docs.rs/dotenvy)'s: `KEY=value`, `export KEY=value`, quotes, `# comments`,
//! and `$VAR` / `${VAR}` expanded from the real environment and the earlier lines of the same
//! file. A line that does not parse is skipped and reported, without its value.
//!
//! # The mode: `API_ROUTES_ENV`
//!
//! `API_ROUTES_ENV` plays the part of Next.js's `NODE_ENV`: `development`, `production`, `test`
//! or any name made of letters, digits, `-` and `_`. Unset, it is `development` in a debug build
//! and `production` in a release build (`cargo run --release`), as `next dev` and `next start`
//! choose. It is not `NODE_ENV` because that variable belongs to the JavaScript tool chain: images
//! and CI set `NODE_ENV=production` for front-end builds, and a Rust server sharing them should
//! not switch to `.env.production` by accident. Run tests with `API_ROUTES_ENV=test`.
//!
//! # Why a function for the top of `main`, and why `serve` does not call it
//!
//! Since Rust 2024 `std::env::set_var` is `unsafe`: on Unix, C code (the resolver behind
//! `getaddrinfo`, time-zone look-ups…) reads the environment without the lock Rust takes, so
//! setting a variable while another thread runs such code is a data race. A multi-threaded tokio
//! runtime has worker threads and a blocking pool doing exactly those look-ups, so once it runs —
//! as it does inside [`serve`](crate::serve) — there is no sound moment to write the environment.
//! Hence:
//!
//! - [`read_env_files`] only reads: it returns the values in an [`EnvFiles`] and never writes the
//!   environment, so it is safe anywhere.
//! - [`load_env_files`] is a plain function for the first line of `main`, before the runtime
//!   (put `#[tokio::main]` on a second function, as above). It reads the files, keeps the result
//!   for [`loaded`] and [`var`], and writes the variables into the process environment, so that
//!   `std::env::var` and every library see them. On Linux it first checks that this thread is
//!   the only one (`/proc/self/task`) and, if not, does not write the environment and says so;
//!   on Windows writing is always sound; elsewhere it relies on being called first, as
//!   documented.
//! - [`var`] reads the real environment, then the loaded files: it works even where the values
//!   could not be written.
//! - `serve` does not load anything; its start-up banner prints [`loaded`].
//!
//! # Nothing secret is printed
//!
//! [`EnvFiles`]'s `Debug` and `Display` show file names, the mode and variable names, never a
//! value, and a line that fails to parse is reported by its variable name only.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The variable that selects the mode: `API_ROUTES_ENV=production`.
pub const MODE_VAR: &str = "API_ROUTES_ENV";

static LOADED: OnceLock<EnvFiles> = OnceLock::new();

/// The mode: [`MODE_VAR`] when it is set and not empty, else [`default_mode`].
pub fn mode() -> String {
    match std::env::var(MODE_VAR) {
        Ok(mode) if !mode.is_empty() => mode,
        _ => default_mode().to_owned(),
    }
}

/// `development` in a debug build, `production` in a release build.
pub fn default_mode() -> &'static str {
    if cfg!(debug_assertions) {
        "development"
    } else {
        "production"
    }
}

/// The files read in `mode`, highest precedence first:
/// `[".env.development.local", ".env.local", ".env.development", ".env"]`.
pub fn env_file_names(mode: &str) -> Vec<String> {
    let mut names = vec![format!(".env.{mode}.local")];
    if mode != "test" {
        names.push(".env.local".to_owned());
    }
    names.push(format!(".env.{mode}"));
    names.push(".env".to_owned());
    names
}

/// What the environment files of one directory hold: the files read, and for each variable that
/// is not in the real environment, its value and the file it came from.
///
/// `Debug` and `Display` never show a value.
#[derive(Clone, PartialEq, Eq)]
pub struct EnvFiles {
    dir: PathBuf,
    mode: String,
    files: Vec<String>,
    /// Variable → (value, index in `files`).
    vars: BTreeMap<String, (String, usize)>,
    problems: Vec<String>,
    exported: bool,
}

impl EnvFiles {
    /// The directory the files were looked for in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The mode the file names were chosen by.
    pub fn mode(&self) -> &str {
        &self.mode
    }

    /// The files found and read (`.env.local`, `.env`…), highest precedence first.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The variables the files provide, in name order: only those not already in the real
    /// environment.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str)
    }

    /// A variable's value from the files (`None` if no file has it or the real environment
    /// already had it).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.vars.get(key).map(|(value, _)| value.as_str())
    }

    /// The file a variable's value came from.
    pub fn source(&self, key: &str) -> Option<&str> {
        let (_, file) = self.vars.get(key)?;
        self.files.get(*file).map(String::as_str)
    }

    /// What went wrong: an unreadable file, a line that does not parse, an invalid mode, values
    /// not written to the environment. Never contains a value.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Whether the variables were written into the process environment by [`load_env_files`]
    /// (`false` from [`read_env_files`], when there was nothing to write, or when it was not
    /// sound: see [`problems`](Self::problems)).
    pub fn exported(&self) -> bool {
        self.exported
    }
}

/// `env: .env.local, .env (API_ROUTES_ENV=development)`, for the start-up banner.
impl fmt::Display for EnvFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.files.is_empty() {
            write!(f, "env: no .env files")?;
        } else {
            write!(f, "env: {}", self.files.join(", "))?;
        }
        write!(f, " ({MODE_VAR}={})", self.mode)
    }
}

impl fmt::Debug for EnvFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Keys<'a>(&'a BTreeMap<String, (String, usize)>);
        impl fmt::Debug for Keys<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0.keys()).finish()
            }
        }
        f.debug_struct("EnvFiles")
            .field("dir", &self.dir)
            .field("mode", &self.mode)
            .field("files", &self.files)
            .field("keys", &Keys(&self.vars))
            .field("problems", &self.problems)
            .field("exported", &self.exported)
            .finish()
    }
}

/// Reads the environment files of `dir` for `mode` with Next.js's precedence, and returns what
/// they hold. It only reads (the real environment too, to let it win) and writes nothing, so it
/// is safe to call at any time, from any thread.
pub fn read_env_files(dir: impl AsRef<Path>, mode: &str) -> EnvFiles {
    let mut env = EnvFiles {
        dir: dir.as_ref().to_path_buf(),
        mode: mode.to_owned(),
        files: Vec::new(),
        vars: BTreeMap::new(),
        problems: Vec::new(),
        exported: false,
    };
    let valid = !mode.is_empty()
        && mode
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        env.problems.push(format!(
            "{MODE_VAR}={mode:?} is not a mode (letters, digits, '-' and '_'); no .env file was read"
        ));
        return env;
    }
    for name in env_file_names(mode) {
        let path = env.dir.join(&name);
        let Some(contents) = read_file(&path, &name, &mut env.problems) else {
            continue;
        };
        let index = env.files.len();
        env.files.push(name.clone());
        // Within one file the last assignment wins, as in JavaScript's dotenv.
        let mut in_file = BTreeMap::new();
        for item in dotenvy::from_read_iter(contents.as_slice()) {
            match item {
                Ok((key, value)) => {
                    in_file.insert(key, value);
                }
                Err(error) => env.problems.push(describe_parse_error(&name, &error)),
            }
        }
        for (key, value) in in_file {
            if std::env::var_os(&key).is_some() || env.vars.contains_key(&key) {
                continue;
            }
            if value.contains('\0') {
                env.problems.push(format!(
                    "{name}: the value of {key} contains a NUL byte; skipped"
                ));
                continue;
            }
            env.vars.insert(key, (value, index));
        }
    }
    env
}

/// The file's bytes without a byte-order mark; `None` when absent, not a file, or unreadable
/// (the last is a problem).
fn read_file(path: &Path, name: &str, problems: &mut Vec<String>) -> Option<Vec<u8>> {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(_) => return None,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => {
            problems.push(format!("could not read {name}: {error}"));
            return None;
        }
    }
    match std::fs::read(path) {
        Ok(mut bytes) => {
            if bytes.starts_with(b"\xEF\xBB\xBF") {
                bytes.drain(..3);
            }
            Some(bytes)
        }
        Err(error) => {
            problems.push(format!("could not read {name}: {error}"));
            None
        }
    }
}

/// dotenvy's own message quotes the whole line, value included: name the variable instead.
fn describe_parse_error(file: &str, error: &dotenvy::Error) -> String {
    match error {
        dotenvy::Error::LineParse(line, _) => match key_of(line) {
            Some(key) => format!("{file}: the line setting {key} does not parse; skipped"),
            None => format!("{file}: a line does not parse; skipped"),
        },
        dotenvy::Error::Io(error) => format!("could not read {file}: {error}"),
        _ => format!("{file}: a line could not be read; skipped"),
    }
}

fn key_of(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").unwrap_or(line);
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let is_name = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    is_name.then_some(key)
}

/// Loads the environment files of the current directory: [`load_env_files_from`] with `.`.
pub fn load_env_files() -> &'static EnvFiles {
    let dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    load_env_files_from(dir)
}

/// Loads the environment files of `dir` for [`mode`], once per process: call it at the start of
/// `main`, before any thread is started (see the [module documentation](self)).
///
/// It reads the files ([`read_env_files`]), writes their variables into the process environment
/// when that is sound, prints its [problems](EnvFiles::problems) (never a value) on stderr, and
/// keeps the result for [`loaded`] and [`var`]. Later calls return the first result.
pub fn load_env_files_from(dir: impl AsRef<Path>) -> &'static EnvFiles {
    let dir = dir.as_ref();
    LOADED.get_or_init(|| {
        let mut env = read_env_files(dir, &mode());
        if !env.vars.is_empty() {
            match export_is_sound() {
                Ok(()) => {
                    export(&env.vars);
                    env.exported = true;
                }
                Err(reason) => env.problems.push(format!(
                    "the .env values were not written to the process environment because \
                     {reason}; call api_routes::env::load_env_files() at the start of main, \
                     before the tokio runtime. Read them with api_routes::env::var meanwhile."
                )),
            }
        }
        for problem in &env.problems {
            eprintln!("api-routes: {problem}");
        }
        env
    })
}

/// What [`load_env_files`] loaded, if it was called: for the start-up banner.
pub fn loaded() -> Option<&'static EnvFiles> {
    LOADED.get()
}

/// A variable from the real environment, else from the files [`load_env_files`] loaded.
pub fn var(key: &str) -> Option<String> {
    std::env::var(key)
        .ok()
        .or_else(|| loaded()?.get(key).map(str::to_owned))
}

#[allow(unsafe_code)]
fn export(vars: &BTreeMap<String, (String, usize)>) {
    for (key, (value, _)) in vars {
        // SAFETY: `export_is_sound` just found that no other thread runs on Linux (and none can
        // start meanwhile: only this thread could start one), that this is Windows, where
        // writing the environment is always sound, or, elsewhere, we rely on the documented
        // contract of `load_env_files`: called at the start of `main`, before any thread.
        // dotenvy's keys are `[A-Za-z0-9_.]+` and NUL values were dropped, so `set_var` does
        // not panic.
        unsafe { std::env::set_var(key, value) };
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn export_is_sound() -> Result<(), String> {
    match std::fs::read_dir("/proc/self/task") {
        Ok(tasks) => match tasks.count() {
            1 => Ok(()),
            threads => Err(format!("{threads} threads are running")),
        },
        Err(_) => Err("/proc/self/task cannot tell whether other threads run".to_owned()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn export_is_sound() -> Result<(), String> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_next_js() {
        assert_eq!(
            env_file_names("development"),
            [
                ".env.development.local",
                ".env.local",
                ".env.development",
                ".env"
            ]
        );
        assert_eq!(
            env_file_names("test"),
            [".env.test.local", ".env.test", ".env"]
        );
    }

    #[test]
    fn key_of_a_broken_line_never_includes_its_value() {
        assert_eq!(key_of("export API_KEY='abc"), Some("API_KEY"));
        assert_eq!(key_of("  TOKEN = \"x"), Some("TOKEN"));
        assert_eq!(key_of("not a line"), None);
        assert_eq!(key_of("a b=c"), None);
    }
}
