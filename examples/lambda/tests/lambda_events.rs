//! AWS Lambda without the cloud: real API Gateway v1 (REST), v2 (HTTP API), function URL and ALB
//! events from `tests/fixtures/lambda` go through `lambda_http`'s own adapter (the one
//! `lambda_http::run` hands to the runtime: event → `http::Request` → our service → response
//! event) into the server tests' page tree, and the response events are checked as the Lambda
//! service would read them. Where it matters, the same request is also sent straight to the
//! router, as the server sees it, and the answers compared.

mod support;

use api_routes::axum::Router;
use api_routes::lambda::{Lambda, lambda_http};
use lambda_http::request::LambdaRequest;
use lambda_http::tower::ServiceExt;
use lambda_http::{Adapter, Context, LambdaEvent};
use serde_json::{Value, json};
use support::{base64, direct, fixture, unbase64};

/// The response event for `event`, serialized as the runtime sends it back to Lambda.
async fn invoke_with(lambda: Lambda, app: Router, event: Value) -> Reply {
    let request: LambdaRequest = serde_json::from_value(event).expect("a Lambda HTTP event");
    let adapter = Adapter::from(lambda.service(app));
    let response = match adapter
        .oneshot(LambdaEvent::new(request, Context::default()))
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    };
    Reply(serde_json::to_value(response).expect("the response event serializes"))
}

async fn invoke(event: Value) -> Reply {
    invoke_with(Lambda::new(), api_routes_tests::app(), event).await
}

async fn invoke_example(event: Value) -> Reply {
    invoke_with(Lambda::new(), example_lambda::router(), event).await
}

/// A response event as API Gateway or the ALB reads it.
#[derive(Debug)]
struct Reply(Value);

impl Reply {
    fn status(&self) -> u64 {
        self.0["statusCode"].as_u64().expect("statusCode")
    }

