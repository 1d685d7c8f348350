// The interactive video screens, loaded on first use: the player and the author's cue-point editor.
import { lazyScreen as lazy, type Screen } from "../../components/lazyScreen";

export const VIDEO_SCREENS: Record<string, Screen> = {
  video: lazy(() => import("./VideoWatch").then((m) => m.VideoWatch)),
  videoEditor: lazy(() => import("./VideoEditor").then((m) => m.VideoEditor)),
};
