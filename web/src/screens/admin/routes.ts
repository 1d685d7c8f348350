// The manager and admin routes (hash paths), added to the router's; their screens are in index.tsx.
/** Route patterns of these screens (added to the router's). */
export const ADMIN_ROUTES: [string, string][] = [
  ["manage", "/manage"],
  ["manageCommunities", "/manage/communities"],
  ["manageCommunity", "/manage/communities/:communityId"],
  ["manageCommunityCampaign", "/manage/communities/:communityId/campaigns/:campaignId"],
  ["manageQuestions", "/manage/questions"],
  ["manageQuizzes", "/manage/quizzes"],
  ["manageLessons", "/manage/lessons"],
  ["manageLesson", "/manage/lessons/:lessonId"],
  ["manageTasks", "/manage/tasks"],
  ["manageInsights", "/manage/content/:contentId/insights"],
  ["adminOverview", "/admin"],
  ["adminPeople", "/admin/people"],
  ["adminTeams", "/admin/teams"],
  ["adminWordList", "/admin/word-list"],
  ["adminPointRules", "/admin/point-rules"],
  ["adminBadges", "/admin/badges"],
  ["adminCampaigns", "/admin/campaigns"],
  ["adminCampaign", "/admin/campaigns/:campaignId"],
];
