// Strings in nl, fr and en. The profile's language wins; before sign-in, the browser's.
import { store, useStore } from "../store";
import { en, type Strings } from "./en";
import { fr } from "./fr";
import { nl } from "./nl";

export type Language = "nl" | "fr" | "en";
export type Key = keyof Strings;

const dictionaries: Record<Language, Strings> = { en, nl, fr };

function browserLanguage(): Language {
  const saved = localStorage.getItem("kring.language");
  if (saved === "nl" || saved === "fr" || saved === "en") return saved;
  const preferred = navigator.language.slice(0, 2);
  return preferred === "nl" || preferred === "fr" ? preferred : "en";
}

export const language = store<Language>(browserLanguage());

export function setLanguage(next: string | null | undefined): void {
  if (next !== "nl" && next !== "fr" && next !== "en") return;
  localStorage.setItem("kring.language", next);
  document.documentElement.lang = next;
  language.set(next);
}

/** The string for `key` in the current language, with {name} placeholders filled in. */
export function t(key: Key, values: Record<string, string | number> = {}): string {
  const text: string = dictionaries[language.get()][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Re-renders the component when the language changes; returns t. */
export function useT(): typeof t {
  useStore(language);
  return t;
}

let timeZone: string | undefined;

/** Dates show in the member's own time zone (their profile's), whatever the phone is set to. */
export function setTimeZone(zone: string | null | undefined): void {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone ?? undefined });
    timeZone = zone ?? undefined;
  } catch {
    timeZone = undefined; // a zone this browser does not know: its own
  }
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(language.get(), { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

/** A calendar day (yyyy-mm-dd, the organisation's), as words: "Tuesday 8 December 2026". */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat(language.get(), { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(language.get()).format(value);
}

document.documentElement.lang = language.get();
