/**
 * Attack-chain correlation: groups findings into candidate incidents (see findingLinks.ts for when two
 * findings belong together, attackChain.ts for how a chain is described and scored).
 */
import type { Finding } from '../finding';
import { indexZones } from '../risk/purdueTrust';
import type { ZoneModel } from '../model/zoneModel';
import { buildChain, type Chain } from './attackChain';
import { groupFindings, linkableFindings } from './findingLinks';

export interface CorrelationOptions {
  /** Largest quiet time between linked findings, in milliseconds. Default 2 hours. */
  maxGapMs?: number;
  /** Fewest findings (not counting sensor-health ones) that make a chain. Default 2. */
  minSteps?: number;
}

export const DEFAULT_CORRELATION_OPTIONS: Readonly<Required<CorrelationOptions>> = Object.freeze({
  maxGapMs: 2 * 60 * 60 * 1000,
  minSteps: 2,
});

/**
 * Chains ordered by start time, then id. Findings without an id, a finite time or a known severity are
 * left out, as are repeats of an id; options that are not usable numbers fall back to the defaults.
 */
export function correlateFindings(findings: Finding[], model: ZoneModel, options?: CorrelationOptions): Chain[] {
  const { maxGapMs, minSteps } = resolveOptions(options);
  const zones = indexZones(typeof model === 'object' && model !== null ? model : undefined);
  const linkable = linkableFindings(findings);
  const chains: Chain[] = [];
  for (const group of groupFindings(linkable, zones, maxGapMs)) {
    const members = group.map((i) => linkable[i]);
    if (members.filter((m) => !m.health).length >= minSteps) {
      chains.push(buildChain(members, zones));
    }
  }
  chains.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Ids hash the first finding's id; a hash collision between two chains must not make ids ambiguous.
  const used = new Set<string>();
  for (const chain of chains) {
    let id = chain.id;
    for (let n = 2; used.has(id); n++) {
      id = `${chain.id}-${n}`;
    }
    chain.id = id;
    used.add(id);
  }
  return chains;
}

function resolveOptions(options: CorrelationOptions | undefined): Required<CorrelationOptions> {
  const given = typeof options === 'object' && options !== null ? options : {};
  const maxGapMs =
    typeof given.maxGapMs === 'number' && Number.isFinite(given.maxGapMs) && given.maxGapMs >= 0
      ? given.maxGapMs
      : DEFAULT_CORRELATION_OPTIONS.maxGapMs;
  const minSteps =
    typeof given.minSteps === 'number' && Number.isInteger(given.minSteps) && given.minSteps >= 1
      ? given.minSteps
      : DEFAULT_CORRELATION_OPTIONS.minSteps;
  return { maxGapMs, minSteps };
}
