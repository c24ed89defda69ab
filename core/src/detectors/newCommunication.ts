/**
 * New talkers and new communication paths, measured against the baseline window: an address that never
 * spoke during the baseline and now speaks in or into OT, and a source, destination and service (or OT
 * protocol and operation) never seen together during the baseline. Only OT and the DMZ are judged by
 * default: office traffic changes too freely for "new" to mean much there.
 *
 * A new path is judged against its peers too: when a conduit allows it and hosts of the same zone and role
 * used the same destination and service during the baseline, it is routine (a workstation reaching the
 * historian replica its neighbours use), and is not reported (or reported as informational, by setting). A
 * path no peer used, one no conduit allows, or a remote session (rdp, ssh, ...) stays a finding that says which.
 */
import type { Finding } from '../finding';
import type { FlowAggregate, Observations, OtOperationAggregate } from '../observations';
import { OT_PROTOCOLS } from '../telemetryContract';
import type { Zone } from '../model/zoneModel';
import { connectionLevel, connectionVariant, isRemoteService, techniqueOf } from './attackTechniques';
import { connectionPermission, otRequestPermission } from './conduitPermission';
import type { DetectionContext } from './detectionContext';
import { type Episode, runsOf } from './episodes';
import { evidenceQuery, storeFor } from './evidenceQuery';
import { describeZone, entity, evidenceRows, makeFinding } from './findingDraft';
import { isPublicAddress } from './publicAddress';
import { flowSeriesOf, otSeriesOf, type Series } from '../observationSeries';

export const NEW_COMMUNICATION = 'new-communication';

const OT = new Set<string>(OT_PROTOCOLS);
const ROUTINE_REASON =
  'routine, as a conduit allows it and peers of the same zone and role used it during the baseline';
/** Below the lowest score of the low band, so a routine path is informational. */
const ROUTINE_SCORE = 15;

interface Contact {
  bucketStart: number;
  bucketMs: number;
  what: string;
  protocol: string;
  measurement: 'flow' | 'ot_operation';
  record: FlowAggregate | OtOperationAggregate;
}

interface Ends {
  srcIp: string;
  dstIp: string;
  srcAsset: string;
  dstAsset: string;
  srcZone: string;
  dstZone: string;
}

interface SeriesView {
  ends: Ends;
  what: string;
  protocol: string;
  measurement: 'flow' | 'ot_operation';
  series: Series<FlowAggregate> | Series<OtOperationAggregate>;
}

function seriesViews(obs: Observations): SeriesView[] {
  const views: SeriesView[] = [];
  for (const s of flowSeriesOf(obs)) {
    const f = s.first;
    views.push({
      ends: f,
      what: `${f.service === '' ? 'port' : f.service}/${f.dstPort}`,
      protocol: f.service,
      measurement: 'flow',
      series: s,
    });
  }
  for (const s of otSeriesOf(obs)) {
    const op = s.first;
    views.push({
      ends: op,
      what: `${op.protocol} ${op.operation === '' ? 'requests' : op.operation}`,
      protocol: op.protocol,
      measurement: 'ot_operation',
      series: s,
    });
  }
  return views;
}

interface Group {
  ends: Ends;
  contacts: Contact[];
  /** Why the path was judged as it was, one sentence part per reason. */
  reasons: Set<string>;
}

function addTo(groups: Map<string, Group>, key: string, view: SeriesView, from: number, reason?: string): void {
  let group = groups.get(key);
  if (group === undefined) {
    group = { ends: view.ends, contacts: [], reasons: new Set() };
    groups.set(key, group);
  }
  if (reason !== undefined) {
    group.reasons.add(reason);
  }
  const { bucketStarts, size } = view.series;
  for (let i = 0; i < size; i++) {
    if (bucketStarts[i] >= from) {
      const record = view.series.record(i);
      group.contacts.push({
        bucketStart: record.bucketStart,
        bucketMs: record.bucketMs,
        what: view.what,
        protocol: view.protocol,
        measurement: view.measurement,
        record,
      });
    }
  }
}

function episodesOfGroups(groups: Map<string, Group>, gap: number): Array<{ group: Group; episode: Episode<Contact> }> {
  const out: Array<{ group: Group; episode: Episode<Contact> }> = [];
  for (const [key, group] of groups) {
    group.contacts.sort((a, b) => a.bucketStart - b.bucketStart);
    for (const episode of runsOf(
      group.contacts,
      key,
      (c) => c.bucketStart,
      (c) => c.bucketStart + c.bucketMs,
      gap
    )) {
      out.push({ group, episode });
    }
  }
  return out;
}

function listed(names: string[]): string {
  return names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
}

