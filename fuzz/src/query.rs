//! `QueryMap::parse`, `parse_form`, `insert_param`, `to_urlencoded` and `to_json_string`.

use api_routes_runtime::__private::fuzzing::parse_form;
use api_routes_runtime::{QueryMap, QueryValue};
use serde_json::Value;

use crate::parse_json;

pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let raw = lines.next().unwrap_or_default();

    let parsed = QueryMap::parse(raw);
    check_query_map(&parsed);
    // `parse` never builds a `Many` of fewer than two values, so it round-trips exactly.
    assert_eq!(
        QueryMap::parse(&parsed.to_urlencoded()),
        parsed,
        "{raw:?} → {:?}",
        parsed.to_urlencoded()
    );

    // A form body is the same decoding, capped at 1000 `&`-separated pieces.
    let form = parse_form(raw);
    check_query_map(&form);
    if raw.split('&').count() <= 1000 {
        assert_eq!(form, parsed);
    } else {
        assert!(form.len() <= 1000);
    }

    let mut merged = parsed.clone();
    for line in lines {
        let (name, value) = match line.strip_prefix('*') {
            Some(rest) => {
                let mut parts = rest.split('\t');
                let name = parts.next().unwrap_or_default();
                (name, QueryValue::Many(parts.map(str::to_owned).collect()))
            }
            None => {
                let (name, value) = line.split_once('\t').unwrap_or((line, ""));
                (name, QueryValue::One(value.to_owned()))
            }
        };
        let keys_before: Vec<String> = merged.keys().map(str::to_owned).collect();
        merged.insert_param(name.to_owned(), value.clone());
        assert_eq!(merged.get(name), Some(&value));
        // nextjs-compat 10.7: an overriding param keeps the key's position, a new one is appended.
        let keys_after: Vec<&str> = merged.keys().collect();
        if keys_before.iter().any(|key| key == name) {
            assert_eq!(keys_after, keys_before);
        } else {
            assert_eq!(keys_after.len(), keys_before.len() + 1);
            assert_eq!(keys_after[..keys_before.len()], keys_before[..]);
            assert_eq!(keys_after.last(), Some(&name));
        }
    }
    check_query_map(&merged);
    let encoded = merged.to_urlencoded();
    assert_eq!(
        QueryMap::parse(&encoded),
        round_trip_of(&merged),
        "{merged:?} → {encoded:?}"
    );
}

/// Asserts the invariants every [`QueryMap`] keeps: unique keys, and `to_json_string` is valid
/// JSON holding exactly the map, keys in the map's order.
pub(crate) fn check_query_map(map: &QueryMap) {
    let mut keys: Vec<&str> = map.keys().collect();
    keys.sort_unstable();
    let count = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), count, "duplicate keys in {map:?}");
    assert_eq!(count, map.len());

    let text = map.to_json_string();
    let value = parse_json(text.as_bytes()).expect("to_json_string is valid JSON");
    let object = value.as_object().expect("to_json_string is an object");
    assert_eq!(object.len(), map.len(), "{text}");
    for ((key, value), (json_key, json_value)) in map.iter().zip(object) {
        assert_eq!(key, json_key, "key order in {text}");
        let expected = match value {
            QueryValue::One(one) => Value::from(one.as_str()),
            QueryValue::Many(many) => Value::from(many.clone()),
        };
        assert_eq!(&expected, json_value, "{text}");
    }
    // serde_json's output is canonical, so re-serializing the parsed value gives the same text.
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
}

/// What `QueryMap::parse(map.to_urlencoded())` must give: a `Many` of one value comes back as
/// `One` and an empty `Many` disappears (the documented limit of the round trip).
fn round_trip_of(map: &QueryMap) -> QueryMap {
    let mut expected = QueryMap::new();
    for (key, value) in map.iter() {
        let value = match value {
            QueryValue::Many(many) if many.is_empty() => continue,
            QueryValue::Many(many) if many.len() == 1 => QueryValue::One(many[0].clone()),
            other => other.clone(),
        };
        expected.insert_param(key.to_owned(), value);
    }
    expected
}
