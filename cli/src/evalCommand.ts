/**
 * `npm run eval [-- --json] [--seeds 1,2,3] [--days N]`: measured detection quality. For each seed it
 * simulates the plant in-process (a day of baseline, a day with every scenario, then N days of pure
 * normal operation), aggregates the points as the store would, runs the detectors, and scores the
 * findings against the simulator's labels. Prints, per seed, each labelled step and the finding that
 * detected it, then recall, precision and false positives per day of normal operation, and the fault
 * check. Progress goes to stderr.
 */
import {
  aggregateTelemetry,
  analysePlant,
  evaluateDetection,
  type DetectionEvaluation,
  type ScenarioLabel,
  type TelemetryPoint,
  type ZoneModel,
} from '@conduit/core';
import { SCENARIO_IDS } from '@conduit/simulator/dist/scenarios/scenario';
import type { Timeline, TimelineOptions } from '@conduit/simulator/dist/timeline';

import { type FlagSpec, flagValue, formatHelp, parseArguments } from './commandLine';

const DAY_MS = 86_400_000;
/** A Monday, so the days read like a working week. */
export const EVAL_START_MS = Date.UTC(2025, 2, 3);
export const EVAL_BUCKET_MS = 60_000;
const SIMULATION_WINDOW_MS = 10 * 60_000;

export interface EvalOptions {
  seeds: number[];
  /** Days of pure normal operation after the day with the scenarios. */
  normalDays: number;
  /** Plant size in assets; the default plant has an office of 200 workstations. */
  assets?: number;
}

/** 200 office workstations: a plant of this size has three treatment trains and 22 fixed assets besides. */
export const EVAL_PLANT_ASSETS = 255;
const MIN_ASSETS = 35;
const MAX_ASSETS = 5000;

export interface SeedRun {
  seed: number;
  range: { from: number; to: number };
  baseline: { from: number; to: number };
  points: number;
  findings: number;
  problems: string[];
  evaluation: DetectionEvaluation;
}

export interface EvalTotals {
  attackSteps: number;
  detectedAttackSteps: number;
  recall: number | null;
  evaluatedFindings: number;
  explainedFindings: number;
  precision: number | null;
  falsePositives: number;
  normalDays: number;
  falsePositivesPerDay: number | null;
  faultsPassed: number;
  faults: number;
  /** Recall 100% on every seed, every fault reported as sensor health only, at most one false positive a day. */
  goalsMet: boolean;
}

/** Makes the simulation of one seed; the simulator's Timeline in the command, injectable for tests. */
export type TimelineFactory = (options: TimelineOptions) => Pick<Timeline, 'model' | 'windows' | 'labels'>;

const FLAGS: FlagSpec[] = [
  { name: 'json', description: 'print the results as JSON instead of tables' },
  { name: 'seeds', value: 'LIST', description: 'comma-separated simulator seeds (default 1,2,3)' },
  { name: 'days', value: 'N', description: 'days of pure normal operation after the scenario day (default 1)' },
  {
    name: 'assets',
    value: 'N',
    description: `plant size in assets (default ${EVAL_PLANT_ASSETS}: an office of 200 workstations)`,
  },
  { name: 'help', description: 'show this help' },
];

export type ParsedEvalArguments =
  { ok: true; options: EvalOptions; json: boolean; help: boolean } | { ok: false; error: string };

export function parseEvalArguments(argv: readonly string[]): ParsedEvalArguments {
  const parsed = parseArguments(argv, FLAGS);
  if (!parsed.ok) {
    return parsed;
  }
  const { args } = parsed;
  if (args.positionals.length > 0) {
    return { ok: false, error: `unexpected argument ${args.positionals[0]}` };
  }
  const seedsText = flagValue(args, 'seeds') ?? '1,2,3';
  const seeds: number[] = [];
  for (const part of seedsText.split(',')) {
    const seed = Number(part.trim());
    if (part.trim() === '' || !Number.isSafeInteger(seed) || seed < 0) {
      return { ok: false, error: `--seeds: "${part}" is not a whole number of 0 or more` };
    }
    if (!seeds.includes(seed)) {
      seeds.push(seed);
    }
  }
  const daysText = flagValue(args, 'days') ?? '1';
  const days = Number(daysText);
  if (!Number.isInteger(days) || days < 1 || days > 30) {
    return { ok: false, error: `--days: must be a whole number from 1 to 30, got ${daysText}` };
  }
  const assetsText = flagValue(args, 'assets') ?? String(EVAL_PLANT_ASSETS);
  const assets = Number(assetsText);
  if (!Number.isInteger(assets) || assets < MIN_ASSETS || assets > MAX_ASSETS) {
    return {
      ok: false,
      error: `--assets: must be a whole number from ${MIN_ASSETS} to ${MAX_ASSETS}, got ${assetsText}`,
    };
  }
  return {
    ok: true,
    options: { seeds, normalDays: days, assets },
    json: args.switches.has('json'),
    help: args.switches.has('help'),
  };
}

