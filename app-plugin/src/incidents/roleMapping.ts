/**
 * Which incident roles a person may take, from the app's role mapping: entries name a Grafana organisation role
 * (`role:Editor`) or a team (`team:OT engineering`). A role with no entries is open to anyone who may write.
 * The mapping guides who is offered a role; the record of who approved what comes from Grafana's stamp.
 */
import { INCIDENT_ROLES, type IncidentRole } from '@conduit/core';

import type { AppSettings } from '../types';

export interface Person {
  orgRole: string;
  teams: readonly string[];
}

export function mayTakeRole(role: IncidentRole, mapping: AppSettings['roleMapping'], person: Person): boolean {
  const entries = mapping?.[role] ?? [];
  if (entries.length === 0) {
    return true;
  }
  return entries.some((entry) => {
    const colon = entry.indexOf(':');
    const kind = entry.slice(0, colon).trim().toLowerCase();
    const name = entry.slice(colon + 1).trim();
    return (
      (kind === 'role' && name.toLowerCase() === person.orgRole.toLowerCase()) ||
      (kind === 'team' && person.teams.includes(name))
    );
  });
}

/** Problems of a mapping as the configuration page shows them, each naming its role and entry. */
export function roleMappingProblems(mapping: AppSettings['roleMapping']): string[] {
  const problems: string[] = [];
  for (const role of INCIDENT_ROLES) {
    (mapping?.[role] ?? []).forEach((entry, index) => {
      if (!/^(role|team):\s*\S/i.test(entry)) {
        problems.push(
          `roleMapping.${role}[${index}]: "${entry}" should read role:<Viewer|Editor|Admin> or team:<name>`
        );
      }
    });
  }
  return problems;
}
