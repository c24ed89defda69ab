/**
 * The fold: an incident's events, in any order and with any repeats, to its current state. Every event is either
 * applied or reported as rejected with the reason, never dropped in silence, so a refused close or an approval by
 * the wrong person shows on the incident's timeline for everyone.
 */
import { isSeverity, type Severity } from '../finding';
import {
  type Evidence,
  type IncidentEvent,
  type LinkedFinding,
  type OpenedEvent,
  orderEvents,
  orderEventsInPlace,
} from './incidentEvents';
import {
  INCIDENT_PHASES,
  type IncidentPhase,
  type IncidentRole,
  isIncidentPhase,
  isIncidentRole,
  PHASE_INFO,
  phaseIndex,
  REQUIRED_PHASES,
  ROLE_LABELS,
} from './incidentPhases';
import { findPlaybook, type Playbook, type PlaybookStep } from './playbooks';

/** Who did something and when. */
export interface Act {
  at: number;
  by: string;
}

export interface StepRecord extends Act {
  status: 'done' | 'skipped';
  reason?: string;
}

export interface ApprovalRecord extends Act {
  decision: 'given' | 'refused';
  reason?: string;
}

export interface IncidentState {
  id: string;
  title: string;
  summary: string;
  severity: Severity;
  status: 'open' | 'closed';
  phase: IncidentPhase;
  playbookId: string;
  /** Undefined when the incident names a playbook that is no longer configured. */
  playbook?: Playbook;
  chain?: string;
  findings: LinkedFinding[];
  zones: string[];
  assets: string[];
  /** Evidence linked after opening. */
  evidence: Evidence[];
  drill?: { script: string };
  opened: Act;
  startedAt?: number;
  acknowledged?: Act;
  /** When each phase was first entered. */
  phaseEntered: Partial<Record<IncidentPhase, number>>;
  /** When each phase was first left for a later one. */
  phaseCompleted: Partial<Record<IncidentPhase, number>>;
  waived: Partial<Record<IncidentPhase, Act & { reason: string }>>;
  roles: Partial<Record<IncidentRole, string>>;
  steps: Record<string, StepRecord>;
  /** The latest decision on each step that needs approval. */
  approvals: Record<string, ApprovalRecord>;
  notes: Array<Act & { text: string }>;
  review?: Act & { text: string };
  closed?: Act;
  lastEventAt: number;
}

export interface RejectedEvent {
  event: IncidentEvent;
  reason: string;
}

export interface IncidentFold {
  /** Undefined while no opening event has been read. */
  state?: IncidentState;
  /** Applied events, in the agreed order: the incident's timeline. */
  accepted: IncidentEvent[];
  rejected: RejectedEvent[];
}

/** Text with something in it; checked without trimming (a copy per event), as the fold runs over every event. */
function nonEmpty(text: unknown): text is string {
  if (typeof text !== 'string') {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 32) {
      return true;
    }
  }
  return false;
}

function evidenceKey(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'finding':
      return `finding:${evidence.finding.id}`;
    case 'asset':
      return `asset:${evidence.asset}`;
    case 'zone':
      return `zone:${evidence.zone}`;
    case 'link':
      return `link:${evidence.url}`;
  }
}

/** A record with every phase present and unset, so the fold reads and writes it by phase at one shape. */
function noPhases<T>(): Partial<Record<IncidentPhase, T>> {
  return {
    detect: undefined,
    analyse: undefined,
    contain: undefined,
    eradicate: undefined,
    recover: undefined,
    improve: undefined,
  };
}

function open(event: IncidentEvent, body: OpenedEvent, playbooks: readonly Playbook[]): IncidentState | string {
  if (!nonEmpty(body.title)) {
    return 'an incident needs a title';
  }
  if (!isSeverity(body.severity)) {
    return `unknown severity "${String(body.severity)}"`;
  }
  const findings = Array.isArray(body.findings) ? body.findings : [];
  const times = findings.map((finding) => finding.time).filter((time) => Number.isFinite(time));
  const startedAt = body.startedAt ?? (times.length > 0 ? Math.min(...times) : undefined);
  return {
    id: event.incident,
    title: body.title.trim(),
    summary: body.summary ?? '',
    severity: body.severity,
    status: 'open',
    phase: 'detect',
    playbookId: body.playbook,
    playbook: findPlaybook(playbooks, body.playbook),
    chain: body.chain,
    findings,
    zones: Array.isArray(body.zones) ? body.zones : [],
    assets: Array.isArray(body.assets) ? body.assets : [],
    evidence: [],
    drill: body.drill,
    opened: { at: event.time, by: event.user },
    startedAt,
    // Fields set later are present from the start, so every state has one shape and the fold's reads stay fast.
    acknowledged: undefined,
    phaseEntered: { ...noPhases<number>(), detect: event.time },
    phaseCompleted: noPhases(),
    waived: noPhases(),
    roles: {},
    steps: {},
    approvals: {},
    notes: [],
    review: undefined,
    closed: undefined,
    lastEventAt: event.time,
  };
}

