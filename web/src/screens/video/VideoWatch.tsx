// Watching an interactive video: the player pauses at cues, a required cue holds playback until it is
// done, skipping past what was watched is held back until a first full viewing (when the video says
// so), captions come from the API as blob URLs, and the viewing resumes where any device left it.
// The player only reports what it played; the server decides what counts and when it is completed.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, ok, type Schemas } from "../../api/client";
import { Status, Title, errorText, useLoad } from "../../components/common";
import { language } from "../../i18n";
import { useStore } from "../../store";
import { clock, useVideoT } from "./i18n";

type Player = Schemas["VideoPlayer"];
type Viewing = Schemas["ViewingView"];
type Cue = Schemas["CueView"];
type Answered = Schemas["CueAnswered"];

// Reports while playing: a first one soon (the server lets a first report claim 20 s of play,
// chalicelib/learning/video_rules.py), then once a minute; and at every pause (a cue pauses too),
// seek, the end, the page hidden or left and the player closed, so nothing played is lost between
// them. bench/cost.py counts them (VIDEO_REPORTS_PER_OPENING).
const FIRST_REPORT_AFTER_MS = 15_000;
const REPORT_EVERY_MS = 60_000;
const REPORT_CHECK_MS = 5_000;
const MAX_RATE = 2;
const JUMP_SECONDS = 1.5; // a larger step between two time updates is a seek, not playback

/** The earliest required cue not done yet: playback stops there. */
export function gateOf(cues: Cue[], viewing: Viewing): number | null {
  const pending = cues.filter((c) => c.required && !viewing.cues[c.cue_id]?.done).map((c) => c.at);
  return pending.length ? Math.min(...pending) : null;
}

export function VideoWatch(props: { videoId: string }) {
  const t = useVideoT();
  const lang = useStore(language);
  const state = useLoad(
    () => ok(() => api.GET("/v1/videos/{video_id}/watch", { params: { path: { video_id: props.videoId }, query: { language: lang } } })),
    [props.videoId, lang],
  );
  return (
    <section>
      <Status state={state} />
      {state.data && <PlayerView key={state.data.id} player={state.data} />}
      {!state.data && !state.loading && !state.error && <p>{t("videoNoVideo")}</p>}
    </section>
  );
}

interface Tracker {
  segStart: number | null; // where the current run of playback began
  last: number; // the last time update
  pending: [number, number][]; // played, not reported yet
  furthest: number; // the furthest point played (reported or not)
  shown: Set<string>; // cues shown during this visit (optional ones pause once)
  sending: boolean;
  reportedAt: number; // Date.now() of the last report sent (or of opening the player)
  reports: number; // sent during this visit
}

function useCaptions(player: Player): Record<string, string> {
  const [urls, setUrls] = useState<Record<string, string>>({});
  useEffect(() => {
    const made: string[] = [];
    for (const lang of player.caption_languages) {
      void ok(() => api.GET("/v1/videos/{video_id}/captions/{language}", { params: { path: { video_id: player.id, language: lang } } }))
        .then((captions) => {
          const url = URL.createObjectURL(new Blob([captions.vtt], { type: "text/vtt" }));
          made.push(url);
          setUrls((current) => ({ ...current, [lang]: url }));
        })
        .catch(() => undefined);
    }
    return () => made.forEach((url) => URL.revokeObjectURL(url));
  }, [player.id]);
  return urls;
}

