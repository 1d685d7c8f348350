// Lessons for authors (mentors and experts, community managers, admins, a community's mentors and
// moderators): the workbench (what I wrote, what waits for my review), and the editor of a lesson's
// cards with a preview through the learners' own player, publishing (a major change starts learners
// over) and asking a second expert to review it.
import { useEffect, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok, type Schemas } from "../../api/client";
import { loadMyCommunities, myCommunities } from "../../communities";
import { me } from "../../me";
import { go, href } from "../../router";
import { useStore } from "../../store";
import { LessonPlayer } from "../Lesson";
import { Check, Feedback, Loading, ScreenTitle, SelectField, TextField, useAction, useLoad } from "./common";
import { useAdminT, type AdminKey } from "./i18n";
import { MediaPicker } from "./MediaPicker";

type Draft = Schemas["LessonDraft"];
type CardType = Schemas["LessonCardIn"]["type"];
type Lang = "nl" | "fr" | "en";
const LANGS: Lang[] = ["nl", "fr", "en"];
const TYPES: [CardType, AdminKey][] = [
  ["content", "lessonCardContent"],
  ["question", "lessonCardQuestion"],
  ["reflection", "lessonCardReflection"],
  ["poll", "lessonCardPoll"],
  ["flashcard", "lessonCardFlashcard"],
];

interface CardDraft {
  id?: string;
  type: CardType;
  text: string;
  prompt: string;
  options: string;
  front: string;
  back: string;
  question_id: string;
  media_id: string;
  shareable: boolean;
  other: Record<string, Schemas["LessonCardTexts"]>; // the card's texts in the other languages, kept as they were
}

interface Form {
  community_id: string;
  language: Lang;
  variants: Record<Lang, { title: string; summary: string }>;
  cards: CardDraft[];
  skill_tags: string;
  estimated_minutes: string;
  review_on: string;
}

function emptyCard(type: CardType): CardDraft {
  return { type, text: "", prompt: "", options: "", front: "", back: "", question_id: "", media_id: "", shareable: true, other: {} };
}

function emptyForm(): Form {
  return {
    community_id: "",
    language: "nl",
    variants: { nl: { title: "", summary: "" }, fr: { title: "", summary: "" }, en: { title: "", summary: "" } },
    cards: [emptyCard("content")],
    skill_tags: "",
    estimated_minutes: "5",
    review_on: "",
  };
}

function formOf(draft: Draft): Form {
  const lang = draft.language as Lang;
  const variants = emptyForm().variants;
  for (const [l, v] of Object.entries(draft.variants)) variants[l as Lang] = { title: v.title, summary: v.summary ?? "" };
  return {
    community_id: draft.community_id ?? "",
    language: lang,
    variants,
    cards: draft.cards.map((c) => {
      const own = c.texts[lang] ?? {};
      const other = Object.fromEntries(Object.entries(c.texts).filter(([l]) => l !== lang));
      return {
        id: c.id,
        type: c.type,
        text: own.text ?? "",
        prompt: own.prompt ?? "",
        options: (own.options ?? []).join("\n"),
        front: own.front ?? "",
        back: own.back ?? "",
        question_id: c.question_id ?? "",
        media_id: c.media_id ?? "",
        shareable: c.shareable ?? false,
        other,
      };
    }),
    skill_tags: draft.skill_tags.join(", "),
    estimated_minutes: String(draft.estimated_minutes),
    review_on: draft.review_on ?? "",
  };
}

function bodyOf(form: Form): Schemas["LessonIn"] {
  const variants: Schemas["LessonIn"]["variants"] = {};
  for (const l of LANGS) {
    const v = form.variants[l];
    if (l === form.language || v.title.trim()) variants[l] = { title: v.title.trim(), summary: v.summary.trim(), body: "" };
  }
  return {
    community_id: form.community_id || null,
    language: form.language,
    variants,
    cards: form.cards.map((c) => {
      const own: Schemas["LessonCardTexts"] =
        c.type === "content" ? { text: c.text } :
        c.type === "reflection" ? { prompt: c.prompt } :
        c.type === "poll" ? { prompt: c.prompt, options: c.options.split("\n").map((o) => o.trim()).filter(Boolean) } :
        c.type === "flashcard" ? { front: c.front, back: c.back } : {};
      return {
        id: c.id ?? null,
        type: c.type,
        texts: c.type === "question" ? {} : { ...c.other, [form.language]: own },
        media_id: c.type === "content" && c.media_id ? c.media_id : null,
        question_id: c.type === "question" ? c.question_id : null,
        shareable: c.type === "reflection" && c.shareable,
      };
    }),
    skill_tags: form.skill_tags.split(",").map((s) => s.trim()).filter(Boolean),
    estimated_minutes: Number(form.estimated_minutes) || 5,
    review_on: form.review_on || null,
    co_author_ids: [],
  };
}

