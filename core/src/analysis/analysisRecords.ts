/**
 * The analyzer's output as points of the contract's analysis measurements (`conduit_finding`, `conduit_chain`,
 * `conduit_risk`, `conduit_zone_flow`, `conduit_analysis`; docs/data-contract.md; the flow rollup has
 * flowRollup.ts), and the queries and readers that bring findings and the analyzer's coverage back. A finding and a
 * chain keep their whole record as JSON in a field, so what is read back is exactly what was computed.
 */
import type { Chain } from '../chains/attackChain';
import type { TimeRange } from '../detectors/detectionContext';
import { compareFindings } from '../detectors/runDetectors';
import { FINDING_CATEGORIES, type Finding, SEVERITIES } from '../finding';
import { selectQuery } from '../influx/influxql';
import type { Observations } from '../observations';
import { flowSeriesOf } from '../observationSeries';
import type { EntityRisk, RiskAssessment } from '../risk/assessRisk';
import { resolveRiskWeights, type RiskWeights } from '../risk/riskWeights';
import { type TelemetryPoint, UNKNOWN } from '../telemetryContract';
import { createZoneAttributor } from '../model/zoneAttribution';
import type { ZoneModel } from '../model/zoneModel';

const NS_PER_MS = 1_000_000n;

/** The longest range one analyzer pass covers (while catching up): how far back a pass that reaches a range may start. */
export const MAX_ANALYSIS_PASS_MS = 6 * 3_600_000;

function atMs(ms: number): bigint {
  return BigInt(Math.round(ms)) * NS_PER_MS;
}

export function findingPoint(finding: Finding): TelemetryPoint {
  return {
    measurement: 'conduit_finding',
    tags: {
      id: finding.id,
      detector: finding.detector,
      category: finding.category,
      src_zone: finding.source?.zone ?? '',
      src_asset: finding.source?.asset ?? '',
      dst_zone: finding.destination?.zone ?? '',
      dst_asset: finding.destination?.asset ?? '',
    },
    fields: {
      severity: finding.severity,
      score: finding.score,
      technique: finding.technique ?? '',
      end_ms: Math.round(finding.endTime ?? finding.time),
      src_ip: finding.source?.ip ?? '',
      dst_ip: finding.destination?.ip ?? '',
      explanation: finding.explanation,
      finding: JSON.stringify(finding),
    },
    timestampNs: atMs(finding.time),
  };
}

/**
 * A chain as the shard's analyzer found it. `replaced_by` is empty while the chain stands; a later pass that
 * correlates its findings differently (a late finding before its first, two chains joined) marks it with
 * `replacedChainPoints`, since a chain's id comes from its first finding.
 */
export function chainPoint(chain: Chain, shard: string): TelemetryPoint {
  return {
    measurement: 'conduit_chain',
    tags: { id: chain.id, shard },
    fields: {
      replaced_by: '',
      title: chain.title,
      severity: chain.severity,
      score: chain.score,
      steps: chain.steps.length,
      end_ms: Math.round(chain.end),
      zones: chain.zones.join(','),
      techniques: chain.techniques.join(','),
      chain: JSON.stringify(chain),
    },
    timestampNs: atMs(chain.start),
  };
}

/** Every asset's and zone's risk at the assessment's time; `risk` keeps the whole entity, factors and all, as JSON. */
export function riskPoints(assessment: RiskAssessment): TelemetryPoint[] {
  return [...assessment.zones, ...assessment.assets].map((entity) => ({
    measurement: 'conduit_risk',
    tags: { kind: entity.kind, entity: entity.id, zone: entity.zone ?? '' },
    fields: {
      name: entity.name,
      score: entity.score,
      impact: entity.impact,
      likelihood: entity.likelihood,
      top_factors: [...entity.factors]
        .filter((factor) => factor.contribution > 0)
        .sort((a, b) => b.contribution - a.contribution)
        .slice(0, 3)
        .map((factor) => factor.label)
        .join(', '),
      risk: JSON.stringify(entity),
    },
    timestampNs: atMs(assessment.at),
  }));
}

/**
 * Flows of a window summed per bucket, zone pair and service. A zone tag that names no zone is replaced by the
 * zone of the address, as the detectors and the topology attribute it.
 */
