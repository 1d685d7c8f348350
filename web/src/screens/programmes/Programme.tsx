// One programme: signing up while the window is open; for organisers, the window, the matching and
// the review of the proposal (scores with their reasons; unpair, pair by hand, swap; publish).
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { Notice, Status, Title, errorText, useLoad } from "../../components/common";
import { me } from "../../me";
import { useStore } from "../../store";
import { isOrgManager } from "../admin/access";
import { useProgrammeT, type ProgrammeKey } from "./i18n";
import { splitList } from "./Programmes";

type Programme = Schemas["Programme"];
type Proposal = Schemas["Proposal"];
type Reason = Schemas["ScoreReason"];

function useAction(onDone: () => void) {
  const t = useProgrammeT();
  const [error, setError] = useState("");
  const run = async (work: () => Promise<unknown>) => {
    setError("");
    try {
      await work();
      onDone();
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    }
  };
  return { error, run };
}

function SignUpForm(props: { programme: Programme; onDone: () => void }) {
  const t = useProgrammeT();
  const mine = props.programme.my_signup;
  const mentoring = props.programme.kind === "mentoring";
  const [role, setRole] = useState(mine?.role ?? (mentoring ? "mentee" : "buddy"));
  const [capacity, setCapacity] = useState(String(mine?.capacity || 2));
  const [offers, setOffers] = useState((mine?.offers ?? []).join(", "));
  const [wants, setWants] = useState((mine?.wants ?? []).join(", "));
  const [languages, setLanguages] = useState((mine?.languages ?? [document.documentElement.lang || "en"]).join(", "));
  const [timeZone, setTimeZone] = useState(mine?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [availability, setAvailability] = useState((mine?.availability ?? []).join(", "));
  const [goal, setGoal] = useState(mine?.goal ?? "");
  const action = useAction(props.onDone);
  const field = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} value={value} onInput={(e) => set((e.target as HTMLInputElement).value)} />
    </div>
  );
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        const body = {
          role: role as "buddy" | "mentor" | "mentee",
          capacity: role === "mentor" ? Number(capacity) : 0,
          offers: splitList(offers),
          wants: splitList(wants),
          languages: splitList(languages),
          time_zone: timeZone,
          availability: splitList(availability),
          goal,
        };
        const path = { programme_id: props.programme.id };
        void action.run(() => ok(() => api.PUT("/v1/programmes/{programme_id}/signup", { params: { path }, body })));
      }}
    >
      <h2>{t("progSignUp")}</h2>
      {mine && <p role="status">{t("progSignedUp")}</p>}
      {mentoring && (
        <fieldset>
          <legend>{t("progRole")}</legend>
          {(["mentee", "mentor"] as const).map((r) => (
            <label key={r} class="option">
              <input type="radio" name="prog-role" checked={role === r} onChange={() => setRole(r)} />
              {t(r === "mentor" ? "progRoleMentor" : "progRoleMentee")}
            </label>
          ))}
        </fieldset>
      )}
      {role === "mentor" && field("prog-capacity", t("progCapacity"), capacity, setCapacity)}
      {field("prog-offers", t("progOffers"), offers, setOffers)}
      {field("prog-wants", t("progWants"), wants, setWants)}
      {field("prog-languages", t("progLanguages"), languages, setLanguages)}
      {field("prog-tz", t("progTimeZone"), timeZone, setTimeZone)}
      {field("prog-availability", t("progAvailability"), availability, setAvailability)}
      {field("prog-goal", t("progGoal"), goal, setGoal)}
      {action.error && <p role="alert" class="error">{action.error}</p>}
      <button type="submit" class="primary">{t("progSignUp")}</button>
    </form>
  );
}

export function ReasonList(props: { reasons: Reason[] }) {
  const t = useProgrammeT();
  const text = (r: Reason) =>
    r.code === "skill" ? t("progReasonSkill", { detail: r.detail }) : r.code === "language" ? t("progReasonLanguage", { detail: r.detail }) : t("progReasonHours", { detail: r.detail });
  return (
    <ul class="reasons">
      {props.reasons.map((r, i) => (
        <li key={i}>{text(r)}: +{r.points}</li>
      ))}
    </ul>
  );
}

