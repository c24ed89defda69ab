/**
 * Aggregated observations: what detectors read. InfluxDB's GROUP BY produces them from a store, and the
 * core's own aggregation produces the same from raw records, so both paths run one detector code.
 * Times are milliseconds since the epoch; a bucket covers [bucketStart, bucketStart + bucketMs).
 */

/** Flow totals per bucket, source, destination and service. */
export interface FlowAggregate {
  bucketStart: number;
  bucketMs: number;
  srcIp: string;
  dstIp: string;
  srcAsset: string;
  dstAsset: string;
  srcZone: string;
  dstZone: string;
  transport: string;
  service: string;
  dstPort: number;
  connections: number;
  bytes: number;
  firstSeen: number;
  lastSeen: number;
}

/** OT protocol requests per bucket, source, destination, protocol, operation and function code. */
export interface OtOperationAggregate {
  bucketStart: number;
  bucketMs: number;
  srcIp: string;
  dstIp: string;
  srcAsset: string;
  dstAsset: string;
  srcZone: string;
  dstZone: string;
  protocol: string;
  operation: string;
  functionCode: string;
  count: number;
  minAddress: number | null;
  maxAddress: number | null;
  lastValue: number | null;
  firstSeen: number;
  lastSeen: number;
}

/** Statistics of one process point per bucket. */
export interface ProcessPointStat {
  bucketStart: number;
  bucketMs: number;
  asset: string;
  zone: string;
  point: string;
  kind: string;
  unit: string;
  count: number;
  mean: number;
  median: number;
  min: number;
  max: number;
  first: number;
  last: number;
  /**
   * 1 when every value of the bucket was the same (the point did not move), else 2: a lower bound of its
   * distinct values, which is all the store can tell.
   */
  distinct: number;
}

export interface ControllerStateSample {
  time: number;
  asset: string;
  zone: string;
  mode: string;
  programHash: string;
  firmware: string;
}

/** Authentication attempts per bucket, target, source, user, method and result. */
export interface AuthAggregate {
  bucketStart: number;
  bucketMs: number;
  asset: string;
  zone: string;
  srcIp: string;
  srcAsset: string;
  srcZone: string;
  user: string;
  method: string;
  result: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

export interface AlertRecord {
  time: number;
  source: string;
  severity: string;
  asset: string;
  zone: string;
  srcIp: string;
  dstIp: string;
  technique: string;
  signature: string;
  category: string;
  message: string;
}

export interface AssetRecord {
  time: number;
  asset: string;
  zone: string;
  role: string;
  vendor: string;
  model: string;
  ip: string;
  firmware: string;
  criticality: number;
  vulnCount: number;
  vulnKnownExploited: number;
  cvssMax: number;
}

/**
 * Both makers of observations in the core (from raw points and from the store) give every list in the order
 * `sortObservations` gives. The aggregation of raw points makes `flows`, `otOperations`, `auth` and
 * `processStats` only when they are first read (the detectors read their series instead, see
 * observationSeries.ts); once read they are ordinary arrays, and assigning one replaces it.
 */
export interface Observations {
  range: { from: number; to: number };
  flows: FlowAggregate[];
  otOperations: OtOperationAggregate[];
  processStats: ProcessPointStat[];
  controllerStates: ControllerStateSample[];
  auth: AuthAggregate[];
  alerts: AlertRecord[];
  assets: AssetRecord[];
}
