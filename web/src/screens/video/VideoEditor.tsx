// The author's interactive video editor: upload the video, its poster and captions (through the
// media path), place cue points while the video plays (a question of the bank, a text, a link or a
// branch), preview each cue as learners will see it, save the draft and publish.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok, type Schemas } from "../../api/client";
import { Title, errorText } from "../../components/common";
import { language } from "../../i18n";
import { go, href } from "../../router";
import { useStore } from "../../store";
import { uploadImage as uploadFile } from "../admin/upload";
import { clock, useVideoT, type VideoKey } from "./i18n";
import { CueCard } from "./VideoWatch";

type Draft = Schemas["VideoDraft"];
type CueIn = Schemas["CueIn"];
type WorkingCopy = Schemas["VideoWorkingCopy"];
type Lang = "nl" | "fr" | "en";
const LANGS: Lang[] = ["nl", "fr", "en"];
const KINDS: [CueIn["kind"], VideoKey][] = [
  ["question", "videoKindQuestion"],
  ["text", "videoKindText"],
  ["link", "videoKindLink"],
  ["branch", "videoKindBranch"],
];

interface Form {
  title: string;
  summary: string;
  media_id: string;
  poster_media_id: string;
  duration: number;
  threshold: number;
  block: boolean;
  captions: Partial<Record<Lang, string>>;
  cues: CueIn[];
}

function formOf(copy: WorkingCopy): Form {
  const texts = copy.variants[copy.language] ?? { title: "", summary: "" };
  return {
    title: texts.title,
    summary: texts.summary ?? "",
    media_id: copy.video.media_id,
    poster_media_id: copy.video.poster_media_id ?? "",
    duration: copy.video.duration,
    threshold: Math.round((copy.video.completion_threshold ?? 0.9) * 100),
    block: copy.video.block_forward_skip ?? true,
    captions: copy.video.captions ?? {},
    cues: copy.video.cues ?? [],
  };
}

const EMPTY: Form = { title: "", summary: "", media_id: "", poster_media_id: "", duration: 0, threshold: 90, block: true, captions: {}, cues: [] };

