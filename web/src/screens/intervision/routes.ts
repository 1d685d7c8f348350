// The intervision routes (hash paths), added to the router's; their screens are in index.tsx.
/** Route patterns of these screens (added to the router's). */
export const INTERVISION_ROUTES: [string, string][] = [
  ["intervision", "/intervision"],
  ["intervisionGroup", "/intervision/groups/:groupId"],
  ["intervisionSession", "/intervision/groups/:groupId/sessions/:sessionId"],
  ["manageIntervision", "/manage/intervision"],
  ["manageIntervisionGroup", "/manage/intervision/:groupId"],
];
