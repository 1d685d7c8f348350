// Strings of the questions screens: their own (qaStrings.ts, in their chunk) and the app's.
import { language, t as appText, useT, type Key } from "../i18n";
import { qaEn, qaFr, qaNl } from "./qaStrings";

export type QaKey = keyof typeof qaEn;

const dictionaries: Record<"en" | "nl" | "fr", typeof qaEn> = { en: qaEn, nl: qaNl, fr: qaFr };

function isQaKey(key: string): key is QaKey {
  return key in qaEn;
}

/** The string for `key` (these screens' own or the app's) in the current language, {name} filled in. */
export function t(key: QaKey | Key, values: Record<string, string | number> = {}): string {
  if (!isQaKey(key)) return appText(key, values);
  const text: string = dictionaries[language.get()][key] ?? qaEn[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Re-renders the component when the language changes; returns t. */
export function useQaT(): typeof t {
  useT();
  return t;
}