export function zoneFlowPoints(observations: Observations, model: ZoneModel, window: TimeRange): TelemetryPoint[] {
  const attributor = createZoneAttributor(model);
  const zoneOf = (tag: string, ip: string): string =>
    (tag !== '' && tag !== UNKNOWN && attributor.zoneById(tag) !== undefined ? tag : attributor.zoneOf(ip)?.id) ??
    UNKNOWN;
  const sums = new Map<string, { bucket: number; src: string; dst: string; service: string; c: number; b: number }>();
  for (const series of flowSeriesOf(observations)) {
    const { first } = series;
    const src = zoneOf(first.srcZone, first.srcIp);
    const dst = zoneOf(first.dstZone, first.dstIp);
    for (const flow of series.records()) {
      if (flow.bucketStart < window.from || flow.bucketStart >= window.to) {
        continue;
      }
      const key = `${flow.bucketStart}\u0001${src}\u0001${dst}\u0001${flow.service}`;
      const sum = sums.get(key);
      if (sum === undefined) {
        sums.set(key, {
          bucket: flow.bucketStart,
          src,
          dst,
          service: flow.service,
          c: flow.connections,
          b: flow.bytes,
        });
      } else {
        sum.c += flow.connections;
        sum.b += flow.bytes;
      }
    }
  }
  return [...sums.values()].map((sum) => ({
    measurement: 'conduit_zone_flow',
    tags: { src_zone: sum.src, dst_zone: sum.dst, service: sum.service },
    fields: { connections: sum.c, bytes: sum.b },
    timestampNs: atMs(sum.bucket),
  }));
}

export interface AnalysisPass {
  shard: string;
  range: TimeRange;
  findings: number;
  chains: number;
  durationMs: number;
  /** Hours of flow rollup the pass wrote (`flowRollupHours`); a pass without it wrote none and is read as such. */
  flowRollupHours?: number;
}

/** The record that a pass covered its range: the datasource reads stored results only where these say so. */
export function analysisPassPoint(pass: AnalysisPass): TelemetryPoint {
  return {
    measurement: 'conduit_analysis',
    tags: { shard: pass.shard },
    fields: {
      to_ms: Math.round(pass.range.to),
      findings: pass.findings,
      chains: pass.chains,
      duration_ms: pass.durationMs,
      ...(pass.flowRollupHours === undefined ? {} : { flow_rollup: pass.flowRollupHours }),
    },
    timestampNs: atMs(pass.range.from),
  };
}

/** InfluxQL for the stored findings that start in a range. */
export function storedFindingsQuery(range: TimeRange): string {
  return selectQuery({
    measurement: 'conduit_finding',
    fields: [{ field: 'finding' }],
    timeRange: { from: Math.ceil(range.from), to: Math.ceil(range.to) - 1 },
  });
}

/**
 * InfluxQL for the newest stored risk of each entity in a window (the analyzer writes a snapshot at the end of each
 * pass): only each entity's newest row leaves the store, since a following analyzer writes one a minute and a window
 * of 15 minutes would otherwise bring up to 15 snapshots of the whole plant.
 */
export function storedRiskQuery(window: TimeRange): string {
  return selectQuery({
    measurement: 'conduit_risk',
    fields: [{ field: 'risk' }],
    timeRange: { from: Math.floor(window.from) + 1, to: Math.floor(window.to) },
    groupByTags: ['kind', 'entity'],
    orderDesc: true,
    limit: 1,
  });
}

function isEntityRisk(value: unknown): value is EntityRisk {
  const e = value as Partial<EntityRisk> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    (e.kind === 'asset' || e.kind === 'zone') &&
    typeof e.id === 'string' &&
    typeof e.name === 'string' &&
    typeof e.score === 'number' &&
    typeof e.impact === 'number' &&
    typeof e.likelihood === 'number' &&
    Array.isArray(e.factors)
  );
}

/**
 * The latest stored risk of each entity in answers to `storedRiskQuery`, as an assessment at the time of the
 * latest snapshot; undefined when none was stored. Rows that are not an entity's risk are counted.
 */
export function storedRiskFrom(
  answers: readonly unknown[],
  weights: Partial<RiskWeights> | undefined
): { assessment: RiskAssessment | undefined; problems: string[] } {
  const latest = new Map<string, { time: number; entity: EntityRisk }>();
  let unreadable = 0;
  for (const answer of answers) {
    for (const { row } of rowsOf(answer)) {
      const parsed = jsonField(row, 'risk');
      if (!isEntityRisk(parsed) || typeof row.time !== 'number') {
        unreadable++;
        continue;
      }
      const key = `${parsed.kind}\u0001${parsed.id}`;
      const held = latest.get(key);
      if (held === undefined || held.time <= row.time) {
        latest.set(key, { time: row.time, entity: parsed });
      }
    }
  }
  const problems = unreadable > 0 ? [`${unreadable} stored risk rows could not be read (field "risk")`] : [];
  if (latest.size === 0) {
    return { assessment: undefined, problems };
  }
  const held = [...latest.values()];
  const byScore = (a: EntityRisk, b: EntityRisk) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const of = (kind: EntityRisk['kind']) =>
    held
      .map(({ entity }) => entity)
      .filter((entity) => entity.kind === kind)
      .sort(byScore);
  return {
    assessment: {
      at: Math.max(...held.map(({ time }) => time)),
      assets: of('asset'),
      zones: of('zone'),
      weights: resolveRiskWeights(weights).weights,
      warnings: [],
    },
    problems,
  };
}

