// A page whose handler body does not parse, though it lexes: rustc reports it at its line, and
// nothing else (no error of `#[api_route]`'s, no unreachable handler).
api_routes::routes!(dir = "tests/ui/router/fail/page_body_syntax_error/pages/api");

fn main() {}