export function LessonWorkbench() {
  const t = useAdminT();
  const mine = useLoad(() => ok(() => api.GET("/v1/learning/authored", { params: { query: { limit: 50 } } })), []);
  const reviews = useLoad(() => ok(() => api.GET("/v1/learning/reviews", { params: { query: { limit: 50 } } })), []);
  return (
    <>
      <ScreenTitle title={t("lessonsTitle")} back={[href("/manage"), t("manageTitle")]} />
      <p><a class="button primary" href={href("/manage/lessons/new")}>{t("lessonNew")}</a></p>
      <section aria-labelledby="reviews-title">
        <h2 id="reviews-title">{t("lessonReviewsWaiting")}</h2>
        <Loading state={reviews}>
          {(page) => page.items.length === 0 ? <p class="muted">{t("lessonNoReviews")}</p> : (
            <ul class="list">
              {page.items.map((r) => <li key={r.content_id}><a href={href(`/manage/lessons/${r.content_id}`)}>{r.title}</a></li>)}
            </ul>
          )}
        </Loading>
      </section>
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{t("lessonMine")}</h2>
        <Loading state={mine}>
          {(page) => page.items.length === 0 ? <p class="muted">{t("lessonNoneYet")}</p> : (
            <ul class="list">
              {page.items.map((i) => (
                <li key={i.id}>
                  <a href={href(i.kind === "lesson" ? `/manage/lessons/${i.id}` : `/manage/videos/${i.id}`)}>{i.title}</a>{" "}
                  <span class="meta">· {t(`lessonState_${i.state}` as AdminKey)}</span>
                  {(i.state === "published" || i.state === "archived") && (
                    <> · <a href={href(`/manage/content/${i.id}/insights`)}>{t("insightsOpen")}</a></>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Loading>
      </section>
    </>
  );
}

function CardEditor(props: { card: CardDraft; index: number; count: number; questions: Schemas["Question"][]; onChange: (card: CardDraft | null, move?: number) => void }) {
  const t = useAdminT();
  const { card, index } = props;
  const set = (change: Partial<CardDraft>) => props.onChange({ ...card, ...change });
  const id = `card-${index}`;
  return (
    <li class="card">
      <SelectField id={`${id}-type`} label={t("lessonCardType", { n: index + 1 })} value={card.type} onChange={(v) => set({ type: v as CardType })} options={TYPES.map(([v, k]) => [v, t(k)])} />
      {card.type === "content" && (
        <>
          <TextField id={`${id}-text`} label={t("lessonCardText")} value={card.text} onInput={(v) => set({ text: v })} multiline required />
          <MediaPicker id={`${id}-media`} label={t("lessonCardMedia")} hint={t("lessonCardMediaHint")} mediaId={card.media_id} onChange={(v) => set({ media_id: v })} />
        </>
      )}
      {card.type === "question" && (
        <SelectField
          id={`${id}-question`}
          label={t("lessonCardQuestion")}
          value={card.question_id}
          onChange={(v) => set({ question_id: v })}
          options={[["", t("lessonChooseQuestion")], ...props.questions.map((q): [string, string] => [q.id, q.prompt])]}
        />
      )}
      {(card.type === "reflection" || card.type === "poll") && (
        <TextField id={`${id}-prompt`} label={t("lessonCardPrompt")} value={card.prompt} onInput={(v) => set({ prompt: v })} required />
      )}
      {card.type === "reflection" && <Check id={`${id}-share`} label={t("lessonCardShareable")} checked={card.shareable} onChange={(v) => set({ shareable: v })} />}
      {card.type === "poll" && <TextField id={`${id}-options`} label={t("lessonCardOptions")} value={card.options} onInput={(v) => set({ options: v })} multiline required />}
      {card.type === "flashcard" && (
        <>
          <TextField id={`${id}-front`} label={t("lessonCardFront")} value={card.front} onInput={(v) => set({ front: v })} required />
          <TextField id={`${id}-back`} label={t("lessonCardBack")} value={card.back} onInput={(v) => set({ back: v })} multiline required />
        </>
      )}
      <div class="row">
        <button type="button" onClick={() => props.onChange(card, -1)} disabled={index === 0}>{t("lessonMoveUp")}</button>
        <button type="button" onClick={() => props.onChange(card, 1)} disabled={index === props.count - 1}>{t("lessonMoveDown")}</button>
        <button type="button" class="danger" onClick={() => props.onChange(null)} disabled={props.count === 1}>{t("lessonRemoveCard")}</button>
      </div>
    </li>
  );
}

function LessonForm(props: { draft: Draft | null; onSaved: (draft: Draft) => void }) {
  const t = useAdminT();
  const communities = useStore(myCommunities);
  const [form, setForm] = useState<Form>(props.draft ? formOf(props.draft) : emptyForm());
  const [preview, setPreview] = useState<Schemas["LessonView"] | null>(null);
  const questions = useLoad(() => ok(() => api.GET("/v1/questions", { params: { query: { status: "published", limit: 100 } } })), []);
  const action = useAction();
  useEffect(() => void loadMyCommunities().catch(() => undefined), []);
  const setCard = (i: number, card: CardDraft | null, move = 0) => {
    const cards = [...form.cards];
    if (card === null) cards.splice(i, 1);
    else if (move) [cards[i], cards[i + move]] = [cards[i + move], card];
    else cards[i] = card;
    setForm({ ...form, cards });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    await action.run(async () => {
      const body = bodyOf(form);
      const saved = props.draft
        ? await ok(() => api.PUT("/v1/lessons/{lesson_id}/draft", { params: { path: { lesson_id: props.draft!.id } }, body: { ...body, community_id: undefined, co_author_ids: undefined, expected_version: props.draft!.version } as Schemas["LessonChangeIn"] }))
        : await ok(() => api.POST("/v1/lessons", { params: { header: { "Idempotency-Key": newIdempotencyKey() } }, body }));
      props.onSaved(saved);
    }, t("lessonSaved"));
  };
  const variant = form.variants[form.language];
  return (
    <form onSubmit={(e) => void save(e)}>
      {!props.draft && (
        <SelectField id="lesson-scope" label={t("lessonScope")} value={form.community_id} onChange={(v) => setForm({ ...form, community_id: v })}
          options={[["", t("lessonScopeOrganisation")], ...communities.map((c): [string, string] => [c.id, c.name])]} />
      )}
      <SelectField id="lesson-language" label={t("lessonLanguage")} value={form.language} onChange={(v) => setForm({ ...form, language: v as Lang })}
        options={[["nl", "Nederlands"], ["fr", "Français"], ["en", "English"]]} />
      <TextField id="lesson-title" label={t("lessonTitleField")} value={variant.title} required onInput={(v) => setForm({ ...form, variants: { ...form.variants, [form.language]: { ...variant, title: v } } })} />
      <TextField id="lesson-summary" label={t("lessonSummaryField")} value={variant.summary} onInput={(v) => setForm({ ...form, variants: { ...form.variants, [form.language]: { ...variant, summary: v } } })} />
      <details>
        <summary>{t("lessonOtherLanguages")}</summary>
        {LANGS.filter((l) => l !== form.language).map((l) => (
          <TextField key={l} id={`lesson-title-${l}`} label={t("lessonTitleIn", { language: l.toUpperCase() })} value={form.variants[l].title}
            onInput={(v) => setForm({ ...form, variants: { ...form.variants, [l]: { ...form.variants[l], title: v } } })} />
        ))}
      </details>
      <TextField id="lesson-minutes" type="number" label={t("lessonMinutesField")} value={form.estimated_minutes} onInput={(v) => setForm({ ...form, estimated_minutes: v })} />
      <TextField id="lesson-tags" label={t("lessonTagsField")} value={form.skill_tags} onInput={(v) => setForm({ ...form, skill_tags: v })} />
      <TextField id="lesson-review-on" type="date" label={t("lessonReviewOn")} value={form.review_on} onInput={(v) => setForm({ ...form, review_on: v })} hint={t("lessonReviewOnHint")} />
      <h2>{t("lessonCards")}</h2>
      <ol class="list">
        {form.cards.map((card, i) => (
          <CardEditor key={`${card.id ?? "new"}-${i}`} card={card} index={i} count={form.cards.length} questions={questions.data?.items ?? []} onChange={(c, move) => setCard(i, c, move)} />
        ))}
      </ol>
      <div class="row">
        {TYPES.map(([type, key]) => (
          <button key={type} type="button" onClick={() => setForm({ ...form, cards: [...form.cards, emptyCard(type)] })}>{t("lessonAddCard", { type: t(key) })}</button>
        ))}
      </div>
      <p class="row">
        <button type="submit" class="primary" disabled={action.busy}>{t("lessonSave")}</button>
        {props.draft && (
          <button type="button" onClick={() => void action.run(async () => setPreview(await ok(() => api.GET("/v1/lessons/{lesson_id}/preview", { params: { path: { lesson_id: props.draft!.id }, query: { language: form.language } } }))), t("lessonPreviewReady"))}>
            {t("lessonPreview")}
          </button>
        )}
      </p>
      <Feedback action={action} />
      {preview && (
        <section aria-labelledby="preview-title" class="card">
          <h2 id="preview-title">{t("lessonPreviewTitle", { title: preview.title })}</h2>
          <LessonPlayer key={JSON.stringify(preview.cards)} lesson={preview} source={null} />
        </section>
      )}
    </form>
  );
}

function Lifecycle(props: { draft: Draft; onChanged: (draft: Draft) => void }) {
  const t = useAdminT();
  const member = useStore(me);
  const { draft } = props;
  const [major, setMajor] = useState(false);
  const [note, setNote] = useState("");
  const [reviewer, setReviewer] = useState("");
  const action = useAction();
  const path = { params: { path: { lesson_id: draft.id } } };
  const reviewers = useLoad(
    async () => draft.community_id
      ? (await ok(() => api.GET("/v1/communities/{community_id}/members", { params: { path: { community_id: draft.community_id! }, query: { limit: 100 } } }))).items
      : [],
    [draft.community_id],
  );
  const act = (work: () => Promise<Draft>, done: AdminKey) => void action.run(async () => props.onChanged(await work()), t(done));
  const reviewing = draft.state === "in_review" && draft.reviewer_id === member?.id;
  return (
    <section aria-labelledby="lifecycle-title" class="card">
      <h2 id="lifecycle-title">{t("lessonLifecycle")}</h2>
      <p>{t(`lessonState_${draft.state}` as AdminKey)}{draft.release_version > 0 ? ` · ${t("lessonReleased", { version: draft.release_version })}` : ""}</p>
      {draft.review_note && <p class="notice">{t("lessonReviewNote", { note: draft.review_note })}</p>}
      {reviewing ? (
        <>
          <TextField id="review-note" label={t("lessonReviewNoteField")} value={note} onInput={setNote} multiline />
          <div class="row">
            <button type="button" class="primary" onClick={() => act(() => ok(() => api.POST("/v1/lessons/{lesson_id}/review/decision", { ...path, body: { approve: true, note, major: false } })), "lessonPublished")}>{t("lessonApprove")}</button>
            <button type="button" onClick={() => act(() => ok(() => api.POST("/v1/lessons/{lesson_id}/review/decision", { ...path, body: { approve: false, note, major: false } })), "lessonSentBack")}>{t("lessonSendBack")}</button>
          </div>
        </>
      ) : draft.state === "archived" ? (
        <button type="button" onClick={() => act(() => ok(() => api.POST("/v1/lessons/{lesson_id}/restore", path)), "lessonRestored")}>{t("lessonRestore")}</button>
      ) : (
        <>
          {draft.state !== "published" && (
            <>
              {draft.release_version > 0 && <Check id="lesson-major" label={t("lessonMajor")} checked={major} onChange={setMajor} />}
              <button type="button" class="primary" onClick={() => act(() => ok(() => api.POST("/v1/lessons/{lesson_id}/publish", { ...path, body: { major } })), "lessonPublished")}>{t("lessonPublish")}</button>
            </>
          )}
          {draft.state === "draft" && (reviewers.data ?? []).length > 0 && (
            <div class="row">
              <SelectField id="lesson-reviewer" label={t("lessonReviewer")} value={reviewer} onChange={setReviewer}
                options={[["", t("lessonChooseReviewer")], ...(reviewers.data ?? []).filter((m) => m.role !== "member" && !draft.author_ids.includes(m.user_id)).map((m): [string, string] => [m.user_id, m.display_name])]} />
              <button type="button" disabled={!reviewer} onClick={() => act(() => ok(() => api.POST("/v1/lessons/{lesson_id}/review", { ...path, body: { reviewer_id: reviewer } })), "lessonReviewAsked")}>{t("lessonAskReview")}</button>
            </div>
          )}
          <button type="button" class="danger" onClick={() => act(() => ok(() => api.POST("/v1/lessons/{lesson_id}/archive", path)), "lessonArchived")}>{t("lessonArchive")}</button>
        </>
      )}
      <Feedback action={action} />
    </section>
  );
}

export function LessonEditor(props: { lessonId: string }) {
  const t = useAdminT();
  const isNew = props.lessonId === "new";
  const loaded = useLoad(
    async () => (isNew ? null : await ok(() => api.GET("/v1/lessons/{lesson_id}/draft", { params: { path: { lesson_id: props.lessonId } } }))),
    [props.lessonId],
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => setDraft(loaded.data ?? null), [loaded.data]);
  const current = draft ?? loaded.data ?? null;
  return (
    <>
      <ScreenTitle title={current ? current.variants[current.language]?.title ?? t("lessonsTitle") : t("lessonNew")} back={[href("/manage/lessons"), t("lessonsTitle")]} />
      <Loading state={loaded}>
        {() => (
          <>
            {current && <Lifecycle key={`${current.id}-${current.version}`} draft={current} onChanged={setDraft} />}
            <LessonForm key={current ? `${current.id}-${current.version}` : "new"} draft={current} onSaved={(saved) => {
              setDraft(saved);
              if (isNew) go(`/manage/lessons/${saved.id}`);
            }} />
          </>
        )}
      </Loading>
    </>
  );
}
