import { expect, test } from '../hostTest';

const AS = (role: string) => ({ 'x-conduit-role': role });

interface Annotation {
  id: number;
  text: string;
  tags: string[];
  time: number;
  timeEnd: number;
  login: string;
  dashboardUID: string | null;
  data: unknown;
}

test.describe("annotations behave as Grafana's /api/annotations", () => {
  const run = `run-${Date.now()}`;
  const base = 1_700_000_000_000;

  test.beforeAll(async ({ request }) => {
    const events = [
      { text: 'opened', time: base, tags: [run, 'incident:1', 'phase:detect'], data: { event: 'opened' } },
      { text: 'contained', time: base + 60_000, timeEnd: base + 120_000, tags: [run, 'incident:1', 'phase:respond'] },
      {
        text: 'other incident',
        time: base + 30_000,
        tags: [run, 'incident:2'],
        dashboardUID: 'conduit-overview',
        panelId: 3,
      },
    ];
    for (const event of events) {
      expect((await request.post('/api/annotations', { data: event, headers: AS('Editor') })).status()).toBe(200);
    }
  });

  async function find(
    request: import('@playwright/test').APIRequestContext,
    query: string,
    withRunTag = true
  ): Promise<Annotation[]> {
    const response = await request.get(`/api/annotations?${withRunTag ? `tags=${run}&` : ''}${query}`, {
      headers: AS('Viewer'),
    });
    expect(response.status()).toBe(200);
    return (await response.json()) as Annotation[];
  }

  test('tags select annotations carrying all of them, or any with matchAny', async ({ request }) => {
    expect((await find(request, 'tags=incident:1')).map((a) => a.text)).toEqual(['contained', 'opened']);
    expect((await find(request, 'tags=phase:detect&tags=incident:2')).length).toBe(0);
    // This run's annotations are the only ones at these times.
    const any = await find(
      request,
      `tags=phase:detect&tags=incident:2&matchAny=true&from=${base}&to=${base + 200_000}`,
      false
    );
    expect(any.map((a) => a.text).sort()).toEqual(['opened', 'other incident']);
  });

  test('from and to select annotations overlapping the range, newest end first, limit caps', async ({ request }) => {
    const overlapping = await find(request, `from=${base + 90_000}&to=${base + 200_000}`);
    expect(overlapping.map((a) => a.text)).toEqual(['contained']);
    expect((await find(request, 'limit=1')).map((a) => a.text)).toEqual(['contained']);
  });

  test('dashboardUID and type narrow the search; data comes back as posted; the server stamps the user', async ({
    request,
  }) => {
    const [onDashboard] = await find(request, 'dashboardUID=conduit-overview');
    expect(onDashboard.text).toBe('other incident');
    expect(onDashboard.dashboardUID).toBe('conduit-overview');
    expect((await find(request, 'type=alert')).length).toBe(0);
    const [opened] = await find(request, 'tags=phase:detect&type=annotation');
    expect(opened.data).toEqual({ event: 'opened' });
    expect(opened.login).toBe('editor');
    expect(opened.timeEnd).toBe(opened.time);
  });

  test('PATCH changes only what it is given; DELETE removes; viewers can do neither', async ({ request }) => {
    const [opened] = await find(request, 'tags=phase:detect');
    const denied = await request.patch(`/api/annotations/${opened.id}`, { data: { text: 'x' }, headers: AS('Viewer') });
    expect(denied.status()).toBe(403);

    const patched = await request.patch(`/api/annotations/${opened.id}`, {
      data: { tags: [run, 'incident:1', 'phase:recover'] },
      headers: AS('Editor'),
    });
    expect(patched.status()).toBe(200);
    const [after] = (await find(request, 'tags=phase:recover')) as Annotation[];
    expect(after.text).toBe('opened');

    expect((await request.delete(`/api/annotations/${opened.id}`, { headers: AS('Viewer') })).status()).toBe(403);
    expect((await request.delete(`/api/annotations/${opened.id}`, { headers: AS('Editor') })).status()).toBe(200);
    expect(await find(request, 'tags=phase:recover')).toEqual([]);
  });

  test('an annotation without text is refused', async ({ request }) => {
    const response = await request.post('/api/annotations', { data: { tags: [run] }, headers: AS('Editor') });
    expect(response.status()).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('Failed to save annotation');
  });
});
