/**
 * The always-on analyzer behind `conduit-analyze --follow` and `--once`: passes over the stores on a schedule,
 * each reading the pass's range and the learning period before it as aggregates, running the core's one analysis,
 * and writing findings, chains, risk, zone-pair flows and the hourly flow rollup back to the OT store (the
 * contract's analysis measurements, docs/data-contract.md), then a `conduit_analysis` point that records the
 * covered range.
 *
 * Every write is idempotent (a record's series and time come from its stable id), so a restart, an overlapping
 * pass or a second instance of the same shard rewrites the same points instead of adding any. The learning
 * window is the stored period before each pass, so a restart loses no baseline. When a store fails, the pass is
 * retried with a growing pause and the analysis resumes where it stopped, so an outage leaves no gap.
 */
import {
  analysePlant,
  analysisPassPoint,
  analysisResumePoint,
  analysisResumeQuery,
  type Chain,
  compareFindings,
  chainPoint,
  DEFAULT_BUCKET_MS,
  DEFAULT_CORRELATION_OPTIONS,
  type DetectionConfig,
  detectionConfig,
  encodePoint,
  type Finding,
  findingPoint,
  FLOW_ROLLUP_MS,
  flowRollupHours,
  flowRollupPoints,
  learningObservationRange,
  joinObservations,
  MAX_ANALYSIS_PASS_MS,
  type Observations,
  observationQueries,
  observationsWithin,
  observationsFromInfluxResults,
  replacedChainPoints,
  riskPoints,
  standingChainsFrom,
  type StoreKind,
  storedChainsQuery,
  storedFindingsFrom,
  storedFindingsQuery,
  type TelemetryPoint,
  type TimeRange,
  zoneFlowPoints,
  type ZoneModel,
} from '@conduit/core';

import { errorMessage } from './commandIo';
import { type InfluxStore, StoreError } from './influxStore';
import { observationsFromStores } from './storeObservations';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WRITE_BATCH = 5000;

export interface AnalyzerSettings {
  model: ZoneModel;
  /** The stores read; the analyzer's own records (coverage, recent findings) are read from the OT store. */
  stores: Partial<Record<StoreKind, InfluxStore>> & { ot: InfluxStore };
  /** Where the results are written: the OT store's database, through a user that may write (the OT store itself by default). */
  results?: InfluxStore;
  /** Names this instance's share of the plant in `conduit_analysis`; instances of one shard share their coverage. */
  shard: string;
  /** Time between passes, and the grid their ends fall on. */
  intervalMs: number;
  /** How far behind the clock a pass ends, for telemetry that arrives late. */
  lagMs: number;
  /** Each pass reports again the findings that started this long before it, which later data may complete. */
  settleMs: number;
  /** Longest range of one pass while catching up. */
  maxPassMs: number;
  /** Findings this far back are correlated with the new ones into chains and weighed by the risk snapshot. */
  chainLookbackMs: number;
  chainMaxGapMs?: number;
  /** Where to start when the shard has no pass stored yet (or always, without `resume`); `now` by default. */
  start?: number;
  /** Continue after the shard's latest stored pass (following); a single pass over a range starts at `start`. */
  resume: boolean;
  /** Stop once analysed up to here (`--once`); follow the clock when undefined. */
  until?: number;
  /** First pause after a failure; doubled after each further one, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Stop after this many failures in a row (a single pass over a range); keep retrying when undefined. */
  giveUpAfter?: number;
}

export const DEFAULT_ANALYZER_TIMING = {
  intervalMs: MINUTE,
  lagMs: 2 * MINUTE,
  settleMs: 30 * MINUTE,
  maxPassMs: MAX_ANALYSIS_PASS_MS,
  chainLookbackMs: 24 * HOUR,
  backoffMs: 5000,
  maxBackoffMs: 5 * MINUTE,
} as const;

