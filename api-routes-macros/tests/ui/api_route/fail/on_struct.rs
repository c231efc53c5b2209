// `#[api_route]` on something that is not a function.
use api_routes::prelude::*;

#[api_route]
struct Handler;

fn main() {}
