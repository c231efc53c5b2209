// `layer` takes an argument: the router has nothing to pass.
api_routes::routes!(dir = "tests/ui/router/fail/middleware_layer_with_arguments/pages/api");

fn main() {}
