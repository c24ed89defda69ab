/**
 * New talkers and new communication paths, measured against the baseline window: an address that never
 * spoke during the baseline and now speaks in or into OT, and a source, destination and service (or OT
 * protocol and operation) never seen together during the baseline. Only OT and the DMZ are judged by
 * default: office traffic changes too freely for "new" to mean much there.
 */
import type { Finding } from '../finding';
import type { FlowAggregate, Observations, OtOperationAggregate } from '../observations';
import { OT_PROTOCOLS } from '../telemetryContract';
import type { Zone } from '../model/zoneModel';
import { connectionLevel, connectionVariant, techniqueOf } from './attackTechniques';
import type { DetectionContext } from './detectionContext';
import { type Episode, runsOf } from './episodes';
import { evidenceQuery, storeFor } from './evidenceQuery';
import { describeZone, entity, evidenceRows, makeFinding } from './findingDraft';
import { isPublicAddress } from './publicAddress';
import { flowSeriesOf, otSeriesOf, type Series } from '../observationSeries';

export const NEW_COMMUNICATION = 'new-communication';

const OT = new Set<string>(OT_PROTOCOLS);

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
}

function addTo(groups: Map<string, Group>, key: string, view: SeriesView, from: number): void {
  let group = groups.get(key);
  if (group === undefined) {
    group = { ends: view.ends, contacts: [] };
    groups.set(key, group);
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

export function detectNewCommunication(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config['new-communication'];
  const views = seriesViews(obs);
  const inBaseline = (bucketStart: number) => bucketStart >= ctx.baseline.from && bucketStart < ctx.baseline.to;
  const talkers = new Set<string>();
  const paths = new Set<string>();
  for (const view of views) {
    if (view.series.bucketStarts.some(inBaseline)) {
      talkers.add(view.ends.srcIp);
      talkers.add(view.ends.dstIp);
      paths.add(`${view.ends.srcIp}|${view.ends.dstIp}|${view.what}`);
    }
  }
  if (talkers.size === 0) {
    return [];
  }
  const inScope = (zone: Zone | undefined) => zone !== undefined && zone.purdueLevel <= settings.otMaxLevel;
  const newTalkers = new Map<string, Group>();
  const newPaths = new Map<string, Group>();
  for (const view of views) {
    const e = view.ends;
    const { bucketStarts, size } = view.series;
    if (e.srcIp === '' || size === 0 || bucketStarts[size - 1] < ctx.baseline.to) {
      continue;
    }
    if (!inScope(ctx.zoneOf(e.srcZone, e.srcIp)) && !inScope(ctx.zoneOf(e.dstZone, e.dstIp))) {
      continue;
    }
    if (!talkers.has(e.srcIp)) {
      addTo(newTalkers, e.srcIp, view, ctx.baseline.to);
    } else if (!paths.has(`${e.srcIp}|${e.dstIp}|${view.what}`)) {
      addTo(newPaths, `${e.srcIp}|${e.dstIp}`, view, ctx.baseline.to);
    }
  }
  const gap = settings.episodeGapBuckets * ctx.bucketMs;
  const findings: Finding[] = [];
  for (const { group, episode } of episodesOfGroups(newTalkers, gap)) {
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
        score,
        technique: techniqueOf('new-talker', speaksOt ? 'industrial' : 'other'),
        source: entity(c.srcAsset, c.srcIp, src ?? c.srcZone),
        explanation: `${ctx.nameOf(c.srcAsset, c.srcIp)}, an address never seen during the baseline, appeared in ${describeZone(
          src
        )} and talked to ${listed(peers)}.`,
        discriminator: 'talker',
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
  for (const { group, episode } of episodesOfGroups(newPaths, gap)) {
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
        score,
        technique: techniqueOf('new-path', variant),
        source: entity(c.srcAsset, c.srcIp, src ?? c.srcZone),
        destination: entity(c.dstAsset, c.dstIp, dst ?? c.dstZone),
        explanation: `${ctx.nameOf(c.srcAsset, c.srcIp)} (${describeZone(src)}) started ${listed(what)} to ${ctx.nameOf(
          c.dstAsset,
          c.dstIp
        )} (${describeZone(dst)}) at ${hour} UTC, a path never used during the baseline.`,
        discriminator: 'path',
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
