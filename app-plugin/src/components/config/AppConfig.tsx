import { INCIDENT_ROLES, type IncidentRole, parsePlaybooks, formatProblem, ROLE_LABELS } from '@conduit/core';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { getBackendSrv, getDataSourceSrv, isFetchError } from '@grafana/runtime';
import { Alert, Button, Combobox, Field, FieldSet, Input, Stack, TextArea, useStyles2 } from '@grafana/ui';
import { useMemo, useState } from 'react';
import { lastValueFrom } from 'rxjs';

import { CONDUIT_DATASOURCE_TYPE } from '../../incidents/conduitDataSource';
import { roleMappingProblems } from '../../incidents/roleMapping';
import type { AppSettings } from '../../types';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

const EXAMPLE_PLAYBOOK = `playbooks:
  - id: drive-tampering
    name: Drive parameter tampering
    description: Parameters of a variable-speed drive changed from the network.
    categories: [unauthorized-command]
    steps:
      - id: confirm
        phase: detect
        role: soc-analyst
        title: Confirm the parameter writes in the evidence
        csf: DE.AE-02
      - id: lock-drive
        phase: contain
        role: ot-engineer
        title: Lock the drive's keypad and restore its parameters
        iec62443: FR 2 Use control
        csf: RS.MI-01
        caution: Stop the conveyor before restoring speed limits.
        needsApproval: true
`;

function entries(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The app's settings for admins: the Conduit datasource incidents read findings from, custom playbooks in YAML
 * (checked as typed, every problem at its path), and which Grafana roles or teams act in each incident role.
 */
export function AppConfig({ plugin }: AppConfigProps) {
  const styles = useStyles2(getStyles);
  const saved = plugin.meta.jsonData ?? {};
  const [datasourceUid, setDatasourceUid] = useState(saved.datasourceUid ?? '');
  const [playbooks, setPlaybooks] = useState(saved.playbooks ?? '');
  const [mapping, setMapping] = useState<Record<IncidentRole, string>>(
    () =>
      Object.fromEntries(INCIDENT_ROLES.map((role) => [role, (saved.roleMapping?.[role] ?? []).join(', ')])) as Record<
        IncidentRole,
        string
      >
  );
  const [status, setStatus] = useState<{ ok: boolean; message: string }>();
  const [saving, setSaving] = useState(false);

  const dataSources = getDataSourceSrv().getList({ type: CONDUIT_DATASOURCE_TYPE });
  const parsed = useMemo(() => parsePlaybooks(playbooks), [playbooks]);
  const roleMapping = Object.fromEntries(INCIDENT_ROLES.map((role) => [role, entries(mapping[role])])) as Record<
    IncidentRole,
    string[]
  >;
  const mappingProblems = roleMappingProblems(roleMapping);
  const playbookProblems = parsed.ok ? [] : parsed.problems.map(formatProblem);
  const valid = playbookProblems.length === 0 && mappingProblems.length === 0;

  const save = async () => {
    setSaving(true);
    setStatus(undefined);
    const jsonData: AppSettings = {
      datasourceUid: datasourceUid || undefined,
      playbooks: playbooks.trim() === '' ? undefined : playbooks,
      roleMapping,
    };
    try {
      await lastValueFrom(
        getBackendSrv().fetch({
          url: `/api/plugins/${encodeURIComponent(plugin.meta.id)}/settings`,
          method: 'POST',
          data: { enabled: plugin.meta.enabled ?? true, pinned: plugin.meta.pinned ?? true, jsonData },
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      setStatus({ ok: true, message: 'Settings saved. Pages opened from now on use them.' });
    } catch (error) {
      const detail = isFetchError(error)
        ? ((error.data as { message?: string })?.message ?? `HTTP ${error.status}`)
        : String(error);
      setStatus({
        ok: false,
        message:
          isFetchError(error) && error.status === 403
            ? `Grafana refused: changing an app's settings needs the Admin role (${detail}).`
            : `The settings were not saved: ${detail}`,
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className={styles.page}>
      <FieldSet label="Datasource">
        <Field
          label="Conduit datasource"
          description="Where incidents read findings and chains. Empty: the default Conduit datasource."
        >
          <Combobox
            width={40}
            isClearable
            placeholder="The default Conduit datasource"
            options={dataSources.map((dataSource) => ({ label: dataSource.name, value: dataSource.uid }))}
            value={datasourceUid || null}
            onChange={(option) => setDatasourceUid(option?.value ?? '')}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Playbooks">
        <Field
          label="Custom playbooks (YAML)"
          description="Added to the built-in playbooks; a playbook with a built-in one's id replaces it. Steps with needsApproval are done only with the OT engineer's approval."
          invalid={playbookProblems.length > 0}
          htmlFor="conduit-playbooks"
        >
          <TextArea
            id="conduit-playbooks"
            className={styles.code}
            rows={14}
            spellCheck={false}
            value={playbooks}
            placeholder="playbooks:\n  - id: …"
            onChange={(event) => setPlaybooks(event.currentTarget.value)}
          />
        </Field>
        {playbookProblems.length > 0 ? (
          <Alert severity="error" title="The playbooks are not valid">
            <ul className={styles.problems}>
              {playbookProblems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </Alert>
        ) : (
          parsed.ok &&
          parsed.playbooks.length > 0 && (
            <div
              className={styles.note}
            >{`${parsed.playbooks.length} custom playbooks: ${parsed.playbooks.map((p) => p.name).join(', ')}`}</div>
          )
        )}
        {playbooks.trim() === '' && (
          <Button size="sm" variant="secondary" onClick={() => setPlaybooks(EXAMPLE_PLAYBOOK)}>
            Start from an example
          </Button>
        )}
      </FieldSet>
      <FieldSet label="Incident roles">
        <p className={styles.note}>
          Who is offered each role: Grafana roles (role:Editor) or teams (team:OT engineering), separated by commas.
          Empty: anyone who may change incidents.
        </p>
        {INCIDENT_ROLES.map((role) => (
          <Field key={role} label={ROLE_LABELS[role]} htmlFor={`conduit-role-${role}`}>
            <Input
              id={`conduit-role-${role}`}
              width={60}
              value={mapping[role]}
              placeholder="team:SOC, role:Admin"
              onChange={(event) => {
                const value = event.currentTarget.value;
                setMapping((previous) => ({ ...previous, [role]: value }));
              }}
            />
          </Field>
        ))}
        {mappingProblems.length > 0 && (
          <Alert severity="error" title="The role mapping is not valid">
            {mappingProblems.join('; ')}
          </Alert>
        )}
      </FieldSet>
      <Stack direction="column" gap={1}>
        {status !== undefined && (
          <Alert severity={status.ok ? 'success' : 'error'} title={status.ok ? 'Saved' : 'Not saved'}>
            {status.message}
          </Alert>
        )}
        <div>
          <Button disabled={!valid || saving} onClick={() => void save()}>
            Save settings
          </Button>
        </div>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 960 }),
  code: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  problems: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  note: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(1) }),
});
