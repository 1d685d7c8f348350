// The daily refresher session: the questions I met before, back on the day FSRS picked. I answer each
// again; the server grades it, and the grade (with how sure I was, when right) decides when it comes
// back. A wrong answer always comes back the next day.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { Status, Title, errorText, useLoad } from "../components/common";
import { formatDay, language, useT } from "../i18n";
import { href } from "../router";
import { useStore } from "../store";

type Card = Schemas["RefresherCard"];
type Outcome = Schemas["RefresherOutcome"];
type Confidence = "hard" | "good" | "easy";

function AnswerForm(props: { card: Card; position: number; total: number; onAnswered: (outcome: Outcome) => void }) {
  const t = useT();
  const q = props.card;
  const [chosen, setChosen] = useState<string[]>([]);
  const [number, setNumber] = useState("");
  const [confidence, setConfidence] = useState<Confidence>("good");
  const [error, setError] = useState("");
  const multiple = q.kind === "multiple";
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        const body = q.kind === "numeric" ? { number: Number(number), option_ids: null, confidence } : { option_ids: chosen, number: null, confidence };
        try {
          props.onAnswered(await ok(() => api.POST("/v1/me/refreshers/{question_id}/answer", { params: { path: { question_id: q.question_id } }, body })));
        } catch (caught) {
          setError(t("errorGeneric", { detail: errorText(caught) }));
        }
      }}
    >
      <p class="meta">{t("refresherOf", { n: props.position, total: props.total })}</p>
      <fieldset>
        <legend><h2>{q.prompt}</h2></legend>
        {q.image_url && <img src={q.image_url} alt="" />}
        {q.kind === "numeric" ? (
          <div class="field">
            <label for="refresher-number">{t("yourAnswer")}</label>
            <input id="refresher-number" type="number" inputMode="decimal" step="any" required value={number} onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
          </div>
        ) : (
          q.options.map((option) => (
            <label key={option.id} class="option">
              <input
                type={multiple ? "checkbox" : "radio"}
                name="refresher-answer"
                value={option.id}
                checked={chosen.includes(option.id)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  setChosen(multiple ? (on ? [...chosen, option.id] : chosen.filter((id) => id !== option.id)) : [option.id]);
                }}
              />
              {option.text}
            </label>
          ))
        )}
      </fieldset>
      <fieldset>
        <legend>{t("refresherHowSure")}</legend>
        {(["hard", "good", "easy"] as const).map((level) => (
          <label key={level} class="option">
            <input type="radio" name="refresher-confidence" value={level} checked={confidence === level} onChange={() => setConfidence(level)} />
            {t(level === "hard" ? "refresherHard" : level === "easy" ? "refresherEasy" : "refresherGood")}
          </label>
        ))}
        <p class="hint">{t("refresherRatingHint")}</p>
      </fieldset>
      {error && <p role="alert" class="error">{error}</p>}
      <button type="submit" class="primary" disabled={q.kind !== "numeric" && chosen.length === 0}>{t("submitAnswer")}</button>
    </form>
  );
}

function OutcomeCard(props: { outcome: Outcome; last: boolean; onNext: () => void }) {
  const t = useT();
  const o = props.outcome;
  return (
    <div class="card" role="status">
      <h2>{o.correct ? t("correct") : t("wrong")}</h2>
      {o.explanation && (
        <>
          <h3>{t("explanation")}</h3>
          <p>{o.explanation}</p>
        </>
      )}
      <p>{t("refresherComesBack", { date: formatDay(o.card.due_on) })}</p>
      <button type="button" class="primary" onClick={props.onNext} autoFocus>{props.last ? t("finished") : t("nextRefresher")}</button>
    </div>
  );
}

export function Refreshers() {
  const t = useT();
  const lang = useStore(language);
  const session = useLoad(() => ok(() => api.GET("/v1/me/refreshers", { params: { query: { language: lang } } })), [lang]);
  const [index, setIndex] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const items = session.data?.items ?? [];
  const card = items[index];
  return (
    <>
      <Title>{t("refreshersTitle")}</Title>
      <p class="hint">{t("refreshersIntro")}</p>
      <Status state={session} />
      {session.data && items.length === 0 && <p>{t("refreshersNone")}</p>}
      {card && !outcome && <AnswerForm key={card.question_id} card={card} position={index + 1} total={items.length} onAnswered={setOutcome} />}
      {outcome && (
        <OutcomeCard
          outcome={outcome}
          last={index + 1 >= items.length}
          onNext={() => {
            setOutcome(null);
            setIndex(index + 1);
          }}
        />
      )}
      {session.data && items.length > 0 && index >= items.length && (
        <div class="card" role="status">
          <h2>{t("refreshersDone")}</h2>
          {session.data.more_due && <button type="button" onClick={() => { setIndex(0); session.reload(); }}>{t("refreshersMore")}</button>}
          <p><a href={href("/")}>{t("navHome")}</a></p>
        </div>
      )}
    </>
  );
}
