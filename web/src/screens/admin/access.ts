// Who sees the manager and admin screens. Only a convenience for the navigation: the API decides
// every request by itself (a hidden link protects nothing).
import { useEffect } from "preact/hooks";
import { type Community, type Member } from "../../api/client";
import { ensureMyCommunities } from "../../communities";
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

/** The communities I moderate as a community's own moderator (not through an organisation role),
 * for the member who is signed in now (another may sign in on the same page later). */
export const moderated = store<Community[]>([]);
let askedFor: string | null = null;

async function loadModerated(memberId: string): Promise<void> {
  askedFor = memberId;
  moderated.set([]);
  try {
    const items = await ensureMyCommunities(); // the start's list (communities.ts)
    if (askedFor !== memberId) return; // someone else signed in meanwhile
    moderated.set(items.filter((c) => c.my_membership?.role === "moderator" && c.my_membership.status === "active"));
  } catch {
    askedFor = null; // asked again on the next render
  }
}

/** True when the signed-in member has anything to manage: shows the Manage tab. */
export function useCanManage(): boolean {
  const member = useStore(me);
  const mine = useStore(moderated);
  useEffect(() => {
    if (member && askedFor !== member.id && !isOrgManager(member)) void loadModerated(member.id);
  }, [member?.id]);
  return isAuthor(member) || (member !== null && askedFor === member.id && mine.length > 0);
}
