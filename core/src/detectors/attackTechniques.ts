/**
 * Which MITRE ATT&CK for ICS technique a finding is evidence of, chosen by what the finding saw. One table holds
 * every category and its variants, each with its technique or the reason none fits, so detectors do not each keep
 * their own and a category cannot be left without an answer (attackTechniques.test.ts checks the table).
 */
import type { FindingCategory } from '../finding';
import type { Series } from '../observationSeries';
import { OT_PROTOCOLS } from '../telemetryContract';

/** The ATT&CK for ICS techniques findings name, with their names as MITRE gives them. */
export const ICS_TECHNIQUES = {
  T0801: 'Monitor Process State',
  T0811: 'Data from Information Repositories',
  T0815: 'Denial of View',
  T0831: 'Manipulation of Control',
  T0836: 'Modify Parameter',
  T0843: 'Program Download',
  T0845: 'Program Upload',
  T0846: 'Remote System Discovery',
  T0848: 'Rogue Master',
  T0855: 'Unauthorized Command Message',
  T0857: 'System Firmware',
  T0858: 'Change Operating Mode',
  T0859: 'Valid Accounts',
  T0861: 'Point & Tag Identification',
  T0864: 'Transient Cyber Asset',
  T0869: 'Standard Application Layer Protocol',
  T0883: 'Internet Accessible Device',
  T0885: 'Commonly Used Port',
  T0886: 'Remote Services',
  T0888: 'Remote System Information Discovery',
  T0889: 'Modify Program',
} as const;

export type IcsTechnique = keyof typeof ICS_TECHNIQUES;

export interface TechniqueRule {
  category: FindingCategory;
  /** What the finding saw, as its detector tells it apart. */
  variant: string;
  technique?: IcsTechnique;
  /** Why no ATT&CK for ICS technique fits, when none does. */
  whyNone?: string;
}

/** A connection's variants, from the most telling down: used by conduit violations and new paths alike. */
export const CONNECTION_VARIANTS = {
  'from-internet': 'T0883',
  'to-internet': 'T0869',
  'remote-service': 'T0886',
  'program-download': 'T0843',
  'industrial-command': 'T0855',
  'industrial-session': 'T0861',
  'data-repository': 'T0811',
  'other-service': 'T0885',
} as const satisfies Record<string, IcsTechnique>;

export type ConnectionVariant = keyof typeof CONNECTION_VARIANTS;

function connectionRules(category: FindingCategory): TechniqueRule[] {
  return Object.entries(CONNECTION_VARIANTS).map(([variant, technique]) => ({ category, variant, technique }));
}

export const TECHNIQUE_RULES: readonly TechniqueRule[] = [
  ...connectionRules('conduit-violation'),
  ...connectionRules('new-path'),
  { category: 'new-talker', variant: 'industrial', technique: 'T0848' },
  { category: 'new-talker', variant: 'other', technique: 'T0864' },
  { category: 'unauthorized-command', variant: 'write', technique: 'T0855' },
  { category: 'unauthorized-command', variant: 'value-range', technique: 'T0836' },
  { category: 'unauthorized-command', variant: 'program_download', technique: 'T0843' },
  { category: 'unauthorized-command', variant: 'program_upload', technique: 'T0845' },
  { category: 'unauthorized-command', variant: 'mode_change', technique: 'T0858' },
  { category: 'unauthorized-command', variant: 'firmware_update', technique: 'T0857' },
  { category: 'unauthorized-command', variant: 'read', technique: 'T0801' },
  { category: 'unauthorized-command', variant: 'diagnostic', technique: 'T0888' },
  { category: 'unauthorized-command', variant: 'other', technique: 'T0855' },
  { category: 'program-change', variant: 'downloaded', technique: 'T0843' },
  { category: 'program-change', variant: 'changed', technique: 'T0889' },
  { category: 'firmware-change', variant: 'any', technique: 'T0857' },
  { category: 'mode-change', variant: 'any', technique: 'T0858' },
  {
    category: 'protocol-violation',
    variant: 'alert',
    whyNone:
      'a sensor alert names its own technique when its rule has one; a malformed message alone does not say what was attempted',
  },
  { category: 'reconnaissance', variant: 'scan', technique: 'T0846' },
  { category: 'silent-channel', variant: 'any', technique: 'T0815' },
  { category: 'process-anomaly', variant: 'setpoint', technique: 'T0836' },
  { category: 'process-anomaly', variant: 'measurement', technique: 'T0831' },
  { category: 'brute-force', variant: 'succeeded', technique: 'T0859' },
  {
    category: 'brute-force',
    variant: 'failed',
    whyNone:
      'ATT&CK for ICS has no technique for guessing passwords (Enterprise has T1110); Valid Accounts applies once one works',
  },
  {
    category: 'malware-ioc',
    variant: 'alert',
    whyNone:
      'a sensor alert names its own technique when its rule has one; an indicator alone does not say how it was used',
  },
  { category: 'sensor-health', variant: 'any', whyNone: 'a fault of the plant, not an act of an adversary' },
];

