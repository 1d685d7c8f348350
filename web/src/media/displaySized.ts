// Photos sized for display before they are uploaded: a phone's photo (12 MP, 3-5 MB) becomes at
// most 1290 px on its longest side at quality 0.8 (100-200 KB), turned the way the camera
// held it (the EXIF orientation is applied, then dropped with the rest of the metadata, the
// location included). The learner waits less and spends less data, on the upload and on every
// view (Kring serves what was uploaded; bench/cost.py MEDIA prices it). GIFs (they may move),
// videos and anything the browser cannot decode go as they are; a photo already small goes as it
// is; the upload policy (types, sizes, the consumer's check) applies to what is sent.
//
// 1290 px: a wall image is at most the width of the column, 398 CSS px on the widest phones (430
// minus the margins), 1,194 device pixels at DPR 3; a portrait photo 1290 px tall is 968 px wide
// there, DPR 2.4, and a landscape one fills a 672 px desktop column at DPR 1.9. WebP where the
// browser encodes it (Chromium, Firefox), else JPEG (Safari): on the browser journey's 8 MP
// photo-like picture, 113 KB and 189 KB, where 1600 px JPEG was 281 KB (docs/benchmarks.md).
export const MAX_SIDE_PX = 1290;
export const QUALITY = 0.8;
const SMALL_BYTES = 400_000; // within the side limit and this light: sending it as is costs little
const RESIZABLE = new Set(["image/jpeg", "image/png", "image/webp"]);

function encode(canvas: HTMLCanvasElement, type: string): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, QUALITY));
}

export async function displaySized(file: File): Promise<File> {
  if (!RESIZABLE.has(file.type) || typeof createImageBitmap !== "function") return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return file; // not decodable here: the server's check decides
  }
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    if (longest <= MAX_SIDE_PX && file.size <= SMALL_BYTES) return file;
    const scale = Math.min(1, MAX_SIDE_PX / longest);
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext("2d");
    if (!context) return file;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    // WebP where the browser encodes it (toBlob falls back to PNG elsewhere): a photo then becomes
    // a JPEG; a PNG (which may be transparent) stays PNG, and the original is kept unless larger.
    let blob = await encode(canvas, "image/webp");
    if (blob?.type !== "image/webp" && file.type === "image/jpeg") blob = await encode(canvas, "image/jpeg");
    if (!blob || !RESIZABLE.has(blob.type) || blob.size >= file.size) return file;
    const extension = blob.type.split("/")[1].replace("jpeg", "jpg");
    const name = file.name.replace(/\.[^.]*$/, "") + "." + extension;
    return new File([blob], name, { type: blob.type, lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}
