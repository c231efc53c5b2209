// A page whose helper's signature nests types deeper than `routes!` reads (129 levels and more).
// rustc's own limit is the same 128; the crate raises it, so the only error is ours.
#![recursion_limit = "512"]

api_routes::routes!(dir = "tests/ui/router/fail/page_signature_too_deep/pages/api");

fn main() {}
