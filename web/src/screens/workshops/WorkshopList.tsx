// A community's coming workshops and meetups, soonest first, with my answer to each.
import { api, ok } from "../../api/client";
import { Status, Title, useLoad } from "../../components/common";
import { href } from "../../router";
import { Places, When } from "./common";
import { useWorkshopT } from "./i18n";

export function WorkshopList(props: { communityId: string }) {
  const t = useWorkshopT();
  const list = useLoad(
    () => ok(() => api.GET("/v1/communities/{community_id}/workshops", { params: { path: { community_id: props.communityId }, query: { limit: 50 } } })),
    [props.communityId],
  );
  const items = list.data?.items ?? [];
  return (
    <>
      <Title>{t("wsTitle")}</Title>
      <p><a href={href(`/communities/${props.communityId}`)}>{t("navCommunities")}</a></p>
      {list.data?.may_organise && (
        <p><a class="button primary" href={href(`/communities/${props.communityId}/workshops/new`)}>{t("wsPlan")}</a></p>
      )}
      <Status state={list} />
      {list.data && items.length === 0 && <p>{t("wsNone")}</p>}
      <ul class="plain">
        {items.map(({ workshop: w, my_status }) => (
          <li key={w.id} class="card" data-workshop={w.id}>
            <h2><a href={href(`/communities/${props.communityId}/workshops/${w.id}`)}>{w.title}</a></h2>
            <When workshop={w} />
            <Places workshop={w} />
            {my_status === "going" && <p class="badge">{t("wsStatusGoing")}</p>}
            {my_status === "waitlisted" && <p class="badge">{t("wsStatusWaitlisted")}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
