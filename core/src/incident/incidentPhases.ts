/**
 * The phases an incident moves through, after NIST SP 800-61 Rev. 3, which files incident response under the
 * CSF 2.0 functions (Detect; Respond: analyse, contain, eradicate; Recover; and Improve). Teams trained on
 * Rev. 2 know the four-phase names, so each phase carries its Rev. 2 name too.
 */
export const INCIDENT_PHASES = ['detect', 'analyse', 'contain', 'eradicate', 'recover', 'improve'] as const;
export type IncidentPhase = (typeof INCIDENT_PHASES)[number];

export interface PhaseInfo {
  label: string;
  /** The CSF 2.0 function and category the phase's work falls under. */
  csf: string;
  /** The SP 800-61 Rev. 2 phase that covered it. */
  rev2: string;
}

export const PHASE_INFO: Readonly<Record<IncidentPhase, PhaseInfo>> = {
  detect: { label: 'Detect', csf: 'Detect (DE.AE)', rev2: 'Detection and analysis' },
  analyse: { label: 'Analyse', csf: 'Respond (RS.AN)', rev2: 'Detection and analysis' },
  contain: { label: 'Contain', csf: 'Respond (RS.MI)', rev2: 'Containment, eradication and recovery' },
  eradicate: { label: 'Eradicate', csf: 'Respond (RS.MI)', rev2: 'Containment, eradication and recovery' },
  recover: { label: 'Recover', csf: 'Recover (RC.RP)', rev2: 'Containment, eradication and recovery' },
  improve: { label: 'Improve', csf: 'Identify (ID.IM)', rev2: 'Post-incident activity' },
};

/** The phases that must be passed through, or explicitly waived, before an incident may close. */
export const REQUIRED_PHASES: readonly IncidentPhase[] = ['contain', 'recover'];

export function isIncidentPhase(value: unknown): value is IncidentPhase {
  return typeof value === 'string' && (INCIDENT_PHASES as readonly string[]).includes(value);
}

export function phaseIndex(phase: IncidentPhase): number {
  return INCIDENT_PHASES.indexOf(phase);
}

/** The people an incident needs: IT and OT act together, each in its own role. */
export const INCIDENT_ROLES = ['commander', 'soc-analyst', 'ot-engineer'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<IncidentRole, string>> = {
  commander: 'Incident commander',
  'soc-analyst': 'SOC analyst',
  'ot-engineer': 'OT engineer',
};

export function isIncidentRole(value: unknown): value is IncidentRole {
  return typeof value === 'string' && (INCIDENT_ROLES as readonly string[]).includes(value);
}
