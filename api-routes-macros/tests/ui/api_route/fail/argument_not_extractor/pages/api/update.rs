use api_routes::prelude::*;

#[api_route(PUT)]
async fn update(x: u32) -> String {
    x.to_string()
}
