// Campaigns, for org admins (the whole organisation) and for a community's moderators (their
// community): from a preset or custom times, scheduled in the organisation's time zone; a campaign's
// page opens, closes or cancels it and shows its live board.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { formatNumber } from "../../i18n";
import { me } from "../../me";
import { go, href } from "../../router";
import { useStore } from "../../store";
import { isAuthor } from "./access";
import { Check, Feedback, formatWallClock, Loading, ScreenTitle, SelectField, TextField, useAction, useLoad, wallClock, type Translate } from "./common";
import { useAdminT } from "./i18n";

type Campaign = Schemas["Campaign"];
type Draft = Schemas["CampaignDraft"];
type Preset = NonNullable<Draft["preset"]>;
type Kind = NonNullable<Draft["kind"]>;
type Step = "open" | "close" | "cancel";

/** Where a campaign lives: the organisation's admin routes, or one community's. */
export interface Scope {
  communityId?: string;
}

function statusText(status: Campaign["status"], t: Translate): string {
  return { scheduled: t("statusScheduled"), open: t("statusOpen"), closed: t("statusClosed"), cancelled: t("statusCancelled") }[status];
}

function campaignPath(scope: Scope, id: string): string {
  return scope.communityId ? `/manage/communities/${scope.communityId}/campaigns/${id}` : `/admin/campaigns/${id}`;
}

function useOrganisation() {
  return useLoad(() => ok(() => api.GET("/v1/organisation")));
}

function CampaignForm(props: { scope: Scope; onCreated: (campaign: Campaign) => void }) {
  const t = useAdminT();
  const member = useStore(me);
  const organisation = useOrganisation();
  const quizzes = useLoad(
    async () => (isAuthor(member) ? (await ok(() => api.GET("/v1/quizzes", { params: { query: { status: "published", limit: 100 } } }))).items : []),
    [member?.id],
  );
  const [preset, setPreset] = useState<Preset | "">("");
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [quarter, setQuarter] = useState("1");
  const [kind, setKind] = useState<Kind>("quiz");
  const [titles, setTitles] = useState({ nl: "", fr: "", en: "" });
  const [opens, setOpens] = useState("");
  const [closes, setCloses] = useState("");
  const [quizId, setQuizId] = useState("");
  const [repeat, setRepeat] = useState(false);
  const [accessible, setAccessible] = useState(false);
  const action = useAction();
  const zone = organisation.data?.timezone ?? "";

  const submit = async (e: Event) => {
    e.preventDefault();
    const common = {
      kind,
      preset: preset || null,
      year: preset ? Number(year) : null,
      quarter: preset === "quarterly" ? Number(quarter) : null,
      titles: titles.nl || titles.fr || titles.en ? { nl: titles.nl || null, fr: titles.fr || null, en: titles.en || null } : null,
      descriptions: null,
      opens_local: wallClock(opens),
      closes_local: wallClock(closes),
      reminders_local: null,
      quiz_id: kind === "quiz" && quizId ? quizId : null,
      repeat_yearly: repeat,
      accessible,
    };
    let created: Campaign | undefined;
    const worked = await action.run(async () => {
      created = props.scope.communityId
        ? await ok(() => api.POST("/v1/communities/{community_id}/campaigns", { params: { path: { community_id: props.scope.communityId! } }, body: common }))
        : await ok(() => api.POST("/v1/admin/campaigns", { body: { ...common, audience: "organisation", community_id: null } }));
    }, t("campaignScheduled"));
    if (worked && created) props.onCreated(created);
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="new-campaign">
      <h2 id="new-campaign">{t("campaignNew")}</h2>
      <SelectField
        id="campaign-preset"
        label={t("campaignPreset")}
        value={preset}
        onChange={(v) => setPreset(v as Preset | "")}
        options={[["", t("campaignCustom")], ["easter", t("presetEaster")], ["christmas", t("presetChristmas")], ["new_year", t("presetNewYear")], ["quarterly", t("presetQuarterly")]]}
        hint={t("campaignPresetHint")}
      />
      {preset && <TextField id="campaign-year" label={t("campaignYear")} type="number" value={year} onInput={setYear} required />}
      {preset === "quarterly" && (
        <SelectField id="campaign-quarter" label={t("campaignQuarter")} value={quarter} onChange={setQuarter} options={[["1", "Q1"], ["2", "Q2"], ["3", "Q3"], ["4", "Q4"]]} />
      )}
      <SelectField
        id="campaign-kind"
        label={t("campaignKind")}
        value={kind}
        onChange={(v) => setKind(v as Kind)}
        options={[["quiz", t("campaignKindQuiz")], ["challenge", t("campaignKindChallenge")], ["nudge", t("campaignKindNudge")]]}
      />
      {kind === "quiz" && (
        <SelectField
          id="campaign-quiz"
          label={t("campaignQuiz")}
          value={quizId}
          onChange={setQuizId}
          options={[["", t("campaignQuizLater")], ...(quizzes.data ?? []).map((q): [string, string] => [q.id, q.title])]}
        />
      )}
      <fieldset>
        <legend>{preset ? t("campaignTitlesOptional") : t("campaignTitles")}</legend>
        <TextField id="campaign-title-nl" label={t("langNl")} value={titles.nl} onInput={(v) => setTitles({ ...titles, nl: v })} />
        <TextField id="campaign-title-fr" label={t("langFr")} value={titles.fr} onInput={(v) => setTitles({ ...titles, fr: v })} />
        <TextField id="campaign-title-en" label={t("langEn")} value={titles.en} onInput={(v) => setTitles({ ...titles, en: v })} />
      </fieldset>
      <fieldset>
        <legend>{t("campaignWhen")}</legend>
        <p class="hint" id="campaign-zone">{zone ? t("campaignZoneHint", { zone }) : ""} {preset ? t("campaignPresetTimes") : ""}</p>
        <TextField id="campaign-opens" label={t("campaignOpens")} type="datetime-local" value={opens} onInput={setOpens} required={!preset} />
        <TextField id="campaign-closes" label={t("campaignCloses")} type="datetime-local" value={closes} onInput={setCloses} required={!preset} />
      </fieldset>
      <Check id="campaign-repeat" label={t("campaignRepeat")} checked={repeat} onChange={setRepeat} />
      <Check id="campaign-accessible" label={t("campaignAccessible")} checked={accessible} onChange={setAccessible} />
      <Feedback action={action} />
      <button type="submit" class="primary" disabled={action.busy}>{t("campaignSchedule")}</button>
    </form>
  );
}

