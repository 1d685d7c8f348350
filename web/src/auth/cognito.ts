// The few Cognito user-pool calls the app makes, as plain JSON requests (no SDK: it would triple the bundle).

import type { AppConfig } from "../config";
import { startSrp } from "./srp";

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the ID token stops being accepted. */
  expiresAt: number;
}

export type SignInStep =
  | { kind: "signedIn"; tokens: Tokens }
  | { kind: "newPasswordRequired"; session: string; username: string };

export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface AuthenticationResult {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

interface ChallengeResponse {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
  AuthenticationResult?: AuthenticationResult;
}

async function call<T>(config: AppConfig, action: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(config.cognitoEndpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new CognitoError("NetworkError", "offline");
  }
  const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const type = String(payload.__type ?? payload.code ?? "UnknownError");
    throw new CognitoError(type.split("#").pop() ?? type, String(payload.message ?? payload.Message ?? type));
  }
  return payload as T;
}

function tokensFrom(result: AuthenticationResult, refreshToken?: string): Tokens {
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken ?? refreshToken ?? "",
    expiresAt: Date.now() + result.ExpiresIn * 1000,
  };
}

function step(response: ChallengeResponse, username: string): SignInStep {
  if (response.AuthenticationResult) return { kind: "signedIn", tokens: tokensFrom(response.AuthenticationResult) };
  if (response.ChallengeName === "NEW_PASSWORD_REQUIRED" && response.Session) {
    return {
      kind: "newPasswordRequired",
      session: response.Session,
      username: response.ChallengeParameters?.USERNAME ?? response.ChallengeParameters?.USER_ID_FOR_SRP ?? username,
    };
  }
  throw new CognitoError("UnsupportedChallenge", response.ChallengeName ?? "no result");
}

export async function signIn(config: AppConfig, email: string, password: string): Promise<SignInStep> {
  const srp = await startSrp(config.userPoolId);
  const challenge = await call<ChallengeResponse>(config, "InitiateAuth", {
    AuthFlow: "USER_SRP_AUTH",
    ClientId: config.clientId,
    AuthParameters: { USERNAME: email, SRP_A: srp.publicA },
  });
  if (challenge.ChallengeName !== "PASSWORD_VERIFIER" || !challenge.ChallengeParameters) {
    return step(challenge, email);
  }
  const answer = await srp.answer(challenge.ChallengeParameters, password);
  const response = await call<ChallengeResponse>(config, "RespondToAuthChallenge", {
    ChallengeName: "PASSWORD_VERIFIER",
    ClientId: config.clientId,
    Session: challenge.Session,
    ChallengeResponses: answer,
  });
  return step(response, challenge.ChallengeParameters.USERNAME ?? email);
}

export async function setNewPassword(
  config: AppConfig,
  session: string,
  username: string,
  newPassword: string,
): Promise<SignInStep> {
  const response = await call<ChallengeResponse>(config, "RespondToAuthChallenge", {
    ChallengeName: "NEW_PASSWORD_REQUIRED",
    ClientId: config.clientId,
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
  });
  return step(response, username);
}

export async function refresh(config: AppConfig, refreshToken: string): Promise<Tokens> {
  const response = await call<ChallengeResponse>(config, "InitiateAuth", {
    AuthFlow: "REFRESH_TOKEN_AUTH",
    ClientId: config.clientId,
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  if (!response.AuthenticationResult) throw new CognitoError("NotAuthorizedException", "refresh refused");
  return tokensFrom(response.AuthenticationResult, refreshToken);
}

export async function forgotPassword(config: AppConfig, email: string): Promise<void> {
  await call(config, "ForgotPassword", { ClientId: config.clientId, Username: email });
}

export async function confirmForgotPassword(
  config: AppConfig,
  email: string,
  code: string,
  newPassword: string,
): Promise<void> {
  await call(config, "ConfirmForgotPassword", {
    ClientId: config.clientId,
    Username: email,
    ConfirmationCode: code,
    Password: newPassword,
  });
}

export async function signOutEverywhere(config: AppConfig, accessToken: string): Promise<void> {
  await call(config, "GlobalSignOut", { AccessToken: accessToken });
}
