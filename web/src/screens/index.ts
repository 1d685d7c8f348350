// Route name -> screen. A new screen: add its route in router.ts and its component here.
import type { FunctionComponent } from "preact";
import { ADMIN_SCREENS } from "./admin";
import { Communities, CommunityScreen, PostScreen } from "./Communities";
import { Feed, Popular } from "./Feed";
import { Leaderboards } from "./Leaderboards";
import { Learn } from "./Learn";
import { LessonScreen } from "./Lesson";
import { Notifications } from "./Notifications";
import { CampaignPlay, QuizPlay } from "./Play";
import { Profile } from "./Profile";
import { Progress } from "./Progress";
import { CampaignScreen, Quizzes } from "./Quizzes";
import { Refreshers } from "./Refreshers";
import { PROGRAMME_SCREENS } from "./programmes";
import { INTERVISION_SCREENS } from "./intervision";
import { VIDEO_SCREENS } from "./video";
import { WORKSHOP_SCREENS } from "./workshops";
import { Search } from "./Search";
import { lazyScreen as lazy } from "../components/lazyScreen";

// Screens take their route's parameters as props.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const SCREENS: Record<string, FunctionComponent<any>> = {
  feed: Feed,
  popular: Popular,
  communities: Communities,
  community: CommunityScreen,
  post: PostScreen,
  // Questions and answers, loaded on first use (their own chunk).
  questions: lazy(() => import("./Questions").then((m) => m.QuestionList)),
  askQuestion: lazy(() => import("./Questions").then((m) => m.AskQuestion)),
  question: lazy(() => import("./Questions").then((m) => m.QuestionScreen)),
  questionsForMe: lazy(() => import("./QuestionsForMe").then((m) => m.QuestionsForMe)),
  notifications: Notifications,
  profile: Profile,
  progress: Progress,
  leaderboards: Leaderboards,
  quizzes: Quizzes,
  campaigns: Quizzes,
  campaign: CampaignScreen,
  campaignPlay: CampaignPlay,
  quizPlay: QuizPlay,
  refreshers: Refreshers,
  learn: Learn,
  lesson: LessonScreen,
  ...VIDEO_SCREENS,
  ...WORKSHOP_SCREENS,
  ...PROGRAMME_SCREENS,
  ...INTERVISION_SCREENS,
  search: Search,
  ...ADMIN_SCREENS,
};
