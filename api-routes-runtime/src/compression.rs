//! Next.js's `compress: true` (nextjs-compat 10.9, 10.13): gzip or deflate for compressible answers
//! of 1 KiB or more, and `Vary: Accept-Encoding` on every compressible answer, compressed or not.
//!
//! tower-http's [`Compression`] does the negotiation and the compressing. Around it, this module
//! decides what Next.js's `compression` package decides differently from tower-http's defaults:
//! which content types are compressible, the 1 KiB threshold, `Cache-Control: no-transform`,
//! HEAD (never compressed, so its `Content-Length` stays), and `Vary` on answers too small to
//! compress. Event streams are never compressed (nextjs-compat 8.6).

use axum::body::Body;
use axum::extract::Request as AxumRequest;
use axum::response::Response as AxumResponse;
use futures_util::StreamExt;
use http::header::{self, Entry, HeaderMap, HeaderValue};
use http::{Method, Response};
use http_body::Body as _;
use http_body_util::{BodyStream, StreamBody};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{Compression, CompressionBody, ResponseFuture};

/// Next.js's `compression` threshold: bodies shorter than this are sent as they are.
pub(crate) const THRESHOLD_BYTES: u16 = 1024;

/// Types `compressible` (mime-db 1.54, as bundled by Next.js 16) marks compressible beyond
/// its pattern `^text/|\+(json|text|xml)$`. Sorted, for binary search.
const COMPRESSIBLE_TYPES: [&str; 38] = [
    "application/dart",
    "application/ecmascript",
    "application/javascript",
    "application/json",
    "application/postscript",
    "application/raml+yaml",
    "application/rtf",
    "application/tar",
    "application/toml",
    "application/vnd.dart",
    "application/vnd.ms-fontobject",
    "application/vnd.ms-opentype",
    "application/wasm",
    "application/x-httpd-php",
    "application/x-javascript",
    "application/x-ns-proxy-autoconfig",
    "application/x-sh",
    "application/x-tar",
    "application/x-virtualbox-hdd",
    "application/x-virtualbox-ova",
    "application/x-virtualbox-ovf",
    "application/x-virtualbox-vbox",
    "application/x-virtualbox-vdi",
    "application/x-virtualbox-vhd",
    "application/x-virtualbox-vmdk",
    "application/x-www-form-urlencoded",
    "application/xml",
    "application/xml-dtd",
    "font/otf",
    "font/ttf",
    "image/bmp",
    "image/vnd.adobe.photoshop",
    "image/x-icon",
    "image/x-ms-bmp",
    "message/rfc822",
    "model/gltf-binary",
    "x-shader/x-fragment",
    "x-shader/x-vertex",
];

/// Whether Next.js would compress an answer with these headers, size aside: a compressible
/// `Content-Type`, no `Cache-Control: no-transform`. An event stream never is here.
/// Runs on every answer, so it compares in place instead of lower-casing a copy.
pub fn is_compressible(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(header::CONTENT_TYPE) else {
        return false;
    };
    // The types `res.json` and `res.send` set, known without parsing.
    if content_type == JSON_UTF8 || content_type == TEXT_UTF8 {
        return !forbids_transform(headers);
    }
    let Ok(content_type) = content_type.to_str() else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .as_bytes();
    let starts_with = |prefix: &str| {
        essence
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    let ends_with = |suffix: &str| {
        essence
            .len()
            .checked_sub(suffix.len())
            .is_some_and(|start| essence[start..].eq_ignore_ascii_case(suffix.as_bytes()))
    };
    let listed = || {
        // Lower-cased on the stack: no listed type is longer than the buffer.
        let mut lower = [0u8; 40];
        let Some(lower) = lower.get_mut(..essence.len()) else {
            return false;
        };
        lower.copy_from_slice(essence);
        lower.make_ascii_lowercase();
        COMPRESSIBLE_TYPES
            .binary_search_by(|listed| listed.as_bytes().cmp(lower))
            .is_ok()
    };
    let compressible =
        starts_with("text/") || ["+json", "+text", "+xml"].into_iter().any(ends_with) || listed();
    compressible
        && !essence.eq_ignore_ascii_case(b"text/event-stream")
        && !forbids_transform(headers)
}

const JSON_UTF8: &str = "application/json; charset=utf-8";
const TEXT_UTF8: &str = "text/plain; charset=utf-8";

/// `Cache-Control: no-transform`, the per-answer opt-out Next.js honours too.
fn forbids_transform(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|directive| directive.trim().eq_ignore_ascii_case("no-transform"))
}

/// tower-http's predicate: compressible, and 1 KiB or more (or of unknown length, as a stream).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NextPredicate;

impl Predicate for NextPredicate {
    fn should_compress<B: http_body::Body>(&self, response: &Response<B>) -> bool {
        is_compressible(response.headers())
            && SizeAbove::new(THRESHOLD_BYTES).should_compress(response)
    }
}

