/**
 * Drills: tabletop exercises run as incidents. A script reveals its injects (new facts for the team) as time
 * passes from the opening, sets a target time for each phase, and can be paired with a simulator scenario so the
 * dashboards show the attack the team is responding to. Drill incidents carry a flag and stay out of the metrics.
 */
import type { Severity } from '../finding';
import type { IncidentState } from './foldIncident';
import type { IncidentPhase } from './incidentPhases';
import { timeToPhases } from './incidentMetrics';

export interface DrillInject {
  /** Minutes after the opening at which the team learns it. */
  afterMinutes: number;
  title: string;
  text: string;
}

export interface DrillScript {
  id: string;
  name: string;
  /** The simulator scenario to run alongside (`conduit-sim --scenario`), if any. */
  scenario?: string;
  playbook: string;
  severity: Severity;
  summary: string;
  injects: DrillInject[];
  /** Target minutes from the opening to entering each phase. */
  targets: Partial<Record<IncidentPhase, number>>;
}

export const DRILL_SCRIPTS: readonly DrillScript[] = [
  {
    id: 'drill-it-ot-intrusion',
    name: 'Intrusion from the office network to a PLC',
    scenario: 'it-ot-intrusion',
    playbook: 'unauthorised-plc-write',
    severity: 'critical',
    summary:
      'A phished office laptop reaches the historian in the DMZ, then writes to the reactor PLC. Run the simulator scenario it-ot-intrusion alongside.',
    injects: [
      { afterMinutes: 0, title: 'Alert', text: 'The anomaly timeline shows an office host talking to the historian.' },
      {
        afterMinutes: 5,
        title: 'Operations call',
        text: 'The control room reports the reactor temperature setpoint changed without an operator action.',
      },
      {
        afterMinutes: 15,
        title: 'Management asks',
        text: 'The plant manager asks whether the line must stop. What do you tell them, and who decides?',
      },
      {
        afterMinutes: 30,
        title: 'Second host',
        text: 'A second office host shows the same beacon pattern. Does containment change?',
      },
    ],
    targets: { analyse: 5, contain: 20, eradicate: 45, recover: 90, improve: 120 },
  },
  {
    id: 'drill-rogue-laptop',
    name: 'Contractor laptop on the control network',
    scenario: 'rogue-laptop',
    playbook: 'rogue-engineering-workstation',
    severity: 'high',
    summary:
      'An unknown host in the supervisory zone talks to controllers with engineering protocols. Run the simulator scenario rogue-laptop alongside.',
    injects: [
      { afterMinutes: 0, title: 'Alert', text: 'A new talker appears in the supervisory zone.' },
      {
        afterMinutes: 10,
        title: 'Maintenance says',
        text: 'A contractor is on site for a drive upgrade, but has no permit to work on the PLCs.',
      },
      {
        afterMinutes: 20,
        title: 'Program check',
        text: 'One controller’s program checksum no longer matches the golden copy.',
      },
    ],
    targets: { analyse: 10, contain: 30, eradicate: 60, recover: 120, improve: 150 },
  },
  {
    id: 'drill-firewall-change',
    name: 'Firewall change opens the historian to the office',
    scenario: 'firewall-change',
    playbook: 'conduit-violation',
    severity: 'medium',
    summary:
      'A change ticket left a rule open between the office and the industrial DMZ. Run the simulator scenario firewall-change alongside.',
    injects: [
      { afterMinutes: 0, title: 'Alert', text: 'Conduit violations between the office zone and the DMZ historian.' },
      {
        afterMinutes: 10,
        title: 'Change ticket',
        text: 'The network team finds the rule in last night’s change, approved as “temporary”.',
      },
    ],
    targets: { analyse: 10, contain: 30, recover: 60, improve: 90 },
  },
];

export function findDrillScript(id: string): DrillScript | undefined {
  return DRILL_SCRIPTS.find((script) => script.id === id);
}

/** The injects the team has been given by `now`, in order. */
export function revealedInjects(script: DrillScript, openedAt: number, now: number): DrillInject[] {
  return script.injects
    .filter((inject) => openedAt + inject.afterMinutes * 60_000 <= now)
    .sort((a, b) => a.afterMinutes - b.afterMinutes);
}

/** When the next inject is due, or undefined when all are out. */
export function nextInjectAt(script: DrillScript, openedAt: number, now: number): number | undefined {
  const due = script.injects
    .map((inject) => openedAt + inject.afterMinutes * 60_000)
    .filter((at) => at > now)
    .sort((a, b) => a - b);
  return due[0];
}

export interface PhaseScore {
  phase: IncidentPhase;
  /** Milliseconds. */
  target: number;
  /** Milliseconds from the opening, when the phase was reached. */
  actual?: number;
  met: boolean;
}

/** Each target of the script against the time the team took; a phase not reached misses its target. */
export function scoreDrill(state: IncidentState, script: DrillScript): { phases: PhaseScore[]; met: number } {
  const actual = timeToPhases(state);
  const phases = (Object.entries(script.targets) as Array<[IncidentPhase, number]>).map(([phase, minutes]) => {
    const target = minutes * 60_000;
    const reached = actual[phase];
    return { phase, target, actual: reached, met: reached !== undefined && reached <= target };
  });
  return { phases, met: phases.filter((score) => score.met).length };
}
