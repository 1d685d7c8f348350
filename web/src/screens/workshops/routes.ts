// The workshop routes (hash paths), added to the router's; their screens are in index.tsx.
// "new" comes before ":workshopId" so that it is not read as an id.
export const WORKSHOP_ROUTES: [string, string][] = [
  ["workshops", "/communities/:communityId/workshops"],
  ["workshopNew", "/communities/:communityId/workshops/new"],
  ["workshop", "/communities/:communityId/workshops/:workshopId"],
  ["workshopEdit", "/communities/:communityId/workshops/:workshopId/edit"],
  ["workshopOrganise", "/communities/:communityId/workshops/:workshopId/organise"],
];
