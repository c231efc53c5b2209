// `users.rs` and `users/index.rs` are both `/api/users`.
api_routes::routes!(dir = "tests/ui/router/fail/file_and_index_same_url/pages/api");

fn main() {}
