/**
 * The one composition of the suite's analytics: detectors, then risk and attack chains over their findings.
 * The datasource, `conduit-analyze` (offline, over the stores, and as the always-on analyzer) and the detection
 * evaluation all call this, so a setting honoured in one place (the chain gap, the risk weights, the detection
 * section) is honoured in all of them, and every problem any step reports reaches the caller.
 */
import type { Chain } from '../chains/attackChain';
import { correlateFindings } from '../chains/correlateFindings';
import { type DetectionConfig, detectionConfig } from '../detectors/detectionConfig';
import { createDetectionContext, defaultBaseline, type TimeRange } from '../detectors/detectionContext';
import { runDetectorsWithProblems } from '../detectors/runDetectors';
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import { assessRisk, type RiskAssessment } from '../risk/assessRisk';
import { riskOverTime, type RiskPoint } from '../risk/riskOverTime';
import type { ZoneModel } from '../model/zoneModel';
import { learningPeriods } from './learningPeriods';
import { learningWindowWarning } from './learningWindowCheck';

export interface PlantAnalysisInput {
  model: ZoneModel;
  observations: Observations;
  /** Detection settings; the model's `detection` section by default. */
  config?: DetectionConfig;
  /**
   * How the learning detectors learn: from a window at the start of the observed range (`baseline`, by default
   * `detection.baseline` of the range), or by learning period (learningPeriods.ts), each period of the report
   * window judged against the one before it, which the observations must then cover
   * (learningObservationRange).
   */
  learning?: { baseline?: TimeRange } | 'periods';
  /**
   * Only findings that start in this window are reported, risk is assessed at its end and chains are
   * correlated from its findings; by default the observed range. Observations before it give the detectors
   * their context (a learning period, the start of an episode) without being reported on.
   */
  report?: TimeRange;
  /**
   * Findings known already (stored by the analyzer, or computed per learning period): the detectors do not run
   * and these are the analysis's findings, still limited to the report window.
   */
  findings?: readonly Finding[];
  /** Largest quiet time between linked findings of a chain, in milliseconds; the correlation's default when omitted. */
  chainMaxGapMs?: number;
}

export interface PlantAnalysis {
  model: ZoneModel;
  observations: Observations;
  /** The reported window. */
  range: TimeRange;
  /** The learning windows the detectors used, in time order (none when the findings were given). */
  baselines: TimeRange[];
  /** Findings starting in the reported window, in the detectors' order. */
  findings: Finding[];
  /** What the detectors could not do in full; the risk model's warnings come with `risk()`. */
  problems: string[];
  /** Risk at the end of the reported window; computed once, on first call. */
  risk(): RiskAssessment;
  /** Risk at the end of each bucket of the reported window; computed once per width. */
  riskOverTime(bucketMs: number): RiskPoint[];
  /** Attack chains of the reported findings; computed once, on first call. */
  chains(): Chain[];
}

function once<T>(compute: () => T): () => T {
  let computed: { value: T } | undefined;
  return () => {
    computed ??= { value: compute() };
    return computed.value;
  };
}

function startsIn(finding: Finding, window: TimeRange): boolean {
  return finding.time >= window.from && finding.time < window.to;
}

export function analysePlant(input: PlantAnalysisInput): PlantAnalysis {
  const { model, observations } = input;
  const report = input.report ?? { from: observations.range.from, to: observations.range.to };
  const config = input.config ?? detectionConfig(model);
  const baselines: TimeRange[] = [];
  let findings: Finding[] = [];
  const problems = new Set<string>();
  const detect = (baseline: TimeRange, window: TimeRange): void => {
    baselines.push(baseline);
    const context = createDetectionContext(model, observations, { config, baseline });
    const detection = runDetectorsWithProblems(observations, context);
    findings.push(...detection.findings.filter((finding) => startsIn(finding, window)));
    detection.problems.forEach((problem) => problems.add(problem));
  };
  if (input.findings !== undefined) {
    findings = input.findings.filter((finding) => startsIn(finding, report));
  } else if (input.learning === 'periods') {
    for (const period of learningPeriods(report, config)) {
      detect(period.baseline, period.report);
    }
  } else {
    detect(input.learning?.baseline ?? defaultBaseline(observations.range, config), report);
    // Periods learn from data before their report by design; a single window over the data itself can swallow it.
    const swallowed = learningWindowWarning(observations, baselines);
    if (swallowed !== undefined) {
      problems.add(swallowed);
    }
  }
  const weights = model.risk?.weights;
  const overTime = new Map<number, RiskPoint[]>();
  return {
    model,
    observations,
    range: report,
    baselines,
    findings,
    problems: [...problems],
    risk: once(() => assessRisk({ model, observations, findings, at: report.to, weights })),
    riskOverTime: (bucketMs) => {
      let points = overTime.get(bucketMs);
      if (points === undefined) {
        points = riskOverTime({ model, observations, findings, from: report.from, to: report.to, bucketMs, weights });
        overTime.set(bucketMs, points);
      }
      return points;
    },
    chains: once(() =>
      correlateFindings(
        findings,
        model,
        input.chainMaxGapMs === undefined ? undefined : { maxGapMs: input.chainMaxGapMs }
      )
    ),
  };
}