/** What peers share: the source's zone and role, and the destination and service they reach. */
function peerKey(view: SeriesView, ctx: DetectionContext): string {
  const e = view.ends;
  const zone = ctx.zoneOf(e.srcZone, e.srcIp)?.id ?? e.srcZone;
  return `${zone}|${ctx.roleOf(e.srcAsset, e.srcIp) ?? ''}|${e.dstIp}|${view.what}`;
}

/** Whether a conduit allows the path (within one zone, none is needed), and if not, why. */
function conduitVerdict(view: SeriesView, ctx: DetectionContext): { allowed: boolean; detail: string } {
  const e = view.ends;
  const src = ctx.zoneOf(e.srcZone, e.srcIp);
  const dst = ctx.zoneOf(e.dstZone, e.dstIp);
  if (src === undefined || dst === undefined) {
    return { allowed: false, detail: 'an end lies in no zone of the model' };
  }
  if (src.id === dst.id) {
    return { allowed: true, detail: '' };
  }
  const conduits = ctx.conduitsBetween(src.id, dst.id);
  const role = ctx.roleOf(e.srcAsset, e.srcIp);
  const record = view.series.first;
  const permission =
    view.measurement === 'flow'
      ? connectionPermission(conduits, (record as FlowAggregate).service, (record as FlowAggregate).dstPort, role)
      : otRequestPermission(
          conduits,
          (record as OtOperationAggregate).protocol,
          (record as OtOperationAggregate).operation,
          (record as OtOperationAggregate).functionCode,
          role
        );
  return permission.allowed ? { allowed: true, detail: '' } : { allowed: false, detail: permission.detail };
}

