// The unread notification count behind the badge. It rides on the calls the app makes anyway: the
// first request after a screen change asks for it (Kring-Want-Unread-Count: 1) and its answer
// carries it (Kring-Unread-Count), one read of the inbox counter on the server and no request of its
// own. Only when no answer has brought it for a minute while the app is visible does the app ask on
// purpose (bench/cost.py prices both: UNREAD_ASKS_PER_SESSION, UNREAD_CARRIED_PER_SESSION).
import { store } from "./store";

export const unreadCount = store<number>(0);
export const UNREAD_WANTED_HEADER = "Kring-Want-Unread-Count";
export const UNREAD_HEADER = "Kring-Unread-Count";
/** How old the count may get while someone looks before the app asks for it on purpose. */
export const UNREAD_MAX_AGE_MS = 60_000;

let wanted = false; // the start brings the first count (me.ts, loadStart)
let heardAt = 0;

/** A count that came in an answer's body (the start's). */
export function heardUnread(count: number): void {
  unreadCount.set(count);
  heardAt = Date.now();
}

/** The next request to the API asks for the count (a screen opened, something was read). */
export function wantUnread(): void {
  wanted = true;
}

/** Called for each outgoing API request: whether this one asks for the count. */
export function askIfWanted(headers: Headers): boolean {
  if (!wanted) return false;
  wanted = false;
  headers.set(UNREAD_WANTED_HEADER, "1");
  return true;
}

/** Called for each answer: takes the count when it carries one; an answer that asked and brought
 * none (an error) leaves the next request to ask again. */
export function hear(response: Response, asked: boolean): void {
  const value = response.headers.get(UNREAD_HEADER);
  if (value !== null && /^\d+$/.test(value)) {
    heardUnread(Number(value));
  } else if (asked) {
    wanted = true;
  }
}

export function unreadIsStale(now: number = Date.now()): boolean {
  return now - heardAt >= UNREAD_MAX_AGE_MS;
}
