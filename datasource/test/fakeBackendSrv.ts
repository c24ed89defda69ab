/**
 * A stand-in for Grafana's backend service in unit tests: records every request the datasource makes and
 * answers it through a handler, as `fetch` observables that succeed with a text body or fail with Grafana's
 * FetchError shape (`status`, `statusText`, `data`).
 */
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { defer, Observable, of, throwError } from 'rxjs';

export interface RecordedRequest {
  options: BackendSrvRequest;
  /** The InfluxQL sent, from the `q` parameter or the form body. */
  statement: string;
  /** `it` or `ot`: the proxy route the request went to. */
  route: string;
}

export type Answer = Observable<FetchResponse<unknown>>;

function statementOf(options: BackendSrvRequest): string {
  const params: unknown = options.params;
  if (typeof params === 'object' && params !== null && 'q' in params && typeof params.q === 'string') {
    return params.q;
  }
  return typeof options.data === 'string' ? (new URLSearchParams(options.data).get('q') ?? '') : '';
}

function routeOf(url: string): string {
  const match = /\/(it|ot)\/query$/.exec(url);
  return match === null ? '' : match[1];
}

export function okText(body: string, options: BackendSrvRequest): FetchResponse<unknown> {
  return {
    data: body,
    status: 200,
    statusText: 'OK',
    ok: true,
    headers: new Headers(),
    redirected: false,
    type: 'basic',
    url: options.url,
    config: options,
  };
}

/** A 200 answer with a JSON body (written as text, as the datasource asks for it). */
export function ok(body: unknown): (options: BackendSrvRequest) => Answer {
  return (options) => of(okText(typeof body === 'string' ? body : JSON.stringify(body), options));
}

/** A failed exchange as Grafana's backend service reports it. */
export function httpError(
  status: number,
  statusText: string,
  body: unknown = ''
): (options: BackendSrvRequest) => Answer {
  return (options) => throwError((): FetchError => ({ status, statusText, data: body, config: options }));
}

export class FakeBackendSrv {
  readonly requests: RecordedRequest[] = [];
  /** Requests whose subscription ended before they answered. */
  cancelled = 0;

  constructor(public handler: (options: BackendSrvRequest, statement: string) => Answer) {}

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return defer(() => {
      const statement = statementOf(options);
      this.requests.push({ options, statement, route: routeOf(options.url) });
      let answered = false;
      return new Observable<FetchResponse<T>>((subscriber) => {
        const inner = this.handler(options, statement).subscribe({
          next: (value) => {
            answered = true;
            subscriber.next(value as FetchResponse<T>);
          },
          error: (error: unknown) => {
            answered = true;
            subscriber.error(error);
          },
          complete: () => subscriber.complete(),
        });
        return () => {
          if (!answered) {
            this.cancelled++;
          }
          inner.unsubscribe();
        };
      });
    });
  }

  /** Only what the datasource uses; the rest of BackendSrv is not part of its contract. */
  asBackendSrv(): BackendSrv {
    return this as unknown as BackendSrv;
  }
}
