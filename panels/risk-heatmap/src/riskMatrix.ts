import type { DataFrame, Field } from '@grafana/data';

import type { RiskMatrix } from './types';

function field(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((f) => f.name === name);
}

function level(value: unknown, scale: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= scale ? value : undefined;
}

/**
 * Places every row that has a `likelihood` and an `impact` (integers from 1 to `scale`) into its cell of the
 * matrix, named by its `entity` field when there is one. Returns undefined when no frame has both fields.
 * Where a frame also has `likelihoodBand` and `impactBand` (the Conduit datasource's risk query, whose
 * likelihood and impact are continuous), the bands place the row.
 */
export function riskMatrix(series: DataFrame[], scale: number): RiskMatrix | undefined {
  const frames = series.filter((frame) => field(frame, 'likelihood') && field(frame, 'impact'));
  if (frames.length === 0) {
    return undefined;
  }
  const cells = Array.from({ length: scale }, () => Array.from({ length: scale }, (): string[] => []));
  let ignored = 0;
  for (const frame of frames) {
    const likelihoods = field(frame, 'likelihoodBand') ?? field(frame, 'likelihood');
    const impacts = field(frame, 'impactBand') ?? field(frame, 'impact');
    const entities = field(frame, 'entity');
    for (let row = 0; row < frame.length; row++) {
      const likelihood = level(likelihoods?.values[row], scale);
      const impact = level(impacts?.values[row], scale);
      if (likelihood === undefined || impact === undefined) {
        ignored++;
        continue;
      }
      const entity: unknown = entities?.values[row];
      cells[impact - 1][likelihood - 1].push(
        entity === undefined || entity === null ? `row ${row + 1}` : String(entity)
      );
    }
  }
  return { scale, cells, ignored };
}
