// The API client: typed from the OpenAPI document (schema.d.ts, generated), same origin (/v1).
// Every request carries a fresh ID token; a 401 refreshes once and retries.

import createClient, { type Middleware } from "openapi-fetch";
import { idToken, refreshNow } from "../auth/session";
import { trackedFetch } from "../network";
import { askIfWanted, hear } from "../unread";
import { problemFor } from "./problems";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Post = Schemas["Post"];
export type Comment = Schemas["Comment"];
export type Community = Schemas["Community"];
export type Member = Schemas["Member"];
export type Notification = Schemas["Notification"];
export type ReactionType = NonNullable<Post["my_reaction"]>;
export type Problem = Schemas["Problem"];

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await idToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};

// The unread badge's count rides on the app's own calls (../unread.ts).
const askedForUnread = new WeakSet<Request>();
const unread: Middleware = {
  onRequest({ request }) {
    if (request.headers.has("Authorization") && askIfWanted(request.headers)) askedForUnread.add(request);
    return request;
  },
  onResponse({ request, response }) {
    hear(response, askedForUnread.has(request));
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "", fetch: (request) => trackedFetch(request) });
api.use(auth, unread);

/** An error the screens can show: the problem's detail, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Runs a call and unwraps it: the data, or an ApiError with the problem (AWS's own refusals made
 * one: ./problems.ts). A 401 (token expired in
 * between) refreshes the session and tries once more. */
export async function ok<T>(call: () => Promise<Result<T>>): Promise<T> {
  let result = await call();
  if (result.response.status === 401 && (await refreshNow())) result = await call();
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, problemFor(result.response.status, result.error));
  }
  return result.data as T;
}

export function newIdempotencyKey(): string {
  return `web-${crypto.randomUUID()}`;
}