function CampaignRows(props: { scope: Scope; items: Campaign[] }) {
  const t = useAdminT();
  if (props.items.length === 0) return <p class="muted">{t("campaignsEmpty")}</p>;
  return (
    <ul class="list">
      {props.items.map((campaign) => (
        <li key={campaign.id}>
          <a href={href(campaignPath(props.scope, campaign.id))}>{campaign.title}</a>
          <div class="meta muted">
            {statusText(campaign.status, t)} · {t("opensAt", { date: `${formatWallClock(campaign.opens_local)} (${campaign.timezone})` })}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The list and the form, for the organisation or one community. */
export function CampaignSection(props: { scope: Scope }) {
  const { communityId } = props.scope;
  const list = useLoad(async () => {
    const page = communityId
      ? await ok(() => api.GET("/v1/communities/{community_id}/campaigns", { params: { path: { community_id: communityId }, query: { limit: 50 } } }))
      : await ok(() => api.GET("/v1/admin/campaigns", { params: { query: { limit: 50 } } }));
    return page.items;
  }, [communityId]);
  return (
    <>
      <Loading state={list}>{(items) => <CampaignRows scope={props.scope} items={items} />}</Loading>
      <CampaignForm scope={props.scope} onCreated={(campaign) => go(campaignPath(props.scope, campaign.id))} />
    </>
  );
}

export function AdminCampaigns() {
  const t = useAdminT();
  return (
    <>
      <ScreenTitle title={t("adminCampaignsTitle")} back={[href("/manage"), t("manageTitle")]} />
      <CampaignSection scope={{}} />
    </>
  );
}

function LiveBoard(props: { campaignId: string }) {
  const t = useAdminT();
  const board = useLoad(() => ok(() => api.GET("/v1/campaigns/{campaign_id}/leaderboard", { params: { path: { campaign_id: props.campaignId }, query: { limit: 20 } } })), [props.campaignId]);
  return (
    <section aria-labelledby="live-board">
      <h2 id="live-board">{t("liveBoard")}</h2>
      <Loading state={board}>
        {(data) =>
          data.items.length === 0 ? (
            <p class="muted">{t("liveBoardEmpty")}</p>
          ) : (
            <table>
              <caption class="muted">{t("liveBoardEntrants", { count: data.entrants })}</caption>
              <thead><tr><th scope="col">#</th><th scope="col">{t("liveBoardName")}</th><th scope="col">{t("liveBoardScore")}</th></tr></thead>
              <tbody>
                {data.items.map((place) => (
                  <tr key={place.id}><td>{place.rank}</td><td>{place.name}</td><td>{formatNumber(place.score)}</td></tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loading>
      <button type="button" onClick={board.reload}>{t("liveBoardRefresh")}</button>
    </section>
  );
}

export function CampaignPage(props: { campaignId: string; communityId?: string }) {
  const t = useAdminT();
  const { campaignId, communityId } = props;
  const campaign = useLoad(
    () =>
      communityId
        ? ok(() => api.GET("/v1/communities/{community_id}/campaigns/{campaign_id}", { params: { path: { community_id: communityId, campaign_id: campaignId } } }))
        : ok(() => api.GET("/v1/admin/campaigns/{campaign_id}", { params: { path: { campaign_id: campaignId } } })),
    [campaignId, communityId],
  );
  const action = useAction();
  const step = (name: Step) =>
    void action
      .run(async () => {
        if (communityId) {
          const path = { community_id: communityId, campaign_id: campaignId };
          if (name === "open") await ok(() => api.POST("/v1/communities/{community_id}/campaigns/{campaign_id}/open", { params: { path } }));
          if (name === "close") await ok(() => api.POST("/v1/communities/{community_id}/campaigns/{campaign_id}/close", { params: { path } }));
          if (name === "cancel") await ok(() => api.POST("/v1/communities/{community_id}/campaigns/{campaign_id}/cancel", { params: { path } }));
        } else {
          const path = { campaign_id: campaignId };
          if (name === "open") await ok(() => api.POST("/v1/admin/campaigns/{campaign_id}/open", { params: { path } }));
          if (name === "close") await ok(() => api.POST("/v1/admin/campaigns/{campaign_id}/close", { params: { path } }));
          if (name === "cancel") await ok(() => api.POST("/v1/admin/campaigns/{campaign_id}/cancel", { params: { path } }));
        }
      }, t("campaignStepDone"))
      .then(campaign.reload);
  const back: [string, string] = communityId ? [href(`/manage/communities/${communityId}`), t("manageTitle")] : [href("/admin/campaigns"), t("adminCampaignsTitle")];
  return (
    <Loading state={campaign}>
      {(c) => (
        <>
          <ScreenTitle title={c.title} back={back} />
          <dl class="facts">
            <dt>{t("campaignStatus")}</dt>
            <dd>{statusText(c.status, t)}</dd>
            <dt>{t("campaignOpens")}</dt>
            <dd data-testid="campaign-opens">{formatWallClock(c.opens_local)} ({c.timezone})</dd>
            <dt>{t("campaignCloses")}</dt>
            <dd>{formatWallClock(c.closes_local)} ({c.timezone})</dd>
            {c.reminders_local.length > 0 && (
              <>
                <dt>{t("campaignReminders")}</dt>
                <dd>{c.reminders_local.map(formatWallClock).join("; ")}</dd>
              </>
            )}
            {c.repeat_yearly && (
              <>
                <dt>{t("campaignRepeat")}</dt>
                <dd>{t("adminYes")}</dd>
              </>
            )}
          </dl>
          <div class="actions">
            {c.status === "scheduled" && <button type="button" disabled={action.busy} onClick={() => step("open")}>{t("campaignOpenNow")}</button>}
            {c.status === "open" && <button type="button" disabled={action.busy} onClick={() => step("close")}>{t("campaignCloseNow")}</button>}
            {(c.status === "scheduled" || c.status === "open") && (
              <button type="button" class="danger" disabled={action.busy} onClick={() => confirm(t("campaignCancelConfirm")) && step("cancel")}>{t("campaignCancel")}</button>
            )}
          </div>
          <Feedback action={action} />
          {(c.status === "open" || c.status === "closed") && <LiveBoard campaignId={c.id} />}
        </>
      )}
    </Loading>
  );
}

export function AdminCampaign(props: { campaignId: string }) {
  return <CampaignPage campaignId={props.campaignId} />;
}

export function CommunityCampaign(props: { communityId: string; campaignId: string }) {
  return <CampaignPage campaignId={props.campaignId} communityId={props.communityId} />;
}
