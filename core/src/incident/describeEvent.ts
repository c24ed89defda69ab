/** An incident event as one sentence, for the incident's timeline, its annotations and its report. */
import type { IncidentEvent } from './incidentEvents';
import { PHASE_INFO, ROLE_LABELS } from './incidentPhases';
import type { Playbook } from './playbooks';

/** Steps are named by their title when the playbook is at hand, by their id otherwise. */
export function describeEvent(event: IncidentEvent, playbook?: Playbook): string {
  const body = event.body;
  const step = (id: string) => playbook?.steps.find((candidate) => candidate.id === id)?.title ?? id;
  switch (body.type) {
    case 'opened':
      return `Opened: ${body.title} (${body.severity})${body.drill === undefined ? '' : ', a drill'}`;
    case 'acknowledged':
      return 'Acknowledged';
    case 'severity-changed':
      return `Severity changed to ${body.severity}`;
    case 'phase-changed':
      return `Phase changed to ${PHASE_INFO[body.phase]?.label ?? String(body.phase)}`;
    case 'phase-waived':
      return `${PHASE_INFO[body.phase]?.label ?? String(body.phase)} waived: ${body.reason}`;
    case 'role-assigned':
      return `${body.person} is ${ROLE_LABELS[body.role] ?? String(body.role)}`;
    case 'note':
      return `Note: ${body.text}`;
    case 'step-done':
      return `Step done: ${step(body.step)}`;
    case 'step-skipped':
      return `Step skipped: ${step(body.step)} (${body.reason})`;
    case 'approval':
      return `Approval ${body.decision} for ${step(body.step)}${body.reason ? `: ${body.reason}` : ''}`;
    case 'evidence-linked': {
      const evidence = body.evidence;
      const what =
        evidence.kind === 'finding'
          ? `finding ${evidence.finding.title}`
          : evidence.kind === 'asset'
            ? `asset ${evidence.asset}`
            : evidence.kind === 'zone'
              ? `zone ${evidence.zone}`
              : `link ${evidence.title}`;
      return `Evidence linked: ${what}`;
    }
    case 'review-recorded':
      return `Post-incident review: ${body.text}`;
    case 'closed':
      return 'Closed';
    case 'reopened':
      return `Reopened: ${body.reason}`;
    default:
      return `Unknown event ${String((body as { type?: unknown }).type)}`;
  }
}
