//! The users, kept in memory, and the types the pages read and answer. Each derives
//! `schemars::JsonSchema`, which is how it reaches the OpenAPI document; the `///` docs on the
//! types and fields become the schemas' descriptions.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use api_routes::ApiError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct User {
    /// Its number, given by the store.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// Its e-mail address, if it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// What a client sends to create or replace a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NewUser {
    /// Its name; not empty.
    pub name: String,
    /// Its e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl NewUser {
    /// The user, or 422 for an empty name: the one rule the schema does not say.
    pub fn checked(self) -> Result<Self, ApiError> {
        if self.name.trim().is_empty() {
            return Err(ApiError::new(422, "a user needs a name"));
        }
        Ok(self)
    }
}

/// How `GET /api/users` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ListQuery {
    /// Only users whose name contains this.
    pub name: Option<String>,
    /// At most this many.
    pub limit: Option<u32>,
}

/// The users by number, shared by every request.
#[derive(Debug, Clone, Default)]
pub struct Store(Arc<Mutex<Users>>);

/// The users themselves, behind [`Store::lock`].
#[derive(Debug, Default)]
pub struct Users {
    last_id: u32,
    by_id: BTreeMap<u32, User>,
}

impl Store {
    /// The users, locked. A handler that panicked while holding the lock left no half-written
    /// user behind (each change is one map operation), so a poisoned lock is used as it is.
    pub fn lock(&self) -> MutexGuard<'_, Users> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Users {
    /// The users that `query` selects, by number.
    pub fn list(&self, query: &ListQuery) -> Vec<User> {
        let limit = query.limit.map_or(usize::MAX, |limit| limit as usize);
        self.by_id
            .values()
            .filter(|user| {
                query
                    .name
                    .as_deref()
                    .is_none_or(|name| user.name.contains(name))
            })
            .take(limit)
            .cloned()
            .collect()
    }

    /// Stores `new` under the next number.
    pub fn create(&mut self, new: NewUser) -> User {
        self.last_id += 1;
        let user = User {
            id: self.last_id,
            name: new.name,
            email: new.email,
        };
        self.by_id.insert(user.id, user.clone());
        user
    }

    /// User `id`, if there is one.
    pub fn get(&self, id: u32) -> Option<User> {
        self.by_id.get(&id).cloned()
    }

    /// Replaces user `id`, if there is one.
    pub fn replace(&mut self, id: u32, new: NewUser) -> Option<User> {
        let user = self.by_id.get_mut(&id)?;
        user.name = new.name;
        user.email = new.email;
        Some(user.clone())
    }

    /// Removes user `id`; whether there was one.
    pub fn remove(&mut self, id: u32) -> bool {
        self.by_id.remove(&id).is_some()
    }
}
