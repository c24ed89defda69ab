/**
 * A cheap benchmark of the harness itself: it shows a throughput row with a baseline and a memory row,
 * and that measure() and heapUsedDelta() give sane numbers.
 */
import { BenchRow, benchRow, heapUsedDelta, measure } from './benchRow';

interface Flow {
  time: number;
  src: string;
  dst: string;
  port: number;
  bytes: number;
}

function flows(count: number): Flow[] {
  return Array.from({ length: count }, (_, i) => ({
    time: 1_700_000_000_000 + i * 1000,
    src: `10.1.${i % 250}.${(i * 7) % 250}`,
    dst: `10.2.0.${i % 16}`,
    port: i % 3 === 0 ? 502 : 443,
    bytes: (i * 977) % 65_536,
  }));
}

export default async function harnessBench(): Promise<BenchRow[]> {
  const text = JSON.stringify(flows(1000));
  const parseRate = await measure(() => JSON.parse(text), { minTimeMs: 200 });
  // structuredClone copies the same object graph without parsing: the cost of building the objects alone.
  const parsed: unknown = JSON.parse(text);
  const cloneRate = await measure(() => structuredClone(parsed), { minTimeMs: 200 });
  const { bytes } = await heapUsedDelta(() => JSON.parse(JSON.stringify(flows(10_000))) as Flow[]);
  return [
    benchRow(
      'harness JSON.parse 1k flows',
      parseRate,
      'ops/s',
      cloneRate,
      'baseline: structuredClone of the same array'
    ),
    benchRow('harness heap of 10k parsed flows', bytes / 1024 / 1024, 'MiB', null, 'retained after GC'),
  ];
}
