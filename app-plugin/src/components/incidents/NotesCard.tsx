import type { IncidentEventBody, IncidentState } from '@conduit/core';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Button, TextArea, useStyles2 } from '@grafana/ui';
import { useState } from 'react';

interface Props {
  state: IncidentState;
  writable: boolean;
  /** Records the event; resolves true once Grafana has stored it, false when it was not (the page says why). */
  act: (body: IncidentEventBody) => Promise<boolean>;
}

/** Notes in the order they were written, and the post-incident review the close needs. */
export function NotesCard({ state, writable, act }: Props) {
  const styles = useStyles2(getStyles);
  const open = writable && state.status === 'open';
  return (
    <section aria-label="Notes" className={styles.card}>
      <h3 className={styles.heading}>Notes</h3>
      {state.notes.length === 0 && <p className={styles.muted}>No notes yet.</p>}
      {state.notes.map((item, index) => (
        <div key={index} className={styles.note}>
          <div className={styles.muted}>{`${item.by}, ${dateTimeFormat(item.at)}`}</div>
          <div className={styles.text}>{item.text}</div>
        </div>
      ))}
      {open && (
        <TextEntry
          label="New note"
          placeholder="What was seen, decided or done"
          rows={2}
          action="Add note"
          onSubmit={(text) => act({ type: 'note', text })}
        />
      )}
      <h3 className={styles.heading}>Post-incident review</h3>
      {state.review === undefined ? (
        <p className={styles.muted}>Not recorded yet; the incident closes only with a review.</p>
      ) : (
        <div className={styles.note}>
          <div className={styles.muted}>{`${state.review.by}, ${dateTimeFormat(state.review.at)}`}</div>
          <div className={styles.text}>{state.review.text}</div>
        </div>
      )}
      {open && (
        <TextEntry
          label="Post-incident review"
          placeholder="What happened, what worked, what changes: actions with owners"
          rows={3}
          action="Record the review"
          onSubmit={(text) => act({ type: 'review-recorded', text })}
        />
      )}
    </section>
  );
}

interface EntryProps {
  label: string;
  placeholder: string;
  rows: number;
  action: string;
  onSubmit: (text: string) => Promise<boolean>;
}

/** A text box and the button that records what was written, emptied once it is recorded. */
function TextEntry({ label, placeholder, rows, action, onSubmit }: EntryProps) {
  const [text, setText] = useState('');
  return (
    <>
      <TextArea
        aria-label={label}
        placeholder={placeholder}
        rows={rows}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      <div>
        <Button
          size="sm"
          variant="secondary"
          disabled={text.trim() === ''}
          onClick={async () => {
            if (await onSubmit(text.trim())) {
              setText('');
            }
          }}
        >
          {action}
        </Button>
      </div>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  heading: css({ margin: 0 }),
  note: css({ borderLeft: `2px solid ${theme.colors.border.medium}`, paddingLeft: theme.spacing(1) }),
  text: css({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, margin: 0 }),
});
