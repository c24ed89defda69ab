/**
 * Scans and reconnaissance: one source reaching many distinct destinations, or many ports, within a
 * short sliding window, beyond both a fixed floor and what that source itself did during the baseline.
 * A destination and port the source reaches again and again over the range (a SCADA server polling every
 * controller) is polled, not probed, and is not counted, so polling is no scan even with nothing learnt yet.
 *
 * Counts are swept over time rather than per bucket: each destination (or port) a source touched in
 * bucket t counts for every window ending in [t, t + window), so a source's count over time is a
 * handful of steps, whatever the number of buckets.
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import { techniqueOf } from './attackTechniques';
import type { DetectionContext } from './detectionContext';
import { runsOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding } from './findingDraft';
import { flowSeriesOf, otSeriesOf } from '../observationSeries';

export const RECONNAISSANCE = 'reconnaissance';

export interface Touches {
  destination: string;
  endpoint: string;
  /** Bucket starts, in time order. */
  buckets: Float64Array | readonly number[];
}

interface Source {
  ip: string;
  asset: string;
  zone: string;
  touches: Touches[];
}

/** A stretch of window ends [from, to) over which the count is `count`. */
export interface Step {
  from: number;
  to: number;
  count: number;
}

function sourcesOf(obs: Observations): Source[] {
  const sources = new Map<string, Source>();
  const add = (ip: string, asset: string, zone: string, touches: Touches) => {
    if (ip === '') {
      return;
    }
    let source = sources.get(ip);
    if (source === undefined) {
      source = { ip, asset, zone, touches: [] };
      sources.set(ip, source);
    }
    source.touches.push(touches);
  };
  for (const s of flowSeriesOf(obs)) {
    const f = s.first;
    add(f.srcIp, f.srcAsset, f.srcZone, {
      destination: f.dstIp,
      endpoint: `${f.dstIp}|${f.transport}|${f.dstPort}`,
      buckets: s.bucketStarts,
    });
  }
  for (const s of otSeriesOf(obs)) {
    const op = s.first;
    add(op.srcIp, op.srcAsset, op.srcZone, {
      destination: op.dstIp,
      endpoint: `${op.dstIp}|${op.protocol}`,
      buckets: s.bucketStarts,
    });
  }
  return [...sources.values()];
}

/**
 * How many distinct keys were touched in the window ending at each time, as steps.
 *
 * A key's windows, merged, begin and end at times kept in two typed arrays and sorted as numbers: an
 * array per event, and a comparator's results, would be allocated anew on every analysis. One sweep over
 * both then counts the keys between one time where windows begin or end and the next.
 */
export function countSteps(touches: Touches[], keyOf: (t: Touches) => string, windowMs: number): Step[] {
  const byKey = new Map<string, Touches[]>();
  let total = 0;
  for (const t of touches) {
    const key = keyOf(t);
    const group = byKey.get(key);
    if (group === undefined) {
      byKey.set(key, [t]);
    } else {
      group.push(t);
    }
    total += t.buckets.length;
  }
  const buckets = new Float64Array(total);
  const begins = new Float64Array(total);
  const ends = new Float64Array(total);
  let windows = 0;
  for (const group of byKey.values()) {
    let size = 0;
    for (const t of group) {
      buckets.set(t.buckets, size);
      size += t.buckets.length;
    }
    if (group.length > 1) {
      buckets.subarray(0, size).sort();
    }
    // The key's windows that overlap or touch are one.
    const first = windows;
    for (let i = 0; i < size; i++) {
      const bucket = buckets[i];
      if (windows > first && bucket <= ends[windows - 1]) {
        ends[windows - 1] = Math.max(ends[windows - 1], bucket + windowMs);
      } else {
        begins[windows] = bucket;
        ends[windows] = bucket + windowMs;
        windows++;
      }
    }
  }
  const b = begins.subarray(0, windows).sort();
  const e = ends.subarray(0, windows).sort();
  const steps: Step[] = [];
  let count = 0;
  let i = 0;
  let j = 0;
  // Every window ends after it begins, so while some begin is left, so is some end.
  while (j < windows) {
    const time = i < windows && b[i] < e[j] ? b[i] : e[j];
    while (i < windows && b[i] === time) {
      count++;
      i++;
    }
    while (j < windows && e[j] === time) {
      count--;
      j++;
    }
    const next = Math.min(i < windows ? b[i] : Infinity, j < windows ? e[j] : Infinity);
    if (next !== Infinity && count > 0) {
      steps.push({ from: time, to: next, count });
    }
  }
  return steps;
}

function baselineMax(steps: Step[], ctx: DetectionContext): number {
  let max = 0;
  for (const s of steps) {
    if (s.from < ctx.baseline.to && s.to > ctx.baseline.from) {
      max = Math.max(max, s.count);
    }
  }
  return max;
}

