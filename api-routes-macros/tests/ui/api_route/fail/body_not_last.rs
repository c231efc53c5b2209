// A body-reading extractor before the last argument: reported first at it, in the page.
api_routes::routes!(dir = "tests/ui/api_route/fail/body_not_last/pages/api");

fn main() {}
