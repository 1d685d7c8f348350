// The lesson player: one card at a time, swiped left and right on a phone (or the buttons), resumed
// where the learner left it on any device (the server keeps the position). The position is saved
// when it matters, not as each card is passed: an answer carries it, completing sets it, and leaving
// the lesson (another screen, the page hidden or closed) sends it in a request that outlives the page.
// The server judges every answer and decides completion; the player shows what it said. An author's
// preview plays the working copy through the same cards without saving anything.
import { ContentFeedback } from "../components/ContentFeedback";
import { FollowAuthor } from "../components/FollowAuthor";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok, type Schemas } from "../api/client";
import { Notice, Status, Title, errorText, useLoad } from "../components/common";
import { language, useT } from "../i18n";

type Lesson = Schemas["LessonView"];
type Card = Schemas["LessonCard"];
type Answer = Schemas["LessonCardAnswer"];
type AnswerBody = Schemas["LessonAnswerIn"];
type PollOutcome = Schemas["PollOutcome"];

/** Where the player sends what the learner does; none in an author's preview. */
export interface LessonSource {
  /** `leaving`: the page or the player is going away; the request must outlive it (keepalive). */
  move(position: number, leaving?: boolean): Promise<Lesson>;
  answer(cardId: string, body: AnswerBody): Promise<Schemas["LessonAnswerResult"]>;
  complete(): Promise<Lesson>;
}

function apiSource(lessonId: string): LessonSource {
  const path = { lesson_id: lessonId };
  return {
    move: (position, leaving = false) =>
      ok(() => api.PUT("/v1/lessons/{lesson_id}/progress", { params: { path }, body: { position, language: language.get() }, keepalive: leaving })),
    answer: (cardId, body) => {
      const key = newIdempotencyKey();
      return ok(() =>
        api.POST("/v1/lessons/{lesson_id}/cards/{card_id}/answer", {
          params: { path: { ...path, card_id: cardId }, header: { "Idempotency-Key": key } },
          body: { ...body, language: language.get() },
        }),
      );
    },
    complete: () => ok(() => api.POST("/v1/lessons/{lesson_id}/complete", { params: { path }, body: { language: language.get() } })),
  };
}

const SWIPE_PX = 50;

function QuestionCard(props: { card: Card; answer?: Answer; onAnswer: (body: AnswerBody) => void; busy: boolean }) {
  const t = useT();
  const [chosen, setChosen] = useState<string[]>([]);
  const [number, setNumber] = useState("");
  const { card, answer } = props;
  const multiple = card.question_kind === "multiple";
  const options = card.options ?? [];
  if (answer) {
    return (
      <div role="status">
        <h3>{answer.correct ? t("correct") : t("wrong")}</h3>
        <ul class="list">
          {options.map((o) => (
            <li key={o.id} class={`option${answer.correct_option_ids?.includes(o.id) ? " right" : answer.option_ids?.includes(o.id) ? " chosen-wrong" : ""}`}>{o.text}</li>
          ))}
        </ul>
        {answer.correct_number != null && <p>{t("rightAnswer")}: {answer.correct_number}</p>}
        {answer.explanation && <p>{answer.explanation}</p>}
      </div>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onAnswer(card.question_kind === "numeric" ? { number: Number(number) } : { option_ids: chosen });
      }}
    >
      <fieldset>
        <legend>{card.prompt}</legend>
        {card.image_url && <img src={card.image_url} alt="" />}
        {card.question_kind === "numeric" ? (
          <div class="field">
            <label for={`n-${card.id}`}>{t("yourAnswer")}</label>
            <input id={`n-${card.id}`} type="number" step="any" inputMode="decimal" required value={number} onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
          </div>
        ) : (
          options.map((o) => (
            <label key={o.id} class="option">
              <input
                type={multiple ? "checkbox" : "radio"}
                name={`q-${card.id}`}
                value={o.id}
                checked={chosen.includes(o.id)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  setChosen(multiple ? (on ? [...chosen, o.id] : chosen.filter((id) => id !== o.id)) : [o.id]);
                }}
              />
              {o.text}
            </label>
          ))
        )}
      </fieldset>
      <button type="submit" class="primary" disabled={props.busy || (card.question_kind !== "numeric" && chosen.length === 0)}>{t("submitAnswer")}</button>
    </form>
  );
}

