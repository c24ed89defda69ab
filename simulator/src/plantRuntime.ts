/**
 * The plant while it runs: process trains, what each controller's registers hold, each controller's
 * mode and program, and the faults and manipulations scenarios inject. Normal traffic reads it (polls
 * return register values), operators and attackers write it (setpoints, mode, program).
 */
import type { ControllerMode } from '@conduit/core';

import { controllerOf, programHash, type Plant, type PlantAsset } from './plant';
import {
  NOMINAL_SETPOINTS,
  SAFETY_POINTS,
  TRAIN_POINTS,
  ProcessTrain,
  isInBand,
  quantize,
  type PointValues,
  type ProcessPointSpec,
} from './processPhysics';
import { nanoseconds, type TelemetrySink } from './telemetryRecords';

export interface ControllerStatus {
  asset: PlantAsset;
  mode: ControllerMode;
  programRevision: number;
  programHash: string;
}

/** A sensor that keeps reporting one value over a window. */
interface StuckPoint {
  controller: string;
  point: string;
  fromMs: number;
  toMs: number;
  value?: number;
  evidence: string;
}

/**
 * Notes as evidence every sample of `points` that leaves its band from `fromMs` on, until the points have
 * all stayed back in band for five minutes after `settledAfterMs` (set when the cause is undone).
 */
export interface ProcessWatch {
  controller: string;
  points: string[];
  fromMs: number;
  settledAfterMs?: number;
  evidence: string;
}

export const PROCESS_SAMPLE_MS = 10_000;
/** Consecutive in-band samples (five minutes) after which a disturbed process counts as settled. */
const SETTLED_SAMPLES = 30;

export class PlantRuntime {
  readonly trains: ProcessTrain[];
  readonly controllers = new Map<string, ControllerStatus>();
  private readonly registers = new Map<string, PointValues>();
  private readonly stuck: StuckPoint[] = [];
  private readonly watches: ProcessWatch[] = [];
  private readonly inBandStreak = new Map<ProcessWatch, number>();
  // Setpoints a scenario has taken over: routine operator adjustments leave them alone meanwhile.
  private readonly held = new Set<string>();
  private readonly stateWatches: Array<{
    controller: string;
    matches: (s: ControllerStatus) => boolean;
    evidence: string;
  }> = [];
  private readonly specsByController: Array<{
    asset: PlantAsset;
    specs: ProcessPointSpec[];
    train: ProcessTrain;
    safety: boolean;
  }> = [];

  constructor(
    readonly seed: number,
    readonly plant: Plant,
    startMs: number
  ) {
    this.trains = [];
    for (let train = 1; train <= plant.composition.trains; train++) {
      this.trains.push(new ProcessTrain(seed, train, startMs));
    }
    for (const asset of plant.assets) {
      if (asset.role === 'plc' || asset.role === 'safety-plc') {
        this.controllers.set(asset.name, {
          asset,
          mode: 'run',
          programRevision: 0,
          programHash: programHash(seed, asset.name),
        });
        const safety = asset.role === 'safety-plc';
        const specs = safety ? [...SAFETY_POINTS] : TRAIN_POINTS.filter((p) => p.stage === asset.unit);
        this.specsByController.push({ asset, specs, train: this.trains[(asset.train ?? 1) - 1], safety });
        this.registers.set(asset.name, {});
      }
    }
    // Registers hold values from the start, so the first polls have something to read.
    for (const entry of this.specsByController) {
      const values = entry.safety ? entry.train.sampleSafety() : entry.train.sample();
      const image = this.registers.get(entry.asset.name) ?? {};
      for (const spec of entry.specs) {
        image[spec.point] = quantize(values[spec.point], spec.decimals);
      }
    }
  }

  /** Process points of a controller (empty for anything else). */
  pointsOf(controller: string): ProcessPointSpec[] {
    return this.specsByController.find((e) => e.asset.name === controller)?.specs ?? [];
  }

  /** The latest sampled value of a controller's point, as a poll would read it. */
  register(controller: string, point: string): number {
    return this.registers.get(controller)?.[point] ?? 0;
  }

  trainOf(controller: string): ProcessTrain | undefined {
    const asset = this.controllers.get(controller)?.asset;
    return asset === undefined ? undefined : this.trains[(asset.train ?? 1) - 1];
  }

  setpoint(controller: string, point: string): number {
    return this.trainOf(controller)?.setpoints[point] ?? NOMINAL_SETPOINTS[point] ?? 0;
  }

  writeSetpoint(controller: string, point: string, value: number): void {
    const train = this.trainOf(controller);
    if (train !== undefined && point in train.setpoints) {
      train.setpoints[point] = value;
      const image = this.registers.get(controller);
      if (image !== undefined) {
        image[point] = value;
      }
    }
  }

