/**
 * `conduit-sim backfill`: simulates a past range as fast as the stores take it and writes the labels
 * of the scenarios it played.
 */
import { writeFile } from 'node:fs/promises';

import { ProgressLine, type ScenarioLabel, type StoreKind, type TelemetryPoint } from '@conduit/core';

import { importFileChunk, importFileHeader } from './dryRunOutput';
import { formatProgress, type ProgressState } from './progress';
import type { ScenarioId } from './scenarios/scenario';
import { StoreWriter, type StoreTarget } from './storeWriter';
import { Timeline } from './timeline';

export interface CommandIo {
  /** Standard output; resolves when the text may be followed by more (backpressure). */
  stdout(text: string): Promise<void> | void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress redraws in place). */
  stderrIsTerminal: boolean;
}

export interface BackfillOptions {
  seed: number;
  assets: number;
  fromMs: number;
  toMs: number;
  scenarios: readonly ScenarioId[];
  /** Where the scenarios start playing; undefined plays them after the range's quiet part. */
  scenarioFromMs?: number;
  it: StoreTarget;
  ot: StoreTarget;
  /** Where the labels JSON goes; undefined writes none. */
  labelsPath?: string;
  batchSize: number;
  /** Batches in flight per store. */
  concurrency: number;
  /** Print line protocol instead of writing to the stores. */
  dryRun: boolean;
  /** Print progress to stderr. */
  progress: boolean;
}

export interface BackfillReport {
  points: Record<StoreKind, number>;
  elapsedMs: number;
  labels: ScenarioLabel[];
}

const WINDOW_MS = 60_000;

export async function runBackfill(options: BackfillOptions, io: CommandIo): Promise<BackfillReport> {
  const started = Date.now();
  const timeline = new Timeline({
    seed: options.seed,
    assets: options.assets,
    fromMs: options.fromMs,
    scenarios: options.scenarios,
    scenarioRange: { fromMs: options.fromMs, toMs: options.toMs, playFromMs: options.scenarioFromMs },
  });
  const kinds: StoreKind[] = ['it', 'ot'];
  const targets: Record<StoreKind, StoreTarget> = { it: options.it, ot: options.ot };
  const counts: Record<StoreKind, number> = { it: 0, ot: 0 };
  const progress = new ProgressLine<ProgressState>((text) => io.stderr(text), formatProgress, {
    terminal: io.stderrIsTerminal,
  });
  // Points the stores acknowledged (points printed, in a dry run).
  let written = (): number => counts.it + counts.ot;
  const state = (): ProgressState => ({
    fromMs: options.fromMs,
    toMs: options.toMs,
    simulatedMs: timeline.timeMs,
    written: written(),
    elapsedMs: Date.now() - started,
  });

  if (options.dryRun) {
    await io.stdout(importFileHeader([options.it.database, options.ot.database]));
    for (const window of timeline.windows(options.toMs, WINDOW_MS)) {
      for (const kind of kinds) {
        counts[kind] += window.points[kind].length;
        await io.stdout(importFileChunk(targets[kind].database, window.points[kind]));
      }
      if (options.progress) {
        progress.update(state());
      }
    }
  } else {
    const writers: Record<StoreKind, StoreWriter> = {
      it: new StoreWriter(options.it, { concurrency: options.concurrency, requestTimeoutMs: 120_000 }),
      ot: new StoreWriter(options.ot, { concurrency: options.concurrency, requestTimeoutMs: 120_000 }),
    };
    written = () => writers.it.written + writers.ot.written;
    await Promise.all(kinds.map((kind) => writers[kind].ensureDatabase()));
    const batches: Record<StoreKind, TelemetryPoint[]> = { it: [], ot: [] };
    const flush = async (kind: StoreKind): Promise<void> => {
      const batch = batches[kind];
      batches[kind] = [];
      counts[kind] += batch.length;
      await writers[kind].write(batch);
      // Let the sockets send what was queued before building the next batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const error = writers[kind].error;
      if (error !== undefined) {
        throw error;
      }
    };
    for (const window of timeline.windows(options.toMs, WINDOW_MS)) {
      for (const kind of kinds) {
        const batch = batches[kind];
        for (const point of window.points[kind]) {
          batch.push(point);
        }
        if (batch.length >= options.batchSize) {
          await flush(kind);
        }
      }
      if (options.progress) {
        progress.update(state());
      }
    }
    for (const kind of kinds) {
      await flush(kind);
    }
    await Promise.all(kinds.map((kind) => writers[kind].drain()));
    for (const kind of kinds) {
      const error = writers[kind].error;
      if (error !== undefined) {
        throw error;
      }
    }
  }
  if (options.progress) {
    progress.finish(state());
  }

  const labels = timeline.labels();
  if (options.labelsPath !== undefined) {
    await writeFile(options.labelsPath, JSON.stringify(timeline.labelFile(options.toMs), null, 2) + '\n');
  }
  return { points: counts, elapsedMs: Date.now() - started, labels };
}
