// The interactive video screens, loaded on first use: the player and the author's cue-point editor.
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

export const VIDEO_SCREENS: Record<string, Screen> = {
  video: lazy(() => import("./VideoWatch").then((m) => m.VideoWatch)),
  videoEditor: lazy(() => import("./VideoEditor").then((m) => m.VideoEditor)),
};
