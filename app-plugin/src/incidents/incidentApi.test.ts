import type { IncidentEvent } from '@conduit/core';

import { USERS } from '../../../test/host/server/users';
import { GrafanaBackend } from '../../test/grafanaBackend';
import { appendIncidentEvent, PAGE_SIZE, readIncidentEvents } from './incidentApi';

const T0 = Date.UTC(2026, 11, 5, 9);

function event(incident: string, index: number, time = T0 + index * 1000): IncidentEvent {
  return {
    id: `${incident}-${index}`,
    incident,
    time,
    user: 'claimed-by-client',
    body: { type: 'note', text: `n${index}` },
  };
}

describe('incident events in Grafana annotations', () => {
  let grafana: GrafanaBackend;
  beforeEach(() => {
    grafana = new GrafanaBackend().install('Editor');
  });

  it('reads back what was appended, with the user Grafana stamped rather than the one the client claimed', async () => {
    await appendIncidentEvent(event('INC-A', 0), false);
    const read = await readIncidentEvents('INC-A', T0 + 60_000);
    expect(read.events).toEqual([{ ...event('INC-A', 0), user: 'editor' }]);
    expect(read.problems).toEqual([]);
    const stored = grafana.store.find({ tags: ['incident:INC-A'], matchAny: false });
    expect(stored[0].tags).toEqual(['conduit-incident', 'incident:INC-A', 'event:note']);
  });

  it('pages through more events than one request returns, each once, and keeps incidents apart', async () => {
    const count = PAGE_SIZE * 2 + 37;
    for (let index = 0; index < count; index++) {
      await appendIncidentEvent(event('INC-BIG', index, T0 + Math.floor(index / 3) * 1000), false);
    }
    await appendIncidentEvent(event('INC-OTHER', 0), false);
    const read = await readIncidentEvents('INC-BIG', T0 + 86_400_000);
    expect(read.events).toHaveLength(count);
    expect(new Set(read.events.map((e) => e.id)).size).toBe(count);
    expect(read.pages).toBeGreaterThanOrEqual(3);
    expect((await readIncidentEvents(undefined, T0 + 86_400_000)).events).toHaveLength(count + 1);
  });

  it('lists annotations with the tag that hold no event instead of dropping them in silence', async () => {
    grafana.store.add({ text: 'by hand', tags: ['conduit-incident'], data: {} }, USERS.Editor, 0);
    const read = await readIncidentEvents();
    expect(read.events).toEqual([]);
    expect(read.problems).toEqual([expect.stringMatching(/^annotation \d+ carries no incident event$/)]);
  });

  it('tells a Viewer that Grafana refused the change, and why', async () => {
    grafana.signIn('Viewer');
    await expect(appendIncidentEvent(event('INC-V', 0), false)).rejects.toThrow(
      /Grafana refused to let you record the change: your role lacks the permission to create annotations.*Editor role/
    );
    expect(grafana.store.find({ tags: [], matchAny: false })).toEqual([]);
  });
});
