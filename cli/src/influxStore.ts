/**
 * A telemetry store over InfluxDB 1.x's HTTP API: `POST /write` with line protocol and `POST /query` with
 * InfluxQL. Every failure names the store's URL, so a user with two stores knows which one is down.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { shownUrl } from '@conduit/core';

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxStatementResult {
  statement_id?: number;
  error?: string;
  series?: InfluxSeries[];
}

export interface InfluxStore {
  readonly url: string;
  readonly database: string;
  /** Writes line protocol (nanosecond timestamps). */
  write(lines: string): Promise<void>;
  /** Runs InfluxQL (several statements separated by `;` allowed) with millisecond epoch times. */
  query(influxql: string): Promise<InfluxStatementResult[]>;
  /** Proves the store answers and holds the database, before any work is done. */
  check(): Promise<void>;
}

/** A store failure: `label` names the store ("IT store at http://..."); `status` is the HTTP status it answered, if any. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message);
  }
}

/**
 * How long a request may wait for the store's answer. InfluxDB 1.x sends nothing until a query is done, and the
 * analyzer's first pass reads a whole learning window of aggregates, which a busy store takes minutes to sum.
 */
export const DEFAULT_STORE_TIMEOUT_MS = 120_000;

export function createInfluxStore(
  label: string,
  url: string,
  database: string,
  timeoutMs = DEFAULT_STORE_TIMEOUT_MS
): InfluxStore {
  const base = url.replace(/\/+$/, '');
  const name = `${label} at ${shownUrl(base)}`;

  function send(path: string, body: string, contentType: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      let target: URL;
      try {
        target = new URL(base + path);
      } catch {
        reject(new StoreError(`${name}: not a URL`));
        return;
      }
      const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(
        target,
        {
          method: 'POST',
          timeout: timeoutMs,
          headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', (error) => reject(new StoreError(`${name}: ${error.message}`)));
        }
      );
      let timedOut = false;
      req.on('timeout', () => {
        timedOut = true;
        req.destroy();
      });
      req.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          new StoreError(
            timedOut
              ? `the ${name} gave no answer within ${timeoutMs / 1000} s`
              : `cannot reach the ${name}: ${error.code ?? error.message}`
          )
        )
      );
      req.end(body);
    });
  }

  function failure(status: number, text: string): string {
    let detail = text.trim();
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      if (typeof parsed.error === 'string') {
        detail = parsed.error;
      }
    } catch {
      // not JSON: the text itself is the detail
    }
    return `the ${name} answered ${status}${detail === '' ? '' : `: ${detail}`}`;
  }

  return {
    url: base,
    database,
    async write(lines) {
      const params = new URLSearchParams({ db: database, precision: 'ns' });
      const answer = await send(`/write?${params}`, lines, 'text/plain');
      if (answer.status !== 204) {
        throw new StoreError(failure(answer.status, answer.text), answer.status);
      }
    },
    async query(influxql) {
      // POST with a form body: observation queries are long, and InfluxDB 1.x runs SELECTs posted too.
      const params = new URLSearchParams({ db: database, q: influxql, epoch: 'ms' });
      const answer = await send('/query', params.toString(), 'application/x-www-form-urlencoded');
      if (answer.status !== 200) {
        throw new StoreError(failure(answer.status, answer.text), answer.status);
      }
      let parsed: { results?: InfluxStatementResult[]; error?: string };
      try {
        parsed = JSON.parse(answer.text) as typeof parsed;
      } catch {
        throw new StoreError(`the ${name} answered something that is not JSON`);
      }
      if (typeof parsed.error === 'string') {
        throw new StoreError(`the ${name} refused the query: ${parsed.error}`);
      }
      const failed = parsed.results?.find((result) => typeof result.error === 'string');
      if (failed !== undefined) {
        throw new StoreError(`the ${name} refused the query: ${failed.error}`);
      }
      return parsed.results ?? [];
    },
    async check() {
      const results = await this.query('SHOW DATABASES');
      const names = (results[0]?.series?.[0]?.values ?? []).map((row) => row[0]);
      if (!names.includes(database)) {
        throw new StoreError(`the ${name} has no database "${database}"`);
      }
    },
  };
}
