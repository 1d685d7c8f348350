// A photo or a short video from the author's device for a lesson card: it uploads with a progress
// bar, shows what was chosen (a preview and its name) with a button to take it off again, and hands
// the ready media's id on. Authors never see or type the id itself.
import { useEffect, useState } from "preact/hooks";
import { problemText } from "./common";
import { uploadImage } from "./upload";
import { useAdminT } from "./i18n";

// The image and video types the API's media rules accept (chalicelib/media/rules.py).
const ACCEPT = "image/png,image/jpeg,image/webp,image/gif,video/mp4,video/quicktime,video/webm";

export function MediaPicker(props: { id: string; label: string; hint: string; mediaId: string; onChange: (mediaId: string) => void }) {
  const t = useAdminT();
  const [progress, setProgress] = useState<number | null>(null);
  const [state, setState] = useState("");
  const [error, setError] = useState("");
  const [chosen, setChosen] = useState<{ name: string; url: string; video: boolean } | null>(null);
  // The local copy shown as a preview is released when it is replaced or the card goes away.
  useEffect(() => () => { if (chosen) URL.revokeObjectURL(chosen.url); }, [chosen]);

  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setError("");
    if (!file) return;
    setState(t("imageUploading"));
    try {
      const id = await uploadImage(file, setProgress);
      setChosen({ name: file.name, url: URL.createObjectURL(file), video: file.type.startsWith("video/") });
      setState(t("imageUploaded", { name: file.name }));
      props.onChange(id);
    } catch (caught) {
      setState("");
      setError(problemText(caught, t));
    } finally {
      setProgress(null);
      input.value = "";
    }
  };
  const remove = () => {
    setChosen(null);
    setState("");
    props.onChange("");
  };

  return (
    <div class="field">
      {props.mediaId ? <p><strong>{props.label}</strong></p> : <label for={props.id}>{props.label}</label>}
      {props.mediaId ? (
        <div class="row">
          {chosen && !chosen.video && <img src={chosen.url} alt="" width={96} />}
          {chosen?.video && <video src={chosen.url} width={160} muted preload="metadata" />}
          <span>{chosen ? chosen.name : t("lessonCardMediaAttached")}</span>
          <button type="button" onClick={remove}>{t("lessonCardMediaRemove")}</button>
        </div>
      ) : (
        <>
          <input id={props.id} type="file" accept={ACCEPT} aria-describedby={`${props.id}-hint`} onChange={(e) => void pick(e.target as HTMLInputElement)} />
          <p id={`${props.id}-hint`} class="hint">{props.hint}</p>
        </>
      )}
      {progress !== null && <progress value={progress} max={1} aria-label={t("imageUploading")} />}
      <p role="status" class="hint">{state}</p>
      {error && <p role="alert" class="error">{error}</p>}
    </div>
  );
}
