use api_routes::prelude::*;

#[api_route(GET)]
async fn show(State(other): State<crate::Other>) -> &'static str {
    let _ = other;
    "x"
}
