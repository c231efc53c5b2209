//! Why a request never reached its handler: [`RequestRejection`], and the mistake of asking for
//! a raw body that was already read: [`RawBodyError`].

use std::fmt;

use axum::response::{IntoResponse, Response as AxumResponse};
use http::StatusCode;

use crate::error::{ApiError, plain_error};

/// Why [`Request`](crate::Request) refused a request, with Next.js's status and message for
/// each. As a response it is that status and message; take `Result<Request, RequestRejection>`
/// to answer differently.
///
/// ```
/// use api_routes_runtime::{Request, RequestRejection, Response};
///
/// async fn handler(req: Result<Request, RequestRejection>, res: Response) -> Response {
///     match req {
///         Ok(req) => res.json(req.body()),
///         Err(RequestRejection::BodyTooLarge { limit }) => {
///             res.status(413).json(serde_json::json!({ "error": format!("at most {limit}") }))
///         }
///         Err(other) => res.status(other.status().as_u16()).send(other.to_string()),
///     }
/// }
/// # let _ = handler;
/// ```
///
/// It converts into [`ApiError`] keeping its status, so `req?` in a handler returning
/// `Result<_, ApiError>` answers as the extractor would have. (It does not implement
/// `std::error::Error`: through `ApiError`'s blanket conversion for errors it would become a
/// 500.)
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestRejection {
    /// The body is larger than the route's limit: 413 `Body exceeded 1mb limit`
    /// (nextjs-compat 2.5c). `limit` is the limit as written (`"1mb"`, `"5mb"`).
    BodyTooLarge {
        /// The limit as the route wrote it.
        limit: &'static str,
    },
    /// A JSON content type whose body is not JSON: 400 `Invalid JSON` (nextjs-compat 2.5e).
    InvalidJson,
    /// A body that cannot be read or decoded, such as an unknown charset: 400 `Invalid body`
    /// (nextjs-compat 2.5d).
    InvalidBody,
}

impl RequestRejection {
    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::InvalidJson | Self::InvalidBody => StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for RequestRejection {
    /// Next.js's message, which is also the reason phrase and the body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BodyTooLarge { limit } => write!(f, "Body exceeded {limit} limit"),
            Self::InvalidJson => f.write_str("Invalid JSON"),
            Self::InvalidBody => f.write_str("Invalid body"),
        }
    }
}

impl IntoResponse for RequestRejection {
    fn into_response(self) -> AxumResponse {
        plain_error(self.status(), &self.to_string())
    }
}

impl From<RequestRejection> for ApiError {
    fn from(rejection: RequestRejection) -> Self {
        ApiError::new(rejection.status().as_u16(), rejection.to_string())
    }
}

/// [`Request::take_raw_body`](crate::Request::take_raw_body) on a route that does not hand out
/// its raw body. A mistake in the page, not in the request: as a response or through `?` into
/// [`ApiError`] it is logged and answered 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RawBodyError {
    /// The route parses bodies, so the body was read before the handler ran. Mark the handler
    /// `#[api_route(body_parser = false)]`.
    BodyParsed,
    /// The raw body was taken already.
    AlreadyTaken,
}

impl fmt::Display for RawBodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BodyParsed => {
                "take_raw_body on a route that parses bodies: mark the handler #[api_route(body_parser = false)]"
            }
            Self::AlreadyTaken => "take_raw_body called twice: the raw body was taken already",
        })
    }
}

impl std::error::Error for RawBodyError {}

impl IntoResponse for RawBodyError {
    fn into_response(self) -> AxumResponse {
        ApiError::from(self).into_response()
    }
}