/** InfluxQL for a shard's stored chains that start in a range, standing or replaced. */
export function storedChainsQuery(range: TimeRange, shard: string): string {
  return selectQuery({
    measurement: 'conduit_chain',
    fields: [{ field: 'chain' }, { field: 'replaced_by' }],
    where: [{ tag: 'shard', op: '=', value: shard }],
    timeRange: { from: Math.ceil(range.from), to: Math.ceil(range.to) - 1 },
    groupByTags: ['id'],
  });
}

/** A chain record read back: its id, its time (the chain's start) and the id of its first finding. */
export interface StoredChain {
  id: string;
  time: number;
  firstFinding: string | undefined;
}

/** The standing chains in answers to `storedChainsQuery` (those no pass has replaced). */
export function standingChainsFrom(answers: readonly unknown[]): StoredChain[] {
  const standing: StoredChain[] = [];
  for (const answer of answers) {
    for (const { tags, row } of rowsOf(answer)) {
      if (typeof tags.id !== 'string' || typeof row.time !== 'number' || (row.replaced_by ?? '') !== '') {
        continue;
      }
      let firstFinding: string | undefined;
      try {
        const chain = typeof row.chain === 'string' ? (JSON.parse(row.chain) as Partial<Chain>) : undefined;
        const first = Array.isArray(chain?.steps) ? chain.steps[0] : undefined;
        firstFinding = typeof first?.findingId === 'string' ? first.findingId : undefined;
      } catch {
        firstFinding = undefined;
      }
      standing.push({ id: tags.id, time: row.time, firstFinding });
    }
  }
  return standing;
}

/**
 * Marks for the stored chains that the chains just correlated no longer include: each gets `replaced_by`, the id
 * of the chain that now holds its first finding, or `-` when none does. Written at the stored record's own time
 * and tags, so the mark lands on that record and the chain's other fields stay as they were.
 */
export function replacedChainPoints(
  stored: readonly StoredChain[],
  chains: readonly Chain[],
  shard: string
): TelemetryPoint[] {
  const current = new Set(chains.map((chain) => chain.id));
  const chainOfFinding = new Map<string, string>();
  for (const chain of chains) {
    for (const step of chain.steps) {
      chainOfFinding.set(step.findingId, chain.id);
    }
  }
  return stored
    .filter((record) => !current.has(record.id))
    .map((record) => ({
      measurement: 'conduit_chain',
      tags: { id: record.id, shard },
      fields: {
        replaced_by: (record.firstFinding === undefined ? undefined : chainOfFinding.get(record.firstFinding)) ?? '-',
      },
      timestampNs: atMs(record.time),
    }));
}

/** InfluxQL for the analyzer passes that may touch a range (a pass starts at most `maxPassMs` before it). */
export function analysisPassesQuery(range: TimeRange, maxPassMs: number): string {
  return selectQuery({
    measurement: 'conduit_analysis',
    fields: [{ field: 'to_ms' }, { field: 'flow_rollup' }],
    timeRange: { from: Math.ceil(range.from - maxPassMs), to: Math.ceil(range.to) - 1 },
    groupByTags: ['shard'],
  });
}

interface SeriesAnswer {
  tags?: Record<string, string>;
  columns?: unknown;
  values?: unknown;
}

function rowsOf(answer: unknown): Array<{ tags: Record<string, string>; row: Record<string, unknown> }> {
  const rows: Array<{ tags: Record<string, string>; row: Record<string, unknown> }> = [];
  const results = (answer as { results?: unknown } | null)?.results;
  for (const result of Array.isArray(results) ? results : []) {
    const series = (result as { series?: unknown } | null)?.series;
    for (const one of Array.isArray(series) ? (series as SeriesAnswer[]) : []) {
      const columns = Array.isArray(one.columns) ? (one.columns as unknown[]).map(String) : [];
      for (const values of Array.isArray(one.values) ? (one.values as unknown[]) : []) {
        if (Array.isArray(values)) {
          rows.push({
            tags: one.tags ?? {},
            row: Object.fromEntries(columns.map((column, i) => [column, values[i]])),
          });
        }
      }
    }
  }
  return rows;
}

