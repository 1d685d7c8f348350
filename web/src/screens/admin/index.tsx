// The manager and admin screens, loaded on first use: learners never download them.
import { lazyScreen as lazy, type Screen } from "../../components/lazyScreen";

export const ADMIN_SCREENS: Record<string, Screen> = {
  manage: lazy(() => import("./ManageHome").then((m) => m.ManageHome)),
  manageTasks: lazy(() => import("./AuthorTasks").then((m) => m.AuthorTasks)),
  manageInsights: lazy(() => import("./Insights").then((m) => m.ContentInsights)),
  manageCommunities: lazy(() => import("./ManageCommunities").then((m) => m.ManageCommunities)),
  manageCommunity: lazy(() => import("./ModerateCommunity").then((m) => m.ModerateCommunity)),
  manageCommunityCampaign: lazy(() => import("./Campaigns").then((m) => m.CommunityCampaign)),
  manageQuestions: lazy(() => import("./Authoring").then((m) => m.QuestionBank)),
  manageQuizzes: lazy(() => import("./Authoring").then((m) => m.QuizAuthoring)),
  manageLessons: lazy(() => import("./Lessons").then((m) => m.LessonWorkbench)),
  manageLesson: lazy(() => import("./Lessons").then((m) => m.LessonEditor)),
  adminOverview: lazy(() => import("./Organisation").then((m) => m.AdminOverview)),
  adminPeople: lazy(() => import("./People").then((m) => m.People)),
  adminTeams: lazy(() => import("./Organisation").then((m) => m.AdminTeams)),
  adminWordList: lazy(() => import("./Organisation").then((m) => m.AdminWordList)),
  adminPointRules: lazy(() => import("./Organisation").then((m) => m.AdminPointRules)),
  adminBadges: lazy(() => import("./Badges").then((m) => m.AdminBadges)),
  adminCampaigns: lazy(() => import("./Campaigns").then((m) => m.AdminCampaigns)),
  adminCampaign: lazy(() => import("./Campaigns").then((m) => m.AdminCampaign)),
};
