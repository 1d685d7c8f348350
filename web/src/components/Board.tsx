import type { Schemas } from "../api/client";
import { formatNumber, useT } from "../i18n";

/** A leaderboard as a table; the member's own row is marked. */
export function Board(props: { board: Schemas["Leaderboard"]; caption: string }) {
  const t = useT();
  const b = props.board;
  return (
    <>
      {b.me && <p class="stat" role="status">{t("yourPlace", { rank: b.me.rank })}</p>}
      {b.me && !b.me.visible && <p class="muted">{t("optedOutNote")}</p>}
      {b.items.length === 0 ? (
        <p>{t("leaderboardEmpty")}</p>
      ) : (
        <table>
          <caption class="sr-only">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rank")}</th>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("points")}</th>
            </tr>
          </thead>
          <tbody>
            {b.items.map((place) => (
              <tr key={place.id} class={place.is_me ? "me" : ""} aria-current={place.is_me ? "true" : undefined}>
                <td>{place.rank}</td>
                <td>{place.name}{place.is_me && ` (${t("you")})`}</td>
                <td>{formatNumber(place.points ?? Number(place.score))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