function Upload(props: { label: string; accept: string; onChosen?: (file: File) => void; onDone: (mediaId: string) => void }) {
  const t = useVideoT();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState("");
  const id = `upload-${props.label.replace(/\W+/g, "-")}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="file"
        accept={props.accept}
        onChange={async (e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          if (!file) return;
          props.onChosen?.(file);
          setError("");
          try {
            const typed = file.type || (file.name.endsWith(".vtt") ? "text/vtt" : file.type);
            const named = typed === file.type ? file : new File([file], file.name, { type: typed });
            props.onDone(await uploadFile(named, (fraction) => setProgress(Math.round(fraction * 100))));
          } catch (caught) {
            setError(t("errorGeneric", { detail: errorText(caught) }));
          } finally {
            setProgress(null);
          }
        }}
      />
      {progress !== null && <p class="meta" role="status">{t("videoUploading", { percent: progress })}</p>}
      {error && <p role="alert" class="error">{error}</p>}
    </div>
  );
}

export function VideoEditor(props: { videoId?: string }) {
  const t = useVideoT();
  const lang = useStore(language);
  const [videoId, setVideoId] = useState(props.videoId && props.videoId !== "new" ? props.videoId : "");
  const [copy, setCopy] = useState<WorkingCopy | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [questions, setQuestions] = useState<Schemas["Question"][]>([]);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const [previewing, setPreviewing] = useState<string>("");
  const [now, setNow] = useState(0);
  const [localSource, setLocalSource] = useState<string>(""); // the chosen file, before it is saved
  const preview = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    void ok(() => api.GET("/v1/questions", { params: { query: { status: "published", limit: 100 } } }))
      .then((page) => setQuestions(page.items))
      .catch(() => undefined);
    if (videoId) {
      void ok(() => api.GET("/v1/videos/{video_id}", { params: { path: { video_id: videoId } } }))
        .then((loaded) => (setCopy(loaded), setForm(formOf(loaded))))
        .catch((caught) => setError(t("errorGeneric", { detail: errorText(caught) })));
    }
  }, [videoId]);

  const set = (change: Partial<Form>) => setForm((current) => ({ ...current, ...change }));
  const setCue = (index: number, change: Partial<CueIn>) =>
    set({ cues: form.cues.map((cue, i) => (i === index ? { ...cue, ...change } : cue)) });

  const body = (): Draft => ({
    language: lang,
    variants: { [lang]: { title: form.title, summary: form.summary } },
    video: {
      media_id: form.media_id,
      poster_media_id: form.poster_media_id || null,
      duration: form.duration,
      completion_threshold: form.threshold / 100,
      block_forward_skip: form.block,
      captions: form.captions,
      cues: form.cues,
    },
  });

  const save = async (): Promise<WorkingCopy | null> => {
    setError("");
    try {
      const saved = videoId
        ? await ok(() => api.PUT("/v1/videos/{video_id}", { params: { path: { video_id: videoId } }, body: { ...body(), expected_version: copy?.version ?? null } }))
        : await ok(() => api.POST("/v1/videos", { params: { header: { "Idempotency-Key": newIdempotencyKey() } }, body: body() }));
      setCopy(saved);
      setMessage(t("videoSaved"));
      if (!videoId) {
        setVideoId(saved.id);
        go(`/manage/videos/${saved.id}`);
      }
      return saved;
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
      return null;
    }
  };

  const publish = async () => {
    const saved = await save();
    if (!saved) return;
    try {
      await ok(() => api.POST("/v1/videos/{video_id}/publish", { params: { path: { video_id: saved.id } }, body: { major: false } }));
      setMessage(t("videoPublished", { link: `#/videos/${saved.id}` }));
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    }
  };

  const previewCue = copy?.cues.find((c) => c.cue_id === previewing) ?? null;
  const source = localSource || copy?.video_url || undefined;
  return (
    <section>
      <Title>{videoId ? t("videoEditorTitle") : t("videoEditorNew")}</Title>
      <form class="card" onSubmit={(e) => (e.preventDefault(), void save())}>
        <div class="field">
          <label for="video-title">{t("videoTitleField")}</label>
          <input id="video-title" required maxLength={120} value={form.title} onInput={(e) => set({ title: (e.target as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for="video-summary">{t("videoSummaryField")}</label>
          <textarea id="video-summary" maxLength={500} value={form.summary} onInput={(e) => set({ summary: (e.target as HTMLTextAreaElement).value })} />
        </div>
        <Upload
          label={t("videoFile")}
          accept="video/webm,video/mp4"
          onChosen={(file) => (set({ duration: 0 }), setLocalSource(URL.createObjectURL(file)))}
          onDone={(id) => set({ media_id: id })}
        />
        <Upload label={t("videoPoster")} accept="image/*" onDone={(id) => set({ poster_media_id: id })} />
        {LANGS.map((l) => (
          <Upload key={l} label={t("videoCaptionsFile", { language: l })} accept=".vtt,text/vtt" onDone={(id) => set({ captions: { ...form.captions, [l]: id } })} />
        ))}
        <div class="field">
          <label for="video-threshold">{t("videoThreshold")}</label>
          <input id="video-threshold" type="number" min={50} max={100} value={form.threshold} onInput={(e) => set({ threshold: Number((e.target as HTMLInputElement).value) })} />
        </div>
        <label class="option">
          <input type="checkbox" checked={form.block} onChange={(e) => set({ block: (e.target as HTMLInputElement).checked })} />
          {t("videoBlockSkip")}
        </label>

        {source && (
          <div class="video-frame">
            <video
              ref={preview}
              src={source}
              controls
              preload="metadata"
              onLoadedMetadata={(e) => {
                const d = (e.target as HTMLVideoElement).duration;
                if (Number.isFinite(d) && d > 0) set({ duration: Math.round(d * 1000) / 1000 });
              }}
              onTimeUpdate={(e) => setNow((e.target as HTMLVideoElement).currentTime)}
            />
          </div>
        )}
        {form.duration > 0 && <p class="meta">{clock(form.duration)}</p>}

        <h2>{t("videoCuesTitle")}</h2>
        {form.cues.length === 0 && <p class="meta">{t("videoNoCues")}</p>}
        {form.cues.map((cue, index) => (
          <fieldset key={cue.cue_id} class="card">
            <legend>{clock(cue.at)} · {t(KINDS.find(([kind]) => kind === cue.kind)?.[1] ?? "videoKindText")}</legend>
            <div class="field">
              <label for={`cue-at-${index}`}>{t("videoCueAt")}</label>
              <input id={`cue-at-${index}`} type="number" step="0.1" min={0} value={cue.at} onInput={(e) => setCue(index, { at: Number((e.target as HTMLInputElement).value) })} />
            </div>
            <div class="field">
              <label for={`cue-kind-${index}`}>{t("videoCueKind")}</label>
              <select id={`cue-kind-${index}`} value={cue.kind} onChange={(e) => setCue(index, { kind: (e.target as HTMLSelectElement).value as CueIn["kind"] })}>
                {KINDS.map(([kind, label]) => <option key={kind} value={kind}>{t(label)}</option>)}
              </select>
            </div>
            {cue.kind === "question" && (
              <div class="field">
                <label for={`cue-question-${index}`}>{t("videoCueQuestionId")}</label>
                <select id={`cue-question-${index}`} value={cue.question_id ?? ""} onChange={(e) => setCue(index, { question_id: (e.target as HTMLSelectElement).value || null })}>
                  <option value="">—</option>
                  {questions.map((q) => <option key={q.id} value={q.id}>{q.prompt}</option>)}
                </select>
              </div>
            )}
            {cue.kind !== "question" && (
              <div class="field">
                <label for={`cue-text-${index}`}>{t("videoCueText")}</label>
                <input id={`cue-text-${index}`} maxLength={1000} value={cue.text ?? ""} onInput={(e) => setCue(index, { text: (e.target as HTMLInputElement).value })} />
              </div>
            )}
            {cue.kind === "link" && (
              <div class="field">
                <label for={`cue-url-${index}`}>{t("videoCueUrl")}</label>
                <input id={`cue-url-${index}`} type="url" value={cue.url ?? ""} onInput={(e) => setCue(index, { url: (e.target as HTMLInputElement).value })} />
              </div>
            )}
            {cue.kind === "branch" && (
              <div class="field">
                <label for={`cue-label-${index}`}>{t("videoBranchLabel")}</label>
                <input id={`cue-label-${index}`} value={cue.options?.[0]?.label ?? ""} onInput={(e) => setCue(index, { options: [{ label: (e.target as HTMLInputElement).value, to: cue.options?.[0]?.to ?? 0 }] })} />
                <label for={`cue-to-${index}`}>{t("videoBranchTo")}</label>
                <input id={`cue-to-${index}`} type="number" step="0.1" min={0} value={cue.options?.[0]?.to ?? 0} onInput={(e) => setCue(index, { options: [{ label: cue.options?.[0]?.label ?? "", to: Number((e.target as HTMLInputElement).value) }] })} />
              </div>
            )}
            <label class="option">
              <input type="checkbox" checked={cue.required ?? false} onChange={(e) => setCue(index, { required: (e.target as HTMLInputElement).checked })} />
              {t("videoCueRequiredField")}
            </label>
            {cue.kind === "question" && (
              <label class="option">
                <input type="checkbox" checked={cue.must_be_correct ?? false} onChange={(e) => setCue(index, { must_be_correct: (e.target as HTMLInputElement).checked })} />
                {t("videoCueMustBeRightField")}
              </label>
            )}
            <button type="button" onClick={() => set({ cues: form.cues.filter((_, i) => i !== index) })}>{t("videoRemoveCue")}</button>
            {copy?.cues.some((c) => c.cue_id === cue.cue_id) && (
              <button
                type="button"
                onClick={() => {
                  setPreviewing(cue.cue_id);
                  if (preview.current) (preview.current.pause(), (preview.current.currentTime = cue.at));
                }}
              >
                {t("videoPreviewAt", { time: clock(cue.at) })}
              </button>
            )}
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() =>
            set({ cues: [...form.cues, { cue_id: `c${Date.now().toString(36)}`, at: Math.round(now * 10) / 10, kind: "question", required: true, text: "", options: [] }] })
          }
        >
          {t("videoAddCue", { time: clock(now) })}
        </button>

        {previewCue && (
          <div>
            <h2>{t("videoPreviewTitle")}</h2>
            <CueCard player={null} cue={previewCue} viewing={null} onViewing={() => undefined} onContinue={() => setPreviewing("")} />
          </div>
        )}
        {error && <p role="alert" class="error">{error}</p>}
        {message && <p role="status">{message.includes("#/videos/") ? <a href={href(message.slice(message.indexOf("#/videos/") + 1).replace(/\.$/, ""))}>{message}</a> : message}</p>}
        <div class="actions">
          <button type="submit">{t("videoSave")}</button>
          <button type="button" class="primary" disabled={!form.media_id || !form.title || !form.duration} onClick={() => void publish()}>{t("videoPublish")}</button>
        </div>
      </form>
    </section>
  );
}