/// `Vary: Accept-Encoding` on a compressible answer, added as the `vary` package Next.js uses
/// adds it: to the end of the handler's own `Vary` line, unless that already names it or `*`.
pub(crate) fn vary_on_accept_encoding(response: &mut AxumResponse) {
    let headers = response.headers_mut();
    if !is_compressible(headers) {
        return;
    }
    // The usual answer has no `Vary` of its own: one lookup finds the slot and fills it.
    if let Entry::Vacant(vacant) = headers.entry(header::VARY) {
        vacant.insert(ACCEPT_ENCODING);
        return;
    }
    // tower-http appends its own lower-case line; it is replaced by Next.js's spelling.
    let mut varies: Vec<HeaderValue> = headers
        .get_all(header::VARY)
        .iter()
        .filter(|value| value.as_bytes() != b"accept-encoding")
        .cloned()
        .collect();
    let names_it = varies
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|name| name == "*" || name.eq_ignore_ascii_case("accept-encoding"));
    if !names_it {
        let last = varies.pop();
        let joined = last.as_ref().and_then(|last| {
            let last = last.to_str().ok()?;
            HeaderValue::try_from(format!("{last}, Accept-Encoding")).ok()
        });
        match (last, joined) {
            (_, Some(joined)) => varies.push(joined),
            (Some(last), None) => varies.extend([last, ACCEPT_ENCODING]),
            (None, None) => varies.push(ACCEPT_ENCODING),
        }
    }
    headers.remove(header::VARY);
    for value in varies {
        headers.append(header::VARY, value);
    }
}

const ACCEPT_ENCODING: HeaderValue = HeaderValue::from_static("Accept-Encoding");

/// tower-http's compression as the guard runs it: gzip and deflate, as Next.js, at zlib's
/// default level 6, when [`NextPredicate`] says so.
/// Its inner service fuses streamed bodies with [`fuse_stream`].
pub(crate) type Compressor<S> = Compression<S, NextPredicate>;

/// The future of a [`Compressor`] around a service whose future is `F`.
pub(crate) type CompressorFuture<F> = ResponseFuture<F, NextPredicate>;

/// `inner` behind Next.js's compression.
pub(crate) fn compressor<S>(inner: S) -> Compressor<S> {
    Compression::new(inner)
        .no_br()
        .no_zstd()
        .compress_when(NextPredicate)
}

/// Whether tower-http has anything to do: Next.js never compresses a HEAD answer (it keeps the
/// `Content-Length` a GET would have), and a client that accepts no encoding would get
/// identity anyway, so both skip it.
pub(crate) fn may_compress(request: &AxumRequest) -> bool {
    request.method() != Method::HEAD && request.headers().contains_key(header::ACCEPT_ENCODING)
}

/// A streamed body that stays ended once it has ended. tower-http polls a body once more after
/// its end (for trailers), which a `futures` stream such as `stream::unfold` answers with a panic.
pub(crate) fn fuse_stream(response: AxumResponse) -> AxumResponse {
    if response.body().size_hint().exact().is_some() {
        return response;
    }
    response.map(|body| Body::new(StreamBody::new(BodyStream::new(body).fuse())))
}

/// A compressed answer as axum's, with Next.js's `Vary`.
pub(crate) fn finish_compressed(response: Response<CompressionBody<Body>>) -> AxumResponse {
    let mut response = response.map(Body::new);
    vary_on_accept_encoding(&mut response);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn the_type_list_is_sorted_for_binary_search() {
        assert!(COMPRESSIBLE_TYPES.is_sorted());
        assert!(COMPRESSIBLE_TYPES.iter().all(|listed| listed.len() <= 40));
    }

    #[test]
    fn compressible_types_follow_the_compressible_package() {
        // nextjs-compat 10.13
        for compressible in [
            JSON_UTF8,
            TEXT_UTF8,
            "text/plain",
            "text/html; charset=utf-8",
            "image/svg+xml",
            "application/vnd.api+json",
            "application/x-www-form-urlencoded",
            "APPLICATION/JSON",
            "application/wasm",
        ] {
            let map = headers(&[("content-type", compressible)]);
            assert!(is_compressible(&map), "{compressible}");
        }
        for not in [
            "image/png",
            "application/octet-stream",
            "font/woff2",
            "application/grpc",
            "text/event-stream",
        ] {
            let map = headers(&[("content-type", not)]);
            assert!(!is_compressible(&map), "{not}");
        }
        assert!(!is_compressible(&HeaderMap::new()));
    }

    #[test]
    fn no_transform_opts_out_in_any_position() {
        let map = headers(&[
            ("content-type", "text/plain"),
            ("cache-control", "public, No-Transform"),
        ]);
        assert!(!is_compressible(&map));
    }
}
