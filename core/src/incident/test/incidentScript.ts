/** Builds incident events for tests: one incident, a clock that advances a minute per event, ids in order. */
import type { IncidentEvent, IncidentEventBody, LinkedFinding } from '../incidentEvents';

export const OPENED_AT = Date.UTC(2026, 11, 5, 9, 0, 0);

export const PLC_WRITE: LinkedFinding = {
  id: 'f-plc-write',
  time: OPENED_AT - 10 * 60_000,
  category: 'unauthorized-command',
  severity: 'critical',
  title: 'Unauthorized command: eng-ws-02 → plc-reactor-1',
  technique: 'T0855',
  zones: ['supervisory', 'control'],
  assets: ['eng-ws-02', 'plc-reactor-1'],
};

export class IncidentScript {
  readonly events: IncidentEvent[] = [];
  private clock = OPENED_AT;

  constructor(
    readonly incident = 'INC-20261205-TEST',
    private readonly prefix = 'e'
  ) {}

  /** Appends an event by `user` one minute after the previous one and returns it. */
  add(user: string, body: IncidentEventBody, minutes = 1): IncidentEvent {
    const event: IncidentEvent = {
      id: `${this.prefix}${String(this.events.length).padStart(4, '0')}`,
      incident: this.incident,
      time: this.events.length === 0 ? this.clock : (this.clock += minutes * 60_000),
      user,
      body,
    };
    this.events.push(event);
    return event;
  }

  open(overrides: Partial<Extract<IncidentEventBody, { type: 'opened' }>> = {}): IncidentEvent {
    return this.add('analyst', {
      type: 'opened',
      title: 'PLC write from the engineering workstation',
      severity: 'critical',
      playbook: 'unauthorised-plc-write',
      findings: [PLC_WRITE],
      zones: ['control'],
      assets: ['plc-reactor-1'],
      ...overrides,
    });
  }
}
