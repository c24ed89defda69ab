/**
 * `conduit-analyze --once` and `--follow`: the analyzer service run from the command line, with its progress,
 * warnings and summary on standard error, optional Prometheus metrics, and a clean stop on SIGINT or SIGTERM
 * (the pass under way finishes, so what is recorded as covered is whole).
 */
import type { StoreKind, ZoneModel } from '@conduit/core';

import { serveMetrics, metricsText } from './analyzerMetrics';
import { Analyzer, analyzerSummary, DEFAULT_ANALYZER_TIMING } from './analyzerService';
import { type CommandIo, errorMessage, EXIT_ERROR, EXIT_OK } from './commandIo';
import type { InfluxStore } from './influxStore';

export interface AnalyzerCommandOptions {
  model: ZoneModel;
  stores: Partial<Record<StoreKind, InfluxStore>>;
  /** With two users: the OT store signed in as the one that may write, for the results. */
  results?: InfluxStore;
  shard: string;
  intervalMs: number;
  lagMs: number;
  start?: number;
  /** Set for --once: analyse up to here and exit. */
  until?: number;
  chainMaxGapMs?: number;
  metricsPort?: number;
}

/** Failures in a row after which a single pass over a range gives up (following never does). */
const ONCE_GIVE_UP_AFTER = 4;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

export async function runAnalyzer(io: CommandIo, options: AnalyzerCommandOptions): Promise<number> {
  const log = (line: string): void => io.stderr(`conduit-analyze: ${line}\n`);
  const ot = options.stores.ot;
  if (ot === undefined) {
    log('the analyzer writes to the OT store: give --ot-url and --ot-db');
    return EXIT_ERROR;
  }
  const once = options.until !== undefined;
  const stop = new AbortController();
  const onSignal = (): void => {
    log('stopping after the pass under way');
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const analyzer = new Analyzer(
    {
      ...DEFAULT_ANALYZER_TIMING,
      model: options.model,
      stores: { ...options.stores, ot },
      ...(options.results === undefined ? {} : { results: options.results }),
      shard: options.shard,
      intervalMs: options.intervalMs,
      lagMs: options.lagMs,
      resume: !once,
      ...(options.start === undefined ? {} : { start: options.start }),
      ...(options.until === undefined ? {} : { until: options.until, giveUpAfter: ONCE_GIVE_UP_AFTER }),
      ...(options.chainMaxGapMs === undefined ? {} : { chainMaxGapMs: options.chainMaxGapMs }),
    },
    { clock: Date.now, sleep, log, signal: stop.signal }
  );
  let metrics: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  try {
    if (options.metricsPort !== undefined) {
      try {
        metrics = await serveMetrics(options.metricsPort, '0.0.0.0', () =>
          metricsText(analyzer.state, options.shard, Date.now())
        );
        log(`metrics at http://0.0.0.0:${metrics.port}/metrics`);
      } catch (error) {
        log(`cannot serve metrics on port ${options.metricsPort}: ${errorMessage(error)}`);
        return EXIT_ERROR;
      }
    }
    log(
      once
        ? `analysing shard "${options.shard}" once`
        : `following shard "${options.shard}" every ${options.intervalMs / 1000} s, ${options.lagMs / 1000} s behind`
    );
    const state = await analyzer.run();
    log(analyzerSummary(state));
    const incomplete = once && (state.analysedTo ?? Number.NEGATIVE_INFINITY) < (options.until ?? 0);
    return incomplete && !stop.signal.aborted ? EXIT_ERROR : EXIT_OK;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    metrics?.server.close();
  }
}
