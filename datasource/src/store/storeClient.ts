import { classifyInfluxQL } from '@conduit/core';
import { type BackendSrvRequest, getBackendSrv } from '@grafana/runtime';
import { catchError, map, type Observable, of, timeout } from 'rxjs';

import { describeStoreFailure } from './storeFailure';
import { type StoreSettings, storeLabel } from './storeSettings';

/** A store's answer as text (parsed by the caller), or a message naming the store and what went wrong. */
export type StoreReply = { ok: true; body: string } | { ok: false; error: string };

export interface StoreSendOptions {
  /**
   * Grafana's backend service cancels an in-flight request when another one with the same id starts
   * (backend_srv.ts: `inFlightRequests` and `handleStreamCancellation`), so a panel that re-runs its query drops
   * the answer it no longer needs.
   */
  requestId?: string;
}

/**
 * Sends InfluxQL to one store through the datasource's proxy route (`<instance url>/it/query` or `/ot/query`,
 * routes in plugin.json), as InfluxDB 1.x's `/query` takes it: `q` and `epoch=ms` in the URL for GET, or as a
 * form body for POST. The route adds the database, the retention policy and the credentials on the server.
 *
 * Only reads leave the browser: every statement goes through `classifyInfluxQL` first, and one that is not
 * SELECT or SHOW is refused here, before anything is sent.
 */
export class StoreClient {
  constructor(
    readonly settings: StoreSettings,
    private readonly proxyUrl: string
  ) {}

  get label(): string {
    return storeLabel(this.settings);
  }

  /** One reply, then completes; never errors. Unsubscribing cancels the request. */
  send(statement: string, options: StoreSendOptions = {}): Observable<StoreReply> {
    const { settings } = this;
    if (!settings.configured) {
      return of({ ok: false, error: `${settings.title}: no URL is configured; set it in the datasource settings` });
    }
    const verdict = classifyInfluxQL(statement);
    if (!verdict.readOnly) {
      return of({
        ok: false,
        error: `Refused before sending to the ${settings.title}: ${verdict.reason}. Conduit only reads (SELECT and SHOW).`,
      });
    }
    return getBackendSrv()
      .fetch<unknown>(this.request(statement, options))
      .pipe(
        timeout({ first: settings.timeoutMs }),
        map((response): StoreReply => ({ ok: true, body: bodyText(response.data) })),
        catchError((error: unknown) =>
          of<StoreReply>({ ok: false, error: `${this.label}: ${describeStoreFailure(error, settings.timeoutMs)}` })
        )
      );
  }

  private request(statement: string, options: StoreSendOptions): BackendSrvRequest {
    const url = `${this.proxyUrl}/${this.settings.kind}/query`;
    const common = {
      url,
      responseType: 'text' as const,
      showErrorAlert: false,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    };
    if (this.settings.httpMethod === 'POST') {
      return {
        ...common,
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        data: new URLSearchParams({ q: statement, epoch: 'ms' }).toString(),
      };
    }
    return { ...common, method: 'GET', params: { q: statement, epoch: 'ms' } };
  }
}

/** The body as text; a backend service that parsed it anyway (older Grafana, tests) gets it serialised back. */
function bodyText(data: unknown): string {
  if (typeof data === 'string') {
    return data;
  }
  try {
    return JSON.stringify(data) ?? '';
  } catch {
    return '';
  }
}
