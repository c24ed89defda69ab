import { INCIDENT_PHASES } from './incidentPhases';
import { BUILT_IN_PLAYBOOKS } from './playbooks';
import { closeBlockers, foldIncident, foldIncidents } from './foldIncident';
import { IncidentScript, OPENED_AT, PLC_WRITE } from './test/incidentScript';

const fold = (script: IncidentScript) => foldIncident(script.events, BUILT_IN_PLAYBOOKS);

function rejectionOf(script: IncidentScript, id: string): string | undefined {
  return fold(script).rejected.find((rejected) => rejected.event.id === id)?.reason;
}

describe('folding an incident', () => {
  it('opens in Detect with the playbook, findings and the time the activity began', () => {
    const script = new IncidentScript();
    script.open();
    const { state, rejected } = fold(script);
    expect(rejected).toEqual([]);
    expect(state).toMatchObject({
      id: 'INC-20261205-TEST',
      status: 'open',
      phase: 'detect',
      severity: 'critical',
      playbookId: 'unauthorised-plc-write',
      startedAt: PLC_WRITE.time,
      opened: { at: OPENED_AT, by: 'analyst' },
    });
    expect(state?.playbook?.name).toBe('Unauthorised PLC write');
  });

  it('rejects every event until the incident is opened, whatever their times', () => {
    const script = new IncidentScript();
    const note = script.add('analyst', { type: 'note', text: 'early' });
    expect(fold(script).state).toBeUndefined();
    expect(rejectionOf(script, note.id)).toBe('the incident has not been opened');
    // An opening that reaches the store later still comes first in the agreed order.
    const opening = script.open();
    opening.time = OPENED_AT + 60 * 60_000;
    expect(fold(script).state?.notes.map((n) => n.text)).toEqual(['early']);
    expect(fold(script).rejected).toEqual([]);
  });

  it('walks every phase to closed, with the OT engineer approving the step that touches the process', () => {
    const script = new IncidentScript();
    script.open();
    script.add('cmdr', { type: 'acknowledged' });
    script.add('cmdr', { type: 'role-assigned', role: 'commander', person: 'cmdr' });
    script.add('cmdr', { type: 'role-assigned', role: 'ot-engineer', person: 'oteng' });
    script.add('analyst', { type: 'step-done', step: 'triage' });
    script.add('cmdr', { type: 'phase-changed', phase: 'analyse' });
    script.add('analyst', { type: 'step-done', step: 'scope' });
    script.add('cmdr', { type: 'phase-changed', phase: 'contain' });
    const unapproved = script.add('analyst', { type: 'step-done', step: 'block-source' });
    const byAnalyst = script.add('analyst', { type: 'approval', step: 'block-source', decision: 'given' });
    script.add('oteng', { type: 'approval', step: 'block-source', decision: 'given', reason: 'unit in hold' });
    script.add('analyst', { type: 'step-done', step: 'block-source' });
    script.add('cmdr', { type: 'phase-changed', phase: 'eradicate' });
    script.add('cmdr', { type: 'phase-changed', phase: 'recover' });
    const early = script.add('cmdr', { type: 'closed' });
    script.add('cmdr', { type: 'phase-changed', phase: 'improve' });
    script.add('cmdr', { type: 'review-recorded', text: 'Block engineering protocols from the office VLAN.' });
    const close = script.add('cmdr', { type: 'closed' });

    const { state, accepted, rejected } = fold(script);
    expect(rejected.map((r) => r.event.id)).toEqual([unapproved.id, byAnalyst.id, early.id]);
    expect(rejectionOf(script, unapproved.id)).toMatch(/needs the OT engineer’s approval/);
    expect(rejectionOf(script, byAnalyst.id)).toBe(
      'only the incident’s OT engineer (oteng) approves steps that touch the process'
    );
    expect(rejectionOf(script, early.id)).toBe(
      'cannot close: Recover has been neither completed nor waived; no post-incident review is recorded'
    );
    expect(accepted.at(-1)?.id).toBe(close.id);
    expect(state).toMatchObject({ status: 'closed', phase: 'improve', closed: { by: 'cmdr' } });
    expect(state?.steps['block-source']).toMatchObject({ status: 'done', by: 'analyst' });
    expect(state?.approvals['block-source']).toMatchObject({ decision: 'given', by: 'oteng', reason: 'unit in hold' });
    expect(INCIDENT_PHASES.filter((phase) => state?.phaseCompleted[phase] !== undefined)).toEqual([
      'detect',
      'analyse',
      'contain',
      'eradicate',
      'recover',
    ]);
  });

  it('refuses to pass containment or recovery without going through them or waiving them', () => {
    const script = new IncidentScript();
    script.open();
    const jump = script.add('cmdr', { type: 'phase-changed', phase: 'improve' });
    expect(rejectionOf(script, jump.id)).toBe('Contain and Recover must be passed through or waived first');
    const unexplained = script.add('cmdr', { type: 'phase-waived', phase: 'contain', reason: ' ' });
    expect(rejectionOf(script, unexplained.id)).toBe('a waiver needs a reason');
    script.add('cmdr', { type: 'phase-waived', phase: 'contain', reason: 'false positive: sanctioned scan' });
    script.add('cmdr', { type: 'phase-waived', phase: 'recover', reason: 'nothing to recover' });
    const later = script.add('cmdr', { type: 'phase-changed', phase: 'improve' });
    expect(rejectionOf(script, later.id)).toBeUndefined();
    const state = fold(script).state;
    expect(state && closeBlockers(state)).toEqual(['no post-incident review is recorded']);
  });

  it('says what blocks a close', () => {
    const script = new IncidentScript();
    script.open();
    const close = script.add('cmdr', { type: 'closed' });
    expect(rejectionOf(script, close.id)).toBe(
      'cannot close: Contain has been neither completed nor waived; Recover has been neither completed nor waived; no post-incident review is recorded'
    );
  });

  it('accepts nothing but a reopening once closed, and nothing is lost across it', () => {
    const script = new IncidentScript();
    script.open();
    script.add('cmdr', { type: 'phase-waived', phase: 'contain', reason: 'false positive' });
    script.add('cmdr', { type: 'phase-waived', phase: 'recover', reason: 'false positive' });
    script.add('cmdr', { type: 'review-recorded', text: 'Tune the scan window.' });
    script.add('cmdr', { type: 'closed' });
    const late = script.add('analyst', { type: 'note', text: 'one more thing' });
    const unexplained = script.add('analyst', { type: 'reopened', reason: '' });
    script.add('analyst', { type: 'reopened', reason: 'the scan came back' });
    script.add('analyst', { type: 'note', text: 'the same host again' });
    expect(rejectionOf(script, late.id)).toBe('the incident is closed; reopen it first');
    expect(rejectionOf(script, unexplained.id)).toBe('reopening needs a reason');
    const state = fold(script).state;
    expect(state?.status).toBe('open');
    expect(state?.closed).toBeUndefined();
    expect(state?.notes.map((note) => note.text)).toEqual(['the same host again']);
  });

  it('requires an assigned OT engineer for approvals and reports a step done twice', () => {
    const script = new IncidentScript();
    script.open();
    const orphan = script.add('oteng', { type: 'approval', step: 'block-source', decision: 'given' });
    expect(rejectionOf(script, orphan.id)).toBe('no OT engineer is assigned to approve it');
    script.add('analyst', { type: 'step-done', step: 'triage' });
    const twice = script.add('cmdr', { type: 'step-done', step: 'triage' });
    expect(rejectionOf(script, twice.id)).toBe('the step is already done by analyst');
    const unknown = script.add('cmdr', { type: 'step-done', step: 'reboot-everything' });
    expect(rejectionOf(script, unknown.id)).toBe('the playbook has no step "reboot-everything"');
    const skipped = script.add('cmdr', { type: 'step-skipped', step: 'scope', reason: '' });
    expect(rejectionOf(script, skipped.id)).toBe('skipping a step needs a reason');
  });

  it('keeps a refused approval as the step’s latest decision until it is given', () => {
    const script = new IncidentScript();
    script.open();
    script.add('cmdr', { type: 'role-assigned', role: 'ot-engineer', person: 'oteng' });
    script.add('oteng', { type: 'approval', step: 'block-source', decision: 'refused', reason: 'batch running' });
    const done = script.add('analyst', { type: 'step-done', step: 'block-source' });
    expect(rejectionOf(script, done.id)).toMatch(/approval first/);
    expect(fold(script).state?.approvals['block-source']).toMatchObject({
      decision: 'refused',
      reason: 'batch running',
    });
  });

  it('treats the first phase change as the acknowledgement when nobody acknowledged', () => {
    const script = new IncidentScript();
    script.open();
    const change = script.add('cmdr', { type: 'phase-changed', phase: 'analyse' }, 7);
    expect(fold(script).state?.acknowledged).toEqual({ at: change.time, by: 'cmdr' });
  });

  it('names a playbook that is no longer configured and refuses its steps', () => {
    const script = new IncidentScript();
    script.open({ playbook: 'deleted-playbook' });
    const step = script.add('analyst', { type: 'step-done', step: 'triage' });
    expect(fold(script).state?.playbook).toBeUndefined();
    expect(rejectionOf(script, step.id)).toBe('the playbook "deleted-playbook" is not configured');
  });

  it('rejects a duplicate evidence link', () => {
    const script = new IncidentScript();
    script.open();
    script.add('analyst', { type: 'evidence-linked', evidence: { kind: 'asset', asset: 'hmi-1' } });
    const again = script.add('analyst', { type: 'evidence-linked', evidence: { kind: 'asset', asset: 'hmi-1' } });
    const opened = script.add('analyst', { type: 'evidence-linked', evidence: { kind: 'zone', zone: 'control' } });
    expect(rejectionOf(script, again.id)).toBe('already linked');
    expect(rejectionOf(script, opened.id)).toBe('already linked');
  });

  it('groups many incidents, newest opening first', () => {
    const first = new IncidentScript('INC-A', 'a');
    first.open();
    const second = new IncidentScript('INC-B', 'b');
    second.open();
    second.events[0].time += 3_600_000;
    const folds = foldIncidents([...first.events, ...second.events], BUILT_IN_PLAYBOOKS);
    expect([...folds.keys()]).toEqual(['INC-B', 'INC-A']);
  });
});
