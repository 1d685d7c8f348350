// The communities I belong to (or am invited to / asked to join), for the composer and share targets.
import { api, ok, type Community } from "./api/client";
import { store } from "./store";

export const myCommunities = store<Community[]>([]);

export async function loadMyCommunities(): Promise<Community[]> {
  const page = await ok(() => api.GET("/v1/me/communities", { params: { query: { limit: 100 } } }));
  myCommunities.set(page.items);
  return page.items;
}
