import { api, ok, type Schemas } from "../api/client";
import { Status, Title, useLoad } from "../components/common";
import { formatDate, language, useT, type Key } from "../i18n";
import { href } from "../router";

const STATUS: Record<Schemas["Campaign"]["status"], Key> = {
  scheduled: "statusScheduled",
  open: "statusOpen",
  closed: "statusClosed",
  cancelled: "statusCancelled",
};

export function campaignTitle(c: Schemas["Campaign"]): string {
  const titles = c.titles as Record<string, string> | undefined;
  return titles?.[language.get()] || c.title;
}

export function Quizzes() {
  const t = useT();
  const campaigns = useLoad(() => ok(() => api.GET("/v1/campaigns", { params: { query: { limit: 50 } } })), []);
  const quizzes = useLoad(() => ok(() => api.GET("/v1/quizzes", { params: { query: { status: "published", limit: 50 } } })), []);
  const practice = (quizzes.data?.items ?? []).filter((q) => q.practice);
  return (
    <>
      <Title>{t("navQuizzes")}</Title>
      <section aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">{t("campaignsTitle")}</h2>
        <Status state={campaigns} />
        {campaigns.data?.items.length === 0 && <p>{t("campaignsEmpty")}</p>}
        <ul class="list">
          {campaigns.data?.items.map((c) => (
            <li key={c.id} class="card">
              <h3><a href={href(`/campaigns/${c.id}`)}>{campaignTitle(c)}</a></h3>
              <p class="meta">
                {t(STATUS[c.status])} · {c.status === "scheduled" ? t("opensAt", { date: formatDate(c.opens_at) }) : t("closesAt", { date: formatDate(c.closes_at) })}
              </p>
              {c.status === "open" && c.kind === "quiz" && <a class="button primary" href={href(`/campaigns/${c.id}/play`)}>{t("play")}</a>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="practice-title">
        <h2 id="practice-title">{t("quizzesTitle")}</h2>
        <Status state={quizzes} />
        {quizzes.data && practice.length === 0 && <p>{t("quizzesEmpty")}</p>}
        <ul class="list">
          {practice.map((q) => (
            <li key={q.id} class="card">
              <h3>{q.title}</h3>
              <p>{q.description}</p>
              <a class="button primary" href={href(`/quizzes/${q.id}/play`)}>{t("play")}</a>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function CampaignScreen(props: { campaignId: string }) {
  const t = useT();
  const campaign = useLoad(() => ok(() => api.GET("/v1/campaigns/{campaign_id}", { params: { path: { campaign_id: props.campaignId } } })), [props.campaignId]);
  const c = campaign.data;
  return (
    <>
      <Status state={campaign} />
      {c && (
        <>
          <Title>{campaignTitle(c)}</Title>
          <p>{(c.descriptions as Record<string, string> | undefined)?.[language.get()] ?? ""}</p>
          <p class="meta">{t(STATUS[c.status])}</p>
          <p>{t("opensAt", { date: formatDate(c.opens_at) })} · {t("closesAt", { date: formatDate(c.closes_at) })}</p>
          {c.status === "open" && c.kind === "quiz" && <a class="button primary" href={href(`/campaigns/${c.id}/play`)}>{t("play")}</a>}
          {(c.status === "closed" || c.status === "open") && <a class="button" href={href(`/campaigns/${c.id}/play`)}>{t("results")}</a>}
        </>
      )}
    </>
  );
}
