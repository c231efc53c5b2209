// `_lib/type.rs`: `type` is a keyword, so the module could only be named `r#type`.
api_routes::routes!(dir = "tests/ui/router/fail/private_module_is_keyword/pages/api");

fn main() {}
