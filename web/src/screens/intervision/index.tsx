// The intervision screens, loaded on first use: my groups, the live session, the organiser's screens.
import { lazyScreen as lazy, type Screen } from "../../components/lazyScreen";

export const INTERVISION_SCREENS: Record<string, Screen> = {
  intervision: lazy(() => import("./Groups").then((m) => m.MyGroups)),
  intervisionGroup: lazy(() => import("./Groups").then((m) => m.GroupScreen)),
  intervisionSession: lazy(() => import("./Session").then((m) => m.SessionScreen)),
  manageIntervision: lazy(() => import("./Organise").then((m) => m.OrganiseGroups)),
  manageIntervisionGroup: lazy(() => import("./Organise").then((m) => m.OrganiseGroup)),
};
