// The communities I belong to (or am invited to / asked to join), for the composer and share targets.
// The app's start brings them (me.ts, GET /v1/me/start); screens that need them use what is known
// and load them only when nothing is (`ensureMyCommunities`); joining or leaving reloads them.
import { api, ok, type Community } from "./api/client";
import { store } from "./store";

export const myCommunities = store<Community[]>([]);
let known: Promise<Community[]> | null = null;

/** The list as it is now on the server (after joining or leaving, on the communities screen). */
export function loadMyCommunities(): Promise<Community[]> {
  return expectMyCommunities(ok(() => api.GET("/v1/me/communities", { params: { query: { limit: 100 } } })).then((page) => page.items));
}

/** What is known already (or on its way, from the start), else loaded. */
export function ensureMyCommunities(): Promise<Community[]> {
  return known ?? loadMyCommunities();
}

/** The list will come from this answer (the start's); a failure lets the next screen load it. */
export function expectMyCommunities(coming: Promise<Community[]>): Promise<Community[]> {
  const settled = coming.then(
    (items) => {
      myCommunities.set(items);
      return items;
    },
    (error: unknown) => {
      if (known === settled) known = null;
      throw error;
    },
  );
  known = settled;
  return settled;
}
