/**
 * Reading and appending incident events through Grafana's annotation API. Reads page backwards in time: the API
 * returns the newest `limit` annotations up to `to`, so each next page asks up to the oldest time seen (the
 * overlap is removed by annotation id). Appends retry on network failure with the same event id; the fold reads
 * a twice-written event once.
 */
import type { IncidentEvent } from '@conduit/core';
import { type FetchError, getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { type AnnotationItem, annotationEvents, eventAnnotation, INCIDENT_TAG, incidentTag } from './annotationEvents';

export const PAGE_SIZE = 500;
const RETRIES = 3;

/** An error a person can act on, with the HTTP status when there was one. */
export class IncidentApiError extends Error {
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message);
  }
}

function statusMessage(error: FetchError, doing: string): string {
  const detail = (error.data as { message?: string } | undefined)?.message;
  if (error.status === 403) {
    return `Grafana refused to let you ${doing}: your role lacks the permission to${doing.startsWith('read') ? ' read' : ' create'} annotations${detail ? ` (${detail})` : ''}. Ask an admin for the Editor role.`;
  }
  if (error.status === 401) {
    return `Your Grafana session has ended; sign in again to ${doing}.`;
  }
  return `Grafana answered ${error.status} when asked to ${doing}${detail ? `: ${detail}` : ''}.`;
}

function toApiError(error: unknown, doing: string): IncidentApiError {
  if (isFetchError(error)) {
    return new IncidentApiError(statusMessage(error, doing), error.status);
  }
  return new IncidentApiError(`Could not ${doing}: ${error instanceof Error ? error.message : String(error)}`);
}

async function fetchPage(tags: readonly string[], to: number): Promise<AnnotationItem[]> {
  const params = new URLSearchParams();
  for (const tag of tags) {
    params.append('tags', tag);
  }
  params.set('type', 'annotation');
  params.set('limit', String(PAGE_SIZE));
  // Grafana filters by time only when both ends are above zero.
  params.set('from', '1');
  params.set('to', String(to));
  const response = await lastValueFrom(
    getBackendSrv().fetch<AnnotationItem[]>({
      url: `/api/annotations?${params.toString()}`,
      method: 'GET',
      showErrorAlert: false,
    })
  );
  return Array.isArray(response.data) ? response.data : [];
}

export interface EventRead {
  events: IncidentEvent[];
  /** Annotations with the incident tag that hold no readable event. */
  problems: string[];
  /** Requests made, for the load benchmark and the page's status line. */
  pages: number;
}

/** Every event of one incident, or of all incidents when `incident` is undefined. */
export async function readIncidentEvents(incident?: string, now = Date.now()): Promise<EventRead> {
  const tags = incident === undefined ? [INCIDENT_TAG] : [INCIDENT_TAG, incidentTag(incident)];
  const seen = new Map<number, AnnotationItem>();
  // Events are stamped with the clock of the browser that made them; allow for one running a day ahead.
  let to = now + 86_400_000;
  let pages = 0;
  try {
    for (;;) {
      const page = await fetchPage(tags, to);
      pages++;
      let added = 0;
      let oldest = to;
      for (const item of page) {
        if (!seen.has(item.id)) {
          seen.set(item.id, item);
          added++;
        }
        oldest = Math.min(oldest, item.time);
      }
      if (page.length < PAGE_SIZE) {
        break;
      }
      // A full page of one millisecond: step past it rather than ask for the same page again.
      to = added === 0 ? oldest - 1 : oldest;
      if (to < 1) {
        break;
      }
    }
  } catch (error) {
    throw toApiError(error, 'read the incidents');
  }
  const read = annotationEvents([...seen.values()]);
  return { ...read, pages };
}

/** Appends one event; a network failure is retried with the same event, which the fold reads once. */
export async function appendIncidentEvent(event: IncidentEvent, drill: boolean): Promise<void> {
  const body = eventAnnotation(event, drill);
  let lastError: unknown;
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    try {
      await lastValueFrom(
        getBackendSrv().fetch({
          url: '/api/annotations',
          method: 'POST',
          data: body,
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return;
    } catch (error) {
      lastError = error;
      // Only a lost connection is worth a retry; Grafana's own refusals are final.
      if (isFetchError(error) && error.status >= 400) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
    }
  }
  throw toApiError(lastError, 'record the change');
}

/** A new event id: random, made once per action so its retries carry the same one. */
export function newEventId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
