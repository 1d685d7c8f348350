// Learn: what I started (continue on any device), and the library of published lessons and videos
// of the organisation or of one of my communities.
import { useEffect, useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { ensureMyCommunities, myCommunities } from "../communities";
import { Status, Title, useLoad } from "../components/common";
import { language, useT } from "../i18n";
import { href } from "../router";
import { useStore } from "../store";

export function Learn() {
  const t = useT();
  const communities = useStore(myCommunities);
  const [scope, setScope] = useState("");
  useEffect(() => void ensureMyCommunities().catch(() => undefined), []);
  const started = useLoad(() => ok(() => api.GET("/v1/learning/progress", { params: { query: { limit: 20 } } })), []);
  const library = useLoad(
    () =>
      scope
        ? ok(() => api.GET("/v1/communities/{community_id}/library", { params: { path: { community_id: scope }, query: { language: language.get(), limit: 50 } } }))
        : ok(() => api.GET("/v1/library", { params: { query: { language: language.get(), limit: 50 } } })),
    [scope],
  );
  const going = (started.data?.items ?? []).filter((s) => !s.completed_at);
  return (
    <>
      <Title>{t("learnTitle")}</Title>
      {going.length > 0 && (
        <section aria-labelledby="continue-title">
          <h2 id="continue-title">{t("learnContinue")}</h2>
          <ul class="list">
            {going.map((s) => (
              <li key={s.content_id}><a href={href(`/${s.kind}s/${s.content_id}`)}>{s.title}</a></li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="library-title">
        <h2 id="library-title">{t("learnLibrary")}</h2>
        <div class="field">
          <label for="library-scope">{t("learnScope")}</label>
          <select id="library-scope" value={scope} onChange={(e) => setScope((e.target as HTMLSelectElement).value)}>
            <option value="">{t("learnOrganisation")}</option>
            {communities.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <Status state={library} />
        {library.data?.items.length === 0 && <p>{t("learnEmpty")}</p>}
        <ul class="list">
          {library.data?.items.map((item) => (
            <li key={item.id} class="card">
              <h3><a href={href(`/${item.kind}s/${item.id}`)}>{item.title}</a></h3>
              {item.summary && <p>{item.summary}</p>}
              <p class="meta">{t("lessonMinutes", { minutes: item.estimated_minutes })}</p>
              {item.skill_tags.length > 0 && <ul class="tags">{item.skill_tags.map((tag) => <li key={tag}>#{tag}</li>)}</ul>}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
