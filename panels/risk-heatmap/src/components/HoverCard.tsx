import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Portal, useStyles2, VizTooltipContainer } from '@grafana/ui';
import type { ReactNode } from 'react';

import { selectors } from '../selectors';

interface Props {
  /** Viewport position of the pointer (or of the focused cell). */
  position: { x: number; y: number };
  title: string;
  children?: ReactNode;
}

/** The hover card, in Grafana's own tooltip container, kept inside the viewport by it. */
export function HoverCard({ position, title, children }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <Portal>
      <VizTooltipContainer position={position} offset={{ x: 12, y: 12 }} data-testid={selectors.hoverCard}>
        <div className={styles.card}>
          <div className={styles.title}>{title}</div>
          {children}
        </div>
      </VizTooltipContainer>
    </Portal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    maxWidth: 420,
    padding: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium }),
});