  hold(controller: string, point: string): void {
    this.held.add(`${controller}/${point}`);
  }

  release(controller: string, point: string): void {
    this.held.delete(`${controller}/${point}`);
  }

  isHeld(controller: string, point: string): boolean {
    return this.held.has(`${controller}/${point}`);
  }

  setMode(controller: string, mode: ControllerMode): void {
    const status = this.controllers.get(controller);
    if (status !== undefined) {
      status.mode = mode;
    }
  }

  /** A new program is in the controller: its identity changes. */
  replaceProgram(controller: string): void {
    const status = this.controllers.get(controller);
    if (status !== undefined) {
      status.programRevision++;
      status.programHash = programHash(this.seed, controller, status.programRevision);
    }
  }

  /** Notes the first controller-state sample that satisfies `matches` as evidence. */
  watchControllerState(controller: string, matches: (status: ControllerStatus) => boolean, evidence: string): void {
    this.stateWatches.push({ controller, matches, evidence });
  }

  /** Evidence keys of a controller-state sample about to be written; each watch is used once. */
  stateEvidence(status: ControllerStatus): string[] | undefined {
    let keys: string[] | undefined;
    for (let i = 0; i < this.stateWatches.length; i++) {
      const w = this.stateWatches[i];
      if (w.controller === status.asset.name && w.matches(status)) {
        (keys ??= []).push(w.evidence);
        this.stateWatches.splice(i--, 1);
      }
    }
    return keys;
  }

  freeze(controller: string, point: string, fromMs: number, toMs: number, evidence: string): void {
    this.stuck.push({ controller, point, fromMs, toMs, evidence });
  }

  watch(watch: ProcessWatch): void {
    this.watches.push(watch);
  }

  /** Advances the process to `timeMs` and writes one sample of every process point. */
  sampleProcess(timeMs: number, sink: TelemetrySink): void {
    for (const train of this.trains) {
      train.advance(timeMs);
    }
    const timestampNs = nanoseconds(timeMs);
    const sampled = new Map<ProcessTrain, PointValues>();
    for (const entry of this.specsByController) {
      let values: PointValues;
      if (entry.safety) {
        values = entry.train.sampleSafety();
      } else {
        values = sampled.get(entry.train) ?? entry.train.sample();
        sampled.set(entry.train, values);
      }
      const image = this.registers.get(entry.asset.name) ?? {};
      for (const spec of entry.specs) {
        let value = quantize(values[spec.point], spec.decimals);
        let evidence: string | undefined;
        const stuck = this.stuckAt(entry.asset.name, spec.point, timeMs);
        if (stuck !== undefined) {
          stuck.value ??= value;
          value = stuck.value;
          evidence = stuck.evidence;
        }
        evidence ??= this.watchedOutOfBand(entry.asset.name, spec, value, timeMs);
        image[spec.point] = value;
        sink.processValue(timestampNs, entry.asset, spec, value, evidence);
      }
      this.settleWatches(entry.asset.name, entry.specs, image, timeMs);
    }
  }

  private stuckAt(controller: string, point: string, timeMs: number): StuckPoint | undefined {
    for (const s of this.stuck) {
      if (s.controller === controller && s.point === point && timeMs >= s.fromMs && timeMs <= s.toMs) {
        return s;
      }
    }
    return undefined;
  }

  private watchedOutOfBand(
    controller: string,
    spec: ProcessPointSpec,
    value: number,
    timeMs: number
  ): string | undefined {
    for (const w of this.watches) {
      if (
        w.controller === controller &&
        timeMs >= w.fromMs &&
        w.points.includes(spec.point) &&
        !isInBand(spec, value)
      ) {
        return w.evidence;
      }
    }
    return undefined;
  }

  /** A watch ends once its cause was undone and every watched point is back in band. */
  private settleWatches(controller: string, specs: ProcessPointSpec[], image: PointValues, timeMs: number): void {
    for (let i = this.watches.length - 1; i >= 0; i--) {
      const w = this.watches[i];
      if (w.controller !== controller || w.settledAfterMs === undefined || timeMs < w.settledAfterMs) {
        continue;
      }
      const allInBand = specs.filter((s) => w.points.includes(s.point)).every((s) => isInBand(s, image[s.point]));
      this.inBandStreak.set(w, allInBand ? (this.inBandStreak.get(w) ?? 0) + 1 : 0);
      // Noise can carry a value back over the band's edge for a sample or two while it settles.
      if ((this.inBandStreak.get(w) ?? 0) >= SETTLED_SAMPLES) {
        this.watches.splice(i, 1);
        this.inBandStreak.delete(w);
      }
    }
  }

  controllerOf(train: number, unit: Parameters<typeof controllerOf>[2]): PlantAsset | undefined {
    return controllerOf(this.plant, train, unit);
  }
}
