/**
 * Which findings belong together: the grouping step of attack-chain correlation.
 *
 * A later finding joins an earlier one when it starts at most `maxGapMs` after the earlier one ended and
 * either (a) its actor (the source) is an asset or address at either end of the earlier one: the same actor
 * going on, or a destination that becomes a source, the classic pivot; or (b) the earlier one crossed into
 * the zone the later one starts from and the later one moves down the Purdue levels (the intrusion continues
 * from a foothold the detectors did not name). Two actors that reach the same target are not joined by it:
 * on a busy plant, unrelated findings share a PLC or a historian all the time. Groups are the connected
 * components of that relation.
 *
 * Findings that name no actor (what an asset reported or a sensor saw on it: a process value leaving its
 * range, a new program identity) and sensor-health findings attach to the group of the nearest finding
 * that touches their asset, but never join two groups together: a setpoint change two actors made an hour
 * apart is one consequence of the one nearer in time.
 */
import { type Finding, type FindingEntity, SEVERITIES } from '../finding';
import { UNKNOWN } from '../telemetryContract';
import type { Zone } from '../model/zoneModel';
import { levelRank } from '../risk/purdueTrust';

/** A finding that passed validation, with what linking needs precomputed. */
export interface LinkableFinding {
  finding: Finding;
  end: number;
  keys: string[];
  /** Keys of the source end: the actor. */
  actorKeys: string[];
  srcZone?: string;
  dstZone?: string;
  health: boolean;
}

/** Findings that only attach to a group (see the module comment): sensor health, and findings naming no actor. */
function attachesOnly(f: LinkableFinding): boolean {
  return f.health || f.actorKeys.length === 0;
}

/**
 * Findings with an id, a finite time and a known severity; the first of duplicate ids wins. Informational findings
 * record routine activity (a path the conduit allows and peers use): they never start or join a chain.
 */
export function linkableFindings(findings: unknown): LinkableFinding[] {
  if (!Array.isArray(findings)) {
    return [];
  }
  const seen = new Set<string>();
  const valid: LinkableFinding[] = [];
  for (const f of findings) {
    if (!isUsable(f) || seen.has(f.id) || (f.severity === 'info' && f.category !== 'sensor-health')) {
      continue;
    }
    seen.add(f.id);
    const end = typeof f.endTime === 'number' && Number.isFinite(f.endTime) && f.endTime > f.time ? f.endTime : f.time;
    valid.push({
      finding: f,
      end,
      keys: [...new Set([...endKeys(f.source), ...endKeys(f.destination)])],
      actorKeys: endKeys(f.source),
      srcZone: zoneOf(f.source),
      dstZone: zoneOf(f.destination),
      health: f.category === 'sensor-health',
    });
  }
  return valid.sort(byTime);
}

function isUsable(value: unknown): value is Finding {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const f = value as Finding;
  return (
    typeof f.id === 'string' &&
    f.id !== '' &&
    typeof f.time === 'number' &&
    Number.isFinite(f.time) &&
    typeof f.category === 'string' &&
    (SEVERITIES as readonly unknown[]).includes(f.severity)
  );
}

export function byTime(a: LinkableFinding, b: LinkableFinding): number {
  return a.finding.time - b.finding.time || (a.finding.id < b.finding.id ? -1 : a.finding.id > b.finding.id ? 1 : 0);
}

export function endOf(entity: FindingEntity | undefined): FindingEntity | undefined {
  return typeof entity === 'object' && entity !== null ? entity : undefined;
}

function known(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== UNKNOWN ? value : undefined;
}

function zoneOf(entity: FindingEntity | undefined): string | undefined {
  return known(endOf(entity)?.zone);
}

function endKeys(entity: FindingEntity | undefined): string[] {
  const end = endOf(entity);
  const asset = known(end?.asset);
  const ip = known(end?.ip);
  return [...(asset ? [`asset:${asset}`] : []), ...(ip ? [`ip:${ip}`] : [])];
}

/** Groups of indices into `findings` (which must be in time order), each group in time order. */
export function groupFindings(findings: LinkableFinding[], zones: Map<string, Zone>, maxGapMs: number): number[][] {
  const parent = findings.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      // The earlier finding stays the root, so a group's root is its first finding.
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  };

  let active: number[] = [];
  for (let b = 0; b < findings.length; b++) {
    const later = findings[b];
    if (attachesOnly(later)) {
      continue;
    }
    active = active.filter((a) => later.finding.time - findings[a].end <= maxGapMs);
    for (const a of active) {
      if (linked(findings[a], later, zones)) {
        union(a, b);
      }
    }
    active.push(b);
  }

  attachFindings(findings, maxGapMs, union);

  const groups = new Map<number, number[]>();
  findings.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) {
      group.push(i);
    } else {
      groups.set(root, [i]);
    }
  });
  return [...groups.values()];
}

function linked(earlier: LinkableFinding, later: LinkableFinding, zones: Map<string, Zone>): boolean {
  if (later.actorKeys.some((k) => earlier.keys.includes(k))) {
    return true;
  }
  // Only a zone the earlier one crossed into is a foothold; another host of the zone an actor was already in is not.
  const reached = earlier.dstZone !== earlier.srcZone ? earlier.dstZone : undefined;
  if (reached === undefined || reached !== later.srcZone || later.dstZone === undefined) {
    return false;
  }
  const from = zones.get(later.srcZone);
  const to = zones.get(later.dstZone);
  return from !== undefined && to !== undefined && levelRank(to.purdueLevel) < levelRank(from.purdueLevel);
}

/** Each finding that only attaches joins the group of the nearest linking finding it shares an asset with. */
function attachFindings(findings: LinkableFinding[], maxGapMs: number, union: (a: number, b: number) => void): void {
  const byKey = new Map<string, number[]>();
  findings.forEach((f, i) => {
    if (!attachesOnly(f)) {
      for (const key of f.keys) {
        const list = byKey.get(key);
        if (list) {
          list.push(i);
        } else {
          byKey.set(key, [i]);
        }
      }
    }
  });
  findings.forEach((attaching, h) => {
    if (!attachesOnly(attaching)) {
      return;
    }
    let best = -1;
    let bestDistance = Infinity;
    for (const key of attaching.keys) {
      for (const o of byKey.get(key) ?? []) {
        const other = findings[o];
        const distance = Math.max(0, attaching.finding.time - other.end, other.finding.time - attaching.end);
        if (distance <= maxGapMs && (distance < bestDistance || (distance === bestDistance && o < best))) {
          best = o;
          bestDistance = distance;
        }
      }
    }
    if (best >= 0) {
      union(best, h);
    }
  });
}
