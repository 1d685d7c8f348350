// The organisation, for org admins: the overview, teams, the word list and the point rules.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { formatDate, formatNumber } from "../../i18n";
import { href } from "../../router";
import { Feedback, Loading, ScreenTitle, TextField, useAction, useLoad, type Translate } from "./common";
import { useAdminT } from "./i18n";

const BACK = (t: Translate): [string, string] => [href("/manage"), t("manageTitle")];

export function AdminOverview() {
  const t = useAdminT();
  const overview = useLoad(() => ok(() => api.GET("/v1/admin/organisation")));
  return (
    <>
      <ScreenTitle title={t("adminOverviewTitle")} back={BACK(t)} />
      <Loading state={overview}>
        {(org) => (
          <>
            <h2>{org.name}</h2>
            <dl class="facts">
              <dt>{t("orgTimezone")}</dt>
              <dd>{org.timezone}</dd>
              <dt>{t("orgLanguage")}</dt>
              <dd>{org.default_language}</dd>
            </dl>
            <div class="grid" role="list" aria-label={t("orgPeopleCounts")}>
              <div class="card" role="listitem"><div class="stat">{formatNumber(org.members.active)}</div>{t("orgActive")}</div>
              <div class="card" role="listitem"><div class="stat">{formatNumber(org.members.invited)}</div>{t("orgInvited")}</div>
              <div class="card" role="listitem"><div class="stat">{formatNumber(org.members.deactivated)}</div>{t("orgDeactivated")}</div>
            </div>
            {org.members.counted_at && <p class="hint">{t("orgCountedAt", { date: formatDate(org.members.counted_at) })}</p>}
            <ul class="list">
              <li><a href={href("/admin/people")}>{t("adminPeopleTitle")}</a></li>
              <li><a href={href("/admin/teams")}>{t("adminTeamsTitle")}</a></li>
              <li><a href={href("/manage/communities")}>{t("manageCommunitiesEdit")}</a></li>
              <li><a href={href("/admin/campaigns")}>{t("adminCampaignsTitle")}</a></li>
              <li><a href={href("/admin/badges")}>{t("adminBadgesTitle")}</a></li>
              <li><a href={href("/admin/point-rules")}>{t("adminPointRulesTitle")}</a></li>
              <li><a href={href("/admin/word-list")}>{t("adminWordListTitle")}</a></li>
            </ul>
          </>
        )}
      </Loading>
    </>
  );
}

function TeamRow(props: { team: Schemas["Team"]; onDone: () => void }) {
  const t = useAdminT();
  const [name, setName] = useState(props.team.name);
  const action = useAction();
  const path = { team_id: props.team.id };
  return (
    <li>
      <form onSubmit={(e) => { e.preventDefault(); void action.run(() => ok(() => api.PATCH("/v1/admin/teams/{team_id}", { params: { path }, body: { name: name.trim(), description: null } }))).then(props.onDone); }}>
        <TextField id={`team-name-${props.team.id}`} label={t("adminTeamName")} value={name} onInput={setName} required hint={t("adminTeamMembers", { count: props.team.member_count })} />
        <div class="actions">
          <button type="submit" disabled={action.busy}>{t("save")}</button>
          <button type="button" class="danger" disabled={action.busy} onClick={() => confirm(t("adminTeamDeleteConfirm", { name: props.team.name })) && void action.run(() => ok(() => api.DELETE("/v1/admin/teams/{team_id}", { params: { path } }))).then(props.onDone)}>{t("adminTeamDelete")}</button>
        </div>
      </form>
      <Feedback action={action} />
    </li>
  );
}

