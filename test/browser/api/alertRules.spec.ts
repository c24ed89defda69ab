import { expect, test } from '../hostTest';

const ADMIN = { 'x-conduit-role': 'Admin' };

/** A detection rule as the app compiles it: an InfluxQL query on the OT store, reduced and thresholded. */
function rule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: `Modbus writes from outside the control zone ${Date.now()}-${Math.random()}`,
    ruleGroup: 'conduit-detections',
    folderUID: 'conduit',
    condition: 'C',
    noDataState: 'OK',
    execErrState: 'Error',
    for: '5m',
    labels: { technique: 'T0855' },
    data: [
      {
        refId: 'A',
        datasourceUid: 'conduit-ot-influx',
        relativeTimeRange: { from: 600, to: 0 },
        model: { refId: 'A', query: 'SELECT count("value") FROM "ot_operation" WHERE $timeFilter', rawQuery: true },
      },
      {
        refId: 'B',
        datasourceUid: '__expr__',
        model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last' },
      },
      { refId: 'C', datasourceUid: '-100', model: { refId: 'C', type: 'threshold', expression: 'B' } },
    ],
    ...overrides,
  };
}

async function post(request: import('@playwright/test').APIRequestContext, body: unknown, role = ADMIN) {
  const response = await request.post('/api/v1/provisioning/alert-rules', { data: body, headers: role });
  return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
}

test.describe('alert rules through the provisioning API', () => {
  test('a valid rule is stored with a generated uid and listed', async ({ request }) => {
    const created = await post(request, rule());
    expect(created.status).toBe(201);
    expect(created.body.uid).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(created.body.provenance).toBe('api');

    const listed = (await (await request.get('/api/v1/provisioning/alert-rules', { headers: ADMIN })).json()) as Array<{
      uid: string;
    }>;
    expect(listed.map((r) => r.uid)).toContain(created.body.uid);
  });

  test('missing or invalid fields are refused with the message Grafana gives', async ({ request }) => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ title: '' }, /^invalid alert rule: title is empty$/],
      [{ ruleGroup: '' }, /rule group/],
      [{ folderUID: '' }, /folderUID/],
      [{ data: [] }, /^invalid alert rule: no queries or expressions are found$/],
      [{ condition: 'Z' }, /^invalid alert rule: condition Z does not exist, must be one of \[A,B,C\]$/],
      [{ noDataState: 'Maybe' }, /^unknown NoData state option Maybe$/],
      [{ execErrState: '' }, /^unknown Error state option $/],
      [{ for: undefined }, /for/],
    ];
    for (const [change, message] of cases) {
      const answer = await post(request, rule(change));
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(String(answer.body.message), JSON.stringify(change)).toMatch(message);
    }
  });

  test('each query needs a refId, unique, and a datasource that alerting can query', async ({ request }) => {
    const [query, reduce, threshold] = rule().data as Array<Record<string, unknown>>;
    const noRefId = await post(request, rule({ data: [{ ...query, refId: '' }, reduce, threshold] }));
    expect(noRefId.body.message).toBe(
      'invalid alert rule: refID is not specified for data query/expression at index 0'
    );

    const twice = await post(request, rule({ data: [query, { ...reduce, refId: 'A' }, threshold] }));
    expect(twice.body.message).toBe("invalid alert rule: refID 'A' is already used by query/expression at index 0");

    // The Conduit datasource is frontend-only: rules must query Grafana's InfluxDB datasources instead.
    const frontendOnly = await post(
      request,
      rule({ data: [{ ...query, datasourceUid: 'conduit-telemetry' }, reduce, threshold] })
    );
    expect(frontendOnly.status).toBe(400);
    expect(frontendOnly.body.message).toMatch(/conduit-telemetry .*cannot be queried by alerting/);
  });

  test('only admins may provision alert rules', async ({ request }) => {
    const answer = await post(request, rule(), { 'x-conduit-role': 'Editor' });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain('alert.provisioning:write');
  });
});
