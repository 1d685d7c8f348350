// The organiser's view of one session: the check-in code to show (large, for a screen in the room),
// who is going and the waitlist in order, who checked in; cancelling the session.
import { useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { Status, Title, errorText, useLoad } from "../../components/common";
import { formatDate } from "../../i18n";
import { go, href } from "../../router";
import { When } from "./common";
import { useWorkshopT } from "./i18n";

export function WorkshopOrganise(props: { communityId: string; workshopId: string }) {
  const t = useWorkshopT();
  const path = { params: { path: { community_id: props.communityId, workshop_id: props.workshopId } } };
  const people = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/workshops/{workshop_id}/attendees", path)), [props.workshopId]);
  const code = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/workshops/{workshop_id}/check-in-code", path)), [props.workshopId]);
  const [error, setError] = useState("");
  const w = people.data?.workshop;
  const going = (people.data?.items ?? []).filter((a) => a.status === "going");
  const waiting = (people.data?.items ?? []).filter((a) => a.status === "waitlisted");
  return (
    <>
      <Status state={people} />
      {w && (
        <>
          <Title>{w.title}</Title>
          <p><a href={href(`/communities/${props.communityId}/workshops/${w.id}`)}>{w.title}</a></p>
          <When workshop={w} />
          {code.data && (
            <section class="card" aria-labelledby="ws-code-title">
              <h2 id="ws-code-title">{t("wsCodeTitle")}</h2>
              <p class="check-in-code" data-code={code.data.code} style={{ fontSize: "3rem", letterSpacing: "0.3em", fontFamily: "monospace" }}>{code.data.code}</p>
              <p class="meta">{t("wsCodeValid", { from: formatDate(code.data.valid_from), until: formatDate(code.data.valid_until) })}</p>
              <p>{code.data.open_now ? t("wsCodeOpen") : t("wsCodeClosed")}</p>
            </section>
          )}
          <section aria-labelledby="ws-going">
            <h2 id="ws-going">{t("wsAttendees", { n: going.length })}</h2>
            <ul>
              {going.map((a) => <li key={a.user_id}>{a.display_name}{a.attended && ` ✓ ${t("wsAttended")}`}</li>)}
            </ul>
          </section>
          <section aria-labelledby="ws-waiting">
            <h2 id="ws-waiting">{t("wsWaitlist", { n: waiting.length })}</h2>
            <ol>
              {waiting.map((a) => <li key={a.user_id}>{a.display_name}</li>)}
            </ol>
          </section>
          {w.status === "scheduled" && (
            <button
              type="button"
              class="danger"
              onClick={async () => {
                if (!confirm(t("wsCancelConfirm"))) return;
                try {
                  await ok(() => api.POST("/v1/communities/{community_id}/workshops/{workshop_id}/cancel", path));
                  go(`/communities/${props.communityId}/workshops/${props.workshopId}`);
                } catch (caught) {
                  setError(errorText(caught));
                }
              }}
            >
              {t("wsCancelWorkshop")}
            </button>
          )}
          {error && <p role="alert" class="error">{error}</p>}
        </>
      )}
    </>
  );
}