function firstIn(buckets: Float64Array | readonly number[], from: number, to: number): number | undefined {
  for (const b of buckets) {
    if (b >= to) {
      return undefined;
    }
    if (b >= from) {
      return b;
    }
  }
  return undefined;
}

export function detectReconnaissance(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config.reconnaissance;
  const bucketMs = ctx.bucketMs;
  const windowMs = Math.max(1, settings.windowBuckets) * bucketMs;
  const findings: Finding[] = [];
  for (const observed of sourcesOf(obs)) {
    const source = { ...observed, touches: observed.touches.filter((t) => t.buckets.length < settings.pollingBuckets) };
    const destinations = new Set(source.touches.map((t) => t.destination));
    const endpoints = new Set(source.touches.map((t) => t.endpoint));
    if (destinations.size < settings.minDestinations && endpoints.size < settings.minPorts) {
      continue;
    }
    const hits: Step[] = [];
    const judge = (steps: Step[], minimum: number) => {
      const ceiling = settings.baselineFactor * baselineMax(steps, ctx);
      for (const s of steps) {
        if (s.count >= minimum && s.count > ceiling) {
          hits.push(s);
        }
      }
    };
    judge(
      countSteps(source.touches, (t) => t.destination, windowMs),
      settings.minDestinations
    );
    judge(
      countSteps(source.touches, (t) => t.endpoint, windowMs),
      settings.minPorts
    );
    hits.sort((a, b) => a.from - b.from);
    const known = new Set(
      source.touches
        .filter((t) => t.buckets.some((b) => b >= ctx.baseline.from && b < ctx.baseline.to))
        .map((t) => t.destination)
    );
    for (const run of runsOf(
      hits,
      source.ip,
      (s) => s.from,
      (s) => s.to,
      settings.episodeGapBuckets * bucketMs
    )) {
      // Window ends in [run.start, run.end) cover touches from one window earlier.
      const windowFrom = run.start - windowMs + bucketMs;
      const touched = source.touches.filter((t) => firstIn(t.buckets, windowFrom, run.end) !== undefined);
      const fresh = touched.filter((t) => !known.has(t.destination));
      const starts = (fresh.length > 0 ? fresh : touched).map(
        (t) => firstIn(t.buckets, windowFrom, run.end) ?? run.start
      );
      const lasts = touched.map((t) => {
        let last = windowFrom;
        for (const b of t.buckets) {
          if (b >= windowFrom && b < run.end) {
            last = b;
          }
        }
        return last + bucketMs;
      });
      findings.push(scanFinding(source, touched, Math.min(...starts), Math.max(...lasts), ctx));
    }
  }
  return findings;
}

function scanFinding(source: Source, touched: Touches[], start: number, end: number, ctx: DetectionContext): Finding {
  const destinations = [...new Set(touched.map((t) => t.destination))].sort();
  // An endpoint is address, transport and port (or protocol): the service is what follows the address.
  const services = new Set(touched.map((t) => t.endpoint.slice(t.endpoint.indexOf('|') + 1)));
  const zones = new Set(destinations.map((d) => ctx.zoneOf('', d)?.name ?? 'no known zone'));
  const lowest = Math.min(...destinations.map((d) => ctx.zoneOf('', d)?.purdueLevel ?? 5));
  const srcZone = ctx.zoneOf(source.zone, source.ip);
  const score = 55 + Math.min(20, destinations.length / 2) + (lowest <= 1 ? 15 : lowest <= 2 ? 10 : 0);
  const minutes = Math.max(1, Math.round((end - start) / 60_000));
  return makeFinding({
    detector: RECONNAISSANCE,
    category: 'reconnaissance',
    time: start,
    endTime: end,
    score,
    technique: techniqueOf('reconnaissance', 'scan'),
    source: entity(source.asset, source.ip, srcZone ?? source.zone),
    explanation: `${ctx.nameOf(source.asset, source.ip)} reached ${destinations.length} hosts on ${
      services.size
    } ${services.size === 1 ? 'port or service' : 'ports or services'} in ${[...zones].sort().join(', ')} within ${minutes} minute${
      minutes === 1 ? '' : 's'
    }, far more than it did during the baseline.`,
    evidence: {
      records: evidenceRows(
        destinations.slice(0, 20).map((d) => ({
          destination: d,
          endpoints: touched.filter((t) => t.destination === d).length,
        }))
      ),
      query: evidenceQuery({ measurement: 'flow', tags: { src_ip: source.ip }, from: start, to: end }),
      store: lowest <= 3 ? 'ot' : 'it',
    },
  });
}
