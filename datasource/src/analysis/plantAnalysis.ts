/**
 * The analysis behind the topology, risk, findings and chains queries: what the analyzer stored where it covered
 * the range, the detectors' findings where it did not, and risk and attack chains over them, the same core calls
 * as `conduit-analyze`. Each query reads only the telemetry it needs (findings and chains none, the topology the
 * range's flows and assets, risk none when the analyzer stored it), and one analysis per range, bucket and need
 * is shared by every query of a refresh, so the detectors run once however many panels show their results.
 */
import {
  ANALYZER_FOLLOWING_MS,
  analysedRanges,
  analysePlant,
  analysisPassesQuery,
  type Chain,
  compareFindings,
  coverageOf,
  DEFAULT_BUCKET_MS,
  emptyObservations,
  type DetectionConfig,
  type Finding,
  flowReadPlan,
  flowRollupQuery,
  learningObservationRange,
  MAX_ANALYSIS_PASS_MS,
  type Observations,
  type ObservedMeasurement,
  observationsFromInfluxResults,
  pendingTail,
  type RiskAssessment,
  type RiskPoint,
  rolledUpHours,
  sortObservations,
  storedFindingsFrom,
  storedFindingsQuery,
  storedRiskFrom,
  storedRiskQuery,
  type TimeRange,
  type ZoneModel,
} from '@conduit/core';
import { forkJoin, map, type Observable, of, switchMap } from 'rxjs';

import { readInfluxAnswer } from './influxAnswer';
import { ShareCache } from './shareCache';
import type { ObservationSource, StoreObservations } from './storeObservations';

/**
 * What a query needs of the analysis: findings and chains need no telemetry of the range, the topology its flows
 * and assets, risk at the range's end every measurement (none when the analyzer stored it), risk over time all.
 */
export type AnalysisNeed = 'findings' | 'topology' | 'risk' | 'riskOverTime';

const MEASUREMENTS_NEEDED: Readonly<Record<AnalysisNeed, readonly ObservedMeasurement[] | undefined>> = {
  findings: [],
  topology: ['flow', 'asset'],
  risk: undefined,
  riskOverTime: undefined,
};

export interface PlantAnalysis {
  from: number;
  to: number;
  bucketMs: number;
  model: ZoneModel;
  /** The range's observations the need asked for (the other measurements empty), in the range's bucket. */
  observations: Observations;
  /** Findings starting in the range, each learning period judged against the one before it. */
  findings: Finding[];
  /** One message per store that failed, naming it; the analysis covers the other store only. */
  storeErrors: string[];
  /** What could not be read or computed in full (answers, detectors, settings). */
  problems: string[];
  statements: string[];
  /** Where the findings of each part of the range came from, for the query inspector. */
  sources: string[];
  /** Risk at the end of the range; its `warnings` say what the risk model could not use. */
  risk(): RiskAssessment;
  riskOverTime(bucketMs: number): RiskPoint[];
  chains(): Chain[];
}

export interface AnalysisSettings {
  model: ZoneModel;
  detection: DetectionConfig;
  /** Settings the model reader ignored, reported with every analysis. */
  warnings: string[];
  chainMaxGapMs?: number;
  /** Whether the OT store, where the analyzer stores its results, is configured. */
  otConfigured: boolean;
}

const ANALYSIS_TTL_MS = 5000;
const ANALYSIS_MAX_ENTRIES = 20;

/** What the analyzer stored for a range. */
export interface StoredFindings {
  findings: Finding[];
  /** The covered parts of the range. */
  covered: TimeRange[];
  /**
   * The hours the analyzer's flow rollup holds, from the passes read for the range: they may start before it, as the
   * topology reads whole buckets.
   */
  rolledUp: TimeRange[];
  /** The end of the range that the analyzer, following the plant, has not reached yet: neither read nor computed. */
  pending?: TimeRange;
  /** Risk near the range's end (or now) as the analyzer stored it: its latest snapshot within ANALYZER_FOLLOWING_MS. */
  risk?: RiskAssessment;
  problems: string[];
  statements: string[];
}

const NOTHING_STORED: StoredFindings = { findings: [], covered: [], rolledUp: [], problems: [], statements: [] };

/** What the analyzer's passes over a range say of it (see `StoredFindings` for the fields). */
interface AnalyzerPasses {
  statement?: string;
  covered: TimeRange[];
  rolledUp: TimeRange[];
  pending?: TimeRange;
}

const NO_PASSES: AnalyzerPasses = { covered: [], rolledUp: [] };

