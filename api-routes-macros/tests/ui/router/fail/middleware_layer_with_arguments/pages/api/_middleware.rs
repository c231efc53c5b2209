pub fn layer(value: u8) -> api_routes::axum::Extension<u8> {
    api_routes::axum::Extension(value)
}
