// A private folder without `mod.rs`: its files keep their names, so pages `use super::_lib::db`.
api_routes::routes!(dir = "tests/ui/router/pass/private_folder_without_mod_rs/pages/api");

fn main() {
    assert_eq!(ROUTES.len(), 1);
    assert_eq!(ROUTES[0].path, "/api/hello");
    let _router: api_routes::axum::Router = router();
}