    /// `headers[name]`, the single-value map (v2, function URLs, ALB).
    fn header(&self, name: &str) -> Option<&str> {
        let headers = self.0["headers"].as_object()?;
        headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| value.as_str())
    }

    /// `multiValueHeaders[name]` (REST APIs, multi-value ALBs).
    fn multi(&self, name: &str) -> Vec<&str> {
        self.0["multiValueHeaders"]
            .as_object()
            .and_then(|headers| {
                headers
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name))
            })
            .and_then(|(_, values)| values.as_array())
            .map(|values| values.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    fn cookies(&self) -> Vec<&str> {
        self.0["cookies"]
            .as_array()
            .map(|cookies| cookies.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    fn base64_encoded(&self) -> bool {
        self.0["isBase64Encoded"]
            .as_bool()
            .expect("isBase64Encoded")
    }

    fn bytes(&self) -> Vec<u8> {
        let body = self.0["body"].as_str().unwrap_or_default();
        if self.base64_encoded() {
            unbase64(body)
        } else {
            body.as_bytes().to_vec()
        }
    }

    fn text(&self) -> String {
        String::from_utf8(self.bytes()).expect("a text body")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes())
            .unwrap_or_else(|error| panic!("{error}: {}", self.text()))
    }
}

/// Whether a request carrying `x-probe: id` ever reached a handler of the test pages.
async fn probe_seen(id: &str) -> bool {
    let answer = direct(
        api_routes_tests::app(),
        "GET",
        &format!("/api/rt/probe?seen={id}"),
        &[],
        Vec::new(),
    )
    .await;
    let value: Value = serde_json::from_slice(&answer.body).expect("json");
    value["seen"].as_bool().expect("seen")
}

/// `event` with `body` as base64 and, if asked, a `Content-Length` in every header map it has.
fn with_body(mut event: Value, body: &[u8], content_length: bool) -> Value {
    event["body"] = json!(base64(body));
    event["isBase64Encoded"] = json!(true);
    if content_length {
        let length = body.len().to_string();
        if let Some(headers) = event["headers"].as_object_mut() {
            headers.insert("content-length".into(), json!(length));
        }
        if let Some(headers) = event["multiValueHeaders"].as_object_mut() {
            headers.insert("content-length".into(), json!([length]));
        }
    }
    event
}

// ---- API Gateway REST API (payload v1) ----

#[tokio::test]
async fn rest_api_get_is_routed_without_the_stage_with_multi_value_query_and_cookies() {
    let reply = invoke(fixture("lambda/apigw-v1-echo-get")).await;
    assert_eq!(reply.status(), 200);
    assert!(!reply.base64_encoded());
    // REST APIs read multiValueHeaders only; `headers` stays empty so nothing is sent twice.
    assert_eq!(
        reply.multi("content-type"),
        ["application/json; charset=utf-8"]
    );
    assert_eq!(reply.header("content-type"), None);
    let body = reply.json();
    assert_eq!(body["method"], "GET");
    assert_eq!(
        body["query"],
        json!({ "tag": ["x", "y"], "path": ["a", "b"] })
    );
    assert_eq!(
        body["cookies"],
        json!({ "session": "abc", "theme": "dark" })
    );
}

#[tokio::test]
async fn rest_api_base64_request_body_reaches_the_handler_as_bytes() {
    let reply = invoke(fixture("lambda/apigw-v1-binary-upload")).await;
    assert_eq!(reply.status(), 200, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["length"], 32);
    assert_eq!(body["bodyIsNull"], true);
}

#[tokio::test]
async fn rest_api_trailing_slash_redirect_keeps_the_stage_the_client_used() {
    let reply = invoke(fixture("lambda/apigw-v1-trailing-slash")).await;
    assert_eq!(reply.status(), 308);
    assert_eq!(reply.multi("location"), ["/prod/api/users?page=2"]);
    assert_eq!(reply.multi("refresh"), ["0;url=/prod/api/users?page=2"]);
    // The server's answer, where the client's URL has no stage.
    let server = direct(
        api_routes_tests::app(),
        "GET",
        "/api/users/?page=2",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(server.status, 308);
    assert_eq!(server.all("location"), ["/api/users?page=2"]);
    assert_eq!(reply.bytes(), server.body);
}

#[tokio::test]
async fn rest_api_custom_domain_base_path_is_removed_and_kept_in_redirects() {
    let event = fixture("lambda/apigw-v1-custom-domain");
    let reply = invoke_with(
        Lambda::new().base_path("/v1"),
        api_routes_tests::app(),
        event,
    )
    .await;
    assert_eq!(reply.status(), 308);
    assert_eq!(reply.multi("location"), ["/v1/api/users"]);
}

#[tokio::test]
async fn stage_stripping_can_be_turned_off() {
    let event = fixture("lambda/apigw-v1-echo-get");
    let reply = invoke_with(
        Lambda::new().strip_stage(false),
        api_routes_tests::app(),
        event,
    )
    .await;
    // `/prod/api/echo/a/b` is no page.
    assert_eq!(reply.status(), 404);
}

#[tokio::test]
async fn rest_api_405_keeps_both_allow_lines() {
    let reply = invoke(fixture("lambda/apigw-v1-method-not-allowed")).await;
    assert_eq!(reply.status(), 405);
    assert_eq!(reply.multi("allow"), ["GET", "PUT"]);
    assert_eq!(reply.text(), "Method DELETE Not Allowed");
    assert_eq!(reply.multi("content-type"), Vec::<&str>::new());
}

#[tokio::test]
async fn rest_api_body_over_a_page_limit_is_413_before_the_handler() {
    let oversized = vec![b'a'; 500 * 1024 + 1];
    let event = with_body(fixture("lambda/apigw-v1-upload"), &oversized, true);
    let reply = invoke(event).await;
    assert_eq!(reply.status(), 413);
    assert_eq!(reply.text(), "Body exceeded 500kb limit");
    assert_eq!(reply.multi("content-type"), Vec::<&str>::new());
    assert!(!probe_seen("lambda-v1-413").await);
}

// ---- API Gateway HTTP API (payload v2) and function URLs ----

#[tokio::test]
async fn http_api_post_json_with_the_cookies_array() {
    let reply = invoke(fixture("lambda/apigw-v2-echo-post-json")).await;
    assert_eq!(reply.status(), 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert!(!reply.base64_encoded());
    let body = reply.json();
    assert_eq!(body["method"], "POST");
    assert_eq!(body["body"], json!({ "title": "Hi", "tags": [1, 2] }));
    assert_eq!(
        body["cookies"],
        json!({ "session": "abc", "theme": "dark" })
    );
    assert_eq!(body["query"], json!({ "q": ["1", "2"], "path": ["x"] }));
}

#[tokio::test]
async fn http_api_invalid_json_is_400_as_on_the_server() {
    let reply = invoke(fixture("lambda/apigw-v2-invalid-json")).await;
    let server = direct(
        api_routes_tests::app(),
        "POST",
        "/api/echo",
        &[
            ("content-type", "application/json"),
            ("content-length", "6"),
        ],
        br#"{"a":1"#.to_vec(),
    )
    .await;
    assert_eq!(
        (reply.status(), reply.text().as_str()),
        (400, "Invalid JSON")
    );
    assert_eq!(
        (server.status, server.body.as_slice()),
        (400, &b"Invalid JSON"[..])
    );
    assert_eq!(reply.header("content-type"), None);
}

#[tokio::test]
async fn http_api_body_one_byte_over_1mb_is_413_with_or_without_content_length() {
    let oversized = vec![b'a'; 1024 * 1024 + 1];
    for declared in [true, false] {
        let event = with_body(fixture("lambda/apigw-v2-upload"), &oversized, declared);
        let reply = invoke(event).await;
        assert_eq!(reply.status(), 413, "Content-Length sent: {declared}");
        assert_eq!(reply.text(), "Body exceeded 1mb limit");
        assert_eq!(reply.header("content-type"), None);
    }
    assert!(!probe_seen("lambda-v2-413").await);

    // At the limit it is read, byte for byte.
    let at_limit = vec![b'a'; 1024 * 1024];
    let reply = invoke(with_body(
        fixture("lambda/apigw-v2-upload"),
        &at_limit,
        true,
    ))
    .await;
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.json()["length"], 1024 * 1024);
}

#[tokio::test]
async fn http_api_named_stage_in_the_raw_path_is_removed() {
    let reply = invoke(fixture("lambda/apigw-v2-stage-in-path")).await;
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.json(), json!({ "name": "John Doe" }));
}

#[tokio::test]
async fn http_api_405_allow_lines_are_joined_into_its_single_value_headers() {
    let reply = invoke(fixture("lambda/apigw-v2-method-not-allowed")).await;
    assert_eq!(reply.status(), 405);
    // `lambda_http` keeps one value per name in v2 `headers`: the adapter joins them first.
    assert_eq!(reply.header("allow"), Some("GET, PUT"));
    assert_eq!(reply.text(), "Method DELETE Not Allowed");
}

#[tokio::test]
async fn http_api_panic_is_500_and_the_function_keeps_serving() {
    let reply = invoke(fixture("lambda/apigw-v2-panic")).await;
    assert_eq!(reply.status(), 500);
    assert_eq!(reply.text(), "Internal Server Error");
    assert_eq!(reply.header("content-type"), None);
    let after = invoke(fixture("lambda/apigw-v2-stage-in-path")).await;
    assert_eq!(after.status(), 200);
}

#[tokio::test]
async fn http_api_unknown_path_is_the_404_page() {
    let reply = invoke(fixture("lambda/apigw-v2-not-found")).await;
    let server = direct(
        api_routes_tests::app(),
        "GET",
        "/api/no/such/page",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(reply.status(), 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        reply.header("cache-control"),
        server.all("cache-control").first().copied()
    );
    assert_eq!(reply.bytes(), server.body);
}

#[tokio::test]
async fn http_api_sends_every_set_cookie_in_the_cookies_array() {
    let reply = invoke_example(fixture("lambda/apigw-v2-session-cookies")).await;
    let server = direct(
        example_lambda::router(),
        "POST",
        "/api/session",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(reply.status(), 201);
    assert_eq!(server.all("set-cookie").len(), 2);
    assert_eq!(reply.cookies(), server.all("set-cookie"));
    assert_eq!(reply.header("set-cookie"), None);
    assert_eq!(reply.json(), json!({ "signedIn": true }));
}

#[tokio::test]
async fn function_url_binary_response_is_base64() {
    let reply = invoke(fixture("lambda/function-url-bytes")).await;
    assert_eq!(reply.status(), 200);
    assert!(reply.base64_encoded());
    assert_eq!(reply.0["body"], "AQID");
    assert_eq!(reply.bytes(), [1, 2, 3]);
    assert_eq!(
        reply.header("content-type"),
        Some("application/octet-stream")
    );
}

#[tokio::test]
async fn function_url_bytes_without_a_content_type_stay_binary() {
    let reply = invoke_example(fixture("lambda/function-url-pixel-bare")).await;
    let server = direct(
        example_lambda::router(),
        "GET",
        "/api/pixel?bare",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(server.all("content-type"), Vec::<&str>::new());
    assert_eq!(reply.status(), 200);
    assert!(reply.base64_encoded());
    assert_eq!(reply.bytes(), server.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/octet-stream")
    );
}

#[tokio::test]
async fn a_streamed_body_is_collected_into_the_event() {
    let reply = invoke_example(fixture("lambda/function-url-countdown")).await;
    assert_eq!(reply.status(), 200);
    assert!(!reply.base64_encoded());
    assert_eq!(reply.text(), "3\n2\n1\n");
}

// ---- Application Load Balancer ----

#[tokio::test]
async fn alb_repeated_headers_are_joined_for_single_value_targets() {
    let reply = invoke(fixture("lambda/alb-headers")).await;
    let server = direct(
        api_routes_tests::app(),
        "GET",
        "/api/rt/headers?kind=append",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(server.all("x-thing"), ["a", "b"]);
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.header("x-thing"), Some("a, b"));
    assert_eq!(reply.0["statusDescription"], "200 OK");
}

#[tokio::test]
async fn alb_405_answers_allow() {
    let reply = invoke(fixture("lambda/alb-multi-value-method-not-allowed")).await;
    let server = direct(
        api_routes_tests::app(),
        "DELETE",
        "/api/methods",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(reply.status(), 405);
    assert_eq!(server.status, 405);
    let allow = server.all("allow").join(", ");
    assert_eq!(reply.multi("allow"), [allow.as_str()]);
    assert_eq!(reply.header("allow"), Some(allow.as_str()));
    assert_eq!(reply.bytes(), server.body);
}

#[tokio::test]
async fn alb_multi_value_targets_get_every_set_cookie_line() {
    let reply = invoke_example(fixture("lambda/alb-multi-value-session-cookies")).await;
    let server = direct(
        example_lambda::router(),
        "POST",
        "/api/session",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(reply.status(), 201);
    assert_eq!(reply.multi("set-cookie"), server.all("set-cookie"));
}

#[tokio::test]
async fn alb_body_over_a_numeric_limit_is_413() {
    let event = with_body(fixture("lambda/alb-upload"), &[b'x'; 5000], true);
    let reply = invoke(event).await;
    assert_eq!(reply.status(), 413);
    assert_eq!(reply.text(), "Body exceeded 4096 limit");
    assert_eq!(reply.0["statusDescription"], "413 Payload Too Large");
}