function Review(props: { programme: Programme; onChange: () => void }) {
  const t = useProgrammeT();
  const path = { programme_id: props.programme.id };
  const proposal = useLoad(() => ok(() => api.GET("/v1/programmes/{programme_id}/proposal", { params: { path } })), [props.programme.status]);
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const show = (next: Proposal) => proposal.setData(next);
  const action = useAction(() => undefined);
  const adjust = (body: { action: "pair" | "unpair" | "swap"; first: string; second: string }) =>
    action.run(async () => show(await ok(() => api.POST("/v1/programmes/{programme_id}/proposal/adjustments", { params: { path }, body }))));
  const data = proposal.data;
  const everyone = data ? [...data.pairs.flatMap((p) => [[p.first_id, p.first_name], [p.second_id, p.second_name]]), ...data.unmatched.map((s) => [s.user_id, s.display_name])] : [];
  const picker = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        <option value="">—</option>
        {everyone.map(([userId, name]) => <option key={userId} value={userId}>{name}</option>)}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="proposal" class="card">
      <h2 id="proposal">{t("progProposal")}</h2>
      <Status state={proposal} />
      {data && <p>{t("progProposalScore", { points: data.points, bound: data.bound })}</p>}
      <ol class="plain proposal">
        {(data?.pairs ?? []).map((p) => (
          <li key={`${p.first_id}-${p.second_id}`} class="card">
            <strong>{p.first_name} + {p.second_name}</strong> · {t("progPoints", { points: p.points })}
            {p.by_hand && <span class="meta"> · {t("progByHand")}</span>}
            <ReasonList reasons={p.reasons} />
            <button type="button" onClick={() => void adjust({ action: "unpair", first: p.first_id, second: p.second_id })}>{t("progUnpair")}</button>
          </li>
        ))}
      </ol>
      {data && data.unmatched.length > 0 && (
        <>
          <h3>{t("progUnmatched")}</h3>
          <ul>{data.unmatched.map((s) => <li key={s.user_id}>{s.display_name}</li>)}</ul>
        </>
      )}
      {picker("prog-first", t("progFirst"), first, setFirst)}
      {picker("prog-second", t("progSecond"), second, setSecond)}
      <button type="button" onClick={() => void adjust({ action: "pair", first, second })}>{t("progPairThem")}</button>{" "}
      <button type="button" onClick={() => void adjust({ action: "swap", first, second })}>{t("progSwap")}</button>
      {action.error && <p role="alert" class="error">{action.error}</p>}
      <p>
        <button type="button" class="primary" onClick={() => void action.run(async () => { await ok(() => api.POST("/v1/programmes/{programme_id}/publish", { params: { path } })); props.onChange(); })}>
          {t("progPublish")}
        </button>
      </p>
    </section>
  );
}

function Organise(props: { programme: Programme; onChange: () => void }) {
  const t = useProgrammeT();
  const p = props.programme;
  const path = { programme_id: p.id };
  const action = useAction(props.onChange);
  const window = (open: boolean) => action.run(() => ok(() => api.PUT("/v1/programmes/{programme_id}/window", { params: { path }, body: { open } })));
  return (
    <section aria-labelledby="organise">
      <h2 id="organise">{t("progOrganise")}</h2>
      <p>{t("progSignups", { count: p.signup_count })}</p>
      <p>
        {p.status === "open" && <button type="button" onClick={() => void window(false)}>{t("progCloseWindow")}</button>}
        {(p.status === "closed" || p.status === "scheduled" || p.status === "published") && <button type="button" onClick={() => void window(true)}>{t("progOpenWindow")}</button>}{" "}
        {["open", "closed", "review", "published"].includes(p.status) && (
          <button type="button" class={p.status === "review" ? "" : "primary"} onClick={() => void action.run(() => ok(() => api.POST("/v1/programmes/{programme_id}/matching", { params: { path } })))}>
            {t("progStartMatching")}
          </button>
        )}
      </p>
      {(p.status === "matching" || p.status === "publishing") && (
        <p role="status">
          {t(p.status === "matching" ? "progMatching" : "progPublishing")} <button type="button" onClick={props.onChange}>{t("progRefresh")}</button>
        </p>
      )}
      {p.status === "published" && <Notice text={t("progPublished")} />}
      {action.error && <p role="alert" class="error">{action.error}</p>}
      {p.status === "review" && <Review programme={p} onChange={props.onChange} />}
    </section>
  );
}

export function ProgrammeScreen(props: { programmeId: string }) {
  const t = useProgrammeT();
  const member = useStore(me);
  const path = { programme_id: props.programmeId };
  const programme = useLoad(() => ok(() => api.GET("/v1/programmes/{programme_id}", { params: { path } })), [props.programmeId]);
  const p = programme.data;
  return (
    <>
      <Title>{p?.name ?? t("progTitle")}</Title>
      <Status state={programme} />
      {p && (
        <>
          {p.description && <p>{p.description}</p>}
          <p class="meta">{t(p.kind === "mentoring" ? "progKindMentoring" : "progKindBuddies")} · {t("progStatus", { status: t(`progStatus_${p.status}` as ProgrammeKey) })}</p>
          {p.status === "open" ? <SignUpForm programme={p} onDone={programme.reload} /> : p.my_signup ? <p>{t("progSignedUp")}</p> : <p>{t("progClosed")}</p>}
          {isOrgManager(member) && <Organise programme={p} onChange={programme.reload} />}
        </>
      )}
    </>
  );
}
