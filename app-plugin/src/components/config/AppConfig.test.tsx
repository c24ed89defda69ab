import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { fireEvent, render, screen } from '@testing-library/react';

import { GrafanaBackend } from '../../../test/grafanaBackend';
import { measureTextAsEmpty } from '../../../test/renderApp';
import type { AppSettings } from '../../types';
import { AppConfig } from './AppConfig';

function renderConfig(jsonData: AppSettings = {}) {
  const plugin = {
    meta: { id: 'conduit-itot-app', enabled: true, pinned: true, jsonData },
  } as unknown as PluginConfigPageProps<AppPluginMeta<AppSettings>>['plugin'];
  return render(<AppConfig plugin={plugin} query={{}} />);
}

describe('the app configuration page', () => {
  let grafana: GrafanaBackend;
  beforeEach(() => {
    setDataSourceSrv({ getList: () => [] } as unknown as DataSourceSrv);
    grafana = new GrafanaBackend().install('Admin');
    measureTextAsEmpty();
  });

  it('names the place of each problem in the playbooks and will not save them', () => {
    renderConfig();
    fireEvent.change(screen.getByRole('textbox', { name: /Custom playbooks/ }), {
      target: {
        value: 'playbooks:\n  - { id: a, name: A, steps: [{ id: s, phase: later, role: soc-analyst, title: T }] }\n',
      },
    });
    expect(screen.getByText(/^playbooks\[0\]\.steps\[0\]\.phase: unknown phase "later"/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  });

  it('names a role mapping entry that is neither a role nor a team', () => {
    renderConfig();
    fireEvent.change(screen.getByRole('textbox', { name: 'OT engineer' }), { target: { value: 'ot-team' } });
    expect(screen.getByText(/roleMapping\.ot-engineer\[0\]: "ot-team" should read/)).toBeInTheDocument();
  });

  it('saves the settings, and reports Grafana refusing a non-admin', async () => {
    renderConfig();
    fireEvent.click(screen.getByRole('button', { name: 'Start from an example' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'OT engineer' }), {
      target: { value: 'team:OT engineering' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/Settings saved/)).toBeInTheDocument();
    expect(grafana.pluginSettings).toEqual([
      expect.objectContaining({
        jsonData: expect.objectContaining({
          playbooks: expect.stringContaining('drive-tampering'),
          roleMapping: { commander: [], 'soc-analyst': [], 'ot-engineer': ['team:OT engineering'] },
        }),
      }),
    ]);

    grafana.signIn('Editor');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(
      await screen.findByText(/Grafana refused: changing an app's settings needs the Admin role/)
    ).toBeInTheDocument();
  });
});
