/**
 * Grafana's data proxy and backend service, as far as the datasource relies on them, for tests that run the
 * datasource in Node against real InfluxDB stores. Modelled on Grafana's source:
 *
 * - Routes (pkg/api/pluginproxy/ds_proxy.go `validateRequest`): the first route whose `path` prefixes the proxied
 *   path wins; none gives 404 `{"message":"plugin route match not found"}`.
 * - Templates (pkg/api/pluginproxy/utils.go `interpolateString`): Go text/template over `{ JsonData, SecureJsonData }`
 *   in the route's `url`, `headers[].content` and `urlParams[].content`. JsonData is a map of any, so a missing key
 *   prints `<no value>`; SecureJsonData is a map of strings, so a missing key prints nothing. This model reads the
 *   subset plugin.json uses: `{{ .X.y }}` and `{{ if .X.y }}...{{ else }}...{{ end }}`.
 * - Query parameters of the route are added to the request's (`q.Add`), headers set (`Header.Set`).
 * - Failures (proxyutil's error handler): a store that cannot be reached gives 502 Bad Gateway with an empty body,
 *   one that does not answer within the proxy's timeout 504 Gateway Timeout.
 * - The backend service (public/app/core/services/backend_srv.ts): a new request with the `requestId` of one in
 *   flight cancels the old one, which fails with `{ cancelled: true, status: -1 }`; unsubscribing aborts the
 *   request; a non-2xx answer fails with `{ status, statusText, data }`; with `responseType: 'text'` the body is
 *   left as text, otherwise parsed as JSON when it is JSON (app/core/utils/fetch.ts `parseResponseBody`).
 */
import { request as httpRequest } from 'node:http';

import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { filter, Observable, Subject, takeUntil, throwIfEmpty } from 'rxjs';

export interface ProxyRoute {
  path: string;
  url: string;
  urlParams?: Array<{ name: string; content: string }>;
  headers?: Array<{ name: string; content: string }>;
}

export interface TemplateData {
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
}

/** What one proxied request became: the URL and headers the store saw. */
export interface ProxiedRequest {
  route: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The statement sent, from `q` in the URL or the form body. */
  statement: string;
}

function lookup(path: string, data: TemplateData): { found: boolean; value: unknown } {
  const match = /^\.(JsonData|SecureJsonData)\.([A-Za-z0-9_]+)$/.exec(path.trim());
  if (match === null) {
    throw new Error(`template field ${path} is not modelled`);
  }
  const map: Record<string, unknown> = match[1] === 'JsonData' ? data.JsonData : data.SecureJsonData;
  return { found: Object.prototype.hasOwnProperty.call(map, match[2]), value: map[match[2]] };
}

function printed(path: string, data: TemplateData): string {
  const { found, value } = lookup(path, data);
  if (!found || value === undefined || value === null) {
    return path.includes('SecureJsonData') ? '' : '<no value>';
  }
  return String(value);
}

function truthy(path: string, data: TemplateData): boolean {
  const { value } = lookup(path, data);
  return !(value === undefined || value === null || value === '' || value === false || value === 0);
}

/** Renders the template subset plugin.json uses, with Go's truthiness (empty, zero, missing are false). */
export function renderTemplate(template: string, data: TemplateData): string {
  const tokens = template.split(/(\{\{.*?\}\})/).filter((t) => t !== '');
  let out = '';
  // A stack of "is this branch printed" flags for nested ifs.
  const stack: Array<{ printing: boolean; taken: boolean }> = [];
  const printing = () => stack.every((frame) => frame.printing);
  for (const token of tokens) {
    const action = /^\{\{-?\s*(.*?)\s*-?\}\}$/.exec(token)?.[1];
    if (action === undefined) {
      out += printing() ? token : '';
      continue;
    }
    if (action.startsWith('if ')) {
      const condition = truthy(action.slice(3), data);
      stack.push({ printing: condition, taken: condition });
    } else if (action === 'else') {
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        throw new Error(`{{ else }} without {{ if }} in ${template}`);
      }
      frame.printing = !frame.taken;
    } else if (action === 'end') {
      if (stack.pop() === undefined) {
        throw new Error(`{{ end }} without {{ if }} in ${template}`);
      }
    } else if (printing()) {
      out += printed(action, data);
    }
  }
  if (stack.length > 0) {
    throw new Error(`{{ if }} without {{ end }} in ${template}`);
  }
  return out;
}

function cleanPath(path: string): string {
  return path.replace(/^\/+/, '');
}

