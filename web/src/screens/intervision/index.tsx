// The intervision screens, loaded on first use: my groups, the live session, the organiser's screens.
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

export const INTERVISION_SCREENS: Record<string, Screen> = {
  intervision: lazy(() => import("./Groups").then((m) => m.MyGroups)),
  intervisionGroup: lazy(() => import("./Groups").then((m) => m.GroupScreen)),
  intervisionSession: lazy(() => import("./Session").then((m) => m.SessionScreen)),
  manageIntervision: lazy(() => import("./Organise").then((m) => m.OrganiseGroups)),
  manageIntervisionGroup: lazy(() => import("./Organise").then((m) => m.OrganiseGroup)),
};
