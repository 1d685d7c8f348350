// The workshop screens, loaded on first use: the list, an occurrence, the organiser's editor and attendees.
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

export const WORKSHOP_SCREENS: Record<string, Screen> = {
  workshops: lazy(() => import("./WorkshopList").then((m) => m.WorkshopList)),
  workshop: lazy(() => import("./WorkshopPage").then((m) => m.WorkshopPage)),
  workshopNew: lazy(() => import("./WorkshopEditor").then((m) => m.WorkshopEditor)),
  workshopEdit: lazy(() => import("./WorkshopEditor").then((m) => m.WorkshopEditor)),
  workshopOrganise: lazy(() => import("./WorkshopOrganise").then((m) => m.WorkshopOrganise)),
};
