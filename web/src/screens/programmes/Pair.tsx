// My pair: who, why we were matched, our private thread (with the check-in guides), ending with
// feedback to each other, or asking for a new match.
import { useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { Status, Title, errorText, useLoad } from "../../components/common";
import { formatDate } from "../../i18n";
import { me } from "../../me";
import { href } from "../../router";
import { useStore } from "../../store";
import { useProgrammeT } from "./i18n";
import { ReasonList } from "./Programme";

export function PairScreen(props: { pairId: string }) {
  const t = useProgrammeT();
  const member = useStore(me);
  const path = { pair_id: props.pairId };
  const pair = useLoad(() => ok(() => api.GET("/v1/pairs/{pair_id}", { params: { path } })), [props.pairId]);
  const thread = useLoad(() => ok(() => api.GET("/v1/pairs/{pair_id}/messages", { params: { path, query: { limit: 50 } } })), [props.pairId]);
  const [body, setBody] = useState("");
  const [feedback, setFeedback] = useState("");
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const run = async (work: () => Promise<unknown>, after: () => void) => {
    setError("");
    try {
      await work();
      after();
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    }
  };
  const p = pair.data;
  const partner = p ? p.member_names[p.member_ids[0] === member?.id ? 1 : 0] : "";
  const gaveFeedback = !!p && !!member && p.feedback_from.includes(member.id);
  const messages = [...(thread.data?.items ?? [])].reverse();
  if (done) {
    return (
      <>
        <Title>{t("pairTitle")}</Title>
        <p role="status">{done}</p>
        <p><a href={href("/programmes")}>{t("progTitle")}</a></p>
      </>
    );
  }
  return (
    <>
      <Title>{p ? t("progWith", { name: partner }) : t("pairTitle")}</Title>
      <Status state={pair} />
      {p && (
        <>
          <p class="meta">{p.programme_name}</p>
          <details>
            <summary>{t("pairWhy")}</summary>
            <ReasonList reasons={p.reasons} />
          </details>
          <section aria-labelledby="pair-thread">
            <h2 id="pair-thread">{t("pairThread")}</h2>
            <Status state={thread} />
            <ol class="plain thread">
              {messages.map((m) => (
                <li key={m.id} class={`card message ${m.kind}`}>
                  <p class="meta">
                    {m.kind === "check_in" ? t("pairCheckIn") : m.author_name}
                    {m.kind === "feedback" && ` · ${t("pairFeedback")}`} · {formatDate(m.created_at)}
                  </p>
                  <p>{m.body}</p>
                </li>
              ))}
            </ol>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => ok(() => api.POST("/v1/pairs/{pair_id}/messages", { params: { path }, body: { body } })), () => { setBody(""); thread.reload(); });
              }}
            >
              <div class="field">
                <label for="pair-message">{t("pairWrite")}</label>
                <textarea id="pair-message" required maxLength={2000} value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
              </div>
              <button type="submit" class="primary">{t("send")}</button>
            </form>
          </section>
          {gaveFeedback ? (
            <p role="status">{t("pairFeedbackGiven")}</p>
          ) : (
            <form
              class="card"
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => ok(() => api.POST("/v1/pairs/{pair_id}/feedback", { params: { path }, body: { feedback } })), () => { pair.reload(); thread.reload(); });
              }}
            >
              <h2>{t("pairEnd")}</h2>
              <div class="field">
                <label for="pair-feedback">{t("pairFeedbackField")}</label>
                <textarea id="pair-feedback" required maxLength={2000} value={feedback} onInput={(e) => setFeedback((e.target as HTMLTextAreaElement).value)} />
              </div>
              <button type="submit">{t("pairEnd")}</button>
            </form>
          )}
          <p>
            <button type="button" onClick={() => void run(() => ok(() => api.POST("/v1/pairs/{pair_id}/rematch", { params: { path } })), () => setDone(t("pairRematchDone")))}>
              {t("pairRematch")}
            </button>
          </p>
          {error && <p role="alert" class="error">{error}</p>}
        </>
      )}
    </>
  );
}