/** What /metrics reports (analyzerMetrics.ts) and the summary says. */
export interface AnalyzerState {
  passes: number;
  failures: number;
  findingsWritten: number;
  chainsWritten: number;
  pointsWritten: number;
  /** End of the analysed range (exclusive), once known. */
  analysedTo?: number;
  analysedFrom?: number;
  /** Clock time of the last pass that succeeded. */
  lastSuccess?: number;
  lastError?: string;
}

export interface AnalyzerRuntime {
  clock: () => number;
  /** Resolves after `ms`, or early when the signal aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  log: (line: string) => void;
  signal: AbortSignal;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export class Analyzer {
  readonly state: AnalyzerState = { passes: 0, failures: 0, findingsWritten: 0, chainsWritten: 0, pointsWritten: 0 };
  private readonly config: DetectionConfig;
  /**
   * The last read's observations from its learning window up to the next pass's settle window: data there is not
   * expected to change (a pass reports again only its settle window's findings), so the next pass reads from the
   * stores only what follows instead of its whole learning window again.
   */
  private settled?: Observations;

  constructor(
    private readonly settings: AnalyzerSettings,
    private readonly runtime: AnalyzerRuntime
  ) {
    this.config = detectionConfig(settings.model);
  }

  /** Passes until `until` is reached or the signal aborts; resolves with the state. Never throws. */
  async run(): Promise<AnalyzerState> {
    const { settings, runtime } = this;
    let backoff = settings.backoffMs;
    let cursor: number | undefined;
    let failuresInARow = 0;
    while (!runtime.signal.aborted) {
      try {
        cursor ??= await this.resumePoint();
        this.state.analysedFrom ??= cursor;
        this.state.analysedTo = cursor;
        const end = this.passEnd();
        if (cursor >= end) {
          if (settings.until !== undefined) {
            break;
          }
          // Until the clock, less the lag, reaches the next interval boundary after the cursor: a start within
          // the lag of now waits for its first pass rather than asking again at once.
          const due = cursor + settings.intervalMs + settings.lagMs;
          await runtime.sleep(Math.max(1000, due - runtime.clock()), runtime.signal);
          continue;
        }
        const window = { from: cursor, to: Math.min(end, cursor + settings.maxPassMs) };
        await this.pass(window);
        cursor = window.to;
        this.state.analysedTo = cursor;
        backoff = settings.backoffMs;
        failuresInARow = 0;
      } catch (error) {
        this.state.failures++;
        failuresInARow++;
        this.state.lastError = errorMessage(error);
        const where = cursor === undefined ? 'before the first pass' : `analysed up to ${iso(cursor)}`;
        // A store that refuses the user (HTTP 401 or 403, InfluxDB's answers) refuses it again: a single pass stops.
        const refused = error instanceof StoreError && (error.status === 401 || error.status === 403);
        if (settings.giveUpAfter !== undefined && (refused || failuresInARow >= settings.giveUpAfter)) {
          const why = refused ? 'the store refuses this user' : `${failuresInARow} failures in a row`;
          runtime.log(`${this.state.lastError}; ${where}, giving up: ${why}`);
          break;
        }
        runtime.log(`${this.state.lastError}; ${where}, retrying in ${seconds(backoff)}`);
        await runtime.sleep(backoff, runtime.signal);
        backoff = Math.min(backoff * 2, settings.maxBackoffMs);
      }
    }
    return this.state;
  }

  /** Where the next pass ends at the latest: the last interval boundary behind the lag, or `until`. */
  private passEnd(): number {
    const { settings } = this;
    if (settings.until !== undefined) {
      return settings.until;
    }
    const behind = this.runtime.clock() - settings.lagMs;
    return Math.floor(behind / settings.intervalMs) * settings.intervalMs;
  }

