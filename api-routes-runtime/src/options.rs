//! [`RouterOptions`]: the switches of Next.js's router behaviour, `next.config.js`-style.

use std::time::Duration;

/// How long a page may take to answer by default before the client gets 504.
pub(crate) const DEFAULT_MAX_DURATION: Duration = Duration::from_secs(60);

/// Next.js's router behaviour, switchable as `next.config.js` switches it. The defaults are
/// Next.js's defaults; the generated `router()` uses them, and `router_with(options)` takes
/// others.
///
/// Every method returns the changed options, so chain them:
///
/// ```
/// use std::time::Duration;
/// use api_routes_runtime::RouterOptions;
///
/// let options = RouterOptions::new()
///     .trailing_slash_redirect(false) // Next.js's `skipTrailingSlashRedirect: true`
///     .max_duration(Some(Duration::from_secs(10)));
/// assert_ne!(options, RouterOptions::new());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "RouterOptions is a value: pass the changed options to `router_with`"]
pub struct RouterOptions {
    pub(crate) trailing_slash_redirect: bool,
    pub(crate) repeated_slash_redirect: bool,
    pub(crate) not_found_page: bool,
    pub(crate) max_duration: Option<Duration>,
    pub(crate) compress: bool,
    pub(crate) generate_etags: bool,
}

impl Default for RouterOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl RouterOptions {
    /// Next.js's defaults.
    pub const fn new() -> Self {
        Self {
            trailing_slash_redirect: true,
            repeated_slash_redirect: true,
            not_found_page: true,
            max_duration: Some(DEFAULT_MAX_DURATION),
            compress: true,
            generate_etags: true,
        }
    }

    /// `GET /api/users/` → 308 to `/api/users` (on by default; `skipTrailingSlashRedirect`).
    pub const fn trailing_slash_redirect(mut self, on: bool) -> Self {
        self.trailing_slash_redirect = on;
        self
    }

    /// `GET /api//users` → 308 to `/api/users` (on by default).
    pub const fn repeated_slash_redirect(mut self, on: bool) -> Self {
        self.repeated_slash_redirect = on;
        self
    }

    /// Answer unknown paths with Next.js's 404 (on by default). Turn it off to merge the router
    /// into one that has a fallback of its own.
    pub const fn not_found_page(mut self, on: bool) -> Self {
        self.not_found_page = on;
        self
    }

    /// How long a page may take to produce its response head before the client gets 504
    /// `Gateway Timeout` (default 60 s; `None` waits forever). A page whose handlers set
    /// `#[api_route(max_duration = 10)]` (seconds, Next.js's `maxDuration`) uses the largest
    /// of theirs instead. A streamed body may take longer.
    pub const fn max_duration(mut self, limit: Option<Duration>) -> Self {
        self.max_duration = limit;
        self
    }

    /// gzip (or deflate) compressible answers of 1 KiB or more for clients that accept it, and
    /// send `Vary: Accept-Encoding` on every compressible answer (on by default; Next.js's
    /// `compress`). Compressible means a text, JSON, XML or JavaScript `Content-Type`, as
    /// Next.js's `compression` package decides; an answer with `Cache-Control: no-transform`,
    /// a HEAD answer and an event stream are never compressed. Streamed answers are compressed
    /// as they are written, never held back. Turn it off when a proxy in front compresses.
    pub const fn compress(mut self, on: bool) -> Self {
        self.compress = on;
        self
    }

    /// An `ETag` on every answer of `res.json` and `res.send`, and `304 Not Modified` when the
    /// request's `If-None-Match` already has it (on by default; Next.js's `generateEtags`).
    /// Each ETag costs a hash over the whole body (BENCHMARKS.md has the price per KB); turn it
    /// off when no client revalidates, or a proxy in front makes its own.
    ///
    /// ```
    /// use api_routes_runtime::RouterOptions;
    ///
    /// let options = RouterOptions::new().generate_etags(false); // `generateEtags: false`
    /// # let _ = options;
    /// ```
    pub const fn generate_etags(mut self, on: bool) -> Self {
        self.generate_etags = on;
        self
    }
}
