import type { GrafanaRuleTarget } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import { useId } from 'react';

import type { RuleStanding } from '../../detectionRules/applyPlan';
import type { TemplateRules } from '../../detectionRules/ruleSource';
import type { QueryRunner } from '../../detectionRules/rulePreview';
import { RuleCard } from './RuleCard';

interface Props {
  group: TemplateRules;
  target: GrafanaRuleTarget;
  runQuery: QueryRunner;
  standings?: ReadonlyMap<string, RuleStanding>;
}

/** The rules one template made, under its name and what it looks for. */
export function RuleTemplateSection({ group, target, runQuery, standings }: Props) {
  const styles = useStyles2(getStyles);
  const headingId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId} data-template={group.template.id}>
      <div className={styles.header}>
        <h3 id={headingId} className={styles.heading}>
          {group.template.name}
        </h3>
        <Badge color="blue" text={group.rules.length === 1 ? '1 rule' : `${group.rules.length} rules`} />
      </div>
      <p className={styles.description}>{group.template.description}</p>
      <div className={styles.rules}>
        {group.rules.map((rule) => (
          <RuleCard
            key={rule.uid}
            rule={rule}
            target={target}
            runQuery={runQuery}
            standing={standings?.get(rule.uid)}
          />
        ))}
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  heading: css({ margin: 0, fontSize: theme.typography.h4.fontSize }),
  description: css({ margin: 0, color: theme.colors.text.secondary, maxWidth: 960 }),
  rules: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 520px), 1fr))',
    gap: theme.spacing(1.5),
    alignItems: 'start',
  }),
});
