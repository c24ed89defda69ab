/**
 * The InfluxQL a finding carries so an analyst can see its records in the store: the raw records of one
 * measurement, narrowed by the tags that identify what the finding is about, over its time span.
 */
import { type Condition, selectQuery } from '../influx/influxql';
import { type StoreKind, UNKNOWN } from '../telemetryContract';

/** Raw records shown per evidence query; enough to read, few enough for a browser. */
export const EVIDENCE_QUERY_LIMIT = 1000;

export interface EvidenceQuerySpec {
  measurement: string;
  /** Tag values the records must have; empty and unknown values are left out of the filter. */
  tags: Record<string, string | readonly string[] | undefined>;
  from: number;
  to: number;
}

/** The query text, or an empty string when the values cannot be written as InfluxQL. */
export function evidenceQuery(spec: EvidenceQuerySpec): string {
  const where: Condition[] = [];
  for (const [tag, value] of Object.entries(spec.tags)) {
    if (value === undefined) {
      continue;
    }
    if (typeof value === 'string') {
      if (value !== '' && value !== UNKNOWN) {
        where.push({ tag, op: '=', value });
      }
    } else {
      const values = value.filter((v) => v !== '' && v !== UNKNOWN);
      if (values.length > 0) {
        where.push({ tag, op: '=', value: values });
      }
    }
  }
  const from = Number.isFinite(spec.from) ? spec.from : 0;
  const to = Number.isFinite(spec.to) ? Math.max(spec.to, from) : from;
  try {
    return selectQuery({
      measurement: spec.measurement,
      fields: [{ field: '*' }],
      where,
      timeRange: { from, to },
      limit: EVIDENCE_QUERY_LIMIT,
    });
  } catch {
    return '';
  }
}

/** The store a measurement's evidence lives in: OT protocol, process and controller data are in the OT store. */
export function storeFor(measurement: string, zoneLevel?: number): StoreKind {
  if (measurement === 'ot_operation' || measurement === 'process_value' || measurement === 'controller_state') {
    return 'ot';
  }
  return zoneLevel !== undefined && zoneLevel <= 3 ? 'ot' : 'it';
}
