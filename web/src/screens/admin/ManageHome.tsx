// The Manage tab: what this member may look after, by role. Community managers and admins moderate
// every community, a community's own moderators theirs; mentors and up write questions and quizzes.
import { api, ok } from "../../api/client";
import { me } from "../../me";
import { href } from "../../router";
import { useStore } from "../../store";
import { isAdmin, isAuthor, isOrgManager, moderated } from "./access";
import { Loading, useLoad } from "./common";
import { useAdminT } from "./i18n";

export function ManageHome() {
  const t = useAdminT();
  const member = useStore(me);
  const mine = useStore(moderated);
  const orgWide = isOrgManager(member);
  const all = useLoad(
    async () => (orgWide ? (await ok(() => api.GET("/v1/communities", { params: { query: { limit: 100 } } }))).items : mine),
    [orgWide, mine.length],
  );
  return (
    <>
      <h1>{t("manageTitle")}</h1>
      {isAdmin(member) && (
        <section aria-labelledby="manage-org">
          <h2 id="manage-org">{t("adminOrganisation")}</h2>
          <ul class="list">
            <li><a href={href("/admin")}>{t("adminOverviewTitle")}</a></li>
            <li><a href={href("/admin/people")}>{t("adminPeopleTitle")}</a></li>
            <li><a href={href("/admin/teams")}>{t("adminTeamsTitle")}</a></li>
            <li><a href={href("/admin/campaigns")}>{t("adminCampaignsTitle")}</a></li>
            <li><a href={href("/admin/badges")}>{t("adminBadgesTitle")}</a></li>
            <li><a href={href("/admin/point-rules")}>{t("adminPointRulesTitle")}</a></li>
            <li><a href={href("/admin/word-list")}>{t("adminWordListTitle")}</a></li>
          </ul>
        </section>
      )}
      {orgWide && <p><a href={href("/manage/intervision")}>{t("navIntervision")}</a></p>}
      {isAuthor(member) && (
        <section aria-labelledby="manage-quizzes">
          <h2 id="manage-quizzes">{t("manageQuizzesSection")}</h2>
          <ul class="list">
            <li><a href={href("/manage/questions")}>{t("bankQuestionBankTitle")}</a></li>
            <li><a href={href("/manage/quizzes")}>{t("authoringQuizAuthoringTitle")}</a></li>
            <li><a href={href("/manage/lessons")}>{t("lessonsTitle")}</a></li>
            <li><a href={href("/manage/tasks")}>{t("tasksTitle")}</a></li>
            <li><a href={href("/manage/videos/new")}>{t("manageVideoNew")}</a></li>
          </ul>
        </section>
      )}
      <section aria-labelledby="manage-communities">
        <h2 id="manage-communities">{t("manageCommunitiesSection")}</h2>
        {orgWide && (
          <p><a href={href("/manage/communities")}>{t("manageCommunitiesEdit")}</a></p>
        )}
        <Loading state={all}>
          {(communities) =>
            communities.length === 0 ? (
              <p class="muted">{t("manageNothing")}</p>
            ) : (
              <ul class="list">
                {communities.filter((c) => !c.archived).map((community) => (
                  <li key={community.id}>
                    <a href={href(`/manage/communities/${community.id}`)}>{t("moderateCommunity", { name: community.name })}</a>
                  </li>
                ))}
              </ul>
            )
          }
        </Loading>
      </section>
    </>
  );
}