/** A field that holds a record as JSON, parsed; undefined when it is missing or not JSON. */
function jsonField(row: Record<string, unknown>, field: string): unknown {
  const text = row[field];
  if (typeof text !== 'string') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isFinding(value: unknown): value is Finding {
  const f = value as Partial<Finding> | null;
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.id === 'string' &&
    typeof f.time === 'number' &&
    typeof f.explanation === 'string' &&
    (FINDING_CATEGORIES as readonly unknown[]).includes(f.category) &&
    (SEVERITIES as readonly unknown[]).includes(f.severity)
  );
}

/** Findings from answers to `storedFindingsQuery`, in time order, then id; rows that are not findings are counted. */
export function storedFindingsFrom(answers: readonly unknown[]): { findings: Finding[]; problems: string[] } {
  const byId = new Map<string, Finding>();
  let unreadable = 0;
  for (const answer of answers) {
    for (const { row } of rowsOf(answer)) {
      const parsed = jsonField(row, 'finding');
      if (isFinding(parsed)) {
        byId.set(parsed.id, parsed);
      } else {
        unreadable++;
      }
    }
  }
  const findings = [...byId.values()].sort(compareFindings);
  const problems = unreadable > 0 ? [`${unreadable} stored findings could not be read (field "finding")`] : [];
  return { findings, problems };
}

/**
 * The analyzed ranges of answers to `analysisPassesQuery`, merged where they touch, in time order. Shards are
 * merged alike: give each shard its own store when the coverage of one must not stand for another. With
 * `withField`, only the passes whose record has that field (`flow_rollup`: the passes that wrote the flow rollup).
 */
export function analysedRanges(answers: readonly unknown[], withField?: string): TimeRange[] {
  const ranges: TimeRange[] = [];
  for (const answer of answers) {
    for (const { row } of rowsOf(answer)) {
      const from = row.time;
      const to = row.to_ms;
      const kept = withField === undefined || typeof row[withField] === 'number';
      if (kept && typeof from === 'number' && typeof to === 'number' && to > from) {
        ranges.push({ from, to });
      }
    }
  }
  ranges.sort((a, b) => a.from - b.from);
  const merged: TimeRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.from <= last.to) {
      last.to = Math.max(last.to, range.to);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/** InfluxQL for where a shard's analysis has got to: the end of its latest pass. */
export function analysisResumeQuery(shard: string): string {
  return selectQuery({
    measurement: 'conduit_analysis',
    fields: [{ field: 'to_ms', aggregate: 'max', alias: 'to_ms' }],
    where: [{ tag: 'shard', op: '=', value: shard }],
  });
}

/** The end of a shard's latest pass from an answer to `analysisResumeQuery`, or undefined before its first. */
export function analysisResumePoint(answer: unknown): number | undefined {
  const ends = rowsOf(answer)
    .map(({ row }) => row.to_ms)
    .filter((to): to is number => typeof to === 'number' && Number.isFinite(to));
  return ends.length === 0 ? undefined : Math.max(...ends);
}

/** Which parts of a range the analyzer's stored results cover, and which must be computed, both in time order. */
export function coverageOf(
  range: TimeRange,
  analysed: readonly TimeRange[]
): { stored: TimeRange[]; computed: TimeRange[] } {
  const stored: TimeRange[] = [];
  const computed: TimeRange[] = [];
  let cursor = range.from;
  for (const part of analysed) {
    const from = Math.max(part.from, range.from);
    const to = Math.min(part.to, range.to);
    if (to <= from || to <= cursor) {
      continue;
    }
    if (from > cursor) {
      computed.push({ from: cursor, to: from });
    }
    stored.push({ from: Math.max(from, cursor), to });
    cursor = to;
  }
  if (cursor < range.to) {
    computed.push({ from: cursor, to: range.to });
  }
  return { stored, computed };
}

/**
 * How long before now the analyzer's latest pass may have ended while it still counts as following the plant (its
 * interval, lag and pass time, with room to spare): the rest is left to its next passes.
 */
export const ANALYZER_FOLLOWING_MS = 15 * 60_000;

/**
 * The end of a range that a following analyzer has not reached yet (after its latest pass, which ended at most
 * `followingMs` before `now`), or undefined. Readers leave it out rather than compute it: the findings there are
 * the analyzer's to write within a pass or two, and computing them means reading the learning periods before it,
 * a day or more of telemetry, on every refresh. Measured from now, not from the range's end: a range that ends in
 * the future is still followed, and one that ends after an analyzer that stopped long ago is not.
 */
export function pendingTail(
  range: TimeRange,
  analysed: readonly TimeRange[],
  now: number,
  followingMs = ANALYZER_FOLLOWING_MS
): TimeRange | undefined {
  const reached = analysed.length === 0 ? undefined : Math.max(...analysed.map((part) => part.to));
  if (reached === undefined || reached >= range.to || reached < now - followingMs) {
    return undefined;
  }
  return { from: Math.max(reached, range.from), to: range.to };
}
