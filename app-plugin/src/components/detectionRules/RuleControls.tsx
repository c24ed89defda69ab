import { SEVERITIES, type Severity, isSeverity } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Combobox, Field, useStyles2 } from '@grafana/ui';

import type { RuleChoices } from '../../detectionRules/ruleSource';

const LEVEL_NAMES: Record<string, string> = {
  '0': 'process',
  '1': 'basic control',
  '2': 'supervisory',
  '3': 'site operations',
  '3.5': 'industrial DMZ',
  '4': 'business',
  '5': 'enterprise',
};

interface Props {
  choices: RuleChoices;
  levels: readonly number[];
  onChange: (choices: RuleChoices) => void;
  /** Undefined when the person may not apply: no button that would fail. */
  onApply?: () => void;
  applying: boolean;
  onExport: () => void;
}

/** The two choices the rules over findings and chains depend on, and what to do with the rules. */
export function RuleControls({ choices, levels, onChange, onApply, applying, onExport }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.bar}>
      <Field
        label="Findings at or above"
        description="Severity that fires the rules over the analyzer's findings"
        htmlFor="detection-finding-severity"
        className={styles.field}
      >
        <Combobox
          id="detection-finding-severity"
          width={24}
          options={[...SEVERITIES].reverse().map((value: Severity) => ({ label: value, value }))}
          value={choices.findingMinSeverity}
          onChange={(option) => isSeverity(option.value) && onChange({ ...choices, findingMinSeverity: option.value })}
        />
      </Field>
      <Field
        label="Chains reaching Purdue level"
        description="Attack chains touching a zone at or below it fire"
        htmlFor="detection-chain-level"
        className={styles.field}
      >
        <Combobox
          id="detection-chain-level"
          width={28}
          options={levels.map((level) => ({
            label: `L${level} ${LEVEL_NAMES[String(level)] ?? ''}`.trim(),
            value: String(level),
          }))}
          value={String(choices.chainMaxLevel)}
          onChange={(option) => onChange({ ...choices, chainMaxLevel: Number(option.value) })}
        />
      </Field>
      <div className={styles.actions}>
        <Button variant="secondary" icon="download-alt" onClick={onExport}>
          Export YAML
        </Button>
        {onApply !== undefined && (
          <Button icon={applying ? 'spinner' : 'cloud-upload'} disabled={applying} onClick={onApply}>
            {applying ? 'Applying…' : 'Apply to Grafana'}
          </Button>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    columnGap: theme.spacing(3),
    rowGap: theme.spacing(1),
  }),
  field: css({ marginBottom: 0 }),
  actions: css({ display: 'flex', gap: theme.spacing(1), marginLeft: 'auto' }),
});
