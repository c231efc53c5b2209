// `[user id]`: a space in a parameter name.
api_routes::routes!(dir = "tests/ui/router/fail/parameter_name_with_space/pages/api");

fn main() {}
