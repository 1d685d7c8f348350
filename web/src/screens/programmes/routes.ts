// The programme routes (hash paths), added to the router's; their screens are in index.tsx.
export const PROGRAMME_ROUTES: [string, string][] = [
  ["programmes", "/programmes"],
  ["programme", "/programmes/:programmeId"],
  ["pair", "/pairs/:pairId"],
];
