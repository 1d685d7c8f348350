// One community, for its moderators: the queue of reported and held content with the actions (each
// with a reason the log keeps and the author is told), pins and spotlights, members (roles, mute,
// remove), manual badge awards, the community's campaigns and the moderation log.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { formatDate } from "../../i18n";
import { href } from "../../router";
import { CampaignSection } from "./Campaigns";
import { Feedback, Loading, ScreenTitle, SelectField, TextField, useAction, useLoad, type Translate } from "./common";
import { useAdminT } from "./i18n";

type QueueItem = Schemas["QueueItem"];
type ContentAction = "hide" | "restore" | "remove" | "dismiss";
type MemberAction = "mute" | "unmute" | "remove_member";
type Tab = "queue" | "posts" | "members" | "badges" | "campaigns" | "log";

const TABS: Tab[] = ["queue", "posts", "members", "badges", "campaigns", "log"];

function tabLabel(tab: Tab, t: Translate): string {
  return { queue: t("modQueue"), posts: t("modPosts"), members: t("modMembers"), badges: t("modBadges"), campaigns: t("navCampaigns"), log: t("modLog") }[tab];
}

function actionLabel(action: ContentAction | MemberAction, t: Translate): string {
  return { hide: t("modHide"), restore: t("modRestore"), remove: t("modRemove"), dismiss: t("modDismiss"), mute: t("modMute"), unmute: t("modUnmute"), remove_member: t("modRemoveMember") }[action];
}

function moderate(communityId: string, body: Schemas["ModerationAction"]) {
  return ok(() => api.POST("/v1/communities/{community_id}/moderation/actions", { params: { path: { community_id: communityId } }, body }));
}

function QueueCard(props: { communityId: string; item: QueueItem; onDone: () => void }) {
  const t = useAdminT();
  const { item } = props;
  const [reason, setReason] = useState("");
  const action = useAction();
  const reasonId = `reason-${item.target_id}`;
  const choices: ContentAction[] = item.held ? ["restore", "remove"] : ["hide", "remove", "dismiss"];
  const act = async (choice: ContentAction) => {
    const worked = await action.run(
      () => moderate(props.communityId, { action: choice, target_kind: item.target_kind, target_id: item.target_id, post_id: item.target_kind === "comment" ? item.post_id : null, reason: reason.trim() }),
      t("modDone"),
    );
    if (worked) props.onDone();
  };
  const reasons = Object.entries(item.reasons).filter(([, count]) => count > 0);
  return (
    <article class="card" aria-labelledby={`q-${item.target_id}`}>
      <header>
        <h3 id={`q-${item.target_id}`}>{item.target_kind === "post" ? t("modPostBy", { name: item.author.display_name }) : t("modCommentBy", { name: item.author.display_name })}</h3>
        <span class="meta">{item.held ? t("modHeld", { words: item.held_words.join(", ") }) : t("modReports", { count: item.report_count })}</span>
      </header>
      <p class="body">{item.body}</p>
      {reasons.length > 0 && (
        <ul class="tags" aria-label={t("modReasons")}>
          {reasons.map(([name, count]) => <li key={name}>{t(`modReport_${name}` as "modReport_spam")} · {count}</li>)}
        </ul>
      )}
      {item.reports.map((note) => note.note && <p class="muted" key={note.at}>“{note.note}”</p>)}
      <a href={href(`/communities/${props.communityId}/posts/${item.post_id}`)}>{t("modOpenPost")}</a>
      <form onSubmit={(e) => e.preventDefault()}>
        <TextField id={reasonId} label={t("modReason")} value={reason} onInput={setReason} hint={t("modReasonHint")} required />
        <div class="actions">
          {choices.map((choice) => (
            <button key={choice} type="button" class={choice === "remove" ? "danger" : undefined} disabled={action.busy || !reason.trim()} onClick={() => void act(choice)}>
              {actionLabel(choice, t)}
            </button>
          ))}
        </div>
      </form>
      <Feedback action={action} />
    </article>
  );
}

function Queue(props: { communityId: string }) {
  const t = useAdminT();
  const queue = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/moderation/queue", { params: { path: { community_id: props.communityId }, query: { limit: 50 } } })), [props.communityId]);
  return (
    <Loading state={queue}>
      {(page) =>
        page.items.length === 0 ? <p class="muted">{t("modQueueEmpty")}</p> : <>{page.items.map((item) => <QueueCard key={item.target_id} communityId={props.communityId} item={item} onDone={queue.reload} />)}</>
      }
    </Loading>
  );
}

