import type { StoreKind } from '@conduit/core';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Field, RadioButtonGroup, Stack, TextArea } from '@grafana/ui';
import type { ChangeEvent } from 'react';

import type { ConduitDataSource } from '../datasource';
import { type ConduitDataSourceOptions, type ConduitQuery, DEFAULT_QUERY } from '../types';

type Props = QueryEditorProps<ConduitDataSource, ConduitQuery, ConduitDataSourceOptions>;

const STORE_OPTIONS: Array<SelectableValue<StoreKind>> = [
  { label: 'OT store', value: 'ot' },
  { label: 'IT store', value: 'it' },
];

/** A raw InfluxQL statement against one store; the typed topology, risk and anomaly queries come later. */
export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  return (
    <Stack direction="column" gap={1}>
      <Field label="Store">
        <RadioButtonGroup<StoreKind>
          options={STORE_OPTIONS}
          value={query.store ?? DEFAULT_QUERY.store}
          onChange={(store) => {
            onChange({ ...query, store });
            onRunQuery();
          }}
        />
      </Field>
      <Field label="InfluxQL" description="Runs when the editor loses focus.">
        <TextArea
          id={`influxql-${query.refId}`}
          rows={3}
          placeholder={'SELECT sum("bytes_out") FROM "flow" WHERE time > now() - 1h GROUP BY "src_zone", "dst_zone"'}
          value={query.rawQuery ?? ''}
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) => onChange({ ...query, rawQuery: event.target.value })}
          onBlur={onRunQuery}
        />
      </Field>
    </Stack>
  );
}
