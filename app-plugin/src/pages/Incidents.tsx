import {
  foldIncidents,
  INCIDENT_PHASES,
  type IncidentState,
  isIncidentPhase,
  isSeverity,
  PHASE_INFO,
  ROLE_LABELS,
  SEVERITIES,
  summariseTimes,
} from '@conduit/core';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, type GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Badge,
  Combobox,
  type ComboboxOption,
  EmptyState,
  Field,
  LinkButton,
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

import { canChangeIncidents, ReadOnlyNotice } from '../components/incidents/ReadOnlyNotice';
import { ResponseTimes } from '../components/incidents/ResponseTimes';
import { SeverityBadge } from '../components/incidents/SeverityBadge';
import {
  type DrillFilter,
  type IncidentFilter,
  incidentZones,
  matchesFilter,
  readFilter,
  type StatusFilter,
  writeFilter,
} from '../incidents/incidentFilters';
import { usePlaybooks } from '../incidents/useAppSettings';
import { useIncidentEvents } from '../incidents/useIncidentEvents';
import { incidentUrl, prefixRoute, ROUTES } from '../routes';

const STATUS_OPTIONS: Array<{ label: string; value: StatusFilter }> = [
  { label: 'All', value: 'all' },
  { label: 'Open', value: 'open' },
  { label: 'Closed', value: 'closed' },
];
const DRILL_OPTIONS: Array<{ label: string; value: DrillFilter }> = [
  { label: 'All', value: 'all' },
  { label: 'Real', value: 'real' },
  { label: 'Drills', value: 'drills' },
];
const PHASE_OPTIONS: Array<ComboboxOption<string>> = INCIDENT_PHASES.map((phase) => ({
  label: PHASE_INFO[phase].label,
  value: phase,
  description: PHASE_INFO[phase].csf,
}));
const SEVERITY_OPTIONS: Array<ComboboxOption<string>> = [...SEVERITIES]
  .reverse()
  .map((severity) => ({ label: `${severity} and above`, value: severity }));

/** Open and closed incidents with the team's response times; each incident is a stream of annotations in Grafana. */
export function Incidents() {
  const styles = useStyles2(getStyles);
  const { read, error, loading } = useIncidentEvents();
  const { playbooks } = usePlaybooks();
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const setFilter = (change: Partial<IncidentFilter>) => setParams(writeFilter({ ...filter, ...change }));

  const states = useMemo(
    () =>
      [...foldIncidents(read?.events ?? [], playbooks).values()].flatMap((fold) =>
        fold.state === undefined ? [] : [fold.state]
      ),
    [read, playbooks]
  );
  const zones = useMemo(
    () => [...new Set(states.flatMap(incidentZones))].sort().map((zone) => ({ label: zone, value: zone })),
    [states]
  );
  const shown = states.filter((state) => matchesFilter(state, filter));
  const writable = canChangeIncidents();

  const actions = writable ? (
    <Stack gap={1}>
      <LinkButton href={prefixRoute(ROUTES.NewIncident)} icon="plus">
        New incident
      </LinkButton>
      <LinkButton href={`${prefixRoute(ROUTES.NewIncident)}?drill=1`} icon="presentation-play" variant="secondary">
        Start a drill
      </LinkButton>
    </Stack>
  ) : undefined;

  if (loading) {
    return (
      <PluginPage actions={actions}>
        <LoadingPlaceholder text="Reading incidents…" />
      </PluginPage>
    );
  }
  if (error !== undefined && read === undefined) {
    return (
      <PluginPage actions={actions}>
        <Alert severity="error" title="Incidents could not be read">
          {error}
        </Alert>
      </PluginPage>
    );
  }
  if (states.length === 0) {
    return (
      <PluginPage actions={actions}>
        <Stack direction="column" gap={2}>
          <ReadOnlyNotice />
          <EmptyState variant="call-to-action" message="No incidents yet">
            Open an incident from a finding or a correlated chain (the anomaly timeline’s “Open incident”), by hand, or
            as a drill. Every incident event is also an annotation, so it appears on the time axis of every dashboard.
          </EmptyState>
        </Stack>
      </PluginPage>
    );
  }
  return (
    <PluginPage actions={actions}>
      <Stack direction="column" gap={2}>
        <ReadOnlyNotice />
        {error !== undefined && (
          <Alert severity="warning" title="The list may be out of date">
            {error}
          </Alert>
        )}
        <ResponseTimes values={summariseTimes(states)} label="Response times, real incidents" />
        <div className={styles.filters}>
          <Field label="Status">
            <RadioButtonGroup
              options={STATUS_OPTIONS}
              value={filter.status}
              onChange={(status) => setFilter({ status })}
            />
          </Field>
          <Field label="Phase">
            <Combobox
              width={20}
              placeholder="Any phase"
              isClearable
              options={PHASE_OPTIONS}
              value={filter.phase ?? null}
              onChange={(option) => setFilter({ phase: isIncidentPhase(option?.value) ? option.value : undefined })}
            />
          </Field>
          <Field label="Severity">
            <Combobox
              width={22}
              placeholder="Any severity"
              isClearable
              options={SEVERITY_OPTIONS}
              value={filter.minSeverity ?? null}
              onChange={(option) => setFilter({ minSeverity: isSeverity(option?.value) ? option.value : undefined })}
            />
          </Field>
          <Field label="Zone">
            <Combobox
              width={22}
              placeholder="Any zone"
              isClearable
              options={zones}
              value={filter.zone ?? null}
              onChange={(option) => setFilter({ zone: option?.value || undefined })}
            />
          </Field>
          <Field label="Drills">
            <RadioButtonGroup
              options={DRILL_OPTIONS}
              value={filter.drills}
              onChange={(drills) => setFilter({ drills })}
            />
          </Field>
        </div>
        {shown.length === 0 ? (
          <EmptyState variant="not-found" message="No incident matches these filters" />
        ) : (
          <IncidentTable states={shown} />
        )}
      </Stack>
    </PluginPage>
  );
}

function IncidentTable({ states }: { states: IncidentState[] }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} aria-label="Incidents">
      <thead>
        <tr>
          <th>Incident</th>
          <th>Severity</th>
          <th>Phase</th>
          <th>Status</th>
          <th>Opened</th>
          <th>{ROLE_LABELS.commander}</th>
          <th>Zones</th>
        </tr>
      </thead>
      <tbody>
        {states.map((state) => (
          <tr key={state.id} data-incident={state.id}>
            <td>
              <TextLink href={incidentUrl(state.id)} inline={false}>
                {state.title}
              </TextLink>
              <div className={styles.id}>
                {state.id}
                {state.drill !== undefined && <Badge color="blue" text="drill" icon="presentation-play" />}
              </div>
            </td>
            <td>
              <SeverityBadge severity={state.severity} />
            </td>
            <td>{PHASE_INFO[state.phase].label}</td>
            <td>{state.status}</td>
            <td title={dateTimeFormat(state.opened.at)}>{dateTimeFormatTimeAgo(state.opened.at)}</td>
            <td>{state.roles.commander ?? <span className={styles.muted}>unassigned</span>}</td>
            <td>{incidentZones(state).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2), alignItems: 'flex-end' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  id: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontFamily: theme.typography.fontFamilyMonospace,
  }),
  muted: css({ color: theme.colors.text.secondary }),
});
