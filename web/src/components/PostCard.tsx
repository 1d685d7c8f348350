import { useState } from "preact/hooks";
import { api, ok, type Post, type ReactionType } from "../api/client";
import { sendOrQueue } from "../api/outbox";
import { formatDate, language, useT, type Key } from "../i18n";
import { href } from "../router";
import { myCommunities } from "../communities";
import { useStore } from "../store";
import { Body } from "./Body";
import { Comments } from "./Comments";
import { Notice, errorText } from "./common";
import { MediaView } from "./MediaView";

const REACTIONS: [ReactionType, Key, string][] = [
  ["like", "reactionLike", "👍"],
  ["insightful", "reactionInsightful", "💡"],
  ["celebrate", "reactionCelebrate", "🎉"],
  ["support", "reactionSupport", "🤝"],
];

const REASONS: [string, Key][] = [
  ["spam", "reasonSpam"],
  ["harassment", "reasonHarassment"],
  ["misinformation", "reasonMisinformation"],
  ["off_topic", "reasonOffTopic"],
  ["other", "reasonOther"],
];

type Panel = "" | "comments" | "share" | "report";

export function PostCard(props: { post: Post; open?: boolean; onChange?: (post: Post) => void }) {
  const t = useT();
  const [post, setPost] = useState(props.post);
  const [panel, setPanel] = useState<Panel>(props.open ? "comments" : "");
  const [notice, setNotice] = useState("");
  const [following, setFollowing] = useState(false);
  const communities = useStore(myCommunities);
  const path = `/v1/communities/${post.community_id}/posts/${post.id}`;
  const update = (next: Post) => {
    setPost(next);
    props.onChange?.(next);
  };

  const react = async (reaction: ReactionType) => {
    const removing = post.my_reaction === reaction;
    const counts = { ...post.reactions };
    if (post.my_reaction) counts[post.my_reaction] = Math.max(0, counts[post.my_reaction] - 1);
    if (!removing) counts[reaction] += 1;
    update({ ...post, my_reaction: removing ? null : reaction, reactions: counts });
    const label = t(REACTIONS.find(([r]) => r === reaction)![1]);
    const sent = await sendOrQueue(
      removing ? { method: "DELETE", url: `${path}/reaction`, label } : { method: "PUT", url: `${path}/reaction`, body: { reaction }, label },
    );
    setNotice(sent.queued ? t("queued") : "");
  };

  const toggle = (next: Panel) => setPanel(panel === next ? "" : next);
  const author = post.author.display_name;
  const total = Object.values(post.reactions).reduce((a, b) => a + b, 0);
  const panelId = `post-${post.id}-panel`;

  return (
    <article class="card" aria-label={t("postBy", { name: author })}>
      <header>
        <div>
          <strong>{author}</strong>
          <div class="meta">
            <time dateTime={post.created_at}>{formatDate(post.created_at)}</time>
            {post.edited_at && ` · ${t("edited")}`}
          </div>
        </div>
        {post.spotlight && <span class="meta">★ {t("spotlight")}</span>}
      </header>
      {post.status === "held" && <p class="muted">{t("held")}</p>}
      {post.status === "hidden" && <p class="error">{t("hidden")}</p>}
      <Body text={(post.system?.texts as Record<string, string> | undefined)?.[language.get()] ?? post.body} />
      {post.shared && (
        <p class="meta">
          <a href={href(`/communities/${post.shared.community_id}/posts/${post.shared.post_id}`)}>{t("openPost")}</a>
        </p>
      )}
      {post.kind === "question" && <p><a href={href(`/communities/${post.community_id}/questions/${post.id}`)}>{t("qaSeeAnswers")}</a></p>}
      {post.skill_tags.length > 0 && (
        <ul class="tags" aria-label={t("skillTags")}>
          {post.skill_tags.map((tag) => <li key={tag}>#{tag}</li>)}
        </ul>
      )}
      {post.attachments.length > 0 && (
        <div class="media">{post.attachments.map((a) => <MediaView key={a.id} attachment={a} />)}</div>
      )}
      <p class="meta">
        {t("reactionsCount", { count: total })} · {t("commentsCount", { count: post.comment_count })}
      </p>
      <div class="actions" role="group" aria-label={t("react")}>
        {REACTIONS.map(([reaction, key, emoji]) => (
          <button key={reaction} type="button" aria-pressed={post.my_reaction === reaction} onClick={() => void react(reaction)}>
            <span aria-hidden="true">{emoji}</span> {t(key)} <span class="count">{post.reactions[reaction] || ""}</span>
          </button>
        ))}
      </div>
      <div class="actions">
        <button type="button" aria-expanded={panel === "comments"} aria-controls={panelId} onClick={() => toggle("comments")}>{t("comments")}</button>
        <button type="button" aria-expanded={panel === "share"} aria-controls={panelId} onClick={() => toggle("share")}>{t("share")}</button>
        <button
          type="button"
          aria-pressed={following}
          onClick={async () => {
            try {
              await ok(() =>
                following
                  ? api.DELETE("/v1/communities/{community_id}/posts/{post_id}/follow", { params: { path: { community_id: post.community_id, post_id: post.id } } })
                  : api.PUT("/v1/communities/{community_id}/posts/{post_id}/follow", { params: { path: { community_id: post.community_id, post_id: post.id } } }),
              );
              setFollowing(!following);
              setNotice(following ? "" : t("following"));
            } catch (error) {
              setNotice(t("errorGeneric", { detail: errorText(error) }));
            }
          }}
        >
          {t("follow")}
        </button>
        <button type="button" aria-expanded={panel === "report"} aria-controls={panelId} onClick={() => toggle("report")}>{t("report")}</button>
        {!props.open && <a class="link" href={href(`/communities/${post.community_id}/posts/${post.id}`)}>{t("openPost")}</a>}
      </div>
      <Notice text={notice} />
      <div id={panelId}>
        {panel === "comments" && <Comments post={post} onCountChange={() => update({ ...post, comment_count: post.comment_count + 1 })} />}
        {panel === "share" && (
          <form
            class="comments"
            onSubmit={async (e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget as HTMLFormElement);
              try {
                await ok(() =>
                  api.POST("/v1/communities/{community_id}/posts/{post_id}/shares", {
                    params: { path: { community_id: post.community_id, post_id: post.id } },
                    body: { to_community_id: String(form.get("to")), comment: String(form.get("note") ?? "") },
                  }),
                );
                update({ ...post, share_count: post.share_count + 1 });
                setPanel("");
                setNotice(t("shared"));
              } catch (error) {
                setNotice(t("errorGeneric", { detail: errorText(error) }));
              }
            }}
          >
            <div class="field">
              <label for={`${panelId}-to`}>{t("shareTo")}</label>
              <select id={`${panelId}-to`} name="to" required>
                {communities.filter((c) => c.my_membership?.status === "active").map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </div>
            <div class="field">
              <label for={`${panelId}-note`}>{t("shareComment")}</label>
              <input id={`${panelId}-note`} name="note" maxLength={5000} />
            </div>
            <button type="submit" class="primary">{t("share")}</button>
          </form>
        )}
        {panel === "report" && (
          <form
            class="comments"
            onSubmit={async (e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget as HTMLFormElement);
              try {
                await ok(() =>
                  api.POST("/v1/communities/{community_id}/posts/{post_id}/reports", {
                    params: { path: { community_id: post.community_id, post_id: post.id } },
                    body: { reason: String(form.get("reason")) as "spam", note: String(form.get("note") ?? "") },
                  }),
                );
                setPanel("");
                setNotice(t("reported"));
              } catch (error) {
                setNotice(t("errorGeneric", { detail: errorText(error) }));
              }
            }}
          >
            <fieldset>
              <legend>{t("reportReason")}</legend>
              {REASONS.map(([reason, key], i) => (
                <label key={reason} class="check">
                  <input type="radio" name="reason" value={reason} required checked={i === 0} /> {t(key)}
                </label>
              ))}
            </fieldset>
            <div class="field">
              <label for={`${panelId}-report-note`}>{t("reportNote")}</label>
              <input id={`${panelId}-report-note`} name="note" maxLength={500} />
            </div>
            <button type="submit" class="primary">{t("report")}</button>
          </form>
        )}
      </div>
    </article>
  );
}
