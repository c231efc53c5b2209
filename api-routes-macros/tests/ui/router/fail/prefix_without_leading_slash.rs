// `prefix` is a URL path: it starts with `/`.
api_routes::routes!(
    dir = "tests/ui/router/fail/prefix_without_leading_slash/pages/api",
    prefix = "api"
);

fn main() {}
