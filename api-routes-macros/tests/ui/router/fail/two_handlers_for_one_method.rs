// Two handlers in one page both answer GET.
api_routes::routes!(dir = "tests/ui/router/fail/two_handlers_for_one_method/pages/api");

fn main() {}
