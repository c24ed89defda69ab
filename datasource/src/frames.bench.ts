/**
 * `datasource frames`: what turning an InfluxDB `/query` body of a million values into columns costs, against
 * `JSON.parse` of the same body alone. The body looks like what the topology and telemetry queries fetch: flow
 * totals grouped by zone pair and service, times in epoch milliseconds (the datasource asks with `epoch=ms`).
 */
import { parseInfluxResponse } from '@conduit/core';

import { type BenchRow, benchRow, measure } from '../../bench/benchRow';

const SERIES = 250;
const ROWS = 1000;
const COLUMNS = ['time', 'connections', 'bytes', 'service'];
const START = 1_700_000_000_000;

function body(): string {
  const series = Array.from({ length: SERIES }, (_, s) => ({
    name: 'flow',
    tags: { src_zone: `zone-${s % 17}`, dst_zone: `zone-${(s * 7) % 19}`, dst_port: String(400 + (s % 50)) },
    columns: COLUMNS,
    values: Array.from({ length: ROWS }, (_, r) => [
      START + r * 60_000,
      (r * 31 + s) % 997,
      r % 11 === 0 ? null : ((r * 7919 + s * 104729) % 1_000_000) + 0.5,
      s % 3 === 0 ? 'modbus' : 'https',
    ]),
  }));
  return JSON.stringify({ results: [{ statement_id: 0, series }] });
}

export default async function framesBench(): Promise<BenchRow[]> {
  const text = body();
  const values = SERIES * ROWS * COLUMNS.length;
  const check = parseInfluxResponse(text, { epoch: 'ms' });
  if (!check.ok || check.statements[0].series.length !== SERIES || check.problems.length > 0) {
    throw new Error('the benchmark body did not parse cleanly');
  }
  // Alternate the two so that neither profits from a quieter moment of a shared machine.
  const parseMs: number[] = [];
  const framesMs: number[] = [];
  for (let round = 0; round < 5; round++) {
    parseMs.push(1000 / (await measure(() => JSON.parse(text), { minTimeMs: 400, warmupCalls: 2 })));
    framesMs.push(
      1000 / (await measure(() => parseInfluxResponse(text, { epoch: 'ms' }), { minTimeMs: 400, warmupCalls: 2 }))
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [
    benchRow(
      'datasource frames',
      median(framesMs),
      'ms',
      median(parseMs),
      `${(values / 1e6).toFixed(1)}M values (${(text.length / 1e6).toFixed(0)} MB) into columns; baseline: JSON.parse alone`
    ),
  ];
}
