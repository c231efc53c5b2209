//! Prints this crate's OpenAPI document, for `scripts/validate-openapi.sh`:
//! `cargo run -q -p api-routes-tests --example openapi > openapi.json`.

fn main() {
    println!("{}", api_routes_tests::openapi().to_json());
}
