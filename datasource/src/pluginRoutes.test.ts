/**
 * The proxy routes of plugin.json, judged by the test host's model of Grafana's data proxy: only InfluxDB's
 * `/query` of each store is reachable, credentials travel in the Authorization header, and nothing is added that
 * the settings did not ask for.
 */
import { matchRoute, type PluginRoute, proxyTarget, type RouteTemplateData } from '../../test/host/server/dataProxy';
import type { Role } from '../../test/host/server/users';
import plugin from './plugin.json';

const routes: PluginRoute[] = plugin.routes;

const SETTINGS: RouteTemplateData = {
  JsonData: { itUrl: 'https://influx.example:8086/prefix', otUrl: 'http://influxdb-ot:8086' },
  SecureJsonData: {},
};

interface Request {
  method?: string;
  role?: Role;
  data?: RouteTemplateData;
  query?: string;
}

/** Whether a route takes the request; one that none takes goes to the datasource's URL, which it has none of. */
function routed(path: string, { method = 'GET', role = 'Viewer' }: Request = {}): boolean {
  return matchRoute(routes, path, method, role) !== undefined;
}

/** Where Grafana sends a request that a route takes. */
function proxied(path: string, { method = 'GET', role = 'Viewer', data = SETTINGS, query = '' }: Request = {}) {
  const matched = matchRoute(routes, path, method, role);
  if (matched === undefined || 'denied' in matched) {
    throw new Error(`${method} ${path} is not routed for a ${role}`);
  }
  const ds = { type: plugin.id, url: '', user: '', basicAuth: false };
  return proxyTarget(
    { ...ds, jsonData: data.JsonData, secureJsonData: data.SecureJsonData },
    matched.route,
    path,
    new URLSearchParams(query)
  );
}

describe('plugin.json routes', () => {
  it('take GET and POST of /query for each store, for every role, and nothing else', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET it/query',
      'POST it/query',
      'GET ot/query',
      'POST ot/query',
    ]);
    for (const role of ['Viewer', 'Editor', 'Admin'] as const) {
      expect(proxied('ot/query', { role }).url.toString()).toBe('http://influxdb-ot:8086/query');
      expect(proxied('it/query', { role, method: 'POST' }).url.toString()).toBe(
        'https://influx.example:8086/prefix/query'
      );
    }
  });

  it.each([
    ['the write endpoint', 'ot/write', 'POST'],
    ['the write endpoint over GET', 'it/write', 'GET'],
    ['the 2.x write endpoint', 'ot/api/v2/write', 'POST'],
    ['the debug variables', 'ot/debug/vars', 'GET'],
    ['the profiler', 'it/debug/pprof/heap', 'GET'],
    ['the ping endpoint', 'ot/ping', 'GET'],
    ['a path that climbs out of /query', 'ot/query/../write', 'POST'],
    ['/query with another method', 'ot/query', 'DELETE'],
    ['/query with PUT', 'it/query', 'PUT'],
  ])('leave %s unrouted (%s %s)', (_name, path, method) => {
    expect(routed(path, { method, role: 'Admin' })).toBe(false);
  });

  it('keep whatever follows /query under /query, where InfluxDB answers 404', () => {
    expect(routed('ot/query/../../write')).toBe(false);
    expect(proxied('ot/queryx').url.pathname).toBe('/query/x');
    expect(proxied('ot/query/x/../../query/x').url.pathname).toBe('/query/x');
  });

  it('send a store without credentials its URL and the browser query alone, no empty parameter', () => {
    const target = proxied('ot/query', { query: 'q=SHOW+DATABASES&epoch=ms&db=conduit_ot' });

    expect(target).toBeDefined();
    expect(Object.fromEntries(target.url.searchParams)).toEqual({
      q: 'SHOW DATABASES',
      epoch: 'ms',
      db: 'conduit_ot',
    });
    expect(target.url.username + target.url.password).toBe('');
  });

  it('send a user and password as Authorization: Basic with the stored credential, never in the URL', () => {
    const target = proxied('it/query', {
      data: { ...SETTINGS, SecureJsonData: { itBasicAuth: 'Z3JhZmFuYTpzM2NyZXQmeA==' } },
      query: 'q=SHOW+DATABASES',
    });

    expect(target.headers.authorization).toBe('Basic Z3JhZmFuYTpzM2NyZXQmeA==');
    expect(target.url.toString()).not.toMatch(/s3cret|Z3JhZmFuYT|[?&][up]=/);
  });

  it('send a token as Authorization: Token', () => {
    const target = proxied('ot/query', { data: { ...SETTINGS, SecureJsonData: { otToken: 'reader:t0ken' } } });

    expect(target.headers.authorization).toBe('Token reader:t0ken');
    expect(target.url.toString()).not.toContain('t0ken');
  });

  it('never send one store the other store credentials', () => {
    const target = proxied('it/query', {
      data: { ...SETTINGS, SecureJsonData: { otBasicAuth: 'b3Qtc2VjcmV0', otToken: 'ot-token' } },
    });

    expect(target.headers.authorization).toBe('');
    expect(target.url.toString()).not.toMatch(/b3Qtc2VjcmV0|ot-token/);
  });
});
