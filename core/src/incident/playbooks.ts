/**
 * Playbooks: the steps an incident follows, by phase, each owned by one role and tied to the standards the
 * team answers to (IEC 62443-3-3's foundational requirements, the NIST CSF 2.0 categories). A step that touches
 * the process (isolating a controller, blocking a conduit, changing a setpoint) is done only with the OT
 * engineer's approval on record: the SOC may know the attacker, but only the plant knows what stopping a
 * controller does to the batch in the reactor.
 */
import { type FindingCategory, SEVERITIES } from '../finding';
import type { LinkedFinding } from './incidentEvents';
import type { IncidentPhase, IncidentRole } from './incidentPhases';

export interface PlaybookStep {
  /** Unique within the playbook; events name steps by it. */
  id: string;
  phase: IncidentPhase;
  role: IncidentRole;
  title: string;
  /** IEC 62443-3-3 foundational requirement, e.g. `FR 5 Restricted data flow`. */
  iec62443?: string;
  /** NIST CSF 2.0 category or subcategory, e.g. `RS.MI-01`. */
  csf?: string;
  /** What can go wrong in the process; shown beside the step. */
  caution?: string;
  /** Touches the process: done only with the OT engineer's recorded approval. */
  needsApproval?: boolean;
}

export interface Playbook {
  id: string;
  name: string;
  description: string;
  /** Finding categories the playbook answers; the New incident page proposes it for them. */
  categories: FindingCategory[];
  steps: PlaybookStep[];
}

const FR = {
  iac: 'FR 1 Identification and authentication control',
  uc: 'FR 2 Use control',
  si: 'FR 3 System integrity',
  rdf: 'FR 5 Restricted data flow',
  tre: 'FR 6 Timely response to events',
  ra: 'FR 7 Resource availability',
} as const;

const PROCESS_CAUTION =
  'Agree the process state with operations first: a controller or link taken away mid-batch can trip the unit or leave it in an unsafe state.';

/** Steps every playbook ends with: recovery checked against the process, and the review. */
const CLOSING_STEPS: PlaybookStep[] = [
  {
    id: 'verify-process',
    phase: 'recover',
    role: 'ot-engineer',
    title: 'Verify the process runs on known-good logic and setpoints before releasing it to operations',
    iec62443: FR.si,
    csf: 'RC.RP-05',
  },
  {
    id: 'restore-monitoring',
    phase: 'recover',
    role: 'soc-analyst',
    title: 'Confirm telemetry and detection cover the affected zones again',
    iec62443: FR.tre,
    csf: 'RC.RP-03',
  },
  {
    id: 'lessons-learnt',
    phase: 'improve',
    role: 'commander',
    title: 'Hold the post-incident review and record its lessons and actions',
    csf: 'ID.IM-03',
  },
];

const TRIAGE: PlaybookStep = {
  id: 'triage',
  phase: 'detect',
  role: 'soc-analyst',
  title: 'Confirm the findings are real activity, not a sensor or model error',
  iec62443: FR.tre,
  csf: 'DE.AE-02',
};

const SCOPE: PlaybookStep = {
  id: 'scope',
  phase: 'analyse',
  role: 'soc-analyst',
  title: 'Scope the incident: assets, zones and conduits involved, first and last activity',
  iec62443: FR.tre,
  csf: 'RS.AN-03',
};

