// A return type that is not a response: reported first at the return type, in the page.
api_routes::routes!(dir = "tests/ui/api_route/fail/response_not_into_response/pages/api");

fn main() {}
