/**
 * The analysis behind the topology, risk, findings and chains queries: observations of the range from both
 * stores, the detectors' findings, and (when asked) risk and attack chains, the same core calls as
 * `conduit-analyze`. One analysis per range and bucket is shared by every query of a refresh, so the detectors
 * run once however many panels show their results.
 */
import {
  analysePlant,
  type Chain,
  DEFAULT_BUCKET_MS,
  type DetectionConfig,
  type Finding,
  learningObservationRange,
  type Observations,
  type RiskAssessment,
  type RiskPoint,
  type ZoneModel,
} from '@conduit/core';
import { forkJoin, map, type Observable } from 'rxjs';

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
}

const ANALYSIS_TTL_MS = 5000;
const ANALYSIS_MAX_ENTRIES = 20;

/**
 * The core's analysis of a range: the findings from the learning read (the range and the learning periods
 * before it, in the detectors' bucket, see learningPeriods.ts), so they do not depend on the range shown; risk,
 * chains and topology over the range's own read.
 */
export function analyse(
  settings: AnalysisSettings,
  range: StoreObservations,
  learning: StoreObservations,
  bucketMs: number
): PlantAnalysis {
  const { model } = settings;
  const { observations } = range;
  const report = { from: observations.range.from, to: observations.range.to };
  const detected = analysePlant({
    model,
    observations: learning.observations,
    config: settings.detection,
    report,
    learning: 'periods',
  });
  const analysis = analysePlant({
    model,
    observations,
    report,
    findings: detected.findings,
    ...(settings.chainMaxGapMs === undefined ? {} : { chainMaxGapMs: settings.chainMaxGapMs }),
  });
  const unique = (lists: string[][]): string[] => [...new Set(lists.flat())];
  return {
    from: report.from,
    to: report.to,
    bucketMs,
    model,
    observations,
    findings: analysis.findings,
    storeErrors: unique([range.storeErrors, learning.storeErrors]),
    problems: unique([settings.warnings, range.problems, learning.problems, detected.problems]),
    statements: [...range.statements, ...learning.statements.map((statement) => `learning ${statement}`)],
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
    const learning = learningObservationRange({ from, to }, this.settings.detection);
    return this.analyses.get(`${from}|${to}|${bucketMs}`, () =>
      forkJoin([
        this.source.observe({ from, to, bucketMs }),
        this.source.observe({ ...learning, bucketMs: DEFAULT_BUCKET_MS }),
      ]).pipe(map(([range, learnt]) => analyse(this.settings, range, learnt, bucketMs)))
    );
  }
}
