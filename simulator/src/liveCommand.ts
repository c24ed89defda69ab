/**
 * `conduit-sim live`: the plant in real time. Every second the points of that second go to the stores;
 * a store that is down does not stop the plant: its points are dropped and counted, and every ten
 * seconds stderr says how many could not be written and where.
 */
import { writeFile } from 'node:fs/promises';

import { shownUrl, type StoreKind, type TelemetryPoint } from '@conduit/core';

import type { CommandIo } from './backfillCommand';
import type { ScenarioId } from './scenarios/scenario';
import { StoreWriter, type StoreTarget } from './storeWriter';
import { Timeline } from './timeline';

export interface LiveOptions {
  seed: number;
  assets: number;
  scenarios: readonly ScenarioId[];
  /** Scenarios are spread over this much time from the start, after its quiet first part. */
  spanMs: number;
  it: StoreTarget;
  ot: StoreTarget;
  labelsPath?: string;
  batchSize: number;
  concurrency: number;
  /** Seconds between status reports. */
  reportEverySeconds: number;
}

const count = new Intl.NumberFormat('en-US');
// A request unanswered for this long counts as failed, so a hung store is noticed within a report.
const REQUEST_TIMEOUT_MS = 5_000;

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Runs until `stop` resolves; returns the exit code. */
export async function runLive(options: LiveOptions, io: CommandIo, stop: Promise<void>): Promise<number> {
  const startMs = Math.floor(Date.now() / 1000) * 1000;
  const timeline = new Timeline({
    seed: options.seed,
    assets: options.assets,
    fromMs: startMs,
    scenarios: options.scenarios,
    scenarioRange: { fromMs: startMs, toMs: startMs + options.spanMs },
  });
  const kinds: StoreKind[] = ['it', 'ot'];
  const writers: Record<StoreKind, StoreWriter> = {
    it: new StoreWriter(options.it, { concurrency: options.concurrency, requestTimeoutMs: REQUEST_TIMEOUT_MS }),
    ot: new StoreWriter(options.ot, { concurrency: options.concurrency, requestTimeoutMs: REQUEST_TIMEOUT_MS }),
  };
  const ready: Record<StoreKind, boolean> = { it: false, ot: false };
  const reported: Record<StoreKind, { written: number; failed: number }> = {
    it: { written: 0, failed: 0 },
    ot: { written: 0, failed: 0 },
  };
  let labelsText = '';

  const ensureDatabases = async (): Promise<void> => {
    await Promise.all(
      kinds
        .filter((kind) => !ready[kind])
        .map(async (kind) => {
          try {
            await writers[kind].ensureDatabase();
            ready[kind] = true;
          } catch {
            // Reported with the write failures; tried again at the next report.
          }
        })
    );
  };

  const writeLabels = async (): Promise<void> => {
    if (options.labelsPath === undefined) {
      return;
    }
    const text = JSON.stringify(timeline.labelFile(timeline.timeMs), null, 2) + '\n';
    if (text !== labelsText) {
      labelsText = text;
      try {
        await writeFile(options.labelsPath, text);
      } catch (error) {
        io.stderr(
          `live: cannot write labels to ${options.labelsPath}: ${error instanceof Error ? error.message : String(error)}\n`
        );
      }
    }
  };

  const report = (): void => {
    const parts: string[] = [];
    for (const kind of kinds) {
      const w = writers[kind];
      const written = w.written - reported[kind].written;
      const failed = w.failed - reported[kind].failed;
      reported[kind] = { written: w.written, failed: w.failed };
      let part = `${kind.toUpperCase()} ${shownUrl(w.target.url)}: ${count.format(written)} written`;
      if (failed > 0) {
        part += `, ${count.format(failed)} could not be written (${w.lastError ?? 'unknown error'})`;
      } else if (!ready[kind]) {
        part += `, database ${w.target.database} not created yet`;
      }
      parts.push(part);
    }
    io.stderr(`live ${stamp(timeline.timeMs)} | ${parts.join(' | ')}\n`);
  };

  const send = (points: Record<StoreKind, TelemetryPoint[]>): void => {
    for (const kind of kinds) {
      const list = points[kind];
      for (let i = 0; i < list.length; i += options.batchSize) {
        writers[kind].offer(list.slice(i, i + options.batchSize), options.concurrency * 2);
      }
    }
  };

  io.stderr(
    `live: plant of ${timeline.plant.assets.length} assets, seed ${options.seed}, from ${stamp(startMs)}; ` +
      `scenarios: ${timeline.plan.map((p) => `${p.id} at ${stamp(p.startMs)}`).join(', ') || 'none'}\n`
  );
  await ensureDatabases();

  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  let nextReport = Date.now() + options.reportEverySeconds * 1000;
  while (!stopped) {
    const now = Date.now();
    const second = Math.floor(now / 1000) * 1000;
    send(timeline.advance(second));
    if (now >= nextReport) {
      nextReport += options.reportEverySeconds * 1000;
      await ensureDatabases();
      report();
      await writeLabels();
    }
    const wait = second + 1000 - Date.now();
    await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)))]);
  }

  // Give batches in flight a moment, then say what happened.
  await Promise.race([
    Promise.all(kinds.map((kind) => writers[kind].drain())),
    new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS).unref()),
  ]);
  report();
  await writeLabels();
  io.stderr('live: stopped\n');
  return 0;
}
