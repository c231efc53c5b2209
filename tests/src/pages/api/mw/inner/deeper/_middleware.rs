//! Folder middleware as a tower layer: any `Layer` type works (a tower-http `CorsLayer`, …).

use api_routes::axum::Extension;

#[derive(Debug, Clone, Copy)]
pub struct Deeper;

pub fn layer() -> Extension<Deeper> {
    Extension(Deeper)
}
