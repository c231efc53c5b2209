// `[[blog]]`: only a catch-all can be optional.
api_routes::routes!(dir = "tests/ui/router/fail/optional_param_not_catch_all/pages/api");

fn main() {}
