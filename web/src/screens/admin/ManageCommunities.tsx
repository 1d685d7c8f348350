// Communities, for community managers and admins: start one, change its name, goal, description,
// skill tags and visibility, or archive it.
import { useState } from "preact/hooks";
import { api, ok, type Community } from "../../api/client";
import { href } from "../../router";
import { Feedback, Loading, ScreenTitle, SelectField, TextField, useAction, useLoad } from "./common";
import { useAdminT } from "./i18n";

type Visibility = Community["visibility"];

function tags(text: string): string[] {
  return text.split(",").map((tag) => tag.trim()).filter(Boolean);
}

function CommunityForm(props: { community?: Community; onSaved: () => void }) {
  const t = useAdminT();
  const c = props.community;
  const prefix = c ? `community-${c.id}` : "community-new";
  const [name, setName] = useState(c?.name ?? "");
  const [goal, setGoal] = useState(c?.goal ?? "");
  const [description, setDescription] = useState(c?.description ?? "");
  const [skillTags, setSkillTags] = useState((c?.skill_tags ?? []).join(", "));
  const [visibility, setVisibility] = useState<Visibility>(c?.visibility ?? "organisation");
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { name: name.trim(), goal: goal.trim(), description: description.trim(), skill_tags: tags(skillTags), visibility };
    const worked = await action.run(() =>
      c
        ? ok(() => api.PATCH("/v1/communities/{community_id}", { params: { path: { community_id: c.id } }, body: { ...body, cover_media_id: null } }))
        : ok(() => api.POST("/v1/communities", { body })),
    );
    if (worked) props.onSaved();
  };
  const archive = () =>
    c && confirm(t("communityFormArchiveConfirm", { name: c.name })) && void action.run(() => ok(() => api.POST("/v1/communities/{community_id}/archive", { params: { path: { community_id: c.id } } }))).then(props.onSaved);
  return (
    <form onSubmit={(e) => void submit(e)}>
      <TextField id={`${prefix}-name`} label={t("communityFormName")} value={name} onInput={setName} required />
      <TextField id={`${prefix}-goal`} label={t("communityGoal")} value={goal} onInput={setGoal} required />
      <TextField id={`${prefix}-description`} label={t("communityFormDescription")} value={description} onInput={setDescription} multiline />
      <TextField id={`${prefix}-tags`} label={t("skillTags")} value={skillTags} onInput={setSkillTags} />
      <SelectField id={`${prefix}-visibility`} label={t("communityFormVisibility")} value={visibility} onChange={(v) => setVisibility(v as Visibility)} options={[["organisation", t("communityFormVisibilityOrganisation")], ["invite_only", t("communityFormVisibilityInviteOnly")]]} />
      <Feedback action={action} />
      <div class="actions">
        <button type="submit" class="primary" disabled={action.busy}>{c ? t("save") : t("communityFormCreate")}</button>
        {c && !c.archived && <button type="button" class="danger" disabled={action.busy} onClick={archive}>{t("communityFormArchive")}</button>}
      </div>
    </form>
  );
}

export function ManageCommunities() {
  const t = useAdminT();
  const list = useLoad(() => ok(() => api.GET("/v1/communities", { params: { query: { limit: 100 } } })));
  return (
    <>
      <ScreenTitle title={t("manageCommunitiesEdit")} back={[href("/manage"), t("manageTitle")]} />
      <section class="card" aria-labelledby="community-new">
        <h2 id="community-new">{t("communityFormNew")}</h2>
        <CommunityForm onSaved={list.reload} />
      </section>
      <Loading state={list}>
        {(page) => (
          <ul class="list">
            {page.items.map((community) => (
              <li key={`${community.id}-${community.archived}`}>
                <details>
                  <summary>
                    {community.name} {community.archived && <span class="muted">({t("communityFormArchived")})</span>}
                  </summary>
                  <CommunityForm community={community} onSaved={list.reload} />
                </details>
              </li>
            ))}
          </ul>
        )}
      </Loading>
    </>
  );
}
