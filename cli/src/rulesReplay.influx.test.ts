/**
 * The detection rules of the demo plant's zone model against real stores: four hours of the simulated plant with
 * every scenario in the last 90 minutes, analysed once so that the analyzer's findings and chains are stored.
 * Every generated query runs on influxd; replayed as Grafana evaluates them, the rules over raw telemetry catch
 * every labelled attack and insider step within two evaluation intervals and fire on nothing in the quiet hours.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  detectionAlertRules,
  detectionConfig,
  type DetectionAlertRule,
  queryTextAt,
  replayRule,
  type RuleAlert,
  type ScenarioLabel,
  scoreReplay,
  type StoreKind,
  type ZoneModel,
} from '@conduit/core';
import { runBackfill } from '@conduit/simulator/dist/backfillCommand';
import { SCENARIO_IDS } from '@conduit/simulator/dist/scenarios/scenario';

import { type RunningInfluxd, startInfluxd } from '../../test/helpers/influxd';
import { runAnalyze } from './analyzeCommand';
import { captureIo } from './capturedIo';
import { createInfluxStore, type InfluxStore } from './influxStore';
import { formatReplay, main, storeQuery } from './rulesCommand';
import { loadZoneModel } from './zoneModelInput';

jest.setTimeout(600_000);

const MODEL_PATH = join(__dirname, '..', '..', 'provisioning', 'zone-model.yaml');
const TO = Date.UTC(2026, 0, 20, 12, 0, 0);
const FROM = TO - 4 * 3_600_000;
const SCENARIOS_FROM = TO - 90 * 60_000;
const quietIo = { stdout: () => undefined, stderr: () => undefined, stderrIsTerminal: false };

let influxd: { it?: RunningInfluxd; ot?: RunningInfluxd } = {};
let stores: Record<StoreKind, InfluxStore>;
let model: ZoneModel;
let rules: DetectionAlertRule[];
let labels: ScenarioLabel[];
let dir = '';

async function replay(range: { from: number; to: number }): Promise<RuleAlert[]> {
  const alerts: RuleAlert[] = [];
  for (const rule of rules) {
    alerts.push(
      ...(await replayRule(rule, {
        range,
        query: storeQuery(stores),
      }))
    );
  }
  return alerts;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'conduit-rules-'));
  const [it, ot] = await Promise.all([
    startInfluxd({ databases: ['conduit_it'] }),
    startInfluxd({ databases: ['conduit_ot'] }),
  ]);
  influxd = { it, ot };
  const loaded = loadZoneModel(MODEL_PATH);
  if (!loaded.ok) {
    throw new Error(loaded.errors.join('\n'));
  }
  model = loaded.model;
  rules = detectionAlertRules(model, detectionConfig(model));
  const report = await runBackfill(
    {
      seed: 1,
      assets: 60,
      fromMs: FROM,
      toMs: TO,
      scenarios: SCENARIO_IDS,
      scenarioFromMs: SCENARIOS_FROM,
      it: { kind: 'it', url: it.url, database: 'conduit_it' },
      ot: { kind: 'ot', url: ot.url, database: 'conduit_ot' },
      batchSize: 5000,
      concurrency: 2,
      dryRun: false,
      progress: false,
    },
    quietIo
  );
  labels = report.labels;
  stores = {
    it: createInfluxStore('IT store', it.url, 'conduit_it'),
    ot: createInfluxStore('OT store', ot.url, 'conduit_ot'),
  };
  const io = captureIo();
  const analysed = await runAnalyze(
    [
      '--model',
      MODEL_PATH,
      '--it-url',
      it.url,
      '--it-db',
      'conduit_it',
      '--ot-url',
      ot.url,
      '--ot-db',
      'conduit_ot',
      '--write-url',
      ot.url,
      '--once',
      '--from',
      String(SCENARIOS_FROM - 30 * 60_000),
      '--to',
      String(TO),
      '--format',
      'json',
    ],
    io
  );
  if (analysed !== 0) {
    throw new Error(`conduit-analyze --once failed: ${io.err()}`);
  }
});

afterAll(async () => {
  await Promise.all([influxd.it?.stop(), influxd.ot?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('detection rules on real stores', () => {
  it('run every generated query on influxd', async () => {
    for (const rule of rules) {
      for (const query of rule.queries) {
        await expect(stores[query.store].query(queryTextAt(query, TO))).resolves.toBeInstanceOf(Array);
      }
    }
  });

  it('catch every labelled attack and insider step within two intervals with rules over raw telemetry', async () => {
    const range = { from: SCENARIOS_FROM - 10 * 60_000, to: TO };
    const alerts = await replay(range);
    const report = scoreReplay(model, rules, alerts, labels, range);
    process.stderr.write(formatReplay(report));
    const attack = report.steps.filter((step) => step.kind !== 'fault');
    expect(attack.length).toBeGreaterThanOrEqual(15);
    expect(attack.filter((step) => step.telemetryLatencyIntervals === undefined).map((step) => step.step)).toEqual([]);
    expect(report.caughtInTimeByTelemetry).toBe(report.attackSteps);
    // The analyzer's stored findings and chains fire their rules too.
    const fired = new Set(alerts.map((alert) => rules.find((rule) => rule.uid === alert.rule)?.template));
    expect(fired).toContain('finding-severity');
    expect(fired).toContain('chain-level');
  });

  it('fire on nothing in the quiet hours before the scenarios', async () => {
    const alerts = await replay({ from: FROM + 75 * 60_000, to: SCENARIOS_FROM - 5 * 60_000 });
    expect(alerts.map((alert) => `${alert.title} ${JSON.stringify(alert.labels)}`)).toEqual([]);
  });

  it('replay from the command line with progress and a table', async () => {
    const io = captureIo();
    const code = await main(
      [
        'replay',
        '--model',
        MODEL_PATH,
        '--it-url',
        stores.it.url,
        '--it-db',
        'conduit_it',
        '--ot-url',
        stores.ot.url,
        '--ot-db',
        'conduit_ot',
        '--from',
        String(TO - 30 * 60_000),
        '--to',
        String(TO),
        '--rule',
        'ot-command',
      ],
      io
    );
    expect(code).toBe(0);
    expect(io.err()).toMatch(/conduit-rules replay: \d+\/\d+ rules evaluated, \d+ alerts/);
    expect(io.out()).toContain('OT commands into Basic control that no conduit allows');
  });
});
