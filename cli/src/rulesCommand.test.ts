import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { AlertRuleStore } from '../../test/host/server/alertRules';
import { captureIo } from './capturedIo';
import { main } from './rulesCommand';

const ROOT = join(__dirname, '..', '..');
const MODEL = join(ROOT, 'provisioning', 'zone-model.yaml');
const PROVISIONED = join(ROOT, 'provisioning', 'alerting', 'conduit-detections.yaml');

interface ProvisionedDataSource {
  uid: string;
  type: string;
}

function provisionedDataSources(): ProvisionedDataSource[] {
  const file = parse(readFileSync(join(ROOT, 'provisioning', 'datasources', 'conduit.yaml'), 'utf8')) as {
    datasources: ProvisionedDataSource[];
  };
  return file.datasources;
}

async function run(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('conduit-rules generate', () => {
  it("keeps the demo stack's provisioned alerting file equal to what the zone model generates", async () => {
    const generated = await run('generate', '--model', MODEL, '--routing');
    expect(generated.code).toBe(0);
    expect(generated.err).toMatch(/^conduit-rules: \d+ rules\n$/);
    expect(readFileSync(PROVISIONED, 'utf8')).toBe(generated.out);
  });

  it("writes the file in Grafana's alerting provisioning format, over the provisioned InfluxDB datasources", () => {
    const file = parse(readFileSync(PROVISIONED, 'utf8')) as {
      apiVersion: number;
      groups: Array<{
        orgId: number;
        name: string;
        folder: string;
        interval: string;
        rules: Array<Record<string, unknown>>;
      }>;
      contactPoints: Array<{
        name: string;
        receivers: Array<{ uid: string; type: string; settings: Record<string, string> }>;
      }>;
      policies: Array<{ receiver: string; routes: Array<{ receiver: string; object_matchers: string[][] }> }>;
    };
    expect(file.apiVersion).toBe(1);
    const influx = provisionedDataSources()
      .filter((ds) => ds.type === 'influxdb')
      .map((ds) => ds.uid);
    const uids = new Set<string>();
    for (const group of file.groups) {
      expect(group).toMatchObject({ orgId: 1, folder: 'Conduit' });
      expect(group.interval).toMatch(/^\d+[smh]$/);
      for (const rule of group.rules) {
        expect(Object.keys(rule).sort()).toEqual(
          [
            'annotations',
            'condition',
            'data',
            'execErrState',
            'for',
            'isPaused',
            'labels',
            'noDataState',
            'title',
            'uid',
          ].sort()
        );
        uids.add(String(rule.uid));
        const data = rule.data as Array<{ refId: string; datasourceUid: string; model: Record<string, unknown> }>;
        expect(data.map((entry) => entry.refId)).toContain(rule.condition);
        for (const entry of data) {
          expect([...influx, '__expr__']).toContain(entry.datasourceUid);
        }
        // Grafana interpolates environment variables in labels: a `$` there would be lost.
        expect(JSON.stringify(rule.labels)).not.toContain('$');
      }
    }
    expect(uids.size).toBe(file.groups.reduce((total, group) => total + group.rules.length, 0));
    const receivers = file.contactPoints.map((point) => point.name);
    expect(receivers).toContain(file.policies[0].receiver);
    expect(receivers).toContain(file.policies[0].routes[0].receiver);
    expect(file.policies[0].routes[0].object_matchers).toContainEqual(['domain', '=', 'ot']);
  });

  it("gives API bodies that Grafana's provisioning API accepts", async () => {
    const generated = await run('generate', '--model', MODEL, '--format', 'json');
    const bodies = JSON.parse(generated.out) as Array<Record<string, unknown>>;
    const store = new AlertRuleStore(
      () => provisionedDataSources().map((ds) => ({ uid: ds.uid, type: ds.type, alerting: ds.type === 'influxdb' })),
      (uid) => uid === 'conduit'
    );
    for (const body of bodies) {
      const outcome = store.create(body, false);
      expect('ok' in outcome ? 'created' : outcome.message).toBe('created');
    }
    expect(store.list().map((rule) => rule.uid)).toEqual(bodies.map((body) => body.uid));
  });

  it('names what is wrong with its arguments', async () => {
    expect((await run('generate')).err).toMatch(/--model FILE is required/);
    expect((await run('generate', '--model', MODEL, '--finding-severity', 'urgent')).err).toMatch(
      /--finding-severity must be info, low, medium, high or critical, got urgent/
    );
    expect((await run('replay', '--model', MODEL)).err).toMatch(
      /missing --it-url, --it-db, --ot-url, --ot-db, --from, --to/
    );
    expect((await run('export')).err).toMatch(/unknown command export/);
    const replay = ['replay', '--model', MODEL, '--it-url', 'http://127.0.0.1:1', '--it-db', 'it', '--ot-url'];
    const stores = [
      ...replay,
      'http://127.0.0.1:1',
      '--ot-db',
      'ot',
      '--from',
      '1700000000000',
      '--to',
      '1700003600000',
    ];
    expect((await run(...stores, '--labels', join(ROOT, 'package.json'))).err).toMatch(
      /the labels .*package\.json hold no "labels" list/
    );
    expect((await run(...stores, '--rule', 'no-such-rule')).err).toMatch(
      /no rule's uid or template contains "no-such-rule"/
    );
    expect((await run('generate', '--model', join(ROOT, 'no-such-model.yaml'))).err).toMatch(/cannot read zone model/);
  });
});
