import { SEVERITIES, type Severity } from '@conduit/core';
import type { SelectableValue } from '@grafana/data';
import { Field, RadioButtonGroup } from '@grafana/ui';

const OPTIONS: Array<SelectableValue<Severity>> = SEVERITIES.map((severity) => ({ label: severity, value: severity }));

interface Props {
  value: Severity | undefined;
  onChange(severity: Severity): void;
}

export function SeverityField({ value, onChange }: Props) {
  return (
    <Field label="Severity at least">
      <RadioButtonGroup<Severity> options={OPTIONS} value={value ?? 'info'} onChange={onChange} />
    </Field>
  );
}