function* pointsOf(timeline: Pick<Timeline, 'windows'>, toMs: number): Generator<TelemetryPoint> {
  for (const window of timeline.windows(toMs, SIMULATION_WINDOW_MS)) {
    yield* window.points.it;
    yield* window.points.ot;
  }
}

/** Simulates, aggregates, detects and evaluates one seed. */
export function runSeed(
  seed: number,
  options: EvalOptions,
  createTimeline: TimelineFactory,
  progress: (line: string) => void
): SeedRun {
  const from = EVAL_START_MS;
  const to = from + (2 + options.normalDays) * DAY_MS;
  // Scenarios go into the first two days: the simulator keeps the first day quiet for the baseline.
  const timeline = createTimeline({
    seed,
    ...(options.assets === undefined ? {} : { assets: options.assets }),
    fromMs: from,
    scenarios: SCENARIO_IDS,
    scenarioRange: { fromMs: from, toMs: from + 2 * DAY_MS },
  });
  progress(`seed ${seed}: simulating ${2 + options.normalDays} days of the plant`);
  let points = 0;
  const counted = (function* (): Generator<TelemetryPoint> {
    for (const point of pointsOf(timeline, to)) {
      points++;
      yield point;
    }
  })();
  const observations = aggregateTelemetry(counted, { bucketMs: EVAL_BUCKET_MS, range: { from, to } });
  progress(
    `seed ${seed}: ${points} points aggregated into ${observations.flows.length} flow and ${observations.processStats.length} process buckets`
  );
  const model: ZoneModel = timeline.model;
  const detection = analysePlant({ model, observations });
  const [baseline] = detection.baselines;
  const labels: ScenarioLabel[] = timeline.labels();
  const evaluation = evaluateDetection(labels, detection.findings, {
    range: { from, to },
    evaluateFrom: baseline.to,
    toleranceMs: EVAL_BUCKET_MS,
  });
  progress(`seed ${seed}: ${detection.findings.length} findings, ${labels.length} labelled steps`);
  return {
    seed,
    range: { from, to },
    baseline,
    points,
    findings: detection.findings.length,
    problems: detection.problems,
    evaluation,
  };
}

