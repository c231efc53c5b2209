// The folder does not exist.
api_routes::routes!(dir = "tests/ui/router/fail/missing_pages_dir/pages/api");

fn main() {}
