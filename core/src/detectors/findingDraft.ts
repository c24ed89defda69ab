/**
 * How detectors turn what they found into a `Finding`: the score decides the severity, the id is a hash
 * of what makes the finding the same finding, evidence rows are flat and capped.
 */
import type { Finding, FindingCategory, FindingEntity, FindingEvidence, Severity } from '../finding';
import type { Series } from '../observationSeries';
import { UNKNOWN } from '../telemetryContract';
import type { Zone } from '../model/zoneModel';
import { findingId } from './findingId';

/** Rows of evidence kept on a finding; the query shows all of them. */
export const MAX_EVIDENCE_ROWS = 20;

export type EvidenceRow = Record<string, string | number | boolean | null>;

export interface FindingDraft {
  detector: string;
  category: FindingCategory;
  time: number;
  endTime?: number;
  score: number;
  technique?: string;
  source?: FindingEntity;
  destination?: FindingEntity;
  explanation: string;
  evidence: FindingEvidence;
  /** What distinguishes this finding from others of the detector with the same entities and start. */
  discriminator?: string;
}

/** Scores are whole numbers in 0..100; anything else (NaN included) is brought into range. */
export function clampScore(score: number): number {
  if (!Number.isFinite(score)) {
    return score === Infinity ? 100 : 0;
  }
  return Math.max(0, Math.min(100, Math.round(score)));
}

export function severityOfScore(score: number): Severity {
  if (score >= 85) {
    return 'critical';
  }
  if (score >= 65) {
    return 'high';
  }
  if (score >= 40) {
    return 'medium';
  }
  if (score >= 20) {
    return 'low';
  }
  return 'info';
}

function entityKey(entity: FindingEntity | undefined): string {
  return entity === undefined ? '' : `${entity.asset ?? ''}/${entity.ip ?? ''}/${entity.zone ?? ''}`;
}

export function makeFinding(draft: FindingDraft): Finding {
  const score = clampScore(draft.score);
  const finding: Finding = {
    id: findingId([
      draft.detector,
      draft.category,
      entityKey(draft.source),
      entityKey(draft.destination),
      draft.time,
      draft.discriminator ?? '',
    ]),
    detector: draft.detector,
    category: draft.category,
    time: draft.time,
    severity: severityOfScore(score),
    score,
    explanation: draft.explanation,
    evidence: draft.evidence,
  };
  if (draft.endTime !== undefined && draft.endTime > draft.time) {
    finding.endTime = draft.endTime;
  }
  if (draft.technique !== undefined) {
    finding.technique = draft.technique;
  }
  if (draft.source !== undefined) {
    finding.source = draft.source;
  }
  if (draft.destination !== undefined) {
    finding.destination = draft.destination;
  }
  return finding;
}

function known(text: string | undefined): string | undefined {
  return text === undefined || text === '' || text === UNKNOWN ? undefined : text;
}

/** An entity with only what is known about it. */
export function entity(
  asset: string | undefined,
  ip: string | undefined,
  zone: Zone | string | undefined
): FindingEntity {
  const result: FindingEntity = {};
  const assetName = known(asset);
  const address = known(ip);
  const zoneId = typeof zone === 'string' ? known(zone) : zone?.id;
  if (assetName !== undefined) {
    result.asset = assetName;
  }
  if (address !== undefined) {
    result.ip = address;
  }
  if (zoneId !== undefined) {
    result.zone = zoneId;
  }
  return result;
}

/**
 * A record as a flat evidence row (nested values are left out, and numbers that are not finite become
 * null). A record that is flat already is its own row: findings hold a few thousand rows per analysis,
 * and copies of the records would double what they keep.
 */
export function evidenceRow(record: object): EvidenceRow {
  const fields = record as Record<string, unknown>;
  if (isFlat(fields)) {
    return fields as EvidenceRow;
  }
  const row: EvidenceRow = {};
  // Keys one by one rather than Object.entries: a finding carries up to 20 rows, and the pairs are garbage.
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === null || typeof value === 'string' || typeof value === 'boolean') {
      row[key] = value;
    } else if (typeof value === 'number') {
      row[key] = Number.isFinite(value) ? value : null;
    }
  }
  return row;
}

/** Whether every enumerable property is the record's own and a row value as it stands. */
function isFlat(fields: Record<string, unknown>): boolean {
  for (const key in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      return false;
    }
    const value = fields[key];
    if (!(value === null || typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value))) {
      return false;
    }
  }
  return true;
}

/** Up to MAX_EVIDENCE_ROWS rows of the records, the first ones. */
/** The records of a series' buckets at [from, to) that evidence shows: the first ones only, so only those are made. */
export function shownRecords<T>(series: Series<T>, from: number, to: number): T[] {
  const shown: T[] = [];
  for (let i = from; i < Math.min(to, from + MAX_EVIDENCE_ROWS); i++) {
    shown.push(series.record(i));
  }
  return shown;
}

export function evidenceRows(records: readonly object[]): EvidenceRow[] {
  return records.slice(0, MAX_EVIDENCE_ROWS).map(evidenceRow);
}

/** How a zone reads in a sentence: its name and Purdue level. */
export function describeZone(zone: Zone | undefined): string {
  return zone === undefined ? 'no known zone' : `${zone.name} (L${zone.purdueLevel})`;
}
