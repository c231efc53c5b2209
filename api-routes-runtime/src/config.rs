//! Per-handler configuration, Next.js's `export const config = { api: { … } }` (nextjs-compat 2.6, 2.7),
//! written as `#[api_route(body_limit = "5mb", body_parser = false, response_limit = "8mb")]`.
//! The macro checks the sizes at compile time and calls [`RouteConfig::apply`] on the handler;
//! the config travels to the extractors as a request extension.

use axum::Extension;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;

/// A size limit in bytes, with the text the user wrote (Next's 413 message repeats it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SizeLimit {
    pub(crate) bytes: u64,
    pub(crate) label: &'static str,
}

/// Next.js's default request body limit: `1mb`, 1,048,576 bytes (nextjs-compat 2.5c).
pub(crate) const DEFAULT_BODY_LIMIT: SizeLimit = SizeLimit {
    bytes: 1024 * 1024,
    label: "1mb",
};

/// Next.js's response size above which a warning is logged: 4 MiB (nextjs-compat 2.7).
pub(crate) const DEFAULT_RESPONSE_LIMIT: u64 = 4 * 1024 * 1024;

/// How one handler reads its request and checks its response. Generated code builds it from
/// `#[api_route(..)]`'s arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteConfig {
    /// `None`: Next.js's default, [`DEFAULT_BODY_LIMIT`], and axum's own default for its
    /// extractors.
    body_limit: Option<SizeLimit>,
    pub(crate) raw_body: bool,
    pub(crate) response_limit: Option<u64>,
}

impl Default for RouteConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl RouteConfig {
    /// Next.js's defaults: parse the body, up to 1mb; warn about responses of 4 MiB or more.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            body_limit: None,
            raw_body: false,
            response_limit: Some(DEFAULT_RESPONSE_LIMIT),
        }
    }

    /// Bodies over `bytes` are refused with 413 `Body exceeded <label> limit`.
    #[must_use]
    pub const fn body_limit(mut self, bytes: u64, label: &'static str) -> Self {
        self.body_limit = Some(SizeLimit { bytes, label });
        self
    }

    /// Do not read or parse the body: [`Request::take_raw_body`](crate::Request::take_raw_body)
    /// hands the handler the stream (`bodyParser: false`).
    #[must_use]
    pub const fn raw_body(mut self) -> Self {
        self.raw_body = true;
        self
    }

    /// Warn when a response reaches `bytes`.
    #[must_use]
    pub const fn response_limit(mut self, bytes: u64) -> Self {
        self.response_limit = Some(bytes);
        self
    }

    /// Never warn about the response size (`responseLimit: false`).
    #[must_use]
    pub const fn no_response_limit(mut self) -> Self {
        self.response_limit = None;
        self
    }

    /// The handler, with this configuration visible to its extractors. A body limit also
    /// applies to axum's own body extractors (`Json`, `Bytes`, …) through `DefaultBodyLimit`.
    pub fn apply<H, T, S>(self, handler: H) -> impl Handler<T, S>
    where
        H: Handler<T, S>,
        T: 'static,
        S: Clone + Send + Sync + 'static,
    {
        // Only a configured limit replaces axum's own default for its extractors.
        let axum_limit = self
            .body_limit
            .map(|limit| DefaultBodyLimit::max(usize::try_from(limit.bytes).unwrap_or(usize::MAX)));
        handler.layer((tower::util::option_layer(axum_limit), Extension(self)))
    }

    /// The request body limit in force: the configured one or Next.js's `1mb`.
    pub(crate) fn body_limit_or_default(&self) -> SizeLimit {
        self.body_limit.unwrap_or(DEFAULT_BODY_LIMIT)
    }

    /// The configuration of the handler that is answering, or the defaults.
    pub(crate) fn of(extensions: &http::Extensions) -> Self {
        extensions.get::<RouteConfig>().copied().unwrap_or_default()
    }
}
