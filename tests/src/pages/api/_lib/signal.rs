//! Signals a test sends to a page that is still answering (`POST /api/rt/signal?key=…`), so a
//! streaming test can prove it read one piece before the page wrote the next.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use api_routes::Request;
use tokio::sync::Notify;

static SIGNALS: LazyLock<Mutex<HashMap<String, Arc<Notify>>>> = LazyLock::new(Default::default);

/// The signal named `key`; a signal sent before anyone waits is kept until someone does.
pub fn named(key: &str) -> Arc<Notify> {
    let mut signals = SIGNALS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    signals.entry(key.to_owned()).or_default().clone()
}

/// The signal named by the request's `?key=`.
pub fn of(req: &Request) -> Arc<Notify> {
    named(req.query().get("key").and_then(|key| key.as_str()).unwrap_or_default())
}