function ReflectionCard(props: { card: Card; answer?: Answer; canShare: boolean; onAnswer: (body: AnswerBody) => void; busy: boolean }) {
  const t = useT();
  const [text, setText] = useState("");
  const [share, setShare] = useState(false);
  if (props.answer) {
    return (
      <div role="status">
        <p class="body">{props.answer.text}</p>
        <p class="meta">{props.answer.shared_post_id ? t("lessonReflectionShared") : t("lessonReflectionPrivate")}</p>
      </div>
    );
  }
  return (
    <form onSubmit={(e) => { e.preventDefault(); props.onAnswer({ text, share }); }}>
      <div class="field">
        <label for={`r-${props.card.id}`}>{props.card.prompt}</label>
        <textarea id={`r-${props.card.id}`} required value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </div>
      {props.card.shareable && props.canShare && (
        <label class="check"><input type="checkbox" checked={share} onChange={(e) => setShare((e.target as HTMLInputElement).checked)} />{t("lessonShareReflection")}</label>
      )}
      <button type="submit" class="primary" disabled={props.busy || !text.trim()}>{t("save")}</button>
    </form>
  );
}

function PollResults(props: { card: Card; outcome: PollOutcome }) {
  const t = useT();
  const { outcome } = props;
  const texts = Object.fromEntries((props.card.options ?? []).map((o) => [o.id, o.text]));
  return (
    <figure class="poll-results">
      <figcaption>{t("lessonPollResults", { total: outcome.total })}</figcaption>
      {outcome.votes.map((v) => {
        const percent = outcome.total ? Math.round((100 * v.votes) / outcome.total) : 0;
        return (
          <div key={v.option_id} class="poll-result" data-option={v.option_id}>
            <span>{t("lessonPollOption", { option: texts[v.option_id] ?? v.option_id, percent, votes: v.votes })}</span>
            <meter min={0} max={100} value={percent} aria-hidden="true" />
          </div>
        );
      })}
    </figure>
  );
}

function PollCard(props: { card: Card; answer?: Answer; outcome?: PollOutcome; onAnswer: (body: AnswerBody) => void; busy: boolean }) {
  const t = useT();
  if (props.answer && props.outcome) {
    return (
      <>
        <p role="status" class="meta">{t("lessonVoted")}</p>
        <PollResults card={props.card} outcome={props.outcome} />
      </>
    );
  }
  return (
    <fieldset>
      <legend>{props.card.prompt}</legend>
      {(props.card.options ?? []).map((o) => (
        <button
          key={o.id}
          type="button"
          class="option"
          aria-pressed={props.answer?.option_id === o.id}
          disabled={props.busy || !!props.answer}
          onClick={() => props.onAnswer({ option_id: o.id })}
        >
          {o.text}
        </button>
      ))}
      {props.answer && <p role="status" class="meta">{t("lessonVoted")}</p>}
    </fieldset>
  );
}

function Flashcard(props: { card: Card; answer?: Answer; onAnswer: (body: AnswerBody) => void; busy: boolean }) {
  const t = useT();
  const [turned, setTurned] = useState(!!props.answer);
  return (
    <div>
      <p class="stat">{props.card.front}</p>
      {turned ? (
        <>
          <p class="body" role="status">{props.card.back}</p>
          {props.answer ? (
            <p class="meta">{props.answer.knew ? t("lessonKnewIt") : t("lessonNotYet")}</p>
          ) : (
            <div class="row">
              <button type="button" class="primary" disabled={props.busy} onClick={() => props.onAnswer({ knew: true })}>{t("lessonKnewIt")}</button>
              <button type="button" disabled={props.busy} onClick={() => props.onAnswer({ knew: false })}>{t("lessonNotYet")}</button>
            </div>
          )}
        </>
      ) : (
        <button type="button" onClick={() => setTurned(true)}>{t("lessonTurnCard")}</button>
      )}
    </div>
  );
}

function CardBody(props: { card: Card; answer?: Answer; outcome?: PollOutcome; canShare: boolean; onAnswer: (body: AnswerBody) => void; busy: boolean }) {
  const { card } = props;
  switch (card.type) {
    case "content":
      return (
        <div>
          <p class="body">{card.text}</p>
          {card.media?.kind === "image" && <img src={card.media.url} alt="" />}
          {card.media?.kind === "video" && <video src={card.media.url} controls preload="metadata" />}
        </div>
      );
    case "question":
      return <QuestionCard {...props} />;
    case "reflection":
      return <ReflectionCard {...props} />;
    case "poll":
      return <PollCard {...props} />;
    default:
      return <Flashcard {...props} />;
  }
}

