// The signed-in member's profile and unread count, shared by the layout and the screens.
import { api, ok, type Member } from "./api/client";
import { setLanguage, setTimeZone } from "./i18n";
import { store } from "./store";
import { unreadCount } from "./unread";

export const me = store<Member | null>(null);
export { unreadCount } from "./unread";

export async function loadMe(): Promise<void> {
  const profile = await ok(() => api.GET("/v1/me"));
  setTimeZone(profile.timezone);
  me.set(profile);
  setLanguage(profile.language);
}

/** Asks for the unread count on purpose: only when no answer has carried it for a while (unread.ts). */
export async function refreshUnread(): Promise<void> {
  if (!navigator.onLine) return;
  try {
    const result = await ok(() => api.GET("/v1/me/notifications/unread-count"));
    unreadCount.set(result.unread);
  } catch {
    // The badge keeps its last value; the next check tries again.
  }
}
