// One occurrence as a member sees it: when and where, RSVP or cancel, my place on the waitlist, the
// calendar file, and check-in with the code shown at the workshop.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { Notice, Status, Title, errorText, useLoad } from "../../components/common";
import { formatDate } from "../../i18n";
import { href } from "../../router";
import { Places, When, downloadCalendar } from "./common";
import { useWorkshopT } from "./i18n";

type Page = Schemas["WorkshopPage"];

export function WorkshopPage(props: { communityId: string; workshopId: string }) {
  const t = useWorkshopT();
  const path = { params: { path: { community_id: props.communityId, workshop_id: props.workshopId } } };
  const page = useLoad(() => ok(() => api.GET("/v1/communities/{community_id}/workshops/{workshop_id}", path)), [props.workshopId]);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState("");
  const act = async (call: () => Promise<Page>) => {
    setBusy(true);
    setError("");
    try {
      page.setData(await call());
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    } finally {
      setBusy(false);
    }
  };
  const p = page.data;
  const w = p?.workshop;
  const open = w && w.status === "scheduled" && new Date(w.rsvp_until) > new Date();
  const full = w && (w.places_left === 0 || w.waiting > 0);
  return (
    <>
      <Status state={page} />
      {p && w && (
        <>
          <Title>{w.title}</Title>
          <p><a href={href(`/communities/${props.communityId}/workshops`)}>{t("wsBack")}</a></p>
          {w.occurrences > 1 && <p class="meta">{t("wsOccurrence", { n: w.occurrence, total: w.occurrences })}</p>}
          <When workshop={w} />
          <Places workshop={w} />
          {w.description && <p>{w.description}</p>}
          {w.place && <p><strong>{t("wsWhere")}:</strong> {w.place}</p>}
          {w.online_url && <p><a href={w.online_url} target="_blank" rel="noopener noreferrer">{t("wsOnline")}</a></p>}
          <section class="card" aria-live="polite" data-my-status={p.my_status}>
            {p.my_status === "going" && <p><strong>{t("wsStatusGoing")}</strong></p>}
            {p.my_status === "waitlisted" && (
              <>
                <p><strong>{t("wsStatusWaitlisted")}</strong></p>
                <p data-position={p.waitlist_position ?? ""}>{t("wsPosition", { n: p.waitlist_position ?? 0 })}</p>
                <p class="hint">{t("wsPromotedHint")}</p>
              </>
            )}
            {w.status === "scheduled" && (p.my_status === "none" || p.my_status === "cancelled") && (
              open ? (
                <>
                  <p class="hint">{t("wsRsvpUntil", { when: formatDate(w.rsvp_until) })}</p>
                  <button type="button" class="primary" disabled={busy} onClick={() => act(() => ok(() => api.PUT("/v1/communities/{community_id}/workshops/{workshop_id}/rsvp", path)))}>
                    {full ? t("wsJoinWaitlist") : t("wsRsvp")}
                  </button>
                </>
              ) : (
                <p>{t("wsRsvpClosed")}</p>
              )
            )}
            {(p.my_status === "going" || p.my_status === "waitlisted") && w.status === "scheduled" && !p.attended && (
              <button type="button" disabled={busy} onClick={() => act(() => ok(() => api.DELETE("/v1/communities/{community_id}/workshops/{workshop_id}/rsvp", path)))}>
                {p.my_status === "going" ? t("wsCancelRsvp") : t("wsLeaveWaitlist")}
              </button>
            )}
          </section>
          {p.my_status === "going" && w.status === "scheduled" && (
            p.attended ? (
              <Notice text={t("wsCheckedIn")} />
            ) : (
              <form
                class="card"
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(() => ok(() => api.POST("/v1/communities/{community_id}/workshops/{workshop_id}/check-in", { ...path, body: { code } })));
                }}
              >
                <div class="field">
                  <label for="ws-code">{t("wsCheckInCode")}</label>
                  <input id="ws-code" autoComplete="off" autoCapitalize="characters" inputMode="text" maxLength={16} required value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
                </div>
                <button type="submit" disabled={busy}>{t("wsCheckIn")}</button>
              </form>
            )
          )}
          {error && <p role="alert" class="error">{error}</p>}
          <p class="actions">
            <button type="button" onClick={() => downloadCalendar(props.communityId, w.id, false).catch((c) => setError(errorText(c)))}>{t("wsAddToCalendar")}</button>
            {w.occurrences > 1 && (
              <button type="button" onClick={() => downloadCalendar(props.communityId, w.id, true).catch((c) => setError(errorText(c)))}>{t("wsAddSeriesToCalendar")}</button>
            )}
          </p>
          {p.may_organise && (
            <p class="actions">
              <a class="button" href={href(`/communities/${props.communityId}/workshops/${w.id}/organise`)}>{t("wsOrganise")}</a>
              {w.status === "scheduled" && <a class="button" href={href(`/communities/${props.communityId}/workshops/${w.id}/edit`)}>{t("wsEdit")}</a>}
            </p>
          )}
        </>
      )}
    </>
  );
}
