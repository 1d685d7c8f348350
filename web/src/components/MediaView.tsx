// An attachment: the image, or a video player (native controls: seeking works on the signed URL).
import { api, ok } from "../api/client";
import type { Schemas } from "../api/client";
import { useT } from "../i18n";
import { useLoad } from "./common";

export function MediaView(props: { attachment: Schemas["Attachment"] }) {
  const t = useT();
  const media = useLoad(() => ok(() => api.GET("/v1/media/{media_id}", { params: { path: { media_id: props.attachment.id } } })), [props.attachment.id]);
  const url = media.data?.url;
  const name = media.data?.file_name ?? props.attachment.kind;
  if (!url) return media.data ? <p class="muted">{name}</p> : null;
  if (props.attachment.kind === "video") {
    return (
      <video controls preload="metadata" playsInline src={url} aria-label={t("videoOf", { name })}>
        <a href={url}>{name}</a>
      </video>
    );
  }
  if (props.attachment.kind === "image") return <img src={url} alt={t("photoOf", { name })} loading="lazy" />;
  return <a href={url}>{name}</a>;
}