function within(finding: Finding, parts: readonly TimeRange[]): boolean {
  return parts.some((part) => finding.time >= part.from && finding.time < part.to);
}

/**
 * Where the analyzer's latest risk snapshot for a range is looked for: the minutes before its end, or before now
 * when the range ends in the future (no pass has run there yet).
 */
function riskSnapshotWindow(range: TimeRange, now: number): TimeRange {
  const end = Math.min(range.to, Math.max(range.from, now));
  return { from: end - ANALYZER_FOLLOWING_MS, to: end };
}

function shown(part: TimeRange): string {
  return `${new Date(part.from).toISOString()} to ${new Date(part.to).toISOString()}`;
}

/** The parts of a range to compute: those the analyzer neither covered nor is about to cover. */
function partsToCompute(range: TimeRange, stored: StoredFindings): TimeRange[] {
  const known = stored.pending === undefined ? stored.covered : [...stored.covered, stored.pending];
  return coverageOf(range, known).computed;
}

/**
 * The core's analysis of a range. Findings come from the analyzer's stored results where it covered the range,
 * and for the rest from the learning read (those parts and the learning periods before them, in the detectors'
 * bucket, see learningPeriods.ts), so they do not depend on the range shown and equal what the analyzer stores.
 * Risk is the analyzer's snapshot when there is one; it and chains and topology are otherwise computed over the
 * range's own read and those findings.
 */
export function analyse(
  settings: AnalysisSettings,
  range: StoreObservations,
  learning: StoreObservations | undefined,
  stored: StoredFindings,
  bucketMs: number
): PlantAnalysis {
  const { model } = settings;
  const { observations } = range;
  const report = { from: observations.range.from, to: observations.range.to };
  const computed = partsToCompute(report, stored);
  const detected =
    learning === undefined || computed.length === 0
      ? undefined
      : analysePlant({
          model,
          observations: learning.observations,
          config: settings.detection,
          report: { from: computed[0].from, to: computed[computed.length - 1].to },
          learning: 'periods',
        });
  const findings = [
    ...stored.findings.filter((finding) => within(finding, stored.covered)),
    ...(detected?.findings ?? []).filter((finding) => within(finding, computed)),
  ].sort(compareFindings);
  const analysis = analysePlant({
    model,
    observations,
    report,
    findings,
    ...(settings.chainMaxGapMs === undefined ? {} : { chainMaxGapMs: settings.chainMaxGapMs }),
  });
  const reads = learning === undefined ? [range] : [range, learning];
  const { risk, pending } = stored;
  return {
    from: report.from,
    to: report.to,
    bucketMs,
    model,
    observations,
    findings: analysis.findings,
    storeErrors: unique(reads.map((read) => read.storeErrors)),
    problems: unique([
      settings.warnings,
      ...reads.map((read) => read.problems),
      stored.problems,
      detected?.problems ?? [],
    ]),
    statements: [
      ...range.statements,
      ...(learning?.statements ?? []).map((statement) => `learning ${statement}`),
      ...stored.statements,
    ],
    sources: [
      ...(range.sources ?? []),
      ...stored.covered.map((part) => `findings stored by the analyzer: ${shown(part)}`),
      ...computed.map((part) => `findings computed from telemetry: ${shown(part)}`),
      ...(pending === undefined ? [] : [`not analysed yet (the analyzer is following): ${shown(pending)}`]),
      ...(risk === undefined ? [] : [`risk stored by the analyzer at ${new Date(risk.at).toISOString()}`]),
    ],
    risk: risk === undefined ? analysis.risk : () => risk,
    riskOverTime: analysis.riskOverTime,
    chains: analysis.chains,
  };
}

export class PlantAnalyst {
  private readonly analyses: ShareCache<PlantAnalysis>;

  constructor(
    private readonly settings: AnalysisSettings,
    private readonly source: ObservationSource,
    now?: () => number
  ) {
    this.analyses = new ShareCache<PlantAnalysis>({ ttlMs: ANALYSIS_TTL_MS, maxEntries: ANALYSIS_MAX_ENTRIES, now });
  }

