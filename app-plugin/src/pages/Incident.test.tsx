import type { IncidentEventBody } from '@conduit/core';
import { type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { fireEvent, screen, within } from '@testing-library/react';

import { GrafanaBackend } from '../../test/grafanaBackend';
import { measureTextAsEmpty, renderApp } from '../../test/renderApp';
import { appendEventNow } from '../incidents/useIncidentEvents';

const ID = 'INC-20261205-PAGE';
/** The first read of a page may wait behind the rest of the suite on a busy machine. */
const FIRST_READ = { timeout: 5000 };

async function record(body: IncidentEventBody) {
  await appendEventNow(ID, body, false);
}

async function openedIncident() {
  await record({
    type: 'opened',
    title: 'Write to the reactor PLC',
    severity: 'critical',
    playbook: 'unauthorised-plc-write',
    findings: [],
    zones: ['control'],
    assets: ['plc-reactor-1'],
  });
}

describe('the Incident page', () => {
  let grafana: GrafanaBackend;
  beforeEach(() => {
    setDataSourceSrv({ getList: () => [] } as unknown as DataSourceSrv);
    grafana = new GrafanaBackend().install('Editor');
    measureTextAsEmpty();
  });

  it('shows where the incident stands and records a phase change as an annotation', async () => {
    await openedIncident();
    renderApp(`/a/conduit-itot-app/incidents/${ID}`);

    expect(await screen.findByText('Playbook: Unauthorised PLC write', {}, FIRST_READ)).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Phases' }))
        .getByText('Detect')
        .closest('li')
    ).toHaveAttribute('aria-current', 'step');
    fireEvent.click(screen.getByRole('button', { name: 'Move to Analyse' }));

    expect(await screen.findByRole('button', { name: 'Move to Contain' })).toBeInTheDocument();
    const stored = grafana.store.find({ tags: [`incident:${ID}`, 'event:phase-changed'], matchAny: false });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ login: 'editor', text: `${ID}: Phase changed to Analyse` });
  });

  it('holds a step that touches the process until the OT engineer approves, and offers the approval only to them', async () => {
    await openedIncident();
    await record({ type: 'role-assigned', role: 'ot-engineer', person: 'admin' });
    const { unmount } = renderApp(`/a/conduit-itot-app/incidents/${ID}`);
    const step = (await screen.findByText('Block the writing host at the conduit it used', {}, FIRST_READ)).closest(
      'li'
    ) as HTMLElement;
    expect(within(step).getByRole('button', { name: 'Done' })).toHaveAttribute('aria-disabled', 'true');
    expect(within(step).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(step).toHaveTextContent('Needs the approval of the OT engineer, admin.');
    unmount();

    grafana.signIn('Admin');
    renderApp(`/a/conduit-itot-app/incidents/${ID}`);
    const engineerStep = (
      await screen.findByText('Block the writing host at the conduit it used', {}, FIRST_READ)
    ).closest('li') as HTMLElement;
    fireEvent.click(within(engineerStep).getByRole('button', { name: 'Approve' }));
    expect(await within(engineerStep).findByText('Approval given by admin')).toBeInTheDocument();
    expect(within(engineerStep).getByRole('button', { name: 'Done' })).toBeEnabled();
  });

  it('lets a Viewer read but offers no change, and says why', async () => {
    await openedIncident();
    grafana.signIn('Viewer');
    renderApp(`/a/conduit-itot-app/incidents/${ID}`);

    expect(await screen.findByText('You can read incidents but not change them', {}, FIRST_READ)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Move to/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Done' })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Timeline' })).toHaveTextContent('Opened: Write to the reactor PLC');
  });

  it('says when no event of the incident is stored', async () => {
    renderApp('/a/conduit-itot-app/incidents/INC-NOPE');
    expect(await screen.findByText('No incident INC-NOPE', {}, FIRST_READ)).toBeInTheDocument();
  });
});

describe('the New incident page', () => {
  let grafana: GrafanaBackend;
  beforeEach(() => {
    setDataSourceSrv({ getList: () => [] } as unknown as DataSourceSrv);
    grafana = new GrafanaBackend().install('Editor');
    measureTextAsEmpty();
  });

  it('opens an incident by hand and lands on it', async () => {
    renderApp('/a/conduit-itot-app/incidents/new');
    expect(screen.getByText('No Conduit datasource')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /^Title/ }), {
      target: { value: 'Operator reports HMI lag' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Open incident' }));

    expect(await screen.findByText('Playbook: General IT/OT incident', {}, FIRST_READ)).toBeInTheDocument();
    const [opened] = grafana.store.find({ tags: ['event:opened'], matchAny: false });
    expect(opened.data).toMatchObject({
      body: { type: 'opened', title: 'Operator reports HMI lag', playbook: 'general' },
    });
  });

  it('tells a Viewer it may not open incidents', () => {
    grafana.signIn('Viewer');
    renderApp('/a/conduit-itot-app/incidents/new');
    expect(screen.getByText('You can read incidents but not change them')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Open incident' })).not.toBeInTheDocument();
  });
});
