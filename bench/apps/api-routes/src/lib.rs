//! The benchmark's api-routes app: four pages written the way the README tells users
//! to write them, Next.js's `(req, res)` style. `bench/apps/axum` is the same four routes in
//! hand-written axum; `tests/same_answers.rs` checks both answer the same bytes.
//!
//! | page | answers |
//! | --- | --- |
//! | `src/pages/api/user.rs` | `GET /api/user` → `{"name":"John Doe"}` |
//! | `src/pages/api/post/[pid].rs` | `GET /api/post/42?x=1` → `{"pid":"42","x":"1"}` |
//! | `src/pages/api/echo.rs` | `POST /api/echo` → the JSON body, re-serialized |
//! | `src/pages/api/people.rs` | `GET /api/people` → the ten people of nextjs-compat 6.1 |

// The ten people of nextjs-compat 6.1, shared with `examples/api-routes` so every server answers from
// the same data.
#[path = "../../../../examples/api-routes/src/data.rs"]
pub mod data;

api_routes::routes!();
