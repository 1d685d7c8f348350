// The organiser's intervision screens (org admins and community managers): the groups, forming one
// by hand or from a proposal (mixed teams, no reporting line inside), changing its members, planning
// its sessions, and seeing when sessions were held and who attended: nothing said in them.
import { useRef, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok, type Schemas } from "../../api/client";
import { Status, Title, errorText, useLoad } from "../../components/common";
import { formatDate } from "../../i18n";
import { go, href } from "../../router";
import { statusText } from "./Groups";
import { useIntervisionT } from "./i18n";

type Person = Schemas["OrganiserPerson"];
type Method = "incident" | "balint";

function PeoplePicker(props: { people: Person[]; picked: string[]; onChange: (picked: string[]) => void }) {
  const t = useIntervisionT();
  const names = new Map(props.people.map((p) => [p.id, p.display_name]));
  return (
    <fieldset>
      <legend>{t("ivPickMembers")}</legend>
      {props.people.map((p) => (
        <label key={p.id} class="option">
          <input
            type="checkbox"
            checked={props.picked.includes(p.id)}
            onChange={(e) => {
              const on = (e.target as HTMLInputElement).checked;
              props.onChange(on ? [...props.picked, p.id] : props.picked.filter((id) => id !== p.id));
            }}
          />
          {p.display_name}
          {p.manager_id && <span class="meta"> ({t("ivManagerOf", { name: names.get(p.manager_id) ?? "" })})</span>}
        </label>
      ))}
    </fieldset>
  );
}

export function OrganiseGroups() {
  const t = useIntervisionT();
  const groups = useLoad(() => ok(() => api.GET("/v1/intervision/groups")), []);
  const people = useLoad(() => ok(() => api.GET("/v1/intervision/people")), []);
  const [name, setName] = useState("");
  const [method, setMethod] = useState<Method>("incident");
  const [picked, setPicked] = useState<string[]>([]);
  const [size, setSize] = useState(6);
  const [proposal, setProposal] = useState<Schemas["GroupProposal"] | null>(null);
  const [error, setError] = useState("");
  const key = useRef(newIdempotencyKey()); // a retry after an error forms the group once
  const names = new Map((people.data?.items ?? []).map((p) => [p.id, p.display_name]));
  return (
    <>
      <Title>{t("ivOrganise")}</Title>
      <p class="hint">{t("ivOrganiserNote")}</p>
      <section aria-labelledby="iv-groups">
        <h2 id="iv-groups">{t("ivGroups")}</h2>
        <Status state={groups} />
        <ul class="list">
          {groups.data?.items.map((g) => (
            <li key={g.id} class="card">
              <a href={href(`/manage/intervision/${g.id}`)}>{g.name}</a>
              <span class="meta"> · {t("ivMemberCount", { count: g.member_ids.length })}</span>
            </li>
          ))}
        </ul>
      </section>
      <form
        class="card"
        aria-labelledby="iv-new"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const group = await ok(() => api.POST("/v1/intervision/groups", { params: { header: { "Idempotency-Key": key.current } }, body: { name, method, member_ids: picked } }));
            go(`/manage/intervision/${group.id}`);
          } catch (caught) {
            setError(t("errorGeneric", { detail: errorText(caught) }));
          }
        }}
      >
        <h2 id="iv-new">{t("ivNewGroup")}</h2>
        <div class="field">
          <label for="iv-name">{t("ivGroupName")}</label>
          <input id="iv-name" required maxLength={80} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="iv-method">{t("ivMethod")}</label>
          <select id="iv-method" value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value as Method)}>
            <option value="incident">{t("ivMethodIncident")}</option>
            <option value="balint">{t("ivMethodBalint")}</option>
          </select>
        </div>
        <Status state={people} />
        {people.data && <PeoplePicker people={people.data.items} picked={picked} onChange={setPicked} />}
        <div class="field">
          <label for="iv-size">{t("ivGroupSize")}</label>
          <input id="iv-size" type="number" min={4} max={8} value={size} onInput={(e) => setSize(Number((e.target as HTMLInputElement).value))} />
        </div>
        <button
          type="button"
          disabled={picked.length < 4}
          onClick={async () => {
            try {
              setProposal(await ok(() => api.POST("/v1/intervision/proposals", { body: { member_ids: picked, group_size: size } })));
            } catch (caught) {
              setError(t("errorGeneric", { detail: errorText(caught) }));
            }
          }}
        >
          {t("ivPropose")}
        </button>
        {proposal && (
          <div role="status">
            <p class="meta">{t("ivProposalScore", { pairs: proposal.same_team_pairs, lines: proposal.reporting_lines })}</p>
            <ol class="list">
              {proposal.groups.map((members, n) => (
                <li key={n}>
                  {t("ivProposal", { n: n + 1 })}: {members.map((id) => names.get(id) ?? id).join(", ")}{" "}
                  <button type="button" onClick={() => setPicked(members)}>{t("ivUseProposal")}</button>
                </li>
              ))}
            </ol>
          </div>
        )}
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit" class="primary" disabled={picked.length < 4 || picked.length > 8}>{t("ivCreate")}</button>
      </form>
    </>
  );
}

