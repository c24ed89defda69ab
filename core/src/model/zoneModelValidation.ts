/**
 * Proves an unknown input (a parsed YAML or JSON file, an API body) to be a `ZoneModel`, or lists every
 * problem with it. The structure comes from schemas pinned to the interfaces in zoneModel.ts; the
 * checks that span records (unique ids, zone references, address ranges, VLANs) follow.
 *
 * Address ranges: the longest prefix wins at attribution, so a range nested inside another zone's range
 * is allowed (it carves a subnet out of the larger zone). Two CIDR ranges either nest or are disjoint,
 * so the one overlap that is refused is the same network listed in two zones, which would make
 * attribution ambiguous.
 */
import { riskWeightProblems } from '../risk/riskWeights';
import {
  CONDUIT_DIRECTIONS,
  CONTROL_TYPES,
  OPERATIONS,
  PURDUE_LEVELS,
  type AssetOverride,
  type Conduit,
  type ConduitService,
  type Zone,
  type ZoneModel,
} from './zoneModel';
import {
  addressBits,
  cidrContains,
  formatCidr,
  formatIp,
  isCidrError,
  parseCidr,
  parseIp,
  type Cidr,
} from '../net/ipAddress';
import {
  array,
  boolean,
  childPath,
  INVALID,
  integer,
  isPlainRecord,
  listValues,
  number,
  object,
  oneOf,
  optional,
  quote,
  record,
  ROOT_PATH,
  string,
  typed,
  union,
  withDefault,
  type ProblemSink,
} from './schema';

export interface ZoneModelProblem {
  /** Where the problem is: `zones[2].cidrs[0]`, `conduits[3].to`, `$` for the whole input, `line 4, column 2` for syntax. */
  path: string;
  message: string;
  /** A warning leaves the model valid: it is accepted, and the warning is shown beside it. Absent: an error. */
  severity?: 'warning';
  /** The id of the zone or conduit, or the name of the asset, the path points into, so `zones[3]` reads as a name. */
  subject?: string;
  /** The line of the file where the value (or the nearest enclosing one that exists) is written. */
  line?: number;
}

export type ZoneModelValidation =
  { ok: true; model: ZoneModel; problems: ZoneModelProblem[] } | { ok: false; problems: ZoneModelProblem[] };

/** A problem as one line of text: `conduits[3].to (plc-writes), line 41: unknown zone "dmz2"`. */
export function formatProblem(problem: ZoneModelProblem): string {
  const subject = problem.subject === undefined ? '' : ` (${problem.subject})`;
  const line = problem.line === undefined ? '' : `, line ${problem.line}`;
  const severity = problem.severity === 'warning' ? 'warning: ' : '';
  return `${problem.path}${subject}${line}: ${severity}${problem.message}`;
}

/** True when a problem makes the model invalid (a warning does not). */
export function isBlockingProblem(problem: ZoneModelProblem): boolean {
  return problem.severity !== 'warning';
}

/** Beyond this many, problems are counted rather than listed, so a huge broken input stays readable. */
export const MAX_LISTED_PROBLEMS = 1000;

const SECURITY_LEVELS = [0, 1, 2, 3, 4] as const;
const CRITICALITIES = [1, 2, 3, 4, 5] as const;

const securityLevel = oneOf(SECURITY_LEVELS, (v) => `security level must be an integer from 0 to 4, got ${v}`);
const nonEmptyString = string({ nonEmpty: true });

const zoneSchema = typed<Zone>()(
  object({
    id: nonEmptyString,
    name: nonEmptyString,
    purdueLevel: oneOf(PURDUE_LEVELS, (v) => `unknown Purdue level ${v} (allowed: ${listValues(PURDUE_LEVELS)})`),
    slTarget: securityLevel,
    slAchieved: optional(securityLevel),
    safety: withDefault(boolean(), () => false),
    owner: optional(string()),
    cidrs: withDefault(array(string()), () => []),
    vlans: withDefault(array(integer('VLAN', 1, 4094)), () => []),
    description: optional(string()),
  })
);

const serviceSchema = typed<ConduitService>()(
  object({
    protocol: nonEmptyString,
    port: optional(integer('port', 1, 65535)),
    operations: optional(
      array(oneOf(OPERATIONS, (v) => `unknown operation ${quote(String(v))} (allowed: ${listValues(OPERATIONS)})`))
    ),
    functionCodes: optional(array(integer('function code', 0, 255))),
    sourceRoles: optional(array(nonEmptyString)),
  })
);

