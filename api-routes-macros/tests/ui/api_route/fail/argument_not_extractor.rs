// An argument that is not an extractor: reported first at the argument, in the page.
api_routes::routes!(dir = "tests/ui/api_route/fail/argument_not_extractor/pages/api");

fn main() {}
