// Pieces the workshop screens share: the occurrence's time and place, the calendar download.
import { api, ok, type Schemas } from "../../api/client";
import { formatDate } from "../../i18n";
import { t } from "./i18n";

export type Workshop = Schemas["Workshop"];

export function When(props: { workshop: Workshop }) {
  const w = props.workshop;
  return <p class="meta">{t("wsWhen", { start: formatDate(w.starts_at), end: formatDate(w.ends_at) })}</p>;
}

export function Places(props: { workshop: Workshop }) {
  const w = props.workshop;
  if (w.status === "cancelled") return <p class="meta">{t("wsCancelled")}</p>;
  if (w.places_left > 0 && w.waiting === 0) return <p class="meta">{t("wsPlacesLeft", { n: w.places_left, capacity: w.capacity })}</p>;
  return <p class="meta">{t("wsFull", { waiting: w.waiting })}</p>;
}

/** Fetches the .ics file and hands it to the device (the calendar app opens it). */
export async function downloadCalendar(communityId: string, workshopId: string, series: boolean): Promise<void> {
  const file = await ok(() =>
    api.GET("/v1/communities/{community_id}/workshops/{workshop_id}/calendar", {
      params: { path: { community_id: communityId, workshop_id: workshopId }, query: { series } },
    }),
  );
  const url = URL.createObjectURL(new Blob([file.content], { type: file.media_type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
