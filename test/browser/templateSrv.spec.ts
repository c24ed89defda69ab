import type { Page } from '@playwright/test';

import { expect, openPage, test } from './hostTest';

const VARIABLES = [
  { name: 'zone', type: 'custom', current: { text: 'supervisory', value: 'supervisory' } },
  {
    name: 'assets',
    type: 'custom',
    multi: true,
    includeAll: true,
    current: { text: ['All'], value: ['$__all'] },
    options: [
      { text: 'All', value: '$__all' },
      { text: 'plc-1', value: 'plc-1' },
      { text: "o'hmi", value: "o'hmi" },
    ],
  },
];

/** Replaces with the page's template service (the one plugins get from getTemplateSrv()), given variables. */
async function replace(page: Page, targets: string[], scopedVars: Record<string, unknown> = {}): Promise<string[]> {
  return page.evaluate(
    async ({ targets, scopedVars, variables }) => {
      const runtime = (await System.import('@grafana/runtime')) as {
        getTemplateSrv: () => {
          replace: (target: string, scoped?: unknown) => string;
          setDashboardVariables: (list: unknown[], query: Record<string, string>) => void;
          updateTimeRange: (range: unknown) => void;
        };
      };
      const data = (await System.import('@grafana/data')) as { dateTime: (ms: number) => unknown };
      const srv = runtime.getTemplateSrv();
      srv.setDashboardVariables(variables, { 'var-zone': 'basic-control' });
      srv.updateTimeRange({
        from: data.dateTime(1_000_000),
        to: data.dateTime(4_600_000),
        raw: { from: 'now-1h', to: 'now' },
      });
      return targets.map((target) => srv.replace(target, scopedVars));
    },
    { targets, scopedVars, variables: VARIABLES }
  );
}

test.describe("the host's template service replaces variables as Grafana's does", () => {
  test('URL values win, All expands to the options in each format, scoped and built-in variables resolve', async ({
    page,
    pageProblems,
  }) => {
    await openPage(page, '/');
    expect(await replace(page, ['$zone ${zone} [[zone]]'])).toEqual(['basic-control basic-control basic-control']);
    expect(await replace(page, ['${assets}', '${assets:regex}', '${assets:sqlstring}', '${assets:pipe}'])).toEqual([
      "{plc-1,o'hmi}",
      "(plc-1|o'hmi)",
      "'plc-1','o''hmi'",
      "plc-1|o'hmi",
    ]);
    expect(
      await replace(
        page,
        ['$__interval $zone', '${__from}-${__to} ${__from:date:seconds}', '$nothing ${nothing:csv}'],
        {
          __interval: { text: '30s', value: '30s' },
          zone: { text: 'x', value: 'x' },
        }
      )
    ).toEqual(['30s x', '1000000-4600000 1000', '$nothing ${nothing:csv}']);
    expect(pageProblems).toEqual([]);
  });
});
