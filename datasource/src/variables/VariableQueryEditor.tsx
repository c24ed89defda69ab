import type { StoreKind } from '@conduit/core';
import type { SelectableValue } from '@grafana/data';
import { Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import type { FocusEvent } from 'react';

import { selectors } from '../components/selectors';
import type { ConduitVariableQuery, VariableKind } from '../types';

/** The part of Grafana's variable editor props this editor reads; a saved query may predate `kind`. */
interface Props {
  query: Partial<ConduitVariableQuery> | undefined;
  onChange(query: ConduitVariableQuery): void;
}

const KIND_OPTIONS: Array<SelectableValue<VariableKind>> = [
  { label: 'Zones', value: 'zones', description: 'The zones of the zone model (text: name, value: id)' },
  { label: 'Assets', value: 'assets', description: 'Assets of the inventory and the zone model' },
  { label: 'Protocols', value: 'protocols', description: 'Services and OT protocols seen in the stores' },
  { label: 'Measurements', value: 'measurements' },
  { label: 'Tag keys', value: 'tagKeys' },
  { label: 'Tag values', value: 'tagValues' },
];

type StoreChoice = StoreKind | 'both';

const STORE_OPTIONS: Array<SelectableValue<StoreChoice>> = [
  { label: 'Both stores', value: 'both' },
  { label: 'IT store', value: 'it' },
  { label: 'OT store', value: 'ot' },
];

/** What a Conduit dashboard variable lists; values may name other variables (`$zone`). */
export function VariableQueryEditor({ query, onChange }: Props) {
  const kind: VariableKind = query?.kind ?? 'zones';
  const current: ConduitVariableQuery = { ...query, refId: query?.refId ?? 'variable', kind };
  const update = (changes: Partial<ConduitVariableQuery>) => onChange({ ...current, ...changes });
  const onText = (key: 'zone' | 'measurement' | 'tagKey') => (event: FocusEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value.trim();
    if (value !== (current[key] ?? '')) {
      update({ [key]: value === '' ? undefined : value });
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <Field label="List">
        <RadioButtonGroup<VariableKind>
          options={KIND_OPTIONS}
          value={kind}
          onChange={(value) => update({ kind: value })}
        />
      </Field>
      {kind !== 'zones' && (
        <Field label="Store">
          <RadioButtonGroup<StoreChoice>
            options={STORE_OPTIONS}
            value={current.store ?? 'both'}
            onChange={(value) => update({ store: value === 'both' ? undefined : value })}
          />
        </Field>
      )}
      {kind === 'assets' && (
        <Field
          label="Zone"
          description="Only assets of this zone; a zone variable such as $zone works too. Empty for all."
        >
          <Input
            data-testid={selectors.variable.zone}
            width={30}
            placeholder="all zones"
            defaultValue={current.zone ?? ''}
            onBlur={onText('zone')}
          />
        </Field>
      )}
      {(kind === 'tagKeys' || kind === 'tagValues') && (
        <Field label="Measurement" description="Empty for every measurement.">
          <Input
            data-testid={selectors.variable.measurement}
            width={30}
            placeholder="flow"
            defaultValue={current.measurement ?? ''}
            onBlur={onText('measurement')}
          />
        </Field>
      )}
      {kind === 'tagValues' && (
        <Field label="Tag key" required>
          <Input
            data-testid={selectors.variable.tagKey}
            width={30}
            placeholder="dst_zone"
            defaultValue={current.tagKey ?? ''}
            onBlur={onText('tagKey')}
          />
        </Field>
      )}
    </Stack>
  );
}
