// The signed-in session: tokens kept in localStorage, refreshed before they expire, cleared on sign-out.

import { cachedConfig, type AppConfig } from "../config";
import { store } from "../store";
import { refresh, signOutEverywhere, type Tokens } from "./cognito";

const KEY = "kring.tokens";
const REFRESH_MARGIN_MS = 2 * 60 * 1000;

function load(): Tokens | null {
  const text = localStorage.getItem(KEY);
  return text ? (JSON.parse(text) as Tokens) : null;
}

export const session = store<Tokens | null>(load());

export function signedIn(tokens: Tokens): void {
  localStorage.setItem(KEY, JSON.stringify(tokens));
  session.set(tokens);
}

let refreshing: Promise<Tokens | null> | null = null;

/** A valid ID token for the API, refreshed when it is about to expire; null when signed out. */
export async function idToken(config: AppConfig | null = cachedConfig()): Promise<string | null> {
  const tokens = session.get();
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS || !config || !navigator.onLine) return tokens.idToken;
  refreshing ??= refresh(config, tokens.refreshToken)
    .then((fresh) => {
      signedIn(fresh);
      return fresh;
    })
    .catch((error: unknown) => {
      // A refused refresh token (signed out elsewhere, deactivated) ends the session; a network error does not.
      if ((error as { code?: string }).code === "NetworkError") return tokens;
      clearSession();
      return null;
    })
    .finally(() => {
      refreshing = null;
    });
  return (await refreshing)?.idToken ?? null;
}

/** Force a refresh (after a 401), returning the new ID token or null. */
export async function refreshNow(): Promise<string | null> {
  const tokens = session.get();
  if (tokens) session.set({ ...tokens, expiresAt: 0 });
  return idToken();
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith("kring.cache.") || key === "kring.outbox") localStorage.removeItem(key);
  }
  session.set(null);
}

export async function signOut(): Promise<void> {
  const tokens = session.get();
  const config = cachedConfig();
  clearSession();
  if (tokens && config) await signOutEverywhere(config, tokens.accessToken).catch(() => undefined);
}

/** The claims of the ID token (not verified here: the API verifies it on every request). */
export function claims(): Record<string, unknown> {
  const token = session.get()?.idToken;
  if (!token) return {};
  const payload = token.split(".")[1] ?? "";
  try {
    return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
  } catch {
    return {};
  }
}
