/**
 * The vulnerability factor of an asset: half from the highest CVSS base score (out of 10), a fifth from
 * the number of known vulnerabilities (ten or more count fully), and three tenths when at least one is
 * known to be exploited in the wild (for example listed in CISA's KEV catalogue).
 */
import type { AssetRecord } from '../observations';

export const VULNERABILITY_PARTS = Object.freeze({ cvssMax: 0.5, count: 0.2, knownExploited: 0.3 });

const FULL_COUNT = 10;

export interface VulnerabilityAssessment {
  value: number;
  detail: string;
}

export function vulnerabilitiesOf(record: AssetRecord | undefined): VulnerabilityAssessment {
  if (!record) {
    return { value: 0, detail: 'no inventory record, so no vulnerability data' };
  }
  const cvss = finiteIn(record.cvssMax, 0, 10);
  const count = finiteIn(record.vulnCount, 0, Number.MAX_SAFE_INTEGER);
  const exploited = finiteIn(record.vulnKnownExploited, 0, Number.MAX_SAFE_INTEGER);
  const value =
    VULNERABILITY_PARTS.cvssMax * (cvss / 10) +
    VULNERABILITY_PARTS.count * Math.min(1, count / FULL_COUNT) +
    VULNERABILITY_PARTS.knownExploited * (exploited > 0 ? 1 : 0);
  const detail =
    count === 0 && cvss === 0
      ? 'no known vulnerabilities'
      : `${count} known vulnerabilit${count === 1 ? 'y' : 'ies'}, highest CVSS ${cvss}, ${exploited} known exploited`;
  return { value: Math.min(1, value), detail };
}

function finiteIn(value: unknown, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : 0;
}
