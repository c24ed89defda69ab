/**
 * `incident fold`: folding 10,000 events of 100 incidents (as the Incidents page reads them: all incidents,
 * newest annotation first) to their states, against a loop that only reads each event's incident, type and
 * time into a per-incident tally. Ratio is the fold's time over the reading loop's time; the goal is at most 3.
 */
import { type BenchRow, bestOfMs } from '../../../bench/benchRow';
import { foldIncidents } from './foldIncident';
import type { IncidentEvent, IncidentEventBody } from './incidentEvents';
import { BUILT_IN_PLAYBOOKS } from './playbooks';

const INCIDENTS = 100;
const EVENTS_PER_INCIDENT = 100;
const T0 = Date.UTC(2026, 11, 1);

/** One incident's life: opened, roles, every phase with its steps and approvals, and notes to fill the count. */
function incidentEvents(index: number): IncidentEvent[] {
  const playbook = BUILT_IN_PLAYBOOKS[index % BUILT_IN_PLAYBOOKS.length];
  const incident = `INC-BENCH-${index}`;
  const bodies: Array<[string, IncidentEventBody]> = [
    [
      'analyst',
      {
        type: 'opened',
        title: `Incident ${index}`,
        severity: 'high',
        playbook: playbook.id,
        findings: [],
        zones: ['control'],
        assets: ['plc-1'],
      },
    ],
    ['cmdr', { type: 'acknowledged' }],
    ['cmdr', { type: 'role-assigned', role: 'commander', person: 'cmdr' }],
    ['cmdr', { type: 'role-assigned', role: 'ot-engineer', person: 'oteng' }],
  ];
  for (const phase of ['analyse', 'contain', 'eradicate', 'recover', 'improve'] as const) {
    bodies.push(['cmdr', { type: 'phase-changed', phase }]);
    for (const step of playbook.steps.filter((candidate) => candidate.phase === phase)) {
      if (step.needsApproval) {
        bodies.push(['oteng', { type: 'approval', step: step.id, decision: 'given' }]);
      }
      bodies.push(['analyst', { type: 'step-done', step: step.id }]);
    }
  }
  bodies.push(['cmdr', { type: 'review-recorded', text: 'lessons' }]);
  while (bodies.length < EVENTS_PER_INCIDENT - 1) {
    bodies.push(['analyst', { type: 'note', text: `note ${bodies.length}` }]);
  }
  bodies.push(['cmdr', { type: 'closed' }]);
  return bodies.map(([user, body], position) => ({
    id: `${incident}-${position}`,
    incident,
    time: T0 + index * 3_600_000 + position * 30_000,
    user,
    body,
  }));
}

function readOnly(events: readonly IncidentEvent[]): number {
  const tally = new Map<string, { count: number; last: number; closed: boolean }>();
  for (const event of events) {
    const entry = tally.get(event.incident) ?? { count: 0, last: 0, closed: false };
    entry.count++;
    entry.last = Math.max(entry.last, event.time);
    entry.closed ||= event.body.type === 'closed';
    tally.set(event.incident, entry);
  }
  return tally.size;
}

export default async function incidentFoldBench(): Promise<BenchRow[]> {
  const events = Array.from({ length: INCIDENTS }, (_, index) => incidentEvents(index))
    .flat()
    .sort((a, b) => b.time - a.time);
  const folds = foldIncidents(events, BUILT_IN_PLAYBOOKS);
  const closed = [...folds.values()].filter((fold) => fold.state?.status === 'closed').length;
  const rejected = [...folds.values()].reduce((sum, fold) => sum + fold.rejected.length, 0);
  if (closed !== INCIDENTS || rejected !== 0) {
    throw new Error(`the bench's incidents should all close cleanly: ${closed} closed, ${rejected} rejected`);
  }
  const foldMs = bestOfMs(() => foldIncidents(events, BUILT_IN_PLAYBOOKS), 200);
  const readMs = bestOfMs(() => readOnly(events), 200);
  return [
    {
      name: 'incident fold',
      value: foldMs,
      unit: 'ms',
      baseline: readMs,
      ratio: foldMs / readMs,
      note: `${events.length} events of ${INCIDENTS} incidents folded in ${foldMs.toFixed(2)} ms; reading them into a tally takes ${readMs.toFixed(2)} ms; goal at most 3x`,
    },
  ];
}
