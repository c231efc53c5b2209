//! Next.js's `compress: true` (nextjs-compat 10.9, 10.13): gzip or deflate for compressible answers
//! of 1 KiB or more, and `Vary: Accept-Encoding` on every compressible answer, compressed or not.
//!
//! tower-http's [`Compression`] does the negotiation and the compressing. Around it, this module
//! decides what Next.js's `compression` package decides differently from tower-http's defaults:
//! which content types are compressible, the 1 KiB threshold, `Cache-Control: no-transform`,
//! HEAD (never compressed, so its `Content-Length` stays), and `Vary` on answers too small to
//! compress. Event streams are never compressed (nextjs-compat 8.6).

use std::convert::Infallible;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::Request as AxumRequest;
use axum::response::Response as AxumResponse;
use futures_util::future::{Either, MapOk};
use futures_util::{StreamExt, TryFutureExt};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Response};
use http_body::Body as _;
use http_body_util::{BodyStream, StreamBody};
use tower::util::MapResponse;
use tower::util::future::MapResponseFuture;
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
fn is_compressible(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let compressible = essence.starts_with("text/")
        || ["+json", "+text", "+xml"]
            .iter()
            .any(|suffix| essence.ends_with(suffix))
        || COMPRESSIBLE_TYPES.binary_search(&essence.as_str()).is_ok();
    compressible && essence != "text/event-stream" && !forbids_transform(headers)
}

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
fn vary_on_accept_encoding(response: &mut AxumResponse) {
    let headers = response.headers_mut();
    if !headers.contains_key(header::VARY) {
        if is_compressible(headers) {
            headers.insert(header::VARY, ACCEPT_ENCODING);
        }
        return;
    }
    // tower-http appends its own lower-case line; it is replaced by Next.js's spelling.
    let mut varies: Vec<HeaderValue> = headers
        .get_all(header::VARY)
        .iter()
        .filter(|value| value.as_bytes() != b"accept-encoding")
        .cloned()
        .collect();
    if !is_compressible(headers) {
        return;
    }
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

/// The layer the generated router gets when [`RouterOptions::compress`](crate::RouterOptions::compress)
/// is on (the default).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CompressionLayer;

impl<S> tower::Layer<S> for CompressionLayer {
    type Service = NextCompression<S>;

    fn layer(&self, inner: S) -> Self::Service {
        // gzip and deflate, as Next.js; zlib's default level 6 for both.
        NextCompression {
            compression: Compression::new(MapResponse::new(inner, fuse_stream as FuseStream))
                .no_br()
                .no_zstd()
                .compress_when(NextPredicate),
        }
    }
}

#[derive(Clone)]
pub(crate) struct NextCompression<S> {
    compression: Compression<MapResponse<S, FuseStream>, NextPredicate>,
}

type FuseStream = fn(AxumResponse) -> AxumResponse;

/// A streamed body that stays ended once it has ended. tower-http polls a body once more after
/// its end (for trailers), which a `futures` stream such as `stream::unfold` answers with a panic.
fn fuse_stream(response: AxumResponse) -> AxumResponse {
    if response.body().size_hint().exact().is_some() {
        return response;
    }
    response.map(|body| Body::new(StreamBody::new(BodyStream::new(body).fuse())))
}

type Finish<B> = fn(Response<B>) -> AxumResponse;

impl<S> tower::Service<AxumRequest> for NextCompression<S>
where
    S: tower::Service<AxumRequest, Response = AxumResponse, Error = Infallible>,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = Either<
        MapOk<MapResponseFuture<S::Future, FuseStream>, Finish<Body>>,
        MapOk<
            ResponseFuture<MapResponseFuture<S::Future, FuseStream>, NextPredicate>,
            Finish<CompressionBody<Body>>,
        >,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.compression.poll_ready(cx)
    }

    fn call(&mut self, request: AxumRequest) -> Self::Future {
        // Next.js never compresses a HEAD answer: it keeps the `Content-Length` a GET would have.
        // A client that accepts no encoding skips tower-http too (it would choose identity).
        if request.method() == Method::HEAD
            || !request.headers().contains_key(header::ACCEPT_ENCODING)
        {
            let uncompressed: Finish<Body> = finish;
            Either::Left(
                self.compression
                    .get_mut()
                    .call(request)
                    .map_ok(uncompressed),
            )
        } else {
            let compressed: Finish<CompressionBody<Body>> = finish;
            Either::Right(self.compression.call(request).map_ok(compressed))
        }
    }
}

fn finish<B>(response: Response<B>) -> AxumResponse
where
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
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
    }

    #[test]
    fn compressible_types_follow_the_compressible_package() {
        // nextjs-compat 10.13
        for compressible in [
            "application/json; charset=utf-8",
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