export const BUILT_IN_PLAYBOOKS: readonly Playbook[] = [
  {
    id: 'unauthorised-plc-write',
    name: 'Unauthorised PLC write',
    description: 'A write or command to a controller from a host with no right to send it.',
    categories: ['unauthorized-command'],
    steps: [
      TRIAGE,
      {
        id: 'process-impact',
        phase: 'analyse',
        role: 'ot-engineer',
        title: 'Compare the written registers and coils with the process: what changed, is the unit still safe',
        iec62443: FR.si,
        csf: 'RS.AN-03',
      },
      SCOPE,
      {
        id: 'block-source',
        phase: 'contain',
        role: 'soc-analyst',
        title: 'Block the writing host at the conduit it used',
        iec62443: FR.rdf,
        csf: 'RS.MI-01',
        caution: PROCESS_CAUTION,
        needsApproval: true,
      },
      {
        id: 'restore-values',
        phase: 'eradicate',
        role: 'ot-engineer',
        title: 'Restore the written values and setpoints from the approved recipe',
        iec62443: FR.si,
        csf: 'RS.MI-02',
        caution:
          'Restore setpoints in the order operations gives; a jump back can upset the process as much as the attack.',
        needsApproval: true,
      },
      ...CLOSING_STEPS,
    ],
  },
  {
    id: 'rogue-engineering-workstation',
    name: 'Rogue engineering workstation',
    description: 'An unknown host talking to controllers with engineering protocols.',
    categories: ['new-talker', 'new-path'],
    steps: [
      TRIAGE,
      {
        id: 'locate-host',
        phase: 'analyse',
        role: 'ot-engineer',
        title: 'Find the host on the floor: switch port, cabinet, who brought it',
        iec62443: FR.iac,
        csf: 'RS.AN-03',
      },
      SCOPE,
      {
        id: 'disconnect-host',
        phase: 'contain',
        role: 'ot-engineer',
        title: 'Disconnect the workstation and keep it for forensics',
        iec62443: FR.uc,
        csf: 'RS.MI-01',
        caution: PROCESS_CAUTION,
        needsApproval: true,
      },
      {
        id: 'check-controllers',
        phase: 'eradicate',
        role: 'ot-engineer',
        title: 'Compare the programs of every controller it reached with the golden copies',
        iec62443: FR.si,
        csf: 'RS.MI-02',
      },
      ...CLOSING_STEPS,
    ],
  },
  {
    id: 'conduit-violation',
    name: 'Conduit violation',
    description: 'Traffic between zones that no conduit of the model allows.',
    categories: ['conduit-violation', 'protocol-violation'],
    steps: [
      TRIAGE,
      {
        id: 'rule-change',
        phase: 'analyse',
        role: 'soc-analyst',
        title: 'Find the firewall or routing change that let the traffic through',
        iec62443: FR.rdf,
        csf: 'RS.AN-03',
      },
      SCOPE,
      {
        id: 'block-conduit',
        phase: 'contain',
        role: 'soc-analyst',
        title: 'Restore the conduit rule so only the allowed services pass',
        iec62443: FR.rdf,
        csf: 'RS.MI-01',
        caution: 'Check which allowed flows share the rule first; blocking a historian or HMI link blinds operations.',
        needsApproval: true,
      },
      {
        id: 'change-review',
        phase: 'eradicate',
        role: 'commander',
        title: 'Review the change process that failed and who approved the change',
        iec62443: FR.uc,
        csf: 'RS.MI-02',
      },
      ...CLOSING_STEPS,
    ],
  },
  {
    id: 'reconnaissance',
    name: 'Reconnaissance',
    description: 'Scanning or enumeration of OT assets.',
    categories: ['reconnaissance'],
    steps: [
      TRIAGE,
      SCOPE,
      {
        id: 'scanner-owner',
        phase: 'analyse',
        role: 'soc-analyst',
        title: 'Identify the scanning host and whether the scan was sanctioned',
        iec62443: FR.iac,
        csf: 'RS.AN-06',
      },
      {
        id: 'isolate-scanner',
        phase: 'contain',
        role: 'soc-analyst',
        title: 'Isolate the scanning host from the OT zones',
        iec62443: FR.rdf,
        csf: 'RS.MI-01',
      },
      {
        id: 'check-fragile',
        phase: 'eradicate',
        role: 'ot-engineer',
        title: 'Check that scanned controllers and field devices still answer normally',
        iec62443: FR.ra,
        csf: 'RS.MI-02',
        caution: 'Older controllers can hang under a scan; check their state before restarting anything.',
      },
      ...CLOSING_STEPS,
    ],
  },
  {
    id: 'ransomware-dmz',
    name: 'Ransomware approaching the DMZ',
    description: 'Malware or credential attacks in the IT zones moving towards the industrial DMZ.',
    categories: ['malware-ioc', 'brute-force'],
    steps: [
      TRIAGE,
      SCOPE,
      {
        id: 'credentials',
        phase: 'analyse',
        role: 'soc-analyst',
        title: 'Find the accounts used and reset those that reach the DMZ',
        iec62443: FR.iac,
        csf: 'RS.AN-03',
      },
      {
        id: 'sever-it-ot',
        phase: 'contain',
        role: 'commander',
        title: 'Sever the conduits between the IT zones and the industrial DMZ',
        iec62443: FR.rdf,
        csf: 'RS.MI-01',
        caution:
          'The plant runs islanded afterwards: historian, remote support and the MES lose their links; operations must be ready.',
        needsApproval: true,
      },
      {
        id: 'clean-hosts',
        phase: 'eradicate',
        role: 'soc-analyst',
        title: 'Reimage infected hosts from known-good images',
        iec62443: FR.si,
        csf: 'RS.MI-02',
      },
      {
        id: 'backups',
        phase: 'recover',
        role: 'ot-engineer',
        title: 'Check the offline backups of controller programs and HMI projects before reconnecting',
        iec62443: FR.ra,
        csf: 'RC.RP-03',
      },
      ...CLOSING_STEPS,
    ],
  },
  {
    id: 'controller-change',
    name: 'Controller mode or program change',
    description: 'A controller switched to program or remote mode, or its program or firmware changed.',
    categories: ['mode-change', 'program-change', 'firmware-change'],
    steps: [
      TRIAGE,
      {
        id: 'change-authorised',
        phase: 'analyse',
        role: 'ot-engineer',
        title: 'Check the change against the maintenance plan and permits to work',
        iec62443: FR.uc,
        csf: 'RS.AN-03',
      },
      SCOPE,
      {
        id: 'lock-controller',
        phase: 'contain',
        role: 'ot-engineer',
        title: 'Return the controller to run mode with its key switch locked',
        iec62443: FR.uc,
        csf: 'RS.MI-01',
        caution: PROCESS_CAUTION,
        needsApproval: true,
      },
      {
        id: 'restore-program',
        phase: 'eradicate',
        role: 'ot-engineer',
        title: 'Reload the golden program and firmware and compare checksums',
        iec62443: FR.si,
        csf: 'RS.MI-02',
        caution: 'A program download stops the controller; schedule it with operations.',
        needsApproval: true,
      },
      ...CLOSING_STEPS,
    ],
  },
  {
    id: 'general',
    name: 'General IT/OT incident',
    description: 'Any other incident: the phases with their essential steps.',
    categories: [],
    steps: [
      TRIAGE,
      SCOPE,
      {
        id: 'contain',
        phase: 'contain',
        role: 'commander',
        title: 'Contain the activity at the conduits it uses',
        iec62443: FR.rdf,
        csf: 'RS.MI-01',
        caution: PROCESS_CAUTION,
        needsApproval: true,
      },
      {
        id: 'eradicate',
        phase: 'eradicate',
        role: 'soc-analyst',
        title: 'Remove what the attacker left: accounts, tools, changed configuration',
        iec62443: FR.si,
        csf: 'RS.MI-02',
      },
      ...CLOSING_STEPS,
    ],
  },
];

