/**
 * Compensating controls: how weak the weakest way into a zone from a lower-trust zone is.
 *
 * Each inbound path has a weakness from its conduit's control type (none 1, firewall 0.5, gateway 0.3,
 * data diode 0.1), raised by 0.15 per level that the conduit's SL-A falls short of its SL-T. Observed
 * traffic from a lower-trust zone that no conduit carries is an uncontrolled path (weakness 1). The
 * factor is the weakest path's weakness plus 0.15 per level of the zone's own SL gap, capped at 1.
 * A zone with no path from a lower-trust zone starts from 0.
 */
import { type Conduit, CONTROL_TYPES, type ControlType, type SecurityLevel, type Zone } from '../model/zoneModel';
import { type InboundEdge, zoneLabel } from './exposure';
import { trustLevel } from './purdueTrust';

export const CONTROL_WEAKNESS: Readonly<Record<ControlType, number>> = Object.freeze({
  none: 1,
  firewall: 0.5,
  gateway: 0.3,
  'data-diode': 0.1,
});

/** Added weakness per security level of shortfall (SL-T minus SL-A). */
export const SL_GAP_STEP = 0.15;

/** For assets no modelled zone claims: nothing is known of their controls. */
export const UNKNOWN_PLACEMENT_WEAKNESS = 0.5;

export interface ControlsAssessment {
  value: number;
  detail: string;
}

export function validConduits(list: unknown): Conduit[] {
  if (!Array.isArray(list)) {
    return [];
  }
  return list.filter(
    (c: unknown): c is Conduit =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as Conduit).from === 'string' &&
      typeof (c as Conduit).to === 'string'
  );
}

export function securityLevelGap(target: unknown, achieved: unknown): number {
  if (typeof target !== 'number' || typeof achieved !== 'number') {
    return 0;
  }
  return Number.isFinite(target - achieved) ? Math.max(0, target - achieved) : 0;
}

export function compensatingControlsOf(
  zoneId: string | undefined,
  zones: Map<string, Zone>,
  conduits: Conduit[],
  zoneEdges: InboundEdge[]
): ControlsAssessment {
  const zone = zoneId === undefined ? undefined : zones.get(zoneId);
  if (!zone) {
    return {
      value: UNKNOWN_PLACEMENT_WEAKNESS,
      detail: 'not in a modelled zone, so no conduit control is known',
    };
  }
  const level = zone.purdueLevel;
  let weakest = -1;
  let weakestDetail = '';
  const consider = (weakness: number, detail: string): void => {
    if (weakness > weakest) {
      weakest = weakness;
      weakestDetail = detail;
    }
  };
  const carried = new Set<string>();
  for (const conduit of conduits) {
    const other = inboundFrom(conduit, zone.id);
    if (other === undefined) {
      continue;
    }
    carried.add(other);
    if (trustLevel(zones, zones.has(other) ? other : undefined) <= level) {
      continue;
    }
    const control = controlType(conduit.controlType);
    const gap = securityLevelGap(conduit.slTarget, conduit.slAchieved);
    const gapText = gap > 0 ? `, SL-A ${conduit.slAchieved} below SL-T ${conduit.slTarget}` : '';
    consider(
      Math.min(1, CONTROL_WEAKNESS[control] + SL_GAP_STEP * gap),
      `conduit ${conduit.id ?? '(no id)'} from ${zoneLabel(zones, other)} through ${control === 'none' ? 'no control' : `a ${control}`}${gapText}`
    );
  }
  for (const edge of zoneEdges) {
    const srcKnown = zones.has(edge.srcZone);
    if (srcKnown && (edge.srcZone === zone.id || carried.has(edge.srcZone))) {
      continue;
    }
    if (trustLevel(zones, srcKnown ? edge.srcZone : undefined) <= level) {
      continue;
    }
    const from = srcKnown ? zoneLabel(zones, edge.srcZone) : 'unattributed addresses';
    consider(1, `traffic observed from ${from} with no conduit in the model`);
  }
  const zoneGap = securityLevelGap(zone.slTarget, zone.slAchieved);
  const base = Math.max(0, weakest);
  const value = Math.min(1, base + SL_GAP_STEP * zoneGap);
  const pathText =
    weakest < 0 ? 'no modelled or observed path from a lower-trust zone' : `weakest way in: ${weakestDetail}`;
  const zoneGapText =
    zoneGap > 0
      ? `; zone SL-A ${zone.slAchieved as SecurityLevel} below SL-T ${zone.slTarget} (+${roundGap(SL_GAP_STEP * zoneGap)})`
      : '';
  return { value, detail: pathText + zoneGapText };
}

/** The zone a conduit lets traffic into `zoneId` from, if it does. */
function inboundFrom(conduit: Conduit, zoneId: string): string | undefined {
  if (conduit.to === zoneId && conduit.from !== zoneId) {
    return conduit.from;
  }
  if (conduit.from === zoneId && conduit.to !== zoneId && conduit.direction === 'two-way') {
    return conduit.to;
  }
  return undefined;
}

function controlType(value: unknown): ControlType {
  return (CONTROL_TYPES as readonly unknown[]).includes(value) ? (value as ControlType) : 'none';
}

function roundGap(value: number): number {
  return Math.round(value * 100) / 100;
}
