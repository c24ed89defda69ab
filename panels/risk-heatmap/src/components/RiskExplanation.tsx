import { css } from '@emotion/css';
import type { EntityRisk } from '@conduit/core';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { explainRisk } from '../data/explanation';

interface Props {
  entity: Pick<EntityRisk, 'score' | 'impact' | 'likelihood' | 'factors'>;
  /** Factors shown; the rest are counted. */
  limit?: number;
  /** Show what was observed under each factor. */
  details?: boolean;
}

/** A score in words: the risk model's own factors (docs/risk-model.md), largest contribution first. */
export function RiskExplanation({ entity, limit, details = true }: Props) {
  const styles = useStyles2(getStyles);
  const explanation = explainRisk(entity);
  const shown = limit === undefined ? explanation.factors : explanation.factors.slice(0, limit);
  const more = explanation.factors.length - shown.length;
  return (
    <div className={styles.explanation}>
      <div>{explanation.summary}</div>
      {shown.length > 0 && (
        <ul className={styles.factors}>
          {shown.map((factor) => (
            <li key={factor.id}>
              <span className={styles.factor}>{factor.text}</span>
              {details && factor.detail !== '' && <span className={styles.detail}> ({factor.detail})</span>}
            </li>
          ))}
        </ul>
      )}
      {more > 0 && <div className={styles.detail}>and {more} more factors</div>}
      {explanation.zeroFactors !== '' && limit === undefined && (
        <div className={styles.detail}>{explanation.zeroFactors}</div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  explanation: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25) }),
  factors: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  factor: css({ fontWeight: theme.typography.fontWeightMedium }),
  detail: css({ color: theme.colors.text.secondary }),
});
