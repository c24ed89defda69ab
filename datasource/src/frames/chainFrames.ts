/**
 * The chains query: one row per candidate incident the core's correlation found among the findings, with its
 * steps as JSON for drill-down; `time` and `timeEnd` make the rows usable as annotations and region overlays.
 */
import type { Chain } from '@conduit/core';
import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';

import type { PlantAnalysis } from '../analysis/plantAnalysis';
import { type FindingFilter, severityRank } from './findingFrames';
import { analysisMeta } from './frameMeta';

export function chainMatches(chain: Chain, filter: Pick<FindingFilter, 'zones' | 'minSeverity'>): boolean {
  if (filter.minSeverity !== undefined && severityRank(chain.severity) < severityRank(filter.minSeverity)) {
    return false;
  }
  return filter.zones === undefined || chain.zones.some((zone) => filter.zones?.includes(zone));
}

export function chainsFrame(
  analysis: PlantAnalysis,
  filter: Pick<FindingFilter, 'zones' | 'minSeverity'>,
  refId: string
): DataFrame {
  const rows = analysis.chains().filter((chain) => chainMatches(chain, filter));
  const column = <T>(read: (chain: Chain) => T): T[] => rows.map(read);
  return createDataFrame({
    refId,
    name: 'chains',
    meta: analysisMeta(analysis, 'table'),
    fields: [
      { name: 'time', type: FieldType.time, values: column((c) => c.start), config: { displayName: 'Start' } },
      { name: 'timeEnd', type: FieldType.time, values: column((c) => c.end), config: { displayName: 'End' } },
      { name: 'title', type: FieldType.string, values: column((c) => c.title), config: { displayName: 'Chain' } },
      {
        name: 'severity',
        type: FieldType.string,
        values: column((c) => c.severity),
        config: { displayName: 'Severity' },
      },
      {
        name: 'score',
        type: FieldType.number,
        values: column((c) => c.score),
        config: { displayName: 'Score', min: 0, max: 100, decimals: 0 },
      },
      {
        name: 'steps',
        type: FieldType.number,
        values: column((c) => c.steps.length),
        config: { displayName: 'Steps' },
      },
      {
        name: 'descent',
        type: FieldType.number,
        values: column((c) => c.descent),
        config: { displayName: 'Purdue levels descended' },
      },
      {
        name: 'techniques',
        type: FieldType.string,
        values: column((c) => c.techniques.join(', ')),
        config: { displayName: 'ATT&CK techniques' },
      },
      {
        name: 'assets',
        type: FieldType.string,
        values: column((c) => c.assets.join(', ')),
        config: { displayName: 'Assets' },
      },
      {
        name: 'zones',
        type: FieldType.string,
        values: column((c) => c.zones.join(', ')),
        config: { displayName: 'Zones' },
      },
      {
        name: 'pivots',
        type: FieldType.string,
        values: column((c) => c.pivots.join(', ')),
        config: { displayName: 'Pivots' },
      },
      {
        name: 'text',
        type: FieldType.string,
        values: column((c) => c.explanation),
        config: { displayName: 'Explanation' },
      },
      { name: 'id', type: FieldType.string, values: column((c) => c.id), config: { displayName: 'Chain id' } },
      {
        name: 'stepsDetail',
        type: FieldType.string,
        values: column((c) => JSON.stringify(c.steps)),
        config: { displayName: 'Steps (JSON)' },
      },
    ],
  });
}
