/** Where an incident's findings, zones and assets lead: the dashboards and Explore, around the incident's time. */
import type { IncidentState, LinkedFinding } from '@conduit/core';
import { urlUtil } from '@grafana/data';

export const OVERVIEW_DASHBOARD = '/d/conduit-overview';
export const RISK_DASHBOARD = '/d/conduit-risk';
/** Shown either side of what is linked, so the lead-up and the aftermath are on screen. */
export const LINK_MARGIN_MS = 30 * 60_000;

export interface TimeSpan {
  from: number;
  to: number;
}

/** From the first finding (or the opening) to the close (or now), with a margin either side. */
export function incidentSpan(state: IncidentState, now = Date.now()): TimeSpan {
  const starts = [state.opened.at, ...state.findings.map((finding) => finding.time)];
  const ends = [state.closed?.at ?? now, ...state.findings.map((finding) => finding.endTime ?? finding.time)];
  return { from: Math.min(...starts) - LINK_MARGIN_MS, to: Math.max(...ends) + LINK_MARGIN_MS };
}

export function findingSpan(finding: LinkedFinding): TimeSpan {
  return { from: finding.time - LINK_MARGIN_MS, to: (finding.endTime ?? finding.time) + LINK_MARGIN_MS };
}

export function zoneDashboardUrl(zone: string, span: TimeSpan): string {
  return urlUtil.renderUrl(OVERVIEW_DASHBOARD, { from: span.from, to: span.to, 'var-zone': zone });
}

export function assetDashboardUrl(asset: string, span: TimeSpan): string {
  return urlUtil.renderUrl(RISK_DASHBOARD, { from: span.from, to: span.to, 'var-asset': asset });
}

/** Explore with the Conduit datasource's findings query over the span, in the zone when one is given. */
export function findingsExploreUrl(datasourceUid: string, span: TimeSpan, zone?: string): string {
  const panes = {
    incident: {
      datasource: datasourceUid,
      queries: [
        {
          refId: 'A',
          datasource: { uid: datasourceUid },
          queryType: 'findings',
          ...(zone === undefined ? {} : { zone }),
        },
      ],
      range: { from: String(span.from), to: String(span.to) },
    },
  };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify(panes) });
}
