import { FLOW_VERDICTS } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { TopologyPalette } from '../render/topologyPalette';
import { selectors } from '../selectors';

const VERDICT_LABELS = {
  violation: 'Violation',
  internet: 'Internet',
  unknown: 'Unknown zone',
  allowed: 'Allowed',
} as const;

function Swatch({ color, dash }: { color: string; dash: number[] }) {
  return (
    <svg width={28} height={10} aria-hidden>
      <line
        x1={1}
        y1={5}
        x2={27}
        y2={5}
        stroke={color}
        strokeWidth={2.5}
        strokeDasharray={dash.join(' ') || undefined}
      />
    </svg>
  );
}

/** What colour, dash, width and badges mean; the same palette the canvas draws with. */
export function TopologyLegend({
  palette,
  colorField,
  showConduits,
}: {
  palette: TopologyPalette;
  colorField: string;
  showConduits: boolean;
}) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.legend} data-testid={selectors.legend} aria-label="Legend">
      {FLOW_VERDICTS.map((verdict) => (
        <li key={verdict}>
          <Swatch color={palette.verdict[verdict]} dash={palette.dash[verdict]} />
          {VERDICT_LABELS[verdict]}
        </li>
      ))}
      {showConduits && (
        <li>
          <Swatch color={palette.conduit} dash={palette.dash.conduit} />
          Conduit
        </li>
      )}
      <li>Width: volume</li>
      <li>
        <span className={styles.badge} style={{ background: palette.badge, color: palette.badgeText }}>
          n
        </span>
        open findings
      </li>
      <li>
        <span className={styles.badge} style={{ background: palette.gapBadge, color: '#000' }}>
          SL-A &lt; SL-T
        </span>
      </li>
      {colorField !== '' && <li>Fill: field “{colorField}”</li>}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1.5),
    listStyle: 'none',
    margin: 0,
    padding: theme.spacing(0.5, 1, 0),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    li: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  }),
  badge: css({ borderRadius: 7, padding: '0 5px', fontSize: 10, fontWeight: 600, lineHeight: '14px' }),
});
