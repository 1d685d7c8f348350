// Buddies and mentoring: my pairs, the organisation's programmes, and (organisers) a new programme.
import { useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { Status, Title, errorText, useLoad } from "../../components/common";
import { me } from "../../me";
import { go, href } from "../../router";
import { useStore } from "../../store";
import { isOrgManager } from "../admin/access";
import { useProgrammeT } from "./i18n";

export const splitList = (text: string): string[] => text.split(",").map((s) => s.trim()).filter(Boolean);

function NewProgramme() {
  const t = useProgrammeT();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"buddies" | "mentoring">("buddies");
  const [description, setDescription] = useState("");
  const [notSameTeam, setNotSameTeam] = useState(true);
  const [days, setDays] = useState("7, 21, 42");
  const [error, setError] = useState("");
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const body = { name, kind, description, not_same_team: notSameTeam, check_in_days: splitList(days).map(Number) };
          const made = await ok(() => api.POST("/v1/programmes", { body }));
          go(`/programmes/${made.id}`);
        } catch (caught) {
          setError(t("errorGeneric", { detail: errorText(caught) }));
        }
      }}
    >
      <h2>{t("progCreate")}</h2>
      <div class="field">
        <label for="prog-name">{t("progName")}</label>
        <input id="prog-name" required maxLength={120} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </div>
      <fieldset>
        <legend>{t("progKind")}</legend>
        <label class="option"><input type="radio" name="prog-kind" checked={kind === "buddies"} onChange={() => setKind("buddies")} />{t("progKindBuddies")}</label>
        <label class="option"><input type="radio" name="prog-kind" checked={kind === "mentoring"} onChange={() => setKind("mentoring")} />{t("progKindMentoring")}</label>
      </fieldset>
      <div class="field">
        <label for="prog-description">{t("progDescription")}</label>
        <textarea id="prog-description" maxLength={2000} value={description} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} />
      </div>
      <label class="option"><input type="checkbox" checked={notSameTeam} onChange={(e) => setNotSameTeam((e.target as HTMLInputElement).checked)} />{t("progNotSameTeam")}</label>
      <div class="field">
        <label for="prog-days">{t("progCheckInDays")}</label>
        <input id="prog-days" value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      <button type="submit" class="primary">{t("progCreate")}</button>
    </form>
  );
}

export function Programmes() {
  const t = useProgrammeT();
  const member = useStore(me);
  const pairs = useLoad(() => ok(() => api.GET("/v1/me/pairs")), []);
  const programmes = useLoad(() => ok(() => api.GET("/v1/programmes", { params: { query: { limit: 50 } } })), []);
  const active = (pairs.data?.items ?? []).filter((p) => p.status === "active");
  return (
    <>
      <Title>{t("progTitle")}</Title>
      <p class="hint">{t("progIntro")}</p>
      <section aria-labelledby="my-pairs">
        <h2 id="my-pairs">{t("progMyPairs")}</h2>
        <Status state={pairs} />
        {pairs.data && active.length === 0 && <p>{t("progNoPairs")}</p>}
        <ul class="plain">
          {active.map((p) => (
            <li key={p.pair_id} class="card">
              <a href={href(`/pairs/${p.pair_id}`)}>{t("progWith", { name: p.partner_name })}</a>
              <p class="meta">{p.programme_name}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="programmes">
        <h2 id="programmes">{t("progProgrammes")}</h2>
        <Status state={programmes} />
        {programmes.data && programmes.data.items.length === 0 && <p>{t("progNone")}</p>}
        <ul class="plain">
          {(programmes.data?.items ?? []).map((p) => (
            <li key={p.id} class="card">
              <a href={href(`/programmes/${p.id}`)}>{p.name}</a>
              <p class="meta">{t(p.kind === "mentoring" ? "progKindMentoring" : "progKindBuddies")} · {t("progSignups", { count: p.signup_count })}</p>
            </li>
          ))}
        </ul>
      </section>
      {isOrgManager(member) && <NewProgramme />}
    </>
  );
}
