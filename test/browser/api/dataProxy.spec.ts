import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { type RunningHostServer, startHostServer } from '../../host/server';

interface Echo {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
}

const FIXTURES = join(__dirname, '..', 'fixtures');

let upstream: Server;
let upstreamUrl: string;
let host: RunningHostServer;

/** Answers what it was asked; /status/401 refuses, /cookie sets a cookie. */
function startUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    if (url.pathname.endsWith('/status/401')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end('{"error":"authorization failed"}');
    }
    const echo: Echo = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers as Record<string, string>,
    };
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'upstream=1' });
    res.end(JSON.stringify(echo));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test.beforeAll(async () => {
  upstream = await startUpstream();
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  host = await startHostServer({
    flavour: 'grafana12',
    provisioningDir: join(FIXTURES, 'provisioning'),
    pluginDirs: [join(FIXTURES, 'routes-datasource')],
    env: { ROUTES_TOKEN: 'tok-123', ROUTES_API_KEY: 'key-456' },
    dataSourceEdits: { routes: { jsonData: { upstream: upstreamUrl } } },
  });
});

test.afterAll(async () => {
  await host?.stop();
  await new Promise((resolve) => upstream?.close(resolve));
});

async function proxied(path: string, init: { role?: string; method?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${host.url}/api/datasources/proxy/uid/routes/${path}`, {
    method: init.method ?? 'GET',
    headers: { 'x-conduit-role': init.role ?? 'Admin', ...init.headers },
  });
  return { response, text: await response.text() };
}

test.describe("the data proxy applies the plugin's routes as Grafana's ds_proxy does", () => {
  test('the first route in plugin.json order whose path prefixes the request wins, its template filled', async () => {
    const { text } = await proxied('api/v2/series?q=1');
    const echo = JSON.parse(text) as Echo;

    expect(echo.path).toBe('/v2/series');
    expect(echo.headers.authorization).toBe('Bearer tok-123');
    expect(new URLSearchParams(echo.query).getAll('key')).toEqual(['key-456']);
  });

  test("route parameters are added after the browser's own, sorted by name, missing keys as <no value>", async () => {
    const { text } = await proxied('api/items?db=mine&a=1');
    const echo = JSON.parse(text) as Echo;

    expect(echo.path).toBe('/v1/items');
    expect(echo.query).toBe('a=1&db=mine&db=default&missing=%3Cno+value%3E');
    expect(echo.headers['x-tenant']).toBe('tenant-plant-7!');
  });

  test('a route with reqRole Admin refuses an Editor and serves an Admin', async () => {
    const refused = await proxied('admin/users', { role: 'Editor' });
    expect(refused.response.status).toBe(403);
    expect(JSON.parse(refused.text).message).toBe('plugin proxy route access denied');

    const served = await proxied('admin/users', { role: 'Admin' });
    expect((JSON.parse(served.text) as Echo).path).toBe('/admin-area/users');
  });

  test("a route's method restricts it: other methods find no route and go to the datasource URL", async () => {
    const post = await proxied('writes/x', { method: 'POST' });
    expect((JSON.parse(post.text) as Echo).path).toBe('/writes-area/x');

    const get = await proxied('writes/x');
    // The fixture datasource has no URL of its own: Grafana's proxy cannot reach anything.
    expect(get.response.status).toBe(502);
  });

  test('cookies stay with Grafana: none sent on, none set back; answers are sandboxed', async () => {
    const { response, text } = await proxied('api/x', { headers: { cookie: 'grafana_session=secret' } });

    expect((JSON.parse(text) as Echo).headers.cookie).toBeUndefined();
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('content-security-policy')).toBe('sandbox');
    expect((JSON.parse(text) as Echo).headers['user-agent']).toBe('Grafana/12.4.10');
  });

  test('a 401 from the datasource becomes 400 "Authentication to data source failed"', async () => {
    const { response, text } = await proxied('api/status/401');
    expect(response.status).toBe(400);
    expect(text).toBe('Authentication to data source failed');
  });

  test('an unknown datasource uid answers 404', async () => {
    const response = await fetch(`${host.url}/api/datasources/proxy/uid/nope/api/x`);
    expect(response.status).toBe(404);
  });
});

test.describe('datasource settings as Grafana returns them', () => {
  test('secure values never leave the server: only secureJsonFields names those that are set', async () => {
    const response = await fetch(`${host.url}/api/datasources/uid/routes`);
    const settings = (await response.json()) as Record<string, unknown>;

    expect(JSON.stringify(settings)).not.toContain('tok-123');
    expect(settings.secureJsonData).toBeUndefined();
    // unset came from an unset variable: empty, so not set.
    expect(settings.secureJsonFields).toEqual({ token: true, apiKey: true });
    expect((settings.jsonData as Record<string, unknown>).price).toBe('$5');
  });

  test('reading datasource settings needs datasources:read, which viewers lack', async () => {
    const response = await fetch(`${host.url}/api/datasources/uid/routes`, { headers: { 'x-conduit-role': 'Viewer' } });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toContain('datasources:read');
  });

  test('saving keeps secure values that were not sent and replaces those that were', async () => {
    const current = (await (await fetch(`${host.url}/api/datasources/uid/routes`)).json()) as Record<string, unknown>;
    const saved = await fetch(`${host.url}/api/datasources/uid/routes`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...current, secureJsonData: { apiKey: 'key-789' } }),
    });
    expect(saved.status).toBe(200);

    const echo = JSON.parse((await proxied('api/v2/x')).text) as Echo;
    expect(echo.headers.authorization).toBe('Bearer tok-123');
    expect(new URLSearchParams(echo.query).get('key')).toBe('key-789');
  });
});
