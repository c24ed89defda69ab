/**
 * The findings query: one row per finding of the detectors in the range, IDS/EDR alerts included (the core's
 * alert pass-through turns them into findings), newest last. Field names follow Grafana's conventions so the
 * frame also works in core panels: `time` and `timeEnd` (annotations and the state timeline read these),
 * `title` and `text`, and the anomaly timeline panel's `severity`, `zone`, `asset` and `category`.
 */
import { type Finding, type FindingCategory, SEVERITIES, type Severity } from '@conduit/core';
import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';

import type { PlantAnalysis } from '../analysis/plantAnalysis';
import { analysisMeta } from './frameMeta';

export const CATEGORY_LABELS: Readonly<Record<FindingCategory, string>> = {
  'conduit-violation': 'Conduit violation',
  'new-talker': 'New talker',
  'new-path': 'New communication path',
  'unauthorized-command': 'Unauthorized command',
  'program-change': 'Program change',
  'firmware-change': 'Firmware change',
  'mode-change': 'Mode change',
  'protocol-violation': 'Protocol violation',
  reconnaissance: 'Reconnaissance',
  'silent-channel': 'Silent channel',
  'process-anomaly': 'Process anomaly',
  'brute-force': 'Brute force',
  'malware-ioc': 'Malware or IOC',
  'sensor-health': 'Sensor health',
};

export interface FindingFilter {
  /** Zone ids; a finding matches when either of its ends is in one. Undefined for every zone. */
  zones?: readonly string[];
  minSeverity?: Severity;
  categories?: readonly FindingCategory[];
}

export function severityRank(severity: string): number {
  return SEVERITIES.indexOf(severity as Severity);
}

export function findingMatches(finding: Finding, filter: FindingFilter): boolean {
  if (filter.minSeverity !== undefined && severityRank(finding.severity) < severityRank(filter.minSeverity)) {
    return false;
  }
  if (
    filter.categories !== undefined &&
    filter.categories.length > 0 &&
    !filter.categories.includes(finding.category)
  ) {
    return false;
  }
  if (filter.zones !== undefined) {
    const ends = [finding.source?.zone, finding.destination?.zone];
    if (!ends.some((zone) => zone !== undefined && filter.zones?.includes(zone))) {
      return false;
    }
  }
  return true;
}

function endName(end: Finding['source']): string {
  return end?.asset ?? end?.ip ?? '';
}

/** A one-line title: what happened and between whom. */
export function findingTitle(finding: Finding): string {
  const from = endName(finding.source);
  const to = endName(finding.destination);
  const between = from !== '' && to !== '' ? `${from} → ${to}` : from || to;
  return between === '' ? CATEGORY_LABELS[finding.category] : `${CATEGORY_LABELS[finding.category]}: ${between}`;
}

export function findingsFrame(analysis: PlantAnalysis, filter: FindingFilter, refId: string): DataFrame {
  const rows = analysis.findings.filter((finding) => findingMatches(finding, filter));
  const column = <T>(read: (finding: Finding) => T): T[] => rows.map(read);
  const levels = new Map<string, number>(analysis.model.zones.map((zone) => [zone.id, zone.purdueLevel]));
  return createDataFrame({
    refId,
    name: 'findings',
    meta: analysisMeta(analysis, 'table'),
    fields: [
      { name: 'time', type: FieldType.time, values: column((f) => f.time), config: { displayName: 'Start' } },
      {
        name: 'timeEnd',
        type: FieldType.time,
        values: column((f) => f.endTime ?? f.time),
        config: { displayName: 'End' },
      },
      {
        name: 'severity',
        type: FieldType.string,
        values: column((f) => f.severity),
        config: { displayName: 'Severity' },
      },
      {
        name: 'score',
        type: FieldType.number,
        values: column((f) => f.score),
        config: { displayName: 'Score', min: 0, max: 100, decimals: 0 },
      },
      {
        name: 'category',
        type: FieldType.string,
        values: column((f) => f.category),
        config: { displayName: 'Category' },
      },
      { name: 'title', type: FieldType.string, values: column(findingTitle), config: { displayName: 'Finding' } },
      {
        name: 'text',
        type: FieldType.string,
        values: column((f) => f.explanation),
        config: { displayName: 'Explanation' },
      },
      {
        name: 'zone',
        type: FieldType.string,
        values: column((f) => f.destination?.zone ?? f.source?.zone ?? ''),
        config: { displayName: 'Zone' },
      },
      {
        // The zone's Purdue level, so the anomaly timeline can order zone lanes top down.
        name: 'level',
        type: FieldType.number,
        values: column((f) => levels.get(f.destination?.zone ?? f.source?.zone ?? '') ?? null),
        config: { displayName: 'Purdue level' },
      },
      {
        name: 'asset',
        type: FieldType.string,
        values: column((f) => endName(f.destination) || endName(f.source)),
        config: { displayName: 'Asset' },
      },
      {
        name: 'srcAsset',
        type: FieldType.string,
        values: column((f) => f.source?.asset ?? ''),
        config: { displayName: 'Source asset' },
      },
      {
        name: 'srcIp',
        type: FieldType.string,
        values: column((f) => f.source?.ip ?? ''),
        config: { displayName: 'Source address' },
      },
      {
        name: 'srcZone',
        type: FieldType.string,
        values: column((f) => f.source?.zone ?? ''),
        config: { displayName: 'Source zone' },
      },
      {
        name: 'dstAsset',
        type: FieldType.string,
        values: column((f) => f.destination?.asset ?? ''),
        config: { displayName: 'Destination asset' },
      },
      {
        name: 'dstIp',
        type: FieldType.string,
        values: column((f) => f.destination?.ip ?? ''),
        config: { displayName: 'Destination address' },
      },
      {
        name: 'dstZone',
        type: FieldType.string,
        values: column((f) => f.destination?.zone ?? ''),
        config: { displayName: 'Destination zone' },
      },
      {
        name: 'technique',
        type: FieldType.string,
        values: column((f) => f.technique ?? ''),
        config: { displayName: 'ATT&CK technique' },
      },
      {
        name: 'detector',
        type: FieldType.string,
        values: column((f) => f.detector),
        config: { displayName: 'Detector' },
      },
      { name: 'id', type: FieldType.string, values: column((f) => f.id), config: { displayName: 'Finding id' } },
      {
        name: 'store',
        type: FieldType.string,
        values: column((f) => f.evidence.store),
        config: { displayName: 'Store' },
      },
      {
        name: 'evidenceQuery',
        type: FieldType.string,
        values: column((f) => f.evidence.query),
        config: { displayName: 'Evidence query' },
      },
    ],
  });
}
