/** The longest side of a photo as sent, and its JPEG quality: a few hundred KB for a phone camera's 12 MP. */
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;

function canvasBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((done, fail) =>
    canvas.toBlob(
      (blob) => (blob ? done(blob) : fail(new Error("the browser could not encode the image"))),
      type,
      quality,
    ),
  );
}

/**
 * Shrinks a camera photo in the browser before it is queued: at most PHOTO_MAX_SIDE pixels on its long
 * side, re-encoded as JPEG at PHOTO_QUALITY (which also drops the EXIF block, location included).
 * `createImageBitmap` applies the EXIF orientation, so portrait shots stay upright.
 */
export async function compressPhoto(file: Blob, maxSide = PHOTO_MAX_SIDE, quality = PHOTO_QUALITY): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2D canvas");
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await canvasBlob(canvas, "image/jpeg", quality);
  } finally {
    bitmap.close();
  }
}

/** The small copy kept on the phone for the job's photo strip (a few KB). */
export const thumbnail = (photo: Blob): Promise<Blob> => compressPhoto(photo, 192, 0.7);

/** A signature pad's drawing as a PNG (lossless: strokes stay crisp). */
export const canvasPng = (canvas: HTMLCanvasElement): Promise<Blob> => canvasBlob(canvas, "image/png");

interface Detector {
  detect(source: ImageBitmapSource): Promise<Array<{ rawValue: string }>>;
}
type DetectorClass = new (options?: { formats: string[] }) => Detector;

/** Whether this browser reads barcodes itself (Chrome on Android does; desktop browsers mostly not). */
export const canScan = (): boolean => "BarcodeDetector" in globalThis;

/**
 * The first barcode (Code 128, QR, Data Matrix… as printed on ONT labels) in a photo of the label,
 * or undefined. A photo, not a live camera stream: the portal's Permissions-Policy keeps the camera
 * API off, and the file input's `capture` opens the phone's own camera without it.
 */
export async function readBarcode(photo: Blob): Promise<string | undefined> {
  const Barcode = (globalThis as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (!Barcode) return undefined;
  const bitmap = await createImageBitmap(photo);
  try {
    const found = await new Barcode().detect(bitmap);
    return found[0]?.rawValue.trim() || undefined;
  } finally {
    bitmap.close();
  }
}