/** The technique of a category's variant; undefined where the table says none fits. Throws on a variant it lacks. */
export function techniqueOf(category: FindingCategory, variant: string): IcsTechnique | undefined {
  const rule = TECHNIQUE_RULES.find((r) => r.category === category && r.variant === variant);
  if (rule === undefined) {
    throw new Error(`no technique rule for ${category} variant "${variant}"`);
  }
  return rule.technique;
}

const INDUSTRIAL = new Set<string>(OT_PROTOCOLS);
const REMOTE_SERVICES = new Set(['rdp', 'ssh', 'vnc', 'telnet', 'smb', 'winrm']);
const DATA_REPOSITORIES = new Set([
  'sql',
  'mssql',
  'mysql',
  'postgres',
  'postgresql',
  'oracle',
  'opc-hda',
  'historian',
]);
const COMMAND_OPERATIONS = new Set(['write', 'mode_change', 'firmware_update']);
const INTERNET_LEVEL = 5;

export interface ConnectionSeen {
  /** Services or protocols seen on the connection (`modbus`, `https`, `rdp`). */
  services: readonly string[];
  /** OT operations seen between the two ends in the same time (`read`, `write`, `program_download`). */
  operations: readonly string[];
  srcLevel?: number;
  dstLevel?: number;
}

/** Services that give a person a session on the far host (T0886 Remote Services). */
export function isRemoteService(service: string): boolean {
  return REMOTE_SERVICES.has(service.toLowerCase());
}

/** What kind of connection a finding saw, the most telling first: the internet, remote access, then the process. */
export function connectionVariant(seen: ConnectionSeen): ConnectionVariant {
  const services = seen.services.map((s) => s.toLowerCase());
  const src = seen.srcLevel;
  const dst = seen.dstLevel;
  if (src === INTERNET_LEVEL && dst !== undefined && dst < INTERNET_LEVEL - 1) {
    return 'from-internet';
  }
  if (dst === INTERNET_LEVEL && src !== undefined && src < INTERNET_LEVEL - 1) {
    return 'to-internet';
  }
  if (services.some((s) => REMOTE_SERVICES.has(s))) {
    return 'remote-service';
  }
  if (seen.operations.includes('program_download')) {
    return 'program-download';
  }
  if (seen.operations.some((op) => COMMAND_OPERATIONS.has(op))) {
    return 'industrial-command';
  }
  if (seen.operations.length > 0 || services.some((s) => INDUSTRIAL.has(s))) {
    return 'industrial-session';
  }
  if (services.some((s) => DATA_REPOSITORIES.has(s))) {
    return 'data-repository';
  }
  return 'other-service';
}

/** Level 5 for an end in an internet zone or at a public address in no zone; its zone's level otherwise. */
export function connectionLevel(zone: { purdueLevel: number } | undefined, publicAddress: boolean): number | undefined {
  return zone?.purdueLevel ?? (publicAddress ? INTERNET_LEVEL : undefined);
}

/**
 * The OT operations seen from one address to another in a time range, for telling a session that read from one
 * that commanded. Takes the detectors' series of OT requests (one per ends and operation), indexed on first use.
 */
export function operationsBetween(
  otSeries: ReadonlyArray<Series<{ srcIp: string; dstIp: string; operation: string }>>
): (srcIp: string, dstIp: string, from: number, to: number) => string[] {
  let index: Map<string, Array<Series<{ operation: string }>>> | undefined;
  return (srcIp, dstIp, from, to) => {
    if (index === undefined) {
      index = new Map();
      for (const series of otSeries) {
        const key = `${series.first.srcIp}|${series.first.dstIp}`;
        const list = index.get(key);
        if (list === undefined) {
          index.set(key, [series]);
        } else {
          list.push(series);
        }
      }
    }
    const seen = new Set<string>();
    for (const series of index.get(`${srcIp}|${dstIp}`) ?? []) {
      if (series.bucketStarts.some((start) => start >= from && start < to)) {
        seen.add(series.first.operation);
      }
    }
    return [...seen].sort();
  };
}
