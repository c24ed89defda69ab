/**
 * The browser test host's server: the host page, SystemJS, a flavour's shared bundle, the built plugins under
 * public/plugins/<id>/, and the part of Grafana's HTTP API the suite uses, each endpoint modelled on
 * Grafana's own handler (named at each one). No Grafana runs: this is what the suite's plugins see of it.
 *
 *   npx ts-node --transpile-only test/host/server.ts [--flavour grafana12|grafana13] [--port 3000]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';

import { type Flavour, flavourDir, isFlavour, type ReactBuild, REPO_ROOT, sharedBundlePath } from './build-shared';
import { AlertRuleStore, type AlertingDataSource } from './server/alertRules';
import { AnnotationStore } from './server/annotations';
import { forward, matchRoute, type PluginRoute, proxyTarget } from './server/dataProxy';
import type { Environment } from './server/envInterpolation';
import { currentUser, dataSourceMeta, frontendSettings, type HostState, hostPageHtml } from './server/hostPage';
import { accessDenied, type Requirement, satisfiesAny } from './server/permissions';
import { type PluginEntry, pluginMeta, scanPlugins } from './server/pluginCatalog';
import {
  type AppSettingsRecord,
  type DashboardRecord,
  type DataSourceRecord,
  readProvisionedApps,
  readProvisionedDashboards,
  readProvisionedDataSources,
} from './server/provisioning';
import { type HostUser, isRole, requestUser, ROLE_COOKIE, USERS } from './server/users';

export const GRAFANA_VERSIONS: Record<Flavour, string> = { grafana12: '12.4.10', grafana13: '13.2.3' };

export interface HostServerOptions {
  flavour: Flavour;
  /** React's build in the shared script the page loads (test/host/build-shared.ts); development by default. */
  react?: ReactBuild;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to the repository's provisioning/. */
  provisioningDir?: string;
  /** Folders searched for built plugins (plugin.json); defaults to app-plugin/dist. */
  pluginDirs?: string[];
  /** Environment for `$VAR` interpolation in provisioning files; defaults to process.env. */
  env?: Environment;
  /**
   * Changes to provisioned datasources, as an admin would make them on the datasource's settings page
   * (e.g. the store URLs of a test's own influxd), applied over the provisioning files.
   */
  dataSourceEdits?: Record<string, Partial<Pick<DataSourceRecord, 'url' | 'user' | 'jsonData' | 'secureJsonData'>>>;
  /** Shared module names the pages leave out (negative checks: a plugin importing one must fail to load). */
  omitSharedModules?: string[];
}

