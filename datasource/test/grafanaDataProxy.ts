/**
 * Grafana's data proxy and backend service, as far as the datasource relies on them, for tests that run the
 * datasource in Node against real InfluxDB stores. Routes are matched and applied by the test host's model of
 * Grafana's data proxy (test/host/server/dataProxy.ts: `matchRoute`, `proxyTarget`), so Jest and the browser tests
 * judge plugin.json by one reading of Grafana's source:
 *
 * - a request no route takes goes to the datasource's own URL, which the Conduit datasource does not have, so it
 *   fails as an unreachable store does (502); a route whose `reqRole` the user lacks answers 403;
 * - failures (proxyutil's error handler): a store that cannot be reached gives 502 Bad Gateway with an empty body,
 *   one that does not answer within the proxy's timeout 504 Gateway Timeout;
 * - the backend service (public/app/core/services/backend_srv.ts): a new request with the `requestId` of one in
 *   flight cancels the old one, which fails with `{ cancelled: true, status: -1 }`; unsubscribing aborts the
 *   request; a non-2xx answer fails with `{ status, statusText, data }`; with `responseType: 'text'` the body is
 *   left as text, otherwise parsed as JSON when it is JSON (app/core/utils/fetch.ts `parseResponseBody`).
 */
import { request as httpRequest } from 'node:http';

import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { filter, Observable, Subject, takeUntil, throwIfEmpty } from 'rxjs';

import { matchRoute, type PluginRoute, proxyTarget } from '../../test/host/server/dataProxy';
import type { Role } from '../../test/host/server/users';

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
  routes: readonly PluginRoute[];
  /** Who is signed in to Grafana; a Viewer unless given. */
  role?: Role;
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
    const { proxyUrl, routes, role = 'Viewer', jsonData, secureJsonData = {}, timeoutMs = 30_000 } = this.options;
    const refuse = (status: number, statusText: string, body: string): Exchange => ({
      answer: Promise.resolve({ status, statusText, body }),
      cancel: () => undefined,
    });
    if (!request.url.startsWith(`${proxyUrl}/`)) {
      return refuse(404, 'Not Found', '{"message":"Not found"}');
    }
    const method = request.method ?? 'GET';
    const proxyPath = request.url.slice(proxyUrl.length + 1);
    const matched = matchRoute(routes, proxyPath, method, role);
    if (matched === undefined) {
      return refuse(502, 'Bad Gateway', '');
    }
    if ('denied' in matched) {
      return refuse(403, 'Forbidden', JSON.stringify({ message: matched.denied }));
    }
    const target = proxyTarget(
      { type: 'conduit-telemetry-datasource', url: '', user: '', basicAuth: false, jsonData, secureJsonData },
      matched.route,
      proxyPath,
      serialiseParams(request.params)
    );
    const url = target.url.toString();
    const body = typeof request.data === 'string' ? request.data : '';
    const headers: Record<string, string> = {
      ...(request.headers as Record<string, string> | undefined),
      ...target.headers,
    };
    const statement = target.url.searchParams.get('q') ?? new URLSearchParams(body).get('q') ?? '';
    this.requests.push({ route: matched.route.path, method, url, headers, body, statement });
    return send(url, method, headers, body, timeoutMs);
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
