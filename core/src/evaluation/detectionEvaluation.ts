/**
 * Measured detection quality against ground truth (the simulator's scenario labels): which labelled
 * steps were detected and by which findings, recall over attack and insider steps, precision over the
 * findings, false positives per day of normal operation, and the fault check (a fault reported as
 * sensor health and as nothing worse).
 *
 * A finding detects a step when its category is one the step expects, its time span overlaps the step's
 * window widened by the tolerance, and it names one of the step's assets (by name or address) as source
 * or destination. A finding is explained by a label when it overlaps the label's widened window and names
 * one of its assets, whatever its category.
 */
import type { Finding, FindingCategory, FindingEntity } from '../finding';
import type { ScenarioLabel, ScenarioStepKind } from '../scenarioLabel';

export interface EvaluationOptions {
  /** The range the findings were made over (ms). */
  range: { from: number; to: number };
  /** Findings that start before this are the learning window's and are not judged; by default the range start. */
  evaluateFrom?: number;
  /** Slack around each label window (ms); one bucket. */
  toleranceMs: number;
}

export interface FindingReference {
  id: string;
  detector: string;
  category: FindingCategory;
  time: number;
  explanation: string;
}

export interface StepEvaluation {
  scenario: string;
  step: string;
  kind: ScenarioStepKind;
  technique?: string;
  start: number;
  end: number;
  assets: string[];
  expectedCategories: FindingCategory[];
  detected: boolean;
  /** The findings that detect the step, best evidence first (most of its assets, its first categories, highest score). */
  detectedBy: FindingReference[];
}

export interface FaultEvaluation {
  scenario: string;
  step: string;
  /** A sensor-health finding names one of the fault's assets in its window. */
  reportedAsSensorHealth: boolean;
  /** Findings of any other category naming one of the fault's assets in its window. */
  otherFindings: FindingReference[];
  passed: boolean;
}

export interface DetectionEvaluation {
  steps: StepEvaluation[];
  /** Attack and insider steps, and how many of them were detected. */
  attackSteps: number;
  detectedAttackSteps: number;
  /** detectedAttackSteps / attackSteps, or null without attack steps. */
  recall: number | null;
  /** Findings judged (starting in the evaluated range), and those explained by some label. */
  evaluatedFindings: number;
  explainedFindings: number;
  /** explainedFindings / evaluatedFindings, or null without findings. */
  precision: number | null;
  /** Findings overlapping no label window at all. */
  falsePositives: FindingReference[];
  /** Days of the evaluated range outside every label window. */
  normalDays: number;
  /** falsePositives / normalDays, or null when there was no normal operation. */
  falsePositivesPerDay: number | null;
  faults: FaultEvaluation[];
}

const DAY_MS = 86_400_000;

function reference(finding: Finding): FindingReference {
  return {
    id: finding.id,
    detector: finding.detector,
    category: finding.category,
    time: finding.time,
    explanation: finding.explanation,
  };
}

function names(entity: FindingEntity | undefined, asset: string): boolean {
  return entity !== undefined && (entity.asset === asset || entity.ip === asset);
}

function namesAny(finding: Finding, assets: readonly string[]): boolean {
  return assets.some((a) => names(finding.source, a) || names(finding.destination, a));
}

function overlaps(finding: Finding, label: ScenarioLabel, toleranceMs: number): boolean {
  const end = finding.endTime ?? finding.time;
  return finding.time <= label.end + toleranceMs && end >= label.start - toleranceMs;
}

/** Length of the union of intervals, clipped to [from, to). */
function coveredMs(intervals: Array<[number, number]>, from: number, to: number): number {
  const clipped = intervals
    .map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let current: [number, number] | undefined;
  for (const interval of clipped) {
    if (current !== undefined && interval[0] <= current[1]) {
      current[1] = Math.max(current[1], interval[1]);
    } else {
      if (current !== undefined) {
        total += current[1] - current[0];
      }
      current = [interval[0], interval[1]];
    }
  }
  return total + (current === undefined ? 0 : current[1] - current[0]);
}

export function evaluateDetection(
  labels: readonly ScenarioLabel[],
  findings: readonly Finding[],
  options: EvaluationOptions
): DetectionEvaluation {
  const tolerance = Math.max(0, options.toleranceMs);
  const evaluateFrom = options.evaluateFrom ?? options.range.from;
  const steps: StepEvaluation[] = labels.map((label) => {
    // Best evidence first: naming more of the step's assets, then the label's most telling category,
    // then the higher score, then the earlier finding.
    const named = (f: Finding) => label.assets.filter((a) => names(f.source, a) || names(f.destination, a)).length;
    const rank = (f: Finding) => label.expectedCategories.indexOf(f.category);
    const detectedBy = findings
      .filter(
        (f) =>
          label.expectedCategories.includes(f.category) && overlaps(f, label, tolerance) && namesAny(f, label.assets)
      )
      .sort(
        (a, b) =>
          named(b) - named(a) || rank(a) - rank(b) || b.score - a.score || a.time - b.time || (a.id < b.id ? -1 : 1)
      )
      .map(reference);
    const step: StepEvaluation = {
      scenario: label.scenario,
      step: label.step,
      kind: label.kind,
      start: label.start,
      end: label.end,
      assets: [...label.assets],
      expectedCategories: [...label.expectedCategories],
      detected: detectedBy.length > 0,
      detectedBy,
    };
    if (label.technique !== undefined) {
      step.technique = label.technique;
    }
    return step;
  });
  const attacks = steps.filter((s) => s.kind === 'attack' || s.kind === 'insider');
  const detectedAttackSteps = attacks.filter((s) => s.detected).length;

  const judged = findings.filter((f) => f.time >= evaluateFrom && f.time < options.range.to);
  const explained = judged.filter((f) => labels.some((l) => overlaps(f, l, tolerance) && namesAny(f, l.assets)));
  const falsePositives = judged.filter((f) => !labels.some((l) => overlaps(f, l, tolerance))).map(reference);
  const labelledMs = coveredMs(
    labels.map((l): [number, number] => [l.start - tolerance, l.end + tolerance]),
    evaluateFrom,
    options.range.to
  );
  const normalDays = Math.max(0, options.range.to - evaluateFrom - labelledMs) / DAY_MS;

  const faults: FaultEvaluation[] = labels
    .filter((l) => l.kind === 'fault')
    .map((label) => {
      const about = findings.filter((f) => overlaps(f, label, tolerance) && namesAny(f, label.assets));
      const reportedAsSensorHealth = about.some((f) => f.category === 'sensor-health');
      const otherFindings = about.filter((f) => f.category !== 'sensor-health').map(reference);
      return {
        scenario: label.scenario,
        step: label.step,
        reportedAsSensorHealth,
        otherFindings,
        passed: reportedAsSensorHealth && otherFindings.length === 0,
      };
    });

  return {
    steps,
    attackSteps: attacks.length,
    detectedAttackSteps,
    recall: attacks.length === 0 ? null : detectedAttackSteps / attacks.length,
    evaluatedFindings: judged.length,
    explainedFindings: explained.length,
    precision: judged.length === 0 ? null : explained.length / judged.length,
    falsePositives,
    normalDays,
    falsePositivesPerDay: normalDays > 0 ? falsePositives.length / normalDays : null,
    faults,
  };
}
