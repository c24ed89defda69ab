import type { SelectableValue } from '@grafana/data';
import { Field, RadioButtonGroup, Stack } from '@grafana/ui';

import type { TopologyLevel } from '../../types';
import { selectors } from '../selectors';
import { changeAndRun, type ConduitQueryEditorProps } from './queryEditorProps';
import { ZoneFilterField } from './ZoneFilterField';

const LEVEL_OPTIONS: Array<SelectableValue<TopologyLevel>> = [
  { label: 'Zones', value: 'zone', description: 'Zones as nodes, conduits and zone-to-zone flows as edges' },
  { label: 'Assets', value: 'asset', description: 'Assets as nodes, grouped by zone, with the flows between them' },
];

/** Topology: `nodes` and `edges` frames for the zone topology panel and Grafana's Node Graph panel. */
export function QueryEditorTopology(props: ConduitQueryEditorProps) {
  const run = changeAndRun(props);
  const { query } = props;
  return (
    <Stack direction="column" gap={1} data-testid={selectors.query.editor('topology')}>
      <Field label="Level">
        <RadioButtonGroup<TopologyLevel>
          options={LEVEL_OPTIONS}
          value={query.topologyLevel ?? 'zone'}
          onChange={(topologyLevel) => run({ topologyLevel })}
        />
      </Field>
      <ZoneFilterField value={query.zone} onCommit={(zone) => run({ zone, zones: undefined })} />
    </Stack>
  );
}
