/**
 * Silent channels: an OT conversation that ran in nearly every bucket of the baseline (a poll of a
 * controller) and then stops for a while. Buckets in which the store holds no OT traffic at all are a gap
 * in collection, not silence, and are skipped.
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import { techniqueOf } from './attackTechniques';
import type { DetectionContext } from './detectionContext';
import { evidenceQuery } from './evidenceQuery';
import { entity, makeFinding } from './findingDraft';
import { otSeriesOf } from '../observationSeries';

export const SILENT_CHANNEL = 'silent-channel';

interface Channel {
  key: string;
  srcIp: string;
  dstIp: string;
  srcAsset: string;
  dstAsset: string;
  srcZone: string;
  dstZone: string;
  protocol: string;
  buckets: Set<number>;
}

export function detectSilentChannels(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config['silent-channel'];
  const bucketMs = ctx.bucketMs;
  const channels = new Map<string, Channel>();
  const active = new Set<number>();
  for (const series of otSeriesOf(obs)) {
    const op = series.first;
    const key = `${op.srcIp}|${op.dstIp}|${op.protocol}`;
    let channel = channels.get(key);
    if (channel === undefined) {
      channel = {
        key,
        srcIp: op.srcIp,
        dstIp: op.dstIp,
        srcAsset: op.srcAsset,
        dstAsset: op.dstAsset,
        srcZone: op.srcZone,
        dstZone: op.dstZone,
        protocol: op.protocol,
        buckets: new Set(),
      };
      channels.set(key, channel);
    }
    const starts = series.bucketStarts;
    for (let i = 0; i < starts.length; i++) {
      channel.buckets.add(starts[i]);
      active.add(starts[i]);
    }
  }
  const activeBuckets = [...active].sort((a, b) => a - b);
  const baselineBuckets = activeBuckets.filter((b) => b >= ctx.baseline.from && b < ctx.baseline.to);
  const laterBuckets = activeBuckets.filter((b) => b >= ctx.baseline.to && b + bucketMs <= ctx.range.to);
  if (baselineBuckets.length === 0) {
    return [];
  }
  const findings: Finding[] = [];
  const sorted = [...channels.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const channel of sorted) {
    const seen = baselineBuckets.filter((b) => channel.buckets.has(b)).length;
    const presence = seen / baselineBuckets.length;
    if (presence < settings.minPresence) {
      continue;
    }
    let run: number[] = [];
    const close = () => {
      if (run.length >= Math.max(1, settings.silentBuckets)) {
        findings.push(silence(channel, run, presence, ctx));
      }
      run = [];
    };
    for (const bucket of laterBuckets) {
      if (channel.buckets.has(bucket)) {
        close();
      } else {
        run.push(bucket);
      }
    }
    close();
  }
  return findings;
}

function silence(channel: Channel, run: number[], presence: number, ctx: DetectionContext): Finding {
  const start = run[0];
  const end = run[run.length - 1] + ctx.bucketMs;
  const minutes = Math.round((end - start) / 60_000);
  const src = ctx.nameOf(channel.srcAsset, channel.srcIp);
  const dst = ctx.nameOf(channel.dstAsset, channel.dstIp);
  const dstZone = ctx.zoneOf(channel.dstZone, channel.dstIp);
  return makeFinding({
    detector: SILENT_CHANNEL,
    category: 'silent-channel',
    technique: techniqueOf('silent-channel', 'any'),
    time: start,
    endTime: end,
    score: 40 + Math.min(25, minutes / 4) + (dstZone !== undefined && dstZone.purdueLevel <= 1 ? 10 : 0),
    source: entity(channel.srcAsset, channel.srcIp, ctx.zoneOf(channel.srcZone, channel.srcIp) ?? channel.srcZone),
    destination: entity(channel.dstAsset, channel.dstIp, dstZone ?? channel.dstZone),
    explanation: `${src} stopped talking ${channel.protocol === '' ? '' : channel.protocol + ' '}to ${dst} for ${minutes} minutes, although it did in ${Math.round(
      presence * 100
    )}% of the baseline's minutes.`,
    discriminator: channel.protocol,
    evidence: {
      records: [
        {
          srcIp: channel.srcIp,
          dstIp: channel.dstIp,
          protocol: channel.protocol,
          silentFrom: start,
          silentTo: end,
          baselinePresence: Math.round(presence * 1000) / 1000,
        },
      ],
      query: evidenceQuery({
        measurement: 'ot_operation',
        tags: { src_ip: channel.srcIp, dst_ip: channel.dstIp, protocol: channel.protocol },
        from: start - ctx.bucketMs * 5,
        to: end,
      }),
      store: 'ot',
    },
  });
}
