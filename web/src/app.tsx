import { useEffect, useRef, useState } from "preact/hooks";
import { flushOutbox, startOutbox } from "./api/outbox";
import { session } from "./auth/session";
import { Layout } from "./components/Layout";
import { useT } from "./i18n";
import { loadStart, refreshUnread } from "./me";
import { useRoute, type Route } from "./router";
import { SCREENS } from "./screens";
import { ForgotPassword, SignIn } from "./screens/SignIn";
import { useStore } from "./store";
import { unreadIsStale, wantUnread } from "./unread";

// The unread badge: the first request after a screen change asks for the count and its answer
// carries it (./unread.ts), so a screen change costs no request of its own. While the app is visible,
// a count older than a minute is asked for on purpose (checked every few seconds, so it is never
// much older); a tab in the background asks nothing. bench/cost.py prices both.
const UNREAD_CHECK_MS = 15_000;

function Signed(props: { route: Route }) {
  const t = useT();
  // The start (profile, communities, unread count) is asked for while the first screen renders,
  // before its effects run, so a screen that needs my communities waits for it instead of asking.
  useState(() => void loadStart().catch(() => undefined));
  useEffect(() => {
    // Queued writes sent: the next request brings the count they may have changed.
    startOutbox(wantUnread);
    void flushOutbox();
    const whenVisible = () => {
      if (document.visibilityState === "visible" && unreadIsStale()) void refreshUnread();
    };
    const timer = window.setInterval(whenVisible, UNREAD_CHECK_MS);
    document.addEventListener("visibilitychange", whenVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", whenVisible);
    };
  }, []);
  const Screen = SCREENS[props.route.name];
  // Marked while this renders, before the new screen's effects send its first request (a child's
  // effects run before its parent's): that request asks for the count. The start brought the first.
  const shownRoute = useRef<string | null>(null);
  const routeKey = `${props.route.name} ${JSON.stringify(props.route.params)}`;
  if (shownRoute.current !== routeKey) {
    if (shownRoute.current !== null) wantUnread();
    shownRoute.current = routeKey;
  }
  useEffect(() => {
    document.title = t("appName");
  }, [props.route.name, props.route.params]);
  return <Layout route={props.route}>{Screen ? <Screen {...props.route.params} /> : <p>{t("notFound")}</p>}</Layout>;
}

export function App() {
  const tokens = useStore(session);
  const route = useRoute();
  if (!tokens) return route.name === "forgotPassword" ? <ForgotPassword /> : <SignIn />;
  return <Signed route={route} />;
}
