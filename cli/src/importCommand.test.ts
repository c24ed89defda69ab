import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

import { captureIo } from './capturedIo';
import { IMPORT_FLAGS, runImport } from './importCommand';

const logs = join(__dirname, '..', '..', 'core', 'src', 'import', 'testdata');
const log = (name: string) => join(logs, name);
const model = join(__dirname, 'testdata', 'plant.yaml');
const brokenModel = join(__dirname, 'testdata', 'broken-model.yaml');

/** `text` as a regular expression that matches only itself. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await runImport(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('conduit-import', () => {
  it('prints line protocol attributed through the zone model when no store is given', async () => {
    const { code, stdout, stderr } = await run('--model', model, log('conn.log'));
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      'flow,dst_asset=plc-1,dst_ip=10.40.2.20,dst_port=502,dst_zone=field,service=modbus,src_asset=hmi-1,' +
        'src_ip=10.40.1.10,src_zone=control,transport=tcp src_port=49152i,bytes_out=1440i,bytes_in=2880i,' +
        'packets=240i,duration=12.5,conn_state="SF" 1709280000123456000'
    );
    expect(lines[5]).toMatch(/ 1709280000123456001$/);
    expect(stderr).toBe(
      `${log('conn.log')}: conn (tsv), 15 lines: 6 imported, 9 skipped, 0 malformed; 1 moved 1 ns apart from a twin\n`
    );
  });

  it('shows a progress line while a long read goes on, ended before each summary, and none with --quiet', async () => {
    // A clock that moves six seconds each time it is read: longer than the five seconds between lines in a log.
    let time = 0;
    const slowClock = () => (time += 6_000);
    const io = { ...captureIo(), stderrIsTerminal: true };
    // The second file repeats the first, so each of its points is moved apart from its twin.
    expect(await runImport(['--model', model, log('conn.log'), log('conn.log')], io, slowClock)).toBe(0);
    const summary = (moved: number) =>
      `${log('conn.log')}: conn (tsv), 15 lines: 6 imported, 9 skipped, 0 malformed; ${moved} moved 1 ns apart from a twin\n`;
    const progress = (file: number, points: number) =>
      `\rconduit-import: reading ${escape(log('conn.log'))} \\(${file} of 2\\) \\| [\\d.]+ of [\\d.]+ MB ` +
      `\\([\\d.]+%\\) \\| ${points} points [^\\n]*\x1b\\[K`;
    expect(io.err()).toMatch(
      new RegExp(
        `^${progress(1, 0)}${progress(1, 6)}\n${escape(summary(1))}` +
          `${progress(2, 6)}${progress(2, 12)}\n${escape(summary(6))}$`
      )
    );

    const quiet = captureIo();
    expect(await runImport(['--model', model, '--quiet', log('conn.log')], quiet, slowClock)).toBe(0);
    expect(quiet.err()).toBe(summary(1));
  });

  it('imports Modbus logs in JSON, told the format and kind', async () => {
    const { code, stdout } = await run(
      '--model',
      model,
      '--format',
      'json',
      '--kind',
      'modbus',
      log('modbus_detailed.ndjson')
    );
    expect(code).toBe(0);
    expect(stdout.split('\n')[1]).toBe(
      'ot_operation,dst_asset=plc-1,dst_ip=10.40.2.20,dst_zone=field,function_code=6,operation=write,protocol=modbus,' +
        'src_asset=hmi-1,src_ip=10.40.1.10,src_zone=control unit_id=1i,address=40i,quantity=1i,value=1500,' +
        'result="ok",detail="WRITE_SINGLE_REGISTER" 1709280011000200000'
    );
  });

  it('lists malformed lines with their numbers and reasons, warns, and exits 0', async () => {
    const { code, stdout, stderr } = await run('--model', model, '--max-errors', '3', log('conn_broken.log'));
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toBe(
      [
        `${log('conn_broken.log')}: conn (tsv), 15 lines: 1 imported, 9 skipped, 5 malformed`,
        '  line 9: expected 21 fields, found 18',
        '  line 10: bad timestamp "1709280x00.5" in ts',
        '  line 11: bad address "10.40.1.300" in id.orig_h',
        '  ... and 2 more malformed lines',
        'conduit-import: warning: 5 malformed lines were not imported',
        '',
      ].join('\n')
    );
  });

  it('exits 1 on malformed lines with --strict', async () => {
    const { code, stderr } = await run('--model', model, '--strict', log('conn_broken.log'), log('conn.log'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/conduit-import: error: 5 malformed lines were not imported\n$/);
  });

  it('prints every problem of a bad zone model with its path and exits 2', async () => {
    const { code, stdout, stderr } = await run('--model', brokenModel, log('conn.log'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        `conduit-import: zone model ${brokenModel} is not valid:`,
        'conduit-import:   zones[0].purdueLevel (control), line 4: unknown Purdue level 7 (allowed: 0, 1, 2, 3, 3.5, 4, 5)',
        'conduit-import:   zones[0].cidrs[0] (control), line 6: invalid CIDR "10.40.1.0/33": prefix length 33 out of range 0..32 for IPv4',
        'conduit-import:   conduits[0].to (c1), line 10: unknown zone "nowhere"',
        '',
      ].join('\n')
    );
  });

  it('names an unreadable zone model and an unreadable log, and exits 2', async () => {
    const missingModel = await run('--model', 'no-such-model.yaml', log('conn.log'));
    expect(missingModel.code).toBe(2);
    expect(missingModel.stderr).toBe(
      "conduit-import: cannot read zone model no-such-model.yaml: ENOENT: no such file or directory, open 'no-such-model.yaml'\n"
    );
    const missingLog = await run('--model', model, log('conn.log'), 'no-such.log', logs);
    expect(missingLog.code).toBe(2);
    expect(missingLog.stdout).toBe('');
    expect(missingLog.stderr).toBe(
      [
        "conduit-import: cannot read no-such.log: ENOENT: no such file or directory, stat 'no-such.log'",
        `conduit-import: cannot read ${logs}: a folder, not a file`,
        '',
      ].join('\n')
    );
  });

  it('names every problem of the logs and the model in one run', async () => {
    const { code, stderr } = await run('--model', brokenModel, 'no-such.log', log('conn.log'));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^conduit-import: cannot read no-such\.log: ENOENT.*\nconduit-import: zone model .* is not valid:/s
    );
    expect(stderr).toContain('conduits[0].to (c1), line 10: unknown zone "nowhere"');
  });

  it('reads a log compressed with gzip, known by its bytes whatever its name, and one from standard input', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'conduit-import-'));
    try {
      const archived = join(folder, 'conn.00:00:00-01:00:00.log');
      writeFileSync(archived, gzipSync(readFileSync(log('conn.log'))));
      const plain = await run('--model', model, log('conn.log'));
      const gzipped = await run('--model', model, archived);
      expect(gzipped.code).toBe(0);
      expect(gzipped.stdout).toBe(plain.stdout);
      expect(gzipped.stderr).toContain(`${archived} (gzip): conn (tsv), 15 lines: 6 imported`);

      const io = captureIo();
      const stdin = Readable.from([gzipSync(readFileSync(log('conn.log')))]);
      expect(await runImport(['--model', model, '-'], io, Date.now, stdin)).toBe(0);
      expect(io.out()).toBe(plain.stdout);
      expect(io.err()).toContain('- (standard input, gzip): conn (tsv), 15 lines: 6 imported');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not text in one line saying what it looks like, and fails when nothing is imported', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'conduit-import-'));
    try {
      const binary = join(folder, 'capture.log');
      writeFileSync(binary, Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0]));
      const refused = await run('--model', model, binary);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`conduit-import: cannot read ${binary}: a pcap capture (run Zeek on it first)\n`);

      const prose = join(folder, 'notes.log');
      writeFileSync(prose, 'the historian was slow today\n');
      const empty = await run('--model', model, prose, log('conn.log'));
      expect(empty.code).toBe(2);
      expect(empty.stdout.split('\n').filter((line) => line.startsWith('flow,'))).toHaveLength(6);
      expect(empty.stderr).toContain(
        `conduit-import: error: ${prose}: nothing imported; no line reads as a Zeek conn log or an industrial protocol's log`
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names an unreachable store by its URL and exits 2', async () => {
    const { code, stderr } = await run(
      '--model',
      model,
      '--ot-url',
      'http://127.0.0.1:1',
      '--ot-db',
      'ot',
      log('conn.log')
    );
    expect(code).toBe(2);
    expect(stderr).toBe('conduit-import: cannot reach the OT store at http://127.0.0.1:1: ECONNREFUSED\n');
  });

  it('refuses unknown options, missing arguments and bad choices with every problem at once', async () => {
    expect((await run('--model', model, '--frobnicate', log('conn.log'))).stderr).toBe(
      'conduit-import: unknown option --frobnicate\nconduit-import: run conduit-import --help for the options\n'
    );
    const { code, stderr } = await run(
      '--kind',
      'dns',
      '--format',
      'csv',
      '--it-url',
      'http://x',
      '--max-errors',
      'ten'
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        'conduit-import: --model FILE is required',
        'conduit-import: --kind must be auto or one of conn, modbus, dnp3, s7comm, enip, bacnet, opcua, not "dns"',
        'conduit-import: --format must be auto, tsv or json, not "csv"',
        'conduit-import: --max-errors must be a whole number, not "ten"',
        'conduit-import: --it-url and --it-db go together',
        'conduit-import: no log files given',
        'conduit-import: run conduit-import --help for the options',
        '',
      ].join('\n')
    );
  });

  it('documents every flag in --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: conduit-import --model FILE/);
    for (const flag of IMPORT_FLAGS) {
      expect(stdout).toContain(`--${flag.name}`);
    }
  });
});
