/**
 * Scans and reconnaissance: one source reaching many distinct destinations, or many ports, within a
 * short sliding window, beyond both a fixed floor and what that source itself did during the baseline
 * (a SCADA server polling every controller is not a scan).
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import type { DetectionContext } from './detectionContext';
import { episodesOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding } from './findingDraft';

export const RECONNAISSANCE = 'reconnaissance';

interface Touch {
  bucketStart: number;
  destination: string;
  endpoint: string;
}

interface SourceInfo {
  ip: string;
  asset: string;
  zone: string;
  touches: Touch[];
}

interface WindowCount {
  bucketStart: number;
  destinations: number;
  endpoints: number;
}

function addCount(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next === 0) {
    counts.delete(key);
  } else {
    counts.set(key, next);
  }
}

/** Distinct destinations and endpoints in the window ending at each bucket the source was active in. */
function windowCounts(touches: Touch[], windowMs: number): WindowCount[] {
  touches.sort((a, b) => a.bucketStart - b.bucketStart);
  const destinations = new Map<string, number>();
  const endpoints = new Map<string, number>();
  const counts: WindowCount[] = [];
  let lo = 0;
  let i = 0;
  while (i < touches.length) {
    const bucket = touches[i].bucketStart;
    while (i < touches.length && touches[i].bucketStart === bucket) {
      addCount(destinations, touches[i].destination, 1);
      addCount(endpoints, touches[i].endpoint, 1);
      i++;
    }
    while (touches[lo].bucketStart <= bucket - windowMs) {
      addCount(destinations, touches[lo].destination, -1);
      addCount(endpoints, touches[lo].endpoint, -1);
      lo++;
    }
    counts.push({ bucketStart: bucket, destinations: destinations.size, endpoints: endpoints.size });
  }
  return counts;
}

export function detectReconnaissance(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config.reconnaissance;
  const windowMs = Math.max(1, settings.windowBuckets) * ctx.bucketMs;
  const sources = new Map<string, SourceInfo>();
  const touch = (ip: string, asset: string, zone: string, t: Touch) => {
    if (ip === '') {
      return;
    }
    let info = sources.get(ip);
    if (info === undefined) {
      info = { ip, asset, zone, touches: [] };
      sources.set(ip, info);
    }
    info.touches.push(t);
  };
  for (const f of obs.flows) {
    touch(f.srcIp, f.srcAsset, f.srcZone, {
      bucketStart: f.bucketStart,
      destination: f.dstIp,
      endpoint: `${f.dstIp}|${f.transport}|${f.dstPort}`,
    });
  }
  for (const op of obs.otOperations) {
    touch(op.srcIp, op.srcAsset, op.srcZone, {
      bucketStart: op.bucketStart,
      destination: op.dstIp,
      endpoint: `${op.dstIp}|${op.protocol}`,
    });
  }

  interface Hit {
    source: SourceInfo;
    count: WindowCount;
  }
  const hits: Hit[] = [];
  for (const source of sources.values()) {
    const counts = windowCounts(source.touches, windowMs);
    let baselineDestinations = 0;
    let baselineEndpoints = 0;
    for (const c of counts) {
      if (c.bucketStart >= ctx.baseline.from && c.bucketStart < ctx.baseline.to) {
        baselineDestinations = Math.max(baselineDestinations, c.destinations);
        baselineEndpoints = Math.max(baselineEndpoints, c.endpoints);
      }
    }
    for (const c of counts) {
      const wide =
        c.destinations >= settings.minDestinations && c.destinations > settings.baselineFactor * baselineDestinations;
      const deep = c.endpoints >= settings.minPorts && c.endpoints > settings.baselineFactor * baselineEndpoints;
      if (wide || deep) {
        hits.push({ source, count: c });
      }
    }
  }

  const episodes = episodesOf(
    hits,
    (h) => h.source.ip,
    (h) => h.count.bucketStart - windowMs + ctx.bucketMs,
    (h) => h.count.bucketStart + ctx.bucketMs,
    settings.episodeGapBuckets * ctx.bucketMs
  );
  return episodes.map((episode) => {
    const source = episode.items[0].source;
    const inEpisode = source.touches.filter((t) => t.bucketStart >= episode.start && t.bucketStart < episode.end);
    const destinations = [...new Set(inEpisode.map((t) => t.destination))].sort();
    const endpoints = new Set(inEpisode.map((t) => t.endpoint));
    const zones = new Set(destinations.map((d) => ctx.zoneOf('', d)?.name ?? 'no known zone'));
    const lowest = Math.min(...destinations.map((d) => ctx.zoneOf('', d)?.purdueLevel ?? 5));
    const srcZone = ctx.zoneOf(source.zone, source.ip);
    const score = 55 + Math.min(20, destinations.length / 2) + (lowest <= 1 ? 15 : lowest <= 2 ? 10 : 0);
    const minutes = Math.max(1, Math.round((episode.end - episode.start) / 60_000));
    return makeFinding({
      detector: RECONNAISSANCE,
      category: 'reconnaissance',
      time: episode.start,
      endTime: episode.end,
      score,
      technique: 'T0846',
      source: entity(source.asset, source.ip, srcZone ?? source.zone),
      explanation: `${ctx.nameOf(source.asset, source.ip)} reached ${destinations.length} hosts on ${endpoints.size} ports or services in ${[
        ...zones,
      ]
        .sort()
        .join(', ')} within ${minutes} minute${minutes === 1 ? '' : 's'}, far more than it did during the baseline.`,
      evidence: {
        records: evidenceRows(
          destinations.slice(0, 20).map((d) => ({
            destination: d,
            records: inEpisode.filter((t) => t.destination === d).length,
          }))
        ),
        query: evidenceQuery({
          measurement: 'flow',
          tags: { src_ip: source.ip },
          from: episode.start,
          to: episode.end,
        }),
        store: lowest <= 3 ? 'ot' : 'it',
      },
    });
  });
}
