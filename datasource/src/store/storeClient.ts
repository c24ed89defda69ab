import { classifyInfluxQL } from '@conduit/core';
import { type BackendSrvRequest, getBackendSrv } from '@grafana/runtime';
import { catchError, map, type Observable, of, timeout } from 'rxjs';

import { describeStoreFailure } from './storeFailure';
import { type StoreSettings, storeLabel } from './storeSettings';

/**
 * A statement that needs the WRITE privilege on the database and changes nothing: the regex `/a^/` matches no
 * measurement name (nothing can follow the start of the text).
 */
export const WRITE_PRIVILEGE_PROBE = 'DELETE FROM /a^/';

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
 * routes in plugin.json), as InfluxDB 1.x's `/query` takes it: `q`, `epoch=ms`, `db` and (when one is set) `rp` in
 * the URL for GET, or as a form body for POST. The route adds the credentials on the server, in the Authorization
 * header.
 *
 * Only reads leave the browser: every statement goes through `classifyInfluxQL` first, and one that is not
 * SELECT or SHOW is refused here, before anything is sent. This is a courtesy, not the boundary: a request made to
 * the proxy directly skips it, so the store's own user rights (READ only, docs/datasource.md) are what refuse a write.
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
    return this.exchange(statement, options);
  }

  /**
   * Asks the store whether the configured user may write, without writing: `WRITE_PRIVILEGE_PROBE` deletes from
   * no measurement, and InfluxDB checks the statement's privileges before it runs it. The one statement other
   * than SELECT and SHOW the datasource ever sends; the health check uses it.
   */
  probeWritePrivilege(): Observable<StoreReply> {
    if (!this.settings.configured) {
      return of({ ok: false, error: `${this.settings.title}: no URL is configured` });
    }
    return this.exchange(WRITE_PRIVILEGE_PROBE, {});
  }

  private exchange(statement: string, options: StoreSendOptions): Observable<StoreReply> {
    const { settings } = this;
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
    const { database, retentionPolicy } = this.settings;
    // Nothing empty is sent: InfluxDB reads an empty `rp` as the default anyway, and a missing `db` says more.
    const params: Record<string, string> = {
      q: statement,
      epoch: 'ms',
      ...(database === '' ? {} : { db: database }),
      ...(retentionPolicy === '' ? {} : { rp: retentionPolicy }),
    };
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
        data: new URLSearchParams(params).toString(),
      };
    }
    return { ...common, method: 'GET', params };
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
