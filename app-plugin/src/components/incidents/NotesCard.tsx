import type { IncidentEventBody, IncidentState } from '@conduit/core';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Button, TextArea, useStyles2 } from '@grafana/ui';
import { useState } from 'react';

interface Props {
  state: IncidentState;
  writable: boolean;
  act: (body: IncidentEventBody) => Promise<void>;
}

/** Notes in the order they were written, and the post-incident review the close needs. */
export function NotesCard({ state, writable, act }: Props) {
  const styles = useStyles2(getStyles);
  const [note, setNote] = useState('');
  const [review, setReview] = useState('');
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
        <>
          <TextArea
            aria-label="New note"
            placeholder="What was seen, decided or done"
            rows={2}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
          />
          <div>
            <Button
              size="sm"
              variant="secondary"
              disabled={note.trim() === ''}
              onClick={async () => {
                await act({ type: 'note', text: note.trim() });
                setNote('');
              }}
            >
              Add note
            </Button>
          </div>
        </>
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
        <>
          <TextArea
            aria-label="Post-incident review"
            placeholder="What happened, what worked, what changes: actions with owners"
            rows={3}
            value={review}
            onChange={(event) => setReview(event.currentTarget.value)}
          />
          <div>
            <Button
              size="sm"
              variant="secondary"
              disabled={review.trim() === ''}
              onClick={async () => {
                await act({ type: 'review-recorded', text: review.trim() });
                setReview('');
              }}
            >
              Record the review
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  heading: css({ margin: 0 }),
  note: css({ borderLeft: `2px solid ${theme.colors.border.medium}`, paddingLeft: theme.spacing(1) }),
  text: css({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, margin: 0 }),
});
