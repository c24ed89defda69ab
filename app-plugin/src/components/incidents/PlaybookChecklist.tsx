import {
  INCIDENT_PHASES,
  type IncidentEventBody,
  type IncidentState,
  PHASE_INFO,
  type PlaybookStep,
  ROLE_LABELS,
} from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, Icon, Stack, useStyles2 } from '@grafana/ui';

import { ReasonAction } from './ReasonAction';

interface Props {
  state: IncidentState;
  /** The signed-in user's login. */
  me: string;
  writable: boolean;
  /** Records the event; resolves true once Grafana has stored it, false when it was not (the page says why). */
  act: (body: IncidentEventBody) => Promise<boolean>;
}

/** The playbook's steps by phase, each with its owner, its references, its caution and what was done about it. */
export function PlaybookChecklist({ state, me, writable, act }: Props) {
  const styles = useStyles2(getStyles);
  if (state.playbook === undefined) {
    return (
      <Alert severity="warning" title={`The playbook “${state.playbookId}” is not configured`}>
        The incident was opened with a playbook that the app’s settings no longer hold. Restore it on the app’s
        configuration page to see and record its steps.
      </Alert>
    );
  }
  const playbook = state.playbook;
  const open = state.status === 'open' && writable;
  return (
    <section aria-label="Playbook" className={styles.section}>
      <h3 className={styles.heading}>{`Playbook: ${playbook.name}`}</h3>
      {INCIDENT_PHASES.map((phase) => {
        const steps = playbook.steps.filter((step) => step.phase === phase);
        if (steps.length === 0) {
          return null;
        }
        return (
          <div key={phase} className={styles.phase} data-phase={phase}>
            <h4 className={styles.phaseName}>
              {PHASE_INFO[phase].label}
              <span className={styles.muted}>{PHASE_INFO[phase].csf}</span>
              {state.waived[phase] !== undefined && <Badge color="darkgrey" text="waived" />}
            </h4>
            <ul className={styles.steps}>
              {steps.map((step) => (
                <StepRow key={step.id} step={step} state={state} me={me} open={open} act={act} />
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

function StepRow({
  step,
  state,
  me,
  open,
  act,
}: {
  step: PlaybookStep;
  state: IncidentState;
  me: string;
  open: boolean;
  act: Props['act'];
}) {
  const styles = useStyles2(getStyles);
  const record = state.steps[step.id];
  const approval = state.approvals[step.id];
  const owner = state.roles[step.role];
  const engineer = state.roles['ot-engineer'];
  const approved = approval?.decision === 'given';
  const blocked = step.needsApproval === true && !approved;
  return (
    <li className={styles.step} data-step={step.id} data-status={record?.status ?? 'open'}>
      <Icon
        name={record?.status === 'done' ? 'check-circle' : record?.status === 'skipped' ? 'minus-circle' : 'circle'}
        className={record?.status === 'done' ? styles.done : styles.muted}
        aria-hidden
      />
      <div className={styles.stepBody}>
        <div>{step.title}</div>
        <div className={styles.meta}>
          <span>{`${ROLE_LABELS[step.role]}${owner ? ` (${owner})` : ''}`}</span>
          {step.iec62443 && <span>{`IEC 62443 ${step.iec62443}`}</span>}
          {step.csf && <span>{`CSF ${step.csf}`}</span>}
        </div>
        {step.caution && (
          <div className={styles.caution}>
            <Icon name="exclamation-triangle" size="sm" /> {step.caution}
          </div>
        )}
        {step.needsApproval && (
          <div className={styles.meta}>
            {approval === undefined
              ? engineer === undefined
                ? 'Needs the OT engineer’s approval; no OT engineer is assigned yet.'
                : `Needs the approval of the OT engineer, ${engineer}.`
              : `Approval ${approval.decision} by ${approval.by}${approval.reason ? `: ${approval.reason}` : ''}`}
          </div>
        )}
        {record !== undefined && (
          <div className={styles.meta}>
            {`${record.status === 'done' ? 'Done' : 'Skipped'} by ${record.by}${record.reason ? `: ${record.reason}` : ''}`}
          </div>
        )}
        {open && record === undefined && (
          <Stack gap={1} wrap="wrap">
            <Button
              size="sm"
              icon="check"
              disabled={blocked}
              tooltip={blocked ? 'Needs the OT engineer’s approval first' : undefined}
              onClick={() => void act({ type: 'step-done', step: step.id })}
            >
              Done
            </Button>
            <ReasonAction
              label="Skip"
              prompt="Why is this step skipped?"
              onConfirm={(reason) => act({ type: 'step-skipped', step: step.id, reason })}
            />
            {step.needsApproval && engineer === me && !approved && (
              <>
                <Button
                  size="sm"
                  variant="success"
                  icon="thumbs-up"
                  onClick={() => void act({ type: 'approval', step: step.id, decision: 'given' })}
                >
                  Approve
                </Button>
                <ReasonAction
                  label="Refuse"
                  variant="destructive"
                  prompt="Why is it refused?"
                  onConfirm={(reason) => act({ type: 'approval', step: step.id, decision: 'refused', reason })}
                />
              </>
            )}
          </Stack>
        )}
      </div>
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  heading: css({ margin: 0 }),
  phase: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  phaseName: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'baseline',
    margin: 0,
    fontSize: theme.typography.h5.fontSize,
  }),
  steps: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  step: css({
    display: 'flex',
    gap: theme.spacing(1),
    padding: theme.spacing(1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  stepBody: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), minWidth: 0 }),
  meta: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  caution: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
  done: css({ color: theme.colors.success.text }),
  muted: css({
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightRegular,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