function PlayerView(props: { player: Player }) {
  const t = useVideoT();
  const player = props.player;
  const video = useRef<HTMLVideoElement>(null);
  const [viewing, setViewing] = useState<Viewing>(player.viewing);
  const [openCue, setOpenCue] = useState<Cue | null>(null);
  const [notice, setNotice] = useState("");
  const current = useRef<Viewing>(player.viewing);
  const cueOpen = useRef<Cue | null>(null);
  const tracker = useRef<Tracker>({
    segStart: null,
    last: 0,
    pending: [],
    furthest: Math.max(0, ...player.viewing.watched.map(([, end]) => end)),
    shown: new Set(),
    sending: false,
    reportedAt: Date.now(),
    reports: 0,
  });
  const captions = useCaptions(player);
  const resumed = player.viewing.position > 0.5 && player.viewing.position < player.duration - 0.5;

  const show = (next: Viewing) => {
    current.current = next;
    setViewing(next);
  };
  const openCueAt = (cue: Cue | null) => {
    cueOpen.current = cue;
    setOpenCue(cue);
  };

  /** How far the learner may go now: the end, or what was played (skipping held back), never past
   * a required cue that is not done. */
  const allowedUntil = (): number => {
    const v = current.current;
    let limit = player.duration;
    if (player.block_forward_skip && !v.fully_viewed) limit = Math.max(v.seek_limit, tracker.current.furthest);
    const gate = gateOf(player.cues, v);
    return gate === null ? limit : Math.min(limit, gate);
  };

  const closeSegment = (at: number) => {
    const tr = tracker.current;
    if (tr.segStart !== null && at > tr.segStart) {
      tr.pending.push([tr.segStart, Math.min(at, player.duration)]);
      tr.furthest = Math.max(tr.furthest, at);
    }
    tr.segStart = null;
  };

  /** Sends what was played since the last report. `leaving`: the page or the player is going away,
   * so the request must outlive it (keepalive) and nothing waits for its answer. */
  const report = async (leaving = false, el: HTMLVideoElement | null = video.current) => {
    const tr = tracker.current;
    if (!el || (tr.sending && !leaving)) return;
    if (leaving && tr.pending.length === 0) return; // the position alone is not worth a request then
    const segments = tr.pending.splice(0);
    tr.sending = true;
    tr.reportedAt = Date.now();
    tr.reports += 1;
    const body = { segments, position: Math.min(el.currentTime, player.duration) };
    const send = () =>
      ok(() => api.PUT("/v1/videos/{video_id}/viewing", { params: { path: { video_id: player.id } }, body, keepalive: leaving }));
    try {
      let counted;
      try {
        counted = await send();
      } catch (caught) {
        if (!(caught instanceof ApiError && caught.status === 409)) throw caught;
        counted = await send(); // another device saved meanwhile: the server merges, send it again
      }
      show(counted.viewing);
    } catch {
      tr.pending.unshift(...segments); // kept for the next report
    } finally {
      tr.sending = false;
    }
  };

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const tr = tracker.current;
    const onLoaded = () => {
      if (resumed) el.currentTime = player.viewing.position;
    };
    const onPlay = () => {
      const cue = cueOpen.current;
      if (cue && cue.required && !current.current.cues[cue.cue_id]?.done) {
        el.pause(); // a required cue holds playback until it is done
        return;
      }
      tr.segStart = el.currentTime;
      tr.last = el.currentTime;
    };
    const onTime = () => {
      const now = el.currentTime;
      if (tr.segStart === null) {
        tr.last = now;
        return;
      }
      if (now < tr.last || now - tr.last > JUMP_SECONDS) {
        closeSegment(tr.last);
        tr.segStart = now;
      }
      const gate = gateOf(player.cues, current.current);
      if (gate !== null && now >= gate) {
        closeSegment(Math.max(tr.segStart ?? gate, gate));
        el.pause();
        el.currentTime = gate;
        openCueAt(player.cues.find((c) => c.at === gate && c.required && !current.current.cues[c.cue_id]?.done) ?? null);
        tr.last = gate;
        return;
      }
      const crossed = player.cues.find((c) => !tr.shown.has(c.cue_id) && tr.last < c.at && now >= c.at);
      if (crossed) {
        tr.shown.add(crossed.cue_id);
        closeSegment(now);
        el.pause();
        openCueAt(crossed);
      }
      tr.last = now;
      tr.furthest = Math.max(tr.furthest, now);
    };
    const onSeeking = () => {
      closeSegment(tr.last);
      const limit = allowedUntil();
      if (el.currentTime > limit + 0.5) {
        el.currentTime = limit;
        setNotice(t("videoSkipBlocked"));
      }
      tr.last = el.currentTime;
    };
    const onSeeked = () => {
      tr.last = el.currentTime;
      if (!el.paused) tr.segStart = el.currentTime;
      if (tr.pending.length) void report(); // what was played before the jump
    };
    const onPause = () => {
      closeSegment(el.currentTime);
      void report();
    };
    const onEnded = () => {
      closeSegment(player.duration);
      void report();
    };
    const onRate = () => {
      if (el.playbackRate > MAX_RATE) el.playbackRate = MAX_RATE;
    };
    const timer = window.setInterval(() => {
      if (el.paused || tr.segStart === null) return;
      const due = tr.reports === 0 ? FIRST_REPORT_AFTER_MS : REPORT_EVERY_MS;
      if (Date.now() - tr.reportedAt < due) return;
      closeSegment(el.currentTime);
      tr.segStart = el.currentTime;
      void report();
    }, REPORT_CHECK_MS);
    // The page hidden (another app, the screen locked) or left: what was played is sent now, in a
    // request that outlives the page; playback that goes on is reported from where it is.
    const leave = () => {
      const playing = !el.paused && tr.segStart !== null;
      closeSegment(el.currentTime);
      if (playing) tr.segStart = el.currentTime;
      void report(true, el); // the element outlives its ref when the player closes
    };
    const onHide = () => {
      if (document.visibilityState === "hidden") leave();
    };
    const listeners: [string, () => void][] = [
      ["loadedmetadata", onLoaded],
      ["play", onPlay],
      ["timeupdate", onTime],
      ["seeking", onSeeking],
      ["seeked", onSeeked],
      ["pause", onPause],
      ["ended", onEnded],
      ["ratechange", onRate],
    ];
    listeners.forEach(([name, fn]) => el.addEventListener(name, fn));
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", leave);
    return () => {
      // The player closes (another screen): what it played since the last report is sent.
      leave();
      window.clearInterval(timer);
      listeners.forEach(([name, fn]) => el.removeEventListener(name, fn));
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", leave);
    };
  }, [player.id]);

  const resume = (jumpTo?: number | null) => {
    openCueAt(null);
    const el = video.current;
    if (!el) return;
    if (jumpTo !== undefined && jumpTo !== null) el.currentTime = jumpTo;
    void el.play().catch(() => undefined);
  };

  const percent = Math.round(viewing.watched_fraction * 100);
  return (
    <article class="card video-player" data-video-id={player.id}>
      <Title>{player.title}</Title>
      {player.summary && <p>{player.summary}</p>}
      {resumed && <p class="meta">{t("videoResumeAt", { time: clock(player.viewing.position) })}</p>}
      <div class="video-frame">
        <video
          ref={video}
          src={player.video_url ?? undefined}
          poster={player.poster_url ?? undefined}
          controls
          preload="auto"
          playsInline
          controlsList="noplaybackrate"
        >
          {Object.entries(captions).map(([lang, url]) => (
            <track key={lang} kind="captions" srcLang={lang} label={`${t("videoCaptions")} (${lang})`} src={url} default={lang === player.language} />
          ))}
        </video>
      </div>
      <p class="meta" role="status">
        {viewing.completed ? <strong class="done">{t("videoCompleted")}</strong> : t("videoWatched", { percent })}
      </p>
      {notice && <p class="meta" role="note">{notice}</p>}
      {openCue && <CueCard player={player} cue={openCue} viewing={viewing} onViewing={show} onContinue={resume} />}
    </article>
  );
}

