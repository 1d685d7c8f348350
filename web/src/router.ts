// Hash routes (#/communities/abc): they work from any static host and offline, with no server rewrites.
import { useEffect, useState } from "preact/hooks";
import { ADMIN_ROUTES } from "./screens/admin/routes";
import { PROGRAMME_ROUTES } from "./screens/programmes/routes";
import { INTERVISION_ROUTES } from "./screens/intervision/routes";
import { VIDEO_ROUTES } from "./screens/video/routes";
import { WORKSHOP_ROUTES } from "./screens/workshops/routes";

export interface Route {
  name: string;
  params: Record<string, string>;
}

const PATTERNS: [string, string][] = [
  ["feed", "/"],
  ["popular", "/popular"],
  ["communities", "/communities"],
  ["community", "/communities/:communityId"],
  ["post", "/communities/:communityId/posts/:postId"],
  ["questions", "/communities/:communityId/questions"],
  ["askQuestion", "/communities/:communityId/questions/new"],
  ["question", "/communities/:communityId/questions/:postId"],
  ["questionsForMe", "/me/questions"],
  ["notifications", "/notifications"],
  ["profile", "/me"],
  ["progress", "/progress"],
  ["leaderboards", "/leaderboards"],
  ["quizzes", "/quizzes"],
  ["quizPlay", "/quizzes/:quizId/play"],
  ["campaigns", "/campaigns"],
  ["campaign", "/campaigns/:campaignId"],
  ["campaignPlay", "/campaigns/:campaignId/play"],
  ["refreshers", "/refreshers"],
  ["learn", "/learn"],
  ["search", "/search"],
  ["lesson", "/lessons/:lessonId"],
  ["forgotPassword", "/forgot-password"],
  ...VIDEO_ROUTES,
  ...WORKSHOP_ROUTES,
  ...PROGRAMME_ROUTES,
  ...INTERVISION_ROUTES,
  ...ADMIN_ROUTES,
];

export function parse(hash: string): Route {
  const path = hash.replace(/^#/, "").split("?")[0] || "/";
  const parts = path.split("/").filter(Boolean);
  for (const [name, pattern] of PATTERNS) {
    const wanted = pattern.split("/").filter(Boolean);
    if (wanted.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = wanted.every((segment, i) => {
      if (segment.startsWith(":")) {
        params[segment.slice(1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return segment === parts[i];
    });
    if (matches) return { name, params };
  }
  return { name: "notFound", params: {} };
}

export function href(path: string): string {
  return `#${path}`;
}

export function go(path: string): void {
  location.hash = path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parse(location.hash));
  useEffect(() => {
    const update = () => setRoute(parse(location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
