/**
 * The Detection rules page as SOC analysts use it: the rules the provisioned zone model generates, a preview against
 * the stack's stores, an Editor applying them to Grafana's alerting (twice, then after a change), a Viewer who may
 * only read, the provisioning file exported, and the pictures for the docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  ALERT_LABELS_TEMPLATE,
  DEFAULT_RULE_TARGET,
  type DetectionAlertRule,
  detectionAlertRules,
  detectionConfig,
  parseZoneModel,
  provisionedAlertRule,
  type Severity,
} from '@conduit/core';
import type { APIRequestContext, Page } from '@playwright/test';
import { parse } from 'yaml';

import { REPO_ROOT } from '../host/build-shared';
import { type RunningHostServer, startHostServer } from '../host/server';
import { browserStack } from './browserStack';
import { expect, openPage, test } from './hostTest';

const PAGE = '/a/conduit-itot-app/detection-rules';
const IMG = join(REPO_ROOT, 'docs', 'img');

function generated(findingMinSeverity: Severity = 'high'): DetectionAlertRule[] {
  const parsed = parseZoneModel(readFileSync(join(REPO_ROOT, 'provisioning', 'zone-model.yaml'), 'utf8'));
  if (!parsed.ok) {
    throw new Error('the provisioned zone model does not load');
  }
  return detectionAlertRules(parsed.model, detectionConfig(parsed.model), { findingMinSeverity, chainMaxLevel: 1 });
}

interface StoredRule {
  uid: string;
  title: string;
  ruleGroup: string;
  folderUID: string;
  for: string;
  condition: string;
  data: unknown[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

async function storedRules(request: APIRequestContext): Promise<Map<string, StoredRule>> {
  const response = await request.get('/api/v1/provisioning/alert-rules', { headers: { 'x-conduit-role': 'Editor' } });
  expect(response.status()).toBe(200);
  return new Map(((await response.json()) as StoredRule[]).map((rule) => [rule.uid, rule]));
}

async function rulesShown(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Detection rules', level: 1 })).toBeVisible();
  await expect(page.locator('article[data-rule-uid]').first()).toBeVisible();
}

/** Applies through the confirmation and waits for the summary saying `expected` (the last one stays until then). */
async function applyAndWait(page: Page, expected: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Apply to Grafana' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Apply the detection rules to Grafana');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('region', { name: 'Apply summary' })).toContainText(expected);
}

async function chooseSeverity(page: Page, severity: Severity): Promise<void> {
  await page.getByRole('combobox', { name: /Findings at or above/ }).click();
  await page.getByRole('option', { name: severity, exact: true }).click();
}

