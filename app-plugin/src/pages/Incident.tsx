import {
  closeBlockers,
  findDrillScript,
  foldIncident,
  INCIDENT_PHASES,
  type IncidentEventBody,
  type IncidentFold,
  type IncidentRole,
  INCIDENT_ROLES,
  incidentTimes,
  isIncidentPhase,
  isSeverity,
  PHASE_INFO,
  phaseIndex,
  REQUIRED_PHASES,
  SEVERITIES,
} from '@conduit/core';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { config, getBackendSrv, PluginPage } from '@grafana/runtime';
import {
  Alert,
  Badge,
  Button,
  Combobox,
  EmptyState,
  LinkButton,
  LoadingPlaceholder,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';

import { DrillCard } from '../components/incidents/DrillCard';
import { EvidenceCard } from '../components/incidents/EvidenceCard';
import { ExportButtons } from '../components/incidents/ExportButtons';
import { IncidentTimeline } from '../components/incidents/IncidentTimeline';
import { NotesCard } from '../components/incidents/NotesCard';
import { PhaseStepper } from '../components/incidents/PhaseStepper';
import { PlaybookChecklist } from '../components/incidents/PlaybookChecklist';
import { canChangeIncidents, ReadOnlyNotice } from '../components/incidents/ReadOnlyNotice';
import { ReasonAction } from '../components/incidents/ReasonAction';
import { ResponseTimes } from '../components/incidents/ResponseTimes';
import { RolesCard } from '../components/incidents/RolesCard';
import { SeverityBadge } from '../components/incidents/SeverityBadge';
import { conduitDataSource } from '../incidents/conduitDataSource';
import { mayTakeRole } from '../incidents/roleMapping';
import { useAppSettings, usePlaybooks } from '../incidents/useAppSettings';
import { currentLogin, useIncidentEvents } from '../incidents/useIncidentEvents';
import { prefixRoute, ROUTES } from '../routes';

const SEVERITY_OPTIONS = [...SEVERITIES].reverse().map((severity) => ({ label: severity, value: severity }));

/** The teams of the signed-in user, for the role mapping; none when Grafana will not say. */
function useMyTeams(): string[] {
  const [teams, setTeams] = useState<string[]>([]);
  useEffect(() => {
    getBackendSrv()
      .get<Array<{ name?: string }>>('/api/user/teams', undefined, undefined, { showErrorAlert: false })
      .then((list) => setTeams(list.flatMap((team) => (team.name ? [team.name] : []))))
      .catch(() => setTeams([]));
  }, []);
  return teams;
}

/** One incident: where it stands, what to do next by phase and role, the evidence, the notes and every event. */
export function Incident() {
  const { id = '' } = useParams();
  const styles = useStyles2(getStyles);
  const settings = useAppSettings();
  const { playbooks, problems } = usePlaybooks();
  const { read, error, loading, append } = useIncidentEvents(id);
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** The signed-in user's latest event, to say at once when the fold refuses it. */
  const [lastEventId, setLastEventId] = useState<string>();
  const teams = useMyTeams();
  const me = currentLogin();
  const writable = canChangeIncidents();
  const fold: IncidentFold = useMemo(() => foldIncident(read?.events ?? [], playbooks), [read, playbooks]);
  const dataSource = conduitDataSource(settings);

  if (loading) {
    return (
      <PluginPage>
        <LoadingPlaceholder text="Reading the incident…" />
      </PluginPage>
    );
  }
  const state = fold.state;
  if (state === undefined) {
    return (
      <PluginPage>
        {error !== undefined ? (
          <Alert severity="error" title="The incident could not be read">
            {error}
          </Alert>
        ) : (
          <EmptyState
            variant="not-found"
            message={`No incident ${id}`}
            button={<LinkButton href={prefixRoute(ROUTES.Incidents)}>All incidents</LinkButton>}
          >
            No event of this incident is stored in Grafana’s annotations. It may have been opened in another Grafana
            organisation, or its annotations deleted.
          </EmptyState>
        )}
      </PluginPage>
    );
  }

  const drill = state.drill !== undefined;
  const act = async (body: IncidentEventBody): Promise<boolean> => {
    setBusy(true);
    setActionError(undefined);
    try {
      setLastEventId((await append(state.id, body, drill)).id);
      return true;
    } catch (failure) {
      setActionError(failure instanceof Error ? failure.message : String(failure));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const open = writable && state.status === 'open';
  const next = INCIDENT_PHASES[phaseIndex(state.phase) + 1];
  const blockers = closeBlockers(state);
  const person = { orgRole: config.bootData?.user?.orgRole ?? '', teams };
  const myRoles: IncidentRole[] = INCIDENT_ROLES.filter((role) => mayTakeRole(role, settings.roleMapping, person));
  const waivable = REQUIRED_PHASES.filter(
    (phase) =>
      phaseIndex(phase) >= phaseIndex(state.phase) &&
      state.phaseCompleted[phase] === undefined &&
      state.waived[phase] === undefined
  );
  const refusal = fold.rejected.find((rejected) => rejected.event.id === lastEventId);

  return (
    <PluginPage
      pageNav={{ text: state.title, subTitle: state.id }}
      actions={<ExportButtons fold={fold} id={state.id} />}
    >
      <Stack direction="column" gap={2}>
        <ReadOnlyNotice />
        {problems.length > 0 && (
          <Alert severity="warning" title="The custom playbooks in the app settings are not valid">
            {problems.join('; ')}
          </Alert>
        )}
        {(actionError ?? error) !== undefined && (
          <Alert severity="error" title="The change was not recorded" onRemove={() => setActionError(undefined)}>
            {actionError ?? error}
          </Alert>
        )}
        {refusal !== undefined && (
          <Alert severity="warning" title="Your last action was refused" onRemove={() => setLastEventId(undefined)}>
            {refusal.reason}
          </Alert>
        )}
        <div className={styles.summary}>
          <span className={styles.id}>{state.id}</span>
          <SeverityBadge severity={state.severity} />
          <Badge color={state.status === 'open' ? 'orange' : 'green'} text={state.status} />
          {drill && <Badge color="blue" icon="presentation-play" text="drill" />}
          <span className={styles.muted}>{`Opened ${dateTimeFormat(state.opened.at)} by ${state.opened.by}`}</span>
          {state.chain !== undefined && <span className={styles.muted}>{`from chain ${state.chain}`}</span>}
        </div>
        {state.summary !== '' && <p className={styles.text}>{state.summary}</p>}
        <PhaseStepper state={state} />
        {open && (
          <div className={styles.controls} aria-label="Incident actions">
            {state.acknowledged === undefined && (
              <Button variant="secondary" icon="eye" disabled={busy} onClick={() => void act({ type: 'acknowledged' })}>
                Acknowledge
              </Button>
            )}
            {next !== undefined && (
              <Button
                icon="arrow-right"
                disabled={busy}
                onClick={() => void act({ type: 'phase-changed', phase: next })}
              >
                {`Move to ${PHASE_INFO[next].label}`}
              </Button>
            )}
            <Combobox
              width={22}
              aria-label="Move to phase"
              placeholder="Move to phase…"
              options={INCIDENT_PHASES.filter((phase) => phase !== state.phase && phase !== next).map((phase) => ({
                label: PHASE_INFO[phase].label,
                value: phase,
              }))}
              value={null}
              onChange={(option) => {
                if (isIncidentPhase(option?.value)) {
                  void act({ type: 'phase-changed', phase: option.value });
                }
              }}
            />
            {waivable.map((phase) => (
              <ReasonAction
                key={phase}
                label={`Waive ${PHASE_INFO[phase].label}`}
                prompt={`Why is ${PHASE_INFO[phase].label} not needed?`}
                disabled={busy}
                onConfirm={(reason) => act({ type: 'phase-waived', phase, reason })}
              />
            ))}
            <Combobox
              width={16}
              aria-label="Severity"
              options={SEVERITY_OPTIONS}
              value={state.severity}
              onChange={(option) => {
                if (isSeverity(option?.value) && option.value !== state.severity) {
                  void act({ type: 'severity-changed', severity: option.value });
                }
              }}
            />
            <Button
              variant="primary"
              icon="lock"
              disabled={busy || blockers.length > 0}
              tooltip={blockers.length > 0 ? `Cannot close yet: ${blockers.join('; ')}` : undefined}
              onClick={() => void act({ type: 'closed' })}
            >
              Close incident
            </Button>
          </div>
        )}
        {open && blockers.length > 0 && <div className={styles.muted}>{`To close: ${blockers.join('; ')}.`}</div>}
        {writable && state.status === 'closed' && (
          <div className={styles.controls}>
            <ReasonAction
              label="Reopen"
              prompt="Why is it reopened?"
              icon="history"
              onConfirm={(reason) => act({ type: 'reopened', reason })}
            />
          </div>
        )}
        <ResponseTimes values={incidentTimes(state)} label="Response times of this incident" />
        <div className={styles.columns}>
          <div className={styles.column}>
            <PlaybookChecklist state={state} me={me} writable={writable} act={act} />
          </div>
          <div className={styles.column}>
            <RolesCard state={state} me={me} writable={writable} myRoles={myRoles} act={act} />
            {drill && <DrillCard state={state} script={findDrillScript(state.drill?.script ?? '')} />}
            <EvidenceCard state={state} datasourceUid={dataSource?.uid} writable={writable} act={act} />
            <NotesCard state={state} writable={writable} act={act} />
          </div>
        </div>
        <IncidentTimeline fold={fold} />
      </Stack>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  summary: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'center' }),
  controls: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), alignItems: 'center' }),
  columns: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)',
    gap: theme.spacing(3),
    [theme.breakpoints.down('lg')]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  }),
  column: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3), minWidth: 0 }),
  muted: css({ color: theme.colors.text.secondary }),
  id: css({ fontFamily: theme.typography.fontFamilyMonospace, color: theme.colors.text.secondary }),
  text: css({ margin: 0, whiteSpace: 'pre-wrap' }),
});
