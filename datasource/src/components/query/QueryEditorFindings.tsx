import { FINDING_CATEGORIES, type FindingCategory } from '@conduit/core';
import { Field, MultiCombobox, Stack } from '@grafana/ui';

import { CATEGORY_LABELS } from '../../frames/findingFrames';
import { selectors } from '../selectors';
import { changeAndRun, type ConduitQueryEditorProps } from './queryEditorProps';
import { SeverityField } from './SeverityField';
import { ZoneFilterField } from './ZoneFilterField';

const CATEGORY_OPTIONS = FINDING_CATEGORIES.map((category) => ({ label: CATEGORY_LABELS[category], value: category }));

/** Findings: one row per detector finding in the range, IDS/EDR alerts included. */
export function QueryEditorFindings(props: ConduitQueryEditorProps) {
  const run = changeAndRun(props);
  const { query } = props;
  return (
    <Stack direction="column" gap={1} data-testid={selectors.query.editor('findings')}>
      <SeverityField value={query.minSeverity} onChange={(minSeverity) => run({ minSeverity })} />
      <Field label="Categories" description="Empty for every category.">
        <MultiCombobox<FindingCategory>
          width={60}
          options={CATEGORY_OPTIONS}
          value={query.categories ?? []}
          onChange={(chosen) => run({ categories: chosen.map((option) => option.value) })}
        />
      </Field>
      <ZoneFilterField value={query.zone} onCommit={(zone) => run({ zone, zones: undefined })} />
    </Stack>
  );
}
