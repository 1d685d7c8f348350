import { useEffect } from "preact/hooks";
import { flushOutbox, startOutbox } from "./api/outbox";
import { session } from "./auth/session";
import { Layout } from "./components/Layout";
import { useT } from "./i18n";
import { loadMe, refreshUnread } from "./me";
import { useRoute, type Route } from "./router";
import { SCREENS } from "./screens";
import { ForgotPassword, SignIn } from "./screens/SignIn";
import { useStore } from "./store";

// The unread badge: asked on every screen change and, while the app is visible, once a minute. Each
// ask is a whole API request (the cost model counts them: bench/cost.py, getUnreadNotificationCount).
const UNREAD_POLL_MS = 60_000;

function Signed(props: { route: Route }) {
  const t = useT();
  useEffect(() => {
    void loadMe().catch(() => undefined);
    // No refreshUnread() here: the screen effect below runs on mount too and asks once.
    startOutbox(() => void refreshUnread());
    void flushOutbox();
    // Only while someone looks: a tab left open in the background asks nothing of the API.
    const whenVisible = () => {
      if (document.visibilityState === "visible") void refreshUnread();
    };
    const timer = window.setInterval(whenVisible, UNREAD_POLL_MS);
    document.addEventListener("visibilitychange", whenVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", whenVisible);
    };
  }, []);
  const Screen = SCREENS[props.route.name];
  useEffect(() => {
    document.title = t("appName");
    void refreshUnread();
  }, [props.route.name, props.route.params]);
  return <Layout route={props.route}>{Screen ? <Screen {...props.route.params} /> : <p>{t("notFound")}</p>}</Layout>;
}

export function App() {
  const tokens = useStore(session);
  const route = useRoute();
  if (!tokens) return route.name === "forgotPassword" ? <ForgotPassword /> : <SignIn />;
  return <Signed route={route} />;
}
