import type { ComponentChildren } from "preact";
import { outbox } from "../api/outbox";
import { signOut } from "../auth/session";
import { useT } from "../i18n";
import { unreadCount } from "../me";
import { online } from "../network";
import { href, type Route } from "../router";
import { useCanManage } from "../screens/admin/access";
import { useStore } from "../store";


const SECTIONS: Record<string, string> = {
  feed: "home", popular: "home", refreshers: "home", post: "communities", questions: "communities", askQuestion: "communities", question: "communities", questionsForMe: "me", community: "communities", communities: "communities",
  quizzes: "quizzes", quizPlay: "quizzes", campaigns: "quizzes", campaign: "quizzes", campaignPlay: "quizzes",
  learn: "learn", lesson: "learn", search: "learn",
  leaderboards: "leaderboards", profile: "me", progress: "me", notifications: "notifications",
};

export function Layout(props: { route: Route; children: ComponentChildren }) {
  const t = useT();
  const isOnline = useStore(online);
  const unread = useStore(unreadCount);
  const waiting = useStore(outbox).length;
  const canManage = useCanManage();
  const section = SECTIONS[props.route.name] ?? (/^(manage|admin)/.test(props.route.name) ? "manage" : "");
  const nav: [string, string, string, string][] = [
    ["home", "/", t("navHome"), "M3 11l9-8 9 8v10h-6v-6H9v6H3z"],
    ["communities", "/communities", t("navCommunities"), "M8 11a3 3 0 100-6 3 3 0 000 6zm8 0a3 3 0 100-6 3 3 0 000 6zM2 20c0-3 3-5 6-5s6 2 6 5zm12 0c0-2-1-3.5-2-4.4 1-.4 2.6-.6 4-.6 3 0 6 2 6 5z"],
    ["learn", "/learn", t("navLearn"), "M12 3L1 9l11 6 9-4.9V17h2V9zM5 13.2v4L12 21l7-3.8v-4L12 17z"],
    ["quizzes", "/quizzes", t("navQuizzes"), "M12 2a10 10 0 100 20 10 10 0 000-20zm0 16a1.3 1.3 0 110-2.6 1.3 1.3 0 010 2.6zm1.6-6.3c-.8.5-.9.9-.9 1.8h-2c0-1.6.5-2.4 1.7-3.1.8-.5 1.2-.9 1.2-1.6 0-.8-.7-1.4-1.6-1.4-.9 0-1.6.6-1.7 1.5h-2c.1-2 1.6-3.4 3.7-3.4s3.6 1.3 3.6 3.2c0 1.4-.8 2.3-2 3z"],
    ["leaderboards", "/leaderboards", t("navLeaderboards"), "M4 20V10h4v10zm6 0V4h4v16zm6 0v-7h4v7z"],
    ["me", "/me", t("navMe"), "M12 12a4 4 0 100-8 4 4 0 000 8zm-8 9c0-4 4-6 8-6s8 2 8 6z"],
  ];
  // Managers, mentors, moderators and admins only (the API refuses the others anyway).
  if (canManage) nav.push(["manage", "/manage", t("navManage"), "M19.4 13a7.5 7.5 0 000-2l2.1-1.6-2-3.5-2.5 1a7.4 7.4 0 00-1.7-1L15 3h-4l-.3 2.9a7.4 7.4 0 00-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 000 2l-2.1 1.6 2 3.5 2.5-1a7.4 7.4 0 001.7 1L11 21h4l.3-2.9a7.4 7.4 0 001.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 110-7 3.5 3.5 0 010 7z"]);
  return (
    <div class="shell">
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById("main")?.focus(); }}>{t("skipToContent")}</a>
      <header class="top">
        <a class="brand" href={href("/")}><img src="/icon.svg" alt="" width="28" height="28" /> {t("appName")}</a>
        <div class="top-actions">
          <a class="search-link" href={href("/search")} aria-label={t("searchTitle")}>
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill="currentColor" d="M10 3a7 7 0 015.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1110 3zm0 2a5 5 0 100 10 5 5 0 000-10z" /></svg>
          </a>
          <a
            class={`bell${section === "notifications" ? " current" : ""}`}
            href={href("/notifications")}
            aria-label={unread ? t("navNotificationsUnread", { count: unread }) : t("navNotifications")}
          >
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill="currentColor" d="M12 22a2.5 2.5 0 002.5-2.5h-5A2.5 2.5 0 0012 22zm7-6V11a7 7 0 00-5-6.7V3a2 2 0 10-4 0v1.3A7 7 0 005 11v5l-2 2v1h18v-1z" /></svg>
            {unread > 0 && <span class="count" aria-hidden="true">{unread > 99 ? "99+" : unread}</span>}
          </a>
          <button type="button" class="link" onClick={() => void signOut()}>{t("signOut")}</button>
        </div>
      </header>
      {!isOnline && <p class="banner" role="status">{t("offlineBanner")}</p>}
      {waiting > 0 && <p class="banner" role="status">{t("waitingToSend", { count: waiting })}</p>}
      <nav class="tabs" aria-label={t("mainNavigation")}>
        <ul>
          {nav.map(([key, path, label, icon]) => (
            <li key={key}>
              <a href={href(path)} aria-current={section === key ? "page" : undefined}>
                <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill="currentColor" d={icon} /></svg>
                <span>{label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>{props.children}</main>
    </div>
  );
}
