import { type IncomingHttpHeaders, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { posix } from 'node:path';

import { renderGoTemplate } from './goTemplate';
import type { DataSourceRecord } from './provisioning';
import { type Role, roleIncludes } from './users';

/** A `routes[]` entry of a datasource's plugin.json (Grafana's plugins.Route). */
export interface PluginRoute {
  path: string;
  method?: string;
  reqRole?: string;
  url?: string;
  urlParams?: Array<{ name: string; content: string }>;
  headers?: Array<{ name: string; content: string }>;
}

export interface RouteTemplateData {
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
}

/** Grafana's data proxy timeout default (`[dataproxy] timeout = 30`). */
const PROXY_TIMEOUT_MS = 30_000;

/**
 * A route template rendered over the datasource's settings, as Grafana's interpolateString does with Go's
 * text/template over `{ JsonData, SecureJsonData }` (see goTemplate.ts for the modelled subset).
 */
export function renderRouteTemplate(template: string, data: RouteTemplateData): string {
  return renderGoTemplate(template, data);
}

/** util.CleanRelativePath: the path cleaned as if rooted, without the leading slash. */
function cleanRelativePath(path: string): string {
  return posix.normalize(`/${path}`).replace(/^\/+/, '');
}

export type RouteMatch = { route: PluginRoute } | { denied: string } | undefined;

/**
 * Grafana's DataSourceProxy.validateRequest (pkg/api/pluginproxy/ds_proxy.go): the first route, in
 * plugin.json order, whose method fits (none, `*` or the request's) and whose cleaned path is a string prefix
 * of the cleaned proxy path; a route whose `reqRole` the user lacks denies the request ("plugin proxy route
 * access denied"). Grafana does not look for the longest match: list longer paths first.
 */
export function matchRoute(routes: readonly PluginRoute[], proxyPath: string, method: string, role: Role): RouteMatch {
  const requested = cleanRelativePath(proxyPath);
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    if (!requested.startsWith(cleanRelativePath(route.path))) {
      continue;
    }
    if (route.reqRole && !roleIncludes(role, route.reqRole)) {
      return { denied: 'plugin proxy route access denied' };
    }
    return { route };
  }
  return undefined;
}

/** util.JoinURLFragments. */
export function joinUrlFragments(a: string, b: string): string {
  if (b === '') {
    return a;
  }
  const aSlash = a.endsWith('/');
  const bSlash = b.startsWith('/');
  if (aSlash && bSlash) {
    return a + b.slice(1);
  }
  if (!aSlash && !bSlash) {
    return `${a}/${b}`;
  }
  return a + b;
}

/** Go's url.Values.Encode: keys sorted, values of a key in order. */
function encodeQuery(values: Array<[string, string]>): string {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of values) {
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  return [...byKey.keys()]
    .sort()
    .flatMap((key) => (byKey.get(key) ?? []).map((value) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`))
    .join('&')
    .replace(/%20/g, '+');
}

export interface ProxyTarget {
  url: URL;
  headers: Record<string, string>;
}

/**
 * Where Grafana's director sends a proxied request and with which headers (ds_proxy.go director, ApplyRoute,
 * addQueryString, addHeaders): with a matched route, the route's templated URL joined with the proxy path
 * minus the route's path, the request's query plus the route's `urlParams` (added, so a parameter the browser
 * sent comes first), the route's `headers` set; without one, the datasource URL joined with the proxy path
 * (InfluxDB datasources also get basic auth from user and password).
 */
export function proxyTarget(
  ds: Pick<DataSourceRecord, 'type' | 'url' | 'user' | 'basicAuth' | 'jsonData' | 'secureJsonData'>,
  route: PluginRoute | undefined,
  proxyPath: string,
  query: URLSearchParams
): ProxyTarget {
  const data: RouteTemplateData = { JsonData: ds.jsonData, SecureJsonData: ds.secureJsonData };
  const values: Array<[string, string]> = [...query.entries()];
  const headers: Record<string, string> = {};
  let url: URL;
  if (route) {
    const rest = proxyPath.startsWith(route.path) ? proxyPath.slice(route.path.length) : proxyPath;
    url = route.url ? new URL(renderRouteTemplate(route.url, data)) : new URL(ds.url || 'http://invalid.');
    url.pathname = joinUrlFragments(url.pathname, rest);
    for (const param of route.urlParams ?? []) {
      values.push([renderRouteTemplate(param.name, data), renderRouteTemplate(param.content, data)]);
    }
    for (const header of route.headers ?? []) {
      headers[header.name.toLowerCase()] = renderRouteTemplate(header.content, data);
    }
  } else {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(ds.url) ? ds.url : `http://${ds.url}`);
    url.pathname = joinUrlFragments(url.pathname, proxyPath);
    if (ds.type === 'influxdb' && !ds.basicAuth) {
      const password = ds.secureJsonData.password ?? '';
      headers.authorization = `Basic ${Buffer.from(`${ds.user}:${password}`).toString('base64')}`;
    }
  }
  url.search = encodeQuery(values);
  return { url, headers };
}

// Hop-by-hop headers Go's ReverseProxy drops, and those Grafana's director clears.
const DROPPED_REQUEST_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'origin',
  'referer',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-grafana-user',
]);

function forwardedHeaders(incoming: IncomingHttpHeaders, clientAddress: string | undefined, version: string) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !DROPPED_REQUEST_HEADERS.has(name)) {
      headers[name] = value;
    }
  }
  const dsAuthorization = incoming['x-ds-authorization'];
  if (typeof dsAuthorization === 'string' && dsAuthorization !== '') {
    delete headers['x-ds-authorization'];
    headers.authorization = dsAuthorization;
  }
  if (clientAddress) {
    const previous = incoming['x-forwarded-for'];
    headers['x-forwarded-for'] = previous ? `${String(previous)}, ${clientAddress}` : clientAddress;
  }
  headers['user-agent'] = `Grafana/${version}`;
  return headers;
}

/**
 * Sends the request on and streams the answer back as Grafana's reverse proxy does: Set-Cookie removed,
 * `Content-Security-Policy: sandbox` added, a 401 from the datasource turned into 400 "Authentication to data
 * source failed", a store that cannot be reached answered with an empty 502, a timeout with 504.
 */
export function forward(req: IncomingMessage, res: ServerResponse, target: ProxyTarget, grafanaVersion: string): void {
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...forwardedHeaders(req.headers, req.socket.remoteAddress, grafanaVersion), ...target.headers };
  const outgoing = send(target.url, { method: req.method, headers, timeout: PROXY_TIMEOUT_MS }, (answer) => {
    const status = answer.statusCode ?? 502;
    if (status === 401) {
      answer.resume();
      const message = 'Authentication to data source failed';
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(message) });
      res.end(message);
      return;
    }
    const answerHeaders = { ...answer.headers };
    delete answerHeaders['set-cookie'];
    delete answerHeaders.connection;
    delete answerHeaders['transfer-encoding'];
    res.writeHead(status, { ...answerHeaders, 'content-security-policy': 'sandbox' });
    answer.pipe(res);
  });
  outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
  outgoing.on('error', (error) => {
    if (!res.headersSent) {
      res.writeHead(error.message === 'timeout' ? 504 : 502);
    }
    res.end();
  });
  req.pipe(outgoing);
}
