// The buddy and mentoring screens, loaded on first use.
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useT } from "../../i18n";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Screen = FunctionComponent<any>;

function lazy(load: () => Promise<Screen>): Screen {
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

export const PROGRAMME_SCREENS: Record<string, Screen> = {
  programmes: lazy(() => import("./Programmes").then((m) => m.Programmes)),
  programme: lazy(() => import("./Programme").then((m) => m.ProgrammeScreen)),
  pair: lazy(() => import("./Pair").then((m) => m.PairScreen)),
};