export function detectNewCommunication(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config['new-communication'];
  const views = seriesViews(obs);
  const inBaseline = (bucketStart: number) => bucketStart >= ctx.baseline.from && bucketStart < ctx.baseline.to;
  const talkers = new Set<string>();
  const paths = new Set<string>();
  const peerPaths = new Set<string>();
  for (const view of views) {
    if (view.series.bucketStarts.some(inBaseline)) {
      talkers.add(view.ends.srcIp);
      talkers.add(view.ends.dstIp);
      paths.add(`${view.ends.srcIp}|${view.ends.dstIp}|${view.what}`);
      peerPaths.add(peerKey(view, ctx));
    }
  }
  if (talkers.size === 0) {
    return [];
  }
  const inScope = (zone: Zone | undefined) => zone !== undefined && zone.purdueLevel <= settings.otMaxLevel;
  const newTalkers = new Map<string, Group>();
  const newPaths = new Map<string, Group>();
  const routinePaths = new Map<string, Group>();
  const routineTalkers = new Map<string, Group>();
  for (const view of views) {
    const e = view.ends;
    const { bucketStarts, size } = view.series;
    if (e.srcIp === '' || size === 0 || bucketStarts[size - 1] < ctx.baseline.to) {
      continue;
    }
    if (!inScope(ctx.zoneOf(e.srcZone, e.srcIp)) && !inScope(ctx.zoneOf(e.dstZone, e.dstIp))) {
      continue;
    }
    const routine = conduitVerdict(view, ctx);
    // A host's role comes from the inventory or the model: an address nobody named has no peers to follow.
    const hasRole = ctx.roleOf(e.srcAsset, e.srcIp) !== undefined;
    // A new remote session is never routine: it gives a person the far host, the lateral movement to see even
    // where the conduit allows it and colleagues use it (a stolen login looks exactly like that).
    const peersUsed = !isRemoteService(view.protocol) && peerPaths.has(peerKey(view, ctx));
    if (!talkers.has(e.srcIp)) {
      if (!(routine.allowed && peersUsed && hasRole)) {
        addTo(newTalkers, e.srcIp, view, ctx.baseline.to);
      } else if (settings.reportRoutine) {
        addTo(routineTalkers, e.srcIp, view, ctx.baseline.to, ROUTINE_REASON);
      }
    } else if (!paths.has(`${e.srcIp}|${e.dstIp}|${view.what}`)) {
      const verdict = routine;
      if (verdict.allowed && peersUsed) {
        if (settings.reportRoutine) {
          addTo(routinePaths, `${e.srcIp}|${e.dstIp}`, view, ctx.baseline.to, ROUTINE_REASON);
        }
      } else {
        const reason = verdict.allowed
          ? 'a conduit allows it, but no peer of the same zone and role used it during the baseline'
          : verdict.detail;
        addTo(newPaths, `${e.srcIp}|${e.dstIp}`, view, ctx.baseline.to, reason);
      }
    }
  }
  const gap = settings.episodeGapBuckets * ctx.bucketMs;
  const findings: Finding[] = [];
  const talkerEpisodes = [
    ...episodesOfGroups(newTalkers, gap).map((e) => ({ ...e, routine: false })),
    ...episodesOfGroups(routineTalkers, gap).map((e) => ({ ...e, routine: true })),
  ];
  for (const { group, episode, routine } of talkerEpisodes) {
    const c = group.ends;
    const src = ctx.zoneOf(c.srcZone, c.srcIp);
    const peers = [...new Set(episode.items.map((i) => ctx.nameOf(i.record.dstAsset, i.record.dstIp)))].sort();
    const speaksOt = episode.items.some((i) => OT.has(i.protocol));
    const lowest = Math.min(
      ...episode.items.map((i) => ctx.zoneOf(i.record.dstZone, i.record.dstIp)?.purdueLevel ?? 5)
    );
    const score = 60 + (lowest <= 1 ? 15 : lowest <= 2 ? 10 : 0) + (speaksOt ? 5 : 0);
    findings.push(
      makeFinding({
        detector: NEW_COMMUNICATION,
        category: 'new-talker',
        time: episode.start,
        endTime: episode.end,
        score: routine ? Math.min(score, ROUTINE_SCORE) : score,
        technique: techniqueOf('new-talker', speaksOt ? 'industrial' : 'other'),
        source: entity(c.srcAsset, c.srcIp, src ?? c.srcZone),
        explanation: `${ctx.nameOf(c.srcAsset, c.srcIp)}, an address never seen during the baseline, appeared in ${describeZone(
          src
        )} and talked to ${listed(peers)}${routine ? `: ${ROUTINE_REASON}` : ''}.`,
        discriminator: routine ? 'talker|routine' : 'talker',
        evidence: {
          records: evidenceRows(episode.items.map((i) => i.record)),
          query: evidenceQuery({
            measurement: episode.items[0].measurement,
            tags: { src_ip: c.srcIp },
            from: episode.start,
            to: episode.end,
          }),
          store: 'ot',
        },
      })
    );
  }
  const pathEpisodes = [
    ...episodesOfGroups(newPaths, gap).map((e) => ({ ...e, routine: false })),
    ...episodesOfGroups(routinePaths, gap).map((e) => ({ ...e, routine: true })),
  ];
  for (const { group, episode, routine } of pathEpisodes) {
    const c = group.ends;
    const src = ctx.zoneOf(c.srcZone, c.srcIp);
    const dst = ctx.zoneOf(c.dstZone, c.dstIp);
    const level = dst?.purdueLevel ?? 5;
    const protocols = [...new Set(episode.items.map((i) => i.protocol.toLowerCase()))];
    const variant = connectionVariant({
      services: protocols,
      operations: episode.items.flatMap((i) =>
        i.measurement === 'ot_operation' ? [(i.record as OtOperationAggregate).operation] : []
      ),
      srcLevel: connectionLevel(src, isPublicAddress(c.srcIp)),
      dstLevel: connectionLevel(dst, isPublicAddress(c.dstIp)),
    });
    const remote = variant === 'remote-service';
    const what = [...new Set(episode.items.map((i) => i.what))].sort();
    const score = 45 + (level <= 1 ? 15 : level <= 2 ? 10 : level <= 3.5 ? 5 : 0) + (remote ? 5 : 0);
    const hour = new Date(episode.start).toISOString().slice(11, 16);
    const flows = episode.items.some((i) => i.measurement === 'flow');
    findings.push(
      makeFinding({
        detector: NEW_COMMUNICATION,
        category: 'new-path',
        time: episode.start,
        endTime: episode.end,
        score: routine ? Math.min(score, ROUTINE_SCORE) : score,
        technique: techniqueOf('new-path', variant),
        source: entity(c.srcAsset, c.srcIp, src ?? c.srcZone),
        destination: entity(c.dstAsset, c.dstIp, dst ?? c.dstZone),
        explanation: `${ctx.nameOf(c.srcAsset, c.srcIp)} (${describeZone(src)}) started ${listed(what)} to ${ctx.nameOf(
          c.dstAsset,
          c.dstIp
        )} (${describeZone(dst)}) at ${hour} UTC, a path never used during the baseline: ${[...group.reasons].join('; ')}.`,
        discriminator: routine ? 'path|routine' : 'path',
        evidence: {
          records: evidenceRows(episode.items.map((i) => i.record)),
          query: evidenceQuery({
            measurement: flows ? 'flow' : 'ot_operation',
            tags: { src_ip: c.srcIp, dst_ip: c.dstIp },
            from: episode.start,
            to: episode.end,
          }),
          store: storeFor(flows ? 'flow' : 'ot_operation', Math.min(level, src?.purdueLevel ?? 5)),
        },
      })
    );
  }
  return findings;
}