function step(state: IncidentState, id: string): PlaybookStep | string {
  if (state.playbook === undefined) {
    return `the playbook "${state.playbookId}" is not configured`;
  }
  return state.playbook.steps.find((candidate) => candidate.id === id) ?? `the playbook has no step "${id}"`;
}

/** What still stands in the way of closing; empty when the incident may close. */
export function closeBlockers(state: IncidentState): string[] {
  const blockers = REQUIRED_PHASES.filter(
    (phase) => state.phaseCompleted[phase] === undefined && state.waived[phase] === undefined
  ).map((phase) => `${PHASE_INFO[phase].label} has been neither completed nor waived`);
  if (state.review === undefined) {
    blockers.push('no post-incident review is recorded');
  }
  return blockers;
}

/** Why the event cannot apply to the state, or undefined after applying it. */
function apply(state: IncidentState, event: IncidentEvent): string | undefined {
  const body = event.body;
  if (state.status === 'closed' && body.type !== 'reopened') {
    return 'the incident is closed; reopen it first';
  }
  // Notes are most of a long incident's events: they are matched first.
  switch (body.type) {
    case 'note':
      if (!nonEmpty(body.text)) {
        return 'a note needs text';
      }
      state.notes.push({ at: event.time, by: event.user, text: body.text });
      return undefined;
    case 'opened':
      return 'the incident is already open';
    case 'acknowledged':
      if (state.acknowledged !== undefined) {
        return `already acknowledged by ${state.acknowledged.by}`;
      }
      state.acknowledged = { at: event.time, by: event.user };
      return undefined;
    case 'severity-changed':
      if (!isSeverity(body.severity)) {
        return `unknown severity "${String(body.severity)}"`;
      }
      if (body.severity === state.severity) {
        return `the severity is already ${body.severity}`;
      }
      state.severity = body.severity;
      return undefined;
    case 'phase-changed':
      return changePhase(state, event, body.phase);
    case 'phase-waived': {
      if (!isIncidentPhase(body.phase) || body.phase === 'improve' || body.phase === 'detect') {
        return `the phase "${String(body.phase)}" cannot be waived`;
      }
      if (!nonEmpty(body.reason)) {
        return 'a waiver needs a reason';
      }
      if (state.phaseCompleted[body.phase] !== undefined || state.waived[body.phase] !== undefined) {
        return `${PHASE_INFO[body.phase].label} is already completed or waived`;
      }
      state.waived[body.phase] = { at: event.time, by: event.user, reason: body.reason.trim() };
      return undefined;
    }
    case 'role-assigned':
      if (!isIncidentRole(body.role)) {
        return `unknown role "${String(body.role)}"`;
      }
      if (!nonEmpty(body.person)) {
        return 'a role needs a person';
      }
      if (state.roles[body.role] === body.person.trim()) {
        return `${body.person} already holds the role ${ROLE_LABELS[body.role]}`;
      }
      state.roles[body.role] = body.person.trim();
      return undefined;
    case 'step-done':
    case 'step-skipped': {
      const found = step(state, body.step);
      if (typeof found === 'string') {
        return found;
      }
      const earlier = state.steps[found.id];
      if (earlier !== undefined) {
        return `the step is already ${earlier.status} by ${earlier.by}`;
      }
      if (body.type === 'step-skipped') {
        if (!nonEmpty(body.reason)) {
          return 'skipping a step needs a reason';
        }
        state.steps[found.id] = { status: 'skipped', at: event.time, by: event.user, reason: body.reason.trim() };
        return undefined;
      }
      if (found.needsApproval === true && state.approvals[found.id]?.decision !== 'given') {
        return 'the step touches the process and needs the OT engineer’s approval first';
      }
      state.steps[found.id] = { status: 'done', at: event.time, by: event.user };
      return undefined;
    }
    case 'approval': {
      const found = step(state, body.step);
      if (typeof found === 'string') {
        return found;
      }
      if (found.needsApproval !== true) {
        return 'the step needs no approval';
      }
      if (body.decision !== 'given' && body.decision !== 'refused') {
        return `unknown decision "${String(body.decision)}"`;
      }
      const engineer = state.roles['ot-engineer'];
      if (engineer === undefined) {
        return 'no OT engineer is assigned to approve it';
      }
      if (event.user !== engineer) {
        return `only the incident’s OT engineer (${engineer}) approves steps that touch the process`;
      }
      if (state.steps[found.id] !== undefined) {
        return `the step is already ${state.steps[found.id].status}`;
      }
      state.approvals[found.id] = { decision: body.decision, at: event.time, by: event.user, reason: body.reason };
      return undefined;
    }
    case 'evidence-linked': {
      const key = evidenceKey(body.evidence);
      const linked = [
        ...state.findings.map((finding) => `finding:${finding.id}`),
        ...state.zones.map((zone) => `zone:${zone}`),
        ...state.assets.map((asset) => `asset:${asset}`),
        ...state.evidence.map(evidenceKey),
      ];
      if (linked.includes(key)) {
        return 'already linked';
      }
      state.evidence.push(body.evidence);
      return undefined;
    }
    case 'review-recorded':
      if (!nonEmpty(body.text)) {
        return 'a review needs its findings written down';
      }
      state.review = { at: event.time, by: event.user, text: body.text };
      return undefined;
    case 'closed': {
      const blockers = closeBlockers(state);
      if (blockers.length > 0) {
        return `cannot close: ${blockers.join('; ')}`;
      }
      state.status = 'closed';
      state.closed = { at: event.time, by: event.user };
      return undefined;
    }
    case 'reopened':
      if (state.status !== 'closed') {
        return 'the incident is not closed';
      }
      if (!nonEmpty(body.reason)) {
        return 'reopening needs a reason';
      }
      state.status = 'open';
      state.closed = undefined;
      return undefined;
    default:
      return `unknown event type "${String((body as { type?: unknown }).type)}"`;
  }
}