function PostTools(props: { communityId: string; post: Schemas["Post"]; pinned: boolean; onDone: () => void }) {
  const t = useAdminT();
  const { post } = props;
  const [reason, setReason] = useState("");
  const action = useAction();
  const path = { community_id: props.communityId, post_id: post.id };
  const pin = () =>
    void action.run(() => (props.pinned ? ok(() => api.DELETE("/v1/communities/{community_id}/posts/{post_id}/pin", { params: { path } })) : ok(() => api.PUT("/v1/communities/{community_id}/posts/{post_id}/pin", { params: { path } }))), props.pinned ? t("modUnpinned") : t("modPinned")).then(props.onDone);
  const spotlight = () =>
    void action.run(() => ok(() => api.PUT("/v1/communities/{community_id}/posts/{post_id}/spotlight", { params: { path }, body: { reason: reason.trim() } })), t("modSpotlighted")).then(props.onDone);
  return (
    <article class="card" aria-labelledby={`p-${post.id}`}>
      <header>
        <h3 id={`p-${post.id}`}>{post.author.display_name}</h3>
        <span class="meta">{formatDate(post.created_at)}{props.pinned ? ` · ${t("modIsPinned")}` : ""}</span>
      </header>
      <p class="body">{post.body.length > 280 ? `${post.body.slice(0, 280)}…` : post.body}</p>
      {post.spotlight && <p class="muted">{t("modSpotlightReason", { reason: post.spotlight.reason })}</p>}
      <div class="actions">
        <button type="button" disabled={action.busy} onClick={pin}>{props.pinned ? t("modUnpin") : t("modPin")}</button>
      </div>
      {!post.spotlight && (
        <form onSubmit={(e) => { e.preventDefault(); spotlight(); }}>
          <TextField id={`spot-${post.id}`} label={t("modSpotlightWhy")} value={reason} onInput={setReason} required />
          <button type="submit" disabled={action.busy || !reason.trim()}>{t("modSpotlight")}</button>
        </form>
      )}
      <Feedback action={action} />
    </article>
  );
}

function Posts(props: { communityId: string }) {
  const t = useAdminT();
  const data = useLoad(async () => {
    const path = { community_id: props.communityId };
    const [community, posts] = await Promise.all([
      ok(() => api.GET("/v1/communities/{community_id}", { params: { path } })),
      ok(() => api.GET("/v1/communities/{community_id}/posts", { params: { path, query: { limit: 30 } } })),
    ]);
    return { pinned: new Set(community.pinned_post_ids), posts: posts.items };
  }, [props.communityId]);
  return (
    <Loading state={data}>
      {({ pinned, posts }) =>
        posts.length === 0 ? <p class="muted">{t("feedEmpty")}</p> : <>{posts.map((post) => <PostTools key={post.id} communityId={props.communityId} post={post} pinned={pinned.has(post.id)} onDone={data.reload} />)}</>
      }
    </Loading>
  );
}

function MemberRow(props: { communityId: string; member: Schemas["CommunityMember"]; onDone: () => void }) {
  const t = useAdminT();
  const { member } = props;
  const action = useAction();
  const [reason, setReason] = useState("");
  const setRole = (role: string) =>
    void action.run(() => ok(() => api.PUT("/v1/communities/{community_id}/members/{user_id}/role", { params: { path: { community_id: props.communityId, user_id: member.user_id } }, body: { role: role as "member" } }))).then(props.onDone);
  const act = (choice: MemberAction) =>
    void action.run(() => moderate(props.communityId, { action: choice, target_kind: "member", target_id: member.user_id, post_id: null, reason: reason.trim() }), t("modDone")).then(props.onDone);
  const approve = () =>
    void action.run(() => ok(() => api.POST("/v1/communities/{community_id}/members/{user_id}/approve", { params: { path: { community_id: props.communityId, user_id: member.user_id } } }))).then(props.onDone);
  return (
    <li>
      <strong>{member.display_name}</strong>
      <span class="muted"> · {t(`communityMember_${member.status}` as "communityMember_active")}{member.muted ? ` · ${t("modMuted")}` : ""}</span>
      {member.status === "requested" && <div class="actions"><button type="button" onClick={approve}>{t("modApprove")}</button></div>}
      <details>
        <summary>{t("modMemberTools")}<span class="sr-only">: {member.display_name}</span></summary>
        <SelectField id={`role-${member.user_id}`} label={t("modCommunityRole")} value={member.role} onChange={setRole} options={[["member", t("communityRoleMember")], ["mentor", t("communityRoleMentor")], ["moderator", t("communityRoleModerator")]]} />
        <TextField id={`mreason-${member.user_id}`} label={t("modReason")} value={reason} onInput={setReason} />
        <div class="actions">
          {(member.muted ? (["unmute", "remove_member"] as const) : (["mute", "remove_member"] as const)).map((choice) => (
            <button key={choice} type="button" class={choice === "remove_member" ? "danger" : undefined} disabled={action.busy || !reason.trim()} onClick={() => act(choice)}>{actionLabel(choice, t)}</button>
          ))}
        </div>
      </details>
      <Feedback action={action} />
    </li>
  );
}

