//! `ContentType::from_header`, `check_body`, `parse_body` and `Charset::decode`.

use api_routes_runtime::__private::fuzzing::{
    BodyError, Charset, ContentType, MediaKind, check_body, parse_body, parse_form,
};
use api_routes_runtime::QueryValue;
use serde_json::Value;

use crate::{parse_json, same_json};

pub fn run(data: &[u8]) {
    let (header, bytes) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (Some(&data[..at]), &data[at + 1..]),
        None => (None, data),
    };
    let content_type = match ContentType::from_header(header) {
        Ok(content_type) => content_type,
        // A charset the port cannot decode, whatever the body (nextjs-compat 2.5d).
        Err(error) => {
            assert_eq!(error, BodyError::InvalidBody);
            return;
        }
    };

    let mut kinds = vec![content_type.kind];
    for kind in [MediaKind::Json, MediaKind::UrlEncoded, MediaKind::Text] {
        if kind != content_type.kind {
            kinds.push(kind);
        }
    }
    for kind in kinds {
        check(
            &ContentType {
                kind,
                charset: content_type.charset,
            },
            bytes,
        );
    }
}

pub fn check(content_type: &ContentType, bytes: &[u8]) {
    let checked = check_body(content_type, bytes);
    let parsed = parse_body(content_type, bytes);
    // The `Request` extractor answers 400 when `check_body` fails and otherwise lets
    // `req.body()` build the value with `parse_body` later, unwrapping it to `null` on error:
    // the two must agree.
    match (&checked, &parsed) {
        (Ok(()), Ok(_)) => {}
        (Err(a), Err(b)) if a == b => {}
        _ => panic!(
            "check_body {checked:?} but parse_body {parsed:?} for {content_type:?} and {:?}",
            String::from_utf8_lossy(bytes)
        ),
    }

    let decoded = content_type.charset.decode(bytes);
    if content_type.charset == Charset::Utf8 {
        // The borrowed fast path gives what a lossy decode with one BOM dropped gives.
        let lossy = String::from_utf8_lossy(bytes);
        assert_eq!(decoded, lossy.strip_prefix('\u{FEFF}').unwrap_or(&lossy));
    }

    let Ok(value) = parsed else {
        return;
    };
    match content_type.kind {
        MediaKind::Json if decoded.is_empty() => {
            assert_eq!(value, Value::Object(Default::default()));
        }
        MediaKind::Json => {
            // The value is of the kind its text starts with: `{…}` is an object, whatever its keys
            // (serde_json's `Value` read `{"$serde_json::private::RawValue":"[1]"}` as `[1]`).
            let first = decoded
                .trim_start_matches([' ', '\t', '\n', '\r'])
                .as_bytes()[0];
            let kind_matches = match first {
                b'{' => value.is_object(),
                b'[' => value.is_array(),
                b'"' => value.is_string(),
                b't' | b'f' => value.is_boolean(),
                b'n' => value.is_null(),
                _ => value.is_number(),
            };
            assert!(kind_matches, "{decoded:?} parsed as {value}");
        }
        MediaKind::UrlEncoded => {
            let form = parse_form(&decoded);
            let object = value.as_object().expect("a form is an object");
            assert_eq!(object.len(), form.len());
            for (key, value) in form.iter() {
                let expected = match value {
                    QueryValue::One(one) => Value::from(one.as_str()),
                    QueryValue::Many(many) => Value::from(many.clone()),
                };
                assert_eq!(object.get(key), Some(&expected));
            }
        }
        MediaKind::Text => assert_eq!(value, Value::String(decoded.into_owned())),
    }
    let text = serde_json::to_string(&value).expect("req.body() serializes");
    let again = parse_json(text.as_bytes()).expect("and parses back");
    assert!(
        same_json(&again, &value),
        "{value:?} serialized as {text} parses back as {again:?}"
    );
}
