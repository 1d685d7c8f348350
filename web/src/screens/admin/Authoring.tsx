// Question bank and quiz authoring, for mentors, community managers and admins: write a question
// (single or multiple choice, true/false, a number) with an image and an explanation, publish it,
// see how it was answered; put published questions in a quiz and publish the quiz.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { href } from "../../router";
import { Check, Feedback, Loading, ScreenTitle, SelectField, TextField, useAction, useLoad } from "./common";
import { ImagePicker } from "./ImagePicker";
import { useAdminT } from "./i18n";

type Question = Schemas["Question"];
type Kind = Schemas["QuestionDraft"]["kind"];
type Lang = "nl" | "fr" | "en";

function languageOptions(): [string, string][] {
  return [["nl", "Nederlands"], ["fr", "Français"], ["en", "English"]];
}

function QuestionForm(props: { onCreated: () => void }) {
  const t = useAdminT();
  const [language, setLanguage] = useState<Lang>("nl");
  const [kind, setKind] = useState<Kind>("single");
  const [prompt, setPrompt] = useState("");
  const [options, setOptions] = useState([{ text: "", correct: true }, { text: "", correct: false }]);
  const [truth, setTruth] = useState("true");
  const [number, setNumber] = useState("");
  const [tolerance, setTolerance] = useState("0");
  const [explanation, setExplanation] = useState("");
  const [skillTags, setSkillTags] = useState("");
  const [image, setImage] = useState<string | null>(null);
  const action = useAction();
  const choice = kind === "single" || kind === "multiple";
  const setOption = (i: number, change: Partial<{ text: string; correct: boolean }>) =>
    setOptions(options.map((o, j) => (j === i ? { ...o, ...change } : kind === "single" && change.correct ? { ...o, correct: false } : o)));
  const submit = async (e: Event) => {
    e.preventDefault();
    const worked = await action.run(
      () =>
        ok(() =>
          api.POST("/v1/questions", {
            body: {
              language,
              kind,
              prompt: prompt.trim(),
              options: choice ? options.filter((o) => o.text.trim()) : null,
              true_false_answer: kind === "true_false" ? truth === "true" : null,
              correct_number: kind === "numeric" ? Number(number) : null,
              tolerance: kind === "numeric" ? Number(tolerance) : null,
              explanation: explanation.trim(),
              skill_tags: skillTags.split(",").map((s) => s.trim()).filter(Boolean),
              image_media_id: image,
            },
          }),
        ),
      t("bankQuestionSaved"),
    );
    if (worked) {
      setPrompt("");
      setExplanation("");
      setOptions([{ text: "", correct: true }, { text: "", correct: false }]);
      props.onCreated();
    }
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="question-new">
      <h2 id="question-new">{t("bankQuestionNew")}</h2>
      <SelectField id="question-language" label={t("bankQuestionLanguage")} value={language} onChange={(v) => setLanguage(v as Lang)} options={languageOptions()} />
      <SelectField id="question-kind" label={t("bankQuestionKind")} value={kind} onChange={(v) => setKind(v as Kind)} options={[["single", t("bankQuestionKindSingle")], ["multiple", t("bankQuestionKindMultiple")], ["true_false", t("bankQuestionKindTrueFalse")], ["numeric", t("bankQuestionKindNumeric")]]} />
      <TextField id="question-prompt" label={t("bankQuestionPrompt")} value={prompt} onInput={setPrompt} required multiline />
      <ImagePicker id="question-image" label={t("bankQuestionImage")} onReady={setImage} />
      {choice && (
        <fieldset>
          <legend>{t("bankQuestionOptions")}</legend>
          {options.map((option, i) => (
            <div class="row" key={i}>
              <div style="flex:1">
                <TextField id={`option-${i}`} label={t("bankQuestionOption", { n: i + 1 })} value={option.text} onInput={(v) => setOption(i, { text: v })} />
              </div>
              <Check id={`option-${i}-correct`} label={t("bankQuestionCorrect", { n: i + 1 })} checked={option.correct} onChange={(on) => setOption(i, { correct: on })} />
            </div>
          ))}
          <button type="button" onClick={() => setOptions([...options, { text: "", correct: false }])}>{t("bankQuestionAddOption")}</button>
        </fieldset>
      )}
      {kind === "true_false" && <SelectField id="question-truth" label={t("bankQuestionRightAnswer")} value={truth} onChange={setTruth} options={[["true", t("bankQuestionTrue")], ["false", t("bankQuestionFalse")]]} />}
      {kind === "numeric" && (
        <>
          <TextField id="question-number" label={t("bankQuestionRightAnswer")} type="number" value={number} onInput={setNumber} required />
          <TextField id="question-tolerance" label={t("bankQuestionTolerance")} type="number" value={tolerance} onInput={setTolerance} />
        </>
      )}
      <TextField id="question-explanation" label={t("explanation")} value={explanation} onInput={setExplanation} multiline hint={t("bankQuestionExplanationHint")} />
      <TextField id="question-tags" label={t("skillTags")} value={skillTags} onInput={setSkillTags} />
      <Feedback action={action} />
      <button type="submit" class="primary" disabled={action.busy}>{t("bankQuestionSave")}</button>
    </form>
  );
}

