// Play a practice quiz or a campaign's quiz against the server's timer: the deadline is the server's
// answer_by (shown as a countdown measured from when the question arrived, so a skewed clock on the
// phone does not matter), the server decides late answers, and the results show every explanation.
// Each answer asks for the next question in the same request (serve_next): the server serves it as
// the answer arrives, so it is shown at once, under the verdict of the answer before it; /play/next
// is asked only to start or resume (bench/cost.py prices one a quiz).
import { useEffect, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok, type Schemas } from "../api/client";
import { Board } from "../components/Board";
import { Notice, Status, Title, errorText, useLoad } from "../components/common";
import { useT } from "../i18n";
import { href } from "../router";

type Next = Schemas["NextQuestion"];
type Result = Schemas["AnswerResult"];
type Draft = Schemas["AnswerDraft"];

interface Source {
  next(): Promise<Next>;
  answer(draft: Draft): Promise<Result>;
  results(): Promise<Schemas["PlayResults"]>;
}

function campaignSource(campaignId: string): Source {
  const path = { path: { campaign_id: campaignId } };
  return {
    next: () => ok(() => api.POST("/v1/campaigns/{campaign_id}/play/next", { params: path })),
    answer: (draft) => {
      const key = newIdempotencyKey();
      return ok(() => api.POST("/v1/campaigns/{campaign_id}/play/answers", { params: { ...path, header: { "Idempotency-Key": key } }, body: draft }));
    },
    results: () => ok(() => api.GET("/v1/campaigns/{campaign_id}/play/results", { params: path })),
  };
}

function quizSource(quizId: string): Source {
  const path = { path: { quiz_id: quizId } };
  return {
    next: () => ok(() => api.POST("/v1/quizzes/{quiz_id}/play/next", { params: path })),
    answer: (draft) => {
      const key = newIdempotencyKey();
      return ok(() => api.POST("/v1/quizzes/{quiz_id}/play/answers", { params: { ...path, header: { "Idempotency-Key": key } }, body: draft }));
    },
    results: () => ok(() => api.GET("/v1/quizzes/{quiz_id}/play/results", { params: path })),
  };
}

function useCountdown(question: Schemas["ServedQuestion"] | null | undefined): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (!question) return;
    const allowed = new Date(question.answer_by).getTime() - new Date(question.served_at).getTime();
    const deadline = Date.now() + allowed;
    const tick = () => setLeft(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
    tick();
    const timer = window.setInterval(tick, 250);
    return () => window.clearInterval(timer);
  }, [question?.question_id]);
  return left;
}

function QuestionForm(props: { next: Next; onAnswered: (result: Result) => void; source: Source }) {
  const t = useT();
  const q = props.next.question!;
  const left = useCountdown(q);
  const [chosen, setChosen] = useState<string[]>([]);
  const [number, setNumber] = useState("");
  const [error, setError] = useState("");
  const multiple = q.kind === "multiple";
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        const draft: Draft = q.kind === "numeric" ? { question_id: q.question_id, number: Number(number), option_ids: null, serve_next: true } : { question_id: q.question_id, option_ids: chosen, number: null, serve_next: true };
        try {
          props.onAnswered(await props.source.answer(draft));
        } catch (caught) {
          setError(t("errorGeneric", { detail: errorText(caught) }));
        }
      }}
    >
      <p class="meta">{t("questionOf", { n: q.position, total: props.next.total_questions })}</p>
      <p class="timer" role="timer" aria-live={left <= 5 ? "assertive" : "off"}>
        {left > 0 ? t("timeLeft", { seconds: left }) : t("timeUp")}
      </p>
      <progress max={q.seconds_allowed} value={left} aria-hidden="true" />
      <fieldset>
        <legend><h2>{q.prompt}</h2></legend>
        {q.image_url && <img src={q.image_url} alt="" />}
        {q.kind === "numeric" ? (
          <div class="field">
            <label for="answer-number">{t("yourAnswer")}</label>
            <input id="answer-number" type="number" inputMode="decimal" step="any" required value={number} onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
          </div>
        ) : (
          q.options.map((option) => (
            <label key={option.id} class="option">
              <input
                type={multiple ? "checkbox" : "radio"}
                name="answer"
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
      {error && <p role="alert" class="error">{error}</p>}
      <button type="submit" class="primary" disabled={q.kind !== "numeric" && chosen.length === 0}>{t("submitAnswer")}</button>
    </form>
  );
}

// The verdict of the answer just given, above the next question (whose clock already runs).
function Feedback(props: { result: Result }) {
  const t = useT();
  const r = props.result;
  return (
    <div class="card" role="status">
      <h2>{r.late ? t("timeUp") : r.correct ? t("correct") : t("wrong")}</h2>
      <p>+{r.points}</p>
      {r.explanation && (
        <>
          <h3>{t("explanation")}</h3>
          <p>{r.explanation}</p>
        </>
      )}
    </div>
  );
}

function Results(props: { source: Source; campaignId?: string }) {
  const t = useT();
  const results = useLoad(() => props.source.results(), []);
  const r = results.data;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t("results")}</h2>
      <Status state={results} />
      {r && (
        <>
          <p class="stat">{t("score", { correct: r.correct, total: r.total_questions, points: r.points })}</p>
          <ol class="list">
            {r.items.map((item) => (
              <li key={item.question_id}>
                <h3>{item.prompt}</h3>
                <p>{item.correct ? `✓ ${t("correct")}` : `✗ ${item.late ? t("timeUp") : t("wrong")}`} · +{item.points}</p>
                {item.explanation && <p><strong>{t("explanation")}:</strong> {item.explanation}</p>}
              </li>
            ))}
          </ol>
        </>
      )}
      {props.campaignId && <LiveBoard campaignId={props.campaignId} />}
    </section>
  );
}