  private async resumePoint(): Promise<number> {
    const { settings } = this;
    // A given start falls back onto the grid of pass ends, so passes cover whole intervals.
    const start =
      settings.start === undefined ? undefined : Math.floor(settings.start / settings.intervalMs) * settings.intervalMs;
    if (!settings.resume) {
      return start ?? this.passEnd();
    }
    const [answer] = await settings.stores.ot.query(analysisResumeQuery(settings.shard));
    const stored = analysisResumePoint({ results: [answer] });
    if (stored !== undefined) {
      this.runtime.log(`resuming shard "${settings.shard}" after ${iso(stored)}`);
      return stored;
    }
    return start ?? this.passEnd();
  }

  private async pass(window: TimeRange): Promise<void> {
    const started = Date.now();
    const { settings } = this;
    const { model } = settings;
    const report = { from: window.from - settings.settleMs, to: window.to };
    const observations = await this.observe(
      learningObservationRange(report, this.config),
      Math.floor((window.to - settings.settleMs) / DEFAULT_BUCKET_MS) * DEFAULT_BUCKET_MS
    );
    const detected = analysePlant({ model, observations, config: this.config, report, learning: 'periods' });
    const recent = await this.storedFindings({ from: window.to - settings.chainLookbackMs, to: report.from });
    const findings = mergeFindings(recent, detected.findings);
    const weighed = analysePlant({
      model,
      observations,
      report: { from: window.to - settings.chainLookbackMs, to: window.to },
      findings,
      ...(settings.chainMaxGapMs === undefined ? {} : { chainMaxGapMs: settings.chainMaxGapMs }),
    });
    const correlated = weighed.chains();
    const replaced = await this.replacedChains(window, correlated);
    // A chain that replaces a stored one is written even when it ended before this pass, so the mark names a record.
    const replacing = new Set(replaced.map((mark) => mark.fields.replaced_by));
    const chains = correlated.filter((chain: Chain) => chain.end >= report.from || replacing.has(chain.id));
    const risk = weighed.risk();
    for (const problem of [...detected.problems, ...risk.warnings]) {
      this.runtime.log(`warning: ${problem}`);
    }
    const points: TelemetryPoint[] = [
      ...detected.findings.map(findingPoint),
      ...chains.map((chain) => chainPoint(chain, settings.shard)),
      ...replaced,
      ...riskPoints(risk),
      ...zoneFlowPoints(observations, model, window),
    ];
    const rollup = await this.flowRollup(window);
    points.push(...rollup.points);
    await this.write(points);
    const inWindow = detected.findings.filter((f) => f.time >= window.from).length;
    // The pass's own record goes last: a range counts as covered only once everything of it is stored.
    await this.write([
      analysisPassPoint({
        shard: settings.shard,
        range: window,
        findings: inWindow,
        chains: chains.length,
        durationMs: Date.now() - started,
        flowRollupHours: rollup.hours,
      }),
    ]);
    this.state.passes++;
    this.state.findingsWritten += detected.findings.length;
    this.state.chainsWritten += chains.length;
    this.state.pointsWritten += points.length + 1;
    this.state.lastSuccess = this.runtime.clock();
    this.runtime.log(
      `analysed ${iso(window.from)} to ${iso(window.to)}: ${inWindow} findings, ${chains.length} chains, ` +
        `${risk.assets.length + risk.zones.length} risk rows, ${points.length} points in ${seconds(Date.now() - started)}`
    );
  }

  /**
   * The observations of `range`: those kept from the last read, and the rest read from the stores. What lies before
   * `settledTo` is kept for the next pass.
   */
  private async observe(range: TimeRange, settledTo: number): Promise<Observations> {
    const { settled } = this;
    const kept =
      settled !== undefined &&
      settled.range.from <= range.from &&
      settled.range.to > range.from &&
      settled.range.to < range.to
        ? observationsWithin(settled, { from: range.from, to: settled.range.to })
        : undefined;
    const read = await observationsFromStores(this.settings.stores, {
      from: kept?.range.to ?? range.from,
      to: range.to,
      bucketMs: DEFAULT_BUCKET_MS,
    });
    if ('error' in read) {
      throw new Error(read.error);
    }
    for (const problem of read.problems) {
      this.runtime.log(`warning: ${problem}`);
    }
    const observations = kept === undefined ? read.observations : joinObservations(kept, read.observations);
    this.settled = observationsWithin(observations, { from: range.from, to: settledTo });
    return observations;
  }

