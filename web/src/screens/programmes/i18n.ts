// Strings of the programme screens: their own (strings.ts, in this chunk) and the app's.
import { language, t as appText, useT, type Key } from "../../i18n";
import { en, fr, nl, type ProgrammeStrings } from "./strings";

export type ProgrammeKey = keyof ProgrammeStrings;

const dictionaries: Record<"en" | "nl" | "fr", ProgrammeStrings> = { en, nl, fr };

function isProgrammeKey(key: string): key is ProgrammeKey {
  return key in en;
}

/** The string for `key` (these screens' own or the app's) in the current language, {name} filled in. */
export function t(key: ProgrammeKey | Key, values: Record<string, string | number> = {}): string {
  if (!isProgrammeKey(key)) return appText(key, values);
  const text: string = dictionaries[language.get()][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Re-renders the component when the language changes; returns t. */
export function useProgrammeT(): typeof t {
  useT();
  return t;
}

