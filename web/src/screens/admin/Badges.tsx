// The badge catalogue, for org admins: every badge with its rule; switch one on or off; add a badge
// (manual, counted, or a streak) with names and descriptions in nl, fr and en and an image.
import { useState } from "preact/hooks";
import { api, ok, type Schemas } from "../../api/client";
import { href } from "../../router";
import { Check, Feedback, inMyLanguage, LANGUAGES, Loading, ScreenTitle, SelectField, TextField, useAction, useLoad, type Translate } from "./common";
import { ImagePicker } from "./ImagePicker";
import { useAdminT } from "./i18n";

type AdminBadge = Schemas["AdminBadge"];
type Rule = AdminBadge["rule"];

const COUNTERS = ["post_published", "comment_added", "reaction_received", "reaction_given", "post_spotlighted", "member_spotlighted", "share_received", "quiz_answered", "lesson_card_answered", "lesson_completed", "video_completed", "answer_accepted"];

function ruleText(rule: Rule, t: Translate): string {
  if (rule.type === "manual") return t("catalogueRuleManual");
  if (rule.type === "streak") return t("catalogueRuleStreak", { days: rule.length });
  if (rule.type === "counter") return t("catalogueRuleCounter", { count: rule.threshold, what: t(`pointAction_${rule.counter}` as "pointAction_post_published") });
  return t("catalogueRuleEvent", { kind: rule.event_kind });
}

function BadgeRow(props: { badge: AdminBadge; onDone: () => void }) {
  const t = useAdminT();
  const { badge } = props;
  const action = useAction();
  const toggle = (enabled: boolean) =>
    void action
      .run(() => ok(() => api.PUT("/v1/admin/badges/{badge_id}", { params: { path: { badge_id: badge.id } }, body: { names: badge.names, descriptions: badge.descriptions, rule: badge.rule, image_media_id: badge.image_media_id, enabled } })))
      .then(props.onDone);
  return (
    <li class="row">
      {badge.image_url && <img src={badge.image_url} alt="" width="48" height="48" />}
      <div style="flex:1">
        <strong>{inMyLanguage(badge.names)}</strong>
        <div class="muted">{inMyLanguage(badge.descriptions)} · {ruleText(badge.rule, t)}</div>
        <Check id={`badge-on-${badge.id}`} label={t("catalogueEnabled")} checked={badge.enabled} onChange={toggle} />
        <Feedback action={action} />
      </div>
    </li>
  );
}

function NewBadgeForm(props: { onCreated: () => void }) {
  const t = useAdminT();
  const [id, setId] = useState("");
  const [names, setNames] = useState({ nl: "", fr: "", en: "" });
  const [descriptions, setDescriptions] = useState({ nl: "", fr: "", en: "" });
  const [ruleType, setRuleType] = useState<"manual" | "counter" | "streak">("manual");
  const [counter, setCounter] = useState(COUNTERS[0]);
  const [amount, setAmount] = useState("10");
  const [image, setImage] = useState<string | null>(null);
  const action = useAction();
  const rule = (): Rule => (ruleType === "manual" ? { type: "manual" } : ruleType === "streak" ? { type: "streak", length: Number(amount) } : { type: "counter", counter, threshold: Number(amount) });
  const submit = async (e: Event) => {
    e.preventDefault();
    const worked = await action.run(() => ok(() => api.POST("/v1/admin/badges", { body: { id: id.trim(), names, descriptions, rule: rule(), image_media_id: image, enabled: true } })), t("catalogueCreated"));
    if (worked) props.onCreated();
  };
  const label = { nl: t("langNl"), fr: t("langFr"), en: t("langEn") };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="badge-new">
      <h2 id="badge-new">{t("catalogueNew")}</h2>
      <TextField id="badge-id" label={t("catalogueId")} value={id} onInput={setId} required hint={t("catalogueIdHint")} />
      <fieldset>
        <legend>{t("catalogueNames")}</legend>
        {LANGUAGES.map((lang) => <TextField key={lang} id={`badge-name-${lang}`} label={label[lang]} value={names[lang]} onInput={(v) => setNames({ ...names, [lang]: v })} required />)}
      </fieldset>
      <fieldset>
        <legend>{t("catalogueDescriptions")}</legend>
        {LANGUAGES.map((lang) => <TextField key={lang} id={`badge-desc-${lang}`} label={label[lang]} value={descriptions[lang]} onInput={(v) => setDescriptions({ ...descriptions, [lang]: v })} />)}
      </fieldset>
      <SelectField id="badge-rule" label={t("catalogueRule")} value={ruleType} onChange={(v) => setRuleType(v as "manual")} options={[["manual", t("catalogueRuleManual")], ["counter", t("catalogueRuleCounterChoice")], ["streak", t("catalogueRuleStreakChoice")]]} />
      {ruleType === "counter" && <SelectField id="badge-counter" label={t("catalogueCounter")} value={counter} onChange={setCounter} options={COUNTERS.map((c) => [c, t(`pointAction_${c}` as "pointAction_post_published")])} />}
      {ruleType !== "manual" && <TextField id="badge-amount" label={ruleType === "streak" ? t("catalogueStreakDays") : t("catalogueThreshold")} type="number" value={amount} onInput={setAmount} required />}
      <ImagePicker id="badge-image" label={t("catalogueImage")} onReady={setImage} />
      <Feedback action={action} />
      <button type="submit" class="primary" disabled={action.busy}>{t("catalogueCreate")}</button>
    </form>
  );
}

export function AdminBadges() {
  const t = useAdminT();
  const badges = useLoad(() => ok(() => api.GET("/v1/admin/badges")));
  return (
    <>
      <ScreenTitle title={t("adminBadgesTitle")} back={[href("/manage"), t("manageTitle")]} />
      <Loading state={badges}>{(list) => <ul class="list">{list.items.map((b) => <BadgeRow key={`${b.id}-${b.enabled}`} badge={b} onDone={badges.reload} />)}</ul>}</Loading>
      <NewBadgeForm onCreated={badges.reload} />
    </>
  );
}
