//! The function run for real, locally: `src/main.rs` under cargo-lambda's emulator
//! (`cargo lambda watch`), sent the same requests as the router served by `api_routes::Server`,
//! and each answer compared. `scripts/lambda-local.sh` starts the emulator and runs this test
//! with `LAMBDA_FUNCTION_URL` set; without it the test is ignored.

use std::collections::BTreeMap;

use api_routes_test_support::TestServer;

/// One request, sent the same way to both.
struct Case {
    method: &'static str,
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: Body,
    /// Headers the Lambda adapter adds on purpose (docs/deploying.md, "binary bodies").
    function_adds: &'static [(&'static str, &'static str)],
}

enum Body {
    Empty,
    Text(&'static str),
    /// Bytes of this length, to cross the 1 MB body limit.
    Large(usize),
}

const fn case(method: &'static str, path: &'static str) -> Case {
    Case {
        method,
        path,
        headers: &[],
        body: Body::Empty,
        function_adds: &[],
    }
}

const fn get(path: &'static str) -> Case {
    case("GET", path)
}

const CASES: &[Case] = &[
    get("/api/hello?name=Lambda"),
    get("/api/hello"),
    get("/api/hello?name=%C3%A9t%C3%A9&name=two"),
    // The trailing-slash redirect, the 404 page and the 405 with `Allow`.
    get("/api/hello/"),
    get("/api/nowhere"),
    case("DELETE", "/api/hello"),
    // A 304 for the ETag `/api/hello` sends (nextjs-compat 3.4).
    Case {
        headers: &[("if-none-match", r#""wjpncfiwyvs""#)],
        ..get("/api/hello?name=Lambda")
    },
    case("POST", "/api/session"),
    get("/api/pixel"),
    // Bytes without a `Content-Type` that are not UTF-8 would be mangled as text by API
    // Gateway, so the adapter labels them.
    Case {
        function_adds: &[("content-type", "application/octet-stream")],
        ..get("/api/pixel?bare")
    },
    get("/api/countdown"),
    // Bodies parsed by their Content-Type, and refused with Next.js's messages.
    Case {
        headers: &[
            ("content-type", "application/json"),
            ("cookie", "a=1; b=two%20words"),
        ],
        body: Body::Text(r#"{"z": 1, "a": [true, null, "é"]}"#),
        ..case("POST", "/api/echo?from=query")
    },
    Case {
        headers: &[("content-type", "application/json")],
        body: Body::Text("{not json"),
        ..case("POST", "/api/echo")
    },
    Case {
        headers: &[("content-type", "application/x-www-form-urlencoded")],
        body: Body::Text("a=1&a=2&b=%F0%9F%A6%80"),
        ..case("PUT", "/api/echo")
    },
    Case {
        headers: &[("content-type", "text/plain")],
        body: Body::Text("plain text"),
        ..case("PATCH", "/api/echo")
    },
    Case {
        headers: &[("content-type", "text/plain")],
        body: Body::Large(1024 * 1024 + 1),
        ..case("POST", "/api/echo")
    },
];

/// Headers the emulator or the connection decide, not the app: the date, the framing of the
/// body (the emulator buffers a streamed answer) and the CORS headers `cargo lambda watch` adds
/// unless told not to.
fn compared(name: &str) -> bool {
    !matches!(
        name,
        "date" | "content-length" | "transfer-encoding" | "connection" | "keep-alive"
    ) && !name.starts_with("access-control-")
}

/// Status, the app's headers, and the body. Headers are compared as HTTP means them: the order of
/// different names does not count, and the values of a list header (`Allow: GET` and
/// `Allow: HEAD` is `Allow: GET, HEAD`, as a function URL's one-value-per-name map sends it)
/// are joined, except `Set-Cookie`'s, which cannot be.
type Answer = (u16, BTreeMap<String, Vec<String>>, Vec<u8>);

fn add(headers: &mut BTreeMap<String, Vec<String>>, name: &str, value: String) {
    let values = headers.entry(name.to_owned()).or_default();
    match values.first_mut() {
        Some(first) if name != "set-cookie" => {
            first.push_str(", ");
            first.push_str(&value);
        }
        _ => values.push(value),
    }
}

async fn send(client: &reqwest::Client, base: &str, case: &Case) -> Answer {
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).expect("a method");
    let mut request = client.request(method, format!("{base}{}", case.path));
    for (name, value) in case.headers {
        request = request.header(*name, *value);
    }
    request = match case.body {
        Body::Empty => request,
        Body::Text(text) => request.body(text),
        Body::Large(length) => request.body(vec![b'x'; length]),
    };
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{} {base}{}: {error}", case.method, case.path));
    let status = response.status().as_u16();
    let mut headers = BTreeMap::new();
    for (name, value) in response.headers() {
        if compared(name.as_str()) {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            add(&mut headers, name.as_str(), value);
        }
    }
    let body = response.bytes().await.expect("a body").to_vec();
    (status, headers, body)
}

#[tokio::test]
#[ignore = "needs cargo-lambda's emulator: run scripts/lambda-local.sh"]
async fn the_function_under_the_emulator_answers_as_the_server_does() {
    let function = std::env::var("LAMBDA_FUNCTION_URL")
        .expect("LAMBDA_FUNCTION_URL, e.g. http://127.0.0.1:9000/lambda-url/example-lambda");
    let server = TestServer::serve(example_lambda::router()).await;
    let server_url = server.url("");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let mut differences = Vec::new();
    for case in CASES {
        let mut expected = send(&client, &server_url, case).await;
        for (name, value) in case.function_adds {
            add(&mut expected.1, name, (*value).to_owned());
        }
        let emulated = send(&client, &function, case).await;
        if emulated != expected {
            differences.push(format!(
                "{} {}\n  server:   {} {:?} {}\n  function: {} {:?} {}",
                case.method,
                case.path,
                expected.0,
                expected.1,
                String::from_utf8_lossy(&expected.2),
                emulated.0,
                emulated.1,
                String::from_utf8_lossy(&emulated.2),
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} answers differ:\n{}",
        differences.len(),
        CASES.len(),
        differences.join("\n")
    );
}
