/**
 * What a labelled scenario is: a sequence of steps scheduled on the simulation clock, each writing
 * telemetry noted as its evidence, and each described by a label template whose window is cut from that
 * evidence once it has been written.
 */
import type { ScenarioLabel } from '@conduit/core';

import type { SimulationContext } from '../normalTraffic';

export const SCENARIO_IDS = [
  'rogue-laptop',
  'insider-setpoint',
  'firewall-change',
  'stuck-sensor',
  'field-protocol-abuse',
  // Last, so the process settling after its chlorine deviation overlaps no other scenario's steps.
  'it-ot-intrusion',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export type StepTemplate = Omit<ScenarioLabel, 'start' | 'end'>;

export interface ScenarioDefinition {
  id: ScenarioId;
  /** Length at full scale, including the process settling afterwards. */
  durationMs: number;
  /** One line for `--help`. */
  summary: string;
  /**
   * Schedules the scenario from `startMs`, its gaps multiplied by `scale` (at most 1, for short
   * ranges), and returns the templates of its step labels.
   */
  install(ctx: SimulationContext, startMs: number, scale: number): StepTemplate[];
}

/** Evidence key of a step. */
export function evidenceKey(scenario: string, step: string): string {
  return `${scenario}/${step}`;
}

/** Runs `action` once at `timeMs`. */
export function at(ctx: SimulationContext, timeMs: number, action: (timeMs: number) => void): void {
  ctx.scheduler.add(Math.floor(timeMs), (time) => {
    action(time);
    return undefined;
  });
}

/** Runs `action` every `periodMs` from `fromMs` while the time is before `untilMs`. */
export function every(
  ctx: SimulationContext,
  fromMs: number,
  untilMs: number,
  periodMs: number,
  action: (timeMs: number, index: number) => void
): void {
  let index = 0;
  const until = Math.floor(untilMs);
  ctx.scheduler.add(Math.floor(fromMs), (time) => {
    action(time, index++);
    const next = time + periodMs;
    return next < until ? next : undefined;
  });
}

export const MINUTE_MS = 60_000;
