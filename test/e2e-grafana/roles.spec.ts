import { expect, test } from '@grafana/plugin-e2e';

const viewer = { user: 'conduit-viewer', password: 'viewer-password', role: 'Viewer' as const };

// plugin-e2e's createUser makes this user, with its role, through Grafana's API.
test.use({ user: viewer });

function basic(user: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

test.describe('roles in Grafana', () => {
  test('a Viewer cannot write annotations, an Admin can', async ({ createUser, request, grafanaAPICredentials }) => {
    await createUser();

    const denied = await request.post('/api/annotations', {
      data: { text: 'containment started', tags: ['conduit'] },
      headers: basic(viewer.user, viewer.password),
    });
    expect(denied.status()).toBe(403);

    const allowed = await request.post('/api/annotations', {
      data: { text: 'containment started', tags: ['conduit'], data: { event: 'containment' } },
      headers: basic(grafanaAPICredentials.user, grafanaAPICredentials.password),
    });
    expect(allowed.status()).toBe(200);
  });
});
