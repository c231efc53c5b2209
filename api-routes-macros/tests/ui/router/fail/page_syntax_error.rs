// A page that does not parse: rustc reports it at its line, and nothing else.
api_routes::routes!(dir = "tests/ui/router/fail/page_syntax_error/pages/api");

fn main() {}
