//! [`CookieOptions`]: the attributes of a cookie that [`Response::cookie`] sets.
//!
//! [`Response::cookie`]: crate::Response::cookie

/// Cookie options, as `cookie.serialize` takes them in Node.js.
///
/// ```
/// use api_routes_runtime::{CookieOptions, Response, SameSite};
///
/// let options = CookieOptions::new().path("/").http_only(true).same_site(SameSite::Lax).max_age(3600);
/// let res: Response = Response::new().cookie("session", "abc", options);
/// assert_eq!(
///     res.header("set-cookie").unwrap(),
///     "session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=3600"
/// );
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CookieOptions {
    path: Option<String>,
    domain: Option<String>,
    max_age_seconds: Option<i64>,
    expires: Option<std::time::SystemTime>,
    http_only: bool,
    secure: bool,
    same_site: Option<cookie::SameSite>,
}

impl CookieOptions {
    /// No attributes: a session cookie for the current path.
    pub fn new() -> Self {
        Self::default()
    }

    /// `Path`.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// `Domain`.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// `Max-Age`, in seconds.
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.max_age_seconds = Some(seconds);
        self
    }

    /// `Expires`, an absolute time, written as an HTTP date.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use api_routes_runtime::{CookieOptions, Response};
    ///
    /// let expires = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    /// let res: Response = Response::new().cookie("a", "1", CookieOptions::new().expires(expires));
    /// assert_eq!(res.header("set-cookie").unwrap(), "a=1; Expires=Tue, 14 Nov 2023 22:13:20 GMT");
    /// ```
    pub fn expires(mut self, at: std::time::SystemTime) -> Self {
        self.expires = Some(at);
        self
    }

    /// `HttpOnly`: hidden from the page's JavaScript.
    pub fn http_only(mut self, http_only: bool) -> Self {
        self.http_only = http_only;
        self
    }

    /// `Secure`: sent over HTTPS only.
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// `SameSite`.
    pub fn same_site(mut self, same_site: cookie::SameSite) -> Self {
        self.same_site = Some(same_site);
        self
    }

    pub(crate) fn builder(self, name: String, value: String) -> cookie::CookieBuilder<'static> {
        let mut builder = cookie::Cookie::build((name, value));
        if let Some(path) = self.path {
            builder = builder.path(path);
        }
        if let Some(domain) = self.domain {
            builder = builder.domain(domain);
        }
        if let Some(seconds) = self.max_age_seconds {
            builder = builder.max_age(cookie::time::Duration::seconds(seconds));
        }
        if let Some(at) = self.expires {
            builder = builder.expires(cookie::time::OffsetDateTime::from(at));
        }
        if self.http_only {
            builder = builder.http_only(true);
        }
        if self.secure {
            builder = builder.secure(true);
        }
        if let Some(same_site) = self.same_site {
            builder = builder.same_site(same_site);
        }
        builder
    }
}

/// RFC 7230 `tchar`.
pub(crate) fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}
