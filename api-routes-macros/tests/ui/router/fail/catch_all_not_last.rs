// A page below a catch-all folder: nothing can follow `[...id]`.
api_routes::routes!(dir = "tests/ui/router/fail/catch_all_not_last/pages/api");

fn main() {}
