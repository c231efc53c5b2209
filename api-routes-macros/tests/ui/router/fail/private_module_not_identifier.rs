// `_lib/my-db.rs`: private files are Rust modules, named from Rust.
api_routes::routes!(dir = "tests/ui/router/fail/private_module_not_identifier/pages/api");

fn main() {}
