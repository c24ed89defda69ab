/**
 * Incidents in the app, as SOC analysts and OT engineers work them in Grafana: one opened from the IT-to-OT
 * intrusion's correlated chain and walked through every phase to closed with the OT engineer's approval, two
 * people acting at once, a Viewer who may only read, and the report exported.
 */
import { readFileSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from '@playwright/test';

import { expect, openPage, test } from './hostTest';
import { scenarioLabels } from './scenarioLabels';

const APP = '/a/conduit-itot-app';

/** The README shows the pages dark as Grafana 13 draws them and light as Grafana 12 does. */
function themeOf(flavour: string): 'light' | 'dark' {
  return flavour === 'grafana12' ? 'light' : 'dark';
}
const HALF_HOUR = 30 * 60_000;

function intrusionSpan(): { from: number; to: number } {
  const labels = scenarioLabels().filter((label) => label.scenario === 'it-ot-intrusion' && label.kind !== 'fault');
  return {
    from: Math.min(...labels.map((label) => label.start)),
    to: Math.max(...labels.map((label) => label.end)),
  };
}

/** A second person: their own browser context (own session cookie), signed in as `role`. */
async function secondPerson(browser: Browser, hostUrl: string): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1600, height: 1000 }, baseURL: hostUrl });
}

async function openIncidentByHand(page: Page, title: string): Promise<string> {
  await openPage(page, `${APP}/incidents/new`, { role: 'Admin' });
  await page.getByRole('textbox', { name: /^Title/ }).fill(title);
  await page.getByRole('button', { name: 'Open incident' }).click();
  await expect(page).toHaveURL(/\/incidents\/INC-\d{8}-[A-Z0-9]{4}$/);
  return decodeURIComponent(page.url().split('/').pop() ?? '');
}

