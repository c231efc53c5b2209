// Two arguments that read the body (`Request`, moved last, and `Json<_>`): reported first at `Json<_>`.
api_routes::routes!(dir = "tests/ui/api_route/fail/two_body_readers/pages/api");

fn main() {}
