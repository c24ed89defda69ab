/**
 * `core attribution`: zone attribution of both ends of a flow plus the conduit check of its service,
 * over one million flows of the demo plant, in records per second, against a loop that only parses the
 * same addresses. Ratio is the attribution's time over the parsing loop's time (goal: at most 2).
 */
import type { BenchRow } from '../../../bench/benchRow';
import { readFileSync } from 'fs';
import { join } from 'path';

import { createConduitIndex } from './conduitLookup';
import { connectionPermission } from '../detectors/conduitPermission';
import { parseIp } from '../net/ipAddress';
import { createZoneAttributor } from './zoneAttribution';
import { parseZoneModel } from './zoneModelFile';

interface FlowRecord {
  src: string;
  dst: string;
  service: string;
  port: number;
}

const RECORDS = 1_000_000;
/** Hosts the flows are drawn from: a large site's worth, so addresses repeat as they do in telemetry. */
const HOSTS = 5_000;
const SERVICES: Array<[string, number]> = [
  ['modbus', 502],
  ['https', 443],
  ['opcua', 4840],
  ['rdp', 3389],
  ['smb', 445],
  ['dns', 53],
];

/** A deterministic generator, so every run measures the same records. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Flows between hosts inside the model's ranges (v4 and v6 alike), one host in twenty outside every zone. */
function flowRecords(cidrs: string[]): FlowRecord[] {
  const random = lcg(62443);
  const address = (): string => {
    if (random() < 0.05) {
      return `198.51.100.${Math.floor(random() * 254) + 1}`;
    }
    const cidr = cidrs[Math.floor(random() * cidrs.length)];
    const [network] = cidr.split('/');
    if (network.includes(':')) {
      return `${network.replace(/::$/, '')}::${(Math.floor(random() * 0xfffe) + 1).toString(16)}`;
    }
    const octets = network.split('.');
    octets[3] = String(Math.floor(random() * 254) + 1);
    return octets.join('.');
  };
  const hosts = Array.from({ length: HOSTS }, address);
  const host = () => hosts[Math.floor(random() * hosts.length)];
  const records: FlowRecord[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const [service, port] = SERVICES[Math.floor(random() * SERVICES.length)];
    // Fresh strings, as a parser hands them over, so no lookup profits from a hash cached on a shared string.
    records.push({ src: fresh(host()), dst: fresh(host()), service, port });
  }
  return records;
}

function fresh(text: string): string {
  return text.split('').join('');
}

function timeMs(run: () => number): { ms: number; checksum: number } {
  const start = process.hrtime.bigint();
  const checksum = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, checksum };
}

export default async function attributionBenchmark(): Promise<BenchRow[]> {
  const modelFile = join(process.cwd(), 'provisioning', 'zone-model.yaml');
  const validation = parseZoneModel(readFileSync(modelFile, 'utf8'));
  if (!validation.ok) {
    throw new Error(`${modelFile} is not a valid zone model: ${validation.problems[0]?.message}`);
  }
  const model = validation.model;
  const attributor = createZoneAttributor(model);
  const conduits = createConduitIndex(model);
  const records = flowRecords(model.zones.flatMap((zone) => zone.cidrs));

  const parseOnly = (): number => {
    let checksum = 0;
    for (const record of records) {
      checksum += parseIp(record.src)?.version ?? 0;
      checksum += parseIp(record.dst)?.version ?? 0;
    }
    return checksum;
  };
  const attributeAndCheck = (): number => {
    let checksum = 0;
    for (const record of records) {
      const from = attributor.zoneOf(record.src);
      const to = attributor.zoneOf(record.dst);
      if (from === undefined || to === undefined) {
        continue;
      }
      const role = attributor.assetOf(record.src)?.role;
      const permission = connectionPermission(
        conduits.conduitsBetween(from.id, to.id),
        record.service,
        record.port,
        role
      );
      checksum += permission.allowed ? 1 : 2;
    }
    return checksum;
  };

  // Warm both loops up, then time alternating runs and keep each one's best.
  parseOnly();
  attributeAndCheck();
  let parseMs = Infinity;
  let attributeMs = Infinity;
  for (let round = 0; round < 3; round++) {
    parseMs = Math.min(parseMs, timeMs(parseOnly).ms);
    attributeMs = Math.min(attributeMs, timeMs(attributeAndCheck).ms);
  }
  const perSecond = (ms: number) => Math.round(RECORDS / (ms / 1000));
  return [
    {
      name: 'core attribution',
      value: perSecond(attributeMs),
      unit: 'records/s',
      baseline: perSecond(parseMs),
      ratio: attributeMs / parseMs,
      note: `zones of both ends, asset role and conduit check of ${RECORDS} flows among ${HOSTS} hosts of the demo plant model in ${attributeMs.toFixed(
        0
      )} ms; parsing both addresses alone takes ${parseMs.toFixed(0)} ms; ratio is time over time (goal <= 2)`,
    },
  ];
}
