import type { ScenarioLabel, TelemetryPoint, ZoneModel } from '@conduit/core';

import { EVAL_START_MS, main, parseEvalArguments, type TimelineFactory } from './evalCommand';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const model: ZoneModel = {
  zones: [
    { id: 'office', name: 'Office', purdueLevel: 4, slTarget: 2, safety: false, cidrs: ['10.10.0.0/16'], vlans: [] },
    { id: 'control', name: 'Control', purdueLevel: 1, slTarget: 3, safety: false, cidrs: ['10.20.1.0/24'], vlans: [] },
  ],
  conduits: [],
  assets: [],
};

function flowPoint(ms: number, dst: string, asset: string): TelemetryPoint {
  return {
    measurement: 'flow',
    tags: {
      src_ip: '10.10.10.21',
      dst_ip: dst,
      src_asset: 'ws-12',
      dst_asset: asset,
      src_zone: 'office',
      dst_zone: 'control',
      service: 'modbus',
      dst_port: '502',
    },
    fields: { bytes_out: 24, bytes_in: 26 },
    timestampNs: BigInt(ms) * 1_000_000n,
  };
}

/** A plant where an office PC polls a PLC on the scenario day and another one on a normal day. */
const fakeTimeline: TimelineFactory = (options) => {
  const attackAt = options.fromMs + DAY + 10 * HOUR;
  const strayAt = options.fromMs + 2 * DAY + 5 * HOUR;
  const labels: ScenarioLabel[] = [
    {
      scenario: 'firewall-change',
      step: 'office-modbus-read',
      kind: 'insider',
      start: attackAt,
      end: attackAt + 60_000,
      assets: ['ws-12', 'plc-dist-1'],
      expectedCategories: ['conduit-violation'],
      description: 'office PC polls a PLC',
    },
  ];
  return {
    model,
    labels: () => labels,
    *windows(toMs: number) {
      yield {
        startMs: options.fromMs,
        endMs: toMs,
        points: {
          it: [],
          ot: [flowPoint(attackAt + 5_000, '10.20.1.14', 'plc-dist-1'), flowPoint(strayAt, '10.20.1.15', 'plc-other')],
        },
      };
    },
  };
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('npm run eval', () => {
  it('reads seeds, days and the plant size, and refuses what it cannot use', () => {
    expect(parseEvalArguments(['--seeds', '4, 5,4', '--days', '2', '--json'])).toEqual({
      ok: true,
      // By default an office of 200 workstations, whose churn the learning detectors must take in their stride.
      options: { seeds: [4, 5], normalDays: 2, assets: 255 },
      json: true,
      help: false,
    });
    expect(parseEvalArguments(['--seeds', '1,x'])).toEqual({
      ok: false,
      error: '--seeds: "x" is not a whole number of 0 or more',
    });
    expect(parseEvalArguments(['--days', '0'])).toEqual({
      ok: false,
      error: '--days: must be a whole number from 1 to 30, got 0',
    });
    expect(parseEvalArguments(['--assets', '60'])).toMatchObject({ ok: true, options: { assets: 60 } });
    expect(parseEvalArguments(['--assets', '20'])).toEqual({
      ok: false,
      error: '--assets: must be a whole number from 35 to 5000, got 20',
    });
  });

  it('prints each labelled step with the finding that detected it, the false positives and the totals', async () => {
    const { io, out, err } = capture();
    expect(await main(['--seeds', '7'], io, fakeTimeline)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(
      /firewall-change\s+office-modbus-read\s+insider\s+-\s+yes\s+conduit-violation [0-9a-f]{16}: ws-12 \(Office \(L4\)\) connected to plc-dist-1/
    );
    expect(text).toContain('false positive 2025-03-05T05:00:00.000Z conduit-violation');
    expect(text).toContain(
      'Totals over 1 seed: recall 100.0% (1/1), precision 50.0% (1/2), false positives per normal day 0.50 (1 over 2.00 days)'
    );
    expect(err.join('')).toContain('seed 7: simulating 3 days of the plant');
  });

  it('prints the same as JSON with --json', async () => {
    const { io, out } = capture();
    await main(['--json', '--seeds', '7', '--days', '2'], io, fakeTimeline);
    const json = JSON.parse(out.join('')) as {
      seeds: Array<{ seed: number; range: { from: number; to: number } }>;
      totals: { recall: number; goalsMet: boolean };
    };
    expect(json.seeds[0]).toMatchObject({ seed: 7, range: { from: EVAL_START_MS, to: EVAL_START_MS + 4 * DAY } });
    expect(json.totals).toMatchObject({ recall: 1, goalsMet: true });
  });

  it('says what is wrong with the arguments on stderr and exits 2', async () => {
    const { io, err } = capture();
    expect(await main(['--seed', '1'], io, fakeTimeline)).toBe(2);
    expect(err.join('')).toBe('eval: unknown option --seed\n');
  });
});
