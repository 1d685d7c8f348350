// The live intervision session on a phone: the phase the facilitator moved the group to, its time
// left, what I do in it by my role, and what was said. While the session is planned or live the
// phone asks for the small live state (one request, two item reads; a 304 with no body when its
// tag is the one the phone has) and reads the whole session again only when its version moved.
// It asks 5 s after a change, then 10 s, then every 20 s while nothing moves; at once when the
// screen comes back into view, and 5 s after one's own action (which reads the session again).
// The phase's time left keeps running on the phone from phase_ends_at.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, newIdempotencyKey, ok, type Schemas } from "../../api/client";
import { Status, Title, errorText, useLoad } from "../../components/common";
import { language, useT as useAppT } from "../../i18n";
import { me } from "../../me";
import { href } from "../../router";
import { useStore } from "../../store";
import { clock, useIntervisionT, type IntervisionKey } from "./i18n";

type Detail = Schemas["SessionDetail"];
type Live = Schemas["LiveState"];
const LIVE_STEPS_MS = [5000, 10000, 20000]; // bench/cost.py INTERVISION_LIVE_STEPS prices it
type LivePath = { group_id: string; session_id: string };

// The live state, or "unchanged" when the server answers 304 to the tag the phone has.
async function fetchLive(path: LivePath, tag: string): Promise<{ live: Live; tag: string } | "unchanged"> {
  let etag = "";
  try {
    const live = await ok(async () => {
      const result = await api.GET("/v1/intervision/groups/{group_id}/sessions/{session_id}/live", { params: { path }, headers: tag ? { "If-None-Match": tag } : {} });
      etag = result.response.headers.get("ETag") ?? "";
      return result;
    });
    return { live, tag: etag };
  } catch (caught) {
    if (caught instanceof ApiError && caught.status === 304) return "unchanged";
    throw caught;
  }
}

const WRITE_LABEL: Record<string, IntervisionKey> = {
  questions: "ivWriteQuestions",
  analysis: "ivWriteAnalysis",
  advice: "ivWriteAdvice",
  evaluation: "ivWriteEvaluation",
  associations: "ivWriteAssociations",
};

function useSecondsLeft(live: Live | undefined): number | null {
  const [now, setNow] = useState(Date.now());
  const skew = useRef(0);
  useEffect(() => {
    if (live) skew.current = Date.parse(live.now) - Date.now();
  }, [live]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!live?.phase_ends_at) return null;
  return Math.max(0, Math.round((Date.parse(live.phase_ends_at) - (now + skew.current)) / 1000));
}

// `key`: the Idempotency-Key of what is being sent; sent again (a retry after an error) it is written
// once. A new one after each success.
function Form(props: { label: string; id: string; button?: string; multiline?: boolean; onSend: (text: string, key: string) => Promise<unknown> }) {
  const t = useIntervisionT();
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const [sending, setSending] = useState(false);
  const key = useRef(newIdempotencyKey());
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        setSending(true);
        try {
          await props.onSend(text, key.current);
          key.current = newIdempotencyKey();
          setText("");
          setError("");
        } catch (caught) {
          setError(t("errorGeneric", { detail: errorText(caught) }));
        } finally {
          setSending(false);
        }
      }}
    >
      <div class="field">
        <label for={props.id}>{props.label}</label>
        {props.multiline ? (
          <textarea id={props.id} required maxLength={2000} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        ) : (
          <input id={props.id} required maxLength={120} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        )}
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      <button type="submit" class="primary" disabled={sending}>{props.button ?? t("send")}</button>
    </form>
  );
}

