// Writes made offline (reactions, posts, comments) wait here and are sent once when the network returns.
// Each carries the Idempotency-Key it was given when it was made, so a send that reached the API but
// whose answer was lost is answered from the API's record instead of being applied twice.

import { idToken } from "../auth/session";
import { online, trackedFetch } from "../network";
import { store } from "../store";
import { newIdempotencyKey } from "./client";

const KEY = "kring.outbox";

export interface OutboxItem {
  id: string;
  method: "POST" | "PUT" | "DELETE";
  url: string;
  body?: unknown;
  /** What it is, for the "waiting to be sent" list. */
  label: string;
}

function read(): OutboxItem[] {
  return JSON.parse(localStorage.getItem(KEY) ?? "[]") as OutboxItem[];
}

function write(items: OutboxItem[]): void {
  localStorage.setItem(KEY, JSON.stringify(items));
  outbox.set(items);
}

export const outbox = store<OutboxItem[]>(read());

async function send(item: OutboxItem): Promise<Response> {
  const token = await idToken();
  const headers: Record<string, string> = { "Idempotency-Key": item.id };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (item.body !== undefined) headers["Content-Type"] = "application/json";
  return trackedFetch(item.url, {
    method: item.method,
    headers,
    body: item.body === undefined ? undefined : JSON.stringify(item.body),
  });
}

export type Sent = { queued: true } | { queued: false; response: Response };

/** Send now when online; keep for later when the network is down. */
export async function sendOrQueue(request: Omit<OutboxItem, "id">): Promise<Sent> {
  const item: OutboxItem = { ...request, id: newIdempotencyKey() };
  if (online.get() || navigator.onLine) {
    try {
      return { queued: false, response: await send(item) };
    } catch {
      // A network failure: fall through and keep it.
    }
  }
  write([...read(), item]);
  return { queued: true };
}

let flushing: Promise<void> | null = null;

async function sendWaiting(): Promise<void> {
  for (const item of read()) {
    let response: Response;
    try {
      response = await send(item);
    } catch {
      return; // still offline: try again later
    }
    // 5xx and 429 are transient: keep it. Anything else is an answer (done, or refused for good).
    if (response.status >= 500 || response.status === 429) return;
    write(read().filter((waiting) => waiting.id !== item.id));
  }
}

/** Send what waits, in order; stops at the first network failure and tries again on the next call.
 * One flush at a time, so nothing is sent twice by overlapping flushes. */
export function flushOutbox(): Promise<void> {
  if (!flushing) {
    // Cleared in a later microtask, after the assignment (an empty outbox finishes at once).
    flushing = sendWaiting().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

const RETRY_MS = 5000;

/** Send what waits when the browser says it is back online, and every few seconds while anything
 * waits (the browser's online event does not come when the network returned without it noticing). */
export function startOutbox(onFlushed: () => void): void {
  const flush = () => {
    if (read().length) void flushOutbox().then(onFlushed);
  };
  window.addEventListener("online", flush);
  window.setInterval(flush, RETRY_MS);
  flush();
}
