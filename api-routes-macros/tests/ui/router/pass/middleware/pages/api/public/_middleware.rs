//! Wraps `/api/public/…`: the layer form, any tower layer.

pub fn layer() -> api_routes::axum::Extension<&'static str> {
    api_routes::axum::Extension("root")
}
