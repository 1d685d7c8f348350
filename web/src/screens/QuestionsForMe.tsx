// An expert's page: the questions sent to them (their skills, or escalated) and, for mentors,
// community managers and admins, the content requests (questions nobody answered in time).
import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { Notice, Status, Title, errorText, useLoad } from "../components/common";
import { formatDate } from "../i18n";
import { useQaT as useT } from "./qaText";
import { me } from "../me";
import { href } from "../router";
import { useStore } from "../store";
import { isAuthor, isOrgManager } from "./admin/access";

function ContentRequests() {
  const t = useT();
  const profile = useStore(me);
  const list = useLoad(() => ok(() => api.GET("/v1/content-requests", { params: { query: { limit: 50 } } })), []);
  const [notice, setNotice] = useState("");
  const act = async (id: string, what: "take" | "close") => {
    try {
      if (what === "take") await ok(() => api.POST("/v1/content-requests/{request_id}/take", { params: { path: { request_id: id } } }));
      else await ok(() => api.POST("/v1/content-requests/{request_id}/close", { params: { path: { request_id: id } }, body: {} }));
      list.reload();
    } catch (error) {
      setNotice(t("errorGeneric", { detail: errorText(error) }));
    }
  };
  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">{t("qaRequests")}</h2>
      <p class="muted">{t("qaRequestsIntro")}</p>
      <Status state={list} />
      {list.data?.items.length === 0 && <p>{t("qaRequestsEmpty")}</p>}
      <ul class="list" aria-label={t("qaRequests")}>
        {list.data?.items.map((r) => (
          <li key={r.id} class="card">
            <h3><a href={href(`/communities/${r.community_id}/questions/${r.question_id}`)}>{r.title}</a></h3>
            <p class="meta">
              <time dateTime={r.created_at}>{formatDate(r.created_at)}</time>
              {r.taken_by && ` · ${t("qaTakenBy", { name: r.taken_by.display_name })}`}
            </p>
            <div class="row">
              {r.state === "open" && <button type="button" class="primary" onClick={() => void act(r.id, "take")}>{t("qaTake")}</button>}
              {r.state === "taken" && r.taken_by?.id === profile?.id && <a class="button" href={href("/manage/lessons")}>{t("qaWriteLesson")}</a>}
              {(r.taken_by?.id === profile?.id || isOrgManager(profile)) && <button type="button" onClick={() => void act(r.id, "close")}>{t("qaClose")}</button>}
            </div>
          </li>
        ))}
      </ul>
      <Notice text={notice} />
    </section>
  );
}

export function QuestionsForMe() {
  const t = useT();
  const profile = useStore(me);
  const routed = useLoad(() => ok(() => api.GET("/v1/me/routed-questions", { params: { query: { limit: 50 } } })), []);
  return (
    <>
      <Title>{t("qaForMe")}</Title>
      <Status state={routed} />
      {routed.data?.items.length === 0 && <p>{t("qaForMeEmpty")}</p>}
      <ul class="list" aria-label={t("qaForMe")}>
        {routed.data?.items.map((r) => (
          <li key={r.question.id} class="card">
            <h2><a href={href(`/communities/${r.question.community_id}/questions/${r.question.id}`)}>{r.question.title}</a></h2>
            <p class="meta">
              {r.reason === "skill" ? t("qaReasonSkill", { skill: r.skill ?? "" }) : t("qaReasonEscalated")} · {t("qaAnswers", { count: r.question.answer_count })} ·{" "}
              <time dateTime={r.routed_at}>{formatDate(r.routed_at)}</time>
            </p>
          </li>
        ))}
      </ul>
      {isAuthor(profile) && <ContentRequests />}
    </>
  );
}

/** The profile's expertise card (mentors, community managers, admins). */
export function ExpertiseSettings() {
  const t = useT();
  const mine = useLoad(() => ok(() => api.GET("/v1/me/expertise")), []);
  const [text, setText] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const shown = text ?? (mine.data?.skills ?? []).join(", ");
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      const skills = shown.split(",").map((s) => s.trim().replace(/^#/, "")).filter(Boolean);
      const saved = await ok(() => api.PUT("/v1/me/expertise", { body: { skills } }));
      mine.setData(saved);
      setText(null);
      setNotice(t("saved"));
    } catch (error) {
      setNotice(t("errorGeneric", { detail: errorText(error) }));
    }
  };
  return (
    <form class="card" onSubmit={(e) => void save(e)} aria-labelledby="expertise-title">
      <h2 id="expertise-title">{t("qaExpertise")}</h2>
      <div class="field">
        <label for="expertise-skills">{t("qaExpertiseIntro")}</label>
        <input id="expertise-skills" value={shown} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
      </div>
      <button type="submit" class="primary">{t("qaSaveExpertise")}</button>
      <Notice text={notice} />
    </form>
  );
}
