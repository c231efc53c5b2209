// `post.rs` beside `post/[[...slug]].rs`, which answers `/api/post` too.
api_routes::routes!(dir = "tests/ui/router/fail/optional_catch_all_beside_parent/pages/api");

fn main() {}
