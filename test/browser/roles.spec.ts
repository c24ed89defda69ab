import { expect, openPage, test } from './hostTest';

test.describe('what a signed-in role may do', () => {
  test('a Viewer sees the dashboard but cannot write annotations', async ({ page, pageProblems }) => {
    await openPage(page, '/d/conduit-overview', { role: 'Viewer' });
    await expect(page.getByTestId('host-bar')).toContainText('viewer (Viewer)');

    // The page's own session (the role cookie) makes the request, as a plugin's backendSrv call would.
    const answer = await page.request.post('/api/annotations', {
      data: { text: 'containment started', tags: ['incident:7'] },
    });
    expect(answer.status()).toBe(403);
    expect((await answer.json()).message).toContain('annotations:create');

    const read = await page.request.get('/api/annotations?tags=incident:7');
    expect(read.status()).toBe(200);
    expect(pageProblems).toEqual([]);
  });

  test('an Editor writes an incident event that Grafana stamps with the editor', async ({ page }) => {
    await openPage(page, '/a/conduit-itot-app/incidents', { role: 'Editor' });
    const tag = `incident:${test.info().project.name}-${Date.now()}`;
    const posted = await page.request.post('/api/annotations', {
      data: { text: 'Incident opened', tags: [tag, 'conduit'], data: { event: 'opened', severity: 'high' } },
    });
    expect(posted.status()).toBe(200);

    const [event] = (await (
      await page.request.get(`/api/annotations?tags=${encodeURIComponent(tag)}`)
    ).json()) as Array<{
      login: string;
      data: unknown;
    }>;
    expect(event.login).toBe('editor');
    expect(event.data).toEqual({ event: 'opened', severity: 'high' });
  });
});

test.describe('annotations on the dashboard time axis', () => {
  test("an event annotated on the overview reaches every panel's data", async ({ page }) => {
    const posted = await page.request.post('/api/annotations', {
      headers: { 'x-conduit-role': 'Editor' },
      data: {
        dashboardUID: 'conduit-overview',
        time: Date.now() - 30 * 60_000,
        text: `Incident opened (${test.info().project.name})`,
        tags: ['conduit', 'incident'],
        data: { event: 'opened' },
      },
    });
    expect(posted.status()).toBe(200);

    await openPage(page, '/d/conduit-overview');
    const topology = page.locator('[data-testid="host-panel"][data-panel-type="conduit-zonetopology-panel"]');
    await expect(topology).toHaveAttribute('data-annotations', /^[1-9]\d*$/);
  });
});