function communityMembers(communityId: string) {
  return ok(() => api.GET("/v1/communities/{community_id}/members", { params: { path: { community_id: communityId }, query: { limit: 100 } } }));
}

function Members(props: { communityId: string }) {
  const members = useLoad(() => communityMembers(props.communityId), [props.communityId]);
  return (
    <Loading state={members}>
      {(page) => <ul class="list">{page.items.map((m) => <MemberRow key={m.user_id} communityId={props.communityId} member={m} onDone={members.reload} />)}</ul>}
    </Loading>
  );
}

function Awards(props: { communityId: string }) {
  const t = useAdminT();
  const data = useLoad(async () => {
    const [badges, members] = await Promise.all([ok(() => api.GET("/v1/badges")), communityMembers(props.communityId)]);
    return { badges: badges.items.filter((b) => b.rule.type === "manual"), members: members.items.filter((m) => m.status === "active") };
  }, [props.communityId]);
  const [badgeId, setBadgeId] = useState("");
  const [userId, setUserId] = useState("");
  const [reason, setReason] = useState("");
  const action = useAction();
  return (
    <Loading state={data}>
      {({ badges, members }) =>
        badges.length === 0 ? (
          <p class="muted">{t("manualAwardNoBadges")}</p>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const badge = badgeId || badges[0].id;
              const user = userId || members[0]?.user_id;
              void action.run(() => ok(() => api.POST("/v1/communities/{community_id}/badges/{badge_id}/awards", { params: { path: { community_id: props.communityId, badge_id: badge } }, body: { user_id: user, reason: reason.trim() } })), t("manualAwardDone"));
            }}
          >
            <h2>{t("manualAwardTitle")}</h2>
            <SelectField id="award-badge" label={t("manualAwardBadge")} value={badgeId || badges[0].id} onChange={setBadgeId} options={badges.map((b) => [b.id, b.name])} />
            <SelectField id="award-member" label={t("manualAwardMember")} value={userId || (members[0]?.user_id ?? "")} onChange={setUserId} options={members.map((m) => [m.user_id, m.display_name])} />
            <TextField id="award-reason" label={t("manualAwardReason")} value={reason} onInput={setReason} required />
            <Feedback action={action} />
            <button type="submit" class="primary" disabled={action.busy || !reason.trim()}>{t("manualAwardSubmit")}</button>
          </form>
        )
      }
    </Loading>
  );
}

function Log(props: { communityId: string }) {
  const t = useAdminT();
  const log = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/moderation/log", { params: { path: { community_id: props.communityId }, query: { limit: 50 } } })), [props.communityId]);
  return (
    <Loading state={log}>
      {(page) =>
        page.items.length === 0 ? (
          <p class="muted">{t("modLogEmpty")}</p>
        ) : (
          <ul class="list">
            {page.items.map((entry) => (
              <li key={entry.id}>
                <strong>{actionLabel(entry.action, t)}</strong> · {t(`modTarget_${entry.target_kind}` as "modTarget_post")} · {entry.moderator.display_name}
                <div class="muted">{formatDate(entry.at)} · {t("modReasonWas", { reason: entry.reason })}</div>
              </li>
            ))}
          </ul>
        )
      }
    </Loading>
  );
}

export function ModerateCommunity(props: { communityId: string }) {
  const t = useAdminT();
  const [tab, setTab] = useState<Tab>("queue");
  const community = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}", { params: { path: { community_id: props.communityId } } })), [props.communityId]);
  const name = community.data?.name ?? "";
  return (
    <>
      <ScreenTitle title={name ? t("moderateCommunity", { name }) : t("manageTitle")} back={[href("/manage"), t("manageTitle")]} />
      {community.error && <p role="alert" class="error">{community.error}</p>}
      <div class="segmented" role="group" aria-label={t("modSections")}>
        {TABS.map((name) => (
          <button key={name} type="button" aria-pressed={tab === name} onClick={() => setTab(name)}>{tabLabel(name, t)}</button>
        ))}
      </div>
      <section aria-label={tabLabel(tab, t)}>
        {tab === "queue" && <Queue communityId={props.communityId} />}
        {tab === "posts" && <Posts communityId={props.communityId} />}
        {tab === "members" && <Members communityId={props.communityId} />}
        {tab === "badges" && <Awards communityId={props.communityId} />}
        {tab === "campaigns" && <CampaignSection scope={{ communityId: props.communityId }} />}
        {tab === "log" && <Log communityId={props.communityId} />}
      </section>
    </>
  );
}