const conduitSchema = typed<Conduit>()(
  object({
    id: nonEmptyString,
    from: nonEmptyString,
    to: nonEmptyString,
    direction: oneOf(
      CONDUIT_DIRECTIONS,
      (v) => `unknown direction ${quote(String(v))} (allowed: ${listValues(CONDUIT_DIRECTIONS)})`
    ),
    controlType: oneOf(
      CONTROL_TYPES,
      (v) => `unknown control type ${quote(String(v))} (allowed: ${listValues(CONTROL_TYPES)})`
    ),
    slTarget: securityLevel,
    slAchieved: optional(securityLevel),
    services: withDefault(array(serviceSchema), () => []),
    description: optional(string()),
  })
);

const assetSchema = typed<AssetOverride>()(
  object({
    name: nonEmptyString,
    address: optional(string()),
    zone: optional(string()),
    role: optional(string()),
    criticality: optional(oneOf(CRITICALITIES, (v) => `criticality must be an integer from 1 to 5, got ${v}`)),
  })
);

/** The structure of a zone model; `typed` makes it fail to compile if it drifts from `ZoneModel`. */
export const zoneModelSchema = typed<ZoneModel>()(
  object({
    site: optional(string()),
    zones: array(zoneSchema),
    conduits: withDefault(array(conduitSchema), () => []),
    assets: withDefault(array(assetSchema), () => []),
    detection: optional(record(record(union(number(), string(), boolean())))),
    risk: optional(object({ weights: optional(record(number())) })),
  })
);

class ProblemList implements ProblemSink {
  readonly problems: ZoneModelProblem[] = [];
  private unlisted = 0;

  report(path: string, message: string): void {
    this.add({ path, message });
  }

  warn(path: string, message: string): void {
    this.add({ path, message, severity: 'warning' });
  }

  private add(problem: ZoneModelProblem): void {
    if (this.problems.length < MAX_LISTED_PROBLEMS) {
      this.problems.push(problem);
    } else {
      this.unlisted++;
    }
  }

  /** Every problem, with a last line counting those not listed. */
  all(): ZoneModelProblem[] {
    const listed = inModelOrder(this.problems);
    if (this.unlisted === 0) {
      return listed;
    }
    return [...listed, { path: ROOT_PATH, message: `${this.unlisted} more problems not listed` }];
  }
}

const SECTIONS = ['site', 'zones', 'conduits', 'assets', 'detection', 'risk'];
const SECTION_ENTRY = /^([A-Za-z_$][A-Za-z0-9_$]*)(?:\[(\d+)\])?/;

/** Sort key putting problems in model order: whole input, then each section entry by entry. */
function problemRank(path: string): [number, number] {
  if (path === ROOT_PATH) {
    return [0, 0];
  }
  const match = SECTION_ENTRY.exec(path);
  const section = match === null ? -1 : SECTIONS.indexOf(match[1]);
  if (match === null || section === -1) {
    return [SECTIONS.length + 1, 0];
  }
  return [section + 1, match[2] === undefined ? -1 : Number(match[2])];
}

/** Orders problems so that those of one zone, conduit or asset stand together (the sort is stable). */
function inModelOrder(problems: ZoneModelProblem[]): ZoneModelProblem[] {
  const ranked = problems.map((problem) => ({ problem, rank: problemRank(problem.path) }));
  ranked.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1]);
  return ranked.map((r) => r.problem);
}

/** The records of a top-level list, with their index; entries that are not objects are skipped. */
function recordsOf(root: Record<string, unknown>, key: string): Array<[number, Record<string, unknown>]> {
  const list = root[key];
  if (!Array.isArray(list)) {
    return [];
  }
  const out: Array<[number, Record<string, unknown>]> = [];
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    if (isPlainRecord(entry)) {
      out.push([i, entry]);
    }
  }
  return out;
}

