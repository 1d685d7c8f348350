import { useEffect, useState } from "preact/hooks";
import { api, ok, type Community } from "../api/client";
import { loadMyCommunities } from "../communities";
import { Composer } from "../components/Composer";
import { PostCard } from "../components/PostCard";
import { Notice, Status, Title, errorText, useLoad } from "../components/common";
import { formatNumber, useT } from "../i18n";
import { href } from "../router";

/** Join, leave, accept an invitation or ask to join: what the member can do with this community now. */
function MembershipButton(props: { community: Community; onChange: (c: Community) => void }) {
  const t = useT();
  const [notice, setNotice] = useState("");
  const c = props.community;
  const status = c.my_membership?.status;
  const path = { params: { path: { community_id: c.id } } };
  const act = async (leave: boolean) => {
    try {
      if (leave) await ok(() => api.POST("/v1/communities/{community_id}/leave", path));
      else await ok(() => api.POST("/v1/communities/{community_id}/join", path));
      const fresh = await ok(() => api.GET("/v1/communities/{community_id}", path));
      props.onChange(fresh);
      void loadMyCommunities();
      setNotice("");
    } catch (error) {
      setNotice(t("errorGeneric", { detail: errorText(error) }));
    }
  };
  const label =
    status === "active" ? t("leave") : status === "invited" ? t("acceptInvitation") : status === "requested" ? t("pending") : c.visibility === "invite_only" ? t("requestToJoin") : t("join");
  return (
    <div class="row">
      {status === "active" && <span class="muted">{t("joined")}</span>}
      {status === "invited" && <span class="muted">{t("invited")}</span>}
      <button
        type="button"
        class={status === "active" ? "" : "primary"}
        disabled={status === "requested"}
        onClick={() => void act(status === "active")}
        aria-label={`${label}: ${c.name}`}
      >
        {label}
      </button>
      {status === "invited" && <button type="button" onClick={() => void act(true)} aria-label={`${t("leave")}: ${c.name}`}>{t("cancel")}</button>}
      <Notice text={notice} />
    </div>
  );
}

function CommunityCard(props: { community: Community; onChange: (c: Community) => void }) {
  const t = useT();
  const c = props.community;
  return (
    <li class="card">
      <h3><a href={href(`/communities/${c.id}`)}>{c.name}</a></h3>
      <p>{c.description}</p>
      <p class="meta">
        {t("members", { count: formatNumber(c.member_count) })} · {t("posts", { count: formatNumber(c.post_count) })}
        {c.visibility === "invite_only" && ` · ${t("inviteOnly")}`}
      </p>
      <MembershipButton community={c} onChange={props.onChange} />
    </li>
  );
}

export function Communities() {
  const t = useT();
  const all = useLoad(() => ok(() => api.GET("/v1/communities", { params: { query: { limit: 100 } } })), []);
  const mine = useLoad(() => loadMyCommunities(), []);
  const replace = (next: Community) => {
    if (all.data) all.setData({ ...all.data, items: all.data.items.map((c) => (c.id === next.id ? next : c)) });
    mine.reload();
  };
  const invited = (mine.data ?? []).filter((c) => c.my_membership?.status === "invited");
  const joined = (mine.data ?? []).filter((c) => c.my_membership?.status === "active");
  return (
    <>
      <Title>{t("communitiesTitle")}</Title>
      {invited.length > 0 && (
        <section aria-labelledby="invited-title">
          <h2 id="invited-title">{t("invited")}</h2>
          <ul class="list">{invited.map((c) => <CommunityCard key={c.id} community={c} onChange={replace} />)}</ul>
        </section>
      )}
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{t("myCommunities")}</h2>
        <Status state={mine} />
        <ul class="list">{joined.map((c) => <CommunityCard key={c.id} community={c} onChange={replace} />)}</ul>
      </section>
      <section aria-labelledby="all-title">
        <h2 id="all-title">{t("allCommunities")}</h2>
        <Status state={all} />
        <ul class="list">
          {(all.data?.items ?? []).filter((c) => !joined.some((j) => j.id === c.id) && !invited.some((j) => j.id === c.id)).map((c) => (
            <CommunityCard key={c.id} community={c} onChange={replace} />
          ))}
        </ul>
      </section>
    </>
  );
}

export function CommunityScreen(props: { communityId: string }) {
  const t = useT();
  const path = { params: { path: { community_id: props.communityId } } };
  const community = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}", path)), [props.communityId]);
  const posts = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/posts", { params: { path: { community_id: props.communityId }, query: { limit: 20 } } })), [props.communityId]);
  const pinned = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/pinned", path)), [props.communityId]);
  const [cursor, setCursor] = useState<string | null>(null);
  useEffect(() => setCursor(posts.data?.next_cursor ?? null), [posts.data]);
  const c = community.data;
  const member = c?.my_membership?.status === "active";
  return (
    <>
      <Status state={community} />
      {c && (
        <>
          <Title>{c.name}</Title>
          <p>{c.description}</p>
          {c.goal && <p class="muted">{t("communityGoal", { goal: c.goal })}</p>}
          {c.spotlight && <p>★ {t("spotlight")}: {c.spotlight.reason}</p>}
          <p><a href={href(`/communities/${c.id}/workshops`)}>{t("workshopsLink")}</a></p>
          <MembershipButton community={c} onChange={(next) => { community.setData(next); posts.reload(); }} />
          <p><a href={href(`/communities/${c.id}/questions`)}>{t("qaQuestions")}</a></p>
          {member && <Composer communities={[c]} onPosted={(post) => post && posts.data && posts.setData({ ...posts.data, items: [post, ...posts.data.items] })} />}
        </>
      )}
      {(pinned.data?.items ?? []).length > 0 && (
        <section aria-labelledby="pinned-title">
          <h2 id="pinned-title">{t("pinned")}</h2>
          {pinned.data!.items.map((post) => <PostCard key={post.id} post={post} />)}
        </section>
      )}
      <Status state={posts} />
      {posts.data?.items.map((post) => <PostCard key={post.id} post={post} />)}
      {cursor && (
        <button
          type="button"
          onClick={async () => {
            const page = await ok(() => api.GET("/v1/communities/{community_id}/posts", { params: { path: { community_id: props.communityId }, query: { limit: 20, cursor } } }));
            posts.setData({ items: [...(posts.data?.items ?? []), ...page.items], next_cursor: page.next_cursor });
          }}
        >
          {t("loadMore")}
        </button>
      )}
    </>
  );
}

export function PostScreen(props: { communityId: string; postId: string }) {
  const t = useT();
  const post = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/posts/{post_id}", { params: { path: { community_id: props.communityId, post_id: props.postId } } })), [props.postId]);
  return (
    <>
      <Title>{t("comments")}</Title>
      <p><a href={href(`/communities/${props.communityId}`)}>{t("navCommunities")}</a></p>
      <Status state={post} />
      {post.data && <PostCard post={post.data} open />}
    </>
  );
}
