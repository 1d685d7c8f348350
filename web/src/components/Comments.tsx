import { useState } from "preact/hooks";
import { api, ok, type Comment, type Post } from "../api/client";
import { sendOrQueue } from "../api/outbox";
import { problemOf } from "../api/problems";
import { formatDate, useT } from "../i18n";
import { Body } from "./Body";
import { Notice, Status, errorText, useLoad } from "./common";

function CommentForm(props: { post: Post; replyTo?: Comment; onSent: () => void }) {
  const t = useT();
  const [body, setBody] = useState("");
  const [notice, setNotice] = useState("");
  const id = `comment-${props.post.id}-${props.replyTo?.id ?? "new"}`;
  const base = `/v1/communities/${props.post.community_id}/posts/${props.post.id}/comments`;
  const label = props.replyTo ? t("replyTo", { name: props.replyTo.author.display_name }) : t("addComment");
  return (
    <form
      class="field"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!body.trim()) return;
        try {
          const sent = await sendOrQueue({
            method: "POST",
            url: props.replyTo ? `${base}/${props.replyTo.id}/replies` : base,
            body: { body },
            label,
          });
          if (!sent.queued && !sent.response.ok) {
            const problem = await problemOf(sent.response);
            return setNotice(t("errorGeneric", { detail: problem.detail ?? String(sent.response.status) }));
          }
          setBody("");
          setNotice(sent.queued ? t("queued") : t("posted"));
          props.onSent();
        } catch (error) {
          setNotice(t("errorGeneric", { detail: errorText(error) }));
        }
      }}
    >
      <label for={id}>{label}</label>
      <div class="row">
        <input id={id} value={body} maxLength={2000} onInput={(e) => setBody((e.target as HTMLInputElement).value)} style={{ flex: 1 }} />
        <button type="submit">{t("send")}</button>
      </div>
      <Notice text={notice} />
    </form>
  );
}

function CommentItem(props: { post: Post; comment: Comment; replies: Comment[]; onChange: () => void }) {
  const t = useT();
  const [replying, setReplying] = useState(false);
  const c = props.comment;
  return (
    <li class="comment">
      <div class="meta">
        <strong>{c.author.display_name}</strong> · <time dateTime={c.created_at}>{formatDate(c.created_at)}</time>
        {c.edited_at && ` · ${t("edited")}`}
      </div>
      {c.deleted || c.status === "deleted" ? <p class="muted">{t("deletedComment")}</p> : <Body text={c.body} />}
      {!c.reply_to && (
        <button type="button" class="link" aria-expanded={replying} onClick={() => setReplying(!replying)}>
          {t("reply")}
        </button>
      )}
      {replying && <CommentForm post={props.post} replyTo={c} onSent={() => { setReplying(false); props.onChange(); }} />}
      {props.replies.length > 0 && (
        <ul class="list replies">
          {props.replies.map((reply) => (
            <CommentItem key={reply.id} post={props.post} comment={reply} replies={[]} onChange={props.onChange} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function Comments(props: { post: Post; onCountChange?: () => void }) {
  const t = useT();
  const comments = useLoad(
    () =>
      ok(() =>
        api.GET("/v1/communities/{community_id}/posts/{post_id}/comments", {
          params: { path: { community_id: props.post.community_id, post_id: props.post.id }, query: { limit: 100 } },
        }),
      ),
    [props.post.id],
  );
  const items = comments.data?.items ?? [];
  const top = items.filter((c) => !c.reply_to);
  return (
    <section class="comments" aria-label={t("comments")}>
      <Status state={comments} />
      <ul class="list">
        {top.map((c) => (
          <CommentItem key={c.id} post={props.post} comment={c} replies={items.filter((r) => r.reply_to === c.id)} onChange={comments.reload} />
        ))}
      </ul>
      <CommentForm post={props.post} onSent={() => { comments.reload(); props.onCountChange?.(); }} />
    </section>
  );
}