  analyse(from: number, to: number, bucketMs: number, need: AnalysisNeed = 'riskOverTime'): Observable<PlantAnalysis> {
    const range = { from, to };
    return this.analyses.get(`${from}|${to}|${bucketMs}|${need}`, () =>
      this.passes(range).pipe(
        switchMap((passes) => {
          // The range's read needs only the passes (the rollup's hours), so it goes out beside the stored findings
          // rather than after them; risk's waits for the stored snapshot, which spares it.
          const readAhead = need !== 'risk';
          const range$ = readAhead ? this.rangeRead(range, bucketMs, need, passes.rolledUp) : of(undefined);
          const stored$ = this.stored(range, passes, need === 'risk').pipe(
            switchMap((stored) =>
              forkJoin([
                of(stored),
                this.learningRead(range, stored),
                readAhead || stored.risk !== undefined
                  ? of(undefined)
                  : this.rangeRead(range, bucketMs, need, passes.rolledUp),
              ])
            )
          );
          return forkJoin([range$, stored$]).pipe(
            map(([ahead, [stored, learning, after]]) =>
              analyse(this.settings, ahead ?? after ?? nothingObserved(from, to), learning, stored, bucketMs)
            )
          );
        })
      )
    );
  }

  /** The learning read for the parts of a range to compute, if any: those parts and the learning periods before them. */
  private learningRead(range: TimeRange, stored: StoredFindings): Observable<StoreObservations | undefined> {
    const computed = partsToCompute(range, stored);
    return computed.length === 0
      ? of(undefined)
      : this.source.observe({
          ...learningObservationRange(
            { from: computed[0].from, to: computed[computed.length - 1].to },
            this.settings.detection
          ),
          bucketMs: DEFAULT_BUCKET_MS,
        });
  }

  /** The telemetry of the range that the need reads (see MEASUREMENTS_NEEDED); nothing for findings and chains. */
  private rangeRead(
    range: TimeRange,
    bucketMs: number,
    need: AnalysisNeed,
    rolledUp: readonly TimeRange[]
  ): Observable<StoreObservations> {
    const measurements = MEASUREMENTS_NEEDED[need];
    if (measurements !== undefined && measurements.length === 0) {
      return of(nothingObserved(range.from, range.to));
    }
    if (need === 'topology') {
      return this.topologyRead(range, bucketMs, rolledUp);
    }
    return this.source.observe({ ...range, bucketMs, ...(measurements === undefined ? {} : { measurements }) });
  }

  /**
   * The topology's read: the latest record of each asset in the range (it places each asset by it), and the flows of
   * the range's buckets as `flowReadPlan` plans them; should the rollup not answer, its hours are read from the
   * telemetry too.
   */
  private topologyRead(
    range: TimeRange,
    bucketMs: number,
    rolledUp: readonly TimeRange[]
  ): Observable<StoreObservations> {
    const plan = flowReadPlan(range, rolledUp, bucketMs);
    const { bucketOffsetMs } = plan;
    const flowsOf = (part: TimeRange) =>
      this.source.observe({ ...part, bucketMs, bucketOffsetMs, measurements: ['flow'] });
    const assets$ = this.source.observe({ ...range, bucketMs, measurements: ['asset'], latestAssets: true });
    const span = plan.rollup;
    if (span === undefined) {
      return forkJoin([assets$, ...plan.telemetry.map(flowsOf)]).pipe(map((reads) => joinReads(reads, [])));
    }
    const statement = flowRollupQuery(span, bucketMs, bucketOffsetMs);
    const rollup$ = this.source.reply('ot', statement).pipe(
      switchMap((reply) => {
        const answer = reply.ok ? readInfluxAnswer(reply.body) : { ok: false as const, error: reply.error };
        if (!answer.ok) {
          return flowsOf(span).pipe(
            map((read) => ({
              ...read,
              problems: [...read.problems, `the analyzer's flow rollup: ${answer.error}; its flows were read instead`],
              statements: [`ot: ${statement}`, ...read.statements],
            }))
          );
        }
        const read = observationsFromInfluxResults([answer.value], { ...span, bucketMs });
        return of<StoreObservations>({
          observations: read.observations,
          storeErrors: [],
          failedStores: [],
          problems: read.problems,
          statements: [`ot: ${statement}`],
          sources: [`flows from the analyzer's hourly rollup: ${shown(span)}`],
        });
      })
    );
    const telemetrySources = plan.telemetry.map((part) => `flows read from telemetry: ${shown(part)}`);
    return forkJoin([assets$, rollup$, ...plan.telemetry.map(flowsOf)]).pipe(
      map((reads) => joinReads(reads, telemetrySources))
    );
  }

