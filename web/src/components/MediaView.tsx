// An attachment: the image, or a video player (native controls: seeking works on the signed URL).
// The answer that showed the post carries a signed URL for it: no request of its own. A fresh URL is
// asked for (GET /v1/media/{id}) only when the answer carried none (a post published before URLs
// were carried), when it has expired, or when loading it fails (the screen stayed open past expiry).
import { useEffect, useState } from "preact/hooks";
import { api, ok } from "../api/client";
import type { Schemas } from "../api/client";
import { useT } from "../i18n";

type Shown = { url: string | null | undefined; expiresAt: string | null | undefined; name: string | null | undefined };

const expired = (at: string | null | undefined) => !at || Date.parse(at) <= Date.now();

export function MediaView(props: { attachment: Schemas["Attachment"] }) {
  const t = useT();
  const a = props.attachment;
  const carried: Shown = { url: a.url, expiresAt: a.url_expires_at, name: a.file_name };
  // How many fresh URLs were asked for since this attachment was shown.
  const [asked, setAsked] = useState(a.url && !expired(a.url_expires_at) ? 0 : 1);
  const [fresh, setFresh] = useState<Shown | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setAsked(a.url && !expired(a.url_expires_at) ? 0 : 1);
    setFresh(null);
  }, [a.id, a.url]);
  useEffect(() => {
    if (asked === 0) return;
    let current = true;
    ok(() => api.GET("/v1/media/{media_id}", { params: { path: { media_id: a.id } } }))
      .then((media) => current && setFresh({ url: media.url, expiresAt: media.url_expires_at, name: media.file_name }))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [a.id, asked]);
  const shown = asked === 0 ? carried : fresh;
  // A URL that fails to load is replaced once it has expired; the carried one is checked once anyway.
  const onError = () => {
    if (shown && (asked === 0 || expired(shown.expiresAt))) setAsked(asked + 1);
  };
  const url = shown?.url;
  const name = shown?.name ?? carried.name ?? a.kind;
  if (!url) return shown || failed ? <p class="muted">{name}</p> : null;
  if (a.kind === "video") {
    return (
      <video controls preload="metadata" playsInline src={url} aria-label={t("videoOf", { name })} onError={onError}>
        <a href={url}>{name}</a>
      </video>
    );
  }
  if (a.kind === "image") return <img src={url} alt={t("photoOf", { name })} loading="lazy" onError={onError} />;
  return <a href={url}>{name}</a>;
}
