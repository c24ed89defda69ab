/**
 * The analysis behind the topology, risk, findings and chains queries: observations of the range from both
 * stores, the detectors' findings, and (when asked) risk and attack chains, the same core calls as
 * `conduit-analyze`. One analysis per range and bucket is shared by every query of a refresh, so the detectors
 * run once however many panels show their results.
 */
import {
  type Chain,
  correlateFindings,
  createDetectionContext,
  type Finding,
  type Observations,
  type RiskAssessment,
  type RiskPoint,
  assessRisk,
  riskOverTime,
  runDetectorsWithProblems,
  type ZoneModel,
  type DetectionConfig,
} from '@conduit/core';
import { map, type Observable } from 'rxjs';

import { ShareCache } from './shareCache';
import type { ObservationSource, StoreObservations } from './storeObservations';

export interface PlantAnalysis {
  from: number;
  to: number;
  bucketMs: number;
  model: ZoneModel;
  observations: Observations;
  findings: Finding[];
  /** One message per store that failed, naming it; the analysis covers the other store only. */
  storeErrors: string[];
  /** What could not be read or computed in full (answers, detectors, settings). */
  problems: string[];
  statements: string[];
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

function memo<T>(compute: () => T): () => T {
  let done = false;
  let value: T | undefined;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}

export function analyse(settings: AnalysisSettings, read: StoreObservations, bucketMs: number): PlantAnalysis {
  const { model } = settings;
  const { observations } = read;
  const context = createDetectionContext(model, observations, { config: settings.detection });
  const detection = runDetectorsWithProblems(observations, context);
  const { findings } = detection;
  const risk = memo(() =>
    assessRisk({ model, observations, findings, at: observations.range.to, weights: model.risk?.weights })
  );
  const overTime = new Map<number, RiskPoint[]>();
  return {
    from: observations.range.from,
    to: observations.range.to,
    bucketMs,
    model,
    observations,
    findings,
    storeErrors: read.storeErrors,
    problems: [...settings.warnings, ...read.problems, ...detection.problems],
    statements: read.statements,
    risk,
    riskOverTime: (width) => {
      let points = overTime.get(width);
      if (points === undefined) {
        const { from, to } = observations.range;
        points = riskOverTime({
          model,
          observations,
          findings,
          from,
          to,
          bucketMs: width,
          weights: model.risk?.weights,
        });
        overTime.set(width, points);
      }
      return points;
    },
    chains: memo(() =>
      correlateFindings(
        findings,
        model,
        settings.chainMaxGapMs === undefined ? undefined : { maxGapMs: settings.chainMaxGapMs }
      )
    ),
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
      this.source.observe({ from, to, bucketMs }).pipe(map((read) => analyse(this.settings, read, bucketMs)))
    );
  }
}
