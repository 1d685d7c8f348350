import { api, ok } from "../api/client";
import { Status, Title, useLoad } from "../components/common";
import { formatDate, formatNumber, useT } from "../i18n";

export function Progress() {
  const t = useT();
  const points = useLoad(() => ok(() => api.GET("/v1/me/points")), []);
  const mine = useLoad(() => ok(() => api.GET("/v1/me/badges")), []);
  const catalogue = useLoad(() => ok(() => api.GET("/v1/badges")), []);
  const ledger = useLoad(() => ok(() => api.GET("/v1/me/points/ledger", { params: { query: { limit: 10 } } })), []);
  const p = points.data;
  return (
    <>
      <Title>{t("progressTitle")}</Title>
      <Status state={points} />
      {p && (
        <div class="grid">
          <div class="card">
            <h2>{t("points")}</h2>
            <p class="stat">{formatNumber(p.points)}</p>
          </div>
          <div class="card">
            <h2>{t("level", { level: p.level.number })}</h2>
            <p>{p.level.name}</p>
            {p.level.next_level_at !== null && (
              <>
                <progress max={p.level.next_level_at - p.level.threshold} value={p.points - p.level.threshold} aria-label={t("nextLevel", { points: p.level.next_level_at - p.points })} />
                <p class="hint">{t("nextLevel", { points: formatNumber(p.level.next_level_at - p.points) })}</p>
              </>
            )}
          </div>
          <div class="card">
            <h2>{t("streak")}</h2>
            <p class="stat">{t("streakDays", { days: p.streak.current })}</p>
            <p class="hint">{t("longestStreak", { days: p.streak.longest })}</p>
          </div>
        </div>
      )}
      <h2>{t("badges")}</h2>
      <Status state={catalogue} />
      {catalogue.data?.items.length === 0 && <p>{t("badgesEmpty")}</p>}
      <ul class="grid list">
        {catalogue.data?.items.map((b) => {
          const earned = mine.data?.items.find((m) => m.id === b.id);
          return (
            <li key={b.id} class={`card${earned ? "" : " muted"}`}>
              {b.image_url && <img src={b.image_url} alt="" width="48" height="48" />}
              <h3>{b.name}</h3>
              <p>{b.description}</p>
              <p class="hint">{earned ? t("earnedOn", { date: formatDate(earned.awarded_at) }) : t("notEarned")}</p>
            </li>
          );
        })}
      </ul>
      <h2>{t("ledger")}</h2>
      <ul class="list">
        {ledger.data?.items.map((entry) => (
          <li key={entry.source_id + entry.action}>
            <strong>+{entry.points}</strong> {entry.reason} <span class="meta">· {formatDate(entry.at)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
