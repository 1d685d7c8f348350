// Follow a content item's authors: what they publish next shows in "For you" on my home.
import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { claims } from "../auth/session";
import { errorText, useLoad } from "./common";
import { useT } from "../i18n";

export function FollowAuthor(props: { authorIds: string[] }) {
  const t = useT();
  const me = String(claims().sub ?? "");
  const authors = props.authorIds.filter((id) => id !== me);
  const following = useLoad(() => ok(() => api.GET("/v1/me/following", { params: { query: { limit: 100 } } })), []);
  const [changed, setChanged] = useState<Record<string, boolean>>({});
  const [error, setError] = useState("");
  if (authors.length === 0 || !following.data) return null;
  const followed = new Set(following.data.items.map((person) => person.user_id));
  const isFollowed = (id: string) => changed[id] ?? followed.has(id);
  const toggle = async (id: string) => {
    const path = { params: { path: { user_id: id } } };
    try {
      if (isFollowed(id)) await ok(() => api.DELETE("/v1/members/{user_id}/follow", path));
      else await ok(() => api.PUT("/v1/members/{user_id}/follow", path));
      setChanged({ ...changed, [id]: !isFollowed(id) });
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    }
  };
  return (
    <p class="meta">
      {authors.map((id) => (
        <button key={id} type="button" aria-pressed={isFollowed(id)} onClick={() => void toggle(id)}>
          {isFollowed(id) ? t("followingAuthor") : t("followAuthor")}
        </button>
      ))}
      {error && <span role="alert" class="error">{error}</span>}
    </p>
  );
}