test.describe('incidents', () => {
  test('one opened from the intrusion chain is walked through every phase to closed with an OT approval', async ({
    page,
    browser,
    hostUrl,
    flavour,
    pageProblems,
    saveScreenshot,
  }) => {
    const theme = themeOf(flavour);
    test.setTimeout(240_000);
    const span = intrusionSpan();
    await openPage(page, `${APP}/incidents/new?from=${span.from - HALF_HOUR}&to=${span.to + HALF_HOUR}`, { theme });
    const chains = page.getByRole('group', { name: 'Chains' });
    await expect(chains.locator('[data-chain]').first()).toBeVisible({ timeout: 60_000 });
    // The intrusion's chain: the one that overlaps the labelled steps most.
    const rows = await chains.locator('[data-chain]').evaluateAll((elements) =>
      elements.map((element) => ({
        id: element.getAttribute('data-chain') ?? '',
        start: Number(element.getAttribute('data-start')),
        end: Number(element.getAttribute('data-end')),
      }))
    );
    const overlap = (row: { start: number; end: number }) =>
      Math.max(0, Math.min(row.end, span.to) - Math.max(row.start, span.from));
    const chain = [...rows].sort((a, b) => overlap(b) - overlap(a))[0];
    expect(overlap(chain)).toBeGreaterThan(0);
    await chains.locator(`[data-chain="${chain.id}"]`).getByRole('button', { name: 'Use this chain' }).click();
    const picked = page.getByRole('group', { name: 'Findings to link' }).getByRole('checkbox', { checked: true });
    await expect.poll(() => picked.count()).toBeGreaterThan(1);
    const linkedCount = await picked.count();
    await saveScreenshot(`app-new-incident-${theme}`);
    await page.getByRole('button', { name: 'Open incident' }).click();
    await expect(page).toHaveURL(/\/incidents\/INC-/);
    const url = new URL(page.url()).pathname;

    await expect(page.getByRole('list', { name: 'Linked findings' }).getByRole('listitem')).toHaveCount(linkedCount);
    await expect(page.getByText(`from chain ${chain.id}`)).toBeVisible();
    // Links to the dashboards and Explore at the incident's time.
    const zoneLink = page.getByRole('region', { name: 'Evidence' }).locator('a[href*="/d/conduit-overview"]').first();
    expect(await zoneLink.getAttribute('href')).toMatch(/from=\d+&to=\d+&var-zone=/);

    // Roles: the commander takes the role; the Editor acts as OT engineer.
    const roles = page.getByRole('region', { name: 'Roles' });
    await roles.locator('[data-role="commander"]').getByRole('button', { name: 'Take the role' }).click();
    await expect(roles.locator('[data-role="commander"]')).toContainText('admin');
    await roles.getByRole('textbox', { name: 'Login of the OT engineer' }).fill('editor');
    await roles.locator('[data-role="ot-engineer"]').getByRole('button', { name: 'Assign' }).click();
    await expect(roles.locator('[data-role="ot-engineer"]')).toContainText('editor');

    const move = async (phase: string) => {
      await page.getByRole('button', { name: `Move to ${phase}` }).click();
      await expect(page.getByRole('list', { name: 'Phases' }).locator('[aria-current="step"]')).toContainText(phase);
    };
    await move('Analyse');
    await move('Contain');

    // The containment step touches the process: no Done without the OT engineer's approval.
    const playbook = page.getByRole('region', { name: 'Playbook' });
    const gated = playbook
      .locator('[data-phase="contain"] [data-step]')
      .filter({ hasText: 'Needs the approval' })
      .first();
    await expect(gated).toBeVisible();
    const stepId = (await gated.getAttribute('data-step')) ?? '';
    await expect(gated.getByRole('button', { name: 'Done' })).toBeDisabled();
    await expect(gated.getByRole('button', { name: 'Approve' })).toHaveCount(0);

    const engineerContext = await secondPerson(browser, hostUrl);
    try {
      const engineer = await engineerContext.newPage();
      await openPage(engineer, url, { role: 'Editor' });
      const engineerStep = engineer.locator(`[data-step="${stepId}"]`);
      await engineerStep.getByRole('button', { name: 'Approve' }).click();
      await expect(engineerStep).toContainText('Approval given by editor');
    } finally {
      await engineerContext.close();
    }

    await openPage(page, url, { theme });
    const step = page.locator(`[data-step="${stepId}"]`);
    await expect(step).toContainText('Approval given by editor');
    await step.getByRole('button', { name: 'Done' }).click();
    await expect(step).toHaveAttribute('data-status', 'done');

    await move('Eradicate');
    await move('Recover');
    // Closing is refused until a post-incident review is on record.
    await expect(page.getByRole('button', { name: 'Close incident' })).toBeDisabled();
    await move('Improve');
    await page
      .getByRole('textbox', { name: 'Post-incident review' })
      .fill('Block engineering protocols from the office VLAN.');
    await page.getByRole('button', { name: 'Record the review' }).click();
    await expect(page.getByRole('region', { name: 'Notes' })).toContainText('Block engineering protocols');
    await saveScreenshot(`app-incident-${theme}`);
    await page.getByRole('button', { name: 'Close incident' }).click();
    await expect(page.getByText('closed', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reopen' })).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Markdown' }).click(),
    ]);
    const report = readFileSync((await download.path()) ?? '', 'utf8');
    expect(report).toContain('- Status: closed');
    expect(report).toContain('- OT engineer: editor');
    expect(report).toMatch(/approval given by editor/);
    expect(report).toMatch(/- Time to contain: \d+ (s|min)/);
    expect(report).toContain('## Post-incident review');

    // The list shows it closed, with the team's response times.
    await openPage(page, `${APP}/incidents`, { theme });
    await expect(
      page.getByRole('table', { name: 'Incidents' }).locator(`[data-incident="${url.split('/').pop()}"]`)
    ).toContainText('closed');
    await expect(page.getByRole('region', { name: 'Response times, real incidents' })).toBeVisible();
    await saveScreenshot(`app-incidents-${theme}`);
    expect(pageProblems).toEqual([]);
  });

  test('two people acting on one incident at once lose no event', async ({ page, browser, hostUrl, pageProblems }) => {
    const id = await openIncidentByHand(page, `Two people at once ${test.info().project.name}`);
    const otherContext = await secondPerson(browser, hostUrl);
    try {
      const other = await otherContext.newPage();
      await openPage(other, `${APP}/incidents/${id}`, { role: 'Editor' });
      const note = async (who: Page, text: string) => {
        await who.getByRole('textbox', { name: 'New note' }).fill(text);
        await who.getByRole('button', { name: 'Add note' }).click();
        await expect(who.getByRole('textbox', { name: 'New note' })).toHaveValue('');
      };
      // Each writes four notes while the other does, neither page reloaded in between.
      await Promise.all([
        (async () => {
          for (let index = 0; index < 4; index++) {
            await note(page, `admin note ${index}`);
          }
        })(),
        (async () => {
          for (let index = 0; index < 4; index++) {
            await note(other, `editor note ${index}`);
          }
        })(),
      ]);
      for (const who of [page, other]) {
        await who.reload();
        const notes = who.getByRole('region', { name: 'Notes' });
        for (let index = 0; index < 4; index++) {
          await expect(notes).toContainText(`admin note ${index}`);
          await expect(notes).toContainText(`editor note ${index}`);
        }
      }
      // Grafana stamped each with who wrote it.
      await expect(
        page.getByRole('region', { name: 'Timeline' }).locator('li', { hasText: 'editor note 0' })
      ).toContainText('editor');
    } finally {
      await otherContext.close();
    }
    expect(pageProblems).toEqual([]);
  });

  test('a Viewer reads an incident, is told why it cannot change it, and Grafana refuses a direct write', async ({
    page,
    pageProblems,
    saveScreenshot,
  }) => {
    const id = await openIncidentByHand(page, `Read only ${test.info().project.name}`);
    await openPage(page, `${APP}/incidents/${id}`, { role: 'Viewer' });
    await expect(page.getByText('You can read incidents but not change them')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Opened');
    await expect(page.getByRole('button', { name: /Move to/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Add note' })).toHaveCount(0);
    await saveScreenshot('app-incident-viewer');

    // The browser is not the boundary: the same event posted directly is refused by Grafana.
    const answer = await page.request.post('/api/annotations', {
      data: {
        text: `${id}: Closed`,
        tags: ['conduit-incident', `incident:${id}`, 'event:closed'],
        data: { conduitIncidentEvent: 1, id: 'viewer-close', incident: id, body: { type: 'closed' } },
      },
    });
    expect(answer.status()).toBe(403);
    const stored = (await (await page.request.get(`/api/annotations?tags=incident:${id}`)).json()) as unknown[];
    expect(stored).toHaveLength(1);
    expect(pageProblems).toEqual([]);
  });

  test('a drill reveals its first inject, is flagged, and stays out of the real metrics', async ({
    page,
    pageProblems,
  }) => {
    await openPage(page, `${APP}/incidents/new?drill=1`);
    await page.getByRole('button', { name: 'Start the drill' }).click();
    await expect(page).toHaveURL(/\/incidents\/INC-/);
    const drill = page.getByRole('region', { name: 'Drill' });
    await expect(drill.getByRole('list', { name: 'Injects' })).toContainText('+0 min Alert');
    await expect(drill).toContainText('Next inject in');
    await expect(drill.getByRole('table', { name: 'Drill score' })).toContainText('Contain');
    const id = decodeURIComponent(page.url().split('/').pop() ?? '');
    await openPage(page, `${APP}/incidents?drills=drills`);
    await expect(page.locator(`[data-incident="${id}"]`)).toContainText('drill');
    await openPage(page, `${APP}/incidents?drills=real`);
    await expect(page.locator(`[data-incident="${id}"]`)).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });
});

test.describe('the app configuration', () => {
  test('an admin sets custom playbooks, told where a broken one is wrong, and an Editor is refused', async ({
    page,
    flavour,
    pageProblems,
    saveScreenshot,
  }) => {
    const theme = themeOf(flavour);
    await openPage(page, '/plugins/conduit-itot-app?page=configuration', { theme });
    const yaml = page.getByRole('textbox', { name: 'Custom playbooks (YAML)' });
    await yaml.fill(
      'playbooks:\n  - id: drive\n    name: Drive tampering\n    steps:\n      - { id: lock, phase: contian, role: ot-engineer, title: Lock it }\n'
    );
    await expect(page.getByText(/playbooks\[0\]\.steps\[0\]\.phase: unknown phase "contian"/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();

    const name = `Drive tampering ${test.info().project.name}`;
    await yaml.fill(
      `playbooks:\n  - id: drive-tampering\n    name: ${name}\n    steps:\n      - { id: lock, phase: contain, role: ot-engineer, title: Lock the drive, needsApproval: true, caution: Stop the conveyor first }\n`
    );
    await page.getByRole('textbox', { name: 'OT engineer', exact: true }).fill('team:OT engineering');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved')).toBeVisible();
    await saveScreenshot(`app-config-${theme}`);

    // The New incident page offers the custom playbook.
    await openPage(page, `${APP}/incidents/new`);
    await page.getByRole('combobox', { name: /Playbook/ }).click();
    await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();

    // The browser is not the boundary: an Editor's direct write of the settings is refused.
    await openPage(page, APP, { role: 'Editor' });
    const answer = await page.request.post('/api/plugins/conduit-itot-app/settings', {
      data: { enabled: true, pinned: true, jsonData: {} },
    });
    expect(answer.status()).toBe(403);
    expect(pageProblems).toEqual([]);
  });
});