export function AdminTeams() {
  const t = useAdminT();
  const teams = useLoad(() => ok(() => api.GET("/v1/admin/teams", { params: { query: { limit: 100 } } })));
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const action = useAction();
  return (
    <>
      <ScreenTitle title={t("adminTeamsTitle")} back={BACK(t)} />
      <form
        class="card"
        aria-labelledby="team-new"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(() => ok(() => api.POST("/v1/admin/teams", { body: { name: name.trim(), description: description.trim() } })), t("adminTeamCreated")).then((worked) => {
            if (worked) setName("");
            teams.reload();
          });
        }}
      >
        <h2 id="team-new">{t("adminTeamNew")}</h2>
        <TextField id="team-new-name" label={t("adminTeamName")} value={name} onInput={setName} required />
        <TextField id="team-new-description" label={t("adminTeamDescription")} value={description} onInput={setDescription} />
        <Feedback action={action} />
        <button type="submit" class="primary" disabled={action.busy}>{t("adminTeamCreate")}</button>
      </form>
      <Loading state={teams}>
        {(page) => (page.items.length === 0 ? <p class="muted">{t("adminTeamsEmpty")}</p> : <ul class="list">{page.items.map((team) => <TeamRow key={`${team.id}-${team.updated_at}`} team={team} onDone={teams.reload} />)}</ul>)}
      </Loading>
      <p class="hint">{t("adminTeamsHint")}</p>
    </>
  );
}

function WordListForm(props: { list: Schemas["WordList"] }) {
  const t = useAdminT();
  const [text, setText] = useState(props.list.words.join("\n"));
  const action = useAction();
  const words = text.split("\n").map((w) => w.trim()).filter(Boolean);
  return (
    <form onSubmit={(e) => { e.preventDefault(); void action.run(() => ok(() => api.PUT("/v1/admin/word-list", { body: { words } }))); }}>
      <TextField id="word-list" label={t("wordListLabel")} value={text} onInput={setText} multiline hint={t("wordListHint", { count: words.length })} />
      <Feedback action={action} />
      <button type="submit" class="primary" disabled={action.busy}>{t("save")}</button>
    </form>
  );
}

export function AdminWordList() {
  const t = useAdminT();
  const list = useLoad(() => ok(() => api.GET("/v1/admin/word-list")));
  return (
    <>
      <ScreenTitle title={t("adminWordListTitle")} back={BACK(t)} />
      <p>{t("wordListIntro")}</p>
      <Loading state={list}>{(data) => <WordListForm list={data} />}</Loading>
    </>
  );
}

function PointRulesForm(props: { rules: Schemas["PointRules"] }) {
  const t = useAdminT();
  const [rules, setRules] = useState(props.rules.rules);
  const action = useAction();
  const change = (name: string, field: "points" | "daily_cap", value: string) => setRules({ ...rules, [name]: { ...rules[name], [field]: Number(value) } });
  return (
    <form onSubmit={(e) => { e.preventDefault(); void action.run(() => ok(() => api.PUT("/v1/admin/point-rules", { body: { rules } }))); }}>
      <table>
        <caption class="muted">{props.rules.customised ? t("pointRulesCustomised") : t("pointRulesDefault")}</caption>
        <thead>
          <tr><th scope="col">{t("pointRulesAction")}</th><th scope="col">{t("pointRulesPoints")}</th><th scope="col">{t("pointRulesCap")}</th></tr>
        </thead>
        <tbody>
          {Object.entries(rules).map(([name, rule]) => (
            <tr key={name}>
              <th scope="row" id={`rule-${name}`}>{t(`pointAction_${name}` as "pointAction_post_published") || name}</th>
              <td><input type="number" min={0} value={rule.points} aria-label={`${t(`pointAction_${name}` as "pointAction_post_published")}: ${t("pointRulesPoints")}`} onInput={(e) => change(name, "points", (e.target as HTMLInputElement).value)} /></td>
              <td><input type="number" min={0} value={rule.daily_cap} aria-label={`${t(`pointAction_${name}` as "pointAction_post_published")}: ${t("pointRulesCap")}`} onInput={(e) => change(name, "daily_cap", (e.target as HTMLInputElement).value)} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">{t("pointRulesHint")}</p>
      <Feedback action={action} />
      <button type="submit" class="primary" disabled={action.busy}>{t("save")}</button>
    </form>
  );
}

export function AdminPointRules() {
  const t = useAdminT();
  const rules = useLoad(() => ok(() => api.GET("/v1/admin/point-rules")));
  return (
    <>
      <ScreenTitle title={t("adminPointRulesTitle")} back={BACK(t)} />
      <Loading state={rules}>{(data) => <PointRulesForm rules={data} />}</Loading>
    </>
  );
}
