// Strings of the intervision screens: their own (strings.ts, in this chunk) and the app's.
import { language, t as appText, useT, type Key } from "../../i18n";
import { en, fr, nl, type IntervisionStrings } from "./strings";

export type IntervisionKey = keyof IntervisionStrings;

const dictionaries: Record<"en" | "nl" | "fr", IntervisionStrings> = { en, nl, fr };

function isIntervisionKey(key: string): key is IntervisionKey {
  return key in en;
}

/** The string for `key` (these screens' own or the app's) in the current language, {name} filled in. */
export function t(key: IntervisionKey | Key, values: Record<string, string | number> = {}): string {
  if (!isIntervisionKey(key)) return appText(key, values);
  const text: string = dictionaries[language.get()][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Re-renders the component when the language changes; returns t. */
export function useIntervisionT(): typeof t {
  useT();
  return t;
}

/** 75.5 -> "1:15". */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}
