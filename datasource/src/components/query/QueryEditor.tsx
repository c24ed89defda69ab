import type { SelectableValue } from '@grafana/data';
import { Field, RadioButtonGroup, Stack } from '@grafana/ui';

import type { ConduitQueryType } from '../../types';
import { changeAndRun, type ConduitQueryEditorProps } from './queryEditorProps';
import { QueryEditorChains } from './QueryEditorChains';
import { QueryEditorFindings } from './QueryEditorFindings';
import { QueryEditorInventory } from './QueryEditorInventory';
import { QueryEditorRisk } from './QueryEditorRisk';
import { QueryEditorTelemetry } from './QueryEditorTelemetry';
import { QueryEditorTopology } from './QueryEditorTopology';

const TYPE_OPTIONS: Array<SelectableValue<ConduitQueryType>> = [
  { label: 'Telemetry', value: 'telemetry', description: 'Measurements of either store, built or in InfluxQL' },
  { label: 'Topology', value: 'topology', description: 'Zones, assets, conduits and observed flows' },
  { label: 'Risk', value: 'risk', description: 'Explainable risk per asset or zone' },
  { label: 'Findings', value: 'findings', description: "The detectors' findings and IDS/EDR alerts" },
  { label: 'Chains', value: 'chains', description: 'Candidate incidents correlated from findings' },
  { label: 'Inventory', value: 'inventory', description: 'Assets with zone, role, criticality, vulnerabilities' },
];

const EDITORS: Readonly<Record<ConduitQueryType, (props: ConduitQueryEditorProps) => JSX.Element>> = {
  telemetry: QueryEditorTelemetry,
  topology: QueryEditorTopology,
  risk: QueryEditorRisk,
  findings: QueryEditorFindings,
  chains: QueryEditorChains,
  inventory: QueryEditorInventory,
};

/** The query type, then that type's own editor. */
export function QueryEditor(props: ConduitQueryEditorProps) {
  const queryType: ConduitQueryType = props.query.queryType ?? 'telemetry';
  const Editor = EDITORS[queryType] ?? QueryEditorTelemetry;
  return (
    <Stack direction="column" gap={1}>
      <Field label="Query type">
        <RadioButtonGroup<ConduitQueryType>
          options={TYPE_OPTIONS}
          value={queryType}
          onChange={(value) => changeAndRun(props)({ queryType: value })}
        />
      </Field>
      <Editor {...props} />
    </Stack>
  );
}
