/**
 * Incident events stored as Grafana organisation annotations: one annotation per event, tagged so a dashboard's
 * annotation query can show every incident event on its time axis (`conduit-incident`) or one incident's
 * (`incident:<id>`), the event itself in the annotation's `data`. Grafana stamps who posted it; the reader takes
 * the person from that stamp, never from the payload.
 */
import { describeEvent, INCIDENT_EVENT_TYPES, type IncidentEvent, type IncidentEventBody } from '@conduit/core';

export const INCIDENT_TAG = 'conduit-incident';
export const DRILL_TAG = 'conduit-drill';

export function incidentTag(incident: string): string {
  return `incident:${incident}`;
}

export function eventTag(type: string): string {
  return `event:${type}`;
}

/** The body of POST /api/annotations for an event. */
export interface AnnotationPost {
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  data: { conduitIncidentEvent: 1; id: string; incident: string; body: IncidentEventBody };
}

export function eventAnnotation(event: IncidentEvent, drill: boolean): AnnotationPost {
  const tags = [INCIDENT_TAG, incidentTag(event.incident), eventTag(event.body.type)];
  if (drill) {
    tags.push(DRILL_TAG);
  }
  return {
    time: event.time,
    timeEnd: event.time,
    text: `${event.incident}: ${describeEvent(event)}`,
    tags,
    data: { conduitIncidentEvent: 1, id: event.id, incident: event.incident, body: event.body },
  };
}

/** The fields of GET /api/annotations items the reader uses. */
export interface AnnotationItem {
  id: number;
  time: number;
  login?: string;
  email?: string;
  userId?: number;
  data?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The event an annotation holds, or why it holds none (a hand-made annotation with the tag, a damaged payload). */
export function annotationEvent(item: AnnotationItem): IncidentEvent | { problem: string } {
  const data = item.data;
  if (!isRecord(data) || data.conduitIncidentEvent !== 1) {
    return { problem: `annotation ${item.id} carries no incident event` };
  }
  const body = data.body;
  if (typeof data.id !== 'string' || data.id === '' || typeof data.incident !== 'string' || data.incident === '') {
    return { problem: `annotation ${item.id}: the event has no id or incident` };
  }
  if (!isRecord(body) || !(INCIDENT_EVENT_TYPES as readonly unknown[]).includes(body.type)) {
    return {
      problem: `annotation ${item.id}: unknown event type ${JSON.stringify(isRecord(body) ? body.type : body)}`,
    };
  }
  const user = item.login || item.email || (item.userId ? `user ${item.userId}` : 'unknown user');
  return {
    id: data.id,
    incident: data.incident,
    time: item.time,
    user,
    body: body as unknown as IncidentEventBody,
  };
}

/** Events of the items, each annotation once; what could not be read is listed, not dropped in silence. */
export function annotationEvents(items: readonly AnnotationItem[]): { events: IncidentEvent[]; problems: string[] } {
  const events: IncidentEvent[] = [];
  const problems: string[] = [];
  for (const item of items) {
    const read = annotationEvent(item);
    if ('problem' in read) {
      problems.push(read.problem);
    } else {
      events.push(read);
    }
  }
  return { events, problems };
}
