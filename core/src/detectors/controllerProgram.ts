/**
 * Program and firmware changes of controllers, seen two ways: the protocol requests that download a
 * program or update firmware, and a change of the program identity (hash) or firmware version that the
 * controller itself reports.
 */
import type { Finding } from '../finding';
import type { Observations, OtOperationAggregate } from '../observations';
import { otRequestsWhere } from '../observationSeries';
import { techniqueOf } from './attackTechniques';
import { aRole } from './conduitPermission';
import { type ControllerTransition, controllerTransitions } from './controllerChanges';
import type { DetectionContext } from './detectionContext';
import { episodesOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding } from './findingDraft';

export const CONTROLLER_PROGRAM = 'controller-program';

const ENGINEERING_ROLE = 'engineering-workstation';

function requestFindings(obs: Observations, ctx: DetectionContext): Finding[] {
  const requests = otRequestsWhere(
    obs,
    (op) => op.operation === 'program_download' || op.operation === 'firmware_update'
  );
  const bucketMs = requests[0]?.bucketMs ?? 60_000;
  const episodes = episodesOf(
    requests,
    (op) => `${op.operation}|${op.srcIp}|${op.dstIp}|${op.protocol}`,
    (op) => op.bucketStart,
    (op) => op.bucketStart + op.bucketMs,
    ctx.config['controller-program'].episodeGapBuckets * bucketMs
  );
  return episodes.map((episode) => {
    const op: OtOperationAggregate = episode.items[0];
    const firmware = op.operation === 'firmware_update';
    const srcZone = ctx.zoneOf(op.srcZone, op.srcIp);
    const dstZone = ctx.zoneOf(op.dstZone, op.dstIp);
    const role = ctx.roleOf(op.srcAsset, op.srcIp);
    const fromEngineering = role === ENGINEERING_ROLE;
    let score = firmware ? 75 : 70;
    if (!fromEngineering) {
      score += 15;
    }
    if (dstZone?.safety) {
      score += 10;
    }
    const source = ctx.nameOf(op.srcAsset, op.srcIp);
    const target = ctx.nameOf(op.dstAsset, op.dstIp);
    const who = fromEngineering
      ? 'the engineering workstation'
      : role === undefined
        ? 'a host of no known role'
        : aRole(role);
    const what = firmware ? `updated the firmware of ${target}` : `downloaded a program to ${target}`;
    return makeFinding({
      detector: CONTROLLER_PROGRAM,
      category: firmware ? 'firmware-change' : 'program-change',
      time: episode.start,
      endTime: episode.end,
      score,
      technique: firmware ? techniqueOf('firmware-change', 'any') : techniqueOf('program-change', 'downloaded'),
      source: entity(op.srcAsset, op.srcIp, srcZone ?? op.srcZone),
      destination: entity(op.dstAsset, op.dstIp, dstZone ?? op.dstZone),
      explanation: `${source} (${who}) ${what} over ${op.protocol === '' ? 'an OT protocol' : op.protocol}.`,
      discriminator: `request|${op.operation}|${op.protocol}`,
      evidence: {
        records: evidenceRows(episode.items),
        query: evidenceQuery({
          measurement: 'ot_operation',
          tags: { src_ip: op.srcIp, dst_ip: op.dstIp, operation: op.operation },
          from: episode.start,
          to: episode.end,
        }),
        store: 'ot',
      },
    });
  });
}

function stateFindings(obs: Observations, ctx: DetectionContext): Finding[] {
  const transitions = [
    ...controllerTransitions(obs.controllerStates, 'programHash'),
    ...controllerTransitions(obs.controllerStates, 'firmware'),
  ];
  const gap = ctx.config['controller-program'].episodeGapBuckets * ctx.bucketMs;
  const episodes = episodesOf(
    transitions,
    (t: ControllerTransition) => `${t.attribute}|${t.asset}`,
    (t) => t.previousTime,
    (t) => t.time,
    gap
  );
  return episodes.map((episode) => {
    const first = episode.items[0];
    const last = episode.items[episode.items.length - 1];
    const firmware = first.attribute === 'firmware';
    const zone = ctx.zoneOf(first.zone, '');
    const what = firmware ? 'firmware' : 'program identity';
    const change = `${first.from} to ${last.to}`;
    return makeFinding({
      detector: CONTROLLER_PROGRAM,
      category: firmware ? 'firmware-change' : 'program-change',
      time: first.previousTime,
      endTime: last.time,
      score: (firmware ? 75 : 70) + (zone?.safety ? 10 : 0),
      technique: firmware ? techniqueOf('firmware-change', 'any') : techniqueOf('program-change', 'changed'),
      destination: entity(first.asset, undefined, zone ?? first.zone),
      explanation: `${first.asset} reported a new ${what}: ${change}${
        episode.items.length > 1 ? ` after ${episode.items.length} changes` : ''
      }.`,
      discriminator: `state|${first.attribute}`,
      evidence: {
        records: evidenceRows(episode.items),
        query: evidenceQuery({
          measurement: 'controller_state',
          tags: { asset: first.asset },
          from: first.previousTime,
          to: last.time,
        }),
        store: 'ot',
      },
    });
  });
}

export function detectProgramChanges(obs: Observations, ctx: DetectionContext): Finding[] {
  return [...requestFindings(obs, ctx), ...stateFindings(obs, ctx)];
}
