/**
 * Observations regrouped by series (every tag equal, buckets in time order), shared by the detectors:
 * most judgements (is this path allowed, was it seen in the baseline) depend on the series, not the
 * bucket, so each series is judged once. Built once per observations and remembered, because several
 * detectors ask for the same grouping of the same arrays; the aggregation, which groups records as it makes
 * them, hands its grouping over instead (see `adoptSeries`).
 */
import { descend, type TrieNode, trieNode } from './aggregation/seriesTrie';
import type { FlowAggregate, Observations, OtOperationAggregate, ProcessPointStat } from './observations';

export interface Series<T> {
  /** The first record; the series' tags are its tags. */
  first: T;
  /** Every record of the series, in time order. */
  items: T[];
}

export interface PointSeries extends Series<ProcessPointStat> {
  key: string;
  asset: string;
  zone: string;
  point: string;
  kind: string;
  unit: string;
  /** Same as items. */
  stats: ProcessPointStat[];
}

/** What was built from one list of records, and how long the list was then. */
export interface Remembered<V> {
  length: number;
  value: V;
}

const flowMemory = new WeakMap<readonly FlowAggregate[], Remembered<Array<Series<FlowAggregate>>>>();
const otMemory = new WeakMap<readonly OtOperationAggregate[], Remembered<Array<Series<OtOperationAggregate>>>>();
const pointMemory = new WeakMap<readonly ProcessPointStat[], Remembered<PointSeries[]>>();

/** What `build` makes of `records`, built once per list (again if the list has grown or shrunk since). */
export function remembered<T, V>(
  memory: WeakMap<readonly T[], Remembered<V>>,
  records: readonly T[],
  build: (records: readonly T[]) => V
): V {
  const known = memory.get(records);
  if (known !== undefined && known.length === records.length) {
    return known.value;
  }
  const value = build(records);
  memory.set(records, { length: records.length, value });
  return value;
}

/**
 * Groups records into series: a trie on the first tag values (the addresses, where series differ most)
 * leads to a few siblings, told apart by comparing the other tags with `same`. Two map levels and a short
 * scan cost far less than a map level per tag.
 */
function group<T extends { bucketStart: number }, S extends Series<T>>(
  records: readonly T[],
  path: (root: TrieNode<S[]>, record: T) => TrieNode<S[]>,
  same: (a: T, b: T) => boolean,
  make: (record: T) => S
): S[] {
  const root = trieNode<S[]>();
  const all: S[] = [];
  const unordered = new Set<S>();
  for (const record of records) {
    const node = path(root, record);
    let siblings = node.leaf;
    if (siblings === undefined) {
      siblings = [];
      node.leaf = siblings;
    }
    let series: S | undefined;
    for (let i = 0; i < siblings.length; i++) {
      if (same(siblings[i].first, record)) {
        series = siblings[i];
        break;
      }
    }
    if (series === undefined) {
      series = make(record);
      siblings.push(series);
      all.push(series);
    } else {
      const items = series.items;
      if (items[items.length - 1].bucketStart > record.bucketStart) {
        unordered.add(series);
      }
      items.push(record);
    }
  }
  for (const series of unordered) {
    series.items.sort((a, b) => a.bucketStart - b.bucketStart);
  }
  return all;
}

/** A flow or OT series of records in time order. */
function seriesOfRecords<T>(items: T[]): Series<T> {
  return { first: items[0], items };
}

/** A process point's series of statistics in time order. */
function pointSeriesOfStats(items: ProcessPointStat[]): PointSeries {
  const s = items[0];
  return {
    first: s,
    items,
    stats: items,
    key: `${s.asset}|${s.point}`,
    asset: s.asset,
    zone: s.zone,
    point: s.point,
    kind: s.kind,
    unit: s.unit,
  };
}

function byKey(a: PointSeries, b: PointSeries): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The records of each series, each list non-empty and in time order, the series in order of first appearance. */
export interface SeriesRecords {
  flows: FlowAggregate[][];
  otOperations: OtOperationAggregate[][];
  processStats: ProcessPointStat[][];
}

/**
 * Makes the grouping of `obs` what its maker grouped, so the detectors need not group the same records
 * again. The maker vouches for each part it gives: the same series, records and order that `flowSeriesOf`,
 * `otSeriesOf` and `pointSeriesOf` would build from those arrays; a part left out is built when asked for.
 */
export function adoptSeries(obs: Observations, series: Partial<SeriesRecords>): void {
  if (series.flows !== undefined) {
    adopt(flowMemory, obs.flows, series.flows.map(seriesOfRecords));
  }
  if (series.otOperations !== undefined) {
    adopt(otMemory, obs.otOperations, series.otOperations.map(seriesOfRecords));
  }
  if (series.processStats !== undefined) {
    adopt(pointMemory, obs.processStats, series.processStats.map(pointSeriesOfStats).sort(byKey));
  }
}

function adopt<T, V>(memory: WeakMap<readonly T[], Remembered<V>>, records: readonly T[], value: V): void {
  memory.set(records, { length: records.length, value });
}

/** Flow series, in order of first appearance. */
export function flowSeriesOf(obs: Observations): Array<Series<FlowAggregate>> {
  return remembered(flowMemory, obs.flows, (flows) =>
    group<FlowAggregate, Series<FlowAggregate>>(
      flows,
      (root, f) => descend(descend(root, f.srcIp), f.dstIp),
      (a, b) =>
        a.dstPort === b.dstPort &&
        a.service === b.service &&
        a.transport === b.transport &&
        a.srcAsset === b.srcAsset &&
        a.dstAsset === b.dstAsset &&
        a.srcZone === b.srcZone &&
        a.dstZone === b.dstZone,
      (f) => seriesOfRecords([f])
    )
  );
}

/** OT request series, in order of first appearance. */
export function otSeriesOf(obs: Observations): Array<Series<OtOperationAggregate>> {
  return remembered(otMemory, obs.otOperations, (ops) =>
    group<OtOperationAggregate, Series<OtOperationAggregate>>(
      ops,
      (root, op) => descend(descend(root, op.srcIp), op.dstIp),
      (a, b) =>
        a.functionCode === b.functionCode &&
        a.operation === b.operation &&
        a.protocol === b.protocol &&
        a.srcAsset === b.srcAsset &&
        a.dstAsset === b.dstAsset &&
        a.srcZone === b.srcZone &&
        a.dstZone === b.dstZone,
      (op) => seriesOfRecords([op])
    )
  );
}

/** Process point series by asset and point, ordered by asset, then point. */
export function pointSeriesOf(obs: Observations): PointSeries[] {
  return remembered(pointMemory, obs.processStats, (stats) => {
    const all = group<ProcessPointStat, PointSeries>(
      stats,
      (root, s) => descend(descend(root, s.asset), s.point),
      // Asset and point name a process point.
      () => true,
      (s) => pointSeriesOfStats([s])
    );
    return all.sort(byKey);
  });
}
