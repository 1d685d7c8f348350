// Strings of the manager and admin screens: their own (strings.ts, in this chunk) and the app's.
import { language, t as appText, useT, type Key } from "../../i18n";
import { en, fr, nl, type AdminStrings } from "./strings";

export type AdminKey = keyof AdminStrings;

const dictionaries: Record<"en" | "nl" | "fr", AdminStrings> = { en, nl, fr };

function isAdminKey(key: string): key is AdminKey {
  return key in en;
}

/** The string for `key` (these screens' own or the app's) in the current language, {name} filled in. */
export function t(key: AdminKey | Key, values: Record<string, string | number> = {}): string {
  if (!isAdminKey(key)) return appText(key, values);
  const text: string = dictionaries[language.get()][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Re-renders the component when the language changes; returns t. */
export function useAdminT(): typeof t {
  useT();
  return t;
}
