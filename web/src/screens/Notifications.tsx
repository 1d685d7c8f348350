import { api, ok, type Notification } from "../api/client";
import { Status, Title, useLoad } from "../components/common";
import { formatDate, useT } from "../i18n";
import { unreadCount } from "../me";
import { href } from "../router";
import { useStore } from "../store";
import { wantUnread } from "../unread";

const QUESTION_KINDS: Notification["kind"][] = ["question_for_you", "question_escalated", "answer_to_your_question", "answer_accepted"];

function target(n: Notification): string | null {
  // A hidden or removed post is gone for its author: the notification itself carries the reason.
  if (n.kind === "content_moderated") return n.community_id ? `/communities/${n.community_id}` : null;
  if (n.kind === "refreshers_due") return "/refreshers";
  if (QUESTION_KINDS.includes(n.kind) && n.community_id && n.post_id) return `/communities/${n.community_id}/questions/${n.post_id}`;
  if (n.kind.startsWith("workshop_") && n.community_id && n.content_id) return `/communities/${n.community_id}/workshops/${n.content_id}`;
  if ((n.kind === "pair_published" || n.kind === "pair_check_in") && n.content_id) return `/pairs/${n.content_id}`;
  if (n.community_id && n.post_id) return `/communities/${n.community_id}/posts/${n.post_id}`;
  if (n.campaign_id) return `/campaigns/${n.campaign_id}`;
  if (n.badge_id || n.kind === "level_up") return "/progress";
  if (n.community_id) return `/communities/${n.community_id}`;
  return null;
}

export function Notifications() {
  const t = useT();
  const unread = useStore(unreadCount);
  // A new unread count (carried on the app's calls) means there is something new to show.
  const list = useLoad(() => ok(() => api.GET("/v1/me/notifications", { params: { query: { limit: 50 } } })), [unread]);
  const markRead = async (n: Notification) => {
    if (!n.unread) return;
    wantUnread(); // the answer brings the count down
    await ok(() => api.POST("/v1/me/notifications/{notification_id}/read", { params: { path: { notification_id: n.id } } })).catch(() => undefined);
  };
  return (
    <>
      <Title>{t("notificationsTitle")}</Title>
      <button
        type="button"
        onClick={async () => {
          await ok(() => api.POST("/v1/me/notifications/read-all"));
          unreadCount.set(0);
          list.reload();
        }}
      >
        {t("markAllRead")}
      </button>
      <Status state={list} />
      {list.data?.items.length === 0 && <p>{t("notificationsEmpty")}</p>}
      <ul class="list">
        {list.data?.items.map((n) => {
          const to = target(n);
          return (
            <li key={n.id} class={n.unread ? "unread" : ""}>
              {n.unread && <span class="sr-only">{t("unread")}: </span>}
              {to ? <a href={href(to)} onClick={() => void markRead(n)}>{n.text}</a> : <span>{n.text}</span>}
              <div class="meta"><time dateTime={n.updated_at}>{formatDate(n.updated_at)}</time></div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
