import {
  INCIDENT_ROLES,
  type IncidentEventBody,
  type IncidentRole,
  type IncidentState,
  ROLE_LABELS,
} from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Input, Stack, useStyles2 } from '@grafana/ui';
import { useState } from 'react';

interface Props {
  state: IncidentState;
  me: string;
  writable: boolean;
  /** The roles the signed-in user may take under the app's role mapping. */
  myRoles: readonly IncidentRole[];
  /** Records the event; resolves true once Grafana has stored it, false when it was not (the page says why). */
  act: (body: IncidentEventBody) => Promise<boolean>;
}

/** Who holds each incident role; the signed-in user can take a role the mapping gives them, or name someone. */
export function RolesCard({ state, me, writable, myRoles, act }: Props) {
  const styles = useStyles2(getStyles);
  const open = writable && state.status === 'open';
  return (
    <section aria-label="Roles" className={styles.card}>
      <h3 className={styles.heading}>Roles</h3>
      {INCIDENT_ROLES.map((role) => (
        <RoleRow
          key={role}
          role={role}
          holder={state.roles[role]}
          me={me}
          open={open}
          mayTake={myRoles.includes(role)}
          act={act}
        />
      ))}
    </section>
  );
}

function RoleRow({
  role,
  holder,
  me,
  open,
  mayTake,
  act,
}: {
  role: IncidentRole;
  holder?: string;
  me: string;
  open: boolean;
  mayTake: boolean;
  act: Props['act'];
}) {
  const styles = useStyles2(getStyles);
  const [person, setPerson] = useState('');
  const assign = async (login: string) => {
    if (!(await act({ type: 'role-assigned', role, person: login }))) {
      return;
    }
    setPerson('');
  };
  return (
    <div className={styles.row} data-role={role}>
      <div>
        <div className={styles.role}>{ROLE_LABELS[role]}</div>
        <div>{holder ?? <span className={styles.muted}>unassigned</span>}</div>
      </div>
      {open && (
        <Stack gap={1} alignItems="center">
          {holder !== me && mayTake && me !== '' && (
            <Button size="sm" variant="secondary" onClick={() => void assign(me)}>
              Take the role
            </Button>
          )}
          <Input
            width={16}
            aria-label={`Login of the ${ROLE_LABELS[role]}`}
            placeholder="Grafana login"
            value={person}
            onChange={(event) => setPerson(event.currentTarget.value)}
          />
          <Button
            size="sm"
            variant="secondary"
            disabled={person.trim() === ''}
            onClick={() => void assign(person.trim())}
          >
            Assign
          </Button>
        </Stack>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  heading: css({ margin: 0 }),
  row: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  }),
  role: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  muted: css({ color: theme.colors.text.secondary }),
});
