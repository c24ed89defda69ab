/**
 * Properties of the fold over random event streams: the state does not depend on the order events are read in
 * (two people acting at once, pages read in any order), every event is either applied or reported, and a
 * retried write (the same event id twice) changes nothing.
 */
import fc from 'fast-check';

import { foldIncident } from './foldIncident';
import type { IncidentEvent, IncidentEventBody } from './incidentEvents';
import { INCIDENT_PHASES, INCIDENT_ROLES } from './incidentPhases';
import { BUILT_IN_PLAYBOOKS } from './playbooks';
import { IncidentScript } from './test/incidentScript';

const USERS = ['analyst', 'cmdr', 'oteng'];
const STEPS = ['triage', 'scope', 'block-source', 'restore-values', 'verify-process', 'lessons-learnt', 'no-such'];

const body: fc.Arbitrary<IncidentEventBody> = fc.oneof(
  fc.constant<IncidentEventBody>({ type: 'acknowledged' }),
  fc.constantFrom(...INCIDENT_PHASES).map((phase): IncidentEventBody => ({ type: 'phase-changed', phase })),
  fc
    .tuple(fc.constantFrom(...INCIDENT_PHASES), fc.constantFrom('', 'not needed'))
    .map(([phase, reason]): IncidentEventBody => ({ type: 'phase-waived', phase, reason })),
  fc
    .tuple(fc.constantFrom(...INCIDENT_ROLES), fc.constantFrom(...USERS))
    .map(([role, person]): IncidentEventBody => ({ type: 'role-assigned', role, person })),
  fc.constantFrom('a', 'b', '').map((text): IncidentEventBody => ({ type: 'note', text })),
  fc.constantFrom(...STEPS).map((step): IncidentEventBody => ({ type: 'step-done', step })),
  fc.constantFrom(...STEPS).map((step): IncidentEventBody => ({ type: 'step-skipped', step, reason: 'n/a' })),
  fc
    .tuple(fc.constantFrom(...STEPS), fc.constantFrom<'given' | 'refused'>('given', 'refused'))
    .map(([step, decision]): IncidentEventBody => ({ type: 'approval', step, decision })),
  fc
    .constantFrom('low', 'high', 'critical')
    .map((severity): IncidentEventBody => ({ type: 'severity-changed', severity: severity as 'low' })),
  fc.constant<IncidentEventBody>({ type: 'review-recorded', text: 'lessons' }),
  fc.constant<IncidentEventBody>({ type: 'closed' }),
  fc.constant<IncidentEventBody>({ type: 'reopened', reason: 'again' })
);

/** An opened incident and up to 60 more events; several may share a minute (people acting at once). */
const stream: fc.Arbitrary<IncidentEvent[]> = fc
  .array(fc.tuple(fc.constantFrom(...USERS), body, fc.constantFrom(0, 0, 1, 2)), { maxLength: 60 })
  .map((steps) => {
    const script = new IncidentScript();
    script.open();
    for (const [user, eventBody, minutes] of steps) {
      script.add(user, eventBody, minutes);
    }
    return script.events;
  });

const fold = (events: readonly IncidentEvent[]) => foldIncident(events, BUILT_IN_PLAYBOOKS);

describe('the incident fold', () => {
  it('gives the same state, timeline and rejections for any order of the same events', () => {
    fc.assert(
      fc.property(
        stream.chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length }))
        ),
        ([events, shuffled]) => {
          expect(fold(shuffled)).toEqual(fold(events));
        }
      ),
      { numRuns: 300 }
    );
  });

  it('reads a page newest first (Grafana’s order) as it reads it oldest first, whatever the openings', () => {
    fc.assert(
      fc.property(stream, fc.constantFrom('one', 'second', 'late'), fc.nat(), (events, openings, at) => {
        const read = events.slice();
        const place = at % read.length;
        if (openings === 'second') {
          // Another opening among the events, at the time of one of them.
          const again = { ...read[0].body, title: 'again' } as IncidentEventBody;
          read.splice(place, 0, { ...read[0], id: 'second-opening', time: read[place].time, body: again });
        } else if (openings === 'late') {
          // The opening stamped after events that follow it (a clock ahead): it still goes first.
          read[0] = { ...read[0], time: read[place].time + 1 };
          read.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
        }
        // Rotated by one, the read is in neither order, so it is folded the general way.
        const rotated = [...read.slice(1), read[0]];
        expect(fold(read)).toEqual(fold(rotated));
        expect(fold(read.slice().reverse())).toEqual(fold(rotated));
      }),
      { numRuns: 300 }
    );
  });

  it('accounts for every event: applied or rejected with a reason, never dropped', () => {
    fc.assert(
      fc.property(stream, (events) => {
        const { accepted, rejected } = fold(events);
        expect(accepted.length + rejected.length).toBe(events.length);
        expect(rejected.every(({ reason }) => reason.length > 0)).toBe(true);
        expect(new Set([...accepted, ...rejected.map((r) => r.event)].map((e) => e.id)).size).toBe(events.length);
      }),
      { numRuns: 300 }
    );
  });

  it('reads a retried write once: duplicated events change nothing', () => {
    fc.assert(
      fc.property(
        stream.chain((events) =>
          fc.tuple(fc.constant(events), fc.array(fc.constantFrom(...events), { minLength: 1, maxLength: 20 }))
        ),
        ([events, repeats]) => {
          const copies = repeats.map((event) => structuredClone(event));
          expect(fold([...events, ...copies])).toEqual(fold(events));
        }
      ),
      { numRuns: 300 }
    );
  });

  it('never closes an incident that has neither passed nor waived containment and recovery', () => {
    fc.assert(
      fc.property(stream, (events) => {
        const { state } = fold(events);
        if (state?.status === 'closed') {
          for (const phase of ['contain', 'recover'] as const) {
            expect(state.phaseCompleted[phase] ?? state.waived[phase]).toBeDefined();
          }
          expect(state.review).toBeDefined();
        }
      }),
      { numRuns: 500 }
    );
  });
});
