// Route name -> screen. A new screen: add its route in router.ts and its component here.
import type { FunctionComponent } from "preact";
import { ADMIN_SCREENS } from "./admin";
import { Feed } from "./Feed";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const SCREENS: Record<string, FunctionComponent<any>> = {
  feed: Feed,
  ...ADMIN_SCREENS,
};
