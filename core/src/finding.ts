/**
 * A finding: what a detector reports, in a shape an analyst can act on and a risk model can weigh.
 */
import type { StoreKind } from './telemetryContract';

/** The anomaly taxonomy shared by OT security vendors' alert catalogues, plus Conduit's own conduit check. */
export const FINDING_CATEGORIES = [
  'conduit-violation',
  'new-talker',
  'new-path',
  'unauthorized-command',
  'program-change',
  'firmware-change',
  'mode-change',
  'protocol-violation',
  'reconnaissance',
  'silent-channel',
  'process-anomaly',
  'brute-force',
  'malware-ioc',
  'sensor-health',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** One end of what a finding is about. Any of the three may be unknown. */
export interface FindingEntity {
  asset?: string;
  ip?: string;
  zone?: string;
}

export interface FindingEvidence {
  /** The records or values that triggered the finding, as flat rows. */
  records: Array<Record<string, string | number | boolean | null>>;
  /** An InfluxQL query that shows those records in the store. */
  query: string;
  store: StoreKind;
}

export interface Finding {
  /** Stable for the same input: detector, category, entities and start time. */
  id: string;
  detector: string;
  category: FindingCategory;
  /** Milliseconds since the epoch (Grafana's unit). */
  time: number;
  endTime?: number;
  severity: Severity;
  /** 0 to 100. */
  score: number;
  /** MITRE ATT&CK for ICS technique id, e.g. T0855. */
  technique?: string;
  source?: FindingEntity;
  destination?: FindingEntity;
  /** One sentence a person understands. */
  explanation: string;
  evidence: FindingEvidence;
}
