/**
 * `datasource frames`: what turning an InfluxDB `/query` body of a million values into columns costs, against
 * `JSON.parse` of the same body alone. The body looks like what the topology and telemetry queries fetch: flow
 * totals grouped by zone pair and service, times in epoch milliseconds (the datasource asks with `epoch=ms`).
 */
import { parseInfluxResponse } from '@conduit/core';

import { type BenchRow, benchRow, measure, median } from '../../bench/benchRow';

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

/** Milliseconds one call takes, from a collected heap so that neither side pays for the other's garbage. */
function timed(fn: () => unknown): number {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export default async function framesBench(): Promise<BenchRow[]> {
  const text = body();
  const values = SERIES * ROWS * COLUMNS.length;
  const check = parseInfluxResponse(text, { epoch: 'ms' });
  if (!check.ok || check.statements[0].series.length !== SERIES || check.problems.length > 0) {
    throw new Error('the benchmark body did not parse cleanly');
  }
  // Warm both paths up, then time them in alternating pairs so that a busy moment of a shared machine falls on
  // both sides alike.
  await measure(() => parseInfluxResponse(text, { epoch: 'ms' }), { minTimeMs: 300, warmupCalls: 3 });
  const parseMs: number[] = [];
  const framesMs: number[] = [];
  for (let pair = 0; pair < 21; pair++) {
    const first = pair % 2 === 0;
    const a = timed(() => (first ? JSON.parse(text) : parseInfluxResponse(text, { epoch: 'ms' })));
    const b = timed(() => (first ? parseInfluxResponse(text, { epoch: 'ms' }) : JSON.parse(text)));
    parseMs.push(first ? a : b);
    framesMs.push(first ? b : a);
  }
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
