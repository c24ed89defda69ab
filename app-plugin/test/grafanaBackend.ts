/**
 * The Grafana API the app's pages use, for their tests: annotations (the host's model of Grafana's annotation
 * repository), the signed-in user's teams and the app's settings, behind a BackendSrv with the role checks
 * Grafana's RBAC makes, so a page test writes and reads as in Grafana.
 */
import type { CurrentUser } from '@grafana/data';
import {
  type BackendSrv,
  type BackendSrvRequest,
  config,
  type FetchResponse,
  setBackendSrv,
  setCurrentUser,
} from '@grafana/runtime';
import { Observable } from 'rxjs';

import { AnnotationStore } from '../../test/host/server/annotations';
import { accessDenied, hasPermission, permissionMap } from '../../test/host/server/permissions';
import { type Role, USERS } from '../../test/host/server/users';

/** Grafana sets its current user once at start; tests change who it is by changing this one object. */
const currentUser = { login: '', orgRole: '', permissions: {} } as unknown as CurrentUser;
let userInstalled = false;

export class GrafanaBackend {
  readonly store = new AnnotationStore(() => undefined);
  role: Role = 'Editor';
  requests: string[] = [];
  /** The app settings POSTed to /api/plugins/:id/settings. */
  pluginSettings: unknown[] = [];

  /** Installs it as Grafana's backend service, signed in as `role`. */
  install(role: Role = 'Editor'): this {
    this.signIn(role);
    setBackendSrv(this.backend());
    return this;
  }

  signIn(role: Role): void {
    this.role = role;
    const user = USERS[role];
    Object.assign(currentUser, { id: user.id, login: user.login, orgRole: role, permissions: permissionMap(role) });
    if (!userInstalled) {
      setCurrentUser(currentUser);
      userInstalled = true;
    }
    Object.assign(config, { bootData: { ...config.bootData, user: { ...config.bootData?.user, ...currentUser } } });
  }

  private answer(request: BackendSrvRequest): { status: number; data: unknown } {
    const url = new URL(request.url, 'http://grafana.local');
    const method = (request.method ?? 'GET').toUpperCase();
    this.requests.push(`${method} ${url.pathname}${url.search}`);
    const user = USERS[this.role];
    if (url.pathname === '/api/user/teams') {
      return { status: 200, data: user.teams.map((name, index) => ({ id: index + 1, name })) };
    }
    if (/^\/api\/plugins\/[^/]+\/settings$/.test(url.pathname) && method === 'POST') {
      if (!hasPermission(this.role, 'plugins:write')) {
        return { status: 403, data: accessDenied(['plugins:write']) };
      }
      this.pluginSettings.push(request.data);
      return { status: 200, data: { message: 'Plugin settings updated' } };
    }
    if (url.pathname !== '/api/annotations') {
      return { status: 404, data: { message: 'Not found' } };
    }
    if (method === 'GET') {
      if (!hasPermission(this.role, 'annotations:read')) {
        return { status: 403, data: accessDenied(['annotations:read']) };
      }
      const query = url.searchParams;
      return {
        status: 200,
        data: this.store.find({
          from: Number(query.get('from') ?? 0),
          to: Number(query.get('to') ?? 0),
          tags: query.getAll('tags'),
          type: query.get('type') ?? undefined,
          matchAny: query.get('matchAny') === 'true',
          limit: Number(query.get('limit') ?? 0),
        }),
      };
    }
    if (!hasPermission(this.role, 'annotations:create')) {
      return { status: 403, data: accessDenied(['annotations:create']) };
    }
    const outcome = this.store.add(JSON.parse(JSON.stringify(request.data ?? {})) as Record<string, unknown>, user, 0);
    return 'ok' in outcome
      ? { status: 200, data: { message: 'Annotation added', id: outcome.ok.id } }
      : { status: outcome.status, data: { message: outcome.message } };
  }

  private backend(): BackendSrv {
    const fetch = <T>(request: BackendSrvRequest): Observable<FetchResponse<T>> =>
      new Observable((subscriber) => {
        const { status, data } = this.answer(request);
        if (status >= 400) {
          subscriber.error({ status, data, config: request });
          return;
        }
        subscriber.next({ status, data: data as T, ok: true, config: request } as FetchResponse<T>);
        subscriber.complete();
      });
    const promise = <T>(request: BackendSrvRequest) =>
      new Promise<T>((resolve, reject) =>
        fetch<T>(request).subscribe({ next: (response) => resolve(response.data), error: reject })
      );
    return {
      fetch,
      get: (url: string) => promise({ url, method: 'GET' }),
      post: (url: string, data?: unknown) => promise({ url, method: 'POST', data }),
    } as unknown as BackendSrv;
  }
}
