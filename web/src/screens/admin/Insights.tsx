// What an author sees of a published lesson or video: completions, the reaction score, and per card
// how many answered it, how many dropped off before it, how its question is answered and how its poll
// was voted. The figures come from the stream, so a vote cast a moment ago may still be on its way.
import { api, ok } from "../../api/client";
import { Loading, useLoad } from "./common";
import { useAdminT, type AdminKey } from "./i18n";

export function ContentInsights(props: { contentId: string }) {
  const t = useAdminT();
  const insights = useLoad(
    () => ok(() => api.GET("/v1/learning/{content_id}/insights", { params: { path: { content_id: props.contentId } } })),
    [props.contentId],
  );
  return (
    <Loading state={insights}>
      {(found) => (
        <>
          <h1>{t("insightsTitle", { title: found.title })}</h1>
          <p>
            {t("insightsCompleted", { count: found.completed })} · {t("insightsScore", { score: found.score })}
          </p>
          <p class="meta">
            {(["useful", "learned", "outdated", "question"] as const).map((r) => `${t(`insightsReaction_${r}` as AdminKey)} ${found.reactions[r]}`).join(" · ")}
          </p>
          <ol class="list insights-cards">
            {found.cards.map((card) => (
              <li key={card.card_id} data-card={card.card_id}>
                <h2>{card.prompt || card.card_id}</h2>
                <p class="meta">
                  {t("insightsAnswered", { count: card.answered })}
                  {card.drop_off > 0 && ` · ${t("insightsDropOff", { count: card.drop_off })}`}
                  {card.correct != null && ` · ${t("insightsCorrect", { count: card.correct })}`}
                </p>
                {card.options && (
                  <ul class="poll-results">
                    {card.options.map((o) => (
                      <li key={o.option_id} class="poll-result">
                        <span>{t("insightsVotes", { option: o.text, votes: o.votes })}</span>
                        <meter min={0} max={Math.max(1, card.answered)} value={o.votes} aria-hidden="true" />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </Loading>
  );
}
