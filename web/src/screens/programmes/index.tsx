// The buddy and mentoring screens, loaded on first use.
import { lazyScreen as lazy, type Screen } from "../../components/lazyScreen";

export const PROGRAMME_SCREENS: Record<string, Screen> = {
  programmes: lazy(() => import("./Programmes").then((m) => m.Programmes)),
  programme: lazy(() => import("./Programme").then((m) => m.ProgrammeScreen)),
  pair: lazy(() => import("./Pair").then((m) => m.PairScreen)),
};
