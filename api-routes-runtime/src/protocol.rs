//! What Node's HTTP parser refuses or frames differently from hyper, as `next start` users meet it
//! (nextjs-compat 10.14): methods outside llhttp's table answer 400, and a 204 or 304 never carries
//! `Content-Length`, not even for HEAD. The header-size limit is hyper's, set in [`Server`](crate::Server).

use std::convert::Infallible;
use std::future::Ready;
use std::task::{Context, Poll};

use axum::response::Response as AxumResponse;
use futures_util::FutureExt;
use futures_util::future::{Either, Map};
use http::StatusCode;
use http::header::{self, HeaderValue};

/// Node's default `max-http-header-size`: 16 KiB of request line and headers.
pub(crate) const NODE_MAX_HEADER_BYTES: usize = 16 * 1024;

/// The request methods Node 20's parser (llhttp) accepts: `require('http').METHODS`. Sorted, for
/// binary search; matched case-sensitively, as Node does (`get` is refused).
const NODE_METHODS: [&str; 35] = [
    "ACL",
    "BIND",
    "CHECKOUT",
    "CONNECT",
    "COPY",
    "DELETE",
    "GET",
    "HEAD",
    "LINK",
    "LOCK",
    "M-SEARCH",
    "MERGE",
    "MKACTIVITY",
    "MKCALENDAR",
    "MKCOL",
    "MOVE",
    "NOTIFY",
    "OPTIONS",
    "PATCH",
    "POST",
    "PROPFIND",
    "PROPPATCH",
    "PURGE",
    "PUT",
    "QUERY",
    "REBIND",
    "REPORT",
    "SEARCH",
    "SOURCE",
    "SUBSCRIBE",
    "TRACE",
    "UNBIND",
    "UNLINK",
    "UNLOCK",
    "UNSUBSCRIBE",
];

fn node_accepts(method: &http::Method) -> bool {
    // The methods `http` knows by name, which every request but a rare one uses, are all in the
    // table; comparing them is cheaper than searching it (about 250 instructions a request).
    KNOWN_TO_HTTP.contains(method) || NODE_METHODS.binary_search(&method.as_str()).is_ok()
}

/// `http::Method`'s named methods, all of them in [`NODE_METHODS`].
static KNOWN_TO_HTTP: [http::Method; 9] = [
    http::Method::GET,
    http::Method::POST,
    http::Method::HEAD,
    http::Method::PUT,
    http::Method::DELETE,
    http::Method::PATCH,
    http::Method::OPTIONS,
    http::Method::CONNECT,
    http::Method::TRACE,
];

/// Node's answer to a request its parser refuses: 400, no body, and the connection closed.
fn bad_request() -> AxumResponse {
    let mut response = AxumResponse::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::BAD_REQUEST;
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Node sends no `Content-Length` on 204 and 304; axum adds `0` and hyper sends it for HEAD.
fn frame_like_node(mut response: AxumResponse) -> AxumResponse {
    if matches!(
        response.status(),
        StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED
    ) {
        response.headers_mut().remove(header::CONTENT_LENGTH);
    }
    response
}

/// The layer [`Server`](crate::Server) puts around the router.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NodeProtocolLayer {
    pub(crate) refuse_unknown_methods: bool,
}

impl<S> tower::Layer<S> for NodeProtocolLayer {
    type Service = NodeProtocol<S>;

    fn layer(&self, inner: S) -> Self::Service {
        NodeProtocol {
            inner,
            refuse_unknown_methods: self.refuse_unknown_methods,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct NodeProtocol<S> {
    inner: S,
    refuse_unknown_methods: bool,
}

impl<S, B> tower::Service<http::Request<B>> for NodeProtocol<S>
where
    S: tower::Service<http::Request<B>, Response = AxumResponse, Error = Infallible>,
{
    type Response = AxumResponse;
    type Error = Infallible;
    type Future = Either<
        Ready<Result<AxumResponse, Infallible>>,
        Map<S::Future, fn(Result<AxumResponse, Infallible>) -> Result<AxumResponse, Infallible>>,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if self.refuse_unknown_methods && !node_accepts(request.method()) {
            return Either::Left(std::future::ready(Ok(bad_request())));
        }
        let framed: fn(Result<AxumResponse, Infallible>) -> Result<AxumResponse, Infallible> =
            |result| result.map(frame_like_node);
        Either::Right(self.inner.call(request).map(framed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_method_table_is_sorted_for_binary_search() {
        assert!(NODE_METHODS.is_sorted());
    }

    #[test]
    fn every_method_http_knows_by_name_is_in_node_s_table() {
        for method in &KNOWN_TO_HTTP {
            assert!(NODE_METHODS.contains(&method.as_str()), "{method}");
        }
    }

    #[test]
    fn node_accepts_its_table_case_sensitively() {
        // nextjs-compat 10.14
        for accepted in ["GET", "PROPFIND", "QUERY", "M-SEARCH", "PURGE"] {
            assert!(node_accepts(
                &http::Method::from_bytes(accepted.as_bytes()).unwrap()
            ));
        }
        for refused in ["get", "Get", "FOO", "PRI", "DESCRIBE", "BREW"] {
            assert!(!node_accepts(
                &http::Method::from_bytes(refused.as_bytes()).unwrap()
            ));
        }
    }
}
