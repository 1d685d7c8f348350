// Choose an image, see it upload with a progress bar, and hand its media id on once it is ready.
import { useState } from "preact/hooks";
import { problemText } from "./common";
import { uploadImage } from "./upload";
import { useAdminT } from "./i18n";

export function ImagePicker(props: { id: string; label: string; onReady: (mediaId: string | null) => void }) {
  const t = useAdminT();
  const [progress, setProgress] = useState<number | null>(null);
  const [state, setState] = useState("");
  const [error, setError] = useState("");
  const pick = async (file: File | undefined) => {
    setError("");
    props.onReady(null);
    if (!file) return;
    setState(t("imageUploading"));
    try {
      const id = await uploadImage(file, setProgress);
      props.onReady(id);
      setState(t("imageUploaded", { name: file.name }));
    } catch (caught) {
      setState("");
      setError(problemText(caught, t));
    } finally {
      setProgress(null);
    }
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(e) => void pick((e.target as HTMLInputElement).files?.[0])} />
      {progress !== null && <progress value={progress} max={1} aria-label={t("imageUploading")} />}
      <p role="status" class="hint">{state}</p>
      {error && <p role="alert" class="error">{error}</p>}
    </div>
  );
}
