import type { IncomingMessage } from 'node:http';

/** Grafana's basic organisation roles. */
export type Role = 'Viewer' | 'Editor' | 'Admin';

export const ROLES: readonly Role[] = ['Viewer', 'Editor', 'Admin'];

export interface HostUser {
  id: number;
  uid: string;
  login: string;
  email: string;
  name: string;
  role: Role;
  /** Teams the user belongs to (GET /api/user/teams), for role mappings that name teams. */
  teams: string[];
}

/** One signed-in user per role; the host has no login, a page or request says which role it is. */
export const USERS: Readonly<Record<Role, HostUser>> = {
  Admin: {
    id: 1,
    uid: 'u-admin',
    login: 'admin',
    email: 'admin@localhost',
    name: 'Admin',
    role: 'Admin',
    teams: ['SOC'],
  },
  Editor: {
    id: 2,
    uid: 'u-editor',
    login: 'editor',
    email: 'editor@localhost',
    name: 'Editor',
    role: 'Editor',
    teams: ['OT engineering'],
  },
  Viewer: {
    id: 3,
    uid: 'u-viewer',
    login: 'viewer',
    email: 'viewer@localhost',
    name: 'Viewer',
    role: 'Viewer',
    teams: [],
  },
};

/** Cookie the host uses in place of Grafana's session cookie: it carries the role chosen with `?role=`. */
export const ROLE_COOKIE = 'conduit_host_role';

/** Header API clients (tests) may send instead of the cookie. */
export const ROLE_HEADER = 'x-conduit-role';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Grafana's RoleType.Includes: Admin includes every role, Editor includes Viewer. */
export function roleIncludes(role: Role, required: string): boolean {
  if (role === 'Admin') {
    return true;
  }
  if (role === 'Editor') {
    return required !== 'Admin';
  }
  return required === 'Viewer';
}

function cookieRole(req: IncomingMessage): string | undefined {
  const cookies = req.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${ROLE_COOKIE}=([^;]+)`).exec(cookies);
  return match?.[1];
}

/** The signed-in user of a request: header, then cookie, then Admin (Grafana's default admin user). */
export function requestUser(req: IncomingMessage): HostUser {
  const header = req.headers[ROLE_HEADER];
  const role = [header, cookieRole(req)].find(isRole);
  return USERS[role ?? 'Admin'];
}
