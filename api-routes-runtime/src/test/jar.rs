//! The client's cookie jar: what a browser keeps of `Set-Cookie` for one site (RFC 6265 §5.3),
//! and which of it goes back with a request (§5.4).
//!
//! Domain, `Secure`, `HttpOnly` and `SameSite` are not checked: every request goes to the one
//! router, no script reads the jar, and nothing is cross-site.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cookie::Cookie;

#[derive(Debug, Default)]
pub(super) struct CookieJar {
    /// In creation order, which breaks ties when cookies are sent (§5.4 step 2).
    cookies: Vec<StoredCookie>,
}

#[derive(Debug)]
struct StoredCookie {
    /// The `Set-Cookie` line as answered: its value is sent back byte for byte.
    line: String,
    name: String,
    /// `name=value` as it goes into a `Cookie` header.
    pair: String,
    path: String,
    expires: Option<SystemTime>,
}

impl CookieJar {
    /// Keeps the cookies of the `Set-Cookie` lines answered to a request for `request_path`.
    /// A line that does not parse is ignored, as browsers do.
    pub(super) fn store<'a>(
        &mut self,
        lines: impl IntoIterator<Item = &'a str>,
        request_path: &str,
        now: SystemTime,
    ) {
        for line in lines {
            let Ok(cookie) = Cookie::parse(line) else {
                continue;
            };
            let path = match cookie.path() {
                Some(path) if path.starts_with('/') => path.to_owned(),
                _ => default_path(request_path),
            };
            let expires = match lifetime(&cookie, now) {
                Lifetime::Session => None,
                Lifetime::Until(when) => Some(when),
                Lifetime::Expired => {
                    self.cookies
                        .retain(|stored| !(stored.name == cookie.name() && stored.path == path));
                    continue;
                }
            };
            let stored = StoredCookie {
                line: line.to_owned(),
                name: cookie.name().to_owned(),
                pair: format!("{}={}", cookie.name(), cookie.value()),
                path,
                expires,
            };
            // A cookie replacing one of the same name and path keeps its place (§5.3 step 11).
            match self
                .cookies
                .iter_mut()
                .find(|old| old.name == stored.name && old.path == stored.path)
            {
                Some(old) => *old = stored,
                None => self.cookies.push(stored),
            }
        }
    }

    /// The `name=value` pairs for a request to `request_path`: the longest path first, then the
    /// oldest (§5.4 step 2).
    pub(super) fn pairs_for(&mut self, request_path: &str, now: SystemTime) -> Vec<&str> {
        self.forget_expired(now);
        let mut sent: Vec<&StoredCookie> = self
            .cookies
            .iter()
            .filter(|stored| path_matches(request_path, &stored.path))
            .collect();
        sent.sort_by_key(|stored| std::cmp::Reverse(stored.path.len()));
        sent.into_iter()
            .map(|stored| stored.pair.as_str())
            .collect()
    }

    /// The `Set-Cookie` lines of the cookies kept, oldest first.
    pub(super) fn lines(&mut self, now: SystemTime) -> impl Iterator<Item = &str> {
        self.forget_expired(now);
        self.cookies.iter().map(|stored| stored.line.as_str())
    }

    fn forget_expired(&mut self, now: SystemTime) {
        self.cookies
            .retain(|stored| stored.expires.is_none_or(|when| when > now));
    }
}

enum Lifetime {
    Session,
    Until(SystemTime),
    Expired,
}

/// `Max-Age` wins over `Expires`; zero or less, or a date passed, deletes (§5.2.1, §5.2.2).
fn lifetime(cookie: &Cookie<'_>, now: SystemTime) -> Lifetime {
    let expires = if let Some(max_age) = cookie.max_age() {
        match u64::try_from(max_age.whole_seconds()) {
            Ok(0) | Err(_) => return Lifetime::Expired,
            // Past what the clock can count: it outlives the test.
            Ok(seconds) => match now.checked_add(Duration::from_secs(seconds)) {
                Some(when) => when,
                None => return Lifetime::Session,
            },
        }
    } else if let Some(date) = cookie.expires_datetime() {
        match u64::try_from(date.unix_timestamp()) {
            Ok(seconds) => UNIX_EPOCH + Duration::from_secs(seconds),
            Err(_) => return Lifetime::Expired,
        }
    } else {
        return Lifetime::Session;
    };
    if expires <= now {
        Lifetime::Expired
    } else {
        Lifetime::Until(expires)
    }
}

/// The folder of the request's path, for a cookie set without `Path` (§5.1.4).
fn default_path(request_path: &str) -> String {
    match request_path.rfind('/') {
        None | Some(0) => "/".to_owned(),
        Some(last) => request_path[..last].to_owned(),
    }
}

