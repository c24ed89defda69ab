import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type RunningInfluxd, startInfluxd } from '../../test/helpers/influxd';
import { runAnalyze } from './analyzeCommand';
import { captureIo } from './capturedIo';
import type { CommandIo } from './commandIo';
import { runImport } from './importCommand';

const testdata = join(__dirname, 'testdata');
const model = join(testdata, 'plant.yaml');
const logs = [join(testdata, 'riverside-conn.log'), join(testdata, 'riverside-modbus_detailed.log')];
const range = ['--from', '2024-03-01T06:00:00Z', '--to', '2024-03-01T08:00:00Z'];

jest.setTimeout(120_000);

let influxd: RunningInfluxd;
let dir: string;

async function run(command: (argv: readonly string[], io: CommandIo) => Promise<number>, ...argv: string[]) {
  const io = captureIo();
  const code = await command(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

async function count(db: string, measurement: string): Promise<number> {
  const answer = await influxd.query(`SELECT count(src_ip) FROM (SELECT * FROM ${measurement})`, db);
  const value = answer.results[0]?.series?.[0]?.values[0]?.[1];
  return typeof value === 'number' ? value : 0;
}

/** What a finding is about, without the wording that differs between raw points and store aggregates. */
function gist(line: Record<string, unknown>): string {
  const end = (e: unknown) => (e as { asset?: string; ip?: string } | undefined)?.asset ?? '';
  return `${String(line.category)} ${end(line.source)} > ${end(line.destination)}`;
}

function findings(stdout: string): string[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.type === 'finding')
    .map(gist)
    .sort();
}

beforeAll(async () => {
  influxd = await startInfluxd({ databases: ['conduit_it', 'conduit_ot'] });
  dir = mkdtempSync(join(tmpdir(), 'conduit-analyze-influx-'));
});

afterAll(async () => {
  await influxd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('conduit-import and conduit-analyze against real stores', () => {
  it('refuses to drop points whose store was not given', async () => {
    const { code, stderr } = await run(
      runImport,
      '--model',
      model,
      '--it-url',
      influxd.url,
      '--it-db',
      'conduit_it',
      logs[1]
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      'conduit-import: warning: 136 points belong to the OT store, which was not given (--ot-url, --ot-db); they were not written\n'
    );
    expect(await count('conduit_it', 'ot_operation')).toBe(0);
  });

  it('names a database the store does not have', async () => {
    const { code, stderr } = await run(
      runImport,
      '--model',
      model,
      '--ot-url',
      influxd.url,
      '--ot-db',
      'nope',
      logs[1]
    );
    expect(code).toBe(2);
    expect(stderr).toBe(`conduit-import: the OT store at ${influxd.url} has no database "nope"\n`);
  });

  it('routes flows touching OT zones and all Modbus operations to the OT store, the rest to the IT store', async () => {
    const { code, stderr } = await run(
      runImport,
      '--model',
      model,
      '--it-url',
      influxd.url,
      '--it-db',
      'conduit_it',
      '--ot-url',
      influxd.url,
      '--ot-db',
      'conduit_ot',
      ...logs
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /conduit-import: wrote 32 to the IT store \(conduit_it\), 312 to the OT store \(conduit_ot\)\n$/
    );
    // Office traffic (the domain controller, the internet) stays in IT; the scan of the field network
    // and everything reaching site operations or below is in OT.
    expect(await count('conduit_it', 'flow')).toBe(32);
    expect(await count('conduit_ot', 'flow')).toBe(176);
    expect(await count('conduit_ot', 'ot_operation')).toBe(136);
  });

  it('finds from the stores what it finds in the same capture as a file', async () => {
    const printed = await run(runImport, '--model', model, ...logs);
    const capture = join(dir, 'riverside.lp');
    writeFileSync(capture, printed.stdout);
    const fromFile = await run(runAnalyze, '--model', model, '--input', capture, ...range, '--format', 'json');
    const fromStores = await run(
      runAnalyze,
      '--model',
      model,
      '--it-url',
      influxd.url,
      '--it-db',
      'conduit_it',
      '--ot-url',
      influxd.url,
      '--ot-db',
      'conduit_ot',
      ...range,
      '--format',
      'json'
    );
    expect(fromStores.stderr).toBe('');
    expect(fromStores.code).toBe(0);
    expect(findings(fromStores.stdout)).toEqual(findings(fromFile.stdout));
    expect(findings(fromStores.stdout)).toContain('program-change ws-23 > plc-1');
  });
});
