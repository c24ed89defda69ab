import { SEVERITIES, type Severity } from '@conduit/core';
import type { SelectableValue } from '@grafana/data';
import { Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import type { FocusEvent } from 'react';

import { selectors } from '../components/selectors';
import type { ConduitQuery } from '../types';

type Source = 'findings' | 'chains';

const SOURCE_OPTIONS: Array<SelectableValue<Source>> = [
  { label: 'Findings', value: 'findings', description: 'One mark per finding, IDS/EDR alerts included' },
  { label: 'Chains', value: 'chains', description: 'One region per candidate incident' },
];

const SEVERITY_OPTIONS: Array<SelectableValue<Severity>> = SEVERITIES.map((s) => ({ label: s, value: s }));

interface Props {
  query: ConduitQuery;
  onChange(query: ConduitQuery): void;
}

/** Which findings become annotations: a severity floor and optionally one zone. */
export function FindingAnnotationEditor({ query, onChange }: Props) {
  const source: Source = query.queryType === 'chains' ? 'chains' : 'findings';
  return (
    <Stack direction="column" gap={1}>
      <Field label="Show">
        <RadioButtonGroup<Source>
          options={SOURCE_OPTIONS}
          value={source}
          onChange={(queryType) => onChange({ ...query, queryType })}
        />
      </Field>
      <Field label="Severity at least">
        <RadioButtonGroup<Severity>
          options={SEVERITY_OPTIONS}
          value={query.minSeverity ?? 'high'}
          onChange={(minSeverity) => onChange({ ...query, minSeverity })}
        />
      </Field>
      <Field label="Zone" description="A zone id or a zone variable such as $zone; empty for every zone.">
        <Input
          data-testid={selectors.annotation.zone}
          width={30}
          placeholder="all zones"
          defaultValue={query.zone ?? ''}
          onBlur={(event: FocusEvent<HTMLInputElement>) => {
            const zone = event.currentTarget.value.trim();
            onChange({ ...query, zone: zone === '' ? undefined : zone });
          }}
        />
      </Field>
    </Stack>
  );
}
