/**
 * New talkers and new communication paths, measured against the baseline window: an address that never
 * spoke during the baseline and now speaks in or into OT, and a source, destination and service (or OT
 * protocol and operation) never seen together during the baseline. Only OT and the DMZ are judged by
 * default: office traffic changes too freely for "new" to mean much there.
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import { OT_PROTOCOLS } from '../telemetryContract';
import type { Zone } from '../zoneModel';
import type { DetectionContext } from './detectionContext';
import { episodesOf } from './episodes';
import { evidenceQuery, storeFor } from './evidenceQuery';
import { describeZone, entity, evidenceRows, makeFinding } from './findingDraft';

export const NEW_COMMUNICATION = 'new-communication';

const REMOTE_ACCESS = new Set(['rdp', 'ssh', 'vnc', 'telnet', 'smb', 'winrm']);
const OT = new Set<string>(OT_PROTOCOLS);

interface Contact {
  bucketStart: number;
  bucketMs: number;
  srcIp: string;
  dstIp: string;
  srcAsset: string;
  dstAsset: string;
  srcZone: string;
  dstZone: string;
  /** Service and port of a flow, or protocol and operation of an OT request. */
  what: string;
  protocol: string;
  measurement: 'flow' | 'ot_operation';
  record: object;
}

function contactsOf(obs: Observations): Contact[] {
  const contacts: Contact[] = [];
  for (const f of obs.flows) {
    contacts.push({
      bucketStart: f.bucketStart,
      bucketMs: f.bucketMs,
      srcIp: f.srcIp,
      dstIp: f.dstIp,
      srcAsset: f.srcAsset,
      dstAsset: f.dstAsset,
      srcZone: f.srcZone,
      dstZone: f.dstZone,
      what: `${f.service === '' ? 'port' : f.service}/${f.dstPort}`,
      protocol: f.service,
      measurement: 'flow',
      record: f,
    });
  }
  for (const op of obs.otOperations) {
    contacts.push({
      bucketStart: op.bucketStart,
      bucketMs: op.bucketMs,
      srcIp: op.srcIp,
      dstIp: op.dstIp,
      srcAsset: op.srcAsset,
      dstAsset: op.dstAsset,
      srcZone: op.srcZone,
      dstZone: op.dstZone,
      what: `${op.protocol} ${op.operation === '' ? 'requests' : op.operation}`,
      protocol: op.protocol,
      measurement: 'ot_operation',
      record: op,
    });
  }
  return contacts;
}

export function detectNewCommunication(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config['new-communication'];
  const contacts = contactsOf(obs);
  const talkers = new Set<string>();
  const paths = new Set<string>();
  let baselineSeen = false;
  for (const c of contacts) {
    if (c.bucketStart >= ctx.baseline.from && c.bucketStart < ctx.baseline.to) {
      talkers.add(c.srcIp);
      talkers.add(c.dstIp);
      paths.add(`${c.srcIp}|${c.dstIp}|${c.what}`);
      baselineSeen = true;
    }
  }
  if (!baselineSeen) {
    return [];
  }
  const inScope = (zone: Zone | undefined) => zone !== undefined && zone.purdueLevel <= settings.otMaxLevel;
  const newTalkers: Contact[] = [];
  const newPaths: Contact[] = [];
  for (const c of contacts) {
    if (c.bucketStart < ctx.baseline.to || c.srcIp === '') {
      continue;
    }
    const src = ctx.zoneOf(c.srcZone, c.srcIp);
    const dst = ctx.zoneOf(c.dstZone, c.dstIp);
    if (!inScope(src) && !inScope(dst)) {
      continue;
    }
    if (!talkers.has(c.srcIp)) {
      newTalkers.push(c);
    } else if (!paths.has(`${c.srcIp}|${c.dstIp}|${c.what}`)) {
      newPaths.push(c);
    }
  }
  const gap = settings.episodeGapBuckets * ctx.bucketMs;
  const talkerFindings = episodesOf(
    newTalkers,
    (c) => c.srcIp,
    (c) => c.bucketStart,
    (c) => c.bucketStart + c.bucketMs,
    gap
  ).map((episode) => {
    const c = episode.items[0];
    const src = ctx.zoneOf(c.srcZone, c.srcIp);
    const peers = [...new Set(episode.items.map((i) => ctx.nameOf(i.dstAsset, i.dstIp)))].sort();
    const speaksOt = episode.items.some((i) => OT.has(i.protocol));
    const lowest = Math.min(...episode.items.map((i) => ctx.zoneOf(i.dstZone, i.dstIp)?.purdueLevel ?? 5));
    const score = 60 + (lowest <= 1 ? 15 : lowest <= 2 ? 10 : 0) + (speaksOt ? 5 : 0);
    const listed = peers.length > 4 ? `${peers.slice(0, 4).join(', ')} and ${peers.length - 4} more` : peers.join(', ');
    return makeFinding({
      detector: NEW_COMMUNICATION,
      category: 'new-talker',
      time: episode.start,
      endTime: episode.end,
      score,
      technique: speaksOt ? 'T0848' : undefined,
      source: entity(c.srcAsset, c.srcIp, src ?? c.srcZone),
      explanation: `${ctx.nameOf(c.srcAsset, c.srcIp)}, an address never seen during the baseline, appeared in ${describeZone(
        src
      )} and talked to ${listed}.`,
      discriminator: 'talker',
      evidence: {
        records: evidenceRows(episode.items.map((i) => i.record)),
        query: evidenceQuery({
          measurement: c.measurement,
          tags: { src_ip: c.srcIp },
          from: episode.start,
          to: episode.end,
        }),
        store: 'ot',
      },
    });
  });
  const pathFindings = episodesOf(
    newPaths,
    (c) => `${c.srcIp}|${c.dstIp}|${c.what}`,
    (c) => c.bucketStart,
    (c) => c.bucketStart + c.bucketMs,
    gap
  ).map((episode) => {
    const c = episode.items[0];
    const src = ctx.zoneOf(c.srcZone, c.srcIp);
    const dst = ctx.zoneOf(c.dstZone, c.dstIp);
    const level = dst?.purdueLevel ?? 5;
    const remote = REMOTE_ACCESS.has(c.protocol.toLowerCase());
    const score = 45 + (level <= 1 ? 15 : level <= 2 ? 10 : level <= 3.5 ? 5 : 0) + (remote ? 5 : 0);
    const hour = new Date(episode.start).toISOString().slice(11, 16);
    return makeFinding({
      detector: NEW_COMMUNICATION,
      category: 'new-path',
      time: episode.start,
      endTime: episode.end,
      score,
      technique: remote ? 'T0886' : undefined,
      source: entity(c.srcAsset, c.srcIp, src ?? c.srcZone),
      destination: entity(c.dstAsset, c.dstIp, dst ?? c.dstZone),
      explanation: `${ctx.nameOf(c.srcAsset, c.srcIp)} (${describeZone(src)}) started ${c.what} to ${ctx.nameOf(
        c.dstAsset,
        c.dstIp
      )} (${describeZone(dst)}) at ${hour} UTC, a path never used during the baseline.`,
      discriminator: `path|${c.what}`,
      evidence: {
        records: evidenceRows(episode.items.map((i) => i.record)),
        query: evidenceQuery({
          measurement: c.measurement,
          tags: { src_ip: c.srcIp, dst_ip: c.dstIp },
          from: episode.start,
          to: episode.end,
        }),
        store: storeFor(c.measurement, Math.min(level, src?.purdueLevel ?? 5)),
      },
    });
  });
  return [...talkerFindings, ...pathFindings];
}
