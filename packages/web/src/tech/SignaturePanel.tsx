import { createSignal, onMount, Show } from "solid-js";
import { t } from "../i18n";
import type { Job } from "./data";
import { canvasPng } from "./image";
import { record } from "./outbox";
import type { Entry } from "./store";

/**
 * The customer signs with a finger (or a mouse, or a pen) on a canvas: pointer events with capture,
 * so a stroke that leaves the box keeps drawing; `touch-action: none` (tech.css) stops the page
 * scrolling under the finger. Clear starts again; Save queues the PNG with the signer's name.
 */
export function SignaturePanel(props: { job: Job; pending: Entry[] }) {
  let canvas: HTMLCanvasElement | undefined;
  const [drawn, setDrawn] = createSignal(false);
  const [name, setName] = createSignal("");
  const [problem, setProblem] = createSignal<string>();
  let last: { x: number; y: number } | undefined;

  const signed = () => {
    const waiting = props.pending.find(
      (entry) => entry.change.kind === "file" && entry.change.fileKind === "signature",
    );
    if (waiting?.change.kind === "file") return waiting.change.signerName ?? "";
    const sent = props.job.attachments.find((file) => file.kind === "signature");
    return sent ? (sent.signerName ?? "") : undefined;
  };

  const context = () => canvas?.getContext("2d") ?? undefined;

  /** The canvas draws at device pixels, so strokes stay sharp on a phone's dense screen. */
  const fit = () => {
    if (!canvas) return;
    const ratio = window.devicePixelRatio || 1;
    const box = canvas.getBoundingClientRect();
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    const ctx = context();
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, box.width, box.height);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111827";
    setDrawn(false);
  };
  onMount(fit);

  const point = (event: PointerEvent) => {
    const box = canvas?.getBoundingClientRect();
    return { x: event.clientX - (box?.left ?? 0), y: event.clientY - (box?.top ?? 0) };
  };
  const down = (event: PointerEvent) => {
    canvas?.setPointerCapture(event.pointerId);
    last = point(event);
    const ctx = context();
    ctx?.beginPath();
    ctx?.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
    ctx?.fill();
    setDrawn(true);
  };
  const move = (event: PointerEvent) => {
    if (!last) return;
    const ctx = context();
    const next = point(event);
    ctx?.beginPath();
    ctx?.moveTo(last.x, last.y);
    ctx?.lineTo(next.x, next.y);
    ctx?.stroke();
    last = next;
  };
  const up = () => {
    last = undefined;
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!canvas) return;
    if (!drawn()) return setProblem(t("tech.signature.empty"));
    if (!name().trim()) return setProblem(t("tech.signature.nameRequired"));
    setProblem(undefined);
    const png = await canvasPng(canvas);
    const ref = crypto.randomUUID();
    const capturedAt = new Date().toISOString();
    await record(
      props.job.id,
      {
        kind: "file",
        fileKind: "signature",
        blobId: `signature:${ref}`,
        filename: "signature.png",
        contentType: "image/png",
        size: png.size,
        capturedAt,
        signerName: name().trim(),
      },
      [{ id: `signature:${ref}`, blob: png }],
      ref,
    );
    fit();
    setName("");
  };

  return (
    <section class="tech-card" aria-labelledby="signature-title">
      <h2 id="signature-title">{t("tech.signature.title")}</h2>
      <Show when={signed() !== undefined}>
        <p class="tech-done" role="status">
          {t("tech.signature.saved", { name: signed() ?? "" })}
        </p>
      </Show>
      <form class="tech-form" onSubmit={save}>
        <canvas
          ref={canvas}
          class="tech-signature"
          role="img"
          aria-label={t("tech.signature.pad")}
          data-testid="signature-pad"
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
        />
        <label for="signer-name">{t("tech.signature.signer")}</label>
        <input
          id="signer-name"
          type="text"
          autocomplete="name"
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <Show when={problem()}>
          <p class="field-error" role="alert">
            {problem()}
          </p>
        </Show>
        <div class="tech-row">
          <button type="button" class="btn btn-secondary tech-btn" onClick={fit}>
            {t("tech.signature.clear")}
          </button>
          <button type="submit" class="btn btn-primary tech-btn">
            {t("tech.signature.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
