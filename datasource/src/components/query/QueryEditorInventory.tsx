import { Stack } from '@grafana/ui';

import { selectors } from '../selectors';
import { changeAndRun, type ConduitQueryEditorProps } from './queryEditorProps';
import { ZoneFilterField } from './ZoneFilterField';

/** Inventory: assets with zone, role, criticality and vulnerabilities, the zone model's overrides applied. */
export function QueryEditorInventory(props: ConduitQueryEditorProps) {
  const run = changeAndRun(props);
  return (
    <Stack direction="column" gap={1} data-testid={selectors.query.editor('inventory')}>
      <ZoneFilterField value={props.query.zone} onCommit={(zone) => run({ zone, zones: undefined })} />
    </Stack>
  );
}
