import { DEFAULT_RULE_TARGET } from '@conduit/core';

import { AlertRuleStore } from '../../../test/host/server/alertRules';
import { demoRules } from '../../test/demoRules';
import { ApiError, applyRules, changedNothing, type GrafanaClient, type Method } from './applyRules';

/**
 * Grafana's folder and alerting provisioning API as the test host models it (test/host/server/alertRules.ts):
 * validation, rule groups with their intervals, and a folder list that starts without the app's folder.
 */
class FakeGrafana implements GrafanaClient {
  readonly folders = new Set(['general']);
  readonly rules = new AlertRuleStore(
    () => [
      { uid: 'conduit-it-influx', type: 'influxdb', alerting: true },
      { uid: 'conduit-ot-influx', type: 'influxdb', alerting: true },
    ],
    (uid) => this.folders.has(uid)
  );
  readonly calls: string[] = [];
  refuseList = false;

  async request<T>(method: Method, url: string, body?: unknown): Promise<T> {
    this.calls.push(`${method} ${url}`);
    const answer = (outcome: { ok: unknown } | { status: number; message: string }) => {
      if ('ok' in outcome) {
        return outcome.ok as T;
      }
      throw new ApiError(outcome.message, outcome.status);
    };
    let match: RegExpExecArray | null;
    if ((match = /^\/api\/folders\/([^/]+)$/.exec(url))) {
      const uid = decodeURIComponent(match[1]);
      return answer(this.folders.has(uid) ? { ok: { uid } } : { status: 404, message: 'Folder not found' });
    }
    if (url === '/api/folders' && method === 'POST') {
      this.folders.add(String((body as { uid: string }).uid));
      return answer({ ok: body });
    }
    if (url === '/api/v1/provisioning/alert-rules') {
      if (method === 'GET') {
        return answer(this.refuseList ? { status: 403, message: 'Access denied' } : { ok: this.rules.list() });
      }
      return answer(this.rules.create(body, false));
    }
    if ((match = /^\/api\/v1\/provisioning\/alert-rules\/([^/]+)$/.exec(url))) {
      const uid = decodeURIComponent(match[1]);
      if (method === 'PUT') {
        return answer(this.rules.update(uid, body, false));
      }
      this.rules.delete(uid);
      return answer({ ok: undefined });
    }
    if ((match = /^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/.exec(url))) {
      const [folder, group] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
      if (method === 'GET') {
        const found = this.rules.group(folder, group);
        return answer(found ? { ok: found } : { status: 404, message: 'rule group not found' });
      }
      return answer(this.rules.replaceGroup(folder, group, body, false));
    }
    throw new ApiError('Not found', 404);
  }
}

describe('applying the rules to Grafana', () => {
  it('creates the folder, every rule and the intervals of their groups, and a second apply changes nothing', async () => {
    const grafana = new FakeGrafana();
    const rules = demoRules();
    const progress: number[] = [];
    const first = await applyRules(grafana, rules, DEFAULT_RULE_TARGET, (step) => progress.push(step.done));
    expect(first.error).toBeUndefined();
    expect(first.failures).toEqual([]);
    expect(first.folderCreated).toBe(true);
    expect(grafana.folders.has('conduit')).toBe(true);
    expect(first.created).toHaveLength(rules.length);
    expect(
      grafana.rules
        .list()
        .map((rule) => rule.uid)
        .sort()
    ).toEqual(rules.map((rule) => rule.uid).sort());
    // Process rules run every five minutes; Grafana starts a new group at one minute.
    expect(first.intervals).toEqual([{ group: 'Conduit detections every 5m', seconds: 300 }]);
    expect(grafana.rules.group('conduit', 'Conduit detections every 5m')?.interval).toBe(300);
    expect(grafana.rules.group('conduit', 'Conduit detections every 1m')?.interval).toBe(60);
    expect(progress[progress.length - 1]).toBe(rules.length + 2);

    grafana.calls.length = 0;
    const second = await applyRules(grafana, rules, DEFAULT_RULE_TARGET);
    expect(second.unchanged).toHaveLength(rules.length);
    expect(changedNothing(second)).toBe(true);
    expect(grafana.calls.filter((call) => !call.startsWith('GET '))).toEqual([]);
  });

  it('updates what changed, deletes what is no longer generated and leaves rules made by others alone', async () => {
    const grafana = new FakeGrafana();
    await applyRules(grafana, demoRules(), DEFAULT_RULE_TARGET);
    const handMade = grafana.rules.create(
      { ...grafana.rules.list()[0], uid: 'made-by-hand', title: 'A rule someone made in Grafana' },
      false
    );
    expect('ok' in handMade).toBe(true);

    const report = await applyRules(
      grafana,
      demoRules({ findingMinSeverity: 'medium', chainMaxLevel: 2 }),
      DEFAULT_RULE_TARGET
    );
    expect(report.failures).toEqual([]);
    expect(report.updated).toHaveLength(8);
    expect(report.updated.every((title) => title.startsWith('Findings at medium or above'))).toBe(true);
    expect(report.deleted).toEqual(['Attack chains reaching Purdue level 1 or below']);
    expect(report.created).toEqual(['Attack chains reaching Purdue level 2 or below']);
    expect(grafana.rules.get('made-by-hand')).toBeDefined();
  });

  it('reports each rule Grafana refuses with its message and still applies the others', async () => {
    const grafana = new FakeGrafana();
    const target = { ...DEFAULT_RULE_TARGET, dataSourceUids: { it: 'conduit-it-influx', ot: 'missing-influx' } };
    const rules = demoRules();
    const report = await applyRules(grafana, rules, target);
    const otRules = rules.filter((rule) => rule.queries.some((query) => query.store === 'ot'));
    expect(report.failures.filter((failure) => failure.action === 'create')).toHaveLength(otRules.length);
    expect(report.failures[0].message).toMatch(/data source not found/);
    expect(report.created).toHaveLength(rules.length - otRules.length);
  });

  it('writes nothing when Grafana refuses to list its rules', async () => {
    const grafana = new FakeGrafana();
    grafana.folders.add('conduit');
    grafana.refuseList = true;
    const report = await applyRules(grafana, demoRules(), DEFAULT_RULE_TARGET);
    expect(report.error).toBe('The alert rules could not be read: Access denied');
    expect(grafana.calls.filter((call) => !call.startsWith('GET '))).toEqual([]);
  });
});
