// The signed-in member's profile and unread count, shared by the layout and the screens.
import { api, ok, type Member } from "./api/client";
import { setLanguage, setTimeZone } from "./i18n";
import { expectMyCommunities } from "./communities";
import { store } from "./store";
import { heardUnread } from "./unread";

export const me = store<Member | null>(null);
export { unreadCount } from "./unread";

function show(profile: Member): void {
  setTimeZone(profile.timezone);
  me.set(profile);
  setLanguage(profile.language);
}

/** The app opens: my profile, my communities and my unread count in one request. */
export async function loadStart(): Promise<void> {
  const start = ok(() => api.GET("/v1/me/start"));
  void expectMyCommunities(start.then((s) => s.communities.items)).catch(() => undefined);
  const opened = await start;
  show(opened.profile);
  heardUnread(opened.unread);
}

/** Asks for the unread count on purpose: only when no answer has carried it for a while (unread.ts). */
export async function refreshUnread(): Promise<void> {
  if (!navigator.onLine) return;
  try {
    const result = await ok(() => api.GET("/v1/me/notifications/unread-count"));
    heardUnread(result.unread);
  } catch {
    // The badge keeps its last value; the next check tries again.
  }
}
