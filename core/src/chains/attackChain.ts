/**
 * An attack chain: findings that together look like one intrusion, told as steps in time order with
 * the Purdue levels they crossed, a title, a score and an explanation an analyst can check.
 *
 * Chain score (0 to 100) = severity (up to 50) + variety (up to 25) + descent (up to 25):
 * - severity: 50 x (1 - product(1 - s_i)) over the steps, s = info 0.05, low 0.1, medium 0.25,
 *   high 0.45, critical 0.7, so more and worse steps score higher but never past 50;
 * - variety: 25 x min(1, (k - 1) / 3), where k is the larger of the distinct ATT&CK techniques and the
 *   distinct finding categories (a stand-in for tactics), so four kinds of activity count fully;
 * - descent: 25 x min(1, levels / 4), levels being the Purdue boundaries crossed downward.
 */
import { type FindingCategory, type Severity, SEVERITIES } from '../finding';
import { formatLevel, levelsDown } from '../risk/purdueTrust';
import type { PurdueLevel, Zone } from '../model/zoneModel';
import { endOf, type LinkableFinding } from './findingLinks';

export interface ChainStep {
  findingId: string;
  time: number;
  category: FindingCategory;
  severity: Severity;
  technique?: string;
  /** The finding's explanation. */
  summary: string;
  /** What the step is about: the destination's asset, else the source's. */
  asset?: string;
  zone?: string;
  purdueLevel?: PurdueLevel;
}

export interface Chain {
  /** Stable for the same first finding: `chain-` and a hash of that finding's id. */
  id: string;
  title: string;
  start: number;
  end: number;
  /** In time order. */
  steps: ChainStep[];
  /** Distinct ATT&CK technique ids, in order of first appearance. */
  techniques: string[];
  /** Distinct assets at either end of the steps, in order of first appearance. */
  assets: string[];
  /** Distinct zone ids, in order of first appearance. */
  zones: string[];
  /** Assets (or addresses) that were a destination first and a source later. */
  pivots: string[];
  severity: Severity;
  score: number;
  /** Purdue boundaries crossed downward (the industrial DMZ counts as one). */
  descent: number;
  explanation: string;
}

export const CHAIN_SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = Object.freeze({
  info: 0.05,
  low: 0.1,
  medium: 0.25,
  high: 0.45,
  critical: 0.7,
});

export const CHAIN_SCORE_PARTS = Object.freeze({ severity: 50, variety: 25, descent: 25 });

/** Boundaries crossed downward at which the descent part counts fully. */
const FULL_DESCENT = 4;
/** Kinds of activity at which the variety part counts fully. */
const FULL_VARIETY = 4;

export function buildChain(members: LinkableFinding[], zones: Map<string, Zone>): Chain {
  const steps = members.map((m) => step(m, zones));
  const first = members.find((m) => !m.health) ?? members[0];
  const techniques = distinct(steps.map((s) => s.technique));
  const categories = distinct(steps.map((s) => s.category));
  const assets = distinct(
    members.flatMap((m) => [endOf(m.finding.source)?.asset, endOf(m.finding.destination)?.asset])
  );
  const zoneIds = distinct(members.flatMap((m) => [m.srcZone, m.dstZone]));
  const pivots = findPivots(members);
  const path = descentOf(members, zones);
  const severity = steps.reduce<Severity>(
    (worst, s) => (SEVERITIES.indexOf(s.severity) > SEVERITIES.indexOf(worst) ? s.severity : worst),
    'info'
  );

  const severityPart =
    CHAIN_SCORE_PARTS.severity * (1 - steps.reduce((keep, s) => keep * (1 - CHAIN_SEVERITY_WEIGHTS[s.severity]), 1));
  const kinds = Math.max(techniques.length, categories.length);
  const varietyPart = CHAIN_SCORE_PARTS.variety * Math.min(1, Math.max(0, kinds - 1) / (FULL_VARIETY - 1));
  const descentPart = CHAIN_SCORE_PARTS.descent * Math.min(1, path.descent / FULL_DESCENT);
  const score = round1(severityPart + varietyPart + descentPart);

  const start = members[0].finding.time;
  const end = Math.max(...members.map((m) => m.end));
  const title = titleOf(path, pivots, members, zones);
  const explanation = [
    `${steps.length} findings over ${formatDuration(end - start)}: ${steps.map((s) => describeStep(s, zones)).join('; ')}.`,
    pivots.length > 0
      ? `${pivots.join(', ')} ${pivots.length === 1 ? 'was' : 'were'} a destination first and a source later: a pivot.`
      : '',
    path.descent > 0 && path.from && path.to
      ? `Descends ${path.descent} Purdue level${path.descent === 1 ? '' : 's'} (${formatLevel(path.from.level)} to ${formatLevel(path.to.level)}).`
      : 'Does not move down the Purdue levels.',
    `Score ${score}: severity ${round1(severityPart)} of ${CHAIN_SCORE_PARTS.severity}, ` +
      `${kinds} kind${kinds === 1 ? '' : 's'} of activity ${round1(varietyPart)} of ${CHAIN_SCORE_PARTS.variety}, ` +
      `descent ${round1(descentPart)} of ${CHAIN_SCORE_PARTS.descent}.`,
  ]
    .filter((s) => s !== '')
    .join(' ');

  return {
    id: `chain-${fnv1a(first.finding.id)}`,
    title,
    start,
    end,
    steps,
    techniques,
    assets,
    zones: zoneIds,
    pivots,
    severity,
    score,
    descent: path.descent,
    explanation,
  };
}

