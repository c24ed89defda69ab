/**
 * An incident is an append-only stream of events. Nothing is ever edited: a change of mind is a later event, so
 * two people acting at once both land, and the record of who did what and when stays whole.
 */
import type { FindingCategory, Severity } from '../finding';
import type { IncidentPhase, IncidentRole } from './incidentPhases';

/** A finding as an incident keeps it: enough to show and link it without the store at hand. */
export interface LinkedFinding {
  id: string;
  time: number;
  endTime?: number;
  category: FindingCategory;
  severity: Severity;
  title: string;
  technique?: string;
  zones: string[];
  assets: string[];
}

/** Evidence linked after opening: a finding, an asset, a zone, or a link to anything else. */
export type Evidence =
  | { kind: 'finding'; finding: LinkedFinding }
  | { kind: 'asset'; asset: string }
  | { kind: 'zone'; zone: string }
  | { kind: 'link'; url: string; title: string };

export interface OpenedEvent {
  type: 'opened';
  title: string;
  severity: Severity;
  summary?: string;
  /** The playbook whose steps the incident follows. */
  playbook: string;
  /** The correlated chain it was opened from, if any. */
  chain?: string;
  findings: LinkedFinding[];
  zones: string[];
  assets: string[];
  /** When the activity began, as far as the evidence shows (the earliest finding), for time to detect. */
  startedAt?: number;
  /** A tabletop exercise: kept out of the real metrics and scored. */
  drill?: { script: string };
}

export type IncidentEventBody =
  | OpenedEvent
  | { type: 'acknowledged' }
  | { type: 'severity-changed'; severity: Severity }
  | { type: 'phase-changed'; phase: IncidentPhase }
  | { type: 'phase-waived'; phase: IncidentPhase; reason: string }
  | { type: 'role-assigned'; role: IncidentRole; person: string }
  | { type: 'note'; text: string }
  | { type: 'step-done'; step: string }
  | { type: 'step-skipped'; step: string; reason: string }
  | { type: 'approval'; step: string; decision: 'given' | 'refused'; reason?: string }
  | { type: 'evidence-linked'; evidence: Evidence }
  | { type: 'review-recorded'; text: string }
  | { type: 'closed' }
  | { type: 'reopened'; reason: string };

export type IncidentEventType = IncidentEventBody['type'];

export const INCIDENT_EVENT_TYPES: readonly IncidentEventType[] = [
  'opened',
  'acknowledged',
  'severity-changed',
  'phase-changed',
  'phase-waived',
  'role-assigned',
  'note',
  'step-done',
  'step-skipped',
  'approval',
  'evidence-linked',
  'review-recorded',
  'closed',
  'reopened',
];

export interface IncidentEvent {
  /** Made by the client before the first attempt, so a retried write is recognised and read once. */
  id: string;
  incident: string;
  /** Milliseconds since the epoch, when the person acted. */
  time: number;
  /** Who acted, as the store stamped it (Grafana's login), never as the client claimed. */
  user: string;
  body: IncidentEventBody;
}

/** Events in the one order every reader agrees on: the opening first, then by time, then by id. */
export function compareEvents(a: IncidentEvent, b: IncidentEvent): number {
  const opened = Number(b.body.type === 'opened') - Number(a.body.type === 'opened');
  if (opened !== 0) {
    return opened;
  }
  if (a.time !== b.time) {
    return a.time - b.time;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Each event id once, in agreed order. A retried write repeats the event with its own time, so copies sort next
 * to each other (same time, same id) and one pass removes them; of two copies that differ, the one that sorts
 * first by content wins, so every reader keeps the same one.
 */
export function orderEvents(events: readonly IncidentEvent[]): IncidentEvent[] {
  return orderEventsInPlace(events.slice());
}

/** `orderEvents` on an array the caller owns, reordered and shortened where it is. */
export function orderEventsInPlace(events: IncidentEvent[]): IncidentEvent[] {
  if (inOrderOrReversed(events)) {
    return events;
  }
  // The openings (normally one) go first; the rest is ordered by time and id alone, which reads no event's body.
  let openings: IncidentEvent[] | undefined;
  let rest = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event.body.type === 'opened') {
      (openings ??= []).push(event);
    } else {
      events[rest++] = event;
    }
  }
  events.length = rest;
  orderByTime(events);
  if (openings !== undefined) {
    events.unshift(...orderByTime(openings));
  }
  let kept = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const previous = kept > 0 ? events[kept - 1] : undefined;
    if (previous !== undefined && previous.id === event.id && previous.time === event.time) {
      if (compareCopies(event, previous) < 0) {
        events[kept - 1] = event;
      }
      continue;
    }
    events[kept++] = event;
  }
  events.length = kept;
  return events;
}

/**
 * The usual read, newest first or oldest first, with one opening at the old end and no copies: reversed where it
 * is when it came newest first. Leaves the array untouched and says no for anything else.
 */
function inOrderOrReversed(events: IncidentEvent[]): boolean {
  const count = events.length;
  if (count < 2) {
    return false;
  }
  const direction = compareTimes(events[0], events[1]) < 0 ? 1 : -1;
  const openingAt = direction === 1 ? 0 : count - 1;
  for (let i = 0; i < count; i++) {
    if ((events[i].body.type === 'opened') !== (i === openingAt)) {
      return false;
    }
    // Strictly ordered: two copies of one event (same time, same id) compare equal and go the general way.
    if (i > 0 && compareTimes(events[i - 1], events[i]) * direction >= 0) {
      return false;
    }
  }
  if (direction === -1) {
    events.reverse();
  }
  return true;
}

function compareTimes(a: IncidentEvent, b: IncidentEvent): number {
  if (a.time !== b.time) {
    return a.time - b.time;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Reads usually come in order, newest first (Grafana's annotation order) or oldest first: no sort needed then. */
function orderByTime(events: IncidentEvent[]): IncidentEvent[] {
  if (isOrdered(events, 1)) {
    return events;
  }
  return isOrdered(events, -1) ? events.reverse() : events.sort(compareTimes);
}

function isOrdered(events: readonly IncidentEvent[], direction: 1 | -1): boolean {
  for (let i = 1; i < events.length; i++) {
    if (compareTimes(events[i - 1], events[i]) * direction > 0) {
      return false;
    }
  }
  return true;
}

function compareCopies(a: IncidentEvent, b: IncidentEvent): number {
  const order = compareEvents(a, b);
  if (order !== 0) {
    return order;
  }
  const left = JSON.stringify(a);
  const right = JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** `INC-20261205-7Q3K`: the day it was opened and four characters that keep two of one day apart. */
export function newIncidentId(now: number, random: () => number = Math.random): string {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  let suffix = '';
  for (let i = 0; i < 4; i++) {
    suffix += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  }
  return `INC-${day}-${suffix}`;
}
