// Who sees the manager and admin screens. Only a convenience for the navigation: the API decides
// every request by itself (a hidden link protects nothing).
import { api, ok, type Community, type Member } from "../../api/client";
import { me } from "../../me";
import { store, useStore } from "../../store";

type Role = Member["roles"][number];

export function hasRole(member: Member | null, ...roles: Role[]): boolean {
  return !!member && member.roles.some((role) => roles.includes(role));
}

export const isAdmin = (member: Member | null) => hasRole(member, "org_admin");
/** Managers and admins moderate every community; mentors write questions and quizzes. */
export const isOrgManager = (member: Member | null) => hasRole(member, "community_manager", "org_admin");
export const isAuthor = (member: Member | null) => hasRole(member, "mentor", "community_manager", "org_admin");

/** The communities I moderate as a community's own moderator (not through an organisation role). */
export const moderated = store<Community[]>([]);
let asked = false;

async function loadModerated(): Promise<void> {
  asked = true;
  try {
    const page = await ok(() => api.GET("/v1/me/communities", { params: { query: { limit: 100 } } }));
    moderated.set(page.items.filter((c) => c.my_membership?.role === "moderator" && c.my_membership.status === "active"));
  } catch {
    asked = false; // asked again on the next render
  }
}

/** True when the signed-in member has anything to manage: shows the Manage tab. */
export function useCanManage(): boolean {
  const member = useStore(me);
  const mine = useStore(moderated);
  if (member && !asked && !isAuthor(member)) void loadModerated();
  return isAuthor(member) || mine.length > 0;
}
