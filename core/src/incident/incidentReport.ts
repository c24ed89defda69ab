/**
 * An incident's report, as Markdown for people (a ticket, an e-mail, the regulator's form) and as JSON for tools.
 * Both are made from the fold, so the report says exactly what the incident page shows.
 */
import type { IncidentFold, IncidentState } from './foldIncident';
import { describeEvent } from './describeEvent';
import { INCIDENT_PHASES, PHASE_INFO, ROLE_LABELS, INCIDENT_ROLES } from './incidentPhases';
import { formatDuration, incidentTimes, METRIC_LABELS, METRICS } from './incidentMetrics';

/** `2026-12-05 11:42:07 UTC`. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Text that Markdown shows as written: its markup characters escaped, its lines joined (table cells). */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\s*[\r\n]+\s*/g, ' ');
}

function stepLine(state: IncidentState, stepId: string): string {
  const record = state.steps[stepId];
  const approval = state.approvals[stepId];
  const parts: string[] = [];
  if (record !== undefined) {
    parts.push(`${record.status} by ${markdownText(record.by)} at ${formatUtc(record.at)}`);
    if (record.reason !== undefined) {
      parts.push(`reason: ${markdownText(record.reason)}`);
    }
  }
  if (approval !== undefined) {
    parts.push(`approval ${approval.decision} by ${markdownText(approval.by)}`);
  }
  return parts.length === 0 ? 'open' : parts.join(', ');
}

export function incidentMarkdown(fold: IncidentFold): string {
  const state = fold.state;
  if (state === undefined) {
    return '# Incident\n\nNo opening event has been read.\n';
  }
  const lines: string[] = [];
  lines.push(`# ${markdownText(state.id)}: ${markdownText(state.title)}`, '');
  if (state.drill !== undefined) {
    lines.push(`> Drill (${markdownText(state.drill.script)}): kept out of the real metrics.`, '');
  }
  lines.push(
    `- Severity: ${state.severity}`,
    `- Status: ${state.status}`,
    `- Phase: ${PHASE_INFO[state.phase].label} (${PHASE_INFO[state.phase].csf}; SP 800-61 Rev. 2: ${PHASE_INFO[state.phase].rev2})`,
    `- Opened: ${formatUtc(state.opened.at)} by ${markdownText(state.opened.by)}`,
    `- Playbook: ${markdownText(state.playbook?.name ?? state.playbookId)}`
  );
  if (state.chain !== undefined) {
    lines.push(`- Correlated chain: ${markdownText(state.chain)}`);
  }
  if (state.closed !== undefined) {
    lines.push(`- Closed: ${formatUtc(state.closed.at)} by ${markdownText(state.closed.by)}`);
  }
  if (state.summary !== '') {
    lines.push('', markdownText(state.summary));
  }

  lines.push('', '## Response times', '');
  const times = incidentTimes(state);
  for (const metric of METRICS) {
    const value = times[metric];
    lines.push(`- ${METRIC_LABELS[metric]}: ${value === undefined ? 'not reached' : formatDuration(value)}`);
  }

  lines.push('', '## Roles', '');
  for (const role of INCIDENT_ROLES) {
    lines.push(`- ${ROLE_LABELS[role]}: ${markdownText(state.roles[role] ?? 'unassigned')}`);
  }

  lines.push('', '## Findings', '');
  if (state.findings.length === 0) {
    lines.push('None linked.');
  } else {
    lines.push('| Time | Severity | Finding | Technique | Zones |', '| --- | --- | --- | --- | --- |');
    for (const finding of state.findings) {
      lines.push(
        `| ${formatUtc(finding.time)} | ${finding.severity} | ${markdownText(finding.title)} | ${markdownText(finding.technique ?? '')} | ${markdownText(finding.zones.join(', '))} |`
      );
    }
  }
  if (state.zones.length > 0 || state.assets.length > 0) {
    lines.push(
      '',
      `Zones: ${markdownText(state.zones.join(', ') || 'none')}. Assets: ${markdownText(state.assets.join(', ') || 'none')}.`
    );
  }

  if (state.playbook !== undefined) {
    lines.push('', '## Playbook', '');
    for (const phase of INCIDENT_PHASES) {
      const steps = state.playbook.steps.filter((step) => step.phase === phase);
      const waived = state.waived[phase];
      if (steps.length === 0 && waived === undefined) {
        continue;
      }
      lines.push(`### ${PHASE_INFO[phase].label}`, '');
      if (waived !== undefined) {
        lines.push(`Waived by ${markdownText(waived.by)}: ${markdownText(waived.reason)}`, '');
      }
      for (const step of steps) {
        const done = state.steps[step.id]?.status === 'done';
        lines.push(
          `- [${done ? 'x' : ' '}] ${markdownText(step.title)} (${ROLE_LABELS[step.role]}${step.needsApproval ? ', needs OT approval' : ''}): ${stepLine(state, step.id)}`
        );
      }
      lines.push('');
    }
  }

  if (state.review !== undefined) {
    lines.push('## Post-incident review', '', markdownText(state.review.text), '');
  }

  lines.push('## Timeline', '', '| Time | Who | Event |', '| --- | --- | --- |');
  for (const event of fold.accepted) {
    lines.push(
      `| ${formatUtc(event.time)} | ${markdownText(event.user)} | ${markdownText(describeEvent(event, state.playbook))} |`
    );
  }
  if (fold.rejected.length > 0) {
    lines.push('', '## Refused actions', '', '| Time | Who | Event | Why |', '| --- | --- | --- | --- |');
    for (const { event, reason } of fold.rejected) {
      lines.push(
        `| ${formatUtc(event.time)} | ${markdownText(event.user)} | ${markdownText(describeEvent(event, state.playbook))} | ${markdownText(reason)} |`
      );
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

export const INCIDENT_EXPORT_FORMAT = 'conduit-incident';

export function incidentJson(fold: IncidentFold): string {
  return JSON.stringify(
    {
      format: INCIDENT_EXPORT_FORMAT,
      version: 1,
      incident: fold.state ?? null,
      times: fold.state === undefined ? {} : incidentTimes(fold.state),
      events: fold.accepted,
      rejected: fold.rejected,
    },
    null,
    2
  );
}
