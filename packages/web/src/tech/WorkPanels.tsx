import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import { t } from "../i18n";
import { clock, type Job, techApi } from "./data";
import { canScan, readBarcode } from "./image";
import { mine, record, syncedVersion } from "./outbox";
import { type Entry, setTimer, timerOf } from "./store";

const minutes = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/** Today at "HH:MM" on this phone's clock, as an instant. */
function todayAt(time: string): string {
  const [h, m] = time.split(":").map(Number);
  const at = new Date();
  at.setHours(h ?? 0, m ?? 0, 0, 0);
  return at.toISOString();
}

/**
 * Worklogs: a timer (its start is a row in IndexedDB, so it survives a reload or a dead battery) or
 * a span typed by hand; either becomes one queued worklog with its client ref.
 */
export function TimePanel(props: { job: Job }) {
  const [logs, { refetch }] = createResource(() => props.job.id, techApi.worklogs);
  createEffect(on(syncedVersion, () => void refetch(), { defer: true }));
  const [timer, { mutate }] = createResource(() => props.job.id, timerOf);
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const [problem, setProblem] = createSignal<string>();
  const waiting = () =>
    mine().flatMap((entry) =>
      entry.workOrderId === props.job.id && entry.change.kind === "worklog"
        ? [{ ref: entry.ref, ...entry.change }]
        : [],
    );

  const start = async () => {
    const startedAt = new Date().toISOString();
    await setTimer(props.job.id, startedAt);
    mutate({ workOrderId: props.job.id, startedAt });
  };
  const stop = async () => {
    const running = timer();
    if (!running) return;
    await record(props.job.id, { kind: "worklog", startedAt: running.startedAt, endedAt: new Date().toISOString() });
    await setTimer(props.job.id, null);
    mutate(undefined);
  };
  const addManual = async (event: SubmitEvent) => {
    event.preventDefault();
    const startedAt = todayAt(from());
    const endedAt = todayAt(to());
    if (!from() || !to() || Date.parse(endedAt) <= Date.parse(startedAt)) return setProblem(t("tech.time.badRange"));
    setProblem(undefined);
    await record(props.job.id, { kind: "worklog", startedAt, endedAt });
    setFrom("");
    setTo("");
  };
  const line = (log: { startedAt: string; endedAt: string }) =>
    t("tech.time.logged", {
      from: clock(log.startedAt),
      to: clock(log.endedAt),
      minutes: String(minutes(log.startedAt, log.endedAt)),
    });
  const kept = () => (logs.latest ?? []).filter((log) => !log.removed);

  return (
    <section class="tech-card" aria-labelledby="time-title">
      <h2 id="time-title">{t("tech.time.title")}</h2>
      <Show when={kept().length + waiting().length > 0} fallback={<p class="tech-muted">{t("tech.time.empty")}</p>}>
        <ul class="tech-list">
          <For each={kept()}>{(log) => <li>{line(log)}</li>}</For>
          <For each={waiting()}>
            {(log) => (
              <li class="tech-waiting">
                {line(log)} · <span class="tech-muted">{t("tech.time.waiting")}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show
        when={timer()}
        fallback={
          <button type="button" class="btn btn-secondary tech-btn" onClick={start}>
            {t("tech.time.start")}
          </button>
        }
      >
        {(running) => (
          <>
            <p class="tech-done" role="status">
              {t("tech.time.running", { time: clock(running().startedAt) })}
            </p>
            <button type="button" class="btn btn-primary tech-btn" onClick={stop}>
              {t("tech.time.stop")}
            </button>
          </>
        )}
      </Show>
      <details class="tech-more">
        <summary>{t("tech.time.manual")}</summary>
        <form class="tech-form" onSubmit={addManual}>
          <div class="tech-row">
            <div class="tech-field">
              <label for="time-from">{t("tech.time.from")}</label>
              <input id="time-from" type="time" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
            </div>
            <div class="tech-field">
              <label for="time-to">{t("tech.time.to")}</label>
              <input id="time-to" type="time" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
            </div>
          </div>
          <Show when={problem()}>
            <p class="field-error" role="alert">
              {problem()}
            </p>
          </Show>
          <button type="submit" class="btn btn-secondary tech-btn">
            {t("tech.time.add")}
          </button>
        </form>
      </details>
    </section>
  );
}

/** The job's reserved material lines; "Use" queues a consumption of the typed quantity. */
export function MaterialsPanel(props: { job: Job }) {
  const [lines, { refetch }] = createResource(() => props.job.id, techApi.materials);
  createEffect(on(syncedVersion, () => void refetch(), { defer: true }));
  const waitingOf = (lineId: string) =>
    mine().reduce(
      (sum, entry) =>
        entry.workOrderId === props.job.id && entry.change.kind === "consume" && entry.change.lineId === lineId
          ? sum + entry.change.quantity
          : sum,
      0,
    );

  return (
    <section class="tech-card" aria-labelledby="materials-title">
      <h2 id="materials-title">{t("tech.materials.title")}</h2>
      <Show when={(lines.latest ?? []).length > 0} fallback={<p class="tech-muted">{t("tech.materials.empty")}</p>}>
        <ul class="tech-list">
          <For each={lines.latest ?? []}>
            {(line) => {
              const [quantity, setQuantity] = createSignal("1");
              const use = async (event: SubmitEvent) => {
                event.preventDefault();
                const amount = Number(quantity());
                if (!Number.isInteger(amount) || amount < 1) return;
                await record(props.job.id, { kind: "consume", lineId: line.id, quantity: amount, name: line.name });
              };
              return (
                <li>
                  <p>
                    <strong>{line.name}</strong> <span class="tech-muted">{line.sku}</span>
                  </p>
                  <p class="tech-muted">
                    {t("tech.materials.reserved", {
                      used: String(line.consumedQuantity),
                      quantity: String(line.quantity),
                      unit: line.unit,
                    })}
                    <Show when={waitingOf(line.id) > 0}>
                      {" · "}
                      {t("tech.materials.waiting", { quantity: String(waitingOf(line.id)) })}
                    </Show>
                  </p>
                  <Show when={!line.serialized} fallback={<p class="tech-muted">{t("tech.materials.bySerial")}</p>}>
                    <form class="tech-row" onSubmit={use}>
                      <input
                        type="number"
                        min="1"
                        step="1"
                        inputmode="numeric"
                        class="tech-qty"
                        aria-label={t("tech.materials.quantity", { name: line.name })}
                        value={quantity()}
                        onInput={(e) => setQuantity(e.currentTarget.value)}
                      />
                      <button type="submit" class="btn btn-secondary tech-btn">
                        {t("tech.materials.use")}
                      </button>
                    </form>
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </section>
  );
}

/** ONT and router serials: typed, or read from a photo of the label where the browser has BarcodeDetector. */
export function SerialsPanel(props: { job: Job; pending: Entry[] }) {
  const [serial, setSerial] = createSignal("");
  const [note, setNote] = createSignal<string>();
  const [sentHere, setSentHere] = createSignal<string[]>([]);
  const waiting = () => props.pending.flatMap((entry) => (entry.change.kind === "serial" ? [entry.change.serial] : []));
  const shown = () => [...new Set([...sentHere(), ...waiting()])];

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = serial().trim();
    if (!value) return;
    await record(props.job.id, { kind: "serial", serial: value });
    setSentHere([...sentHere(), value]);
    setSerial("");
  };
  const scan = async (input: HTMLInputElement) => {
    const photo = input.files?.[0];
    input.value = "";
    if (!photo) return;
    setNote(t("tech.serials.scanning"));
    const found = await readBarcode(photo).catch(() => undefined);
    if (found) setSerial(found);
    setNote(found ? undefined : t("tech.serials.noBarcode"));
  };

  return (
    <section class="tech-card" aria-labelledby="serials-title">
      <h2 id="serials-title">{t("tech.serials.title")}</h2>
      <Show when={shown().length > 0}>
        <ul class="tech-list">
          <For each={shown()}>
            {(value) => (
              <li classList={{ "tech-waiting": waiting().includes(value) }}>
                <code>{value}</code> ·{" "}
                <span class="tech-muted">
                  {waiting().includes(value) ? t("tech.serials.waiting") : t("tech.serials.recorded")}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="tech-form" onSubmit={add}>
        <label for="serial">{t("tech.serials.label")}</label>
        <input
          id="serial"
          type="text"
          autocapitalize="characters"
          autocomplete="off"
          spellcheck={false}
          value={serial()}
          onInput={(e) => setSerial(e.currentTarget.value)}
        />
        <Show when={note()}>
          <p class="tech-muted" role="status">
            {note()}
          </p>
        </Show>
        <div class="tech-row">
          <Show when={canScan()}>
            <label class="btn btn-secondary tech-btn">
              <input
                type="file"
                accept="image/*"
                capture="environment"
                class="sr-only"
                onChange={(e) => void scan(e.currentTarget)}
              />
              {t("tech.serials.scan")}
            </label>
          </Show>
          <button type="submit" class="btn btn-primary tech-btn" disabled={!serial().trim()}>
            {t("tech.serials.add")}
          </button>
        </div>
      </form>
    </section>
  );
}
