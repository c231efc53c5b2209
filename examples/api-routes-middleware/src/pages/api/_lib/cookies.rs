//! `utils/cookies.ts`: set a cookie on the response.

use api_routes::{CookieOptions, Response};
use serde_json::Value;

/// Sets the cookie `name` on `res`, replacing any `Set-Cookie` set before, as the original's
/// `res.setHeader("Set-Cookie", serialize(name, value, options))` does.
///
/// An object, an array or `null` (what JavaScript's `typeof` calls `"object"`) is stored as
/// `j:` followed by its JSON; a string as it is; a number or a boolean as its text.
///
/// The original also turns `maxAge` into an `Expires` date. [`CookieOptions`] is write-only, so
/// this helper cannot read the `max_age` it was given; a caller who wants both sets
/// `.max_age(s).expires(SystemTime::now() + Duration::from_secs(s))` (browsers prefer `Max-Age`).
pub fn set_cookie(
    res: Response,
    name: &str,
    value: impl Into<Value>,
    options: CookieOptions,
) -> Response {
    let value = match value.into() {
        Value::String(text) => text,
        value @ (Value::Bool(_) | Value::Number(_)) => value.to_string(),
        object => format!("j:{object}"),
    };
    res.remove_header("set-cookie")
        .cookie(name, &value, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set_cookie_line(value: impl Into<Value>, options: CookieOptions) -> String {
        let res = set_cookie(Response::new(), "name", value, options);
        let lines: Vec<_> = res.headers().get_all("set-cookie").iter().collect();
        assert_eq!(lines.len(), 1);
        lines[0].to_str().unwrap().to_owned()
    }

    #[test]
    fn strings_numbers_and_booleans_are_stored_as_their_text() {
        // utils/cookies.ts: `String(value)`
        assert_eq!(set_cookie_line("v", CookieOptions::new()), "name=v");
        assert_eq!(set_cookie_line(42, CookieOptions::new()), "name=42");
        assert_eq!(set_cookie_line(true, CookieOptions::new()), "name=true");
    }

    #[test]
    fn objects_are_stored_as_j_colon_json() {
        // utils/cookies.ts: `"j:" + JSON.stringify(value)`, percent-encoded as
        // `encodeURIComponent` does
        assert_eq!(
            set_cookie_line(json!({ "a": 1 }), CookieOptions::new()),
            "name=j%3A%7B%22a%22%3A1%7D"
        );
        assert_eq!(
            set_cookie_line(json!([1, 2]), CookieOptions::new()),
            "name=j%3A%5B1%2C2%5D"
        );
        assert_eq!(
            set_cookie_line(Value::Null, CookieOptions::new()),
            "name=j%3Anull"
        );
    }

    #[test]
    fn options_are_serialized() {
        // `maxAge` gives `Max-Age`; `Expires` is the caller's to add (see `set_cookie`)
        assert_eq!(
            set_cookie_line("v", CookieOptions::new().path("/").max_age(60)),
            "name=v; Path=/; Max-Age=60"
        );
    }

    #[test]
    fn a_second_call_replaces_the_first_cookie() {
        // `res.setHeader("Set-Cookie", …)` replaces the header
        let res = set_cookie(Response::new(), "a", "1", CookieOptions::new());
        let res = set_cookie(res, "b", "2", CookieOptions::new());
        let lines: Vec<_> = res.headers().get_all("set-cookie").iter().collect();
        assert_eq!(lines, ["b=2"]);
    }
}
