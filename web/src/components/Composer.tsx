// Write a post: text with @mentions of community members, skill tags, photos and videos uploaded
// straight to S3 with the API's presigned POST (a progress bar per file).
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ok, type Community, type Post, type Schemas } from "../api/client";
import { sendOrQueue } from "../api/outbox";
import { problemOf } from "../api/problems";
import { displaySized } from "../media/displaySized";
import { useT } from "../i18n";
import { Notice, errorText } from "./common";

interface Upload {
  key: string;
  name: string;
  progress: number;
  mediaId?: string;
  processing?: boolean;
  error?: string;
}

const PROCESSING_POLL_MS = 1000;
const PROCESSING_LIMIT_MS = 120_000;

/** The media consumer checks an upload (type, size) before a post may carry it: wait for its verdict. */
async function whenProcessed(mediaId: string): Promise<Schemas["Media"]> {
  const deadline = Date.now() + PROCESSING_LIMIT_MS;
  for (;;) {
    const media = await ok(() => api.GET("/v1/media/{media_id}", { params: { path: { media_id: mediaId } } }));
    if (media.status !== "pending" || Date.now() > deadline) return media;
    await new Promise((resolve) => setTimeout(resolve, PROCESSING_POLL_MS));
  }
}

function postToS3(form: Schemas["UploadForm"], file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    data.append("file", file);
    const request = new XMLHttpRequest();
    request.open("POST", form.url);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => (request.status < 300 ? resolve() : reject(new Error(`S3 ${request.status}`)));
    request.onerror = () => reject(new Error("network"));
    request.send(data);
  });
}

type MemberOption = { id: string; name: string };

export function Composer(props: { communities: Community[]; onPosted: (post?: Post) => void }) {
  const t = useT();
  const [communityId, setCommunityId] = useState(props.communities[0]?.id ?? "");
  const [body, setBody] = useState("");
  const [tags, setTags] = useState("");
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [notice, setNotice] = useState("");
  const [members, setMembers] = useState<MemberOption[]>([]);
  const [query, setQuery] = useState<string | null>(null);
  const text = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!communityId && props.communities[0]) setCommunityId(props.communities[0].id);
  }, [props.communities]);

  useEffect(() => {
    if (!communityId || !navigator.onLine) return;
    ok(() => api.GET("/v1/communities/{community_id}/members", { params: { path: { community_id: communityId }, query: { limit: 100 } } }))
      .then((page) => setMembers(page.items.filter((m) => m.status === "active").map((m) => ({ id: m.user_id, name: m.display_name }))))
      .catch(() => setMembers([]));
  }, [communityId]);

  const onBodyInput = (value: string) => {
    setBody(value);
    const caret = text.current?.selectionStart ?? value.length;
    const match = /@([\p{L}\p{N} .'-]{0,30})$/u.exec(value.slice(0, caret));
    setQuery(match ? match[1].toLowerCase() : null);
  };

  const mention = (member: MemberOption) => {
    const caret = text.current?.selectionStart ?? body.length;
    const before = body.slice(0, caret).replace(/@[\p{L}\p{N} .'-]{0,30}$/u, "");
    setBody(`${before}@[${member.name}](user:${member.id}) ${body.slice(caret)}`);
    setQuery(null);
    text.current?.focus();
  };

  const attach = async (files: FileList | null) => {
    for (const picked of Array.from(files ?? [])) {
      const key = crypto.randomUUID();
      const set = (patch: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));
      setUploads((all) => [...all, { key, name: picked.name, progress: 0 }]);
      try {
        const file = await displaySized(picked);
        const form = await ok(() =>
          api.POST("/v1/media/uploads", { body: { content_type: file.type || "application/octet-stream", size_bytes: file.size, file_name: file.name } }),
        );
        await postToS3(form, file, (progress) => set({ progress }));
        set({ progress: 1, processing: true });
        const media = await whenProcessed(form.media_id);
        if (media.status === "ready") set({ mediaId: media.id, processing: false });
        else set({ error: media.rejected_reason ?? media.status, processing: false });
      } catch (error) {
        set({ error: errorText(error) });
      }
    }
  };

  const suggestions = query === null ? [] : members.filter((m) => m.name.toLowerCase().includes(query)).slice(0, 6);
  const ready = uploads.every((u) => u.mediaId || u.error);

  return (
    <form
      class="card"
      aria-labelledby="composer-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!body.trim() || !communityId || !ready) return;
        const skill_tags = tags.split(",").map((tag) => tag.trim().toLowerCase().replace(/^#/, "")).filter(Boolean);
        const media_ids = uploads.flatMap((u) => (u.mediaId ? [u.mediaId] : []));
        try {
          const sent = await sendOrQueue({ method: "POST", url: `/v1/communities/${communityId}/posts`, body: { body, skill_tags, media_ids }, label: t("writePost") });
          if (!sent.queued && !sent.response.ok) {
            const problem = await problemOf(sent.response);
            return setNotice(t("errorGeneric", { detail: problem.detail ?? String(sent.response.status) }));
          }
          setBody("");
          setTags("");
          setUploads([]);
          setNotice(sent.queued ? t("queued") : t("posted"));
          props.onPosted(sent.queued ? undefined : ((await sent.response.json()) as Post));
        } catch (error) {
          setNotice(t("errorGeneric", { detail: errorText(error) }));
        }
      }}
    >
      <h2 id="composer-title">{t("writePost")}</h2>
      {props.communities.length > 1 && (
        <div class="field">
          <label for="composer-community">{t("navCommunities")}</label>
          <select id="composer-community" value={communityId} onChange={(e) => setCommunityId((e.target as HTMLSelectElement).value)}>
            {props.communities.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
      )}
      <div class="field">
        <label for="composer-body">{t("postBody")}</label>
        <textarea
          id="composer-body"
          ref={text}
          value={body}
          maxLength={5000}
          aria-describedby="composer-hint"
          onInput={(e) => onBodyInput((e.target as HTMLTextAreaElement).value)}
        />
        <p id="composer-hint" class="hint">{t("mentionHint")}</p>
        {suggestions.length > 0 && (
          <ul class="list" aria-label={t("mentionSuggestions")}>
            {suggestions.map((m) => (
              <li key={m.id}>
                <button type="button" class="link" onClick={() => mention(m)}>@{m.name}</button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="field">
        <label for="composer-tags">{t("skillTags")}</label>
        <input id="composer-tags" value={tags} onInput={(e) => setTags((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="composer-file">{t("attach")}</label>
        <input id="composer-file" type="file" accept="image/*,video/*" multiple onChange={(e) => void attach((e.target as HTMLInputElement).files)} />
      </div>
      {uploads.map((u, i) => (
        <div key={u.key} class="field">
          <label for={`upload-${i}`}>{u.error ? t("uploadFailed", { detail: u.error }) : u.mediaId ? t("uploadDone", { name: u.name }) : u.processing ? t("processing", { name: u.name }) : t("uploading", { name: u.name })}</label>
          <progress id={`upload-${i}`} max={1} value={u.progress} />
          <button type="button" class="link" onClick={() => setUploads(uploads.filter((_, j) => j !== i))}>{t("removeAttachment", { name: u.name })}</button>
        </div>
      ))}
      <button type="submit" class="primary" disabled={!ready}>{t("publish")}</button>
      <Notice text={notice} />
    </form>
  );
}
