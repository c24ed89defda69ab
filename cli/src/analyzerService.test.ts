import { join } from 'node:path';

import { Analyzer, DEFAULT_ANALYZER_TIMING } from './analyzerService';
import { createInfluxStore } from './influxStore';
import { loadZoneModel } from './zoneModelInput';

const MINUTE = 60_000;
const loaded = loadZoneModel(join(__dirname, 'testdata', 'plant.yaml'));

/** The pauses a following analyzer asks for before its first pass, by a clock that moves only when it sleeps. */
async function pausesBeforeFirstPass(startMs: number, clockMs: number): Promise<number[]> {
  if (!loaded.ok) {
    throw new Error(loaded.errors.join('\n'));
  }
  // No store answers here: the first pass fails, which ends the run below.
  const store = createInfluxStore('OT store', 'http://127.0.0.1:9', 'conduit_ot');
  const pauses: number[] = [];
  const stop = new AbortController();
  let now = clockMs;
  let passTried = false;
  const analyzer = new Analyzer(
    {
      ...DEFAULT_ANALYZER_TIMING,
      model: loaded.model,
      stores: { ot: store },
      shard: 'plant',
      intervalMs: 5 * MINUTE,
      lagMs: 2 * MINUTE,
      resume: false,
      start: startMs,
    },
    {
      clock: () => now,
      sleep: async (ms) => {
        if (passTried) {
          return;
        }
        pauses.push(ms);
        now += ms;
        if (pauses.length > 5) {
          stop.abort();
        }
      },
      log: (line) => {
        // The first pass tried, and failed without a store: the pauses before it are known.
        passTried = true;
        stop.abort();
      },
      signal: stop.signal,
    }
  );
  await analyzer.run();
  return pauses;
}

describe('the analyzer following the clock', () => {
  it('started within the lag of now, waits once for its first interval to be due instead of asking at once', async () => {
    const start = Date.parse('2026-03-02T07:00:00Z');
    // At 07:01 with a lag of 2 minutes, the interval 07:00-07:05 is due at 07:07.
    expect(await pausesBeforeFirstPass(start, start + MINUTE)).toEqual([6 * MINUTE]);
  });

  it('waits only until the next boundary is due, not a whole interval', async () => {
    const start = Date.parse('2026-03-02T07:00:00Z');
    // At 07:11 the pass to 07:05 is due already: it runs (and fails here) without a pause.
    expect(await pausesBeforeFirstPass(start, start + 11 * MINUTE)).toEqual([]);
  });
});
