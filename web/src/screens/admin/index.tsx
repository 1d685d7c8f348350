// The manager and admin screens, loaded on first use: learners never download them.
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useT } from "../../i18n";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Screen = FunctionComponent<any>;

function lazy(load: () => Promise<Screen>): Screen {
  let loaded: Screen | null = null;
  return function Lazy(props) {
    const t = useT();
    const [, setReady] = useState(false);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (!loaded) load().then((screen) => { loaded = screen; setReady(true); }, () => setFailed(true));
    }, []);
    if (failed) return <p role="alert" class="error">{t("errorGeneric", { detail: t("offlineBanner") })}</p>;
    if (!loaded) return <p role="status">{t("loading")}</p>;
    const Loaded = loaded;
    return <Loaded {...props} />;
  };
}


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
