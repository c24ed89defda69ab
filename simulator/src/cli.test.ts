import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseLineProtocol, type ScenarioLabelFile } from '@conduit/core';

import { freeLoopbackUrl } from '../../test/helpers/freePort';
import type { CommandIo } from './backfillCommand';
import { EXIT_OK, EXIT_USAGE, main } from './cli';
import { runLive } from './liveCommand';
import { SCENARIO_IDS } from './scenarios/scenario';

function capture(): CommandIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    stderrIsTerminal: false,
  };
  return io;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('the conduit-sim command', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conduit-sim-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [['backfill', '--seed', 'x'], '--seed: "x" is not an integer'],
    [['backfill', '--assets', '3'], '--assets: must be from 35 to 5000'],
    [['backfill', '--from', 'yesterday'], '--from: "yesterday" is not a time'],
    [['backfill', '--from', '-1h', '--to', '-2h'], '--to: must be after --from'],
    [
      ['backfill', '--from', '-1h', '--scenario-from', '-2h'],
      '--scenario-from: must lie from --from up to before --to',
    ],
    [['backfill', '--scenario-from', 'soon'], '--scenario-from: "soon" is not a time'],
    [['backfill', '--it-url', 'ftp://influx'], '--it-url: "ftp://influx" must start with http'],
    [['backfill', '--scenario', 'rogue-laptop,meteor'], '--scenario: unknown scenario "meteor"'],
    [
      ['backfill', '--labels', '/no/such/folder/labels.json'],
      '--labels: the folder of /no/such/folder/labels.json does not exist',
    ],
    [['backfill', '--batch', '0'], '--batch: must be from 1'],
    [['live', '--span', 'forever'], '--span: "forever" is not a duration'],
    [['backfill', '--colour'], 'unknown flag --colour'],
    [['teleport'], 'unknown command "teleport"'],
  ])('exits 2 naming the flag at fault: %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toContain(message);
  });

  it('documents every flag of every command with its default', async () => {
    for (const command of ['backfill', 'live', 'model']) {
      const { code, out } = await run(command, '--help');
      expect(code).toBe(EXIT_OK);
      expect(out).toContain(`Usage: conduit-sim ${command}`);
    }
    const backfill = (await run('backfill', '--help')).out;
    for (const flag of [
      'from',
      'to',
      'seed',
      'assets',
      'scenario',
      'scenario-from',
      'it-url',
      'it-db',
      'ot-url',
      'ot-db',
      'labels',
      'batch',
      'concurrency',
      'dry-run',
    ]) {
      expect(backfill).toContain(`--${flag}`);
    }
    expect(backfill).toContain('(default: conduit_ot)');
    expect((await run('--help')).out).toContain('backfill');
  });

  it('exits 2 naming the URL when a store is down during a backfill', async () => {
    const url = await freeLoopbackUrl();
    const result = await run(
      'backfill',
      '--from',
      '-10m',
      '--to',
      'now',
      '--it-url',
      url,
      '--ot-url',
      url,
      '--quiet',
      '--labels',
      join(dir, 'l.json')
    );
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toContain(`store at ${url}`);
  });

  it('prints line protocol in the influx -import format and writes the labels on a dry run', async () => {
    const labels = join(dir, 'dry.json');
    const result = await run(
      'backfill',
      '--dry-run',
      '--quiet',
      '--from',
      '2026-01-15T00:00:00Z',
      '--to',
      '2026-01-15T00:10:00Z',
      '--labels',
      labels
    );
    expect(result.code).toBe(EXIT_OK);
    expect(result.out.startsWith('# DDL\nCREATE DATABASE "conduit_it"\nCREATE DATABASE "conduit_ot"\n# DML\n')).toBe(
      true
    );
    expect(result.out).toContain('# CONTEXT-DATABASE: conduit_it\n');
    expect(result.out).toContain('# CONTEXT-DATABASE: conduit_ot\n');
    const data = result.out
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('CREATE'));
    expect(data.length).toBeGreaterThan(5000);
    const parsed = parseLineProtocol(data.slice(0, 2000).join('\n'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.points).toHaveLength(2000);
    const file = JSON.parse(await readFile(labels, 'utf8')) as ScenarioLabelFile;
    expect(file).toMatchObject({ seed: 1, from: Date.UTC(2026, 0, 15), to: Date.UTC(2026, 0, 15, 0, 10) });
  });

  it('plays the scenarios from --scenario-from to the end of the range, after all the history before it', async () => {
    const labels = join(dir, 'late.json');
    const result = await run(
      'backfill',
      '--dry-run',
      '--quiet',
      '--from',
      '2026-01-15T00:00:00Z',
      '--to',
      '2026-01-15T01:00:00Z',
      '--scenario-from',
      '2026-01-15T00:40:00Z',
      '--labels',
      labels
    );
    expect(result.code).toBe(EXIT_OK);
    const file = JSON.parse(await readFile(labels, 'utf8')) as ScenarioLabelFile;
    expect(new Set(file.labels.map((label) => label.scenario))).toEqual(new Set(SCENARIO_IDS));
    for (const label of file.labels) {
      expect(label.start).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 15, 0, 40));
      expect(label.end).toBeLessThanOrEqual(Date.UTC(2026, 0, 15, 1, 0));
    }
  });

  it('prints the zone model that provisioning/zone-model.yaml holds', async () => {
    const result = await run('model');
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toBe(await readFile(join(__dirname, '..', '..', 'provisioning', 'zone-model.yaml'), 'utf8'));
  });

  it('keeps running live when the stores are down and reports what it could not write, and where', async () => {
    const url = await freeLoopbackUrl();
    const io = capture();
    const stop = new Promise<void>((resolve) => setTimeout(resolve, 2500));
    const code = await runLive(
      {
        seed: 1,
        assets: 60,
        scenarios: [],
        spanMs: 3_600_000,
        it: { kind: 'it', url, database: 'conduit_it' },
        ot: { kind: 'ot', url, database: 'conduit_ot' },
        batchSize: 5000,
        concurrency: 2,
        reportEverySeconds: 1,
      },
      io,
      stop
    );
    expect(code).toBe(EXIT_OK);
    expect(io.err).toMatch(new RegExp(`OT ${url}: 0 written, [\\d,]+ could not be written`));
    expect(io.err).toContain('live: stopped');
  });
});