export function CueCard(props: {
  player: Player | null; // null: the author's preview (nothing is sent)
  cue: Cue;
  viewing: Viewing | null;
  onViewing: (viewing: Viewing) => void;
  onContinue: (jumpTo?: number | null) => void;
}) {
  const t = useVideoT();
  const lang = useStore(language);
  const cue = props.cue;
  const state = props.viewing?.cues[cue.cue_id];
  const [chosen, setChosen] = useState<string>("");
  const [result, setResult] = useState<Answered | null>(null);
  const [error, setError] = useState("");
  const done = Boolean(result?.done ?? state?.done);
  const answer = async (body: Schemas["CueAnswerIn"]): Promise<Answered | null> => {
    if (!props.player) return null;
    try {
      const answered = await ok(() =>
        api.POST("/v1/videos/{video_id}/cues/{cue_id}/answer", { params: { path: { video_id: props.player!.id, cue_id: cue.cue_id } }, body: { ...body, language: lang } }),
      );
      setResult(answered);
      props.onViewing(answered.viewing);
      setError("");
      return answered;
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
      return null;
    }
  };
  const carryOn = async () => {
    if (cue.required && !done && cue.kind !== "question" && cue.kind !== "branch") await answer({});
    props.onContinue();
  };
  return (
    <section class="card cue" role="dialog" aria-modal="false" aria-labelledby={`cue-${cue.cue_id}`}>
      {cue.kind === "question" && cue.question && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await answer({ option_ids: [chosen] });
          }}
        >
          <fieldset>
            <legend>
              <h2 id={`cue-${cue.cue_id}`}>{cue.question.prompt}</h2>
            </legend>
            {cue.required && !done && <p class="meta">{cue.must_be_correct ? t("videoCueMustBeRight") : t("videoCueRequired")}</p>}
            {cue.question.options.map((option) => (
              <label key={option.id} class="option">
                <input type="radio" name={`cue-${cue.cue_id}`} value={option.id} checked={chosen === option.id} disabled={done} onChange={() => setChosen(option.id ?? "")} />
                {option.text}
              </label>
            ))}
          </fieldset>
          {result && <p role="status">{result.correct ? t("videoRight") : result.done ? t("videoWrongDone") : t("videoWrong")}</p>}
          {result?.explanation && <p>{result.explanation}</p>}
          {!done && props.player && <button type="submit" class="primary" disabled={!chosen}>{t("videoAnswer")}</button>}
        </form>
      )}
      {(cue.kind === "text" || cue.kind === "link") && (
        <div>
          <h2 id={`cue-${cue.cue_id}`}>{cue.text}</h2>
          {cue.kind === "link" && cue.url && (
            <p><a href={cue.url} target="_blank" rel="noopener noreferrer">{t("videoOpenLink")}</a></p>
          )}
        </div>
      )}
      {cue.kind === "branch" && (
        <div>
          <h2 id={`cue-${cue.cue_id}`}>{cue.text || t("videoBranchTitle")}</h2>
          {cue.options.map((option, index) => (
            <button
              key={index}
              type="button"
              onClick={async () => {
                const answered = await answer({ option: index });
                props.onContinue(answered?.jump_to ?? option.to);
              }}
            >
              {option.label} ({clock(option.to)})
            </button>
          ))}
        </div>
      )}
      {error && <p role="alert" class="error">{error}</p>}
      {cue.kind !== "branch" && (done || !cue.required || cue.kind !== "question") && (
        <button type="button" class="primary" onClick={() => void carryOn()}>{t("videoContinue")}</button>
      )}
    </section>
  );
}