export function totalsOf(runs: readonly SeedRun[]): EvalTotals {
  const sum = (f: (e: DetectionEvaluation) => number) => runs.reduce((total, run) => total + f(run.evaluation), 0);
  const attackSteps = sum((e) => e.attackSteps);
  const detectedAttackSteps = sum((e) => e.detectedAttackSteps);
  const evaluatedFindings = sum((e) => e.evaluatedFindings);
  const explainedFindings = sum((e) => e.explainedFindings);
  const falsePositives = sum((e) => e.falsePositives.length);
  const normalDays = sum((e) => e.normalDays);
  const faults = sum((e) => e.faults.length);
  const faultsPassed = sum((e) => e.faults.filter((f) => f.passed).length);
  const perDay = normalDays > 0 ? falsePositives / normalDays : null;
  const everySeedComplete = runs.every((run) => run.evaluation.recall === null || run.evaluation.recall === 1);
  return {
    attackSteps,
    detectedAttackSteps,
    recall: attackSteps === 0 ? null : detectedAttackSteps / attackSteps,
    evaluatedFindings,
    explainedFindings,
    precision: evaluatedFindings === 0 ? null : explainedFindings / evaluatedFindings,
    falsePositives,
    normalDays,
    falsePositivesPerDay: perDay,
    faultsPassed,
    faults,
    goalsMet: runs.length > 0 && everySeedComplete && faultsPassed === faults && (perDay === null || perDay <= 1),
  };
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The human-readable report: a table per seed, then the totals. */
export function formatEvaluation(runs: readonly SeedRun[], totals: EvalTotals): string {
  const out: string[] = [];
  for (const run of runs) {
    const e = run.evaluation;
    out.push(
      `Seed ${run.seed}: ${new Date(run.range.from).toISOString()} to ${new Date(run.range.to).toISOString()}, baseline until ${new Date(
        run.baseline.to
      ).toISOString()}; ${run.points} points, ${run.findings} findings`
    );
    const rows = [['scenario', 'step', 'kind', 'technique', 'detected', 'by finding']];
    for (const step of e.steps) {
      const by = step.detectedBy[0];
      const more = step.detectedBy.length > 1 ? ` (+${step.detectedBy.length - 1} more)` : '';
      rows.push([
        step.scenario,
        step.step,
        step.kind,
        step.technique ?? '-',
        step.detected ? 'yes' : 'NO',
        by === undefined ? '-' : clip(`${by.category} ${by.id}: ${by.explanation}`, 110) + more,
      ]);
    }
    out.push(table(rows));
    for (const fault of e.faults) {
      out.push(
        `fault ${fault.scenario}/${fault.step}: ${fault.reportedAsSensorHealth ? 'reported as sensor health' : 'NOT reported as sensor health'}, ${
          fault.otherFindings.length === 0
            ? 'no other finding on its assets'
            : `${fault.otherFindings.length} other findings on its assets`
        } -> ${fault.passed ? 'pass' : 'FAIL'}`
      );
      for (const other of fault.otherFindings) {
        out.push(`  ${other.category} ${other.id}: ${clip(other.explanation, 120)}`);
      }
    }
    out.push(
      `recall ${percent(e.recall)} (${e.detectedAttackSteps}/${e.attackSteps}), precision ${percent(e.precision)} (${e.explainedFindings}/${
        e.evaluatedFindings
      }), false positives ${e.falsePositives.length} over ${e.normalDays.toFixed(2)} normal days`
    );
    for (const fp of e.falsePositives) {
      out.push(
        `  false positive ${new Date(fp.time).toISOString()} ${fp.category} ${fp.id}: ${clip(fp.explanation, 120)}`
      );
    }
    for (const problem of run.problems) {
      out.push(`  problem: ${problem}`);
    }
    out.push('');
  }
  out.push(
    `Totals over ${runs.length} seed${runs.length === 1 ? '' : 's'}: recall ${percent(totals.recall)} (${totals.detectedAttackSteps}/${
      totals.attackSteps
    }), precision ${percent(totals.precision)} (${totals.explainedFindings}/${totals.evaluatedFindings}), false positives per normal day ${
      totals.falsePositivesPerDay === null ? 'n/a' : totals.falsePositivesPerDay.toFixed(2)
    } (${totals.falsePositives} over ${totals.normalDays.toFixed(2)} days), faults reported as sensor health only ${totals.faultsPassed}/${
      totals.faults
    }; goals ${totals.goalsMet ? 'met' : 'NOT met'}`
  );
  return out.join('\n') + '\n';
}

export interface EvalIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: EvalIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

async function simulatorTimeline(): Promise<TimelineFactory> {
  const simulator = await import('@conduit/simulator/dist/timeline');
  return (options) => new simulator.Timeline(options);
}

export async function main(
  argv: readonly string[],
  io: EvalIo = processIo,
  createTimeline?: TimelineFactory
): Promise<number> {
  const parsed = parseEvalArguments(argv);
  if (!parsed.ok) {
    io.stderr(`eval: ${parsed.error}\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(
      formatHelp(
        'npm run eval -- [--json] [--seeds 1,2,3] [--days N] [--assets N]',
        'Simulates the plant per seed with every scenario, runs the detectors and scores them against the labels.',
        FLAGS
      )
    );
    return 0;
  }
  const factory = createTimeline ?? (await simulatorTimeline());
  const runs: SeedRun[] = [];
  for (const seed of parsed.options.seeds) {
    const started = Date.now();
    runs.push(runSeed(seed, parsed.options, factory, (line) => io.stderr(`${line}\n`)));
    io.stderr(`seed ${seed}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const totals = totalsOf(runs);
  if (parsed.json) {
    io.stdout(`${JSON.stringify({ seeds: runs, totals }, null, 2)}\n`);
  } else {
    io.stdout(formatEvaluation(runs, totals));
  }
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
