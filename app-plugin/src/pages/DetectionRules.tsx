import { alertingProvisioningYaml, DEFAULT_ALERT_ROUTING, DEFAULT_RULE_TARGET } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, ConfirmModal, EmptyState, LinkButton, Stack, useStyles2 } from '@grafana/ui';
import { useMemo, useState } from 'react';

import { ApplyNotice } from '../components/detectionRules/ApplyNotice';
import { ApplyStatus } from '../components/detectionRules/ApplyStatus';
import { RuleControls } from '../components/detectionRules/RuleControls';
import { RuleTemplateSection } from '../components/detectionRules/RuleTemplateSection';
import { downloadText } from '../components/downloadText';
import { canApplyRules } from '../detectionRules/applyPermission';
import { type ApplyProgress, type ApplyReport, applyRules } from '../detectionRules/applyRules';
import { grafanaClient } from '../detectionRules/grafanaClient';
import { influxProxyRunner } from '../detectionRules/influxProxy';
import {
  DEFAULT_CHOICES,
  generateRules,
  purdueLevels,
  type RuleChoices,
  rulesByTemplate,
  readRuleSource,
} from '../detectionRules/ruleSource';
import { type Standings, useRuleStandings } from '../detectionRules/useRuleStandings';
import { conduitDataSource, dataSourceSettingsUrl, zoneModelText } from '../incidents/conduitDataSource';
import { useAppSettings } from '../incidents/useAppSettings';

const TARGET = DEFAULT_RULE_TARGET;
const EXPORT_FILE_NAME = 'conduit-alert-rules.yaml';

/**
 * Detection rules generated from the zone model, as Grafana-managed alert rules over Grafana's own InfluxDB
 * datasources (Grafana evaluates them server-side): reviewed and previewed here, applied through the alerting
 * provisioning API, or exported as a provisioning file.
 */