  /**
   * The analyzer's passes (`conduit_analysis`) in the OT store over a range: which parts of it they covered, which
   * hours of flow rollup they wrote, and the tail a following analyzer has yet to reach. Without an OT store, or
   * when it cannot answer, none.
   */
  private passes(range: TimeRange): Observable<AnalyzerPasses> {
    if (!this.settings.otConfigured) {
      return of(NO_PASSES);
    }
    const statement = analysisPassesQuery(range, MAX_ANALYSIS_PASS_MS);
    return this.source.reply('ot', statement).pipe(
      map((reply): AnalyzerPasses => {
        const answer = reply.ok ? readInfluxAnswer(reply.body) : undefined;
        if (answer?.ok !== true) {
          return NO_PASSES;
        }
        const analysed = analysedRanges([answer.value]);
        const pending = pendingTail(range, analysed, Date.now());
        return {
          statement,
          covered: coverageOf(range, analysed).stored,
          rolledUp: rolledUpHours(analysedRanges([answer.value], 'flow_rollup')),
          ...(pending === undefined ? {} : { pending }),
        };
      })
    );
  }

  /**
   * What the analyzer stored for a range its passes cover: its findings there; with `withRisk`, its latest risk
   * snapshot near the range's end too. Parts whose findings cannot be read are computed instead.
   */
  private stored(range: TimeRange, passes: AnalyzerPasses, withRisk: boolean): Observable<StoredFindings> {
    const { covered, rolledUp, pending } = passes;
    if (covered.length === 0 && pending === undefined) {
      return of(NOTHING_STORED);
    }
    const findings$ =
      covered.length === 0
        ? of(undefined)
        : this.storedRead(storedFindingsQuery({ from: covered[0].from, to: covered[covered.length - 1].to }));
    const risk$ = withRisk ? this.storedRead(storedRiskQuery(riskSnapshotWindow(range, Date.now()))) : of(undefined);
    return forkJoin([findings$, risk$]).pipe(
      map(([found, risked]): StoredFindings => {
        const problems: string[] = [];
        const statements = passes.statement === undefined ? [] : [`ot: ${passes.statement}`];
        let findings: Finding[] = [];
        let parts = covered;
        if (found !== undefined) {
          statements.push(`ot: ${found.statement}`);
          if (found.read.ok) {
            const read = storedFindingsFrom([found.read.value]);
            findings = read.findings;
            problems.push(...read.problems);
          } else {
            // The parts cannot be read as stored: they are computed instead, and the reason shown.
            problems.push(`stored findings: ${found.read.error}`);
            parts = [];
          }
        }
        let risk: RiskAssessment | undefined;
        if (risked !== undefined) {
          statements.push(`ot: ${risked.statement}`);
          if (risked.read.ok) {
            const read = storedRiskFrom([risked.read.value], this.settings.model.risk?.weights);
            risk = read.assessment;
            problems.push(...read.problems);
          } else {
            problems.push(`stored risk: ${risked.read.error}`);
          }
        }
        return {
          findings,
          covered: parts,
          rolledUp,
          ...(pending === undefined ? {} : { pending }),
          ...(risk === undefined ? {} : { risk }),
          problems,
          statements,
        };
      })
    );
  }

  private storedRead(
    statement: string
  ): Observable<{ statement: string; read: { ok: true; value: unknown } | { ok: false; error: string } }> {
    return this.source.reply('ot', statement).pipe(
      map((reply) => ({
        statement,
        read: reply.ok ? readInfluxAnswer(reply.body) : { ok: false as const, error: reply.error },
      }))
    );
  }
}

/** Every distinct item of the lists, in order. */
function unique<T>(lists: readonly T[][]): T[] {
  return [...new Set(lists.flat())];
}

/** Reads of parts of one range as one: the first read's observations with every read's flows. */
function joinReads(reads: readonly StoreObservations[], sources: readonly string[]): StoreObservations {
  return {
    observations: sortObservations({
      ...reads[0].observations,
      flows: reads.flatMap((read) => read.observations.flows),
    }),
    storeErrors: unique(reads.map((read) => read.storeErrors)),
    failedStores: unique(reads.map((read) => read.failedStores)),
    problems: unique(reads.map((read) => read.problems)),
    statements: reads.flatMap((read) => read.statements),
    sources: [...reads.flatMap((read) => read.sources ?? []), ...sources],
  };
}

/** The range read of a query that needs no telemetry of the range. */
function nothingObserved(from: number, to: number): StoreObservations {
  return {
    observations: emptyObservations(from, to),
    storeErrors: [],
    failedStores: [],
    problems: [],
    statements: [],
  };
}
