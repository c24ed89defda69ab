/**
 * When scenarios happen: after a quiet stretch at the start of the range that detectors learn as the
 * baseline, each in its own slot of the rest, in a fixed order, so default runs are reproducible and
 * steps of different scenarios never overlap.
 */
import { fieldProtocolAbuse } from './fieldProtocolAbuse';
import { firewallChange } from './firewallChange';
import { insiderSetpoint } from './insiderSetpoint';
import { itOtIntrusion } from './itOtIntrusion';
import { rogueLaptop } from './rogueLaptop';
import { SCENARIO_IDS, type ScenarioDefinition, type ScenarioId } from './scenario';
import { stuckSensor } from './stuckSensor';

export const SCENARIOS: Readonly<Record<ScenarioId, ScenarioDefinition>> = {
  'rogue-laptop': rogueLaptop,
  'insider-setpoint': insiderSetpoint,
  'firewall-change': firewallChange,
  'stuck-sensor': stuckSensor,
  'field-protocol-abuse': fieldProtocolAbuse,
  'it-ot-intrusion': itOtIntrusion,
};

/** `all`, `none`, or a comma-separated list of scenario ids. */
export function parseScenarioList(text: string): { ids: ScenarioId[] } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === 'all') {
    return { ids: [...SCENARIO_IDS] };
  }
  if (trimmed === 'none' || trimmed === '') {
    return { ids: [] };
  }
  const ids: ScenarioId[] = [];
  for (const part of trimmed.split(',').map((p) => p.trim())) {
    const id = SCENARIO_IDS.find((known) => known === part);
    if (id === undefined) {
      return { error: `unknown scenario "${part}" (known: ${SCENARIO_IDS.join(', ')}, or all, none)` };
    }
    if (!ids.includes(id)) {
      ids.push(id);
    }
  }
  return { ids };
}

const HOUR_MS = 3_600_000;

/**
 * The quiet start of a range: at least its first quarter, and at least the baseline the detectors learn
 * by default (a day, at most half the range), so no scenario is learnt as normal.
 */
export function quietPeriodMs(rangeMs: number): number {
  return Math.max(rangeMs / 4, Math.min(24 * HOUR_MS, rangeMs / 2));
}

export interface PlannedScenario {
  id: ScenarioId;
  startMs: number;
  /** Gaps between steps are multiplied by this (1 when the slot is long enough). */
  scale: number;
}

/**
 * Start and scale of each scenario, in the canonical order, one slot each between `playFromMs` (by default
 * the end of the quiet period) and the end of the range.
 */
export function planScenarios(
  ids: readonly ScenarioId[],
  fromMs: number,
  toMs: number,
  playFromMs = fromMs + quietPeriodMs(toMs - fromMs)
): PlannedScenario[] {
  const ordered = SCENARIO_IDS.filter((id) => ids.includes(id));
  if (ordered.length === 0 || toMs <= fromMs || toMs <= playFromMs) {
    return [];
  }
  const playFrom = Math.max(fromMs, playFromMs);
  const slotMs = (toMs - playFrom) / ordered.length;
  return ordered.map((id, i) => ({
    id,
    startMs: Math.floor(playFrom + i * slotMs + 0.05 * slotMs),
    scale: Math.min(1, (0.85 * slotMs) / SCENARIOS[id].durationMs),
  }));
}
