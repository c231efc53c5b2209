// `[[...id]` opens two brackets and closes one.
api_routes::routes!(dir = "tests/ui/router/fail/extra_brackets/pages/api");

fn main() {}
