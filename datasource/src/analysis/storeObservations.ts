/**
 * Observations of a time range from the IT and the OT store: the core's observation queries, sent to each
 * store that holds the measurement, through one shared fetch per store and statement so that every analysis
 * query of a dashboard refresh reuses the same answers. A store that fails leaves its part out and is named in
 * `storeErrors`; what the other store answered still counts.
 */
import {
  type ObservedMeasurement,
  type Observations,
  observationQueries,
  observationsFromInfluxResults,
  type StoreKind,
} from '@conduit/core';
import { from as fromList, map, merge, mergeMap, type Observable, of, toArray } from 'rxjs';

import type { StoreClient, StoreReply } from '../store/storeClient';
import { readInfluxAnswer } from './influxAnswer';
import { ShareCache } from './shareCache';

export interface StoreObservations {
  observations: Observations;
  /** One message per store that failed, naming it. */
  storeErrors: string[];
  failedStores: StoreKind[];
  /** Parts of answers that could not be read in full. */
  problems: string[];
  /** Statements sent, per store, for the query inspector. */
  statements: string[];
  /** Where parts of the read came from when not all from the telemetry (the analyzer's rollup), for the inspector. */
  sources?: string[];
}

export interface ObservationRequest {
  from: number;
  to: number;
  bucketMs: number;
  /** Where the buckets start (observationQueries' `bucketOffsetMs`); on the epoch's grid when omitted. */
  bucketOffsetMs?: number;
  /** Only these measurements (the inventory needs the assets alone); all when omitted. */
  measurements?: readonly ObservedMeasurement[];
  /** Only the latest record of each asset series (observationQueries' `latestAssets`). */
  latestAssets?: boolean;
}

const FETCH_TTL_MS = 5000;
const FETCH_MAX_ENTRIES = 200;
/** Statements in flight per store. */
const STORE_CONCURRENCY = 2;

export class ObservationSource {
  private readonly fetches: ShareCache<StoreReply>;

  constructor(
    private readonly clients: Readonly<Record<StoreKind, StoreClient>>,
    now?: () => number
  ) {
    this.fetches = new ShareCache<StoreReply>({ ttlMs: FETCH_TTL_MS, maxEntries: FETCH_MAX_ENTRIES, now });
  }

  /** The reply of one statement, shared with everyone asking the same store the same statement meanwhile. */
  reply(store: StoreKind, statement: string): Observable<StoreReply> {
    const client = this.clients[store];
    return this.fetches.get(`${store}\n${statement}`, () => client.send(statement));
  }

  observe(request: ObservationRequest): Observable<StoreObservations> {
    const { from, to, bucketMs } = request;
    const built = observationQueries({
      from,
      to,
      bucketMs,
      bucketOffsetMs: request.bucketOffsetMs,
      latestAssets: request.latestAssets === true,
    });
    if ('error' in built) {
      return of(emptyResult(from, to, [built.error]));
    }
    const wanted = request.measurements;
    const jobs = built.queries
      .filter((query) => wanted === undefined || wanted.includes(query.measurement))
      .flatMap((query) =>
        query.stores
          .filter((store) => this.clients[store].settings.configured)
          .map((store) => ({ store, statement: query.influxql }))
      );
    if (jobs.length === 0) {
      return of(emptyResult(from, to, ['neither store has a URL: set the IT store, the OT store or both']));
    }
    // Each store answers a few statements at a time, not all at once: they are its heaviest aggregations.
    // The shared replies are looked up now, when the panel asks, so that a query that gets to a statement later
    // (behind the concurrency limit) still finds the reply another panel fetched meanwhile.
    const indexed = jobs.map((job, index) => ({ job, index, reply$: this.reply(job.store, job.statement) }));
    const perStore = (['it', 'ot'] as const).map((store) =>
      fromList(indexed.filter(({ job }) => job.store === store)).pipe(
        mergeMap(({ index, reply$ }) => reply$.pipe(map((reply) => ({ reply, index }))), STORE_CONCURRENCY)
      )
    );
    const replies$ = merge(...perStore).pipe(
      toArray(),
      map((answered) => {
        const replies = new Array<StoreReply>(jobs.length);
        for (const { reply, index } of answered) {
          replies[index] = reply;
        }
        return replies;
      })
    );
    return replies$.pipe(
      map((replies) => {
        const answers: unknown[] = [];
        const errorByStore = new Map<StoreKind, string>();
        replies.forEach((reply, i) => {
          const { store } = jobs[i];
          const answer = reply.ok ? readInfluxAnswer(reply.body) : { ok: false as const, error: reply.error };
          if (answer.ok) {
            answers.push(answer.value);
          } else if (!errorByStore.has(store)) {
            errorByStore.set(store, reply.ok ? `${this.clients[store].label}: ${answer.error}` : answer.error);
          }
        });
        const read = observationsFromInfluxResults(answers, { from, to, bucketMs });
        return {
          observations: read.observations,
          storeErrors: [...errorByStore.values()],
          failedStores: [...errorByStore.keys()],
          problems: read.problems,
          statements: jobs.map((job) => `${job.store}: ${job.statement}`),
        };
      })
    );
  }
}

function emptyResult(from: number, to: number, storeErrors: string[]): StoreObservations {
  return {
    observations: observationsFromInfluxResults([], { from, to, bucketMs: 60_000 }).observations,
    storeErrors,
    failedStores: [],
    problems: [],
    statements: [],
  };
}
