// "For you" on the learner's home: what to learn next, each card with the reason it is there
// (the rules are transparent: my team completed it, someone I follow wrote it, it trains a skill
// of my communities), and my refreshers due, linking to today's session.
import { api, ok, type Schemas } from "../api/client";
import { useLoad } from "../components/common";
import { language, useT, type Key } from "../i18n";
import { href } from "../router";
import { useStore } from "../store";

type Reason = Schemas["ForYouReason"];
type Item = Schemas["ForYouItem"];

function names(people: string[], t: ReturnType<typeof useT>): string {
  if (people.length <= 2) return people.join(t("forYouAnd"));
  return t("forYouNamesAndOthers", { first: people[0], count: people.length - 1 });
}

export function reasonText(reason: Reason, t: ReturnType<typeof useT>): string {
  const people = names(reason.people, t);
  const keys: Record<Reason["kind"], Key> = {
    team_completed: reason.people.length === 1 ? "forYouTeamOne" : "forYouTeamMany",
    followed_author: "forYouFollowed",
    community_skill: "forYouSkill",
  };
  return t(keys[reason.kind], {
    people,
    skills: reason.skills.map((skill) => `#${skill}`).join(", "),
    communities: reason.communities.join(", "),
  });
}

function ForYouCard(props: { item: Item }) {
  const t = useT();
  const { content, reasons } = props.item;
  return (
    <li class="card for-you">
      <h3><a href={href(`/${content.kind}s/${content.content_id}`)}>{content.title}</a></h3>
      <p class="reason">{reasonText(reasons[0], t)}</p>
      {reasons.length > 1 && <p class="meta">{reasons.slice(1).map((r) => reasonText(r, t)).join(" · ")}</p>}
      <p class="meta">{t("lessonMinutes", { minutes: content.estimated_minutes })}</p>
    </li>
  );
}

export function ForYou() {
  const t = useT();
  const lang = useStore(language);
  const found = useLoad(() => ok(() => api.GET("/v1/me/for-you", { params: { query: { language: lang } } })), [lang]);
  const due = found.data?.refreshers_due ?? 0;
  const items = found.data?.items ?? [];
  // The home feed comes first: "for you" shows once it has something, and stays out of the way if it fails.
  if (!found.data || (due === 0 && items.length === 0)) return null;
  return (
    <section aria-labelledby="for-you-title">
      <h2 id="for-you-title">{t("forYouTitle")}</h2>
      {due > 0 && (
        <p class="banner">
          <a href={href("/refreshers")}>{due === 1 ? t("refreshersDueOne") : t("refreshersDueMany", { count: due })}</a>
          <span class="reason"> · {t("forYouRefreshersReason")}</span>
        </p>
      )}
      {items.length > 0 && <ul class="list">{items.map((item) => <ForYouCard key={item.content.content_id} item={item} />)}</ul>}
    </section>
  );
}
