import { css } from '@emotion/css';
import { formattedValueToString, type Field, type GrafanaTheme2, type LinkModel } from '@grafana/data';
import { DataLinkButton, IconButton, useStyles2 } from '@grafana/ui';

import type { MatrixCell, MatrixEntry } from '../data/matrixModel';
import { selectors } from '../selectors';
import { RiskExplanation } from './RiskExplanation';

interface Props {
  cell: MatrixCell;
  valueField?: Field;
  onClose: () => void;
  onPick: (entry: MatrixEntry) => void;
}

/** The data links of an entry's row, from the first field of its frame that has links (Grafana's field config). */
function linksOf(entry: MatrixEntry): Array<LinkModel<Field>> {
  const field = entry.frame.fields.find((candidate) => (candidate.config.links?.length ?? 0) > 0 && candidate.getLinks);
  return field?.getLinks?.({ valueRowIndex: entry.row }) ?? [];
}

function valueText(field: Field | undefined, value: number): string {
  return field?.display ? formattedValueToString(field.display(value)) : value.toFixed(1);
}

/** The entities of the selected cell, each with its score explained and its data links. */
export function CellEntityList({ cell, valueField, onClose, onPick }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.list} aria-label={selectors.cellList}>
      <header className={styles.header}>
        <span>
          {cell.label}: {cell.count} {cell.count === 1 ? 'entity' : 'entities'}
        </span>
        <IconButton name="times" size="sm" tooltip="Close the list" onClick={onClose} />
      </header>
      {cell.count === 0 && <p className={styles.empty}>Nothing falls in this cell.</p>}
      <ul className={styles.entries}>
        {cell.entries.map((entry) => (
          <li key={entry.key} className={styles.entry}>
            <div className={styles.name}>
              <button
                type="button"
                className={styles.pick}
                onClick={() => onPick(entry)}
                title="Show only this on the dashboard"
              >
                {entry.name}
              </button>
              {entry.entity?.zone !== undefined && entry.entity.kind === 'asset' && (
                <span className={styles.zone}>in {entry.entity.zone}</span>
              )}
              <span className={styles.value}>{valueText(valueField, entry.value)}</span>
            </div>
            {entry.entity !== undefined && <RiskExplanation entity={entry.entity} />}
            {linksOf(entry).map((link) => (
              <DataLinkButton
                key={`${link.title}${link.href}`}
                link={link}
                buttonProps={{ size: 'sm', variant: 'secondary' }}
              />
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    overflow: 'auto',
    fontSize: theme.typography.bodySmall.fontSize,
    borderLeft: `1px solid ${theme.colors.border.weak}`,
    paddingLeft: theme.spacing(1),
  }),
  header: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    fontWeight: theme.typography.fontWeightMedium,
    position: 'sticky',
    top: 0,
    background: theme.colors.background.primary,
  }),
  empty: css({ color: theme.colors.text.secondary }),
  entries: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  entry: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25) }),
  name: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'baseline' }),
  pick: css({
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.link,
    cursor: 'pointer',
    fontWeight: theme.typography.fontWeightMedium,
  }),
  zone: css({ color: theme.colors.text.secondary }),
  value: css({ marginLeft: 'auto', fontWeight: theme.typography.fontWeightMedium }),
});
