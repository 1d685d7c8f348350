// Whether the API is reachable: what the browser says (online/offline events) corrected by what our
// requests find (navigator.onLine stays true on a network that reaches nothing).
import { store } from "./store";

export const online = store<boolean>(navigator.onLine);

window.addEventListener("online", () => online.set(true));
window.addEventListener("offline", () => online.set(false));

// CloudFront signs the API's requests for its Lambda function URL (origin access control); the
// signature covers a body only through this header, and Lambda refuses a body without it.
export const CONTENT_HASH_HEADER = "x-amz-content-sha256";

async function sha256Hex(body: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", body);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The request with the hex SHA-256 of its body in x-amz-content-sha256 (requests with a body). */
export async function withContentHash(request: Request): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD" || request.headers.has(CONTENT_HASH_HEADER)) {
    return request;
  }
  const body = await request.clone().arrayBuffer();
  if (body.byteLength === 0) return request;
  const headers = new Headers(request.headers);
  headers.set(CONTENT_HASH_HEADER, await sha256Hex(body));
  // The body again from the bytes read (a stream can be read once); keepalive and the rest stay.
  return new Request(request, { headers, body });
}

/** fetch that records reachability: a network failure marks us offline, any answer online. */
export async function trackedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    const response = await fetch(await withContentHash(new Request(input, init)));
    if (!online.get()) online.set(true);
    return response;
  } catch (error) {
    if (online.get()) online.set(false);
    throw error;
  }
}