function stringAt(entry: Record<string, unknown>, key: string): string | undefined {
  const value = entry[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function listAt(entry: Record<string, unknown>, key: string): unknown[] {
  const value = entry[key];
  return Array.isArray(value) ? value : [];
}

interface ZoneRange {
  cidr: Cidr;
  path: string;
  text: string;
  zoneIndex: number;
  zone: string;
}

/** Unique zone ids, address ranges and VLANs; returns the zone ids that exist. */
function checkZones(root: Record<string, unknown>, sink: ProblemList): Set<string> {
  const ids = new Map<string, string>();
  const ranges = new Map<string, ZoneRange>();
  const allRanges: ZoneRange[] = [];
  const vlans = new Map<number, { path: string; zoneIndex: number; zone: string }>();
  for (const [i, zone] of recordsOf(root, 'zones')) {
    const zonePath = childPath('zones', i);
    const id = stringAt(zone, 'id');
    const zoneName = id === undefined ? zonePath : `zone ${quote(id)}`;
    if (id !== undefined) {
      const first = ids.get(id);
      if (first === undefined) {
        ids.set(id, childPath(zonePath, 'id'));
      } else {
        sink.report(childPath(zonePath, 'id'), `duplicate zone id ${quote(id)} (first used at ${first})`);
      }
    }
    const cidrs = listAt(zone, 'cidrs');
    for (let j = 0; j < cidrs.length; j++) {
      const text = cidrs[j];
      if (typeof text !== 'string') {
        continue;
      }
      const path = childPath(childPath(zonePath, 'cidrs'), j);
      const cidr = parseCidr(text);
      if (isCidrError(cidr)) {
        sink.report(path, `invalid CIDR ${quote(text)}: ${cidr.error}`);
        continue;
      }
      const key = formatCidr(cidr);
      const other = ranges.get(key);
      const range = { cidr, path, text, zoneIndex: i, zone: zoneName };
      allRanges.push(range);
      if (other === undefined) {
        ranges.set(key, range);
      } else if (other.zoneIndex !== i) {
        sink.report(
          path,
          `range ${quote(text)} of ${zoneName} is the same network as ${quote(other.text)} of ${other.zone} (${other.path}); ` +
            'a range belongs to one zone only (a range nested inside another zone’s is fine: the longest prefix wins)'
        );
      }
    }
    const vlanList = listAt(zone, 'vlans');
    for (let j = 0; j < vlanList.length; j++) {
      const vlan = vlanList[j];
      if (typeof vlan !== 'number' || !Number.isInteger(vlan) || vlan < 1 || vlan > 4094) {
        continue;
      }
      const path = childPath(childPath(zonePath, 'vlans'), j);
      const other = vlans.get(vlan);
      if (other === undefined) {
        vlans.set(vlan, { path, zoneIndex: i, zone: zoneName });
      } else if (other.zoneIndex !== i) {
        sink.report(path, `VLAN ${vlan} is also assigned to ${other.zone} (${other.path})`);
      }
    }
  }
  warnOfSwallowedRanges(allRanges, sink);
  return new Set(ids.keys());
}

function rangeSize(cidr: Cidr): bigint {
  return 1n << BigInt(addressBits(cidr.version) - cidr.prefix);
}

/**
 * Nesting is how a subnet is carved out of a larger zone, so it is allowed; but when other zones' ranges take
 * half or more of a range, the range was more likely written too wide (`/23` for `/24`) and its zone quietly
 * owns far fewer addresses than it seems to. That is worth a warning, not a refusal.
 */
function warnOfSwallowedRanges(ranges: ZoneRange[], sink: ProblemList): void {
  for (const outer of ranges) {
    const inside = ranges
      .filter(
        (inner) =>
          inner.zoneIndex !== outer.zoneIndex &&
          inner.cidr.prefix > outer.cidr.prefix &&
          cidrContains(outer.cidr, inner.cidr)
      )
      .sort((a, b) => a.cidr.prefix - b.cidr.prefix);
    // Ranges nest or are disjoint: the outermost of the nested ones cover the rest, so their sizes add up.
    const outermost: ZoneRange[] = [];
    for (const inner of inside) {
      if (!outermost.some((kept) => cidrContains(kept.cidr, inner.cidr))) {
        outermost.push(inner);
      }
    }
    const taken = outermost.reduce((sum, inner) => sum + rangeSize(inner.cidr), 0n);
    const size = rangeSize(outer.cidr);
    if (outermost.length === 0 || taken * 2n < size) {
      continue;
    }
    const named = outermost
      .slice(0, 3)
      .map((inner) => `${quote(inner.text)} of ${inner.zone} (${inner.path})`)
      .join(', ');
    const more = outermost.length > 3 ? ` and ${outermost.length - 3} more` : '';
    const keptPerMille = Number(((size - taken) * 1000n) / size);
    const kept = keptPerMille === 0 ? 'none of the range' : `only ${keptPerMille / 10}% of the range`;
    sink.warn(
      outer.path,
      `range ${quote(outer.text)} of ${outer.zone} encloses ${named}${more}, whose addresses belong to ${
        outermost.length === 1 ? 'that zone' : 'those zones'
      } (the longest prefix wins), so ${outer.zone} keeps ${kept}; narrow the range if that is not meant`
    );
  }
}

function checkConduits(root: Record<string, unknown>, zones: Set<string> | undefined, sink: ProblemSink): void {
  const ids = new Map<string, string>();
  for (const [i, conduit] of recordsOf(root, 'conduits')) {
    const conduitPath = childPath('conduits', i);
    const id = stringAt(conduit, 'id');
    if (id !== undefined) {
      const first = ids.get(id);
      if (first === undefined) {
        ids.set(id, childPath(conduitPath, 'id'));
      } else {
        sink.report(childPath(conduitPath, 'id'), `duplicate conduit id ${quote(id)} (first used at ${first})`);
      }
    }
    const from = stringAt(conduit, 'from');
    const to = stringAt(conduit, 'to');
    for (const [end, zone] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (zones !== undefined && zone !== undefined && !zones.has(zone)) {
        sink.report(childPath(conduitPath, end), `unknown zone ${quote(zone)}`);
      }
    }
    if (from !== undefined && from === to) {
      sink.report(childPath(conduitPath, 'to'), `conduit connects zone ${quote(from)} to itself`);
    }
  }
}

function checkAssets(root: Record<string, unknown>, zones: Set<string> | undefined, sink: ProblemSink): void {
  const addresses = new Map<string, { path: string; name: string }>();
  for (const [i, asset] of recordsOf(root, 'assets')) {
    const assetPath = childPath('assets', i);
    const name = stringAt(asset, 'name');
    const assetName = name === undefined ? assetPath : `asset ${quote(name)}`;
    const zone = stringAt(asset, 'zone');
    if (zones !== undefined && zone !== undefined && !zones.has(zone)) {
      sink.report(childPath(assetPath, 'zone'), `unknown zone ${quote(zone)}`);
    }
    const addressText = asset.address;
    if (typeof addressText !== 'string') {
      continue;
    }
    const path = childPath(assetPath, 'address');
    const address = parseIp(addressText);
    if (address === undefined) {
      sink.report(path, `invalid IP address ${quote(addressText)}`);
      continue;
    }
    const key = formatIp(address);
    const other = addresses.get(key);
    if (other === undefined) {
      addresses.set(key, { path, name: assetName });
    } else {
      sink.report(path, `address ${key} is also given to ${other.name} (${other.path})`);
    }
  }
}

function checkReferences(root: Record<string, unknown>, sink: ProblemList): void {
  const zoneIds = checkZones(root, sink);
  // Without a list of zones every reference would be "unknown": the missing list is problem enough.
  const zones = Array.isArray(root.zones) ? zoneIds : undefined;
  checkConduits(root, zones, sink);
  checkAssets(root, zones, sink);
  checkRiskWeights(root, sink);
}

/** Weight names and ranges are the risk model's; its own check keeps the two in step. */
function checkRiskWeights(root: Record<string, unknown>, sink: ProblemSink): void {
  const risk = root.risk;
  if (!isPlainRecord(risk) || !isPlainRecord(risk.weights)) {
    return;
  }
  for (const problem of riskWeightProblems(risk.weights)) {
    sink.report(`risk.${problem.path}`, problem.message);
  }
}

const ENTRY_PATH = /^(zones|conduits|assets)\[(\d+)\]/;
const MAX_SUBJECT = 40;

/** Names the zone, conduit or asset each problem is in, from the input, so a position in a list reads as a name. */
function withSubjects(problems: ZoneModelProblem[], input: unknown): ZoneModelProblem[] {
  if (!isPlainRecord(input)) {
    return problems;
  }
  return problems.map((problem) => {
    const match = ENTRY_PATH.exec(problem.path);
    const list = match === null ? undefined : input[match[1]];
    const entry: unknown = match !== null && Array.isArray(list) ? list[Number(match[2])] : undefined;
    if (match === null || !isPlainRecord(entry)) {
      return problem;
    }
    const subject = stringAt(entry, match[1] === 'assets' ? 'name' : 'id');
    if (subject === undefined) {
      return problem;
    }
    const shown = subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT)}…` : subject;
    return { ...problem, subject: JSON.stringify(shown).slice(1, -1) };
  });
}

/**
 * Checks that `input` is a zone model. On success `model` is a fresh copy with defaults filled in
 * (`safety: false`, empty lists). Never throws: whatever the input, the answer is a list of problems.
 */
export function validateZoneModel(input: unknown): ZoneModelValidation {
  const sink = new ProblemList();
  try {
    const model = zoneModelSchema.check(input, ROOT_PATH, sink);
    if (isPlainRecord(input)) {
      checkReferences(input, sink);
    }
    const problems = withSubjects(sink.all(), input);
    if (model === INVALID || problems.some(isBlockingProblem)) {
      return { ok: false, problems };
    }
    return { ok: true, model, problems };
  } catch (error) {
    // Only exotic inputs get here (a proxy or getter that throws); say so rather than throw.
    sink.report(ROOT_PATH, `could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, problems: sink.all() };
  }
}
