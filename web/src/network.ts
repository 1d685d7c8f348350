// Whether the API is reachable: what the browser says (online/offline events) corrected by what our
// requests find (navigator.onLine stays true on a network that reaches nothing).
import { isProblem } from "./api/problems";
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

// Lambda answers 429 itself, before the app runs, when the API function is at its reserved
// concurrency: nothing was done, so the request is sent again (whatever its method) after a short,
// growing, jittered wait. The app's own 429 and the web ACL's are problems that say when to come
// back (minutes): they are answers for the screen, not retried here.
const THROTTLE_RETRY_MS = [300, 1000, 2500];

async function throttledByLambda(response: Response): Promise<boolean> {
  if (response.status !== 429) return false;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  return !isProblem(body);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, ms * (0.75 + Math.random() / 2)));
}

/** fetch that records reachability: a network failure marks us offline, any answer online. A 429
 * from Lambda itself is retried a few times with backoff; the last answer is returned. */
export async function trackedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    const request = await withContentHash(new Request(input, init));
    let response = await fetch(request.clone());
    for (const wait of THROTTLE_RETRY_MS) {
      if (!(await throttledByLambda(response))) break;
      await pause(wait);
      response = await fetch(request.clone());
    }
    if (!online.get()) online.set(true);
    return response;
  } catch (error) {
    if (online.get()) online.set(false);
    throw error;
  }
}