export function OrganiseGroup(props: { groupId: string }) {
  const t = useIntervisionT();
  const path = { group_id: props.groupId };
  const overview = useLoad(() => ok(() => api.GET("/v1/intervision/groups/{group_id}/overview", { params: { path } })), [props.groupId]);
  const people = useLoad(() => ok(() => api.GET("/v1/intervision/people")), []);
  const [picked, setPicked] = useState<string[] | null>(null);
  const [first, setFirst] = useState("");
  const [every, setEvery] = useState(4);
  const [count, setCount] = useState(3);
  const [error, setError] = useState("");
  const planKey = useRef(newIdempotencyKey()); // a retry after an error plans the sessions once
  const data = overview.data;
  const members = picked ?? data?.group.member_ids ?? [];
  const fail = (caught: unknown) => setError(t("errorGeneric", { detail: errorText(caught) }));
  return (
    <>
      <Title>{data?.group.name ?? t("ivOrganise")}</Title>
      <p class="hint">{t("ivOrganiserNote")}</p>
      <Status state={overview} />
      {data && (
        <>
          <form
            class="card"
            onSubmit={async (e) => {
              e.preventDefault();
              try {
                const g = data.group;
                await ok(() => api.PUT("/v1/intervision/groups/{group_id}", { params: { path }, body: { name: g.name, method: g.method, member_ids: members, version: g.version } }));
                setPicked(null);
                overview.reload();
              } catch (caught) {
                fail(caught);
              }
            }}
          >
            <h2>{t("ivMembers")}</h2>
            {people.data && <PeoplePicker people={people.data.items} picked={members} onChange={setPicked} />}
            <button type="submit" disabled={members.length < 4 || members.length > 8}>{t("ivSaveMembers")}</button>
          </form>
          <form
            class="card"
            onSubmit={async (e) => {
              e.preventDefault();
              try {
                const body = { first_starts_at: new Date(first).toISOString(), every_weeks: every, count };
                await ok(() => api.POST("/v1/intervision/groups/{group_id}/sessions", { params: { path, header: { "Idempotency-Key": planKey.current } }, body }));
                planKey.current = newIdempotencyKey();
                overview.reload();
              } catch (caught) {
                fail(caught);
              }
            }}
          >
            <h2>{t("ivPlan")}</h2>
            <div class="field">
              <label for="iv-first">{t("ivFirstSession")}</label>
              <input id="iv-first" type="datetime-local" required value={first} onInput={(e) => setFirst((e.target as HTMLInputElement).value)} />
            </div>
            <div class="field">
              <label for="iv-every">{t("ivEveryWeeks")}</label>
              <input id="iv-every" type="number" min={1} max={12} value={every} onInput={(e) => setEvery(Number((e.target as HTMLInputElement).value))} />
            </div>
            <div class="field">
              <label for="iv-count">{t("ivCount")}</label>
              <input id="iv-count" type="number" min={1} max={12} value={count} onInput={(e) => setCount(Number((e.target as HTMLInputElement).value))} />
            </div>
            <button type="submit" class="primary">{t("ivPlan")}</button>
          </form>
          {error && <p role="alert" class="error">{error}</p>}
          <section aria-labelledby="iv-held">
            <h2 id="iv-held">{t("ivSessions")}</h2>
            {data.sessions.length === 0 && <p>{t("ivNoSessions")}</p>}
            <ul class="list">
              {data.sessions.map((s) => (
                <li key={s.id} class="card">
                  <h3>{t("ivSessionN", { n: s.number })}</h3>
                  <p class="meta">{formatDate(s.starts_at)} · {statusText(t, s.status)}</p>
                  <p>{s.attendees.length ? t("ivAttended", { names: s.attendees.map((a) => a.display_name).join(", ") }) : t("ivNobodyAttended")}</p>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
