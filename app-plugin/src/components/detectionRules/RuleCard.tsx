import { type DetectionAlertRule, durationText, type GrafanaRuleTarget } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, useStyles2 } from '@grafana/ui';
import { useId, useState } from 'react';

import type { RuleStanding } from '../../detectionRules/applyPlan';
import { previewRule, type QueryRunner } from '../../detectionRules/rulePreview';
import { RuleLabels } from './RuleLabels';
import { type PreviewState, RulePreviewResult } from './RulePreviewResult';

interface Props {
  rule: DetectionAlertRule;
  target: GrafanaRuleTarget;
  runQuery: QueryRunner;
  /** How Grafana holds the rule; undefined until known. */
  standing?: RuleStanding;
}

const STANDINGS = {
  applied: { color: 'green', icon: 'check', text: 'In Grafana' },
  differs: { color: 'orange', icon: 'exchange-alt', text: 'Differs from Grafana' },
  file: { color: 'purple', icon: 'file-alt', text: 'Differs from its provisioning file' },
  missing: { color: 'darkgrey', icon: 'minus-circle', text: 'Not in Grafana' },
} as const;

function windowText(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds / 60} min`;
}

/** One generated rule: what it watches, when it fires, its labels and queries, and a preview run now. */
export function RuleCard({ rule, target, runQuery, standing }: Props) {
  const styles = useStyles2(getStyles);
  const queryId = useId();
  const [showQuery, setShowQuery] = useState(false);
  const [preview, setPreview] = useState<PreviewState>();
  const runPreview = () => {
    setPreview({ status: 'running' });
    previewRule(rule, Date.now(), runQuery)
      .then((result) => setPreview({ status: 'done', preview: result }))
      .catch((failure: unknown) =>
        setPreview({ status: 'failed', message: failure instanceof Error ? failure.message : String(failure) })
      );
  };
  return (
    <article className={styles.card} aria-label={rule.title} data-rule-uid={rule.uid}>
      <div className={styles.header}>
        <div className={styles.heading}>
          <h4 className={styles.title}>{rule.title}</h4>
          <span className={styles.uid}>{rule.uid}</span>
        </div>
        <div className={styles.side}>
          {standing !== undefined && (
            <Badge
              color={STANDINGS[standing].color}
              icon={STANDINGS[standing].icon}
              text={STANDINGS[standing].text}
              data-standing={standing}
            />
          )}
          <Button
            size="sm"
            variant="secondary"
            icon="play"
            disabled={preview?.status === 'running'}
            onClick={runPreview}
            tooltip="Run the rule's queries now against its store and evaluate it as Grafana would"
          >
            Preview
          </Button>
        </div>
      </div>
      <p className={styles.watches}>{rule.watches}</p>
      <dl className={styles.facts}>
        <div>
          <dt>Fires on</dt>
          <dd>{rule.thresholdText}</dd>
        </div>
        <div>
          <dt>Evaluated every</dt>
          <dd>{durationText(rule.intervalSeconds)}</dd>
        </div>
        <div>
          <dt>Pending period</dt>
          <dd>{rule.pendingSeconds === 0 ? 'none, fires at once' : durationText(rule.pendingSeconds)}</dd>
        </div>
      </dl>
      <RuleLabels labels={rule.labels} />
      <div>
        <Button
          size="sm"
          fill="text"
          variant="secondary"
          icon={showQuery ? 'angle-down' : 'angle-right'}
          aria-expanded={showQuery}
          aria-controls={queryId}
          onClick={() => setShowQuery(!showQuery)}
          className={styles.toggle}
        >
          {rule.queries.length === 1 ? 'InfluxQL' : `InfluxQL (${rule.queries.length} queries)`}
        </Button>
        {showQuery && (
          <div id={queryId} className={styles.queries}>
            {rule.queries.map((query) => (
              <div key={query.refId}>
                <div className={styles.queryMeta}>
                  {`${query.refId}: ${query.store.toUpperCase()} store (${target.dataSourceUids[query.store]}), the ${windowText(query.windowSeconds)} before ${query.endSeconds ? `${windowText(query.endSeconds)} ago` : 'each evaluation'}`}
                </div>
                <pre className={styles.query} aria-label={`InfluxQL of query ${query.refId}`}>
                  {query.influxql}
                </pre>
              </div>
            ))}
          </div>
        )}
      </div>
      {preview !== undefined && <RulePreviewResult rule={rule} state={preview} />}
    </article>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    minWidth: 0,
    padding: theme.spacing(1.5, 2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  header: css({ display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: theme.spacing(1) }),
  heading: css({ display: 'flex', flexDirection: 'column', minWidth: 0 }),
  side: css({
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    justifyContent: 'flex-end',
    gap: theme.spacing(1),
  }),
  title: css({ margin: 0, fontSize: theme.typography.h5.fontSize, lineHeight: theme.typography.h5.lineHeight }),
  uid: css({
    color: theme.colors.text.secondary,
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  watches: css({ margin: 0, color: theme.colors.text.primary }),
  facts: css({
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(0.5),
    margin: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0, color: theme.colors.text.primary },
  }),
  toggle: css({ paddingLeft: 0 }),
  queries: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  queryMeta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  query: css({
    margin: 0,
    padding: theme.spacing(1),
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
