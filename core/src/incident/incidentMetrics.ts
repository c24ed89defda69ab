/**
 * The response times a team is measured by. Time to detect runs from the first evidence of the activity to the
 * opening of the incident; the others run from the opening: to acknowledgement (the first person taking it on),
 * to containment (the contain phase completed) and to recovery (the recover phase completed). Drills are kept
 * out: a rehearsed response would flatter the real one.
 */
import type { IncidentState } from './foldIncident';
import { INCIDENT_PHASES, type IncidentPhase } from './incidentPhases';

export const METRICS = ['detect', 'acknowledge', 'contain', 'recover'] as const;
export type IncidentMetric = (typeof METRICS)[number];

export const METRIC_LABELS: Readonly<Record<IncidentMetric, string>> = {
  detect: 'Time to detect',
  acknowledge: 'Time to acknowledge',
  contain: 'Time to contain',
  recover: 'Time to recover',
};

/** Milliseconds per metric; absent where the incident has not got that far (or waived the phase). */
export type IncidentTimes = Partial<Record<IncidentMetric, number>>;

function since(start: number | undefined, end: number | undefined): number | undefined {
  return start === undefined || end === undefined ? undefined : Math.max(0, end - start);
}

export function incidentTimes(state: IncidentState): IncidentTimes {
  const opened = state.opened.at;
  const times: IncidentTimes = {
    detect: since(state.startedAt, opened),
    acknowledge: since(opened, state.acknowledged?.at),
    contain: since(opened, state.phaseCompleted.contain),
    recover: since(opened, state.phaseCompleted.recover),
  };
  return Object.fromEntries(Object.entries(times).filter(([, value]) => value !== undefined)) as IncidentTimes;
}

export interface MetricSummary {
  /** Incidents that reached the point measured. */
  count: number;
  median?: number;
  mean?: number;
}

function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) {
    return undefined;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median and mean of each metric over the real incidents (drills left out). */
export function summariseTimes(states: readonly IncidentState[]): Record<IncidentMetric, MetricSummary> {
  const real = states.filter((state) => state.drill === undefined).map(incidentTimes);
  const summary = {} as Record<IncidentMetric, MetricSummary>;
  for (const metric of METRICS) {
    const values = real
      .map((times) => times[metric])
      .filter((value): value is number => value !== undefined)
      .sort((a, b) => a - b);
    summary[metric] = {
      count: values.length,
      median: median(values),
      mean: values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length,
    };
  }
  return summary;
}

/** Time from the opening to the first entry into each phase after detect. */
export function timeToPhases(state: IncidentState): Partial<Record<IncidentPhase, number>> {
  const times: Partial<Record<IncidentPhase, number>> = {};
  for (const phase of INCIDENT_PHASES.slice(1)) {
    const entered = state.phaseEntered[phase];
    if (entered !== undefined) {
      times[phase] = entered - state.opened.at;
    }
  }
  return times;
}

/** `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h`: durations as a control room reads them. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}
