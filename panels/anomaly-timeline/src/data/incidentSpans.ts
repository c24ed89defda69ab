/**
 * Incidents as time spans on the timeline, from the dashboard's annotations tagged `conduit-incident` (the tag the
 * Conduit app gives its incident events); an annotation without an end is a moment.
 */
import type { DataFrame } from '@grafana/data';

export const INCIDENT_TAG = 'conduit-incident';

export function incidentSpans(annotations: DataFrame[] | undefined): Array<{ from: number; to: number }> {
  return (annotations ?? []).flatMap((frame) => {
    const times = frame.fields.find((field) => field.name === 'time');
    const ends = frame.fields.find((field) => field.name === 'timeEnd');
    const tags = frame.fields.find((field) => field.name === 'tags');
    return Array.from({ length: frame.length }, (_, row) => {
      const time: unknown = times?.values[row];
      const end: unknown = ends?.values[row];
      const tagList: unknown = tags?.values[row];
      const isIncident = Array.isArray(tagList) && tagList.includes(INCIDENT_TAG);
      return isIncident && typeof time === 'number'
        ? [{ from: time, to: typeof end === 'number' && end > time ? end : time }]
        : [];
    }).flat();
  });
}
