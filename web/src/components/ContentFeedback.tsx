// How a learner tells the authors what a lesson or video did for them: useful, learned something,
// outdated (it goes to the authors' to-do list, with what is outdated), or a question.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { errorText, useLoad } from "./common";
import { useT, type Key } from "../i18n";

type Reaction = Schemas["ContentReactionDraft"]["reaction"];
const REACTIONS: [Reaction, Key][] = [
  ["useful", "feedbackUseful"],
  ["learned", "feedbackLearned"],
  ["outdated", "feedbackOutdated"],
  ["question", "feedbackQuestion"],
];

export function ContentFeedback(props: { contentId: string }) {
  const t = useT();
  const path = { params: { path: { content_id: props.contentId } } };
  const current = useLoad(() => ok(() => api.GET("/v1/learning/{content_id}/reactions", path)), [props.contentId]);
  const [choice, setChoice] = useState<Reaction | null>(null);
  const [note, setNote] = useState("");
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const chosen = choice ?? current.data?.mine?.reaction ?? null;
  const withNote = chosen === "outdated" || chosen === "question";
  return (
    <form
      class="card"
      aria-labelledby="feedback-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!chosen) return;
        try {
          const saved = await ok(() => api.PUT("/v1/learning/{content_id}/reaction", { ...path, body: { reaction: chosen, note: withNote && note.trim() ? note.trim() : null } }));
          current.setData(saved);
          setError("");
          setStatus(chosen === "outdated" ? t("feedbackSentOutdated") : t("feedbackSent"));
        } catch (caught) {
          setError(t("errorGeneric", { detail: errorText(caught) }));
        }
      }}
    >
      <h2 id="feedback-title">{t("feedbackTitle")}</h2>
      <fieldset>
        <legend>{t("feedbackPrompt")}</legend>
        {REACTIONS.map(([reaction, key]) => (
          <label key={reaction} class="option">
            <input type="radio" name="content-reaction" value={reaction} checked={chosen === reaction} onChange={() => setChoice(reaction)} />
            {t(key)}
          </label>
        ))}
      </fieldset>
      {withNote && (
        <div class="field">
          <label for="feedback-note">{chosen === "outdated" ? t("feedbackWhatOutdated") : t("feedbackYourQuestion")}</label>
          <textarea id="feedback-note" maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
        </div>
      )}
      {current.data && <p class="meta">{t("feedbackScore", { score: current.data.score })}</p>}
      {error && <p role="alert" class="error">{error}</p>}
      {status && <p role="status" class="notice">{status}</p>}
      <button type="submit" disabled={!chosen}>{t("feedbackSend")}</button>
    </form>
  );
}