function QuestionRow(props: { question: Question; onDone: () => void }) {
  const t = useAdminT();
  const q = props.question;
  const action = useAction();
  const [stats, setStats] = useState<Schemas["QuestionStats"] | null>(null);
  const path = { question_id: q.id };
  return (
    <li>
      {q.image_url && <img src={q.image_url} alt="" width="96" />}
      <strong>{q.prompt}</strong>
      <div class="muted">{q.status === "published" ? t("authoringPublished") : t("authoringDraft")} · {q.language} · {q.kind}</div>
      <div class="actions">
        {q.status !== "published" && <button type="button" disabled={action.busy} onClick={() => void action.run(() => ok(() => api.POST("/v1/questions/{question_id}/publish", { params: { path } })), t("authoringPublishedDone")).then(props.onDone)}>{t("authoringPublish")}</button>}
        {q.status === "published" && <button type="button" disabled={action.busy} onClick={() => void action.run(async () => setStats(await ok(() => api.GET("/v1/questions/{question_id}/stats", { params: { path } }))), " ")}>{t("bankQuestionStats")}</button>}
      </div>
      {stats && (
        <p class="hint">{t("bankQuestionStatsLine", { answers: stats.answers, correct: stats.correct, share: stats.share_correct === null ? "–" : Math.round(stats.share_correct * 100) })}</p>
      )}
      <Feedback action={action} />
    </li>
  );
}

export function QuestionBank() {
  const t = useAdminT();
  const questions = useLoad(() => ok(() => api.GET("/v1/questions", { params: { query: { limit: 100 } } })));
  return (
    <>
      <ScreenTitle title={t("bankQuestionBankTitle")} back={[href("/manage"), t("manageTitle")]} />
      <QuestionForm onCreated={questions.reload} />
      <h2>{t("bankQuestionList")}</h2>
      <Loading state={questions}>
        {(page) => (page.items.length === 0 ? <p class="muted">{t("bankQuestionsEmpty")}</p> : <ul class="list">{page.items.map((q) => <QuestionRow key={`${q.id}-${q.status}`} question={q} onDone={questions.reload} />)}</ul>)}
      </Loading>
    </>
  );
}

