/**
 * `core line protocol parse`: reading line protocol into points, as `conduit-analyze` reads its files, in
 * lines per second, against a loop that only splits each line at its spaces and commas (no escapes, no
 * types, no checks). Ratio is the parser's time over the splitting loop's time.
 */
import { type BenchRow, bestOfMs } from '../../../bench/benchRow';
import { syntheticTelemetry } from '../aggregation/syntheticTelemetry';
import { encodePoint, lineProtocolReader } from './lineProtocol';

const FROM = Date.UTC(2025, 2, 3);
const TO = FROM + 2 * 3_600_000;

function splitOnly(lines: readonly string[]): number {
  let parts = 0;
  for (const line of lines) {
    for (const section of line.split(' ')) {
      parts += section.split(',').length;
    }
  }
  return parts;
}

function parseAll(lines: readonly string[]): number {
  const read = lineProtocolReader();
  let points = 0;
  for (let i = 0; i < lines.length; i++) {
    if (read(lines[i], i + 1).kind === 'point') {
      points++;
    }
  }
  return points;
}

export default async function lineProtocolBench(): Promise<BenchRow[]> {
  const lines = syntheticTelemetry({
    seed: 5,
    from: FROM,
    to: TO,
    flows: 250_000,
    processSamples: 250_000,
    others: 5_000,
  }).map(encodePoint);
  const megabytes = lines.reduce((sum, line) => sum + line.length + 1, 0) / 1e6;
  if (parseAll(lines) !== lines.length) {
    throw new Error('the parser refused lines it encoded');
  }
  splitOnly(lines);
  const parseMs = bestOfMs(() => parseAll(lines), 5);
  const splitMs = bestOfMs(() => splitOnly(lines), 5);
  const perSecond = (ms: number) => Math.round(lines.length / (ms / 1000));
  return [
    {
      name: 'core line protocol parse',
      value: perSecond(parseMs),
      unit: 'lines/s',
      baseline: perSecond(splitMs),
      ratio: parseMs / splitMs,
      note: `${lines.length} lines (${megabytes.toFixed(0)} MB) in ${parseMs.toFixed(0)} ms, ${(megabytes / (parseMs / 1000)).toFixed(0)} MB/s; splitting them at spaces and commas takes ${splitMs.toFixed(0)} ms; ratio is time over time`,
    },
  ];
}
