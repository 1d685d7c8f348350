// Questions of a community: the list by state, asking (with similar questions while typing), and the
// question page with its answers (the accepted one first), accepting and upvoting.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok, type Schemas } from "../api/client";
import { Notice, Status, Title, errorText, useLoad } from "../components/common";
import { formatDate, language } from "../i18n";
import { useQaT as useT } from "./qaText";
import { me } from "../me";
import { go, href } from "../router";
import { useStore } from "../store";
import { isAuthor, isOrgManager } from "./admin/access";

type Question = Schemas["AskedQuestion"];
type Answer = Schemas["Answer"];
type State = Question["state"];
const STATES: State[] = ["unanswered", "answered", "solved"];
const TYPING_PAUSE_MS = 250;

function tags(text: string): string[] {
  return text.split(",").map((tag) => tag.trim().replace(/^#/, "")).filter(Boolean);
}

export function QuestionList(props: { communityId: string }) {
  const t = useT();
  const [state, setState] = useState<State>("unanswered");
  const list = useLoad(
    () => ok(() => api.GET("/v1/communities/{community_id}/questions", { params: { path: { community_id: props.communityId }, query: { state, limit: 50 } } })),
    [props.communityId, state],
  );
  const label: Record<State, string> = { unanswered: t("qaUnanswered"), answered: t("qaAnswered"), solved: t("qaSolved") };
  return (
    <>
      <Title>{t("qaQuestions")}</Title>
      <p class="row">
        <a href={href(`/communities/${props.communityId}`)}>{t("navCommunities")}</a>
        <a class="button primary" href={href(`/communities/${props.communityId}/questions/new`)}>{t("qaAsk")}</a>
      </p>
      <div class="row" role="group" aria-label={t("qaQuestions")}>
        {STATES.map((s) => (
          <button key={s} type="button" aria-pressed={state === s} class={state === s ? "primary" : ""} onClick={() => setState(s)}>{label[s]}</button>
        ))}
      </div>
      <Status state={list} />
      {list.data?.items.length === 0 && <p>{t("qaNoQuestions")}</p>}
      <ul class="list" aria-label={label[state]}>
        {list.data?.items.map((q) => (
          <li key={q.id} class="card">
            <h2><a href={href(`/communities/${q.community_id}/questions/${q.id}`)}>{q.title}</a></h2>
            <p class="meta">{t("qaBy", { name: q.author.display_name })} · {t("qaAnswers", { count: q.answer_count })} · <time dateTime={q.created_at}>{formatDate(q.created_at)}</time></p>
            {q.skill_tags.length > 0 && <ul class="tags">{q.skill_tags.map((tag) => <li key={tag}>#{tag}</li>)}</ul>}
          </li>
        ))}
      </ul>
    </>
  );
}

export function AskQuestion(props: { communityId: string }) {
  const t = useT();
  const [body, setBody] = useState("");
  const [skills, setSkills] = useState("");
  const [similar, setSimilar] = useState<Schemas["SimilarQuestion"][]>([]);
  const [notice, setNotice] = useState("");
  const round = useRef(0);
  const key = useRef(newIdempotencyKey());
  useEffect(() => {
    const words = body.trim().split("\n")[0];
    const mine = ++round.current;
    if (words.length < 3) return setSimilar([]);
    const timer = window.setTimeout(async () => {
      try {
        const found = await ok(() => api.GET("/v1/communities/{community_id}/similar-questions", { params: { path: { community_id: props.communityId }, query: { q: words.slice(0, 200) } } }));
        if (mine === round.current) setSimilar(found.items);
      } catch {
        // Suggestions are a help, not a step: asking still works without them.
      }
    }, TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [body]);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const asked = await ok(() =>
        api.POST("/v1/communities/{community_id}/questions", {
          params: { path: { community_id: props.communityId }, header: { "Idempotency-Key": key.current } },
          body: { body, skill_tags: tags(skills) },
        }),
      );
      go(`/communities/${props.communityId}/questions/${asked.id}`);
    } catch (error) {
      setNotice(t("errorGeneric", { detail: errorText(error) }));
    }
  };
  return (
    <>
      <Title>{t("qaAskTitle")}</Title>
      <form class="card" onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="question-body">{t("qaQuestionLabel")}</label>
          <textarea id="question-body" value={body} maxLength={5000} required rows={4} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
        </div>
        {similar.length > 0 && (
          <section aria-labelledby="similar-title" aria-live="polite">
            <h2 id="similar-title">{t("qaSimilar")}</h2>
            <ul class="list">
              {similar.map((s) => <li key={s.id}><a href={href(`/communities/${props.communityId}/questions/${s.id}`)}>{s.title}</a></li>)}
            </ul>
          </section>
        )}
        <div class="field">
          <label for="question-skills">{t("qaSkillsLabel")}</label>
          <input id="question-skills" value={skills} onInput={(e) => setSkills((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="primary">{t("qaPost")}</button>
      </form>
      <Notice text={notice} />
    </>
  );
}

/** An expert puts the accepted answer in the knowledge base: a published lesson with a review date. */
function Promote(props: { communityId: string; postId: string; answerId: string }) {
  const t = useT();
  const inHalfAYear = new Date(Date.now() + 182 * 86_400_000).toISOString().slice(0, 10);
  const [reviewOn, setReviewOn] = useState(inHalfAYear);
  const [lesson, setLesson] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const promote = async (e: Event) => {
    e.preventDefault();
    try {
      const made = await ok(() =>
        api.POST("/v1/communities/{community_id}/questions/{post_id}/answers/{answer_id}/promote", {
          params: { path: { community_id: props.communityId, post_id: props.postId, answer_id: props.answerId } },
          body: { language: language.get(), review_on: reviewOn },
        }),
      );
      setLesson(made.content_id);
    } catch (error) {
      setNotice(t("errorGeneric", { detail: errorText(error) }));
    }
  };
  if (lesson) return <p role="status"><a href={href(`/lessons/${lesson}`)}>{t("qaPromoted")}</a></p>;
  return (
    <form class="row" onSubmit={(e) => void promote(e)}>
      <label for={`review-${props.answerId}`}>{t("qaReviewOn")}</label>
      <input id={`review-${props.answerId}`} type="date" value={reviewOn} required onInput={(e) => setReviewOn((e.target as HTMLInputElement).value)} />
      <button type="submit">{t("qaPromote")}</button>
      <Notice text={notice} />
    </form>
  );
}

function AnswerCard(props: { answer: Answer; canAccept: boolean; mine: boolean; onAccept: (accept: boolean) => void; onVote: () => void; promote?: { communityId: string; postId: string } }) {
  const t = useT();
  const a = props.answer;
  return (
    <li class={`card${a.accepted ? " accepted" : ""}`} aria-label={a.accepted ? t("qaAcceptedAnswer") : undefined}>
      {a.accepted && <p class="meta"><strong>✓ {t("qaAcceptedAnswer")}</strong></p>}
      <p>{a.body}</p>
      <p class="meta">{t("qaBy", { name: a.author.display_name })} · <time dateTime={a.created_at}>{formatDate(a.created_at)}</time></p>
      <div class="row">
        <button type="button" aria-pressed={a.my_vote} disabled={props.mine} onClick={props.onVote}>
          {a.my_vote ? t("qaUpvoted", { count: a.vote_count }) : t("qaUpvote", { count: a.vote_count })}
        </button>
        {props.canAccept && (
          <button type="button" class={a.accepted ? "" : "primary"} onClick={() => props.onAccept(!a.accepted)}>
            {a.accepted ? t("qaUnaccept") : t("qaAccept")}
          </button>
        )}
      </div>
      {a.accepted && props.promote && <Promote communityId={props.promote.communityId} postId={props.promote.postId} answerId={a.id} />}
    </li>
  );
}

export function QuestionScreen(props: { communityId: string; postId: string }) {
  const t = useT();
  const profile = useStore(me);
  const path = { community_id: props.communityId, post_id: props.postId };
  const page = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/questions/{post_id}", { params: { path } })), [props.postId]);
  const [text, setText] = useState("");
  const [notice, setNotice] = useState("");
  const key = useRef(newIdempotencyKey());
  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      setNotice("");
      page.reload();
    } catch (error) {
      setNotice(t("errorGeneric", { detail: errorText(error) }));
    }
  };
  const q = page.data?.question;
  const canAccept = !!q && !!profile && (q.author.id === profile.id || isOrgManager(profile));
  const accept = (answerId: string, yes: boolean) => {
    const answerPath = { params: { path: { ...path, answer_id: answerId } } };
    const route = "/v1/communities/{community_id}/questions/{post_id}/answers/{answer_id}/accepted" as const;
    return act(() => ok(() => (yes ? api.PUT(route, answerPath) : api.DELETE(route, answerPath))));
  };
  const vote = (a: Answer) => {
    const answerPath = { params: { path: { ...path, answer_id: a.id } } };
    const route = "/v1/communities/{community_id}/questions/{post_id}/answers/{answer_id}/vote" as const;
    return act(() => ok(() => (a.my_vote ? api.DELETE(route, answerPath) : api.PUT(route, answerPath))));
  };
  const send = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      await ok(() => api.POST("/v1/communities/{community_id}/questions/{post_id}/answers", { params: { path, header: { "Idempotency-Key": key.current } }, body: { body: text } }));
      key.current = newIdempotencyKey();
      setText("");
    });
  };
  const stateLabel = { unanswered: t("qaUnanswered"), answered: t("qaAnswered"), solved: t("qaSolved") };
  return (
    <>
      <Status state={page} />
      {q && (
        <>
          <Title>{q.title}</Title>
          <p><a href={href(`/communities/${props.communityId}/questions`)}>{t("qaQuestions")}</a></p>
          <p class="meta">{stateLabel[q.state]} · {t("qaBy", { name: q.author.display_name })} · <time dateTime={q.created_at}>{formatDate(q.created_at)}</time></p>
          {q.body.split("\n").slice(1).join("\n").trim() && <p>{q.body.split("\n").slice(1).join("\n")}</p>}
          {q.skill_tags.length > 0 && <ul class="tags">{q.skill_tags.map((tag) => <li key={tag}>#{tag}</li>)}</ul>}
          <section aria-labelledby="answers-title">
            <h2 id="answers-title">{t("qaAnswersTitle")}</h2>
            {page.data!.answers.length === 0 && <p>{t("qaNoAnswers")}</p>}
            <ul class="list">
              {page.data!.answers.map((a) => (
                <AnswerCard key={a.id} answer={a} canAccept={canAccept} mine={a.author.id === profile?.id} onAccept={(yes) => void accept(a.id, yes)} onVote={() => void vote(a)} promote={isAuthor(profile) ? { communityId: props.communityId, postId: props.postId } : undefined} />
              ))}
            </ul>
          </section>
          <form class="card" onSubmit={send}>
            <div class="field">
              <label for="answer-body">{t("qaYourAnswer")}</label>
              <textarea id="answer-body" value={text} required maxLength={5000} rows={3} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
            </div>
            <button type="submit" class="primary">{t("qaSendAnswer")}</button>
          </form>
        </>
      )}
      <Notice text={notice} />
    </>
  );
}
