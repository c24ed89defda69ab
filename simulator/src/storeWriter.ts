/**
 * Writes telemetry to one InfluxDB 1.x store through the `influx` client, with a schema built from the
 * telemetry contract (so integer fields get their `i` and nothing outside the contract is sent), in
 * batches of nanosecond points, several batches in flight so the store parses while the next is built.
 */
import { MEASUREMENTS, shownUrl, type FieldType, type StoreKind, type TelemetryPoint } from '@conduit/core';
import { FieldType as InfluxFieldType, InfluxDB, type IPoint, type ISchemaOptions } from 'influx';

export interface StoreTarget {
  kind: StoreKind;
  url: string;
  database: string;
}

export interface StoreWriterOptions {
  /** Batches in flight at once. */
  concurrency: number;
  /** An HTTP request that takes longer fails. */
  requestTimeoutMs: number;
}

/** A store that cannot be reached or refused what was sent; the message names the store and its URL. */
export class StoreError extends Error {
  constructor(
    readonly target: StoreTarget,
    cause: string
  ) {
    super(`${target.kind.toUpperCase()} store at ${shownUrl(target.url)} (database ${target.database}): ${cause}`);
    this.name = 'StoreError';
  }
}

const FIELD_TYPES: Record<FieldType, InfluxFieldType> = {
  float: InfluxFieldType.FLOAT,
  integer: InfluxFieldType.INTEGER,
  string: InfluxFieldType.STRING,
  boolean: InfluxFieldType.BOOLEAN,
};

/** The influx client's schema for a database: every measurement of the contract, typed. */
export function contractSchema(database: string): ISchemaOptions[] {
  return MEASUREMENTS.map((m) => ({
    database,
    measurement: m.name,
    tags: [...m.tags],
    fields: Object.fromEntries(Object.entries(m.fields).map(([name, type]) => [name, FIELD_TYPES[type]])),
  }));
}

/** Why a store URL cannot be used, or undefined when it can. */
export function storeUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL (expected e.g. http://localhost:8086)`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `"${url}" must start with http:// or https://`;
  }
  return undefined;
}

function clientFor(target: StoreTarget, options: StoreWriterOptions): InfluxDB {
  const url = new URL(target.url);
  const https = url.protocol === 'https:';
  return new InfluxDB({
    hosts: [
      {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
        protocol: https ? 'https' : 'http',
        path: url.pathname === '/' ? '' : url.pathname.replace(/\/$/, ''),
      },
    ],
    database: target.database,
    username: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    schema: contractSchema(target.database),
    // A failed request is reported, never silently retried: backfill stops, live mode counts it.
    pool: { maxRetries: 0, requestTimeout: options.requestTimeoutMs },
  });
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: string }).code;
    return code !== undefined && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

function toInfluxPoint(point: TelemetryPoint): IPoint {
  return {
    measurement: point.measurement,
    tags: point.tags,
    fields: point.fields,
    timestamp: point.timestampNs.toString(),
  };
}

export class StoreWriter {
  private readonly client: InfluxDB;
  private readonly inFlight = new Set<Promise<void>>();
  private firstError: StoreError | undefined;
  private pointsWritten = 0;
  private pointsFailed = 0;
  private lastFailure: string | undefined;

  constructor(
    readonly target: StoreTarget,
    private readonly options: StoreWriterOptions
  ) {
    this.client = clientFor(target, options);
  }

  get written(): number {
    return this.pointsWritten;
  }

  get failed(): number {
    return this.pointsFailed;
  }

  /** The reason of the latest failed request, if any. */
  get lastError(): string | undefined {
    return this.lastFailure;
  }

  /** The first failure, which stops a backfill. */
  get error(): StoreError | undefined {
    return this.firstError;
  }

  /**
   * Creates the database (a no-op when it exists); rejects with a StoreError when the store is unreachable. A
   * user with WRITE only (as a site gives the simulator) may not create databases: InfluxDB then answers "not
   * authorized", the database is the admin's to create, and the first write says so if it is missing.
   */
  async ensureDatabase(): Promise<void> {
    try {
      await this.client.createDatabase(this.target.database);
    } catch (error) {
      if (/not authorized to execute statement/.test(reason(error))) {
        return;
      }
      throw new StoreError(this.target, `cannot create the database: ${reason(error)}`);
    }
  }

  /** Sends a batch; resolves once fewer than `concurrency` batches are in flight. Never rejects. */
  async write(points: TelemetryPoint[]): Promise<void> {
    if (points.length === 0) {
      return;
    }
    this.send(points);
    while (this.inFlight.size >= this.options.concurrency) {
      await Promise.race(this.inFlight);
    }
  }

  /**
   * Sends a batch without waiting, unless `maxPending` batches are already in flight: then the batch is
   * dropped and counted as failed, so a hung store cannot make a live run fall behind or grow memory.
   */
  offer(points: TelemetryPoint[], maxPending: number): void {
    if (points.length === 0) {
      return;
    }
    if (this.inFlight.size >= maxPending) {
      this.pointsFailed += points.length;
      this.lastFailure = `${maxPending} requests still unanswered (timeout ${this.options.requestTimeoutMs} ms)`;
      return;
    }
    this.send(points);
  }

  private send(points: TelemetryPoint[]): void {
    const request: Promise<void> = this.client
      .writePoints(points.map(toInfluxPoint), { precision: 'n', database: this.target.database })
      .then(
        () => {
          this.pointsWritten += points.length;
        },
        (error: unknown) => {
          this.pointsFailed += points.length;
          const why = reason(error);
          // After a failure the client rests the host and only says "No host available": keep the cause.
          if (this.lastFailure === undefined || !why.includes('No host available')) {
            this.lastFailure = why;
          }
          this.firstError ??= new StoreError(this.target, `write failed: ${this.lastFailure}`);
        }
      )
      .finally(() => {
        this.inFlight.delete(request);
      });
    this.inFlight.add(request);
  }

  /** Batches in flight now. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Waits for every batch in flight. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.race(this.inFlight);
    }
  }
}
