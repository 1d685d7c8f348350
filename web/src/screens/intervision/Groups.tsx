// A member's intervision: my groups, and one group with its members, its sessions (with roles and a
// calendar file each) and my own actions, which come back at the next session.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { Status, Title, errorText, useLoad } from "../../components/common";
import { formatDate, language } from "../../i18n";
import { me } from "../../me";
import { href } from "../../router";
import { useStore } from "../../store";
import { isOrgManager } from "../admin/access";
import { useIntervisionT, type t as T } from "./i18n";

type Session = Schemas["SessionSummary"];

export function MyGroups() {
  const t = useIntervisionT();
  const member = useStore(me);
  const groups = useLoad(() => ok(() => api.GET("/v1/me/intervision/groups")), []);
  return (
    <>
      <Title>{t("ivTitle")}</Title>
      <p class="hint">{t("ivIntro")}</p>
      <h2>{t("ivMyGroups")}</h2>
      <Status state={groups} />
      {groups.data?.items.length === 0 && <p>{t("ivNoGroups")}</p>}
      <ul class="list">
        {groups.data?.items.map((g) => (
          <li key={g.id} class="card"><a href={href(`/intervision/groups/${g.id}`)}>{g.name}</a></li>
        ))}
      </ul>
      {isOrgManager(member) && <p><a href={href("/manage/intervision")}>{t("ivOrganise")}</a></p>}
    </>
  );
}

export function statusText(t: typeof T, status: Session["status"]): string {
  return t(status === "live" ? "ivStatusLive" : status === "closed" ? "ivStatusClosed" : "ivStatusPlanned");
}

/** Saves the session's .ics file (the API returns its text; the phone's calendar opens the file). */
async function downloadCalendar(groupId: string, sessionId: string): Promise<void> {
  const file = await ok(() =>
    api.GET("/v1/intervision/groups/{group_id}/sessions/{session_id}/calendar", {
      params: { path: { group_id: groupId, session_id: sessionId }, query: { language: language.get() } },
    }),
  );
  const url = URL.createObjectURL(new Blob([file.content], { type: file.media_type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Before a session starts, the members may agree on another facilitator or timekeeper. */
function RolesForm(props: { groupId: string; session: Session; members: Schemas["Person"][]; onSaved: () => void }) {
  const t = useIntervisionT();
  const [facilitator, setFacilitator] = useState(props.session.facilitator_id ?? "");
  const [timekeeper, setTimekeeper] = useState(props.session.timekeeper_id ?? "");
  const [error, setError] = useState("");
  const id = props.session.id;
  const pick = (label: string, key: string, value: string, set: (v: string) => void) => (
    <div class="field">
      <label for={`${key}-${id}`}>{label}</label>
      <select id={`${key}-${id}`} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {props.members.map((m) => <option key={m.id} value={m.id}>{m.display_name}</option>)}
      </select>
    </div>
  );
  return (
    <details>
      <summary>{t("ivRoles")}</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await ok(() => api.PUT("/v1/intervision/groups/{group_id}/sessions/{session_id}/roles", { params: { path: { group_id: props.groupId, session_id: id } }, body: { facilitator_id: facilitator, timekeeper_id: timekeeper } }));
            setError("");
            props.onSaved();
          } catch (caught) {
            setError(t("errorGeneric", { detail: errorText(caught) }));
          }
        }}
      >
        {pick(t("ivFacilitatorField"), "iv-facilitator", facilitator, setFacilitator)}
        {pick(t("ivTimekeeperField"), "iv-timekeeper", timekeeper, setTimekeeper)}
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit">{t("save")}</button>
      </form>
    </details>
  );
}

export function GroupScreen(props: { groupId: string }) {
  const t = useIntervisionT();
  const member = useStore(me);
  const path = { group_id: props.groupId };
  const group = useLoad(() => ok(() => api.GET("/v1/intervision/groups/{group_id}", { params: { path } })), [props.groupId]);
  const actions = useLoad(() => ok(() => api.GET("/v1/intervision/groups/{group_id}/actions", { params: { path } })), [props.groupId]);
  const names = new Map((group.data?.members ?? []).map((m) => [m.id, m.display_name]));
  const name = (id: string | null | undefined) => (id ? names.get(id) ?? "" : "");
  const mine = (actions.data?.items ?? []).filter((a) => a.owner_id === member?.id);
  return (
    <>
      <Title>{group.data?.group.name ?? t("ivTitle")}</Title>
      <Status state={group} />
      {group.data && (
        <>
          <section aria-labelledby="iv-members">
            <h2 id="iv-members">{t("ivMembers")}</h2>
            <p>{group.data.members.map((m) => m.display_name).join(", ")}</p>
          </section>
          <section aria-labelledby="iv-sessions">
            <h2 id="iv-sessions">{t("ivSessions")}</h2>
            {group.data.sessions.length === 0 && <p>{t("ivNoSessions")}</p>}
            <ul class="list">
              {group.data.sessions.map((s) => (
                <li key={s.id} class="card">
                  <h3><a href={href(`/intervision/groups/${props.groupId}/sessions/${s.id}`)} aria-label={t("ivOpenSession", { n: s.number })}>{t("ivSessionN", { n: s.number })}</a></h3>
                  <p class="meta">{formatDate(s.starts_at)} · {statusText(t, s.status)}</p>
                  <p class="meta">{t("ivFacilitator", { name: name(s.facilitator_id) })} · {t("ivTimekeeper", { name: name(s.timekeeper_id) })}</p>
                  {s.case_owner_id && <p class="meta">{t("ivCaseOwner", { name: name(s.case_owner_id) })}</p>}
                  {s.status === "planned" && <button type="button" onClick={() => void downloadCalendar(props.groupId, s.id)}>{t("ivCalendar")}</button>}
                  {s.status === "planned" && <RolesForm groupId={props.groupId} session={s} members={group.data?.members ?? []} onSaved={group.reload} />}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="iv-my-actions">
            <h2 id="iv-my-actions">{t("ivMyActions")}</h2>
            {mine.length === 0 && <p>{t("ivNoActions")}</p>}
            <ul class="list">
              {mine.map((a) => (
                <li key={a.id}>
                  <label class="option">
                    <input
                      type="checkbox"
                      checked={a.done}
                      onChange={async (e) => {
                        const done = (e.target as HTMLInputElement).checked;
                        await ok(() => api.PUT("/v1/intervision/groups/{group_id}/actions/{action_id}", { params: { path: { group_id: props.groupId, action_id: a.id } }, body: { done } }));
                        actions.reload();
                      }}
                    />
                    {a.text} <span class="meta">({formatDate(a.created_at)})</span>
                  </label>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
