// Search the library: lessons, videos and pinned or spotlighted posts, as you type, with filters.
// The API decides what the searcher may read; this screen only asks and shows.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ensureMyCommunities, myCommunities } from "../communities";
import { Title } from "../components/common";
import { language, useT } from "../i18n";
import { href } from "../router";
import { useStore } from "../store";

type Result = Schemas["SearchResult"];
type Kind = NonNullable<Result["kind"]>;
const TYPING_PAUSE_MS = 200;
const ORGANISATION = "organisation";

function target(result: Result): string {
  if (result.kind === "post" && result.community_id) return `/communities/${result.community_id}/posts/${result.id}`;
  if (result.kind === "question" && result.community_id) return `/communities/${result.community_id}/questions/${result.id}`;
  return `/${result.kind}s/${result.id}`;
}

function initialQuery(): string {
  const query = location.hash.split("?")[1] ?? "";
  return new URLSearchParams(query).get("q") ?? "";
}

export function Search() {
  const t = useT();
  const communities = useStore(myCommunities);
  const [q, setQ] = useState(initialQuery());
  const [kind, setKind] = useState<Kind | "">("");
  const [scope, setScope] = useState("");
  const [skill, setSkill] = useState("");
  const [results, setResults] = useState<Result[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState("");
  const round = useRef(0);
  useEffect(() => void ensureMyCommunities().catch(() => undefined), []);

  const ask = async (more: string | null) => {
    const words = q.trim();
    const mine = ++round.current;
    if (!words) {
      setResults([]), setTotal(null), setCursor(null), setError("");
      return;
    }
    try {
      const page = await ok(() =>
        api.GET("/v1/search", {
          params: {
            query: {
              q: words,
              // The last word is still being typed unless a space ended it: it also finds what it begins.
              typing: !/\s$/.test(q),
              kind: kind || undefined,
              community_id: scope && scope !== ORGANISATION ? scope : undefined,
              organisation_only: scope === ORGANISATION || undefined,
              skill: skill.trim() || undefined,
              language: language.get(),
              limit: 20,
              cursor: more ?? undefined,
            },
          },
        }),
      );
      if (mine !== round.current) return; // an answer to an older question
      setResults((shown) => (more ? [...shown, ...page.items] : page.items));
      setTotal(page.total);
      setCursor(page.next_cursor ?? null);
      setError("");
    } catch (caught) {
      if (mine === round.current) setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  useEffect(() => {
    const timer = window.setTimeout(() => void ask(null), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [q, kind, scope, skill]);

  const kindLabel: Record<Kind, string> = { lesson: t("searchKindLesson"), video: t("searchKindVideo"), post: t("searchKindPost"), question: t("qaQuestions") };
  return (
    <>
      <Title>{t("searchTitle")}</Title>
      <form role="search" onSubmit={(e) => (e.preventDefault(), void ask(null))}>
        <div class="field">
          <label for="search-q">{t("searchLabel")}</label>
          <input id="search-q" type="search" value={q} autoComplete="off" placeholder={t("searchPlaceholder")} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </div>
        <fieldset class="filters">
          <legend>{t("searchFilters")}</legend>
          <div class="field">
            <label for="search-kind">{t("searchKind")}</label>
            <select id="search-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as Kind | "")}>
              <option value="">{t("searchKindAll")}</option>
              <option value="lesson">{t("searchKindLesson")}</option>
              <option value="video">{t("searchKindVideo")}</option>
              <option value="post">{t("searchKindPost")}</option>
            </select>
          </div>
          <div class="field">
            <label for="search-scope">{t("searchScope")}</label>
            <select id="search-scope" value={scope} onChange={(e) => setScope((e.target as HTMLSelectElement).value)}>
              <option value="">{t("searchScopeAll")}</option>
              <option value={ORGANISATION}>{t("searchScopeOrganisation")}</option>
              {communities.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="search-skill">{t("searchSkill")}</label>
            <input id="search-skill" type="text" value={skill} onInput={(e) => setSkill((e.target as HTMLInputElement).value)} />
          </div>
        </fieldset>
      </form>
      {error && <div role="alert" class="error">{t("errorGeneric", { detail: error })}</div>}
      <p role="status" class="meta">
        {total === null ? "" : total === 0 ? t("searchNone", { q: q.trim() }) : t("searchCount", { count: total })}
      </p>
      <ul class="list" aria-label={t("searchResults")}>
        {results.map((r) => (
          <li key={`${r.kind}-${r.id}`} class="card">
            <p class="meta">{kindLabel[r.kind]}</p>
            <h2><a href={href(target(r))} lang={r.language}>{r.title || t("searchUntitled")}</a></h2>
            {r.snippet && <p lang={r.language}>{r.snippet}</p>}
            {r.skills.length > 0 && <ul class="tags">{r.skills.map((tag) => <li key={tag}>#{tag}</li>)}</ul>}
          </li>
        ))}
      </ul>
      {cursor && <button type="button" onClick={() => void ask(cursor)}>{t("more")}</button>}
    </>
  );
}
