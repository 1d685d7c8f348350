import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { Board } from "../components/Board";
import { Status, Title, useLoad } from "../components/common";
import { useT, type Key } from "../i18n";

type Period = "week" | "quarter" | "all";
type View = "everyone" | "aroundMe" | "teams";

export function Leaderboards() {
  const t = useT();
  const [period, setPeriod] = useState<Period>("week");
  const [view, setView] = useState<View>("everyone");
  const board = useLoad(() => {
    const query = { params: { query: { period, limit: 50 } } };
    if (view === "teams") return ok(() => api.GET("/v1/leaderboards/teams", query));
    if (view === "aroundMe") return ok(() => api.GET("/v1/leaderboards/organisation/around-me", { params: { query: { period } } }));
    return ok(() => api.GET("/v1/leaderboards/organisation", query));
  }, [period, view]);
  const periods: [Period, Key][] = [["week", "week"], ["quarter", "quarter"], ["all", "allTime"]];
  const views: [View, Key][] = [["everyone", "navLeaderboards"], ["aroundMe", "aroundMe"], ["teams", "teams"]];
  return (
    <>
      <Title>{t("leaderboardsTitle")}</Title>
      <div class="segmented" role="group" aria-label={t("leaderboardsTitle")}>
        {periods.map(([value, key]) => (
          <button key={value} type="button" aria-pressed={period === value} onClick={() => setPeriod(value)}>{t(key)}</button>
        ))}
      </div>
      <div class="segmented" role="group" aria-label={t("aroundMe")}>
        {views.map(([value, key]) => (
          <button key={value} type="button" aria-pressed={view === value} onClick={() => setView(value)}>{t(key)}</button>
        ))}
      </div>
      <Status state={board} />
      {board.data && <Board board={board.data} caption={t("leaderboardsTitle")} />}
    </>
  );
}
