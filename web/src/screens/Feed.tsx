import { useT } from "../i18n";

export function Feed() {
  const t = useT();
  return <h1>{t("homeFeed")}</h1>;
}
