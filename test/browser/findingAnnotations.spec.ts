/**
 * Findings on a dashboard's time axis, as the overview dashboard's "Findings" annotation query puts them on its
 * time series: a finding named by whoever controls a tag or an alert's text shows as the characters it was named
 * with, never as markup, through the tooltip Grafana renders as sanitized HTML.
 */
import { dataSourceEditsFor, OT_DATABASE, type Stores, startStores } from '../host/demoStack';
import { type RunningHostServer, startHostServer } from '../host/server';
import { hostPanel } from './panelsDrawn';
import { expect, openPage, test } from './hostTest';

const MINUTE = 60_000;
/** An IDS signature as an attacker on the network could make a sensor report it. */
const HOSTILE_SIGNATURE = '<img src=x onerror=window.__conduitInjected=1><b>Rogue</b> engineering tool';

function escapeFieldString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** An hour of one process value and, half way, a critical IDS alert with the hostile signature. */
function plantHour(now: number): string[] {
  const lines = Array.from({ length: 60 }, (_, index) => {
    const time = now - (60 - index) * MINUTE;
    return `process_value,asset=plc-dist-1,zone=distribution,point=FIT-101,kind=measurement,unit=m3/h value=${
      40 + (index % 7)
    } ${time}000000`;
  });
  lines.push(
    `alert,source=suricata,severity=critical,asset=jump-1,zone=industrial-dmz,src_ip=172.16.35.10 ` +
      `signature="${escapeFieldString(HOSTILE_SIGNATURE)}",category="trojan",message="" ${now - 30 * MINUTE}000000`
  );
  return lines;
}

let stores: Stores | undefined;
let host: RunningHostServer | undefined;

test.beforeAll(async ({ flavour }) => {
  stores = await startStores();
  await stores.ot.write(OT_DATABASE, plantHour(Date.now()).join('\n'));
  host = await startHostServer({ flavour, dataSourceEdits: dataSourceEditsFor(stores) });
});

test.afterAll(async () => {
  await host?.stop();
  await stores?.stop();
});

test('a finding named with markup shows as text in its annotation on the overview time series', async ({
  page,
  pageProblems,
}) => {
  await openPage(page, `${host?.url ?? ''}/d/conduit-overview`);
  const processValues = hostPanel(page, 5);
  const mark = processValues.getByTestId('host-annotation-mark');
  await expect(mark).toHaveCount(1, { timeout: 60_000 });

  await mark.hover();
  const tooltip = processValues.getByTestId('host-annotation-tooltip');
  await expect(tooltip).toContainText(HOSTILE_SIGNATURE);
  await expect(tooltip.locator('img')).toHaveCount(0);
  await expect(tooltip.locator('b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __conduitInjected?: number }).__conduitInjected)).toBeUndefined();
  expect(pageProblems).toEqual([]);
});

test('an incident event shows on the overview time series beside the findings', async ({ page, pageProblems }) => {
  const incident = `INC-TEST-${test.info().project.name}`;
  await openPage(page, `${host?.url ?? ''}/d/conduit-overview`, { role: 'Editor' });
  // As the app stores it: an organisation annotation with the incident's tags and the event in its data.
  const posted = await page.request.post(`${host?.url ?? ''}/api/annotations`, {
    data: {
      time: Date.now() - 10 * MINUTE,
      text: `${incident}: Opened: PLC write from the engineering workstation (critical)`,
      tags: ['conduit-incident', `incident:${incident}`, 'event:opened'],
      data: { conduitIncidentEvent: 1, id: 'event-1', incident, body: { type: 'opened' } },
    },
  });
  expect(posted.status()).toBe(200);
  await openPage(page, `${host?.url ?? ''}/d/conduit-overview`, { role: 'Editor' });
  const processValues = hostPanel(page, 5);
  const marks = processValues.getByTestId('host-annotation-mark');
  await expect(marks).toHaveCount(2, { timeout: 60_000 });
  const tooltip = processValues.getByTestId('host-annotation-tooltip');
  const texts: string[] = [];
  for (let index = 0; index < 2; index++) {
    await marks.nth(index).hover();
    texts.push((await tooltip.textContent()) ?? '');
  }
  expect(texts.some((text) => text.includes(`${incident}: Opened`))).toBe(true);
  expect(pageProblems).toEqual([]);
});
