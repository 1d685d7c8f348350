import { useState } from "preact/hooks";
import { CognitoError, confirmForgotPassword, forgotPassword, setNewPassword, signIn, type SignInStep } from "../auth/cognito";
import { signedIn } from "../auth/session";
import { cachedConfig, loadConfig } from "../config";
import { useT } from "../i18n";
import { go, href } from "../router";

async function config() {
  return cachedConfig() ?? (await loadConfig());
}

function message(error: unknown, t: ReturnType<typeof useT>): string {
  if (error instanceof CognitoError) {
    if (error.code === "NotAuthorizedException" || error.code === "UserNotFoundException") return t("wrongCredentials");
    if (error.code === "InvalidPasswordException") return t("passwordRules");
    return t("errorGeneric", { detail: error.message });
  }
  return t("errorGeneric", { detail: String(error) });
}

function Field(props: { id: string; label: string; type?: string; value: string; onInput: (v: string) => void; autocomplete?: string; hint?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? "text"}
        value={props.value}
        required
        autocomplete={props.autocomplete}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.hint && <p id={`${props.id}-hint`} class="hint">{props.hint}</p>}
    </div>
  );
}

export function SignIn() {
  const t = useT();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [challenge, setChallenge] = useState<Extract<SignInStep, { kind: "newPasswordRequired" }> | null>(null);
  const [fresh, setFresh] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  const finish = (result: SignInStep) => {
    if (result.kind === "signedIn") {
      signedIn(result.tokens);
      if (location.hash.startsWith("#/forgot")) go("/");
    } else {
      setChallenge(result);
    }
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError("");
    try {
      await work();
    } catch (caught) {
      setError(message(caught, t));
    } finally {
      setBusy(false);
    }
  };

  if (challenge) {
    return (
      <main id="main" class="auth">
        <h1>{t("newPasswordTitle")}</h1>
        <p>{t("newPasswordIntro")}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (fresh !== again) return setError(t("passwordsDiffer"));
            void run(async () => finish(await setNewPassword(await config(), challenge.session, challenge.username, fresh)));
          }}
        >
          <Field id="new-password" label={t("newPassword")} type="password" value={fresh} onInput={setFresh} autocomplete="new-password" hint={t("passwordRules")} />
          <Field id="new-password-again" label={t("newPasswordRepeat")} type="password" value={again} onInput={setAgain} autocomplete="new-password" />
          {error && <p role="alert" class="error">{error}</p>}
          <button type="submit" class="primary" disabled={busy}>{t("setPassword")}</button>
        </form>
      </main>
    );
  }

  return (
    <main id="main" class="auth">
      <img src="/icon.svg" alt="" width="72" height="72" />
      <h1>{t("signInTitle")}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => finish(await signIn(await config(), email.trim(), password)));
        }}
      >
        <Field id="email" label={t("email")} type="email" value={email} onInput={setEmail} autocomplete="username" />
        <Field id="password" label={t("password")} type="password" value={password} onInput={setPassword} autocomplete="current-password" />
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? t("signingIn") : t("signIn")}</button>
      </form>
      <p><a href={href("/forgot-password")}>{t("forgotPassword")}</a></p>
    </main>
  );
}

export function ForgotPassword() {
  const t = useT();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState("");
  const [fresh, setFresh] = useState("");
  const [done, setDone] = useState(false);
  const [error, setError] = useState("");
  const attempt = async (work: () => Promise<void>) => {
    setError("");
    try {
      await work();
    } catch (caught) {
      setError(message(caught, t));
    }
  };
  return (
    <main id="main" class="auth">
      <h1>{t("forgotTitle")}</h1>
      {done ? (
        <p role="status">{t("passwordReset")}</p>
      ) : !sent ? (
        <form onSubmit={(e) => { e.preventDefault(); void attempt(async () => { await forgotPassword(await config(), email.trim()); setSent(true); }); }}>
          <p>{t("forgotIntro")}</p>
          <Field id="forgot-email" label={t("email")} type="email" value={email} onInput={setEmail} autocomplete="username" />
          {error && <p role="alert" class="error">{error}</p>}
          <button type="submit" class="primary">{t("sendCode")}</button>
        </form>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void attempt(async () => { await confirmForgotPassword(await config(), email.trim(), code.trim(), fresh); setDone(true); }); }}>
          <Field id="forgot-code" label={t("code")} value={code} onInput={setCode} autocomplete="one-time-code" />
          <Field id="forgot-new" label={t("newPassword")} type="password" value={fresh} onInput={setFresh} autocomplete="new-password" hint={t("passwordRules")} />
          {error && <p role="alert" class="error">{error}</p>}
          <button type="submit" class="primary">{t("resetPassword")}</button>
        </form>
      )}
      <p><a href={href("/")}>{t("backToSignIn")}</a></p>
    </main>
  );
}
