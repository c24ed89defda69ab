import type { Role } from './users';

/**
 * The RBAC actions of Grafana's basic roles that the modelled endpoints check
 * (pkg/services/accesscontrol, the fixed roles granted to Viewer, Editor and Admin by default): viewers read
 * and query, editors also write annotations, dashboards, folders and alert rules, and may set provenance
 * (fixed:alerting.provisioning.provenance:writer is granted to Editor and Admin since Grafana 12, so editors can
 * provision rules through the API), admins also manage datasources, plugin settings and alerting provisioning.
 */
const VIEWER = ['annotations:read', 'dashboards:read', 'datasources:query', 'folders:read', 'alert.rules:read'];
const EDITOR = [
  ...VIEWER,
  'annotations:create',
  'annotations:write',
  'annotations:delete',
  'dashboards:write',
  'folders:create',
  'folders:write',
  'alert.rules:create',
  'alert.rules:write',
  'alert.rules:delete',
  'alert.provisioning.provenance:write',
];
const ADMIN = [
  ...EDITOR,
  'datasources:read',
  'datasources:create',
  'datasources:write',
  'datasources:delete',
  'plugins:write',
  'alert.provisioning:read',
  'alert.provisioning:write',
];

const ACTIONS: Record<Role, readonly string[]> = { Viewer: VIEWER, Editor: EDITOR, Admin: ADMIN };

export function hasPermission(role: Role, action: string): boolean {
  return ACTIONS[role].includes(action);
}

/**
 * One alternative of what an endpoint needs, as Grafana's evaluators say it (accesscontrol.EvalPermission, EvalAll):
 * an action, or all of a list of actions and, when `anyOf` is given, one of those too.
 */
export type Requirement = string | { all: readonly string[]; anyOf?: readonly string[] };

/** Whether the role satisfies any of the requirements (EvalAny over EvalPermission and EvalAll). */
export function satisfiesAny(role: Role, requirements: readonly Requirement[]): boolean {
  return requirements.some((requirement) =>
    typeof requirement === 'string'
      ? hasPermission(role, requirement)
      : requirement.all.every((action) => hasPermission(role, action)) &&
        (requirement.anyOf === undefined || requirement.anyOf.some((action) => hasPermission(role, action)))
  );
}

/** A requirement as the 403 message names it. */
export function requirementText(requirement: Requirement): string {
  if (typeof requirement === 'string') {
    return requirement;
  }
  const any = requirement.anyOf === undefined ? '' : ` and any of ${requirement.anyOf.join(', ')}`;
  return `all of ${requirement.all.join(', ')}${any}`;
}

/** `user.permissions` of the boot data, which runtime's hasPermission() reads. */
export function permissionMap(role: Role): Record<string, boolean> {
  return Object.fromEntries(ACTIONS[role].map((action) => [action, true]));
}

/** The body of the 403 Grafana's authorize middleware answers (pkg/middleware/auth.go / accesscontrol). */
export function accessDenied(actions: readonly Requirement[]): Record<string, string> {
  const texts = actions.map(requirementText);
  const needed = texts.length === 1 ? texts[0] : `any of ${texts.join(', ')}`;
  return {
    accessErrorId: 'ACE0000000000',
    message: `You'll need additional permissions to perform this action. Permissions needed: ${needed}`,
    title: 'Access denied',
  };
}
