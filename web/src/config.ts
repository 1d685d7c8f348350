// Where the app finds its user pool: GET /v1/client-config (public), so one build runs locally and on AWS.

export interface AppConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  /** The Cognito endpoint the browser calls (same origin locally, the regional endpoint on AWS). */
  cognitoEndpoint: string;
}

type Raw = Record<string, unknown>;

function pick(raw: Raw, ...names: string[]): string {
  for (const name of names) {
    const value = name.split(".").reduce<unknown>((at, part) => (at as Raw | undefined)?.[part], raw);
    if (typeof value === "string" && value) return value;
  }
  return "";
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/v1/client-config", { cache: "no-cache" });
  if (!response.ok) throw new Error(`client-config: ${response.status}`);
  const raw = (await response.json()) as Raw;
  const region = pick(raw, "region", "cognito.region");
  const config: AppConfig = {
    region,
    userPoolId: pick(raw, "userPoolId", "user_pool_id", "cognito.userPoolId", "cognito.user_pool_id"),
    clientId: pick(raw, "user_pool_client_id", "clientId", "client_id", "userPoolClientId", "cognito.clientId", "cognito.client_id"),
    cognitoEndpoint:
      pick(raw, "cognitoEndpoint", "cognito_endpoint", "endpoint", "cognito.endpoint") ||
      `https://cognito-idp.${region}.amazonaws.com/`,
  };
  localStorage.setItem("kring.config", JSON.stringify(config));
  return config;
}

/** The config last seen, so the app shell starts offline. */
export function cachedConfig(): AppConfig | null {
  const text = localStorage.getItem("kring.config");
  return text ? (JSON.parse(text) as AppConfig) : null;
}
