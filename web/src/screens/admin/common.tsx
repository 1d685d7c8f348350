// Small pieces shared by the manager and admin screens: loading, actions with feedback, fields.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api/client";
import { language } from "../../i18n";
import { useAdminT } from "./i18n";

export type Translate = ReturnType<typeof useAdminT>;

export function problemText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) return error.message;
  return t("errorGeneric", { detail: String(error instanceof Error ? error.message : error) });
}

export interface Loaded<T> {
  data: T | undefined;
  error: string;
  reload: () => void;
}

/** Runs `load` on mount and whenever `deps` change; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const t = useAdminT();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState("");
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setError("");
    load().then(
      (value) => live && setData(value),
      (caught: unknown) => live && setError(problemText(caught, t)),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return { data, error, reload: () => setRound((n) => n + 1) };
}

/** Shows a load's error with a retry button, a loading line, or the children once there is data. */
export function Loading<T>(props: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const t = useAdminT();
  if (props.state.error) {
    return (
      <div role="alert">
        <p class="error">{props.state.error}</p>
        <button type="button" onClick={props.state.reload}>{t("retry")}</button>
      </div>
    );
  }
  if (props.state.data === undefined) return <p role="status">{t("loading")}</p>;
  return <>{props.children(props.state.data)}</>;
}

export interface Action {
  busy: boolean;
  error: string;
  done: string;
  run: (work: () => Promise<unknown>, doneText?: string) => Promise<boolean>;
}

/** A write with its feedback: busy while it runs, then the problem's detail or a confirmation. */
export function useAction(): Action {
  const t = useAdminT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const run = async (work: () => Promise<unknown>, doneText?: string) => {
    setBusy(true);
    setError("");
    setDone("");
    try {
      await work();
      setDone(doneText ?? t("saved"));
      return true;
    } catch (caught) {
      setError(problemText(caught, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}

/** The result of an action, announced to screen readers. */
export function Feedback(props: { action: Action }) {
  return (
    <>
      {props.action.error && <p role="alert" class="error">{props.action.error}</p>}
      <p role="status" class="muted">{props.action.done}</p>
    </>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  required?: boolean;
  hint?: string;
  multiline?: boolean;
  autocomplete?: string;
}) {
  const describedBy = props.hint ? `${props.id}-hint` : undefined;
  const onInput = (e: Event) => props.onInput((e.target as HTMLInputElement | HTMLTextAreaElement).value);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.multiline ? (
        <textarea id={props.id} value={props.value} required={props.required} aria-describedby={describedBy} onInput={onInput} />
      ) : (
        <input
          id={props.id}
          type={props.type ?? "text"}
          value={props.value}
          required={props.required}
          autocomplete={props.autocomplete}
          aria-describedby={describedBy}
          onInput={onInput}
        />
      )}
      {props.hint && <p id={describedBy} class="hint">{props.hint}</p>}
    </div>
  );
}

export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: [string, string][];
  hint?: string;
}) {
  const describedBy = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} aria-describedby={describedBy} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>{label}</option>
        ))}
      </select>
      {props.hint && <p id={describedBy} class="hint">{props.hint}</p>}
    </div>
  );
}

export function Check(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label class="check" for={props.id}>
      <input id={props.id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)} />
      {props.label}
    </label>
  );
}

/** A wall-clock time of the organisation ("2027-03-28T09:00:00") written out in the reader's
 * language, without moving it to the browser's zone: it is the organisation's time. */
export function formatWallClock(local: string): string {
  const [date, time = "00:00:00"] = local.split("T");
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const moment = new Date(Date.UTC(year, month - 1, day, hour, minute));
  return new Intl.DateTimeFormat(language.get(), { dateStyle: "full", timeStyle: "short", timeZone: "UTC" }).format(moment);
}

/** "2027-03-28T09:00" from a datetime-local input, as the API's wall-clock form with seconds. */
export function wallClock(input: string): string | null {
  if (!input) return null;
  return input.length === 16 ? `${input}:00` : input;
}

export const LANGUAGES = ["nl", "fr", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A text in the reader's language, else any language that has one. */
export function inMyLanguage(texts: Partial<Record<string, string | null>>): string {
  const mine = texts[language.get()];
  return mine || texts.en || texts.nl || texts.fr || "";
}

/** Section header with a back link. */
export function ScreenTitle(props: { title: string; back?: [string, string] }) {
  return (
    <>
      {props.back && (
        <p>
          <a href={props.back[0]}><span aria-hidden="true">← </span>{props.back[1]}</a>
        </p>
      )}
      <h1>{props.title}</h1>
    </>
  );
}
