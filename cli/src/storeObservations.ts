/**
 * Observations from the IT and OT stores: the observation queries sent to every store that holds their
 * measurement, the answers read back into observations. Only aggregates cross the network.
 */
import { type Observations, observationQueries, observationsFromInfluxResults, type StoreKind } from '@conduit/core';

import { errorMessage } from './commandIo';
import type { InfluxStatementResult, InfluxStore } from './influxStore';

export interface StoreObservationOptions {
  from: number;
  to: number;
  bucketMs: number;
}

export type StoreObservations = { observations: Observations; problems: string[] } | { error: string };

export async function observationsFromStores(
  stores: Partial<Record<StoreKind, InfluxStore>>,
  options: StoreObservationOptions
): Promise<StoreObservations> {
  const planned = observationQueries(options);
  if ('error' in planned) {
    return { error: planned.error };
  }
  for (const store of Object.values(stores)) {
    try {
      await store.check();
    } catch (error) {
      return { error: errorMessage(error) };
    }
  }
  const answers: Array<{ results: InfluxStatementResult[] }> = [];
  for (const query of planned.queries) {
    for (const kind of query.stores) {
      const store = stores[kind];
      if (store === undefined) {
        continue;
      }
      try {
        answers.push({ results: await store.query(query.influxql) });
      } catch (error) {
        return { error: errorMessage(error) };
      }
    }
  }
  return observationsFromInfluxResults(answers, options);
}