test.describe('the Detection rules page', () => {
  test('lists every generated rule with its labels and previews one against the stores', async ({
    page,
    pageProblems,
  }) => {
    const rules = generated();
    await openPage(page, PAGE);
    await rulesShown(page);
    await expect(page.locator('article[data-rule-uid]')).toHaveCount(rules.length);
    await expect(page.getByRole('region', { name: 'Over telemetry' })).toBeVisible();
    await expect(page.getByRole('region', { name: "Over the analyzer's findings" })).toBeVisible();

    const rule = rules.find((candidate) => candidate.template === 'zone-traffic' && candidate.labels.domain === 'ot');
    if (rule === undefined) {
      throw new Error('the demo plant has no OT zone-traffic rule');
    }
    const card = page.locator(`article[data-rule-uid="${rule.uid}"]`);
    await expect(card.getByRole('heading', { name: rule.title })).toBeVisible();
    await expect(card).toContainText(rule.watches);
    await expect(card).toContainText(rule.thresholdText);
    for (const [key, value] of Object.entries(rule.labels)) {
      await expect(card.locator(`[data-label="${key}"]`)).toHaveText(`${key}${String(value)}`);
    }
    await card.getByRole('button', { name: 'InfluxQL' }).click();
    await expect(card.getByLabel('InfluxQL of query A')).toHaveText(rule.queries[0].influxql);

    await card.getByRole('button', { name: 'Preview' }).click();
    const result = card.getByRole('status', { name: 'Preview result' });
    await expect(result).toBeVisible();
    await expect(result).toContainText(/Would (not )?fire/);
    await expect(result).toContainText(/\d+ series, \d+ firing/);
    await expect(card.getByText('The preview failed')).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });

  test('an Editor applies the rules, a second apply changes nothing, a new finding severity updates its rules', async ({
    page,
    request,
    pageProblems,
  }) => {
    const rules = generated();
    await openPage(page, PAGE, { role: 'Editor' });
    await rulesShown(page);
    const standing = page.getByLabel('Rules in Grafana');
    await expect(standing).toHaveText(/^In Grafana: \d+ as generated, \d+ different, \d+ missing/);
    await applyAndWait(page, /Applied: \d+ created, \d+ updated, 0 deleted, \d+ unchanged/);
    await expect(standing).toHaveText(`In Grafana: ${rules.length} as generated, 0 different, 0 missing.`);
    const held = await storedRules(request);
    for (const rule of rules) {
      const expected = provisionedAlertRule(rule, DEFAULT_RULE_TARGET);
      const stored = held.get(rule.uid);
      expect(stored, rule.title).toBeDefined();
      expect(stored).toMatchObject({
        title: expected.title,
        folderUID: 'conduit',
        ruleGroup: expected.ruleGroup,
        for: expected.for,
        condition: expected.condition,
        labels: expected.labels,
        annotations: expected.annotations,
        data: expected.data,
      });
    }
    const group = await request.get(
      `/api/v1/provisioning/folder/conduit/rule-groups/${encodeURIComponent('Conduit detections every 5m')}`,
      { headers: { 'x-conduit-role': 'Editor' } }
    );
    expect(((await group.json()) as { interval: number }).interval).toBe(300);

    await applyAndWait(page, `Applied: 0 created, 0 updated, 0 deleted, ${rules.length} unchanged`);
    await expect(page.getByRole('region', { name: 'Apply summary' })).toContainText('nothing was changed');

    await chooseSeverity(page, 'medium');
    const findingRules = generated('medium').filter((rule) => rule.template === 'finding-severity');
    const findingCard = page.locator(`article[data-rule-uid="${findingRules[0].uid}"]`);
    await expect(findingCard).toContainText('medium or above');
    await expect(findingCard).toContainText('Differs from Grafana');
    await expect(standing).toHaveText(
      `In Grafana: ${rules.length - findingRules.length} as generated, ${findingRules.length} different, 0 missing.`
    );
    await applyAndWait(
      page,
      `Applied: 0 created, ${findingRules.length} updated, 0 deleted, ${rules.length - findingRules.length} unchanged`
    );
    await expect(findingCard).toContainText('In Grafana');
    const after = await storedRules(request);
    for (const rule of findingRules) {
      expect(after.get(rule.uid)?.labels.severity).toBe('medium');
      expect(after.get(rule.uid)?.title).toBe(rule.title);
    }

    // The runbook link of an alert opens a new incident prefilled from the rule and the alert's labels, once
    // Grafana has expanded its template for the alert (each label as `&label=key=value`, urlquery-encoded).
    const template = after.get(findingRules[0].uid)?.annotations.runbook_url ?? '';
    expect(template).toMatch(/^\/a\/conduit-itot-app\/incidents\/new\?/);
    expect(template.endsWith(ALERT_LABELS_TEMPLATE)).toBe(true);
    const alertLabels = { alertname: findingRules[0].title, category: 'brute-force', zone: 'industrial-dmz' };
    const expanded = Object.entries(alertLabels)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => `&label=${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('');
    const runbook = template.slice(0, -ALERT_LABELS_TEMPLATE.length) + expanded;
    await openPage(page, runbook, { role: 'Editor' });
    await expect(page.getByRole('textbox', { name: /^Title/ })).toHaveValue(findingRules[0].title);
    await expect(page.getByRole('combobox', { name: 'Severity' })).toHaveValue('medium');
    await expect(page.getByRole('textbox', { name: 'Summary' })).toHaveValue(
      `Raised by the Grafana alert rule ${findingRules[0].uid} for category=brute-force, zone=industrial-dmz.`
    );
    await page.getByRole('textbox', { name: /^Title/ }).fill('Chosen by the analyst');
    await expect(page.getByRole('textbox', { name: /^Title/ })).toHaveValue('Chosen by the analyst');
    expect(pageProblems).toEqual([]);
  });

  test('a Viewer sees the rules and the reason, and no Apply', async ({ page, pageProblems }) => {
    await openPage(page, PAGE, { role: 'Viewer' });
    await rulesShown(page);
    await expect(page.getByText('You can read and preview these rules but not apply them')).toBeVisible();
    await expect(page.getByText(/needs the Editor or Admin role/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Apply to Grafana' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Preview' }).first()).toBeEnabled();
    expect(pageProblems).toEqual([]);
  });

  test('exports a provisioning file that holds every rule', async ({ page, pageProblems }) => {
    const rules = generated();
    await openPage(page, PAGE, { role: 'Viewer' });
    await rulesShown(page);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export YAML' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('conduit-alert-rules.yaml');
    const document = parse(readFileSync(await file.path(), 'utf8')) as {
      apiVersion: number;
      groups: Array<{ folder: string; interval: string; rules: Array<{ uid: string }> }>;
      contactPoints: unknown[];
      policies: unknown[];
    };
    expect(document.apiVersion).toBe(1);
    expect(document.groups.every((group) => group.folder === 'Conduit')).toBe(true);
    const uids = document.groups.flatMap((group) => group.rules.map((rule) => rule.uid));
    expect(uids.sort()).toEqual(rules.map((rule) => rule.uid).sort());
    expect(document.contactPoints).toHaveLength(2);
    expect(document.policies).toHaveLength(1);
    expect(pageProblems).toEqual([]);
  });
});

test.describe('the Detection rules page, pictured for the docs', () => {
  let host: RunningHostServer;

  test.beforeAll(async ({ flavour }) => {
    host = await startHostServer({ flavour, dataSourceEdits: browserStack().dataSourceEdits });
  });

  test.afterAll(async () => host?.stop());

  // Both flavours draw the pages; the docs keep grafana12's pictures.
  test('in both themes, wide and narrow', async ({ page, request, flavour, pageProblems }) => {
    // Four pages of previews against the stack's stores, while the other tests load the same machine.
    test.setTimeout(5 * 60_000);
    // Grafana holds the rules as generated, as after an apply, whatever the other tests do meanwhile.
    for (const rule of generated()) {
      const created = await request.post(`${host.url}/api/v1/provisioning/alert-rules`, {
        data: provisionedAlertRule(rule, DEFAULT_RULE_TARGET),
        headers: { 'x-conduit-role': 'Admin' },
      });
      expect(created.status()).toBe(201);
    }
    for (const theme of ['light', 'dark'] as const) {
      for (const [width, suffix] of [
        [1440, ''],
        [1000, '-narrow'],
      ] as const) {
        await page.setViewportSize({ width, height: 1000 });
        await openPage(page, `${host.url}${PAGE}`, { role: theme === 'light' ? 'Editor' : 'Viewer', theme });
        await rulesShown(page);
        const cards = page.locator('article[data-rule-uid]');
        await cards.first().getByRole('button', { name: 'InfluxQL' }).click();
        // The wide picture shows the top of the page with its first rules previewed; the narrow one a rule over the
        // analyzer's findings that fires (the stack's scenarios leave some).
        const chosen =
          suffix === ''
            ? [0, 1, 2, 3]
            : (
                await cards.evaluateAll((elements) =>
                  elements.map((element, index) =>
                    (element.getAttribute('data-rule-uid') ?? '').startsWith('conduit-finding-severity-') ? index : -1
                  )
                )
              ).filter((index) => index >= 0);
        for (const index of chosen) {
          await cards.nth(index).getByRole('button', { name: 'Preview' }).click();
        }
        await expect(page.getByRole('status', { name: 'Preview result' })).toHaveCount(chosen.length);
        const firing = page.locator('article[data-rule-uid]:has([data-would-fire="true"])');
        test.info().annotations.push({ type: 'would fire now', description: String(await firing.count()) });
        if (suffix === '-narrow' && (await firing.count()) > 0) {
          await firing.first().evaluate((element) => element.scrollIntoView({ block: 'center' }));
        } else {
          await page.evaluate(() => window.scrollTo(0, 0));
        }
        await page.mouse.move(0, 0);
        await page.waitForLoadState('networkidle');
        if (flavour === 'grafana12') {
          await page.screenshot({ path: join(IMG, `detection-rules-${theme}${suffix}.png`) });
        }
      }
    }
    await page.setViewportSize({ width: 1600, height: 1000 });
    expect(pageProblems).toEqual([]);
  });
});

test.describe('the Detection rules page over a zone model that does not validate', () => {
  let host: RunningHostServer;

  test.beforeAll(async ({ flavour }) => {
    const edits = browserStack().dataSourceEdits;
    const conduit = edits['conduit-telemetry'] ?? {};
    host = await startHostServer({
      flavour,
      dataSourceEdits: {
        ...edits,
        'conduit-telemetry': {
          ...conduit,
          jsonData: { ...conduit.jsonData, zoneModel: 'zones:\n  - id: plant\n    name: Plant\n    purdueLevel: 9\n' },
        },
      },
    });
  });

  test.afterAll(async () => host?.stop());

  test('names the problems instead of rules', async ({ page, flavour, pageProblems }) => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openPage(page, `${host.url}${PAGE}`, { theme: 'dark' });
    await expect(page.getByText(/The zone model in .* is not valid: no rules/)).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('purdueLevel');
    await expect(page.locator('article[data-rule-uid]')).toHaveCount(0);
    await expect(page.getByRole('link', { name: /Change the model in/ })).toBeVisible();
    if (flavour === 'grafana12') {
      await page.screenshot({ path: join(IMG, 'detection-rules-invalid-dark.png') });
    }
    await page.setViewportSize({ width: 1600, height: 1000 });
    expect(pageProblems).toEqual([]);
  });
});
