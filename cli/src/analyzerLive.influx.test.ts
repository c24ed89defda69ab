/**
 * The analyzer following a live plant: the simulator writes each second's telemetry as the clock reaches it, as
 * `conduit-sim live` does, and the analyzer runs its passes on the same clock. Every labelled attack step is in
 * the store as a finding within one interval of its data being due (the step's end plus the lag). The clock moves
 * only when the analyzer sleeps, so hours of plant time take seconds.
 */
import {
  DEFAULT_BUCKET_MS,
  evaluateDetection,
  type Finding,
  storedFindingsFrom,
  storedFindingsQuery,
  type ZoneModel,
} from '@conduit/core';

import { StoreWriter } from '../../simulator/src/storeWriter';
import { Timeline } from '../../simulator/src/timeline';
import { type AuthenticatedInfluxd, createUser, startInfluxdWithAuth } from '../../test/helpers/influxd';
import { Analyzer, DEFAULT_ANALYZER_TIMING } from './analyzerService';
import { createInfluxStore } from './influxStore';

jest.setTimeout(300_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-03-02T06:00:00Z');
/** The learning period of the model below: the plant's first hour, before any scenario. */
const BASELINE_HOURS = 1;
const SCENARIO_SPAN = HOUR;
const INTERVAL = 5 * MINUTE;
const LAG = 2 * MINUTE;
const ANALYZER = { name: 'conduit_analyzer', password: 'analyzer-Live-1' };

let influxd: AuthenticatedInfluxd;

let analyzerUrl: string;

beforeAll(async () => {
  influxd = await startInfluxdWithAuth({ databases: ['conduit_it', 'conduit_ot'] });
  analyzerUrl = (await createUser(influxd, ANALYZER.name, ANALYZER.password, { conduit_it: 'READ', conduit_ot: 'ALL' }))
    .url;
});

afterAll(async () => {
  await influxd?.stop();
});

async function storedFindings(): Promise<Finding[]> {
  const answer = await influxd.query(
    storedFindingsQuery({ from: START, to: START + BASELINE_HOURS * HOUR + SCENARIO_SPAN + HOUR }),
    'conduit_ot'
  );
  return storedFindingsFrom([answer]).findings;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

describe('the analyzer following the simulator live', () => {
  it('writes every labelled attack step as a finding within one interval of its data being due', async () => {
    const timeline = new Timeline({
      seed: 11,
      fromMs: START,
      scenarios: ['it-ot-intrusion', 'rogue-laptop', 'insider-setpoint', 'firewall-change'],
      scenarioRange: { fromMs: START + BASELINE_HOURS * HOUR, toMs: START + BASELINE_HOURS * HOUR + SCENARIO_SPAN },
    });
    const model: ZoneModel = {
      ...timeline.model,
      detection: { ...timeline.model.detection, baseline: { hours: BASELINE_HOURS } },
    };
    const writer = influxd.users.writer.url;
    const writers = {
      it: new StoreWriter(
        { kind: 'it', url: writer, database: 'conduit_it' },
        { concurrency: 2, requestTimeoutMs: 30_000 }
      ),
      ot: new StoreWriter(
        { kind: 'ot', url: writer, database: 'conduit_ot' },
        { concurrency: 2, requestTimeoutMs: 30_000 }
      ),
    };
    /** The plant up to `ms`, written as the live simulator writes it. */
    const liveUntil = async (ms: number): Promise<void> => {
      const points = timeline.advance(ms);
      await Promise.all([writers.it.write(points.it), writers.ot.write(points.ot)]);
    };
    const analysisStart = START + BASELINE_HOURS * HOUR;
    const end = analysisStart + SCENARIO_SPAN + 30 * MINUTE;
    await liveUntil(analysisStart);

    // When each finding was first in the store, by the shared clock.
    const firstWritten = new Map<string, number>();
    let now = analysisStart;
    const stop = new AbortController();
    const runtime = {
      clock: () => now,
      sleep: async (ms: number) => {
        for (const finding of await storedFindings()) {
          if (!firstWritten.has(finding.id)) {
            firstWritten.set(finding.id, now);
          }
        }
        now = Math.min(now + ms, end);
        await liveUntil(now);
        if (now >= end) {
          stop.abort();
        }
      },
      log: () => undefined,
      signal: stop.signal,
    };
    const summary = await new Analyzer(
      {
        ...DEFAULT_ANALYZER_TIMING,
        model,
        stores: {
          it: createInfluxStore('IT store', analyzerUrl, 'conduit_it'),
          ot: createInfluxStore('OT store', analyzerUrl, 'conduit_ot'),
        },
        shard: 'plant',
        intervalMs: INTERVAL,
        lagMs: LAG,
        resume: false,
        start: analysisStart,
      },
      runtime
    ).run();
    expect(summary.failures).toBe(0);

    const findings = await storedFindings();
    const evaluation = evaluateDetection(timeline.labels(), findings, {
      range: { from: analysisStart, to: end },
      toleranceMs: DEFAULT_BUCKET_MS,
    });
    const steps = evaluation.steps.filter((step) => step.kind !== 'fault');
    const rows = steps.map((step) => {
      const written = Math.min(...step.detectedBy.map((finding) => firstWritten.get(finding.id) ?? Infinity));
      const due = step.end + LAG;
      return {
        step: `${step.scenario} / ${step.step}`,
        start: step.start,
        end: step.end,
        written,
        late: written - due,
      };
    });
    process.stderr.write(
      'The analyzer following a live plant (interval 5 min, lag 2 min): each attack step, when its data was due ' +
        '(its end plus the lag) and when a finding of it was first stored\n' +
        rows
          .map(
            (row) =>
              `  ${row.step.padEnd(48)} ${stamp(row.start)}-${stamp(row.end)}  due ${stamp(row.end + LAG)}  stored ${
                Number.isFinite(row.written) ? stamp(row.written) : 'never'
              }\n`
          )
          .join('')
    );

    expect(steps.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      expect({ step: row.step, writtenWithinOneInterval: row.late <= INTERVAL }).toEqual({
        step: row.step,
        writtenWithinOneInterval: true,
      });
    }
  });
});
