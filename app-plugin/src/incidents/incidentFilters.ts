/** The Incidents page's filters, kept in the URL so a filtered list can be shared and survives a reload. */
import {
  type IncidentPhase,
  type IncidentState,
  isIncidentPhase,
  isSeverity,
  SEVERITIES,
  type Severity,
} from '@conduit/core';

export type StatusFilter = 'open' | 'closed' | 'all';
export type DrillFilter = 'real' | 'drills' | 'all';

export interface IncidentFilter {
  status: StatusFilter;
  phase?: IncidentPhase;
  minSeverity?: Severity;
  zone?: string;
  drills: DrillFilter;
}

export const DEFAULT_FILTER: IncidentFilter = { status: 'all', drills: 'all' };

export function readFilter(params: URLSearchParams): IncidentFilter {
  const status = params.get('status');
  const drills = params.get('drills');
  const phase = params.get('phase');
  const severity = params.get('severity');
  const zone = params.get('zone');
  return {
    status: status === 'open' || status === 'closed' ? status : 'all',
    drills: drills === 'real' || drills === 'drills' ? drills : 'all',
    phase: isIncidentPhase(phase) ? phase : undefined,
    minSeverity: isSeverity(severity) ? severity : undefined,
    zone: zone === null || zone === '' ? undefined : zone,
  };
}

export function writeFilter(filter: IncidentFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status !== 'all') {
    params.set('status', filter.status);
  }
  if (filter.drills !== 'all') {
    params.set('drills', filter.drills);
  }
  if (filter.phase !== undefined) {
    params.set('phase', filter.phase);
  }
  if (filter.minSeverity !== undefined) {
    params.set('severity', filter.minSeverity);
  }
  if (filter.zone !== undefined) {
    params.set('zone', filter.zone);
  }
  return params;
}

export function incidentZones(state: IncidentState): string[] {
  return [
    ...new Set([
      ...state.zones,
      ...state.findings.flatMap((finding) => finding.zones),
      ...state.evidence.flatMap((evidence) => (evidence.kind === 'zone' ? [evidence.zone] : [])),
    ]),
  ];
}

export function matchesFilter(state: IncidentState, filter: IncidentFilter): boolean {
  if (filter.status !== 'all' && state.status !== filter.status) {
    return false;
  }
  if (filter.drills === 'real' && state.drill !== undefined) {
    return false;
  }
  if (filter.drills === 'drills' && state.drill === undefined) {
    return false;
  }
  if (filter.phase !== undefined && state.phase !== filter.phase) {
    return false;
  }
  if (filter.minSeverity !== undefined && SEVERITIES.indexOf(state.severity) < SEVERITIES.indexOf(filter.minSeverity)) {
    return false;
  }
  return filter.zone === undefined || incidentZones(state).includes(filter.zone);
}
