//! The original's `typeDefs` and `resolvers`:
//!
//! ```graphql
//! type Query { users: [User!]! }
//! type User { name: String }
//! ```

use std::sync::LazyLock;

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, SimpleObject};

pub type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

#[derive(Debug)]
pub struct Query;

#[Object]
impl Query {
    /// `users() { return [{ name: 'Nextjs' }] }`
    async fn users(&self) -> Vec<User> {
        vec![User {
            name: Some("Nextjs".to_owned()),
        }]
    }
}

#[derive(Debug, Clone, SimpleObject)]
pub struct User {
    pub name: Option<String>,
}

/// The schema, built once.
pub static SCHEMA: LazyLock<AppSchema> =
    LazyLock::new(|| Schema::build(Query, EmptyMutation, EmptySubscription).finish());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_the_original_type_defs() {
        // nextjs-compat 6.5: `type Query { users: [User!]! } type User { name: String }`
        let sdl = SCHEMA.sdl();
        assert!(sdl.contains("type Query {\n\t\"\"\"\n"), "{sdl}");
        assert!(sdl.contains("\tusers: [User!]!\n"), "{sdl}");
        assert!(sdl.contains("type User {\n\tname: String\n}"), "{sdl}");
    }
}
