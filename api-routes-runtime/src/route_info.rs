//! The route table `routes!` generates, for printing at start-up and for code that lists routes.

/// One page's route, as `ROUTES` lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    /// The URL in Next.js's notation: `/api/post/[[...slug]]`.
    pub path: &'static str,
    /// The page file, relative to the crate: `src/pages/api/post/[[...slug]].rs`.
    pub file: &'static str,
    /// The methods with a handler; `*` stands for every method.
    pub methods: &'static [&'static str],
}

impl std::fmt::Display for RouteInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let methods = if self.methods.is_empty() {
            "-".to_owned()
        } else {
            self.methods.join(",")
        };
        write!(f, "{:<12} {:<32} {}", methods, self.path, self.file)
    }
}
