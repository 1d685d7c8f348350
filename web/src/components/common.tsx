// Small shared pieces: loading a resource, showing its error, a heading that takes focus on a new screen.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { useT } from "../i18n";

export interface Loaded<T> {
  data: T | undefined;
  error: string;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "network";
  return String(error);
}

/** Loads once per change of `deps`; `reload()` loads again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState("");
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load()
      .then((value) => current && (setData(value), setError("")))
      .catch((caught: unknown) => current && setError(errorText(caught)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

export function Status<T>(props: { state: Loaded<T> }) {
  const t = useT();
  if (props.state.error) {
    return (
      <div role="alert" class="error">
        {t("errorGeneric", { detail: props.state.error })}{" "}
        <button type="button" onClick={props.state.reload}>{t("retry")}</button>
      </div>
    );
  }
  if (props.state.loading && props.state.data === undefined) return <p role="status">{t("loading")}</p>;
  return null;
}

/** The screen's h1; it takes focus when the screen opens so screen readers announce the change. */
export function Title(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return <h1 ref={ref} tabIndex={-1}>{props.children}</h1>;
}

/** A transient message for screen readers and eyes. */
export function Notice(props: { text: string }) {
  return props.text ? <p role="status" class="notice">{props.text}</p> : null;
}