export function SessionScreen(props: { groupId: string; sessionId: string }) {
  const t = useIntervisionT();
  useAppT();
  const member = useStore(me);
  const lang = useStore(language);
  const path = { group_id: props.groupId, session_id: props.sessionId };
  const group = useLoad(() => ok(() => api.GET("/v1/intervision/groups/{group_id}", { params: { path: { group_id: props.groupId } } })), [props.groupId]);
  const detail = useLoad(
    () => ok(() => api.GET("/v1/intervision/groups/{group_id}/sessions/{session_id}", { params: { path, query: { language: lang } } })),
    [props.groupId, props.sessionId, lang],
  );
  const [live, setLive] = useState<Live | undefined>(undefined);
  const [error, setError] = useState("");
  const attended = useRef(false);
  const d: Detail | undefined = detail.data;
  const state = live && d && live.version >= d.live.version ? live : d?.live;
  const left = useSecondsLeft(state);
  const running = state?.status !== "closed";

  // The modest refresh: soon after a change, less often while nothing moves (a new version of the
  // session, after anyone's action or my own, starts again at 5 s).
  const tag = useRef("");
  useEffect(() => {
    if (!d || !running) return;
    let quiet = 0; // asks in a row that found nothing new
    let timer = 0;
    let stopped = false;
    let asked = 0;
    const schedule = () => {
      if (!stopped) timer = window.setTimeout(poll, LIVE_STEPS_MS[Math.min(quiet, LIVE_STEPS_MS.length - 1)]);
    };
    const poll = async () => {
      if (document.hidden) return schedule(); // a phone in a pocket asks nothing
      asked = Date.now();
      try {
        const fresh = await fetchLive(path, tag.current);
        if (fresh === "unchanged") quiet += 1;
        else {
          quiet = fresh.tag === tag.current ? quiet + 1 : 0;
          tag.current = fresh.tag;
          setLive(fresh.live);
          if (fresh.live.version !== d.live.version) detail.reload();
        }
      } catch {
        quiet += 1; // the next ask tries again
      }
      schedule();
    };
    const backInView = () => {
      if (document.hidden || Date.now() - asked < 1000) return; // focus and visibility come together
      window.clearTimeout(timer);
      quiet = 0;
      void poll();
    };
    document.addEventListener("visibilitychange", backInView);
    window.addEventListener("focus", backInView);
    schedule();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", backInView);
      window.removeEventListener("focus", backInView);
    };
  }, [d?.live.version, running]);

  useEffect(() => {
    if (!d || !member || attended.current || d.live.status !== "live" || d.attendee_ids.includes(member.id)) return;
    attended.current = true;
    void api.PUT("/v1/intervision/groups/{group_id}/sessions/{session_id}/attendance", { params: { path } });
  }, [d?.live.status]);

  const names = new Map((group.data?.members ?? []).map((m) => [m.id, m.display_name]));
  const name = (id: string | null | undefined) => (id ? names.get(id) ?? "" : "");
  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      setError("");
      detail.reload();
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    }
  };
  if (!d) return (<><Title>{t("ivTitle")}</Title><Status state={detail} /></>);

  const session = d.session;
  const me_ = member?.id ?? "";
  const isFacilitator = session.facilitator_id === me_;
  const isOwner = !!session.case_owner_id && session.case_owner_id === me_;
  const index = d.live.phase;
  const phase = d.live.status === "live" ? d.phases[index] : undefined;
  const myRoles = new Set(["member", ...(isFacilitator ? ["facilitator"] : []), ...(session.timekeeper_id === me_ ? ["timekeeper"] : []), ...(isOwner ? ["case_owner"] : [])]);
  const chosen = d.cases.find((c) => c.id === d.chosen_case_id);
  const advice = d.notes.filter((n) => n.phase_key === "advice");
  const written = phase ? d.notes.filter((n) => n.phase_key === phase.key) : [];
  const move = () => act(() => ok(() => api.POST("/v1/intervision/groups/{group_id}/sessions/{session_id}/phase", { params: { path }, body: { from_phase: index } })));

  return (
    <>
      <Title>{group.data ? `${group.data.group.name}: ${t("ivSessionN", { n: session.number })}` : t("ivSessionN", { n: session.number })}</Title>
      <p class="meta">
        {d.method_name}
        {isFacilitator && <> · <strong>{t("ivYouFacilitate")}</strong></>}
        {session.timekeeper_id === me_ && <> · <strong>{t("ivYouKeepTime")}</strong></>}
        {isOwner && <> · <strong>{t("ivYourCase")}</strong></>}
      </p>
      {d.live.status === "planned" && <p>{t("ivNotStarted")}</p>}
      {d.live.status === "closed" && <p role="status">{t("ivOver")}</p>}
      {phase && (
        <section class="card" aria-labelledby="iv-phase">
          <p class="meta">{t("ivPhaseOf", { n: index + 1, total: d.phases.length })}</p>
          <h2 id="iv-phase">{phase.title}</h2>
          <p role="timer" aria-live="off" class="meta">{left === null ? "" : left > 0 ? t("ivTimeLeft", { time: clock(left) }) : t("ivTimeUp")}</p>
          {phase.instructions.filter((i) => myRoles.has(i.role)).map((i) => <p key={i.role}>{i.text}</p>)}
        </section>
      )}
      {chosen && d.live.status !== "planned" && <p><strong>{t("ivChosenCase", { title: chosen.title })}</strong> ({name(chosen.author_id)})</p>}

      {phase?.kind === "cases" && (
        <>
          <Form id="iv-case" label={t("ivCaseTitle")} onSend={(title, key) => ok(() => api.POST("/v1/intervision/groups/{group_id}/sessions/{session_id}/cases", { params: { path, header: { "Idempotency-Key": key } }, body: { title, summary: "" } })).then(() => detail.reload())} />
          <h3>{t("ivCases")}</h3>
          {d.cases.length === 0 && <p>{t("ivNoCases")}</p>}
          <ul class="list">{d.cases.map((c) => <li key={c.id}>{c.title} <span class="meta">({name(c.author_id)})</span></li>)}</ul>
        </>
      )}

      {phase?.kind === "choose" && (
        <ul class="list">
          {d.cases.map((c) => (
            <li key={c.id} class="card">
              <h3>{c.title}</h3>
              <p class="meta">{name(c.author_id)} · {t("ivVotes", { count: c.votes })}</p>
              {d.my_vote === c.id ? (
                <p><strong>{t("ivChosenByYou")}</strong></p>
              ) : (
                <button type="button" aria-label={`${t("ivChooseThis")}: ${c.title}`} onClick={() => act(() => ok(() => api.PUT("/v1/intervision/groups/{group_id}/sessions/{session_id}/vote", { params: { path }, body: { case_id: c.id } })))}>{t("ivChooseThis")}</button>
              )}
            </li>
          ))}
        </ul>
      )}

      {phase?.kind === "notes" && !(phase.key === "advice" && isOwner) && (
        <Form
          id={`iv-note-${phase.key}`}
          multiline
          label={t(WRITE_LABEL[phase.key] ?? "ivWrite", { name: name(session.case_owner_id) })}
          onSend={(text, key) => ok(() => api.POST("/v1/intervision/groups/{group_id}/sessions/{session_id}/notes", { params: { path, header: { "Idempotency-Key": key } }, body: { text } })).then(() => detail.reload())}
        />
      )}
      {phase?.kind === "notes" && phase.key !== "advice" && written.length > 0 && (
        <section aria-labelledby="iv-written">
          <h3 id="iv-written">{t("ivWritten")}</h3>
          <ul class="list">{written.map((n) => <li key={n.id}>{n.text} <span class="meta">({name(n.author_id)})</span></li>)}</ul>
        </section>
      )}
      {isOwner && advice.length > 0 && (
        <section aria-labelledby="iv-advice" class="card">
          <h2 id="iv-advice">{t("ivAdviceForYou")}</h2>
          <ul class="list">{advice.map((n) => <li key={n.id}>{n.text} <span class="meta">({name(n.author_id)})</span></li>)}</ul>
        </section>
      )}
      {phase?.actions && isOwner && (
        <Form id="iv-action" label={t("ivActionText")} button={t("ivAddAction")} onSend={(text, key) => ok(() => api.POST("/v1/intervision/groups/{group_id}/sessions/{session_id}/actions", { params: { path, header: { "Idempotency-Key": key } }, body: { text } })).then(() => detail.reload())} />
      )}
      {d.actions.length > 0 && (
        <section aria-labelledby="iv-actions">
          <h3 id="iv-actions">{t("ivActionsTaken")}</h3>
          <ul class="list">{d.actions.map((a) => <li key={a.id}>{a.text} <span class="meta">({name(a.owner_id)})</span></li>)}</ul>
        </section>
      )}
      {d.earlier_actions.length > 0 && d.live.status !== "closed" && (
        <section aria-labelledby="iv-earlier">
          <h3 id="iv-earlier">{t("ivEarlierActions")}</h3>
          <ul class="list">{d.earlier_actions.map((a) => <li key={a.id}>{a.done ? "✓ " : ""}{a.text} <span class="meta">({name(a.owner_id)})</span></li>)}</ul>
        </section>
      )}
      {error && <p role="alert" class="error">{error}</p>}
      {isFacilitator && d.live.status !== "closed" && (
        <button type="button" class="primary" onClick={move}>
          {d.live.status === "planned" ? t("ivStart") : index + 1 >= d.phases.length ? t("ivFinish") : t("ivNext")}
        </button>
      )}
      <p><a href={href(`/intervision/groups/${props.groupId}`)}>{group.data?.group.name ?? t("ivTitle")}</a></p>
    </>
  );
}
