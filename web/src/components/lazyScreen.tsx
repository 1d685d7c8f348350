// A screen loaded on first use, in its own chunk: learners never download organisers' screens, and
// nobody downloads a feature's screens before opening one. While it loads the screen says so; when
// it cannot be fetched (offline before the chunk was cached) it says that instead of staying blank.
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useT } from "../i18n";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Screen = FunctionComponent<any>;

export function lazyScreen(load: () => Promise<Screen>): Screen {
  let loaded: Screen | null = null;
  return function Lazy(props) {
    const t = useT();
    const [, setReady] = useState(false);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (!loaded) load().then((screen) => { loaded = screen; setReady(true); }, () => setFailed(true));
    }, []);
    if (failed) return <p role="alert" class="error">{t("errorGeneric", { detail: t("offlineBanner") })}</p>;
    if (!loaded) return <p role="status">{t("loading")}</p>;
    const Loaded = loaded;
    return <Loaded {...props} />;
  };
}
