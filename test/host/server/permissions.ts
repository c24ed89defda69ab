import type { Role } from './users';

/**
 * The RBAC actions of Grafana's basic roles that the modelled endpoints check
 * (pkg/services/accesscontrol, the fixed roles granted to Viewer, Editor and Admin by default): viewers read
 * and query, editors also write annotations and dashboards, admins also manage datasources, plugin settings
 * and alerting provisioning.
 */
const VIEWER = ['annotations:read', 'dashboards:read', 'datasources:query', 'folders:read', 'alert.rules:read'];
const EDITOR = [
  ...VIEWER,
  'annotations:create',
  'annotations:write',
  'annotations:delete',
  'dashboards:write',
  'alert.rules:create',
  'alert.rules:write',
  'alert.rules:delete',
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

/** `user.permissions` of the boot data, which runtime's hasPermission() reads. */
export function permissionMap(role: Role): Record<string, boolean> {
  return Object.fromEntries(ACTIONS[role].map((action) => [action, true]));
}

/** The body of the 403 Grafana's authorize middleware answers (pkg/middleware/auth.go / accesscontrol). */
export function accessDenied(actions: readonly string[]): Record<string, string> {
  const needed = actions.length === 1 ? actions[0] : `any of ${actions.join(', ')}`;
  return {
    accessErrorId: 'ACE0000000000',
    message: `You'll need additional permissions to perform this action. Permissions needed: ${needed}`,
    title: 'Access denied',
  };
}
