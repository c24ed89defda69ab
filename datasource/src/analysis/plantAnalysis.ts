/**
 * The analysis behind the topology, risk, findings and chains queries: observations of the range from both
 * stores, the detectors' findings, and (when asked) risk and attack chains, the same core calls as
 * `conduit-analyze`. One analysis per range and bucket is shared by every query of a refresh, so the detectors
 * run once however many panels show their results.
 */
import {
  analysedRanges,
  analysePlant,
  analysisPassesQuery,
  type Chain,
  compareFindings,
  coverageOf,
  DEFAULT_BUCKET_MS,
  type DetectionConfig,
  type Finding,
  learningObservationRange,
  type Observations,
  type RiskAssessment,
  MAX_ANALYSIS_PASS_MS,
  type RiskPoint,
  storedFindingsFrom,
  storedFindingsQuery,
  type TimeRange,
  type ZoneModel,
} from '@conduit/core';
import { forkJoin, map, type Observable, of, switchMap } from 'rxjs';

import { readInfluxAnswer } from './influxAnswer';

import { ShareCache } from './shareCache';
import type { ObservationSource, StoreObservations } from './storeObservations';

export interface PlantAnalysis {
  from: number;
  to: number;
  bucketMs: number;
  model: ZoneModel;
  /** The range's observations, in the range's bucket: what topology and risk describe. */
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

/** Findings the analyzer stored for the parts of a range it covered. */
export interface StoredFindings {
  findings: Finding[];
  /** The covered parts of the range. */
  covered: TimeRange[];
  problems: string[];
  statements: string[];
}

const NOTHING_STORED: StoredFindings = { findings: [], covered: [], problems: [], statements: [] };

function within(finding: Finding, parts: readonly TimeRange[]): boolean {
  return parts.some((part) => finding.time >= part.from && finding.time < part.to);
}

function shown(part: TimeRange): string {
  return `${new Date(part.from).toISOString()} to ${new Date(part.to).toISOString()}`;
}

/**
 * The core's analysis of a range. Findings come from the analyzer's stored results where it covered the range,
 * and for the rest from the learning read (those parts and the learning periods before them, in the detectors'
 * bucket, see learningPeriods.ts), so they do not depend on the range shown and equal what the analyzer stores.
 * Risk, chains and topology are computed over the range's own read and those findings.
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
  const { computed } = coverageOf(report, stored.covered);
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
  const unique = (lists: string[][]): string[] => [...new Set(lists.flat())];
  const reads = learning === undefined ? [range] : [range, learning];
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
      ...stored.covered.map((part) => `findings stored by the analyzer: ${shown(part)}`),
      ...computed.map((part) => `findings computed from telemetry: ${shown(part)}`),
    ],
    risk: analysis.risk,
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

  analyse(from: number, to: number, bucketMs: number): Observable<PlantAnalysis> {
    return this.analyses.get(`${from}|${to}|${bucketMs}`, () =>
      this.stored({ from, to }).pipe(
        switchMap((stored) => {
          const { computed } = coverageOf({ from, to }, stored.covered);
          const learning$ =
            computed.length === 0
              ? of(undefined)
              : this.source.observe({
                  ...learningObservationRange(
                    { from: computed[0].from, to: computed[computed.length - 1].to },
                    this.settings.detection
                  ),
                  bucketMs: DEFAULT_BUCKET_MS,
                });
          return forkJoin([this.source.observe({ from, to, bucketMs }), learning$]).pipe(
            map(([range, learning]) => analyse(this.settings, range, learning, stored, bucketMs))
          );
        })
      )
    );
  }

  /**
   * What the analyzer stored for a range: its passes (`conduit_analysis`) in the OT store say which parts it
   * covered, and its findings there are read for those parts. Without an OT store, or when it cannot answer, the
   * whole range is computed.
   */
  private stored(range: TimeRange): Observable<StoredFindings> {
    if (!this.settings.otConfigured) {
      return of(NOTHING_STORED);
    }
    const passes = analysisPassesQuery(range, MAX_ANALYSIS_PASS_MS);
    return this.source.reply('ot', passes).pipe(
      switchMap((reply) => {
        const answer = reply.ok ? readInfluxAnswer(reply.body) : undefined;
        const covered = answer?.ok === true ? coverageOf(range, analysedRanges([answer.value])).stored : [];
        if (covered.length === 0) {
          return of(NOTHING_STORED);
        }
        const statement = storedFindingsQuery({ from: covered[0].from, to: covered[covered.length - 1].to });
        return this.source.reply('ot', statement).pipe(
          map((found): StoredFindings => {
            const read = found.ok ? readInfluxAnswer(found.body) : { ok: false as const, error: found.error };
            if (!read.ok) {
              // The parts cannot be read as stored: they are computed instead, and the reason shown.
              return { ...NOTHING_STORED, problems: [`stored findings: ${read.error}`] };
            }
            const { findings, problems } = storedFindingsFrom([read.value]);
            return { findings, covered, problems, statements: [`ot: ${passes}`, `ot: ${statement}`] };
          })
        );
      })
    );
  }
}