function step(m: LinkableFinding, zones: Map<string, Zone>): ChainStep {
  const f = m.finding;
  const target = endOf(f.destination);
  const origin = endOf(f.source);
  const s: ChainStep = {
    findingId: f.id,
    time: f.time,
    category: f.category,
    severity: f.severity,
    summary: typeof f.explanation === 'string' ? f.explanation : '',
  };
  if (typeof f.technique === 'string' && f.technique !== '') {
    s.technique = f.technique;
  }
  const asset = text(target?.asset) ?? text(origin?.asset) ?? text(target?.ip) ?? text(origin?.ip);
  if (asset !== undefined) {
    s.asset = asset;
  }
  const zone = m.dstZone ?? m.srcZone;
  if (zone !== undefined) {
    s.zone = zone;
    const level = zones.get(zone)?.purdueLevel;
    if (level !== undefined) {
      s.purdueLevel = level;
    }
  }
  return s;
}

interface LevelPoint {
  zone: string;
  level: PurdueLevel;
}

interface Descent {
  descent: number;
  from?: LevelPoint;
  to?: LevelPoint;
}

/**
 * How far the chain went down the Purdue levels in the direction of its steps: from where its first step started
 * (the first source's zone, else the first zone named) to the deepest zone a later step reached. Only targets count
 * as reached, so a PLC that talks out to the internet twice is not read as the internet coming in.
 */
function descentOf(members: LinkableFinding[], zones: Map<string, Zone>): Descent {
  const origin = originOf(members, zones);
  if (origin === undefined) {
    return { descent: 0 };
  }
  let best: Descent = { descent: 0, from: origin };
  for (const m of members) {
    const reached = pointOf(m.dstZone ?? (m.srcZone === origin.zone ? undefined : m.srcZone), zones);
    if (reached !== undefined) {
      const drop = levelsDown(origin.level, reached.level);
      if (drop > best.descent) {
        best = { descent: drop, from: origin, to: reached };
      }
    }
  }
  return best;
}

function pointOf(zone: string | undefined, zones: Map<string, Zone>): LevelPoint | undefined {
  const level = zone === undefined ? undefined : zones.get(zone)?.purdueLevel;
  return zone === undefined || level === undefined ? undefined : { zone, level };
}

/** Where the chain started: the first step's source zone, else the first zone any step names. */
function originOf(members: LinkableFinding[], zones: Map<string, Zone>): LevelPoint | undefined {
  const steps = members.filter((m) => !m.health);
  for (const m of steps) {
    const point = pointOf(m.srcZone, zones);
    if (point !== undefined) {
      return point;
    }
  }
  for (const m of steps) {
    const point = pointOf(m.dstZone, zones);
    if (point !== undefined) {
      return point;
    }
  }
  return undefined;
}

