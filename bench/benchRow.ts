/**
 * The contract between a benchmark file and `npm run bench`: a `*.bench.ts` file default-exports
 * `async function (): Promise<BenchRow[]>`, runs in its own `node --expose-gc` process, and may use the
 * measuring functions below.
 */
export interface BenchRow {
  /** Unique across the workspace, e.g. `simulator backfill`. */
  name: string;
  value: number;
  /** What `value` counts, e.g. `records/s`, `ops/s`, `MiB`, `ms`. */
  unit: string;
  /** The same measure for the thing we compare against (same unit), or null when there is none. */
  baseline: number | null;
  /** `value / baseline`, or null without a baseline. Whether above 1 is better depends on the unit. */
  ratio: number | null;
  /** What was measured and how, in a few words (printed, not stored in results.json). */
  note?: string;
}

/** The middle of timed runs (the upper middle for an even count): one slow spell of the machine does not move it. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Builds a row with `ratio` computed from `value` and `baseline`. */
export function benchRow(name: string, value: number, unit: string, baseline: number | null, note?: string): BenchRow {
  const ratio = baseline === null || baseline === 0 ? null : value / baseline;
  return note === undefined ? { name, value, unit, baseline, ratio } : { name, value, unit, baseline, ratio, note };
}

export interface MeasureOptions {
  /** Keep calling for at least this long, after the warm-up; 500 ms by default. */
  minTimeMs?: number;
  /** Calls made before timing starts, so the JIT has compiled the hot path; 10 by default. */
  warmupCalls?: number;
}

/**
 * Calls `fn` repeatedly for at least `minTimeMs` and returns calls per second. Calls are timed in
 * growing batches so that the clock is read rarely for fast functions.
 */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<number> {
  const minTimeNs = BigInt(Math.round((options.minTimeMs ?? 500) * 1e6));
  for (let i = 0; i < (options.warmupCalls ?? 10); i++) {
    await fn();
  }
  let calls = 0;
  let batch = 1;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < minTimeNs) {
    for (let i = 0; i < batch; i++) {
      // Awaiting a non-promise would add a microtask per call and distort fast synchronous functions.
      const result = fn();
      if (result instanceof Promise) {
        await result;
      }
    }
    calls += batch;
    batch *= 2;
    elapsed = process.hrtime.bigint() - start;
  }
  return calls / (Number(elapsed) / 1e9);
}

/** The shortest of `runs` timed calls of `fn`, in milliseconds: for work too long to call many times. */
export function bestOfMs(fn: () => unknown, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

/**
 * `bestOfMs` of several functions whose times are compared, run in turns (one call of each per round), so that a
 * slow spell of a shared machine weighs on all of them rather than on whichever ran during it.
 */
export function bestOfInTurnsMs(fns: ReadonlyArray<() => unknown>, rounds: number): number[] {
  const best = fns.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    fns.forEach((fn, i) => {
      best[i] = Math.min(best[i], bestOfMs(fn, 1));
    });
  }
  return best;
}

/**
 * Bytes of heap still in use after `build` ran, with garbage collected before and after: the memory
 * that what `build` returned keeps alive. Needs `--expose-gc`, which `npm run bench` passes.
 */
export async function heapUsedDelta<T>(build: () => T | Promise<T>): Promise<{ bytes: number; result: T }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    throw new Error('heapUsedDelta needs node --expose-gc: run benchmarks with npm run bench');
  }
  gc();
  const before = process.memoryUsage().heapUsed;
  const result = await build();
  gc();
  const after = process.memoryUsage().heapUsed;
  return { bytes: after - before, result };
}
