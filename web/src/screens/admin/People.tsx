// People, for org admins: invite a colleague (they get an email with a temporary password), change
// roles, put someone in a team, deactivate and reactivate.
import { useEffect, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok, type Member, type Schemas } from "../../api/client";
import { href } from "../../router";
import { Check, Feedback, Loading, ScreenTitle, SelectField, TextField, useAction, useLoad, type Translate } from "./common";
import { useAdminT } from "./i18n";

type Role = Member["roles"][number];
const ROLES: Role[] = ["learner", "mentor", "community_manager", "org_admin"];

export function roleLabel(role: Role, t: Translate): string {
  return { learner: t("orgRoleLearner"), mentor: t("orgRoleMentor"), community_manager: t("orgRoleCommunityManager"), org_admin: t("orgRoleOrgAdmin") }[role];
}

function RolePicker(props: { idPrefix: string; roles: Role[]; onChange: (roles: Role[]) => void; legend: string }) {
  const t = useAdminT();
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {ROLES.map((role) => (
        <Check
          key={role}
          id={`${props.idPrefix}-${role}`}
          label={roleLabel(role, t)}
          checked={props.roles.includes(role)}
          onChange={(on) => props.onChange(on ? [...props.roles, role] : props.roles.filter((r) => r !== role))}
        />
      ))}
    </fieldset>
  );
}

function InviteForm(props: { onInvited: () => void }) {
  const t = useAdminT();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [language, setLanguage] = useState<"nl" | "fr" | "en">("nl");
  const [roles, setRoles] = useState<Role[]>(["learner"]);
  const action = useAction();
  // One key per filled-in form: a double click or a retry after a lost answer invites once.
  const [key, setKey] = useState(newIdempotencyKey());
  const submit = async (e: Event) => {
    e.preventDefault();
    const worked = await action.run(
      () =>
        ok(() =>
          api.POST("/v1/admin/users", {
            params: { header: { "Idempotency-Key": key } },
            body: { display_name: name.trim(), email: email.trim(), language, roles, timezone: null },
          }),
        ),
      t("inviteSent", { email: email.trim() }),
    );
    if (worked) {
      setName("");
      setEmail("");
      setRoles(["learner"]);
      setKey(newIdempotencyKey());
      props.onInvited();
    }
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="invite-title">
      <h2 id="invite-title">{t("inviteTitle")}</h2>
      <p class="hint">{t("inviteHint")}</p>
      <TextField id="invite-name" label={t("inviteName")} value={name} onInput={setName} required autocomplete="off" />
      <TextField id="invite-email" label={t("email")} type="email" value={email} onInput={setEmail} required autocomplete="off" />
      <SelectField id="invite-language" label={t("inviteLanguage")} value={language} onChange={(v) => setLanguage(v as "nl")} options={[["nl", "Nederlands"], ["fr", "Français"], ["en", "English"]]} />
      <RolePicker idPrefix="invite-role" roles={roles} onChange={setRoles} legend={t("peopleRoles")} />
      <Feedback action={action} />
      <button type="submit" class="primary" disabled={action.busy || roles.length === 0}>{t("inviteSubmit")}</button>
    </form>
  );
}

function Person(props: { member: Member; teams: Schemas["Team"][]; onDone: () => void }) {
  const t = useAdminT();
  const { member } = props;
  const [roles, setRoles] = useState<Role[]>(member.roles);
  useEffect(() => setRoles(member.roles), [member.updated_at]);
  const action = useAction();
  const path = { user_id: member.id };
  const saveRoles = () => void action.run(() => ok(() => api.PUT("/v1/admin/users/{user_id}/roles", { params: { path }, body: { roles } }))).then(props.onDone);
  const toggleActive = () =>
    void action
      .run(() =>
        member.status === "deactivated"
          ? ok(() => api.POST("/v1/admin/users/{user_id}/reactivate", { params: { path } }))
          : ok(() => api.POST("/v1/admin/users/{user_id}/deactivate", { params: { path } })),
      )
      .then(props.onDone);
  const setTeam = (teamId: string) =>
    void action
      .run(() =>
        teamId
          ? ok(() => api.PUT("/v1/admin/teams/{team_id}/members/{user_id}", { params: { path: { team_id: teamId, user_id: member.id } } }))
          : ok(() => api.DELETE("/v1/admin/teams/{team_id}/members/{user_id}", { params: { path: { team_id: member.team_id ?? "", user_id: member.id } } })),
      )
      .then(props.onDone);
  return (
    <li>
      <strong>{member.display_name}</strong> <span class="muted">{member.email}</span>
      <div class="muted">
        {t(`personStatus_${member.status}` as "personStatus_active")} · {ROLES.filter((r) => member.roles.includes(r)).map((r) => roleLabel(r, t)).join(", ")}
      </div>
      <details>
        <summary>{t("peopleChange", { name: member.display_name })}</summary>
        <RolePicker idPrefix={`roles-${member.id}`} roles={roles} onChange={setRoles} legend={t("peopleRoles")} />
        <button type="button" disabled={action.busy || roles.length === 0} onClick={saveRoles}>{t("peopleSaveRoles")}</button>
        <SelectField
          id={`team-${member.id}`}
          label={t("peopleTeam")}
          value={member.team_id ?? ""}
          onChange={setTeam}
          options={[["", t("peopleNoTeam")], ...props.teams.map((team): [string, string] => [team.id, team.name])]}
        />
        <button type="button" class={member.status === "deactivated" ? undefined : "danger"} disabled={action.busy} onClick={toggleActive}>
          {member.status === "deactivated" ? t("peopleReactivate") : t("peopleDeactivate")}
        </button>
      </details>
      <Feedback action={action} />
    </li>
  );
}

export function People() {
  const t = useAdminT();
  const [cursor, setCursor] = useState<string | null>(null);
  const data = useLoad(async () => {
    const [people, teams] = await Promise.all([
      ok(() => api.GET("/v1/admin/users", { params: { query: { limit: 50, cursor } } })),
      ok(() => api.GET("/v1/admin/teams", { params: { query: { limit: 100 } } })),
    ]);
    return { people, teams: teams.items };
  }, [cursor]);
  return (
    <>
      <ScreenTitle title={t("adminPeopleTitle")} back={[href("/manage"), t("manageTitle")]} />
      <InviteForm onInvited={data.reload} />
      <h2>{t("peopleList")}</h2>
      <Loading state={data}>
        {({ people, teams }) => (
          <>
            <ul class="list">
              {people.items.map((member) => <Person key={member.id} member={member} teams={teams} onDone={data.reload} />)}
            </ul>
            {people.next_cursor && <button type="button" onClick={() => setCursor(people.next_cursor)}>{t("more")}</button>}
          </>
        )}
      </Loading>
    </>
  );
}