function QuizForm(props: { published: Question[]; onCreated: () => void }) {
  const t = useAdminT();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [language, setLanguage] = useState<Lang>("nl");
  const [chosen, setChosen] = useState<string[]>([]);
  const [seconds, setSeconds] = useState("30");
  const [points, setPoints] = useState("10");
  const [practice, setPractice] = useState(false);
  const [speed, setSpeed] = useState(false);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      title: title.trim(),
      description: description.trim(),
      language,
      question_ids: chosen,
      seconds_per_question: Number(seconds),
      points_per_question: Number(points),
      practice,
      speed_bonus: speed,
      speed_bonus_max: speed ? 5 : 0,
      accessible: false,
    };
    const worked = await action.run(() => ok(() => api.POST("/v1/quizzes", { body })), t("authoringQuizSaved"));
    if (worked) {
      setTitle("");
      setChosen([]);
      props.onCreated();
    }
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="quiz-new">
      <h2 id="quiz-new">{t("authoringQuizNew")}</h2>
      <TextField id="quiz-title" label={t("authoringQuizTitle")} value={title} onInput={setTitle} required />
      <TextField id="quiz-description" label={t("authoringQuizDescription")} value={description} onInput={setDescription} multiline />
      <SelectField id="quiz-language" label={t("bankQuestionLanguage")} value={language} onChange={(v) => setLanguage(v as Lang)} options={languageOptions()} />
      <fieldset>
        <legend>{t("authoringQuizQuestions", { count: chosen.length })}</legend>
        {props.published.length === 0 && <p class="muted">{t("authoringQuizNoPublished")}</p>}
        {props.published.map((q) => (
          <Check key={q.id} id={`quiz-q-${q.id}`} label={q.prompt} checked={chosen.includes(q.id)} onChange={(on) => setChosen(on ? [...chosen, q.id] : chosen.filter((id) => id !== q.id))} />
        ))}
      </fieldset>
      <TextField id="quiz-seconds" label={t("authoringQuizSeconds")} type="number" value={seconds} onInput={setSeconds} />
      <TextField id="quiz-points" label={t("authoringQuizPoints")} type="number" value={points} onInput={setPoints} />
      <Check id="quiz-practice" label={t("authoringQuizPractice")} checked={practice} onChange={setPractice} />
      <Check id="quiz-speed" label={t("authoringQuizSpeedBonus")} checked={speed} onChange={setSpeed} />
      <Feedback action={action} />
      <button type="submit" class="primary" disabled={action.busy || chosen.length === 0}>{t("authoringQuizSave")}</button>
    </form>
  );
}

export function QuizAuthoring() {
  const t = useAdminT();
  const data = useLoad(async () => {
    // The quiz list gives one status at a time: drafts (to publish) first, then the published ones.
    const [drafts, live, published] = await Promise.all([
      ok(() => api.GET("/v1/quizzes", { params: { query: { status: "draft", limit: 100 } } })),
      ok(() => api.GET("/v1/quizzes", { params: { query: { status: "published", limit: 100 } } })),
      ok(() => api.GET("/v1/questions", { params: { query: { status: "published", limit: 100 } } })),
    ]);
    return { quizzes: [...drafts.items, ...live.items], published: published.items };
  });
  const action = useAction();
  return (
    <>
      <ScreenTitle title={t("authoringQuizAuthoringTitle")} back={[href("/manage"), t("manageTitle")]} />
      <Loading state={data}>
        {({ quizzes, published }) => (
          <>
            <QuizForm published={published} onCreated={data.reload} />
            <h2>{t("authoringQuizList")}</h2>
            {quizzes.length === 0 ? (
              <p class="muted">{t("quizzesEmpty")}</p>
            ) : (
              <ul class="list">
                {quizzes.map((quiz) => (
                  <li key={quiz.id}>
                    <strong>{quiz.title}</strong>
                    <div class="muted">
                      {quiz.status === "published" ? t("authoringPublished") : t("authoringDraft")} · {t("authoringQuizQuestionCount", { count: quiz.question_count })}
                      {quiz.practice ? ` · ${t("authoringQuizPractice")}` : ""}
                    </div>
                    {quiz.status !== "published" && (
                      <button type="button" disabled={action.busy} onClick={() => void action.run(() => ok(() => api.POST("/v1/quizzes/{quiz_id}/publish", { params: { path: { quiz_id: quiz.id } } })), t("authoringPublishedDone")).then(data.reload)}>
                        {t("authoringPublish")}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <Feedback action={action} />
          </>
        )}
      </Loading>
    </>
  );
}