export interface RunningHostServer {
  url: string;
  port: number;
  flavour: Flavour;
  grafanaVersion: string;
  stop(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.md': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendMessage(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { message, traceID: '' });
}

/**
 * Serves a file below `root`; refuses paths that leave it. Answers revalidations with 304 (ETag from size and
 * time), so a browser keeps the multi-megabyte shared script and its compiled code between page loads.
 */
function sendFile(req: IncomingMessage, res: ServerResponse, root: string, relative: string): void {
  const file = normalize(join(root, decodeURIComponent(relative)));
  const stats = file.startsWith(resolve(root) + sep) && existsSync(file) ? statSync(file) : undefined;
  if (!stats?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  const etag = `"${stats.size.toString(16)}-${stats.mtimeMs.toString(16)}"`;
  const headers = { etag, 'cache-control': 'no-cache' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': stats.size,
  });
  createReadStream(file).pipe(res);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Grafana's web.Bind: JSON into the command; a body that is not JSON answers 400 "bad request data". */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = await readBody(req);
  if (text.trim() === '') {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Answers 403 unless the user meets any of the requirements (Grafana's authorize middleware with EvalAny). */
function denyUnless(res: ServerResponse, user: HostUser, ...actions: Requirement[]): boolean {
  if (satisfiesAny(user.role, actions)) {
    return false;
  }
  sendJson(res, 403, accessDenied(actions));
  return true;
}

/** pkg/api/datasources.go convertModelToDtos: settings with `secureJsonFields` naming the secure values set, never the values. */
function dataSourceDto(ds: DataSourceRecord): Record<string, unknown> {
  const { secureJsonData, ...settings } = ds;
  const secureJsonFields = Object.fromEntries(
    Object.entries(secureJsonData)
      .filter(([, value]) => value.length > 0)
      .map(([key]) => [key, true])
  );
  return { ...settings, typeLogoUrl: '', secureJsonFields };
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** pkg/api/plugins.go GetPluginSettingByID: meta, includes, dependencies, jsonData and which secure values are set. */
function pluginSettingsDto(plugin: PluginEntry, app: AppSettingsRecord | undefined): Record<string, unknown> {
  const meta = pluginMeta(plugin);
  const includes = (plugin.json.includes ?? []) as Array<Record<string, unknown>>;
  const defaultNav = includes.find((include) => include.defaultNav === true && typeof include.path === 'string');
  return {
    name: plugin.name,
    type: plugin.type,
    id: plugin.id,
    enabled: plugin.type === 'app' ? Boolean(app?.enabled) : true,
    pinned: Boolean(app?.pinned),
    autoEnabled: false,
    module: meta.module,
    baseUrl: meta.baseUrl,
    info: plugin.json.info ?? {},
    includes,
    dependencies: plugin.json.dependencies ?? {},
    jsonData: app?.jsonData ?? {},
    secureJsonFields: Object.fromEntries(
      Object.entries(app?.secureJsonData ?? {})
        .filter(([, value]) => value.length > 0)
        .map(([key]) => [key, true])
    ),
    defaultNavUrl: typeof defaultNav?.path === 'string' ? defaultNav.path : `/plugins/${plugin.id}/`,
    latestVersion: '',
    hasUpdate: false,
    state: plugin.json.state ?? '',
    signature: 'unsigned',
    signatureType: '',
    signatureOrg: '',
    angularDetected: false,
    loadingStrategy: 'script',
  };
}

/** pkg/api/dtos/folder.go Folder, as GET and POST /api/folders answer it. */
function folderDto(uid: string, title: string, user: HostUser): Record<string, unknown> {
  return {
    id: [...uid].reduce((sum, char) => sum + char.charCodeAt(0), 0),
    uid,
    orgId: 1,
    title,
    url: `/dashboards/f/${uid}/${slug(title)}`,
    hasAcl: false,
    canSave: user.role !== 'Viewer',
    canEdit: user.role !== 'Viewer',
    canAdmin: user.role === 'Admin',
    canDelete: user.role !== 'Viewer',
    version: 1,
  };
}

/** GET on alert rules and groups (authorization.go): provisioning read, or reading rules and their folders. */
const RULES_READ: Requirement[] = [
  'alert.provisioning:read',
  'alert.rules.provisioning:read',
  'alert.provisioning.secrets:read',
  { all: ['alert.rules:read', 'folders:read'] },
];

/** POST, PUT and DELETE on an alert rule (authorization.go): provisioning write, or the rule action with provenance. */
function rulesWrite(action: string): Requirement[] {
  return [
    'alert.provisioning:write',
    'alert.rules.provisioning:write',
    { all: [action, 'alert.provisioning.provenance:write'] },
  ];
}

const PAGE_ROUTES = [/^\/$/, /^\/d\//, /^\/a\//, /^\/plugins\//, /^\/connections\//, /^\/panel\//];

/** Starts the host for one flavour. Needs the flavour's shared bundle (test/host/build-shared.ts). */
export async function startHostServer(options: HostServerOptions): Promise<RunningHostServer> {
  const flavour = options.flavour;
  const react = options.react ?? 'development';
  const bundle = sharedBundlePath(flavour, react);
  if (!existsSync(bundle)) {
    throw new Error(
      `${bundle} is missing: run npx ts-node --transpile-only test/host/build-shared.ts --react ${react} ${flavour}`
    );
  }
  const env = options.env ?? process.env;
  const provisioningDir = options.provisioningDir ?? join(REPO_ROOT, 'provisioning');
  const plugins = scanPlugins(options.pluginDirs ?? [join(REPO_ROOT, 'app-plugin', 'dist')]);
  const dataSources = readProvisionedDataSources(provisioningDir, env).map((ds) => {
    const edit = options.dataSourceEdits?.[ds.uid];
    return edit
      ? {
          ...ds,
          url: edit.url ?? ds.url,
          user: edit.user ?? ds.user,
          jsonData: { ...ds.jsonData, ...edit.jsonData },
          secureJsonData: { ...ds.secureJsonData, ...edit.secureJsonData },
        }
      : ds;
  });
  const dashboards: DashboardRecord[] = readProvisionedDashboards(provisioningDir, env);
  const apps = new Map(readProvisionedApps(provisioningDir, env).map((app) => [app.pluginId, app]));
  const grafanaVersion = GRAFANA_VERSIONS[flavour];
  const omitSharedModules = options.omitSharedModules ?? [];
  const state: HostState = { grafanaVersion, flavour, plugins, dataSources, apps, appUrl: '' };
  const annotations = new AnnotationStore((id) => dashboards.find((dashboard) => dashboard.id === id)?.uid);
  const folders = new Map<string, string>([
    ['general', 'General'],
    ...dashboards.map((d): [string, string] => [d.folderUid, d.folderTitle]),
  ]);
  const alertRules = new AlertRuleStore(
    (): AlertingDataSource[] =>
      state.dataSources.map((ds) => {
        const meta = dataSourceMeta(state, ds.type);
        return { uid: ds.uid, type: ds.type, alerting: meta.backend === true && meta.alerting === true };
      }),
    (uid) => folders.has(uid)
  );
  const systemjsDir = join(REPO_ROOT, 'node_modules', 'systemjs', 'dist');
  const iconsDir = join(flavourDir(flavour), 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons');

  const findDataSource = (uid: string) => state.dataSources.find((ds) => ds.uid === uid);
  const replaceDataSource = (next: DataSourceRecord) => {
    state.dataSources = state.dataSources.map((ds) => (ds.uid === next.uid ? next : ds));
  };

  const api = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams
  ): Promise<void> => {
    const method = req.method ?? 'GET';
    const user = requestUser(req);
    let match: RegExpExecArray | null;

    // pkg/api/health.go.
    if (path === '/api/health') {
      return sendJson(res, 200, { commit: 'conduit-test-host', database: 'ok', version: grafanaVersion });
    }
    if (path === '/api/frontend/settings') {
      return sendJson(res, 200, frontendSettings(state));
    }
    if (path === '/api/user') {
      return sendJson(res, 200, currentUser(user, 'dark'));
    }
    // pkg/api/user.go GetSignedInUserTeamList.
    if (path === '/api/user/teams') {
      return sendJson(
        res,
        200,
        user.teams.map((name, index) => ({ id: index + 1, orgId: 1, name, email: '', memberCount: 1, permission: 0 }))
      );
    }
    // pkg/api/search.go: dashboards and folders; the host has only provisioned dashboards.
    if (path === '/api/search') {
      const text = (query.get('query') ?? '').toLowerCase();
      return sendJson(
        res,
        200,
        dashboards
          .filter((dashboard) => dashboard.title.toLowerCase().includes(text))
          .map((dashboard) => ({
            id: dashboard.id,
            uid: dashboard.uid,
            title: dashboard.title,
            uri: `db/${slug(dashboard.title)}`,
            url: `/d/${dashboard.uid}/${slug(dashboard.title)}`,
            type: 'dash-db',
            tags: (dashboard.json.tags as string[] | undefined) ?? [],
            isStarred: false,
            folderUid: dashboard.folderUid,
            folderTitle: dashboard.folderTitle,
          }))
      );
    }
    // pkg/api/folder.go: list, one by uid, create (folders:create); errors as apierrors.ToFolderErrorResponse.
    if (path === '/api/folders') {
      if (method === 'POST') {
        if (denyUnless(res, user, 'folders:create')) {
          return;
        }
        const body = await readJson(req);
        if (!body) {
          return sendMessage(res, 400, 'bad request data');
        }
        const title = typeof body.title === 'string' ? body.title.trim() : '';
        const uid = typeof body.uid === 'string' && body.uid !== '' ? body.uid : slug(title).slice(0, 40);
        if (title === '') {
          return sendMessage(res, 400, 'Folder title cannot be empty');
        }
        if (!/^[a-zA-Z0-9\-_]{1,40}$/.test(uid)) {
          return sendMessage(res, 400, 'uid contains illegal characters');
        }
        if (folders.has(uid)) {
          return sendMessage(res, 409, 'A folder/dashboard with the same uid already exists');
        }
        folders.set(uid, title);
        return sendJson(res, 200, folderDto(uid, title, user));
      }
      return sendJson(
        res,
        200,
        [...folders].map(([uid, title], index) => ({ id: index, uid, title }))
      );
    }
    if ((match = /^\/api\/folders\/([^/]+)$/.exec(path)) && method === 'GET') {
      const uid = decodeURIComponent(match[1]);
      const title = folders.get(uid);
      return title === undefined
        ? sendJson(res, 404, { status: 'not-found', message: 'Folder not found' })
        : sendJson(res, 200, folderDto(uid, title, user));
    }
    // pkg/api/dashboard.go GetDashboard.
    if ((match = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(path))) {
      const dashboard = dashboards.find((candidate) => candidate.uid === decodeURIComponent(match?.[1] ?? ''));
      if (!dashboard) {
        return sendMessage(res, 404, 'Dashboard not found');
      }
      return sendJson(res, 200, {
        dashboard: dashboard.json,
        meta: {
          type: 'db',
          canSave: user.role !== 'Viewer',
          canEdit: user.role !== 'Viewer',
          canAdmin: user.role === 'Admin',
          canStar: true,
          canDelete: user.role !== 'Viewer',
          slug: slug(dashboard.title),
          url: `/d/${dashboard.uid}/${slug(dashboard.title)}`,
          folderUid: dashboard.folderUid,
          folderTitle: dashboard.folderTitle,
          provisioned: true,
          provisionedExternalId: dashboard.file,
        },
      });
    }

    // pkg/api/dataproxy.go + pkg/api/pluginproxy/ds_proxy.go: /api/datasources/proxy/uid/:uid/*.
    if ((match = /^\/api\/datasources\/proxy\/uid\/([^/]+)\/?(.*)$/.exec(path))) {
      const ds = findDataSource(decodeURIComponent(match[1]));
      if (!ds) {
        return sendMessage(res, 404, 'Unable to find datasource');
      }
      if (denyUnless(res, user, 'datasources:query')) {
        return;
      }
      const proxyPath = match[2];
      const routes = (state.plugins.get(ds.type)?.json.routes ?? []) as PluginRoute[];
      const matched = matchRoute(routes, proxyPath, method, user.role);
      if (matched && 'denied' in matched) {
        return sendMessage(res, 403, matched.denied);
      }
      if (!matched && ds.url === '') {
        // Grafana's proxy then sends to a URL without a host, which fails as an unreachable store does.
        res.writeHead(502);
        return void res.end();
      }
      try {
        return forward(req, res, proxyTarget(ds, matched?.route, proxyPath, query), grafanaVersion);
      } catch (error) {
        return sendMessage(res, 500, error instanceof Error ? error.message : String(error));
      }
    }

    // pkg/api/datasources.go: settings of one datasource, for admins (datasources:read).
    if ((match = /^\/api\/datasources\/(uid|name)\/([^/]+)$/.exec(path))) {
      const key = decodeURIComponent(match[2]);
      const ds = state.dataSources.find((candidate) => (match?.[1] === 'uid' ? candidate.uid : candidate.name) === key);
      if (method === 'GET') {
        if (denyUnless(res, user, 'datasources:read')) {
          return;
        }
        return ds ? sendJson(res, 200, dataSourceDto(ds)) : sendMessage(res, 404, 'Data source not found');
      }
      if (method === 'PUT' && match[1] === 'uid') {
        if (denyUnless(res, user, 'datasources:write')) {
          return;
        }
        if (!ds) {
          return sendMessage(res, 404, 'Data source not found');
        }
        if (ds.readOnly) {
          return sendMessage(res, 403, 'Cannot update read-only data source');
        }
        const body = await readJson(req);
        if (!body) {
          return sendMessage(res, 400, 'bad request data');
        }
        if (typeof body.version === 'number' && body.version < ds.version) {
          return sendMessage(
            res,
            409,
            'Datasource has already been updated by someone else. Please reload and try again'
          );
        }
        // Secure values sent replace the stored ones; those not sent are kept (fillWithSecureJSONData).
        const secure = Object.fromEntries(
          Object.entries((body.secureJsonData ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')])
        );
        const next: DataSourceRecord = {
          ...ds,
          name: typeof body.name === 'string' && body.name !== '' ? body.name : ds.name,
          url: typeof body.url === 'string' ? body.url : ds.url,
          user: typeof body.user === 'string' ? body.user : ds.user,
          database: typeof body.database === 'string' ? body.database : ds.database,
          isDefault: typeof body.isDefault === 'boolean' ? body.isDefault : ds.isDefault,
          jsonData: (body.jsonData ?? ds.jsonData) as Record<string, unknown>,
          secureJsonData: { ...ds.secureJsonData, ...secure },
          version: ds.version + 1,
        };
        replaceDataSource(next);
        return sendJson(res, 200, {
          datasource: dataSourceDto(next),
          id: next.id,
          message: 'Datasource updated',
          name: next.name,
        });
      }
      if (method === 'DELETE' && match[1] === 'uid') {
        if (denyUnless(res, user, 'datasources:delete')) {
          return;
        }
        if (!ds) {
          return sendMessage(res, 404, 'Data source not found');
        }
        state.dataSources = state.dataSources.filter((candidate) => candidate.uid !== ds.uid);
        return sendJson(res, 200, { message: 'Data source deleted', id: ds.id });
      }
    }
    if (path === '/api/datasources') {
      if (method === 'GET') {
        if (denyUnless(res, user, 'datasources:read')) {
          return;
        }
        return sendJson(res, 200, state.dataSources.map(dataSourceDto));
      }
      if (method === 'POST') {
        if (denyUnless(res, user, 'datasources:create')) {
          return;
        }
        const body = await readJson(req);
        if (!body || typeof body.name !== 'string' || typeof body.type !== 'string') {
          return sendMessage(res, 400, 'bad request data');
        }
        if (state.dataSources.some((ds) => ds.name === body.name || (body.uid && ds.uid === body.uid))) {
          return sendMessage(res, 409, 'data source with the same name already exists');
        }
        const created: DataSourceRecord = {
          id: Math.max(0, ...state.dataSources.map((ds) => ds.id)) + 1,
          uid: typeof body.uid === 'string' && body.uid !== '' ? body.uid : `ds-${Date.now().toString(36)}`,
          orgId: 1,
          name: body.name,
          type: body.type,
          access: body.access === 'direct' ? 'direct' : 'proxy',
          url: typeof body.url === 'string' ? body.url : '',
          user: typeof body.user === 'string' ? body.user : '',
          database: typeof body.database === 'string' ? body.database : '',
          basicAuth: body.basicAuth === true,
          basicAuthUser: typeof body.basicAuthUser === 'string' ? body.basicAuthUser : '',
          withCredentials: false,
          isDefault: false,
          jsonData: (body.jsonData ?? {}) as Record<string, unknown>,
          secureJsonData: Object.fromEntries(
            Object.entries((body.secureJsonData ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')])
          ),
          version: 1,
          readOnly: false,
        };
        state.dataSources = [...state.dataSources, created];
        return sendJson(res, 200, {
          datasource: dataSourceDto(created),
          id: created.id,
          message: 'Datasource added',
          name: created.name,
        });
      }
    }

    // pkg/api/plugins.go: plugin list and settings; writing settings needs plugins:write (admins).
    if (path === '/api/plugins') {
      const type = query.get('type');
      return sendJson(
        res,
        200,
        [...state.plugins.values()]
          .filter((plugin) => !type || plugin.type === type)
          .map((plugin) => pluginSettingsDto(plugin, state.apps.get(plugin.id)))
      );
    }
    if ((match = /^\/api\/plugins\/([^/]+)\/settings$/.exec(path))) {
      const plugin = state.plugins.get(decodeURIComponent(match[1]));
      if (!plugin) {
        return sendMessage(res, 404, 'Plugin not found, no installed plugin with that id');
      }
      if (method === 'GET') {
        return sendJson(res, 200, pluginSettingsDto(plugin, state.apps.get(plugin.id)));
      }
      if (method === 'POST') {
        if (denyUnless(res, user, 'plugins:write')) {
          return;
        }
        const body = await readJson(req);
        if (!body) {
          return sendMessage(res, 400, 'bad request data');
        }
        const previous = state.apps.get(plugin.id);
        const secure = Object.fromEntries(
          Object.entries((body.secureJsonData ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')])
        );
        state.apps.set(plugin.id, {
          pluginId: plugin.id,
          enabled: typeof body.enabled === 'boolean' ? body.enabled : Boolean(previous?.enabled),
          pinned: typeof body.pinned === 'boolean' ? body.pinned : Boolean(previous?.pinned),
          jsonData: (body.jsonData ?? previous?.jsonData ?? {}) as Record<string, unknown>,
          secureJsonData: { ...previous?.secureJsonData, ...secure },
        });
        return sendJson(res, 200, { message: 'Plugin settings updated' });
      }
    }

    // pkg/api/annotations.go: find, create, update, patch, delete; RBAC annotations:read/create/write/delete.
    if (path === '/api/annotations') {
      if (method === 'GET') {
        if (denyUnless(res, user, 'annotations:read')) {
          return;
        }
        let dashboardId = Number(query.get('dashboardId') ?? 0);
        const dashboardUID = query.get('dashboardUID');
        if (dashboardUID) {
          const dashboard = dashboards.find((candidate) => candidate.uid === dashboardUID);
          if (!dashboard) {
            return sendMessage(res, 400, 'Invalid dashboard UID in annotation request');
          }
          dashboardId = dashboard.id;
        }
        return sendJson(
          res,
          200,
          annotations.find({
            from: Number(query.get('from') ?? 0),
            to: Number(query.get('to') ?? 0),
            userId: Number(query.get('userId') ?? 0),
            alertId: Number(query.get('alertId') ?? 0),
            dashboardId,
            panelId: Number(query.get('panelId') ?? 0),
            tags: query.getAll('tags'),
            type: query.get('type') ?? undefined,
            matchAny: query.get('matchAny') === 'true',
            limit: Number(query.get('limit') ?? 0),
          })
        );
      }
      if (method === 'POST') {
        if (denyUnless(res, user, 'annotations:create')) {
          return;
        }
        const body = await readJson(req);
        if (!body) {
          return sendMessage(res, 400, 'bad request data');
        }
        // dashboardUID, when given, wins over dashboardId.
        const byUid =
          typeof body.dashboardUID === 'string' ? dashboards.find((d) => d.uid === body.dashboardUID) : undefined;
        const outcome = annotations.add(body, user, byUid?.id ?? Number(body.dashboardId ?? 0));
        return 'ok' in outcome
          ? sendJson(res, 200, { message: 'Annotation added', id: outcome.ok.id })
          : sendMessage(res, outcome.status, outcome.message);
      }
    }
    if ((match = /^\/api\/annotations\/(\d+)$/.exec(path))) {
      const id = Number(match[1]);
      if (method === 'GET') {
        if (denyUnless(res, user, 'annotations:read')) {
          return;
        }
        const item = annotations.get(id);
        return item ? sendJson(res, 200, item) : sendMessage(res, 404, 'Annotation not found');
      }
      if (method === 'PATCH' || method === 'PUT') {
        if (denyUnless(res, user, 'annotations:write')) {
          return;
        }
        const body = await readJson(req);
        if (!body) {
          return sendMessage(res, 400, 'bad request data');
        }
        const outcome = annotations.update(id, body, method === 'PUT');
        return 'ok' in outcome
          ? sendMessage(res, 200, method === 'PUT' ? 'Annotation updated' : 'Annotation patched')
          : sendMessage(res, outcome.status, outcome.message);
      }
      if (method === 'DELETE') {
        if (denyUnless(res, user, 'annotations:delete')) {
          return;
        }
        return annotations.delete(id)
          ? sendMessage(res, 200, 'Annotation deleted')
          : sendMessage(res, 404, 'Annotation not found');
      }
    }

    // pkg/services/ngalert/api/api_provisioning.go, authorized as pkg/services/ngalert/api/authorization.go does:
    // the provisioning actions (admins), or the rule actions together with setting provenance (editors).
    const disableProvenance = req.headers['x-disable-provenance'] !== undefined;
    if (path === '/api/v1/provisioning/alert-rules') {
      if (method === 'GET') {
        if (denyUnless(res, user, ...RULES_READ)) {
          return;
        }
        return sendJson(res, 200, alertRules.list());
      }
      if (method === 'POST') {
        if (denyUnless(res, user, ...rulesWrite('alert.rules:create'))) {
          return;
        }
        const body = await readJson(req);
        if (!body) {
          return sendMessage(res, 400, 'bad request data');
        }
        const outcome = alertRules.create(body, disableProvenance);
        return 'ok' in outcome ? sendJson(res, 201, outcome.ok) : sendMessage(res, outcome.status, outcome.message);
      }
    }
    if ((match = /^\/api\/v1\/provisioning\/alert-rules\/([^/]+)$/.exec(path))) {
      const uid = decodeURIComponent(match[1]);
      if (method === 'GET') {
        if (denyUnless(res, user, ...RULES_READ)) {
          return;
        }
        const rule = alertRules.get(uid);
        if (!rule) {
          res.writeHead(404);
          return void res.end();
        }
        return sendJson(res, 200, rule);
      }
      if (method === 'PUT') {
        if (denyUnless(res, user, ...rulesWrite('alert.rules:write'))) {
          return;
        }
        const body = await readJson(req);
        if (!body) {
          return sendMessage(res, 400, 'bad request data');
        }
        const outcome = alertRules.update(uid, body, disableProvenance);
        if ('ok' in outcome) {
          return sendJson(res, 200, outcome.ok);
        }
        if (outcome.status === 404) {
          res.writeHead(404);
          return void res.end();
        }
        return sendMessage(res, outcome.status, outcome.message);
      }
      if (method === 'DELETE') {
        if (denyUnless(res, user, ...rulesWrite('alert.rules:delete'))) {
          return;
        }
        alertRules.delete(uid);
        res.writeHead(204);
        return void res.end();
      }
    }
    if ((match = /^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/.exec(path))) {
      const folderUid = decodeURIComponent(match[1]);
      const group = decodeURIComponent(match[2]);
      if (method === 'GET') {
        if (denyUnless(res, user, ...RULES_READ)) {
          return;
        }
        const found = alertRules.group(folderUid, group);
        return found ? sendJson(res, 200, found) : sendMessage(res, 404, 'rule group not found');
      }
      if (method === 'PUT') {
        const writer = {
          all: ['alert.rules:read', 'folders:read', 'alert.provisioning.provenance:write'],
          anyOf: ['alert.rules:write', 'alert.rules:create', 'alert.rules:delete'],
        };
        if (denyUnless(res, user, 'alert.provisioning:write', 'alert.rules.provisioning:write', writer)) {
          return;
        }
        const body = await readJson(req);
        if (!body) {
          return sendMessage(res, 400, 'bad request data');
        }
        const outcome = alertRules.replaceGroup(folderUid, group, body, disableProvenance);
        return 'ok' in outcome ? sendJson(res, 200, outcome.ok) : sendMessage(res, outcome.status, outcome.message);
      }
    }
    return sendMessage(res, 404, 'Not found');
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const path = url.pathname;
    const handle = async () => {
      if (path.startsWith('/api/')) {
        return api(req, res, path, url.searchParams);
      }
      if (path.startsWith('/public/build/img/icons/')) {
        return sendFile(req, res, iconsDir, path.slice('/public/build/img/icons/'.length));
      }
      if (path.startsWith('/public/build/')) {
        return sendFile(req, res, dirname(bundle), path.slice('/public/build/'.length));
      }
      if (path.startsWith('/public/systemjs/')) {
        return sendFile(req, res, systemjsDir, path.slice('/public/systemjs/'.length));
      }
      const plugin = /^\/public\/plugins\/([^/]+)\/(.+)$/.exec(path);
      if (plugin) {
        const entry = state.plugins.get(plugin[1]);
        return entry ? sendFile(req, res, entry.dir, plugin[2]) : sendMessage(res, 404, 'Plugin not found');
      }
      if (PAGE_ROUTES.some((route) => route.test(path))) {
        // The role and theme a page asks for (?role=, ?theme=): the role stays in a cookie for its API calls.
        const role = url.searchParams.get('role');
        const headers: Record<string, string> = {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        };
        let user = requestUser(req);
        if (isRole(role)) {
          headers['set-cookie'] = `${ROLE_COOKIE}=${role}; Path=/; SameSite=Lax`;
          user = USERS[role];
        }
        const theme = url.searchParams.get('theme') === 'light' ? 'light' : 'dark';
        res.writeHead(200, headers);
        return void res.end(hostPageHtml(state, user, theme, omitSharedModules));
      }
      // Fonts and images Grafana ships in its own build, not in any npm package: absent, as noted in HOST-NOTES.
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) {
        sendMessage(res, 500, error instanceof Error ? error.message : String(error));
      } else {
        res.end();
      }
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  state.appUrl = `${url}/`;
  return {
    url,
    port,
    flavour,
    grafanaVersion,
    stop: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

function flagValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flavour = flagValue(args, '--flavour') ?? 'grafana12';
  if (!isFlavour(flavour)) {
    throw new Error(`--flavour must be grafana12 or grafana13, not ${flavour}`);
  }
  const host = await startHostServer({ flavour, port: Number(flagValue(args, '--port') ?? 3000) });
  process.stdout.write(`Conduit test host (${flavour}, Grafana ${host.grafanaVersion}) at ${host.url}/\n`);
  const stop = () => void host.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Only when started as this script: a bench bundle that imports it is not.
if (require.main === module && basename(process.argv[1] ?? '') === 'server.ts') {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
