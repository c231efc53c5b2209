//! Compression negotiation: an arbitrary answer to a request with an arbitrary `Accept-Encoding`,
//! through the page guard `routes!` puts around every page (`GuardLayer`: tower-http's
//! compression with our predicate, `fuse_stream`, `Vary`), driven without a tokio runtime.

use std::convert::Infallible;
use std::io::Read;

use api_routes_runtime::__private::fuzzing::is_compressible;
use api_routes_runtime::__private::{GuardLayer, Page};
use api_routes_runtime::RouterOptions;
use api_routes_runtime::axum::body::{Body, Bytes};
use api_routes_runtime::axum::response::Response;
use futures_util::FutureExt;
use http::header::{
    ACCEPT_ENCODING, ACCEPT_RANGES, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_RANGE,
    CONTENT_TYPE, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use http_body_util::BodyExt;
use tower::{Layer, ServiceExt};

use crate::header_line;

/// Next.js's `compression` threshold.
const THRESHOLD: usize = 1024;

/// How a `:stream` body is cut into chunks.
const CHUNK: usize = 512;

static PAGE: Page = Page {
    pattern: &[],
    max_duration_seconds: None,
};

/// What the input asks for (see the crate docs for the format).
struct Exchange {
    accept_encoding: Option<HeaderValue>,
    head: bool,
    stream: bool,
    compress: bool,
    headers: HeaderMap,
    body: Vec<u8>,
}

pub fn run(data: &[u8]) {
    let exchange = read_exchange(data);
    let (headers, body) = answer(&exchange);
    check(&exchange, &headers, &body);
}

fn read_exchange(data: &[u8]) -> Exchange {
    let mut lines = data.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    let mut exchange = Exchange {
        accept_encoding: HeaderValue::from_bytes(first).ok(),
        head: false,
        stream: false,
        compress: true,
        headers: HeaderMap::new(),
        body: Vec::new(),
    };
    let mut consumed = first.len() + 1;
    for line in lines.by_ref() {
        consumed += line.len() + 1;
        match line {
            b"" => break,
            b":head" => exchange.head = true,
            b":stream" => exchange.stream = true,
            b":off" => exchange.compress = false,
            line => {
                if let Some((name, value)) = header_line(line) {
                    exchange.headers.append(name, value);
                }
            }
        }
    }
    exchange.body = data.get(consumed..).unwrap_or_default().to_vec();
    exchange
}

/// The page answers `exchange`'s headers and body; the guard of a page with default options
/// (but `compress`) sends it on. Returns the headers and the body bytes the client gets.
fn answer(exchange: &Exchange) -> (HeaderMap, Bytes) {
    let body = if exchange.stream {
        // `unfold` panics when polled after its end, as some user streams do: the guard must
        // fuse it, since tower-http polls once more for trailers.
        let chunks: Vec<Bytes> = exchange
            .body
            .chunks(CHUNK)
            .map(Bytes::copy_from_slice)
            .collect();
        let stream = futures_util::stream::unfold(chunks.into_iter(), |mut chunks| async move {
            chunks
                .next()
                .map(|chunk| (Ok::<_, Infallible>(chunk), chunks))
        });
        Body::from_stream(stream)
    } else {
        Body::from(exchange.body.clone())
    };
    let mut response = Response::new(body);
    *response.headers_mut() = exchange.headers.clone();
    let mut response = Some(response);
    let page = tower::service_fn(move |_| {
        let response = response.take().expect("the page is called once");
        std::future::ready(Ok::<_, Infallible>(response))
    });
    let options = RouterOptions::new().compress(exchange.compress);
    let guard = GuardLayer::new(&options, &PAGE).layer(page);

    let mut request = http::Request::builder()
        .method(if exchange.head {
            Method::HEAD
        } else {
            Method::GET
        })
        .uri("/api/page")
        .body(Body::empty())
        .expect("a request");
    if let Some(accept_encoding) = &exchange.accept_encoding {
        request
            .headers_mut()
            .insert(ACCEPT_ENCODING, accept_encoding.clone());
    }
    let Ok(response) = guard
        .oneshot(request)
        .now_or_never()
        .expect("the guard answers a ready page at once");
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .now_or_never()
        .expect("a ready body is read at once")
        .expect("the body can be read")
        .to_bytes();
    (parts.headers, body)
}

fn check(exchange: &Exchange, headers: &HeaderMap, body: &[u8]) {
    let original = &exchange.headers;
    let compressible = is_compressible(original);
    check_compressible(original, compressible);

    let encoding = headers.get(CONTENT_ENCODING);
    let added = encoding.is_some() && !original.contains_key(CONTENT_ENCODING);
    if !added {
        // Nothing changes but `Vary`.
        assert_eq!(body, exchange.body, "the body changed without an encoding");
        assert_eq!(without(headers, &[VARY]), without(original, &[VARY]));
    } else {
        let encoding = encoding.expect("an encoding").as_bytes();
        let accepted = exchange
            .accept_encoding
            .as_ref()
            .map(|value| Accepted::parse(value.as_bytes()))
            .unwrap_or_default();
        assert!(
            accepted.accepts(encoding),
            "{:?} is not accepted by {:?}",
            String::from_utf8_lossy(encoding),
            exchange.accept_encoding
        );
        assert_eq!(decode(encoding, body), exchange.body, "the body decodes");
        let changed = [VARY, CONTENT_ENCODING, CONTENT_LENGTH, ACCEPT_RANGES];
        assert_eq!(without(headers, &changed), without(original, &changed));
        assert!(!headers.contains_key(CONTENT_LENGTH));
        assert!(!headers.contains_key(ACCEPT_RANGES));

        let refused = !exchange.compress
            || exchange.head
            || original.contains_key(CONTENT_RANGE)
            || !compressible
            || forbids_transform(original)
            || (!exchange.stream && exchange.body.len() < THRESHOLD)
            || (exchange.stream && declared_length(original).is_some_and(|n| n < THRESHOLD));
        assert!(!refused, "an answer the predicate refuses was encoded");
    }

    // `Vary`: the page's own names stay, or `*` (every name) is there; a compressible answer
    // (with compression on) names `Accept-Encoding` or `*`; any other keeps its lines as they
    // were. (A page's own line `accept-encoding`, exactly, is taken for tower-http's and dropped
    // where another line names it or `*` is there: the same meaning, not the same bytes.)
    let before = vary_names(original);
    let after = vary_names(headers);
    assert!(
        after.iter().any(|name| name == "*") || before.iter().all(|name| after.contains(name)),
        "{before:?} became {after:?}"
    );
    if exchange.compress && compressible {
        assert!(
            after
                .iter()
                .any(|name| name == "accept-encoding" || name == "*"),
            "a compressible answer without `Vary: Accept-Encoding`: {after:?}"
        );
    } else {
        let lines =
            |map: &HeaderMap| -> Vec<HeaderValue> { map.get_all(VARY).iter().cloned().collect() };
        assert_eq!(lines(headers), lines(original));
    }

    // Whenever the client takes gzip or deflate and nothing refuses, the answer is compressed.
    let accepted = exchange
        .accept_encoding
        .as_ref()
        .map(|value| Accepted::parse(value.as_bytes()));
    let sized = if exchange.stream {
        !original.contains_key(CONTENT_LENGTH)
    } else {
        exchange.body.len() >= THRESHOLD
    };
    let expected = exchange.compress
        && !exchange.head
        && !original.contains_key(CONTENT_ENCODING)
        && !original.contains_key(CONTENT_RANGE)
        && compressible
        && sized
        && accepted.is_some_and(|accepted| {
            accepted.simple && (accepted.accepts(b"gzip") || accepted.accepts(b"deflate"))
        });
    if expected {
        assert!(added, "not compressed for {:?}", exchange.accept_encoding);
    }
}

/// What the runtime's `is_compressible` must say, as far as the `compressible` package's rules
/// tell without its type list: no type or `no-transform` is never compressible; a type it
/// matches by pattern (`text/…`, `…+json`, `…+text`, `…+xml`) always is, but an event stream;
/// common binary types never are.
fn check_compressible(headers: &HeaderMap, compressible: bool) {
    let Some(content_type) = headers.get(CONTENT_TYPE) else {
        assert!(!compressible, "compressible without a Content-Type");
        return;
    };
    if forbids_transform(headers) {
        assert!(!compressible, "compressible despite no-transform");
        return;
    }
    let Ok(content_type) = content_type.to_str() else {
        return;
    };
    // `compressible`'s reading: leading white space, then up to `;` or white space.
    let essence = content_type
        .trim_start()
        .split([';', ' ', '\t'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    // The runtime reads up to `;`, trimmed: the two agree where no white space is inside.
    let runtime_essence = content_type.split(';').next().unwrap_or_default().trim();
    if !runtime_essence.eq_ignore_ascii_case(&essence) {
        return;
    }
    let by_pattern = essence.starts_with("text/")
        || ["+json", "+text", "+xml"]
            .iter()
            .any(|suffix| essence.ends_with(suffix));
    if essence == "text/event-stream" {
        assert!(!compressible, "an event stream is compressible");
    } else if by_pattern {
        assert!(compressible, "{content_type:?} is not compressible");
    }
    let binary = [
        "application/octet-stream",
        "application/zip",
        "application/gzip",
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
    ];
    let media = (essence.starts_with("audio/") || essence.starts_with("video/")) && !by_pattern;
    if media || binary.contains(&essence.as_str()) {
        assert!(!compressible, "{content_type:?} is compressible");
    }
}

/// `Cache-Control: no-transform` in any of its directives. A line that is not visible ASCII is
/// left out, as the runtime leaves it out (Node would read its bytes as Latin-1).
fn forbids_transform(headers: &HeaderMap) -> bool {
    headers
        .get_all(CACHE_CONTROL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|directive| directive.trim().eq_ignore_ascii_case("no-transform"))
}

/// A `Content-Length` of digits only.
fn declared_length(headers: &HeaderMap) -> Option<usize> {
    let value = headers.get(CONTENT_LENGTH)?.to_str().ok()?;
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(value.parse().unwrap_or(usize::MAX))
}

fn without(headers: &HeaderMap, names: &[HeaderName]) -> HeaderMap {
    let mut rest = headers.clone();
    for name in names {
        rest.remove(name);
    }
    rest
}

/// The names of every `Vary` line, lower-cased.
fn vary_names(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(VARY)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b','))
        .map(|name| String::from_utf8_lossy(name.trim_ascii()).to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .collect()
}

fn decode(encoding: &[u8], body: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::new();
    let rest = match encoding {
        b"gzip" => {
            let mut decoder = flate2::bufread::GzDecoder::new(body);
            decoder.read_to_end(&mut decoded).expect("valid gzip");
            decoder.into_inner()
        }
        b"deflate" => {
            let mut decoder = flate2::bufread::ZlibDecoder::new(body);
            decoder.read_to_end(&mut decoded).expect("valid zlib");
            decoder.into_inner()
        }
        other => panic!("an encoding the runtime does not use: {other:?}"),
    };
    assert!(
        rest.is_empty(),
        "{} bytes after the compressed data",
        rest.len()
    );
    decoded
}

/// `Accept-Encoding` read by RFC 9110 (§12.5.3, §12.4.2) in the simplest way: a comma-separated
/// list of codings, each with an optional weight `;q=0.5`; `x-gzip` is `gzip` (§8.4.1.3).
#[derive(Debug, Default)]
struct Accepted {
    /// Each coding listed with a valid weight, lower-cased, with the weight in thousandths.
    codings: Vec<(String, u16)>,
    /// Every element is `coding` or `coding;q=weight` with a valid weight; no coding is listed
    /// twice, none is `*` or `identity` (where servers may choose differently).
    simple: bool,
}

impl Accepted {
    fn parse(value: &[u8]) -> Self {
        let mut accepted = Accepted {
            codings: Vec::new(),
            simple: true,
        };
        for element in value.split(|&b| b == b',') {
            let mut parts = element.split(|&b| b == b';');
            let coding = parts.next().unwrap_or_default().trim_ascii();
            if coding.is_empty() {
                accepted.simple &= element.trim_ascii().is_empty();
                continue;
            }
            let mut coding = String::from_utf8_lossy(coding).to_ascii_lowercase();
            if coding == "x-gzip" {
                coding = "gzip".to_owned();
            }
            let mut weight = Some(1000);
            let mut parameters = 0;
            for parameter in parts {
                parameters += 1;
                let parameter = parameter.trim_ascii();
                if let Some(q) = parameter
                    .strip_prefix(b"q=")
                    .or_else(|| parameter.strip_prefix(b"Q="))
                {
                    weight = weight.and(qvalue(q));
                } else {
                    accepted.simple = false;
                }
            }
            let token = coding
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            accepted.simple &= token
                && parameters <= 1
                && weight.is_some()
                && coding != "*"
                && coding != "identity"
                && accepted.codings.iter().all(|(listed, _)| *listed != coding);
            if let (true, Some(weight)) = (token, weight) {
                accepted.codings.push((coding, weight));
            }
        }
        accepted
    }

    /// Listed with a weight above 0.
    fn accepts(&self, coding: &[u8]) -> bool {
        self.codings
            .iter()
            .any(|(listed, weight)| listed.as_bytes() == coding && *weight > 0)
    }
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
fn qvalue(text: &[u8]) -> Option<u16> {
    let (whole, fraction) = match text.iter().position(|&b| b == b'.') {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, &[][..]),
    };
    if fraction.len() > 3 || !fraction.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut thousandths = 0u16;
    for (index, digit) in fraction.iter().enumerate() {
        thousandths += u16::from(digit - b'0') * [100, 10, 1][index];
    }
    match whole {
        b"0" => Some(thousandths),
        b"1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}
