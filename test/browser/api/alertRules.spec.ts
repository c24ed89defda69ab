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

  test('Viewers may read but not write; Editors create, update and delete, as Grafana 12 grants them', async ({
    request,
  }) => {
    const viewer = { 'x-conduit-role': 'Viewer' };
    const editor = { 'x-conduit-role': 'Editor' };
    const uid = `api-permissions-${Date.now()}`;
    const body = rule({ uid });

    expect((await request.get('/api/v1/provisioning/alert-rules', { headers: viewer })).status()).toBe(200);
    const refused = await post(request, body, viewer);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('alert.provisioning:write');
    expect(refused.body.message).toContain('all of alert.rules:create, alert.provisioning.provenance:write');

    const created = await post(request, body, editor);
    expect(created.status).toBe(201);
    expect(created.body.uid).toBe(uid);

    const changed = { ...body, title: `${String(body.title)} (edited)`, for: '10m' };
    const viewerPut = await request.put(`/api/v1/provisioning/alert-rules/${uid}`, { data: changed, headers: viewer });
    expect(viewerPut.status()).toBe(403);
    const editorPut = await request.put(`/api/v1/provisioning/alert-rules/${uid}`, { data: changed, headers: editor });
    expect(editorPut.status()).toBe(200);
    expect(await editorPut.json()).toMatchObject({ uid, title: changed.title, for: '10m' });

    const viewerDelete = await request.delete(`/api/v1/provisioning/alert-rules/${uid}`, { headers: viewer });
    expect(viewerDelete.status()).toBe(403);
    expect(((await viewerDelete.json()) as { message: string }).message).toContain('alert.rules:delete');
    expect((await request.delete(`/api/v1/provisioning/alert-rules/${uid}`, { headers: editor })).status()).toBe(204);
    expect((await request.get(`/api/v1/provisioning/alert-rules/${uid}`, { headers: viewer })).status()).toBe(404);
  });

  test('PUT validates as POST does and answers 404 for a rule that does not exist', async ({ request }) => {
    const created = await post(request, rule());
    const uid = String(created.body.uid);
    const invalid = await request.put(`/api/v1/provisioning/alert-rules/${uid}`, {
      data: rule({ condition: 'Z' }),
      headers: ADMIN,
    });
    expect(invalid.status()).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toMatch(/^invalid alert rule: condition Z/);
    const missing = await request.put('/api/v1/provisioning/alert-rules/no-such-rule', {
      data: rule(),
      headers: ADMIN,
    });
    expect(missing.status()).toBe(404);
  });

  test('a rule group keeps its interval: the default for a new group, then what PUT sets', async ({ request }) => {
    const group = `api-group-${Date.now()}`;
    const url = `/api/v1/provisioning/folder/conduit/rule-groups/${group}`;
    expect((await request.get(url, { headers: ADMIN })).status()).toBe(404);
    const created = await post(request, rule({ ruleGroup: group }));
    const read = (await (await request.get(url, { headers: ADMIN })).json()) as {
      title: string;
      folderUid: string;
      interval: number;
      rules: Array<{ uid: string }>;
    };
    expect(read).toMatchObject({ title: group, folderUid: 'conduit', interval: 60 });
    expect(read.rules.map((item) => item.uid)).toEqual([created.body.uid]);

    const odd = await request.put(url, { data: { ...read, interval: 45 }, headers: ADMIN });
    expect(odd.status()).toBe(400);
    expect(((await odd.json()) as { message: string }).message).toMatch(/multiple of the base interval of 10 seconds/);
    const viewer = await request.put(url, {
      data: { ...read, interval: 300 },
      headers: { 'x-conduit-role': 'Viewer' },
    });
    expect(viewer.status()).toBe(403);
    const set = await request.put(url, { data: { ...read, interval: 300 }, headers: { 'x-conduit-role': 'Editor' } });
    expect(set.status()).toBe(200);
    expect(((await (await request.get(url, { headers: ADMIN })).json()) as { interval: number }).interval).toBe(300);
  });

  test('folders: read by uid, created by Editors, refused to Viewers, a taken uid is a conflict', async ({
    request,
  }) => {
    const uid = `api-folder-${Date.now()}`;
    const missing = await request.get(`/api/folders/${uid}`, { headers: ADMIN });
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toEqual({ status: 'not-found', message: 'Folder not found' });
    const viewer = await request.post('/api/folders', {
      data: { uid, title: 'Detections' },
      headers: { 'x-conduit-role': 'Viewer' },
    });
    expect(viewer.status()).toBe(403);
    const created = await request.post('/api/folders', {
      data: { uid, title: 'Detections' },
      headers: { 'x-conduit-role': 'Editor' },
    });
    expect(created.status()).toBe(200);
    expect(await created.json()).toMatchObject({ uid, title: 'Detections' });
    expect((await request.get(`/api/folders/${uid}`, { headers: ADMIN })).status()).toBe(200);
    const again = await request.post('/api/folders', { data: { uid, title: 'Again' }, headers: ADMIN });
    expect(again.status()).toBe(409);
    const untitled = await request.post('/api/folders', { data: { uid: `${uid}-x`, title: ' ' }, headers: ADMIN });
    expect(untitled.status()).toBe(400);
  });
});
