// The workshop screens, loaded on first use: the list, an occurrence, the organiser's editor and attendees.
import { lazyScreen as lazy, type Screen } from "../../components/lazyScreen";

export const WORKSHOP_SCREENS: Record<string, Screen> = {
  workshops: lazy(() => import("./WorkshopList").then((m) => m.WorkshopList)),
  workshop: lazy(() => import("./WorkshopPage").then((m) => m.WorkshopPage)),
  workshopNew: lazy(() => import("./WorkshopEditor").then((m) => m.WorkshopEditor)),
  workshopEdit: lazy(() => import("./WorkshopEditor").then((m) => m.WorkshopEditor)),
  workshopOrganise: lazy(() => import("./WorkshopOrganise").then((m) => m.WorkshopOrganise)),
};