export function DetectionRules() {
  const styles = useStyles2(getStyles);
  const dataSource = conduitDataSource(useAppSettings());
  const source = useMemo(() => readRuleSource(dataSource), [dataSource]);
  const model = source.kind === 'ok' ? source.model : undefined;
  const [choices, setChoices] = useState<RuleChoices>(DEFAULT_CHOICES);
  const rules = useMemo(() => (model === undefined ? [] : generateRules(model, choices)), [model, choices]);
  const runQuery = useMemo(() => influxProxyRunner(TARGET), []);
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<ApplyProgress>();
  const [report, setReport] = useState<ApplyReport>();
  const [applied, setApplied] = useState(0);
  const { standings } = useRuleStandings(grafanaClient, rules, TARGET, applied);
  const mayApply = canApplyRules();

  if (source.kind === 'no-datasource') {
    return (
      <PluginPage>
        <EmptyState variant="call-to-action" message="No Conduit datasource">
          Detection rules are generated from the zone model, which lives in the settings of a Conduit datasource. Add
          one under Connections, Data sources, and paste the model into its settings.
        </EmptyState>
      </PluginPage>
    );
  }
  const edit = (
    <LinkButton href={dataSourceSettingsUrl(source.dataSource)} icon="pen" variant="secondary">
      {`Change the model in ${source.dataSource.name}`}
    </LinkButton>
  );
  if (source.kind === 'no-model') {
    return (
      <PluginPage>
        <EmptyState variant="call-to-action" message="No zone model to generate rules from" button={edit}>
          {`The datasource ${source.dataSource.name} has no zone model yet. Rules watch traffic between its zones against its conduits, the controllers and process points of its control zones, and the analyzer's findings by zone.`}
        </EmptyState>
      </PluginPage>
    );
  }
  if (source.kind === 'invalid') {
    return (
      <PluginPage>
        <Stack direction="column" gap={2}>
          <Alert severity="error" title={`The zone model in ${source.dataSource.name} is not valid: no rules`}>
            <ul className={styles.problems}>
              {source.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </Alert>
          <div>{edit}</div>
        </Stack>
      </PluginPage>
    );
  }

  const apply = async () => {
    setConfirming(false);
    setReport(undefined);
    setProgress({ done: 0, total: 1, step: 'Starting' });
    setReport(await applyRules(grafanaClient, rules, TARGET, setProgress));
    setApplied((count) => count + 1);
  };
  const exportYaml = () =>
    downloadText(EXPORT_FILE_NAME, 'application/yaml', alertingProvisioningYaml(rules, TARGET, DEFAULT_ALERT_ROUTING));
  const groups = rulesByTemplate(rules);
  const telemetry = groups.filter((group) => group.template.source === 'telemetry');
  const analysis = groups.filter((group) => group.template.source === 'analysis');
  const count = (list: typeof groups) => list.reduce((total, group) => total + group.rules.length, 0);
  const applying = progress !== undefined && report === undefined;

  return (
    <PluginPage>
      <div className={styles.page}>
        <p className={styles.intro}>
          {`${rules.length} rules from ${source.model.site ?? 'the zone model'} in ${source.dataSource.name}: ${count(telemetry)} over telemetry, ${count(analysis)} over the analyzer's findings. They become Grafana alert rules in the folder ${TARGET.folderTitle}, over the InfluxDB datasources ${TARGET.dataSourceUids.it} and ${TARGET.dataSourceUids.ot}, evaluated by Grafana on the server.`}
        </p>
        {source.warnings.length > 0 && (
          <Alert severity="warning" title="The validator notes">
            <ul className={styles.problems}>
              {source.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </Alert>
        )}
        {!mayApply && <ApplyNotice />}
        <RuleControls
          choices={choices}
          levels={purdueLevels(source.model)}
          onChange={setChoices}
          onApply={mayApply ? () => setConfirming(true) : undefined}
          applying={applying}
          onExport={exportYaml}
        />
        {standings !== undefined && <StandingSummary standings={standings} />}
        <ApplyStatus progress={progress} report={report} />
        <RuleSourceSection
          title="Over telemetry"
          description="Judged by InfluxQL and Grafana's server-side expressions on the raw telemetry in the IT and OT stores."
          rules={telemetry}
          runQuery={runQuery}
          standings={standings}
        />
        <RuleSourceSection
          title="Over the analyzer's findings"
          description="Read what the always-on analyzer stores: its findings and correlated attack chains."
          rules={analysis}
          runQuery={runQuery}
          standings={standings}
        />
      </div>
      <ConfirmModal
        isOpen={confirming}
        title="Apply the detection rules to Grafana"
        body={`Grafana's alert rules in the folder ${TARGET.folderTitle} are made equal to these ${rules.length} rules: new ones are created, changed ones updated, and rules the app generated before that are no longer generated are deleted. Alert rules anyone else made are left alone.`}
        confirmText="Apply"
        icon="cloud-upload"
        onConfirm={() => void apply()}
        onDismiss={() => setConfirming(false)}
      />
    </PluginPage>
  );
}

interface SourceProps {
  title: string;
  description: string;
  rules: ReturnType<typeof rulesByTemplate>;
  runQuery: ReturnType<typeof influxProxyRunner>;
  standings?: Standings;
}

/** Where Grafana stands against the rules shown, so drift is seen before anyone applies. */
function StandingSummary({ standings }: { standings: Standings }) {
  const styles = useStyles2(getStyles);
  const count = (wanted: string) => [...standings.byUid.values()].filter((standing) => standing === wanted).length;
  const stale = standings.stale > 0 ? `; ${standings.stale} no longer generated, which an apply deletes` : '';
  return (
    <p className={styles.intro} aria-label="Rules in Grafana">
      {`In Grafana: ${count('applied')} as generated, ${count('differs')} different, ${count('missing')} missing${
        count('file') > 0 ? `, ${count('file')} different in a provisioning file (change them there)` : ''
      }${stale}.`}
    </p>
  );
}

function RuleSourceSection({ title, description, rules, runQuery, standings }: SourceProps) {
  const styles = useStyles2(getStyles);
  if (rules.length === 0) {
    return null;
  }
  return (
    <section className={styles.source} aria-label={title}>
      <div>
        <h2 className={styles.sourceHeading}>{title}</h2>
        <p className={styles.intro}>{description}</p>
      </div>
      {rules.map((group) => (
        <RuleTemplateSection
          key={group.template.id}
          group={group}
          target={TARGET}
          runQuery={runQuery}
          standings={standings?.byUid}
        />
      ))}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  intro: css({ margin: 0, color: theme.colors.text.secondary, maxWidth: 1100 }),
  problems: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  source: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(3),
    paddingTop: theme.spacing(2),
    borderTop: `1px solid ${theme.colors.border.weak}`,
  }),
  sourceHeading: css({ margin: 0, fontSize: theme.typography.h3.fontSize }),
});
