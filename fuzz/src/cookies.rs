//! `parse_cookie_headers`.

use api_routes_runtime::__private::fuzzing::parse_cookie_headers;

use crate::parse_json;

pub fn run(data: &[u8]) {
    let headers: Vec<&[u8]> = if data.is_empty() {
        Vec::new()
    } else {
        data.split(|&b| b == b'\n').collect()
    };
    let cookies = parse_cookie_headers(headers.iter().copied());

    let mut names: Vec<&str> = cookies.iter().map(|(name, _)| name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cookies.len(), "duplicate names in {cookies:?}");
    // A cookie needs an `=`.
    assert!(cookies.len() <= data.iter().filter(|&&b| b == b'=').count());
    for (name, value) in cookies.iter() {
        assert_eq!(cookies.get(name), Some(value));
    }

    let text = serde_json::to_string(&cookies).expect("cookies serialize");
    let value = parse_json(text.as_bytes()).expect("valid JSON");
    let object = value.as_object().expect("an object");
    assert_eq!(object.len(), cookies.len());
    for ((name, value), (json_name, json_value)) in cookies.iter().zip(object) {
        assert_eq!(name, json_name);
        assert_eq!(json_value.as_str(), Some(value));
    }
    assert_eq!(serde_json::to_string(&value).unwrap(), text);

    // Several headers are the same as one joined with "; " (how Next.js reads them).
    if headers.len() > 1 {
        let joined = headers.join(&b"; "[..]);
        assert_eq!(parse_cookie_headers([joined.as_slice()]), cookies);
    }
}