/// `/api` matches `/api`, `/api/` and `/api/x`, not `/apix` (§5.1.4).
fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    request_path
        .strip_prefix(cookie_path)
        .is_some_and(|rest| rest.is_empty() || cookie_path.ends_with('/') || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }

    fn jar(lines: &[&str], request_path: &str) -> CookieJar {
        let mut jar = CookieJar::default();
        jar.store(lines.iter().copied(), request_path, now());
        jar
    }

    #[test]
    fn a_cookie_goes_back_as_it_came() {
        let mut jar = jar(&["a=b%20c; Path=/; HttpOnly"], "/api/login");
        assert_eq!(jar.pairs_for("/api/me", now()), ["a=b%20c"]);
        assert_eq!(
            jar.lines(now()).collect::<Vec<_>>(),
            ["a=b%20c; Path=/; HttpOnly"]
        );
    }

    #[test]
    fn a_cookie_without_path_is_for_the_folder_of_the_request() {
        let mut jar = jar(&["a=1"], "/api/auth/login");
        assert_eq!(jar.pairs_for("/api/auth/logout", now()), ["a=1"]);
        assert_eq!(jar.pairs_for("/api/auth", now()), ["a=1"]);
        assert!(jar.pairs_for("/api/me", now()).is_empty());
        assert!(jar.pairs_for("/api/authx", now()).is_empty());
        let mut top = CookieJar::default();
        top.store(["b=2"], "/login", now());
        assert_eq!(top.pairs_for("/anything/else", now()), ["b=2"]);
    }

    #[test]
    fn a_path_matches_itself_and_below_at_a_slash() {
        assert!(path_matches("/api", "/api"));
        assert!(path_matches("/api/x", "/api"));
        assert!(path_matches("/api/x", "/api/"));
        assert!(!path_matches("/apix", "/api"));
        assert!(!path_matches("/", "/api"));
    }

    #[test]
    fn longer_paths_go_first_then_older_cookies() {
        let mut jar = jar(&["a=1; Path=/", "b=2; Path=/api/deep", "c=3; Path=/"], "/");
        assert_eq!(jar.pairs_for("/api/deep/x", now()), ["b=2", "a=1", "c=3"]);
    }

    #[test]
    fn the_same_name_and_path_replaces_in_place() {
        let mut jar = jar(&["a=1; Path=/", "b=2; Path=/", "a=3; Path=/"], "/");
        assert_eq!(jar.pairs_for("/", now()), ["a=3", "b=2"]);
        // Another path is another cookie.
        jar.store(["a=4; Path=/api"], "/", now());
        assert_eq!(jar.pairs_for("/api", now()), ["a=4", "a=3", "b=2"]);
    }

    #[test]
    fn max_age_zero_or_a_past_date_deletes() {
        for deletion in [
            "a=; Path=/; Max-Age=0",
            "a=; Path=/; Max-Age=-1",
            "a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        ] {
            let mut jar = jar(&["a=1; Path=/", "b=2; Path=/"], "/");
            jar.store([deletion], "/", now());
            assert_eq!(jar.pairs_for("/", now()), ["b=2"], "{deletion}");
        }
    }

    #[test]
    fn a_deletion_for_another_path_leaves_the_cookie() {
        let mut jar = jar(&["a=1; Path=/"], "/");
        jar.store(["a=; Path=/api; Max-Age=0"], "/", now());
        assert_eq!(jar.pairs_for("/api", now()), ["a=1"]);
    }

    #[test]
    fn a_cookie_is_forgotten_when_it_expires() {
        let mut jar = jar(&["a=1; Path=/; Max-Age=60", "b=2; Path=/"], "/");
        assert_eq!(
            jar.pairs_for("/", now() + Duration::from_secs(59)),
            ["a=1", "b=2"]
        );
        assert_eq!(jar.pairs_for("/", now() + Duration::from_secs(60)), ["b=2"]);
    }

    #[test]
    fn max_age_wins_over_expires() {
        let mut jar = jar(
            &["a=1; Path=/; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"],
            "/",
        );
        assert_eq!(jar.pairs_for("/", now()), ["a=1"]);
    }

    #[test]
    fn an_unparsable_line_is_ignored() {
        let mut jar = jar(&["no equals sign", "=1", "a=1"], "/");
        assert_eq!(jar.pairs_for("/", now()), ["a=1"]);
    }

    #[test]
    fn a_huge_max_age_outlives_the_test() {
        let mut jar = jar(&["a=1; Path=/; Max-Age=9223372036854775807"], "/");
        assert_eq!(jar.pairs_for("/", now()), ["a=1"]);
    }
}
