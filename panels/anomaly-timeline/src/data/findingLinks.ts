/**
 * Where a finding leads: its ATT&CK for ICS technique page, Explore with its evidence query around its time, and
 * the Conduit app's New incident page with the findings to open it from.
 */
import { urlUtil } from '@grafana/data';

import type { TimelineFinding } from './readTimeline';

/** The Conduit app's New incident page; it reads the findings from repeated `finding` parameters. */
export const NEW_INCIDENT_PATH = '/a/conduit-itot-app/incidents/new';
export const EVIDENCE_MARGIN_MS = 15 * 60_000;

/** MITRE's page of a technique (`T0855`, or a sub-technique `T1078.001`), or undefined for anything else. */
export function techniqueUrl(technique: string): string | undefined {
  const match = /^T(\d{4})(?:\.(\d{3}))?$/.exec(technique.trim());
  if (match === null) {
    return undefined;
  }
  return `https://attack.mitre.org/techniques/T${match[1]}/${match[2] === undefined ? '' : `${match[2]}/`}`;
}

/** Explore with the finding's evidence query as a raw telemetry query of the datasource, a margin either side. */
export function evidenceExploreUrl(finding: TimelineFinding, datasourceUid: string): string | undefined {
  if (finding.evidenceQuery === '' || datasourceUid === '') {
    return undefined;
  }
  const panes = {
    evidence: {
      datasource: datasourceUid,
      queries: [
        {
          refId: 'A',
          datasource: { uid: datasourceUid },
          queryType: 'telemetry',
          store: finding.store === 'it' ? 'it' : 'ot',
          editorMode: 'raw',
          rawQuery: finding.evidenceQuery,
        },
      ],
      range: {
        from: String(finding.time - EVIDENCE_MARGIN_MS),
        to: String((finding.end ?? finding.time) + EVIDENCE_MARGIN_MS),
      },
    },
  };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify(panes) });
}

/** What the New incident page needs to find the findings again: where they were read and over which range. */
export interface IncidentSource {
  findingIds: readonly string[];
  /** The chain they form, when the incident is opened from one. */
  chainId?: string;
  datasourceUid: string;
  from: number;
  to: number;
}

/**
 * The New incident page with the findings' ids (each once), the chain, the datasource and the panel's range (the
 * page reads the findings there with the same query the panel ran), or undefined without any finding.
 */
export function newIncidentUrl(source: IncidentSource): string | undefined {
  const ids = [...new Set(source.findingIds.filter((id) => id !== ''))];
  if (ids.length === 0) {
    return undefined;
  }
  const params = new URLSearchParams();
  for (const id of ids) {
    params.append('finding', id);
  }
  if (source.chainId !== undefined && source.chainId !== '') {
    params.set('chain', source.chainId);
  }
  if (source.datasourceUid !== '') {
    params.set('datasource', source.datasourceUid);
  }
  params.set('from', String(Math.floor(source.from)));
  params.set('to', String(Math.ceil(source.to)));
  return `${NEW_INCIDENT_PATH}?${params.toString()}`;
}
