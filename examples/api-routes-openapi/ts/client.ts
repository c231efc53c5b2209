// A typed client for example-api-routes-openapi: every operation of the API, checked against
// `schema.d.ts`, which openapi-typescript generated from `openapi.json`, the document the Rust
// pages generate. `npm run check` type-checks it; the example's `tests/contract.rs` runs that.

import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type User = components["schemas"]["User"];
export type NewUser = components["schemas"]["NewUser"];

export function usersClient(baseUrl = "http://127.0.0.1:3000") {
  return createClient<paths>({ baseUrl });
}

/** Creates, lists, reads, replaces and deletes a user, as a tour of the typed client. */
export async function tour(client = usersClient()): Promise<void> {
  // POST /api/users: the body must be a `NewUser`; `data` is the created `User` (201).
  const ada: NewUser = { name: "Ada", email: "ada@example.com" };
  const created = await client.POST("/api/users", { body: ada });
  if (!created.data) {
    // `error` is the `ApiError` text (or a body-parser answer).
    throw new Error(`create failed: ${created.error}`);
  }
  const id: number = created.data.id;

  // GET /api/users?name=&limit=: typed query parameters; `data` is `User[]`.
  const { data: users } = await client.GET("/api/users", {
    params: { query: { name: "Ad", limit: 10 } },
  });
  const names: string[] = users?.map((user) => user.name) ?? [];

  // GET /api/users/{id}: the path parameter is required; `data` is a `User`.
  const { data: user, response } = await client.GET("/api/users/{id}", {
    params: { path: { id: String(id) } },
  });
  const email: string | null | undefined = user?.email;
  console.log(response.status, names, user?.name, email);

  // PUT /api/users/{id}: a `NewUser` in, the replaced `User` out.
  const { data: renamed } = await client.PUT("/api/users/{id}", {
    params: { path: { id: String(id) } },
    body: { name: "Ada Lovelace" },
  });
  console.log(renamed?.name);

  // DELETE /api/users/{id}: 204, no body.
  const deleted = await client.DELETE("/api/users/{id}", {
    params: { path: { id: String(id) } },
  });
  console.log(deleted.response.status === 204);
}

/** Calls the types refuse: each line below would be a bug the compiler now catches. */
export async function mistakes(client = usersClient()): Promise<void> {
  // @ts-expect-error `NewUser` has no `nickname`, and `name` is required.
  await client.POST("/api/users", { body: { nickname: "Ada" } });

  // @ts-expect-error the path parameter `id` is missing.
  await client.GET("/api/users/{id}", { params: { path: {} } });

  // @ts-expect-error `limit` is a number, not a string.
  await client.GET("/api/users", { params: { query: { limit: "ten" } } });

  // @ts-expect-error there is no PATCH on /api/users/{id}.
  await client.PATCH("/api/users/{id}", { params: { path: { id: "1" } } });

  // @ts-expect-error there is no such path (`/api/users` is).
  await client.GET("/api/user", {});

  const { data } = await client.GET("/api/users/{id}", { params: { path: { id: "1" } } });
  // @ts-expect-error `User` has no `age`.
  console.log(data?.age);
}