export const GENERAL_PLAYBOOK_ID = 'general';

/**
 * The playbook that fits the findings best: the one whose categories cover the most of them, weighted by
 * severity; the general playbook when none covers any. Earlier playbooks win ties, so the choice is stable.
 */
export function proposePlaybook(findings: readonly LinkedFinding[], playbooks: readonly Playbook[]): Playbook {
  let best: Playbook | undefined;
  let bestScore = 0;
  for (const playbook of playbooks) {
    const score = findings
      .filter((finding) => playbook.categories.includes(finding.category))
      .reduce((sum, finding) => sum + 1 + SEVERITIES.indexOf(finding.severity), 0);
    if (score > bestScore) {
      best = playbook;
      bestScore = score;
    }
  }
  return best ?? findPlaybook(playbooks, GENERAL_PLAYBOOK_ID) ?? generalPlaybook();
}

/** The custom playbooks first (a custom playbook may replace a built-in one of its id), then the built-in ones. */
export function playbookCatalogue(custom: readonly Playbook[]): Playbook[] {
  const ids = new Set(custom.map((playbook) => playbook.id));
  return [...custom, ...BUILT_IN_PLAYBOOKS.filter((playbook) => !ids.has(playbook.id))];
}

export function findPlaybook(playbooks: readonly Playbook[], id: string): Playbook | undefined {
  return playbooks.find((playbook) => playbook.id === id);
}

function generalPlaybook(): Playbook {
  const general = findPlaybook(BUILT_IN_PLAYBOOKS, GENERAL_PLAYBOOK_ID);
  if (general === undefined) {
    throw new Error('the built-in playbooks lack the general one');
  }
  return general;
}
