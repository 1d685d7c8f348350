// Strings of the workshop screens: their own (strings.ts, in this chunk) and the app's.
import { language, t as appText, useT, type Key } from "../../i18n";
import { en, fr, nl, type WorkshopStrings } from "./strings";

export type WorkshopKey = keyof WorkshopStrings;

const dictionaries: Record<"en" | "nl" | "fr", WorkshopStrings> = { en, nl, fr };

function isWorkshopKey(key: string): key is WorkshopKey {
  return key in en;
}

/** The string for `key` (these screens' own or the app's) in the current language, {name} filled in. */
export function t(key: WorkshopKey | Key, values: Record<string, string | number> = {}): string {
  if (!isWorkshopKey(key)) return appText(key, values);
  const text: string = dictionaries[language.get()][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Re-renders the component when the language changes; returns t. */
export function useWorkshopT(): typeof t {
  useT();
  return t;
}

