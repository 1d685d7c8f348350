import { useEffect, useState } from "preact/hooks";
import { api, ok, type Post } from "../api/client";
import { claims } from "../auth/session";
import { ensureMyCommunities, myCommunities } from "../communities";
import { Composer } from "../components/Composer";
import { ForYou } from "./ForYou";
import { PostCard } from "../components/PostCard";
import { Status, Title, useLoad } from "../components/common";
import { useT } from "../i18n";
import { online } from "../network";
import { href } from "../router";
import { useStore } from "../store";

// The last home feed, kept per member so it shows offline (cleared on sign-out).
function cacheKey(): string {
  return `kring.cache.feed.${String(claims().sub ?? "")}`;
}

function cachedFeed(): Post[] | null {
  const text = localStorage.getItem(cacheKey());
  return text ? (JSON.parse(text) as Post[]) : null;
}

export function Feed() {
  const t = useT();
  const [fromCache, setFromCache] = useState(false);
  const [extra, setExtra] = useState<Post[]>([]);
  const [done, setDone] = useState(false);
  // On a phone the feed comes first; the composer opens on request.
  const [writing, setWriting] = useState(false);
  const communities = useStore(myCommunities);
  const feed = useLoad(async () => {
    try {
      const page = await ok(() => api.GET("/v1/feed", { params: { query: { limit: 20 } } }));
      localStorage.setItem(cacheKey(), JSON.stringify(page.items));
      setFromCache(false);
      return page.items;
    } catch (error) {
      const cached = cachedFeed();
      if (cached && (!online.get() || error instanceof TypeError)) {
        setFromCache(true);
        return cached;
      }
      throw error;
    }
  }, []);
  useEffect(() => {
    void ensureMyCommunities().catch(() => undefined);
    // Back online: show the live feed again.
    return online.subscribe((isOnline) => isOnline && feed.reload());
  }, []);
  const posts = [...(feed.data ?? []), ...extra];
  const active = communities.filter((c) => c.my_membership?.status === "active");
  return (
    <>
      <Title>{t("homeFeed")}</Title>
      <ForYou />
      <p><a href={href("/popular")}>{t("navPopular")}</a></p>
      {active.length > 0 && !writing && (
        <button type="button" class="primary" aria-expanded="false" onClick={() => setWriting(true)}>{t("writePost")}</button>
      )}
      {active.length > 0 && writing && <Composer communities={active} onPosted={(post) => post && feed.setData([post, ...(feed.data ?? [])])} />}
      {fromCache && <p role="status" class="banner">{t("feedFromCache")}</p>}
      <Status state={feed} />
      {feed.data && posts.length === 0 && (
        <p>
          {t("feedEmpty")} <a href={href("/communities")}>{t("navCommunities")}</a>
        </p>
      )}
      {posts.map((post) => <PostCard key={post.id} post={post} />)}
      {!fromCache && posts.length >= 20 && !done && (
        <button
          type="button"
          onClick={async () => {
            const before = posts[posts.length - 1].id;
            const page = await ok(() => api.GET("/v1/feed", { params: { query: { limit: 20, before } } }));
            setExtra([...extra, ...page.items]);
            setDone(page.items.length < 20);
          }}
        >
          {t("loadMore")}
        </button>
      )}
    </>
  );
}

export function Popular() {
  const t = useT();
  const popular = useLoad(() => ok(() => api.GET("/v1/feed/popular", { params: { query: { limit: 20 } } })), []);
  return (
    <>
      <Title>{t("popularTitle")}</Title>
      <Status state={popular} />
      {popular.data?.items.length === 0 && <p>{t("feedEmpty")}</p>}
      {popular.data?.items.map((post) => <PostCard key={post.id} post={post} />)}
    </>
  );
}
