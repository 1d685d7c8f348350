// The organiser's form: plan a workshop (once, or every N weeks for a number of sessions) or change
// one session. Times are wall-clock times in the organisation's time zone.
import { useEffect, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok } from "../../api/client";
import { Title, errorText } from "../../components/common";
import { go } from "../../router";
import { useWorkshopT } from "./i18n";

interface Form {
  title: string;
  description: string;
  place: string;
  online_url: string;
  starts_at: string;
  duration_minutes: number;
  capacity: number;
  rsvp_closes_hours_before: number;
  every_weeks: number;
  occurrences: number;
}

const EMPTY: Form = {
  title: "",
  description: "",
  place: "",
  online_url: "",
  starts_at: "",
  duration_minutes: 90,
  capacity: 12,
  rsvp_closes_hours_before: 0,
  every_weeks: 0,
  occurrences: 1,
};

export function WorkshopEditor(props: { communityId: string; workshopId?: string }) {
  const t = useWorkshopT();
  const editing = Boolean(props.workshopId);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const path = { community_id: props.communityId, workshop_id: props.workshopId ?? "" };
  useEffect(() => {
    if (!props.workshopId) return;
    ok(() => api.GET("/v1/communities/{community_id}/workshops/{workshop_id}", { params: { path } })).then(
      ({ workshop: w }) =>
        setForm({
          ...EMPTY,
          title: w.title,
          description: w.description,
          place: w.place ?? "",
          online_url: w.online_url ?? "",
          starts_at: w.starts_local,
          duration_minutes: Math.round((new Date(w.ends_at).getTime() - new Date(w.starts_at).getTime()) / 60000),
          capacity: w.capacity,
        }),
      (caught) => setError(errorText(caught)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.workshopId]);
  const field = (name: keyof Form, label: string, type = "text", extra: Record<string, unknown> = {}) => (
    <div class="field">
      <label for={`ws-${name}`}>{label}</label>
      <input
        id={`ws-${name}`}
        name={name}
        type={type}
        value={form[name]}
        onInput={(e) => {
          const raw = (e.target as HTMLInputElement).value;
          setForm({ ...form, [name]: type === "number" ? Number(raw) : raw });
        }}
        {...extra}
      />
    </div>
  );
  const save = async () => {
    setBusy(true);
    setError("");
    try {
      if (editing) {
        await ok(() =>
          api.PATCH("/v1/communities/{community_id}/workshops/{workshop_id}", {
            params: { path },
            body: {
              title: form.title,
              description: form.description,
              place: form.place,
              online_url: form.online_url,
              starts_at: form.starts_at,
              duration_minutes: form.duration_minutes,
              capacity: form.capacity,
            },
          }),
        );
        go(`/communities/${props.communityId}/workshops/${props.workshopId}`);
      } else {
        const made = await ok(() =>
          api.POST("/v1/communities/{community_id}/workshops", {
            params: { path: { community_id: props.communityId }, header: { "Idempotency-Key": key } },
            body: {
              title: form.title,
              description: form.description,
              place: form.place || null,
              online_url: form.online_url || null,
              starts_at: form.starts_at,
              duration_minutes: form.duration_minutes,
              capacity: form.capacity,
              rsvp_closes_hours_before: form.rsvp_closes_hours_before,
              every_weeks: Math.max(1, form.every_weeks),
              occurrences: form.every_weeks > 0 ? form.occurrences : 1,
            },
          }),
        );
        go(`/communities/${props.communityId}/workshops/${made.items[0].id}`);
      }
    } catch (caught) {
      setError(t("errorGeneric", { detail: errorText(caught) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Title>{editing ? t("wsEdit") : t("wsPlan")}</Title>
      <form
        class="card"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {field("title", t("wsFieldTitle"), "text", { required: true, maxLength: 140 })}
        <div class="field">
          <label for="ws-description">{t("wsFieldDescription")}</label>
          <textarea id="ws-description" value={form.description} onInput={(e) => setForm({ ...form, description: (e.target as HTMLTextAreaElement).value })} />
        </div>
        {field("place", t("wsFieldPlace"))}
        {field("online_url", t("wsFieldOnline"), "url")}
        {field("starts_at", t("wsFieldStart"), "datetime-local", { required: true })}
        {field("duration_minutes", t("wsFieldDuration"), "number", { min: 5, max: 720, required: true })}
        {field("capacity", t("wsFieldCapacity"), "number", { min: 1, max: 1000, required: true })}
        {!editing && field("rsvp_closes_hours_before", t("wsFieldRsvpHours"), "number", { min: 0, max: 336 })}
        {!editing && (
          <div class="field">
            <label for="ws-every_weeks">{t("wsFieldRepeat")}</label>
            <select id="ws-every_weeks" value={form.every_weeks} onChange={(e) => setForm({ ...form, every_weeks: Number((e.target as HTMLSelectElement).value) })}>
              <option value={0}>{t("wsRepeatNone")}</option>
              {[1, 2, 3, 4].map((n) => <option key={n} value={n}>{t("wsRepeatEvery", { n })}</option>)}
            </select>
          </div>
        )}
        {!editing && form.every_weeks > 0 && field("occurrences", t("wsFieldOccurrences"), "number", { min: 2, max: 26 })}
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{t("wsSave")}</button>
      </form>
    </>
  );
}