/** The zone the chain's last step targeted, when it lies above where the chain started: traffic heading out. */
function outboundOf(
  members: LinkableFinding[],
  zones: Map<string, Zone>
): { from: LevelPoint; to: LevelPoint } | undefined {
  const origin = originOf(members, zones);
  const last = [...members].reverse().find((m) => !m.health && m.dstZone !== undefined);
  const target = pointOf(last?.dstZone, zones);
  if (origin === undefined || target === undefined || levelsDown(target.level, origin.level) === 0) {
    return undefined;
  }
  return { from: origin, to: target };
}

/** Assets or addresses seen as a destination in one step and as a source in a later one. */
function findPivots(members: LinkableFinding[]): string[] {
  const targeted = new Set<string>();
  const pivots: string[] = [];
  for (const m of members) {
    const origin = endOf(m.finding.source);
    for (const name of [text(origin?.asset), text(origin?.ip)]) {
      if (name !== undefined && targeted.has(name) && !pivots.includes(name)) {
        pivots.push(name);
      }
    }
    const target = endOf(m.finding.destination);
    for (const name of [text(target?.asset), text(target?.ip)]) {
      if (name !== undefined) {
        targeted.add(name);
      }
    }
  }
  return pivots;
}

function titleOf(path: Descent, pivots: string[], members: LinkableFinding[], zones: Map<string, Zone>): string {
  // The last pivot is the hop nearest the deepest point reached: the jump host rather than the first victim.
  const pivot = pivots.length > 0 ? pivots[pivots.length - 1] : undefined;
  const via = pivot !== undefined ? ` via ${pivot}` : '';
  if (path.descent > 0 && path.from && path.to) {
    return `Intrusion from ${zoneName(zones, path.from.zone)} to ${zoneName(zones, path.to.zone)}${via}`;
  }
  const outbound = outboundOf(members, zones);
  if (outbound !== undefined) {
    return `Outbound from ${zoneName(zones, outbound.from.zone)} to ${zoneName(zones, outbound.to.zone)}${via}`;
  }
  const zone = mostFrequent(members.flatMap((m) => [m.dstZone ?? m.srcZone]));
  const where = zone !== undefined ? ` in ${zoneName(zones, zone)}` : '';
  if (pivot !== undefined) {
    return `Pivot through ${pivot}${where}`;
  }
  const asset = mostFrequent(
    members.flatMap((m) => [text(endOf(m.finding.destination)?.asset) ?? text(endOf(m.finding.source)?.asset)])
  );
  return `Related findings${asset !== undefined ? ` around ${asset}` : ''}${where}`;
}

function describeStep(s: ChainStep, zones: Map<string, Zone>): string {
  const where =
    s.zone !== undefined
      ? ` (${zoneName(zones, s.zone)}${s.purdueLevel !== undefined ? `, ${formatLevel(s.purdueLevel)}` : ''})`
      : '';
  const technique = s.technique !== undefined ? ` [${s.technique}]` : '';
  return `${s.severity} ${s.category}${technique}${s.asset !== undefined ? ` on ${s.asset}` : ''}${where}`;
}

function zoneName(zones: Map<string, Zone>, id: string): string {
  const zone = zones.get(id);
  return zone ? zone.name || zone.id : id;
}

function mostFrequent(values: Array<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v !== undefined) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  for (const [v, n] of counts) {
    if (best === undefined || n > (counts.get(best) ?? 0)) {
      best = v;
    }
  }
  return best;
}

function distinct(values: Array<string | undefined>): string[] {
  const seen: string[] = [];
  for (const v of values) {
    if (v !== undefined && v !== '' && !seen.includes(v)) {
      seen.push(v);
    }
  }
  return seen;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'unknown' ? value : undefined;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 90) {
    return `${minutes} min`;
  }
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.round(hours * 10) / 10} h` : `${Math.round(hours / 24)} d`;
}

/** 32-bit FNV-1a, as 8 hex digits: short, stable ids without a crypto dependency in the pure core. */
function fnv1a(textValue: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < textValue.length; i++) {
    hash ^= textValue.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