/** Plays a lesson; `source` null: an author's preview (answers stay on this screen). */
export function LessonPlayer(props: { lesson: Lesson; source: LessonSource | null }) {
  const t = useT();
  const { lesson, source } = props;
  const cards = lesson.cards;
  const [position, setPosition] = useState(Math.min(lesson.progress.position, cards.length - 1));
  const [answers, setAnswers] = useState<Record<string, Answer>>(Object.fromEntries(lesson.progress.answers.map((a) => [a.card_id, a])));
  const [completedAt, setCompletedAt] = useState(lesson.progress.completed_at);
  const [polls, setPolls] = useState<Record<string, PollOutcome>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const touch = useRef<number | null>(null);
  // One write of the progress at a time: a move and an answer sent together would race for it.
  const writes = useRef<Promise<unknown>>(Promise.resolve());
  const queued = <T,>(work: () => Promise<T>): Promise<T> => {
    const next = writes.current.catch(() => undefined).then(work);
    writes.current = next;
    return next;
  };
  const card = cards[position];
  // The card the learner is on, and the one the server last saved (the listeners below read both).
  const here = useRef(position);
  here.current = position;
  const saved = useRef(lesson.progress.position);

  useEffect(() => {
    if (!source) return;
    // Leaving the lesson, or the page hidden (another app, the screen locked) or closed: the position
    // is sent if the server does not have it yet. A lost save only costs the resume point.
    const leave = () => {
      const at = here.current;
      if (at === saved.current) return;
      saved.current = at;
      void queued(() => source.move(at, true)).catch(() => undefined);
    };
    const onHide = () => {
      if (document.visibilityState === "hidden") leave();
    };
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", leave);
    return () => {
      leave(); // the player closes (another screen)
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", leave);
    };
  }, [lesson.id]);

  const goTo = (next: number) => {
    if (next < 0 || next >= cards.length || next === position) return;
    setPosition(next);
    setError("");
  };
  const answer = async (body: AnswerBody) => {
    setBusy(true);
    setError("");
    try {
      if (!source) {
        setAnswers({ ...answers, [card.id]: { card_id: card.id, type: card.type, ...body } as Answer });
        setNotice(t("lessonPreviewNotSaved"));
      } else {
        const result = await queued(() => source.answer(card.id, { ...body, position }));
        saved.current = result.progress.position;
        setAnswers({ ...answers, [card.id]: result.answer });
        if (result.poll) setPolls({ ...polls, [card.id]: result.poll });
      }
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    } finally {
      setBusy(false);
    }
  };
  const complete = async () => {
    if (!source) {
      setNotice(t("lessonPreviewNotSaved"));
      return;
    }
    setBusy(true);
    setError("");
    try {
      const done = await queued(() => source.complete());
      saved.current = done.progress.position;
      setCompletedAt(done.progress.completed_at);
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="lesson-card-title" class="lesson">
      <p class="meta" id="lesson-card-title">{t("lessonCardOf", { n: position + 1, total: cards.length })}</p>
      <progress max={cards.length} value={position + 1} aria-hidden="true" />
      <article
        class="card lesson-card"
        aria-live="polite"
        data-card-type={card.type}
        onTouchStart={(e) => (touch.current = e.touches[0].clientX)}
        onTouchEnd={(e) => {
          if (touch.current === null) return;
          const dx = e.changedTouches[0].clientX - touch.current;
          touch.current = null;
          if (dx <= -SWIPE_PX) goTo(position + 1);
          if (dx >= SWIPE_PX) goTo(position - 1);
        }}
      >
        <CardBody key={card.id} card={card} answer={answers[card.id]} outcome={polls[card.id]} canShare={!!lesson.community_id} onAnswer={(body) => void answer(body)} busy={busy} />
      </article>
      {error && <p role="alert" class="error">{error}</p>}
      <Notice text={notice} />
      <div class="row lesson-nav">
        <button type="button" onClick={() => goTo(position - 1)} disabled={position === 0}>{t("lessonPrevious")}</button>
        {position < cards.length - 1 ? (
          <button type="button" class="primary" onClick={() => goTo(position + 1)}>{t("lessonNext")}</button>
        ) : completedAt ? (
          <p role="status" class="notice">{t("lessonCompleted")}</p>
        ) : (
          <button type="button" class="primary" onClick={() => void complete()} disabled={busy}>{t("lessonComplete")}</button>
        )}
      </div>
      <p class="hint">{t("lessonSwipeHint")}</p>
    </section>
  );
}

export function LessonScreen(props: { lessonId: string }) {
  const t = useT();
  const lesson = useLoad(
    () => ok(() => api.GET("/v1/lessons/{lesson_id}", { params: { path: { lesson_id: props.lessonId }, query: { language: language.get() } } })),
    [props.lessonId],
  );
  const l = lesson.data;
  return (
    <>
      <Status state={lesson} />
      {l && (
        <>
          <Title>{l.title}</Title>
          {l.summary && <p>{l.summary}</p>}
          <p class="meta">{t("lessonMinutes", { minutes: l.estimated_minutes })}{l.progress.completed_at ? ` · ${t("lessonCompleted")}` : ""}</p>
          <LessonPlayer key={l.id} lesson={l} source={apiSource(l.id)} />
          <ContentFeedback contentId={l.id} />
          <FollowAuthor authorIds={l.author_ids} />
        </>
      )}
    </>
  );
}
