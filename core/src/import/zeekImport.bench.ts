/**
 * `core import <log>`: reading each kind of Zeek log into points, as `conduit-import` does, in records per
 * second, against a loop that only splits the same lines into their tab-separated fields. Ratio is the import's
 * time over the splitting loop's time (the goal: at most 3). The records are the test captures' records repeated
 * with advancing times, so folding and twin handling work as on a real log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type BenchRow, bestOfInTurnsMs } from '../../../bench/benchRow';
import { attributeByModel } from './addressAttribution';
import { fixtureModel } from '../detectors/detectionFixture';
import { createZeekImporter } from './zeekImport';

const RECORDS = 200_000;

const LOGS = [
  'conn.log',
  'modbus_detailed.log',
  'ics/dnp3.log',
  'ics/dnp3_control.log',
  'ics/s7comm.log',
  'ics/s7comm_plus.log',
  'ics/cip.log',
  'ics/bacnet.log',
  'ics/opcua_binary.log',
];

/**
 * The log's header, then its records repeated to `RECORDS`, each copy a second later than the one before. Each line
 * is decoded from its bytes on its own, as `conduit-import` reads a file (cli/src/lineFile.ts): a line built by
 * concatenation is a rope of parts that every read of a character would walk through, which no import sees.
 */
function grownLog(file: string): string[] {
  // Bundled by the bench runner, the file no longer sits beside its test data: the runner starts at the root.
  const lines = readFileSync(join(process.cwd(), 'core', 'src', 'import', 'testdata', file), 'utf8').split('\n');
  const header = lines.filter((line) => line.startsWith('#') && !line.startsWith('#close'));
  const records = lines.filter((line) => line !== '' && !line.startsWith('#'));
  const grown: string[] = [...header];
  for (let i = 0; grown.length < header.length + RECORDS; i++) {
    const record = records[i % records.length];
    const tab = record.indexOf('\t');
    const ts = Number(record.slice(0, tab)) + Math.floor(i / records.length);
    grown.push(Buffer.from(`${ts.toFixed(6)}${record.slice(tab)}`, 'utf8').toString('utf8'));
  }
  return grown;
}

function splitOnly(lines: readonly string[]): number {
  let fields = 0;
  for (const line of lines) {
    fields += line.split('\t').length;
  }
  return fields;
}

function importAll(lines: readonly string[], attribute: ReturnType<typeof attributeByModel>): number {
  let points = 0;
  const importer = createZeekImporter({ attribute, onPoint: () => points++ });
  for (const line of lines) {
    importer.pushLine(line);
  }
  const { stats } = importer.finish();
  if (stats.malformedCount > 0) {
    throw new Error(`the grown log has malformed lines: ${stats.malformed[0]?.message}`);
  }
  return points;
}

export default async function zeekImportBench(): Promise<BenchRow[]> {
  const attribute = attributeByModel(fixtureModel());
  const rows: BenchRow[] = [];
  for (const file of LOGS) {
    const lines = grownLog(file);
    // Warmed up to steady state: a kind read after another first runs code the compiler shaped for the other one,
    // and a log of a day is millions of records, read at the steady rate.
    for (let warmUp = 0; warmUp < 3; warmUp++) {
      importAll(lines, attribute);
      splitOnly(lines);
    }
    const [importMs, splitMs] = bestOfInTurnsMs([() => importAll(lines, attribute), () => splitOnly(lines)], 20);
    const perSecond = (ms: number) => Math.round(RECORDS / (ms / 1000));
    const kind = file.replace(/^ics\//, '').replace(/\.log$/, '');
    rows.push({
      name: `core import ${kind}`,
      value: perSecond(importMs),
      unit: 'records/s',
      baseline: perSecond(splitMs),
      ratio: importMs / splitMs,
      note: `${RECORDS} records in ${importMs.toFixed(0)} ms; splitting them into fields takes ${splitMs.toFixed(0)} ms; ratio is time over time (goal: at most 3)`,
    });
  }
  return rows;
}
