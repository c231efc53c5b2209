pub fn label() -> &'static str {
    "from _lib/db.rs"
}
