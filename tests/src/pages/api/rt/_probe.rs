//! Which requests reached a handler, so tests can prove a refused request never did (nextjs-compat 2.5i).

use std::sync::Mutex;

static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Records the request's `x-probe` header, if any.
pub fn record(req: &api_routes::Request) {
    if let Some(probe) = req.header("x-probe") {
        SEEN.lock().unwrap_or_else(|poison| poison.into_inner()).push(probe.to_owned());
    }
}

/// Whether a request carrying `x-probe: probe` reached a handler.
pub fn seen(probe: &str) -> bool {
    SEEN.lock().unwrap_or_else(|poison| poison.into_inner()).iter().any(|seen| seen == probe)
}
