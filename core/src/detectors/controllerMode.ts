/**
 * Controller mode changes (run, program, stop, remote): requests that change the mode and the mode a
 * controller reports. A controller entering or leaving `fault` is equipment health, not an operating
 * decision, so it is reported as sensor health rather than as a mode change.
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import { otRequestsWhere } from '../observationSeries';
import { techniqueOf } from './attackTechniques';
import { type ControllerTransition, controllerTransitions } from './controllerChanges';
import type { DetectionContext } from './detectionContext';
import { episodesOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding } from './findingDraft';

export const CONTROLLER_MODE = 'controller-mode';

const FAULT = 'fault';

function requestFindings(obs: Observations, ctx: DetectionContext): Finding[] {
  const requests = otRequestsWhere(obs, (op) => op.operation === 'mode_change');
  const episodes = episodesOf(
    requests,
    (op) => `${op.srcIp}|${op.dstIp}|${op.protocol}`,
    (op) => op.bucketStart,
    (op) => op.bucketStart + op.bucketMs,
    ctx.config['controller-mode'].episodeGapBuckets * ctx.bucketMs
  );
  return episodes.map((episode) => {
    const op = episode.items[0];
    const count = episode.items.reduce((sum, o) => sum + o.count, 0);
    const dstZone = ctx.zoneOf(op.dstZone, op.dstIp);
    const role = ctx.roleOf(op.srcAsset, op.srcIp);
    const score = 65 + (role === 'engineering-workstation' ? 0 : 15) + (dstZone?.safety ? 10 : 0);
    return makeFinding({
      detector: CONTROLLER_MODE,
      category: 'mode-change',
      time: episode.start,
      endTime: episode.end,
      score,
      technique: techniqueOf('mode-change', 'any'),
      source: entity(op.srcAsset, op.srcIp, ctx.zoneOf(op.srcZone, op.srcIp) ?? op.srcZone),
      destination: entity(op.dstAsset, op.dstIp, dstZone ?? op.dstZone),
      explanation: `${ctx.nameOf(op.srcAsset, op.srcIp)} sent ${count === 1 ? 'a mode change request' : `${count} mode change requests`} to ${ctx.nameOf(op.dstAsset, op.dstIp)} over ${op.protocol === '' ? 'an OT protocol' : op.protocol}.`,
      discriminator: `request|${op.protocol}`,
      evidence: {
        records: evidenceRows(episode.items),
        query: evidenceQuery({
          measurement: 'ot_operation',
          tags: { src_ip: op.srcIp, dst_ip: op.dstIp, operation: 'mode_change' },
          from: episode.start,
          to: episode.end,
        }),
        store: 'ot',
      },
    });
  });
}

function stateFindings(obs: Observations, ctx: DetectionContext): Finding[] {
  const transitions = controllerTransitions(obs.controllerStates, 'mode');
  const episodes = episodesOf(
    transitions,
    (t: ControllerTransition) => `${t.from === FAULT || t.to === FAULT ? 'health' : 'mode'}|${t.asset}`,
    (t) => t.previousTime,
    (t) => t.time,
    ctx.config['controller-mode'].episodeGapBuckets * ctx.bucketMs
  );
  return episodes.map((episode) => {
    const first = episode.items[0];
    const last = episode.items[episode.items.length - 1];
    const health = episode.key.startsWith('health|');
    const zone = ctx.zoneOf(first.zone, '');
    const sequence = [first.from, ...episode.items.map((t) => t.to)].join(' → ');
    const backToStart = episode.items.length > 1 && last.to === first.from;
    return makeFinding({
      detector: CONTROLLER_MODE,
      category: health ? 'sensor-health' : 'mode-change',
      time: first.previousTime,
      endTime: last.time,
      score: health ? 45 : 70 + (zone?.safety ? 10 : 0) + (first.to === 'stop' ? 5 : 0),
      technique: health ? techniqueOf('sensor-health', 'any') : techniqueOf('mode-change', 'any'),
      destination: entity(first.asset, undefined, zone ?? first.zone),
      explanation: health
        ? `${first.asset} reported a controller fault (${sequence}).`
        : `${first.asset} changed operating mode ${sequence}${backToStart ? ', ending where it started' : ''}.`,
      discriminator: health ? 'state|fault' : 'state|mode',
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

export function detectModeChanges(obs: Observations, ctx: DetectionContext): Finding[] {
  return [...requestFindings(obs, ctx), ...stateFindings(obs, ctx)];
}
