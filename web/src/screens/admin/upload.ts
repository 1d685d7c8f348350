// An image straight to S3: ask the API for an upload form, post the file to it, wait until the
// media consumer has checked it (ready), and return its id for a question or a badge.
import { api, newIdempotencyKey, ok } from "../../api/client";
import { displaySized } from "../../media/displaySized";

const READY_POLLS = 30;
const POLL_MS = 500;

export async function uploadImage(picked: File, onProgress: (fraction: number) => void): Promise<string> {
  const file = await displaySized(picked);
  const form = await ok(() =>
    api.POST("/v1/media/uploads", {
      params: { header: { "Idempotency-Key": newIdempotencyKey() } },
      body: { content_type: file.type, file_name: file.name, size_bytes: file.size },
    }),
  );
  const body = new FormData();
  Object.entries(form.fields).forEach(([name, value]) => body.append(name, value));
  body.append("file", file);
  await new Promise<void>((resolve, reject) => {
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const request = new XMLHttpRequest();
    request.open("POST", form.url);
    request.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    request.onload = () => (request.status < 300 ? resolve() : reject(new Error(`upload: HTTP ${request.status}`)));
    request.onerror = () => reject(new Error("upload: network"));
    request.send(body);
  });
  onProgress(1);
  for (let poll = 0; poll < READY_POLLS; poll++) {
    const media = await ok(() => api.GET("/v1/media/{media_id}", { params: { path: { media_id: form.media_id } } }));
    if (media.status === "ready") return media.id;
    if (media.status === "rejected") throw new Error(media.rejected_reason ?? "rejected");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error("upload: not checked in time");
}
