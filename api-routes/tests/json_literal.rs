//! `api_routes::json!` against serde_json's `json!`: the same text for the same literal, and
//! the same freedom to use it (values borrowed only while written, `?` and `.await` inside,
//! kept in a variable or returned from a closure).

use std::collections::BTreeMap;

use api_routes::JsonLiteral;
use api_routes::prelude::*;
use serde_json::Value;

/// Both macros on the same tokens: equal text, and equal as values.
macro_rules! same_as_serde_json {
    ($($literal:tt)+) => {{
        let ours: JsonLiteral = json!($($literal)+);
        let theirs: Value = serde_json::json!($($literal)+);
        assert_eq!(ours.as_str(), theirs.to_string(), "json!({})", stringify!($($literal)+));
        assert_eq!(ours, theirs);
    }};
}

#[test]
fn literals_are_written_as_serde_json_writes_them() {
    let name = String::from("Jo \"the\" \u{1F600}\n");
    let numbers = vec![1.5, -0.0, 1e300];
    same_as_serde_json!(null);
    same_as_serde_json!(true);
    same_as_serde_json!("text");
    same_as_serde_json!([]);
    same_as_serde_json!({});
    same_as_serde_json!({ "name": name, "numbers": numbers, "none": null, "nested": { "a": [1, [2, {}]] } });
    same_as_serde_json!({ "escaped \"key\"\t": 1, "": 2, "é": u64::MAX, "i": i64::MIN });
    same_as_serde_json!([f64::NAN, f64::INFINITY, Option::<u8>::None, Some("x")]);
    same_as_serde_json!({ "map": BTreeMap::<String, u8>::from([("k".into(), 1)]), "sum": 1 + 2, });
}

#[test]
fn computed_and_repeated_keys_mean_what_they_mean_in_serde_json() {
    let key = "dynamic";
    same_as_serde_json!({ key: 1, "b": 2 });
    same_as_serde_json!({ "a": 1, "b": 2, "a": 3 });
    same_as_serde_json!([{ "a": 1, "a": { "x": null } }, { (key.to_uppercase()): [key] }]);
}

#[test]
fn values_are_borrowed_only_while_written() {
    let name = String::from("Ada");
    let literal = json!({ "name": name, "length": name.len() });
    // `name` was borrowed, not moved; the literal keeps no borrow.
    drop(name);
    assert_eq!(literal.as_str(), r#"{"name":"Ada","length":3}"#);

    // Made in a closure from the closure's own values, as with serde_json's `json!`.
    let people: Vec<JsonLiteral> = vec![String::from("Ada"), String::from("Grace")]
        .into_iter()
        .map(|name| json!({ "name": name, "upper": name.to_uppercase() }))
        .collect();
    assert_eq!(
        json!({ "people": people }).as_str(),
        r#"{"people":[{"name":"Ada","upper":"ADA"},{"name":"Grace","upper":"GRACE"}]}"#
    );
}

#[test]
fn question_marks_inside_return_from_the_enclosing_function() {
    fn parsed(text: &str) -> Result<JsonLiteral, std::num::ParseIntError> {
        Ok(json!({ "n": text.parse::<i32>()? }))
    }
    assert_eq!(parsed("7").unwrap().as_str(), r#"{"n":7}"#);
    assert!(parsed("x").is_err());
}

#[test]
fn a_literal_converts_into_the_value_serde_json_builds() {
    let mut value = Value::from(json!({ "b": 1, "a": [null] }));
    value["c"] = true.into();
    assert_eq!(value, serde_json::json!({ "b": 1, "a": [null], "c": true }));
    // Keys keep the order they were written in (serde_json's `preserve_order`).
    assert_eq!(value.to_string(), r#"{"b":1,"a":[null],"c":true}"#);
}

#[test]
fn a_value_that_cannot_be_serialized_makes_res_json_fail_instead_of_sending_broken_json() {
    let map = BTreeMap::from([((1, 2), "a tuple key")]);
    let literal = json!({ "map": map });
    let error = serde_json::to_string(&literal).unwrap_err().to_string();
    assert!(error.contains("key must be a string"), "{error}");
}

#[tokio::test]
async fn res_json_sends_the_text() {
    use api_routes::axum::body::to_bytes;
    use api_routes::axum::response::IntoResponse;

    let answer = Response::new()
        .status(201)
        .json(json!({ "name": "John Doe", "tags": ["a"] }))
        .into_response();
    assert_eq!(answer.status(), 201);
    assert_eq!(
        answer.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    let body = to_bytes(answer.into_body(), 1024).await.unwrap();
    assert_eq!(body, r#"{"name":"John Doe","tags":["a"]}"#);
}
