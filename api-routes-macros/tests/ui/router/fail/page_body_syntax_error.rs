// A syntax error inside a handler's body: the page is still routed (`routes!` reads only the
// signatures), and rustc reports the error at its line, and nothing else.
api_routes::routes!(dir = "tests/ui/router/fail/page_body_syntax_error/pages/api");

fn main() {}