function changePhase(state: IncidentState, event: IncidentEvent, phase: IncidentPhase): string | undefined {
  if (!isIncidentPhase(phase)) {
    return `unknown phase "${String(phase)}"`;
  }
  if (phase === state.phase) {
    return `the incident is already in ${PHASE_INFO[phase].label}`;
  }
  const from = phaseIndex(state.phase);
  const to = phaseIndex(phase);
  if (to > from) {
    const skipped = REQUIRED_PHASES.filter((required) => {
      const index = phaseIndex(required);
      return (
        index > from &&
        index < to &&
        state.phaseCompleted[required] === undefined &&
        state.waived[required] === undefined
      );
    });
    if (skipped.length > 0) {
      return `${skipped.map((required) => PHASE_INFO[required].label).join(' and ')} must be passed through or waived first`;
    }
    for (let index = from; index < to; index++) {
      const passed = INCIDENT_PHASES[index];
      if (state.phaseEntered[passed] !== undefined) {
        state.phaseCompleted[passed] ??= event.time;
      }
    }
  }
  state.phase = phase;
  state.phaseEntered[phase] ??= event.time;
  state.acknowledged ??= { at: event.time, by: event.user };
  return undefined;
}

/** One incident's events (all with the same incident id) to its state, with what was rejected and why. */
export function foldIncident(events: readonly IncidentEvent[], playbooks: readonly Playbook[]): IncidentFold {
  return foldOrdered(orderEvents(events), playbooks);
}

/** The fold over events already in agreed order, each once. */
function foldOrdered(ordered: IncidentEvent[], playbooks: readonly Playbook[]): IncidentFold {
  const rejected: RejectedEvent[] = [];
  let refused: Set<IncidentEvent> | undefined;
  let state: IncidentState | undefined;
  for (const event of ordered) {
    let reason: string | undefined;
    if (state !== undefined) {
      reason = apply(state, event);
      if (reason === undefined && event.time > state.lastEventAt) {
        state.lastEventAt = event.time;
      }
    } else if (event.body.type !== 'opened') {
      reason = 'the incident has not been opened';
    } else {
      const opened = open(event, event.body, playbooks);
      if (typeof opened === 'string') {
        reason = opened;
      } else {
        state = opened;
      }
    }
    if (reason !== undefined) {
      rejected.push({ event, reason });
      (refused ??= new Set()).add(event);
    }
  }
  // Most streams have nothing refused: the ordered events are then the timeline as they are.
  const accepted = refused === undefined ? ordered : ordered.filter((event) => !refused.has(event));
  return { state, accepted, rejected };
}

/** Events of many incidents, grouped and folded; incidents in order of opening, newest first. */
export function foldIncidents(
  events: readonly IncidentEvent[],
  playbooks: readonly Playbook[]
): Map<string, IncidentFold> {
  const byIncident = new Map<string, IncidentEvent[]>();
  // An incident's events come close together in time: each run of one incident is copied in one slice.
  let runStart = 0;
  for (let i = 1; i <= events.length; i++) {
    if (i < events.length && events[i].incident === events[runStart].incident) {
      continue;
    }
    const run = events.slice(runStart, i);
    const group = byIncident.get(run[0].incident);
    if (group === undefined) {
      byIncident.set(run[0].incident, run);
    } else {
      for (const event of run) {
        group.push(event);
      }
    }
    runStart = i;
  }
  const folds: Array<[string, IncidentFold]> = [];
  for (const [incident, group] of byIncident) {
    folds.push([incident, foldOrdered(orderEventsInPlace(group), playbooks)]);
  }
  folds.sort(([, a], [, b]) => (b.state?.opened.at ?? 0) - (a.state?.opened.at ?? 0));
  return new Map(folds);
}
