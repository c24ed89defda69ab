/**
 * Unauthorised OT commands: a request (write, program download, mode change, firmware update, or a read)
 * whose source role, operation or function code the conduit between its zones does not allow, or that
 * crosses zones no conduit connects. Also: a write over an allowed path whose value lies far outside what
 * was written to that register during the baseline (an insider moving a setpoint out of range).
 */
import type { Finding } from '../finding';
import type { Observations, OtOperationAggregate } from '../observations';
import type { Zone } from '../model/zoneModel';
import { techniqueOf } from './attackTechniques';
import { otRequestPermission } from './conduitPermission';
import type { DetectionContext } from './detectionContext';
import { episodesOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { describeZone, entity, evidenceRows, makeFinding } from './findingDraft';
import { otSeriesOf } from '../observationSeries';

export const OT_COMMAND = 'ot-command';

interface Refusal {
  op: OtOperationAggregate;
  reason: string;
  src: Zone | undefined;
  dst: Zone | undefined;
  detail: string;
}

/** Operations the technique table tells apart; any other counts as a command. */
const OPERATION_VARIANTS = new Set([
  'write',
  'program_download',
  'program_upload',
  'mode_change',
  'firmware_update',
  'read',
  'diagnostic',
]);

const BASE_SCORE: Record<string, number> = {
  write: 78,
  program_download: 85,
  firmware_update: 85,
  mode_change: 80,
  program_upload: 60,
  read: 45,
  diagnostic: 45,
};

/** How each protocol names itself, what it addresses, and what its request codes are called. */
const PROTOCOL_TERMS: Record<string, { name: string; addressed: string; code: string }> = {
  modbus: { name: 'Modbus', addressed: 'register', code: 'FC' },
  dnp3: { name: 'DNP3', addressed: 'point', code: 'FC' },
  s7comm: { name: 'S7comm', addressed: 'address', code: 'function' },
  enip: { name: 'EtherNet/IP', addressed: 'instance', code: 'service' },
  bacnet: { name: 'BACnet', addressed: 'object', code: 'service' },
  opcua: { name: 'OPC UA', addressed: 'node', code: 'service' },
};

function termsOf(protocol: string): { name: string; addressed: string; code: string } {
  return (
    PROTOCOL_TERMS[protocol] ?? {
      name: protocol === '' ? 'an OT protocol' : protocol,
      addressed: 'address',
      code: 'code',
    }
  );
}

function addresses(op: OtOperationAggregate): string {
  const noun = termsOf(op.protocol).addressed;
  if (op.minAddress === null || op.maxAddress === null) {
    return `${noun}s`;
  }
  return op.minAddress === op.maxAddress ? `${noun} ${op.minAddress}` : `${noun}s ${op.minAddress}-${op.maxAddress}`;
}

/** What the request did, as the verb phrase of a sentence. */
export function describeRequest(op: OtOperationAggregate, target: string): string {
  switch (op.operation) {
    case 'write':
      return `wrote ${addresses(op)} on ${target}`;
    case 'read':
      return `read ${addresses(op)} from ${target}`;
    case 'program_download':
      return `downloaded a program to ${target}`;
    case 'program_upload':
      return `uploaded the program of ${target}`;
    case 'mode_change':
      return `changed the operating mode of ${target}`;
    case 'firmware_update':
      return `updated the firmware of ${target}`;
    case 'diagnostic':
      return `sent diagnostic requests to ${target}`;
    default:
      return `sent ${op.operation === '' ? 'requests' : op.operation + ' requests'} to ${target}`;
  }
}

function protocolPhrase(protocol: string, codes: readonly string[]): string {
  const terms = termsOf(protocol);
  return codes.length === 0 ? terms.name : `${terms.name} ${terms.code} ${codes.join(', ')}`;
}

function judge(op: OtOperationAggregate, ctx: DetectionContext): Omit<Refusal, 'op'> | undefined {
  const src = ctx.zoneOf(op.srcZone, op.srcIp);
  const dst = ctx.zoneOf(op.dstZone, op.dstIp);
  if (dst === undefined) {
    return undefined;
  }
  if (src === undefined) {
    return op.srcIp === ''
      ? undefined
      : { reason: 'unknown-source', src, dst, detail: 'its source address lies in no zone of the model' };
  }
  if (src.id === dst.id) {
    return undefined;
  }
  const permission = otRequestPermission(
    ctx.conduitsBetween(src.id, dst.id),
    op.protocol,
    op.operation,
    op.functionCode,
    ctx.roleOf(op.srcAsset, op.srcIp)
  );
  if (permission.allowed) {
    return undefined;
  }
  const detail =
    permission.reason === 'no-conduit' ? `no conduit allows ${src.name} to reach ${dst.name}` : permission.detail;
  return { reason: permission.reason, src, dst, detail };
}

/** Register key of a write: target, protocol, function code and registers. */
function registerKey(op: OtOperationAggregate): string {
  return `${op.dstIp}|${op.protocol}|${op.functionCode}|${op.minAddress ?? ''}|${op.maxAddress ?? ''}`;
}

/** Writes over allowed paths whose value lies far outside what the baseline wrote to the same registers. */
function outOfRangeWrites(writes: ReadonlyArray<readonly OtOperationAggregate[]>, ctx: DetectionContext): Refusal[] {
  const tolerance = ctx.config['ot-command'].valueRangeTolerance;
  const relative = ctx.config['ot-command'].valueRelativeMargin;
  const ranges = new Map<string, { lo: number; hi: number }>();
  for (const records of writes) {
    for (let i = 0; i < records.length; i++) {
      const op = records[i];
      if (op.lastValue === null || op.bucketStart < ctx.baseline.from || op.bucketStart >= ctx.baseline.to) {
        continue;
      }
      const key = registerKey(op);
      const range = ranges.get(key);
      if (range === undefined) {
        ranges.set(key, { lo: op.lastValue, hi: op.lastValue });
      } else {
        range.lo = Math.min(range.lo, op.lastValue);
        range.hi = Math.max(range.hi, op.lastValue);
      }
    }
  }
  const found: Refusal[] = [];
  for (const records of writes) {
    for (let i = 0; i < records.length; i++) {
      const op = records[i];
      if (op.lastValue === null || op.bucketStart < ctx.baseline.to) {
        continue;
      }
      const range = ranges.get(registerKey(op));
      if (range === undefined) {
        continue;
      }
      const margin = Math.max(
        tolerance * (range.hi - range.lo),
        relative * Math.max(Math.abs(range.lo), Math.abs(range.hi)),
        1e-6
      );
      const value = op.lastValue;
      if (value < range.lo - margin || value > range.hi + margin) {
        found.push({
          op,
          reason: 'value-range',
          src: ctx.zoneOf(op.srcZone, op.srcIp),
          dst: ctx.zoneOf(op.dstZone, op.dstIp),
          detail: `the value ${value} lies outside the ${range.lo} to ${range.hi} written there during the baseline`,
        });
      }
    }
  }
  return found;
}

export function detectUnauthorizedCommands(obs: Observations, ctx: DetectionContext): Finding[] {
  const refusals: Refusal[] = [];
  const allowedWrites: Array<readonly OtOperationAggregate[]> = [];
  for (const series of otSeriesOf(obs)) {
    const verdict = judge(series.first, ctx);
    if (verdict === undefined) {
      if (series.first.operation === 'write') {
        allowedWrites.push(series.records());
      }
      continue;
    }
    for (const op of series.records()) {
      refusals.push({ op, ...verdict });
    }
  }
  refusals.push(...outOfRangeWrites(allowedWrites, ctx));
  // One finding per kind of refusal between two hosts and operation, whatever the function codes.
  const episodes = episodesOf(
    refusals,
    (r) => `${r.reason}|${r.op.srcIp}|${r.op.dstIp}|${r.op.protocol}|${r.op.operation}`,
    (r) => r.op.bucketStart,
    (r) => r.op.bucketStart + r.op.bucketMs,
    ctx.config['ot-command'].episodeGapBuckets * ctx.bucketMs
  );
  return episodes.map((episode) => {
    const first = episode.items[0];
    const op = first.op;
    const merged: OtOperationAggregate = {
      ...op,
      minAddress: minOf(episode.items.map((r) => r.op.minAddress)),
      maxAddress: maxOf(episode.items.map((r) => r.op.maxAddress)),
    };
    const codes = [...new Set(episode.items.map((r) => r.op.functionCode).filter((c) => c !== ''))].sort(
      (a, b) => Number(a) - Number(b)
    );
    let score = BASE_SCORE[op.operation] ?? 60;
    if (first.reason === 'value-range') {
      score = 75;
    }
    if (first.dst?.safety) {
      score += 12;
    }
    if (first.reason === 'no-conduit' || first.reason === 'unknown-source') {
      score += 5;
    }
    const count = episode.items.reduce((sum, r) => sum + r.op.count, 0);
    const source = `${ctx.nameOf(op.srcAsset, op.srcIp)} (${describeZone(first.src)})`;
    const target = ctx.nameOf(op.dstAsset, op.dstIp);
    const times = count === 1 ? '' : ` (${count} requests)`;
    return makeFinding({
      detector: OT_COMMAND,
      category: 'unauthorized-command',
      time: episode.start,
      endTime: episode.end,
      score,
      technique: techniqueOf(
        'unauthorized-command',
        first.reason === 'value-range' ? 'value-range' : OPERATION_VARIANTS.has(op.operation) ? op.operation : 'other'
      ),
      source: entity(op.srcAsset, op.srcIp, first.src ?? op.srcZone),
      destination: entity(op.dstAsset, op.dstIp, first.dst ?? op.dstZone),
      explanation: `${source} ${describeRequest(merged, target)} (${protocolPhrase(op.protocol, codes)})${times}, but ${first.detail}.`,
      discriminator: `${first.reason}|${op.protocol}|${op.operation}`,
      evidence: {
        records: evidenceRows(episode.items.map((r) => r.op)),
        query: evidenceQuery({
          measurement: 'ot_operation',
          tags: {
            src_ip: op.srcIp,
            dst_ip: op.dstIp,
            protocol: op.protocol,
            operation: op.operation,
          },
          from: episode.start,
          to: episode.end,
        }),
        store: 'ot',
      },
    });
  });
}

function minOf(values: Array<number | null>): number | null {
  let min: number | null = null;
  for (const v of values) {
    if (v !== null && (min === null || v < min)) {
      min = v;
    }
  }
  return min;
}

function maxOf(values: Array<number | null>): number | null {
  let max: number | null = null;
  for (const v of values) {
    if (v !== null && (max === null || v > max)) {
      max = v;
    }
  }
  return max;
}
