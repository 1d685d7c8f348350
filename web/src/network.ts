// Whether the API is reachable: what the browser says (online/offline events) corrected by what our
// requests find (navigator.onLine stays true on a network that reaches nothing).
import { store } from "./store";

export const online = store<boolean>(navigator.onLine);

window.addEventListener("online", () => online.set(true));
window.addEventListener("offline", () => online.set(false));

/** fetch that records reachability: a network failure marks us offline, any answer online. */
export async function trackedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    const response = await fetch(input, init);
    if (!online.get()) online.set(true);
    return response;
  } catch (error) {
    if (online.get()) online.set(false);
    throw error;
  }
}
