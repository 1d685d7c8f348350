import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { signOut } from "../auth/session";
import { Notice, Title, errorText } from "../components/common";
import { setLanguage, useT } from "../i18n";
import { me } from "../me";
import { href } from "../router";
import { useStore } from "../store";
import { lazyScreen } from "../components/lazyScreen";
import { isAuthor } from "./admin/access";

// Only experts see it: loaded with the questions screens' chunk, when the profile shows it.
const ExpertiseSettings = lazyScreen(() => import("./QuestionsForMe").then((m) => m.ExpertiseSettings));

export function Profile() {
  const t = useT();
  const profile = useStore(me);
  const [name, setName] = useState(profile?.display_name ?? "");
  const [notice, setNotice] = useState("");
  useEffect(() => setName(profile?.display_name ?? ""), [profile?.id]);
  if (!profile) return <p role="status">{t("loading")}</p>;
  const change = async (patch: Record<string, unknown>) => {
    try {
      const updated = await ok(() => api.PATCH("/v1/me", { body: patch as Schemas["ProfileChange"] }));
      me.set(updated);
      setLanguage(updated.language);
      setNotice(t("saved"));
    } catch (error) {
      setNotice(t("errorGeneric", { detail: errorText(error) }));
    }
  };
  const toggle = (field: "leaderboard_opt_out" | "announce_badges" | "quiz_accessible", label: string) => (
    <label class="check">
      <input type="checkbox" checked={profile[field]} onChange={(e) => void change({ [field]: (e.target as HTMLInputElement).checked })} />
      {label}
    </label>
  );
  return (
    <>
      <Title>{t("profileTitle")}</Title>
      <p class="muted">{profile.email}</p>
      <p><a href={href("/progress")}>{t("navProgress")}</a> · <a href={href("/notifications")}>{t("navNotifications")}</a> · <a href={href("/me/questions")}>{t("qaForMe")}</a> · <a href={href("/programmes")}>{t("navProgrammes")}</a> · <a href={href("/intervision")}>{t("navIntervision")}</a></p>
      <form class="card" onSubmit={(e) => { e.preventDefault(); void change({ display_name: name }); }}>
        <div class="field">
          <label for="display-name">{t("displayName")}</label>
          <input id="display-name" value={name} maxLength={80} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="primary">{t("save")}</button>
      </form>
      <div class="card">
        <div class="field">
          <label for="language">{t("language")}</label>
          <select id="language" value={profile.language} onChange={(e) => void change({ language: (e.target as HTMLSelectElement).value })}>
            <option value="nl" lang="nl">Nederlands</option>
            <option value="fr" lang="fr">Français</option>
            <option value="en" lang="en">English</option>
          </select>
        </div>
        {toggle("leaderboard_opt_out", t("leaderboardOptOut"))}
        {toggle("announce_badges", t("announceBadges"))}
        {toggle("quiz_accessible", t("quizAccessible"))}
        <p class="muted">{t("timezone")}: {profile.timezone}</p>
      </div>
      {isAuthor(profile) && <ExpertiseSettings />}
      <Notice text={notice} />
      <button type="button" onClick={() => void signOut()}>{t("signOut")}</button>
    </>
  );
}