  /**
   * The hourly flow rollup of the hours that end within the pass: each store's flows of those hours per series and
   * hour, read from the store in hourly buckets (the pass's own read is in finer ones).
   */
  private async flowRollup(window: TimeRange): Promise<{ hours: number; points: TelemetryPoint[] }> {
    const hours = flowRollupHours(window);
    if (hours === undefined) {
      return { hours: 0, points: [] };
    }
    const planned = observationQueries({ ...hours, bucketMs: FLOW_ROLLUP_MS });
    const flowQuery = 'error' in planned ? undefined : planned.queries.find((query) => query.measurement === 'flow');
    if (flowQuery === undefined) {
      throw new Error(`cannot build the flow rollup's query: ${'error' in planned ? planned.error : 'no flow query'}`);
    }
    const points: TelemetryPoint[] = [];
    for (const kind of flowQuery.stores) {
      const store = this.settings.stores[kind];
      if (store === undefined) {
        continue;
      }
      const answer = await store.query(flowQuery.influxql);
      const read = observationsFromInfluxResults([{ results: answer }], { ...hours, bucketMs: FLOW_ROLLUP_MS });
      for (const problem of read.problems) {
        this.runtime.log(`warning: flow rollup: ${problem}`);
      }
      points.push(...flowRollupPoints(read.observations.flows, kind));
    }
    return { hours: (hours.to - hours.from) / FLOW_ROLLUP_MS, points };
  }

  /**
   * Marks for the shard's stored chains that this pass's correlation no longer has. Only chains that start a full
   * chain gap after the lookback's start are judged: an earlier one may have lost a first step the lookback cut off.
   */
  private async replacedChains(window: TimeRange, correlated: readonly Chain[]): Promise<TelemetryPoint[]> {
    const { settings } = this;
    const maxGapMs = settings.chainMaxGapMs ?? DEFAULT_CORRELATION_OPTIONS.maxGapMs;
    const range = { from: window.to - settings.chainLookbackMs + maxGapMs, to: window.to };
    if (range.to <= range.from) {
      return [];
    }
    const answer = await settings.stores.ot.query(storedChainsQuery(range, settings.shard));
    return replacedChainPoints(standingChainsFrom([{ results: answer }]), correlated, settings.shard);
  }

  private async storedFindings(range: TimeRange): Promise<Finding[]> {
    if (range.to <= range.from) {
      return [];
    }
    const answer = await this.settings.stores.ot.query(storedFindingsQuery(range));
    const read = storedFindingsFrom([{ results: answer }]);
    for (const problem of read.problems) {
      this.runtime.log(`warning: ${problem}`);
    }
    return read.findings;
  }

  private async write(points: readonly TelemetryPoint[]): Promise<void> {
    for (let i = 0; i < points.length; i += WRITE_BATCH) {
      const lines = points.slice(i, i + WRITE_BATCH).map(encodePoint);
      await (this.settings.results ?? this.settings.stores.ot).write(lines.join('\n'));
    }
  }
}

/** Stored findings and new ones, the new one winning for an id both have. */
function mergeFindings(stored: readonly Finding[], fresh: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const finding of [...stored, ...fresh]) {
    byId.set(finding.id, finding);
  }
  return [...byId.values()].sort(compareFindings);
}

/** One line for the end of a run. */
export function analyzerSummary(state: AnalyzerState): string {
  const range =
    state.analysedFrom !== undefined && state.analysedTo !== undefined && state.analysedTo > state.analysedFrom
      ? `analysed ${iso(state.analysedFrom)} to ${iso(state.analysedTo)}`
      : 'nothing analysed';
  return (
    `${state.passes} passes, ${range}: ${state.findingsWritten} findings and ${state.chainsWritten} chains written ` +
    `(${state.pointsWritten} points), ${state.failures} failures`
  );
}
