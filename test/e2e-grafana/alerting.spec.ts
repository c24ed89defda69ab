import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test } from '@grafana/plugin-e2e';
import { parse } from 'yaml';

interface ProvisionedGroup {
  name: string;
  interval: string;
  rules: Array<{ uid: string; title: string }>;
}

/** A rule as Grafana's Prometheus-compatible rules API reports its evaluations. */
interface EvaluatedRule {
  name: string;
  health: string;
  lastError?: string;
  lastEvaluation?: string;
}

const file = parse(
  readFileSync(join(__dirname, '..', '..', 'provisioning', 'alerting', 'conduit-detections.yaml'), 'utf8')
) as { groups: ProvisionedGroup[] };

const viewer = { user: 'conduit-alerting-viewer', password: 'viewer-password', role: 'Viewer' as const };
test.use({ user: viewer });

function basic(user: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

test.describe('detection rules in Grafana', () => {
  test('the provisioned rules are loaded and Grafana evaluates them without an error', async ({
    request,
    grafanaAPICredentials,
  }) => {
    const admin = basic(grafanaAPICredentials.user, grafanaAPICredentials.password);
    const stored = (await (await request.get('/api/v1/provisioning/alert-rules', { headers: admin })).json()) as Array<{
      uid: string;
      provenance: string;
    }>;
    const provisioned = file.groups.flatMap((group) => group.rules);
    for (const rule of provisioned) {
      expect(stored.find((held) => held.uid === rule.uid)?.provenance, rule.title).toBe('file');
    }

    // Every rule of the every-minute group has been evaluated since the test began, and none failed its query.
    const since = Date.now();
    const minuteRules = file.groups.find((group) => group.interval === '1m')?.rules.map((rule) => rule.title) ?? [];
    await expect
      .poll(
        async () => {
          const answer = (await (
            await request.get('/api/prometheus/grafana/api/v1/rules', { headers: admin })
          ).json()) as { data: { groups: Array<{ rules: EvaluatedRule[] }> } };
          const evaluated = answer.data.groups.flatMap((group) => group.rules);
          return minuteRules.filter((title) => {
            const rule = evaluated.find((candidate) => candidate.name === title);
            return !(
              rule !== undefined &&
              Date.parse(rule.lastEvaluation ?? '') > since &&
              rule.health !== 'error' &&
              (rule.lastError ?? '') === ''
            );
          });
        },
        { timeout: 180_000, intervals: [10_000] }
      )
      .toEqual([]);
  });

  test('a Viewer cannot write alert rules through the provisioning API', async ({ createUser, request }) => {
    await createUser();
    const denied = await request.delete(`/api/v1/provisioning/alert-rules/${file.groups[0].rules[0].uid}`, {
      headers: basic(viewer.user, viewer.password),
    });
    expect(denied.status()).toBe(403);
  });
});
