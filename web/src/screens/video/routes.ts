// The video routes (hash paths), added to the router's; their screens are in index.tsx.
/** Route patterns of these screens (added to the router's). */
export const VIDEO_ROUTES: [string, string][] = [
  ["video", "/videos/:videoId"],
  ["videoEditor", "/manage/videos/:videoId"],
];
