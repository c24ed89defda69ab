/**
 * The simulation of one run: the plant, its zone model, normal operations and the chosen scenarios on
 * one clock. It hands out points window by window, so memory stays flat however long the range, and
 * the points do not depend on the window size: a backfill and a live run of the same seed and start
 * write the same data.
 */
import type { ScenarioLabel, ScenarioLabelFile, StoreKind, ZoneModel } from '@conduit/core';

import { EvidenceLog, millisecondBounds } from './evidence';
import { installNormalOperations, type SimulationContext } from './normalTraffic';
import { DEFAULT_PLANT_SIZE, PLANT_ZONES, buildPlant, type Plant } from './plant';
import { createPlantAttribution } from './plantAttribution';
import { PlantRuntime } from './plantRuntime';
import { plantZoneModel } from './plantZoneModel';
import { evidenceKey, type ScenarioId, type StepTemplate } from './scenarios/scenario';
import { SCENARIOS, planScenarios, type PlannedScenario } from './scenarios/schedule';
import { Scheduler } from './scheduler';
import { TelemetrySink, type StorePoints } from './telemetryRecords';

export interface TimelineOptions {
  seed: number;
  /** Plant size in assets (see plantSizeProblem). */
  assets?: number;
  /** Start of the run (ms since the epoch). */
  fromMs: number;
  scenarios?: readonly ScenarioId[];
  /**
   * The range scenarios are spread over, after its quiet part or from `playFromMs` when given; the run's
   * range in a backfill.
   */
  scenarioRange?: { fromMs: number; toMs: number; playFromMs?: number };
}

export interface TimelineWindow {
  /** The window covered [startMs, endMs). */
  startMs: number;
  endMs: number;
  points: StorePoints;
}

const IT_ZONES: ReadonlySet<string> = new Set([PLANT_ZONES.internet, PLANT_ZONES.enterprise]);

/** Office and internet telemetry goes to the IT store; the DMZ and everything below to the OT store. */
export function storeOfZone(zone: string): StoreKind {
  return IT_ZONES.has(zone) || zone === 'unknown' ? 'it' : 'ot';
}

export class Timeline {
  readonly plant: Plant;
  readonly model: ZoneModel;
  readonly plan: PlannedScenario[];
  private readonly scheduler = new Scheduler();
  private readonly evidence = new EvidenceLog();
  private readonly sink: TelemetrySink;
  private readonly templates: StepTemplate[] = [];
  private cursorMs: number;

  constructor(readonly options: TimelineOptions) {
    this.plant = buildPlant(options.seed, options.assets ?? DEFAULT_PLANT_SIZE);
    this.model = plantZoneModel(this.plant);
    this.sink = new TelemetrySink(createPlantAttribution(this.plant, this.model), this.evidence, storeOfZone);
    this.cursorMs = options.fromMs;
    const ctx: SimulationContext = {
      seed: options.seed,
      plant: this.plant,
      runtime: new PlantRuntime(options.seed, this.plant, options.fromMs),
      sink: this.sink,
      scheduler: this.scheduler,
      startMs: options.fromMs,
    };
    installNormalOperations(ctx);
    const range = options.scenarioRange;
    this.plan =
      range === undefined ? [] : planScenarios(options.scenarios ?? [], range.fromMs, range.toMs, range.playFromMs);
    for (const planned of this.plan) {
      this.templates.push(...SCENARIOS[planned.id].install(ctx, planned.startMs, planned.scale));
    }
  }

  /** Simulated time reached: every point before it has been handed out. */
  get timeMs(): number {
    return this.cursorMs;
  }

  /** Points with times in [current time, untilMs). */
  advance(untilMs: number): StorePoints {
    if (untilMs > this.cursorMs) {
      this.scheduler.runUntil(untilMs);
      this.cursorMs = untilMs;
    }
    return this.sink.take();
  }

  /** The range up to `toMs` in windows of `windowMs`. */
  *windows(toMs: number, windowMs = 60_000): Generator<TimelineWindow> {
    while (this.cursorMs < toMs) {
      const startMs = this.cursorMs;
      const endMs = Math.min(toMs, startMs + windowMs);
      yield { startMs, endMs, points: this.advance(endMs) };
    }
  }

  /** Points moved by a nanosecond or more so that no two share a series and a timestamp. */
  get nudged(): number {
    return this.sink.nudged;
  }

  /** Labels of the steps whose evidence has been written so far, in time order. */
  labels(): ScenarioLabel[] {
    const labels: ScenarioLabel[] = [];
    for (const template of this.templates) {
      const window = this.evidence.window(evidenceKey(template.scenario, template.step));
      if (window !== undefined) {
        labels.push({ ...template, ...millisecondBounds(window) });
      }
    }
    return labels.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  labelFile(toMs: number): ScenarioLabelFile {
    return { seed: this.options.seed, from: this.options.fromMs, to: toMs, labels: this.labels() };
  }
}
