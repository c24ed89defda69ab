import type { SelectableValue } from '@grafana/data';
import { Field, Input, RadioButtonGroup, Stack, Switch } from '@grafana/ui';
import type { FocusEvent } from 'react';

import { DEFAULT_RISK_LIMIT } from '../../frames/riskFrames';
import type { RiskEntityKind, RiskView } from '../../types';
import { selectors } from '../selectors';
import { changeAndRun, type ConduitQueryEditorProps } from './queryEditorProps';
import { ZoneFilterField } from './ZoneFilterField';

const VIEW_OPTIONS: Array<SelectableValue<RiskView>> = [
  { label: 'Per entity', value: 'entities', description: 'Impact, likelihood, score and the factors behind them' },
  { label: 'Over time', value: 'overTime', description: 'Score per entity as a time series (time series, heatmap)' },
];

const ENTITY_OPTIONS: Array<SelectableValue<RiskEntityKind>> = [
  { label: 'Assets', value: 'asset' },
  { label: 'Zones', value: 'zone' },
];

/** Risk: the explainable score of each asset or zone, now or over the range. */
export function QueryEditorRisk(props: ConduitQueryEditorProps) {
  const run = changeAndRun(props);
  const { query } = props;
  const view = query.riskView ?? 'entities';
  return (
    <Stack direction="column" gap={1} data-testid={selectors.query.editor('risk')}>
      <Stack gap={2}>
        <Field label="View">
          <RadioButtonGroup<RiskView> options={VIEW_OPTIONS} value={view} onChange={(riskView) => run({ riskView })} />
        </Field>
        <Field label="Entities">
          <RadioButtonGroup<RiskEntityKind>
            options={ENTITY_OPTIONS}
            value={query.riskEntity ?? 'asset'}
            onChange={(riskEntity) => run({ riskEntity })}
          />
        </Field>
      </Stack>
      <ZoneFilterField value={query.zone} onCommit={(zone) => run({ zone, zones: undefined })} />
      {view === 'overTime' && (
        <Field label="Series" description="The entities with the highest risk get a series.">
          <Input
            data-testid={selectors.query.riskLimit}
            type="number"
            min={1}
            width={10}
            defaultValue={query.riskLimit ?? DEFAULT_RISK_LIMIT}
            onBlur={(event: FocusEvent<HTMLInputElement>) => {
              const limit = Number(event.currentTarget.value);
              run({ riskLimit: Number.isInteger(limit) && limit > 0 ? limit : undefined });
            }}
          />
        </Field>
      )}
      {view === 'overTime' && (
        <Field
          label="Factors per bucket"
          description="Also return each series' factors at every bucket, which the Conduit risk heatmap explains on hover."
        >
          <Switch
            data-testid={selectors.query.riskFactors}
            value={query.riskFactors ?? false}
            onChange={(event) => run({ riskFactors: event.currentTarget.checked || undefined })}
          />
        </Field>
      )}
    </Stack>
  );
}
