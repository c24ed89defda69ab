import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

import { TECHNIQUE_RULES } from '@conduit/core';

import { startSilentServer } from '../../test/helpers/silentServer';
import { ANALYZE_FLAGS, runAnalyze } from './analyzeCommand';
import { captureIo } from './capturedIo';
import { runImport } from './importCommand';

const testdata = join(__dirname, 'testdata');
const model = join(testdata, 'plant.yaml');
const brokenModel = join(testdata, 'broken-model.yaml');
const NOW = Date.parse('2024-03-01T12:00:00Z');

let dir: string;
let capture: string;

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await runAnalyze(argv, io, NOW);
  return { code, stdout: io.out(), stderr: io.err() };
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'conduit-analyze-'));
  // Two hours of the Riverside plant's Zeek logs, imported as the command line would: routine, then
  // a scan of the field network, writes and a program download from an office workstation at 07:30.
  const io = captureIo();
  const code = await runImport(
    ['--model', model, join(testdata, 'riverside-conn.log'), join(testdata, 'riverside-modbus_detailed.log')],
    io
  );
  expect(code).toBe(0);
  capture = join(dir, 'riverside.lp');
  writeFileSync(capture, io.out());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('conduit-analyze over line-protocol files', () => {
  it('reads line protocol compressed with gzip or from standard input as it reads the plain file', async () => {
    const plain = await run('--model', model, '--format', 'json', '--input', capture);
    const gzipped = join(dir, 'riverside.lp.gz');
    writeFileSync(gzipped, gzipSync(readFileSync(capture)));
    const fromGzip = await run('--model', model, '--format', 'json', '--input', gzipped);
    expect(fromGzip.code).toBe(0);
    expect(fromGzip.stdout).toBe(plain.stdout);
    expect(fromGzip.stderr).toContain(`${gzipped} (gzip):`);

    const io = captureIo();
    const code = await runAnalyze(
      ['--model', model, '--format', 'json', '--input', '-'],
      io,
      NOW,
      Date.now,
      Readable.from([readFileSync(capture)])
    );
    expect(code).toBe(0);
    expect(io.out()).toBe(plain.stdout);
  });

  it('sends a raw Zeek log to conduit-import, and names the model problems in the same run', async () => {
    const conn = join(testdata, 'riverside-conn.log');
    const { code, stderr } = await run('--model', brokenModel, '--input', conn);
    expect(code).toBe(2);
    expect(stderr).toContain(`conduit-analyze: cannot analyse ${conn}: a raw Zeek log; run conduit-import on it first`);
    expect(stderr).toContain('conduits[0].to (c1), line 10: unknown zone "nowhere"');
  });

  it('reports the intrusion as findings, risk rows and one chain, in JSON lines with a type', async () => {
    const { code, stdout, stderr } = await run('--model', model, '--input', capture, '--format', 'json');
    expect(code).toBe(0);
    expect(stderr).toBe(`${capture}: 344 lines, 344 points, 0 malformed\n`);
    const lines = jsonLines(stdout);
    const types = lines.map((l) => l.type);
    // Findings first, then risk rows, then chains.
    expect(types.join(' ')).toMatch(/^(finding )+(risk )+chain$/);

    const findings = lines.filter((l) => l.type === 'finding');
    // Every finding names its ATT&CK for ICS technique, or its category is one the table says has none.
    const withoutTechnique = findings.filter(
      (f) =>
        f.technique === undefined &&
        !TECHNIQUE_RULES.some((rule) => rule.category === f.category && rule.whyNone !== undefined)
    );
    expect(withoutTechnique).toEqual([]);
    const download = findings.find((f) => f.category === 'program-change');
    expect(download).toMatchObject({
      technique: 'T0843',
      source: { asset: 'ws-23', zone: 'enterprise' },
      destination: { asset: 'plc-1', zone: 'field' },
      time: Date.parse('2024-03-01T07:30:00Z'),
    });
    expect(findings.some((f) => f.category === 'reconnaissance')).toBe(true);
    expect(findings.filter((f) => f.category === 'unauthorized-command').length).toBeGreaterThanOrEqual(2);

    const risk = lines.filter((l) => l.type === 'risk');
    expect(risk.map((r) => `${r.kind}:${r.id}`).sort()).toEqual([
      'asset:ews-1',
      'asset:historian',
      'asset:hmi-1',
      'asset:plc-1',
      'asset:ws-23',
      'zone:control',
      'zone:enterprise',
      'zone:field',
      'zone:operations',
    ]);
    // The field zone, where the program went, carries the highest zone risk.
    expect(risk.find((r) => r.kind === 'zone')?.id).toBe('field');

    const [chain] = lines.filter((l) => l.type === 'chain');
    expect(chain).toMatchObject({
      title: 'Intrusion from Enterprise to Field controllers',
      zones: ['enterprise', 'field'],
    });
  });

  it('prints aligned tables of findings, risk and chains', async () => {
    const { code, stdout } = await run('--model', model, '--input', capture);
    expect(code).toBe(0);
    const sections = stdout.split('\n\n');
    expect(sections.map((s) => s.split('\n')[0])).toEqual([
      expect.stringMatching(/^Findings \(\d+\)$/),
      'Risk (9)',
      'Chains (1)',
    ]);
    const [, header, ...rows] = sections[0].trimEnd().split('\n');
    expect(header).toMatch(
      /^TIME {18}SEVERITY {2}SCORE {2}CATEGORY {14}TECHNIQUE {2}SOURCE {14}DESTINATION {4}EXPLANATION$/
    );
    const severityColumn = header.indexOf('SEVERITY');
    const explanationColumn = header.indexOf('EXPLANATION');
    for (const row of rows) {
      expect(row.slice(severityColumn)).toMatch(/^(info|low|medium|high|critical) /);
      expect(row[explanationColumn - 1]).toBe(' ');
    }
    expect(rows).toContainEqual(
      expect.stringMatching(/^2024-03-01T07:\d\d:00Z {2}critical {2}\d+ +reconnaissance +T0846 +ws-23 \(enterprise\) /)
    );
    expect(rows.map((row) => row.slice(0, 20))).toEqual([...rows.map((row) => row.slice(0, 20))].sort());
    expect(sections[2]).toContain('Intrusion from Enterprise to Field controllers');
  });

  it('learns from the baseline window it is given', async () => {
    const all = jsonLines((await run('--model', model, '--input', capture, '--format', 'json')).stdout);
    expect(all.filter((l) => l.category === 'new-path').length).toBeGreaterThan(0);
    const { code, stdout } = await run(
      '--model',
      model,
      '--input',
      capture,
      '--format',
      'json',
      '--baseline-until',
      '2024-03-01T07:35:00Z'
    );
    expect(code).toBe(0);
    expect(jsonLines(stdout).filter((l) => l.category === 'new-path')).toEqual([]);
  });

  it('takes the chain gap as a duration and refuses anything else', async () => {
    const chains = async (...extra: string[]) =>
      jsonLines((await run('--model', model, '--input', capture, '--format', 'json', ...extra)).stdout)
        .filter((l) => l.type === 'chain')
        .map((chain) => (chain.steps as unknown[]).length);
    // The intrusion's findings overlap in time, so even a one-second gap keeps them one chain.
    expect(await chains('--chain-gap', '1s')).toEqual(await chains());
    const { code, stderr } = await run('--model', model, '--input', capture, '--chain-gap', 'soon');
    expect(code).toBe(2);
    expect(stderr).toContain('conduit-analyze: --chain-gap "soon" is not a duration (30m, 2h)');
  });

  it('analyses only the range asked for', async () => {
    const { code, stdout } = await run(
      '--model',
      model,
      '--input',
      capture,
      '--from',
      '2024-03-01T06:00:00Z',
      '--to',
      '2024-03-01T07:00:00Z'
    );
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('Findings: none');
    expect(stdout).toContain('Chains: none');
  });

  it('takes a range open at either end, the points deciding the other', async () => {
    const after = await run('--model', model, '--input', capture, '--format', 'json', '--from', '2024-03-01T07:00:00Z');
    expect(after.code).toBe(0);
    const before = await run('--model', model, '--input', capture, '--format', 'json', '--to', '2024-03-01T07:00:00Z');
    expect(before.code).toBe(0);
    // The quiet first hour gives nothing; the hour after it holds the intrusion.
    expect(jsonLines(before.stdout).filter((l) => l.type === 'finding')).toEqual([]);
    expect(jsonLines(after.stdout).filter((l) => l.type === 'finding').length).toBeGreaterThan(0);
  });

  it('says so when all the data lies in the learning window', async () => {
    const { code, stderr } = await run(
      '--model',
      model,
      '--input',
      capture,
      '--from',
      '2024-03-01T06:00:00Z',
      '--to',
      '2024-03-01T10:00:00Z'
    );
    expect(code).toBe(0);
    expect(stderr).toContain(
      'conduit-analyze: warning: all the data (2024-03-01T06:00Z to 2024-03-01T08:00Z) lies in the learning window ' +
        '(2024-03-01T06:00Z to 2024-03-01T08:00Z)'
    );
  });

  it('lists malformed lines and warns, or exits 1 with --strict', async () => {
    const broken = join(dir, 'broken.lp');
    writeFileSync(
      broken,
      [
        'flow,src_ip=10.10.5.23,dst_ip=10.40.2.20,dst_port=502,service=modbus bytes_out=1i 1709272800000000000',
        'flow,src_ip=10.10.5.23 bytes_out=',
        'this is not line protocol',
        '# a comment',
        '',
      ].join('\n')
    );
    const lenient = await run('--model', model, '--input', broken, '--format', 'json');
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toBe(
      [
        `${broken}: 4 lines, 1 point, 2 malformed`,
        '  line 2: missing field value for field bytes_out',
        '  line 3: missing field value for field is',
        'conduit-analyze: warning: 2 malformed lines were not analysed',
        '',
      ].join('\n')
    );
    const strict = await run('--model', model, '--input', broken, '--strict', '--max-errors', '1');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(
      [
        `${broken}: 4 lines, 1 point, 2 malformed`,
        '  line 2: missing field value for field bytes_out',
        '  ... and 1 more malformed lines',
        'conduit-analyze: error: 2 malformed lines were not analysed',
        '',
      ].join('\n')
    );
  });

  it('reads a file in the layout influx_inspect export and the simulator write, statements and all', async () => {
    const exported = join(dir, 'exported.lp');
    const points = readFileSync(capture, 'utf8');
    writeFileSync(
      exported,
      `# DDL\nCREATE DATABASE "conduit_it"\nCREATE DATABASE "conduit_ot"\n\n# DML\n# CONTEXT-DATABASE: conduit_ot\n${points}`
    );
    const plain = await run('--model', model, '--input', capture, '--format', 'json');
    const { code, stdout, stderr } = await run('--model', model, '--input', exported, '--format', 'json');
    expect(code).toBe(0);
    expect(stderr).toBe(`${exported}: 350 lines, 344 points, 0 malformed\n`);
    expect(stdout).toBe(plain.stdout);
  });

  it('shows a progress line while a long read goes on, and none with --quiet', async () => {
    // A clock that moves six seconds each time it is read: every read of the file takes longer than the
    // five seconds between progress lines in a log.
    let time = 0;
    const slowClock = () => (time += 6_000);
    const second = join(dir, 'second.lp');
    writeFileSync(second, readFileSync(capture));
    const size = (readFileSync(capture).length / (1024 * 1024)).toFixed(1);
    const io = captureIo();
    expect(await runAnalyze(['--model', model, '--input', capture, '--input', second], io, NOW, slowClock)).toBe(0);
    const lines = io.err().trimEnd().split('\n');
    const progress = lines.filter((line) => line.startsWith('conduit-analyze: reading '));
    expect(progress[0]).toMatch(
      new RegExp(`^conduit-analyze: reading \\S+riverside\\.lp \\(1 of 2\\) \\| ${size} of `)
    );
    expect(progress[progress.length - 1]).toMatch(
      /^conduit-analyze: reading \S+second\.lp \(2 of 2\) \| [\d.]+ of [\d.]+ MB \(100\.0%\) \| 688 points \| [\d.]+ MB\/s \| ETA 0:00$/
    );
    // The progress comes before the account of each file.
    expect(lines.slice(progress.length)).toEqual([
      `${capture}: 344 lines, 344 points, 0 malformed`,
      `${second}: 344 lines, 344 points, 0 malformed`,
    ]);

    const quiet = captureIo();
    expect(await runAnalyze(['--model', model, '--input', capture, '--quiet'], quiet, NOW, slowClock)).toBe(0);
    expect(quiet.err()).toBe(`${capture}: 344 lines, 344 points, 0 malformed\n`);
  });

  it('redraws the progress line in place on a terminal and ends it before the accounts', async () => {
    let time = 0;
    const io = { ...captureIo(), stderrIsTerminal: true };
    expect(await runAnalyze(['--model', model, '--input', capture], io, NOW, () => (time += 2_000))).toBe(0);
    expect(io.err()).toMatch(
      /^\rconduit-analyze: reading \S+riverside\.lp \| [^\n]*\x1b\[K\rconduit-analyze: reading [^\n]*344 points[^\n]*\x1b\[K\n\S+riverside\.lp: 344 lines, 344 points, 0 malformed\n$/
    );
  });

  it('says so when the files hold no points', async () => {
    const empty = join(dir, 'empty.lp');
    writeFileSync(empty, '# nothing here\n');
    const { code, stderr } = await run('--model', model, '--input', empty);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `${empty}: 1 line, 0 points, 0 malformed\nconduit-analyze: no points to analyse in the input files\n`
    );
  });
});

describe('conduit-analyze errors', () => {
  it('prints every problem of a bad zone model with its path and exits 2', async () => {
    const { code, stdout, stderr } = await run('--model', brokenModel, '--input', capture);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        `conduit-analyze: zone model ${brokenModel} is not valid:`,
        'conduit-analyze:   zones[0].purdueLevel (control), line 4: unknown Purdue level 7 (allowed: 0, 1, 2, 3, 3.5, 4, 5)',
        'conduit-analyze:   zones[0].cidrs[0] (control), line 6: invalid CIDR "10.40.1.0/33": prefix length 33 out of range 0..32 for IPv4',
        'conduit-analyze:   conduits[0].to (c1), line 10: unknown zone "nowhere"',
        '',
      ].join('\n')
    );
  });

  it('names an unreadable input file and exits 2', async () => {
    const { code, stderr } = await run('--model', model, '--input', capture, '--input', 'no-such.lp');
    expect(code).toBe(2);
    expect(stderr).toBe(
      "conduit-analyze: cannot read no-such.lp: ENOENT: no such file or directory, stat 'no-such.lp'\n"
    );
  });

  it('names the unreachable store by its URL and exits 2', async () => {
    const { code, stderr } = await run(
      '--model',
      model,
      '--it-url',
      'http://127.0.0.1:1',
      '--it-db',
      'it',
      '--ot-url',
      'http://127.0.0.1:1/',
      '--ot-db',
      'ot',
      '--from',
      'now-1h',
      '--to',
      'now'
    );
    expect(code).toBe(2);
    expect(stderr).toBe('conduit-analyze: cannot reach the IT store at http://127.0.0.1:1: ECONNREFUSED\n');
  });

  it('refuses inconsistent arguments with every problem at once', async () => {
    const { code, stderr } = await run(
      '--input',
      capture,
      '--it-url',
      'http://x',
      '--from',
      'yesterday',
      '--bucket',
      '5 minutes',
      '--format',
      'xml',
      'stray.lp'
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        'conduit-analyze: --model FILE is required',
        'conduit-analyze: unexpected argument "stray.lp" (input files go after --input)',
        'conduit-analyze: --from "yesterday" is not a time (ISO 8601 with a zone, a date, epoch ms, or now-6h)',
        'conduit-analyze: --bucket "5 minutes" is not a duration (30s, 1m, 5m, 1h)',
        'conduit-analyze: --format must be table or json, not "xml"',
        'conduit-analyze: give either --input files or the stores, not both',
        'conduit-analyze: run conduit-analyze --help for the options',
        '',
      ].join('\n')
    );
  });

  it('refuses analyzer flags that do not fit together, all at once', async () => {
    const { code, stderr } = await run(
      '--model',
      model,
      '--input',
      capture,
      '--once',
      '--follow',
      '--to',
      '2024-03-01T08:00:00Z',
      '--from',
      '2024-03-01T07:00:00Z',
      '--interval',
      'often',
      '--store-timeout',
      '0s',
      '--metrics-port',
      '99999'
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        'conduit-analyze: give --once or --follow, not both',
        'conduit-analyze: the analyzer (--once, --follow) reads the stores, not --input files',
        'conduit-analyze: --follow keeps going: give --once to stop at --to',
        'conduit-analyze: --interval "often" is not a duration (30s, 1m, 5m)',
        'conduit-analyze: --store-timeout "0s" is not a duration (30s, 1m, 5m)',
        'conduit-analyze: --metrics-port must be a port number (0 to 65535), not "99999"',
        'conduit-analyze: run conduit-analyze --help for the options',
        '',
      ].join('\n')
    );
  });

  it('gives up on a store that does not answer within --store-timeout, naming it and the wait', async () => {
    const silent = await startSilentServer();
    try {
      const stores = ['--it-url', silent.url, '--it-db', 'conduit_it', '--ot-url', silent.url, '--ot-db', 'conduit_ot'];
      const range = ['--from', '2024-03-01T07:00:00Z', '--to', '2024-03-01T08:00:00Z'];
      const { code, stderr } = await run('--model', model, ...stores, ...range, '--store-timeout', '400ms');
      expect(code).toBe(2);
      expect(stderr).toBe(`conduit-analyze: the IT store at ${silent.url} gave no answer within 0.4 s\n`);
    } finally {
      await silent.close();
    }
  });

  it('asks for every store setting and the range when reading the stores', async () => {
    const { code, stderr } = await run('--model', model, '--it-url', 'http://x');
    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        'conduit-analyze: --it-db is required with the stores',
        'conduit-analyze: --ot-url is required with the stores',
        'conduit-analyze: --ot-db is required with the stores',
        'conduit-analyze: --from and --to are both required with the stores',
        'conduit-analyze: run conduit-analyze --help for the options',
        '',
      ].join('\n')
    );
    expect((await run('--model', model)).stderr).toBe(
      'conduit-analyze: nothing to analyse: give --input FILE.lp or the stores (--it-url, --it-db, --ot-url, --ot-db)\n' +
        'conduit-analyze: run conduit-analyze --help for the options\n'
    );
  });

  it('documents every flag in --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: conduit-analyze --model FILE/);
    for (const flag of ANALYZE_FLAGS) {
      expect(stdout).toContain(`--${flag.name}`);
    }
  });
});
