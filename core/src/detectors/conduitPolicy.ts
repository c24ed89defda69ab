/**
 * Conduit policy: every connection between two zones must be allowed by a conduit's allow-list (service,
 * port, source role). Also reported: OT hosts reaching addresses in no zone (internet egress) and hosts in
 * no zone reaching into OT. A connection that jumps Purdue levels (office straight to a PLC) scores higher.
 */
import type { Finding } from '../finding';
import type { FlowAggregate, Observations } from '../observations';
import type { Zone } from '../model/zoneModel';
import { connectionLevel, connectionVariant, operationsBetween, techniqueOf } from './attackTechniques';
import { connectionPermission } from './conduitPermission';
import type { DetectionContext } from './detectionContext';
import { bucketRunsOf } from './episodes';
import { evidenceQuery, storeFor } from './evidenceQuery';
import { describeZone, entity, evidenceRows, makeFinding, shownRecords } from './findingDraft';
import { flowSeriesOf, otSeriesOf } from '../observationSeries';
import { isPublicAddress } from './publicAddress';
import { skippedLevels } from './purdueDistance';

export const CONDUIT_POLICY = 'conduit-policy';

interface Violation {
  flow: FlowAggregate;
  kind: 'no-conduit' | 'service' | 'source-role' | 'internet-egress' | 'unknown-source';
  src: Zone | undefined;
  dst: Zone | undefined;
  detail: string;
}

const BASE_SCORE: Record<Violation['kind'], number> = {
  'no-conduit': 70,
  service: 60,
  'source-role': 60,
  'internet-egress': 70,
  'unknown-source': 65,
};

function judge(flow: FlowAggregate, ctx: DetectionContext): Omit<Violation, 'flow'> | undefined {
  const src = ctx.zoneOf(flow.srcZone, flow.srcIp);
  const dst = ctx.zoneOf(flow.dstZone, flow.dstIp);
  const otMaxLevel = ctx.config['conduit-policy'].otMaxLevel;
  if (src !== undefined && dst !== undefined) {
    if (src.id === dst.id) {
      return undefined;
    }
    const permission = connectionPermission(
      ctx.conduitsBetween(src.id, dst.id),
      flow.service,
      flow.dstPort,
      ctx.roleOf(flow.srcAsset, flow.srcIp)
    );
    if (permission.allowed) {
      return undefined;
    }
    const kind =
      permission.reason === 'no-conduit'
        ? 'no-conduit'
        : permission.reason === 'source-role'
          ? 'source-role'
          : 'service';
    return { kind, src, dst, detail: permission.detail };
  }
  if (src !== undefined && dst === undefined) {
    if (ctx.config['conduit-policy'].internetEgress && src.purdueLevel <= otMaxLevel && isPublicAddress(flow.dstIp)) {
      return {
        kind: 'internet-egress',
        src,
        dst,
        detail: 'the destination is an internet address in no zone of the model',
      };
    }
    return undefined;
  }
  if (src === undefined && dst !== undefined && dst.purdueLevel <= otMaxLevel && flow.srcIp !== '') {
    return { kind: 'unknown-source', src, dst, detail: 'the source address lies in no zone of the model' };
  }
  return undefined;
}

function sentence(v: Violation, ctx: DetectionContext, skipped: number): string {
  const f = v.flow;
  const from = `${ctx.nameOf(f.srcAsset, f.srcIp)} (${describeZone(v.src)})`;
  const to = `${ctx.nameOf(f.dstAsset, f.dstIp)} (${describeZone(v.dst)})`;
  const service = `${f.service === '' ? 'port' : f.service + '/'}${f.dstPort}`;
  let reason: string;
  switch (v.kind) {
    case 'no-conduit':
      reason = `no conduit allows ${v.src?.name ?? 'its zone'} to reach ${v.dst?.name ?? 'that zone'}`;
      break;
    default:
      reason = v.detail;
  }
  const jump = skipped > 0 ? `; the path skips ${skipped} Purdue level${skipped === 1 ? '' : 's'}` : '';
  return `${from} connected to ${to} over ${service}, but ${reason}${jump}.`;
}

export function detectConduitViolations(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config['conduit-policy'];
  const gap = settings.episodeGapBuckets * ctx.bucketMs;
  const findings: Finding[] = [];
  const operations = operationsBetween(otSeriesOf(obs));
  for (const series of flowSeriesOf(obs)) {
    const verdict = judge(series.first, ctx);
    if (verdict === undefined) {
      continue;
    }
    const f = series.first;
    for (const run of bucketRunsOf(series.bucketStarts, f.bucketMs, gap)) {
      const shown = shownRecords(series, run.from, run.to);
      const seen = operations(f.srcIp, f.dstIp, run.start, run.end);
      findings.push(violationFinding({ flow: f, ...verdict }, shown, run.start, run.end, seen, ctx));
    }
  }
  return findings;
}

function violationFinding(
  first: Violation,
  flows: FlowAggregate[],
  start: number,
  end: number,
  operations: string[],
  ctx: DetectionContext
): Finding {
  const f = first.flow;
  const skipped =
    first.src !== undefined && first.dst !== undefined
      ? skippedLevels(first.src.purdueLevel, first.dst.purdueLevel)
      : 0;
  let score = BASE_SCORE[first.kind] + 8 * Math.min(skipped, 3);
  if (first.dst?.safety) {
    score += 10;
  }
  if (first.dst !== undefined && first.dst.purdueLevel <= 1) {
    score += 5;
  }
  const technique = techniqueOf(
    'conduit-violation',
    connectionVariant({
      services: [f.service],
      operations,
      srcLevel: connectionLevel(first.src, isPublicAddress(f.srcIp)),
      dstLevel: connectionLevel(first.dst, isPublicAddress(f.dstIp)),
    })
  );
  const lowest = Math.min(first.src?.purdueLevel ?? 5, first.dst?.purdueLevel ?? 5);
  return makeFinding({
    detector: CONDUIT_POLICY,
    category: 'conduit-violation',
    time: start,
    endTime: end,
    score,
    technique,
    source: entity(f.srcAsset, f.srcIp, first.src ?? f.srcZone),
    destination: entity(f.dstAsset, f.dstIp, first.dst ?? f.dstZone),
    explanation: sentence(first, ctx, skipped),
    discriminator: `${first.kind}|${f.service}|${f.dstPort}`,
    evidence: {
      records: evidenceRows(flows),
      query: evidenceQuery({
        measurement: 'flow',
        tags: { src_ip: f.srcIp, dst_ip: f.dstIp, service: f.service, dst_port: String(f.dstPort) },
        from: start,
        to: end,
      }),
      store: storeFor('flow', lowest),
    },
  });
}