// Every reader ranks the whole board (the server keeps no order): 15 s keeps a live feel without
// making a thousand players' screens the hottest reads of the table.
const LIVE_BOARD_POLL_MS = 15_000;

export function LiveBoard(props: { campaignId: string }) {
  const t = useT();
  const path = { params: { path: { campaign_id: props.campaignId } } };
  const board = useLoad(() => ok(() => api.GET("/v1/campaigns/{campaign_id}/leaderboard", { params: { ...path.params, query: { limit: 20 } } })), [props.campaignId]);
  const progress = useLoad(() => ok(() => api.GET("/v1/campaigns/{campaign_id}/progress", path)), [props.campaignId]);
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState !== "visible") return;
      board.reload();
      progress.reload();
    }, LIVE_BOARD_POLL_MS);
    return () => window.clearInterval(timer);
  }, [props.campaignId]);
  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">{t("liveBoard")}</h2>
      {progress.data?.rank ? <p class="stat">{t("yourRank", { rank: progress.data.rank })}</p> : null}
      {progress.data && <p>{t("pointsTotal", { points: progress.data.points })}</p>}
      <p class="hint">{t("boardRefresh")}</p>
      <Status state={board} />
      {board.data && <Board board={board.data} caption={t("liveBoard")} />}
    </section>
  );
}

function Player(props: { source: Source; campaignId?: string; back: string }) {
  const t = useT();
  const [next, setNext] = useState<Next | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState("");
  const load = () => {
    props.source.next().then(setNext, (caught: unknown) => setError(errorText(caught)));
  };
  useEffect(load, []);
  const answered = (done: Result) => {
    setResult(done);
    // No next question with the answer (the campaign closed, or I am no longer in its audience):
    // /play/next says why.
    if (done.next) setNext(done.next);
    else load();
  };
  return (
    <>
      <Title>{t("navQuizzes")}</Title>
      <p><a href={href(props.back)}>{t("navQuizzes")}</a></p>
      <Notice text={error ? t("errorGeneric", { detail: error }) : ""} />
      {!next && !error && <p role="status">{t("loading")}</p>}
      {result && <Feedback key={result.question_id} result={result} />}
      {next && !next.done && next.question && next.question.question_id !== result?.question_id && <QuestionForm key={next.question.question_id} next={next} source={props.source} onAnswered={answered} />}
      {next?.done && <Results source={props.source} campaignId={props.campaignId} />}
      {error && props.campaignId && <Results source={props.source} campaignId={props.campaignId} />}
    </>
  );
}

export function CampaignPlay(props: { campaignId: string }) {
  return <Player source={campaignSource(props.campaignId)} campaignId={props.campaignId} back="/quizzes" />;
}

export function QuizPlay(props: { quizId: string }) {
  return <Player source={quizSource(props.quizId)} back="/quizzes" />;
}
