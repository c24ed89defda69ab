import { Stack } from '@grafana/ui';

import { selectors } from '../selectors';
import { changeAndRun, type ConduitQueryEditorProps } from './queryEditorProps';
import { SeverityField } from './SeverityField';
import { ZoneFilterField } from './ZoneFilterField';

/** Chains: candidate incidents correlated from the findings (time, shared assets, descent across Purdue levels). */
export function QueryEditorChains(props: ConduitQueryEditorProps) {
  const run = changeAndRun(props);
  const { query } = props;
  return (
    <Stack direction="column" gap={1} data-testid={selectors.query.editor('chains')}>
      <SeverityField value={query.minSeverity} onChange={(minSeverity) => run({ minSeverity })} />
      <ZoneFilterField value={query.zone} onCommit={(zone) => run({ zone, zones: undefined })} />
    </Stack>
  );
}