/** The request a route makes of a proxied path and query, as Grafana's data proxy applies it. */
export function applyRoute(
  routes: readonly ProxyRoute[],
  proxyPath: string,
  query: URLSearchParams,
  data: TemplateData
): { route: ProxyRoute; url: string; headers: Record<string, string> } | undefined {
  const path = cleanPath(proxyPath);
  const route = routes.find((r) => path.startsWith(cleanPath(r.path)));
  if (route === undefined) {
    return undefined;
  }
  const base = new URL(renderTemplate(route.url, data));
  const rest = path.slice(cleanPath(route.path).length);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/${cleanPath(rest)}`.replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(query);
  for (const param of route.urlParams ?? []) {
    params.append(renderTemplate(param.name, data), renderTemplate(param.content, data));
  }
  base.search = params.toString();
  const headers: Record<string, string> = {};
  for (const header of route.headers ?? []) {
    headers[header.name] = renderTemplate(header.content, data);
  }
  return { route, url: base.toString(), headers };
}

interface RawAnswer {
  status: number;
  statusText: string;
  body: string;
}

interface Exchange {
  answer: Promise<RawAnswer>;
  cancel(): void;
}

/**
 * One HTTP exchange with the store; it fails as a proxy would answer when the store cannot be reached (502) or
 * does not answer within `timeoutMs` (504). Node's own http client, so the model runs under any test environment.
 */
function send(url: string, method: string, headers: Record<string, string>, body: string, timeoutMs: number): Exchange {
  let cancel = (): void => undefined;
  const answer = new Promise<RawAnswer>((resolve) => {
    const req = httpRequest(
      url,
      { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: text });
        });
      }
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ status: 504, statusText: 'Gateway Timeout', body: '' });
    }, timeoutMs);
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ status: 502, statusText: 'Bad Gateway', body: '' });
    });
    cancel = () => {
      clearTimeout(timer);
      req.destroy();
    };
    req.end(body);
  });
  return { answer, cancel };
}

function serialiseParams(params: BackendSrvRequest['params']): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    // As Grafana's parseUrlFromOptions: undefined and empty values are left out.
    if (value !== undefined && !(typeof value === 'string' && value.length === 0)) {
      query.append(key, String(value));
    }
  }
  return query;
}

export interface DataProxyOptions {
  /** The datasource's instance URL, `/api/datasources/proxy/uid/<uid>`. */
  proxyUrl: string;
  routes: readonly ProxyRoute[];
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
  /** Grafana's `[dataproxy] timeout`, 30 s by default. */
  timeoutMs?: number;
}

const CANCELLED_STATUS = -1;

export class GrafanaDataProxy {
  readonly requests: ProxiedRequest[] = [];
  /** Requests abandoned before the store answered (unsubscribed or replaced by one with the same requestId). */
  cancelled = 0;
  private readonly inFlight = new Subject<string>();

  constructor(private readonly options: DataProxyOptions) {}

  fetch<T>(request: BackendSrvRequest): Observable<FetchResponse<T>> {
    if (request.requestId !== undefined) {
      this.inFlight.next(request.requestId);
    }
    const answer = new Observable<FetchResponse<T>>((subscriber) => {
      const exchange = this.exchange(request);
      let done = false;
      exchange.answer.then((raw) => {
        done = true;
        const data = request.responseType === 'text' ? raw.body : parseBody(raw.body);
        if (raw.status >= 200 && raw.status < 300) {
          subscriber.next(fetchResponse<T>(request, raw, data as T));
          subscriber.complete();
        } else {
          const error: FetchError = { status: raw.status, statusText: raw.statusText, data, config: request };
          subscriber.error(error);
        }
      });
      return () => {
        if (!done) {
          this.cancelled++;
          exchange.cancel();
        }
      };
    });
    const id = request.requestId;
    if (id === undefined) {
      return answer;
    }
    return answer.pipe(
      takeUntil(this.inFlight.pipe(filter((other) => other === id))),
      throwIfEmpty((): FetchError => ({
        cancelled: true,
        status: CANCELLED_STATUS,
        statusText: 'Request was aborted',
        data: null,
        config: request,
      }))
    );
  }

  asBackendSrv(): BackendSrv {
    return this as unknown as BackendSrv;
  }

  private exchange(request: BackendSrvRequest): Exchange {
    const { proxyUrl, routes, jsonData, secureJsonData = {}, timeoutMs = 30_000 } = this.options;
    const refuse = (status: number, statusText: string, body: string): Exchange => ({
      answer: Promise.resolve({ status, statusText, body }),
      cancel: () => undefined,
    });
    if (!request.url.startsWith(`${proxyUrl}/`)) {
      return refuse(404, 'Not Found', '{"message":"Not found"}');
    }
    const applied = applyRoute(routes, request.url.slice(proxyUrl.length + 1), serialiseParams(request.params), {
      JsonData: jsonData,
      SecureJsonData: secureJsonData,
    });
    if (applied === undefined) {
      return refuse(404, 'Not Found', '{"message":"plugin route match not found"}');
    }
    const method = request.method ?? 'GET';
    const body = typeof request.data === 'string' ? request.data : '';
    const headers: Record<string, string> = {
      ...(request.headers as Record<string, string> | undefined),
      ...applied.headers,
    };
    const statement = new URL(applied.url).searchParams.get('q') ?? new URLSearchParams(body).get('q') ?? '';
    this.requests.push({ route: applied.route.path, method, url: applied.url, headers, body, statement });
    return send(applied.url, method, headers, body, timeoutMs);
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function fetchResponse<T>(request: BackendSrvRequest, raw: RawAnswer, data: T): FetchResponse<T> {
  return {
    data,
    status: raw.status,
    statusText: raw.statusText,
    ok: true,
    // The datasource reads no header; Headers is not there under every test environment.
    headers: {} as Headers,
    redirected: false,
    type: 'basic',
    url: request.url,
    config: request,
  };
}
