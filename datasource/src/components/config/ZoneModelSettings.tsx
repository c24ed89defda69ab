import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert, Field, FieldSet, TextArea } from '@grafana/ui';
import { type ChangeEvent, useMemo } from 'react';

import { readPlantModel } from '../../plantModel';
import type { ConduitDataSourceOptions, ConduitSecureJsonData } from '../../types';
import { selectors } from '../selectors';

type Props = DataSourcePluginOptionsEditorProps<ConduitDataSourceOptions, ConduitSecureJsonData>;

/** A broken file can have thousands of problems; the first ones say where to start. */
const LISTED_PROBLEMS = 10;

/**
 * The zone and conduit model as text (YAML or JSON, what `conduit-sim model` writes), checked by the core's
 * validator on every change: a summary when it is valid, its problems with their paths when it is not.
 */
export function ZoneModelSettings({ options, onOptionsChange }: Props) {
  const text = options.jsonData.zoneModel ?? '';
  const detection = options.jsonData.detection;
  const plant = useMemo(() => readPlantModel({ zoneModel: text, detection }), [text, detection]);

  return (
    <FieldSet label="Zone model">
      <p>
        The IEC 62443 zones and conduits of the site, with asset overrides and detection settings. Paste the file (YAML
        or JSON); it is checked as you type.
      </p>
      <Field label="Zone and conduit model">
        <TextArea
          data-testid={selectors.config.zoneModel}
          rows={16}
          spellCheck={false}
          style={{ fontFamily: 'monospace' }}
          placeholder={
            'site: My plant\nzones:\n  - id: control\n    name: Basic control\n    purdueLevel: 1\n    slTarget: 3\n    cidrs: [10.20.1.0/24]\nconduits: []'
          }
          value={text}
          onChange={(event: ChangeEvent<HTMLTextAreaElement>) =>
            onOptionsChange({ ...options, jsonData: { ...options.jsonData, zoneModel: event.currentTarget.value } })
          }
        />
      </Field>
      {plant.ok ? (
        <Alert severity={plant.warnings.length > 0 ? 'warning' : 'success'} title="Zone model is valid">
          <div data-testid={selectors.config.zoneModelSummary}>
            {plant.summary.site === undefined ? '' : `${plant.summary.site}: `}
            {plant.summary.zones} zones, {plant.summary.conduits} conduits, {plant.summary.assets} assets
          </div>
          {plant.warnings.length > 0 && (
            <ul>
              {plant.warnings.slice(0, LISTED_PROBLEMS).map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
        </Alert>
      ) : (
        <Alert severity="error" title="Zone model has problems">
          <ul data-testid={selectors.config.zoneModelProblems}>
            {plant.problems.slice(0, LISTED_PROBLEMS).map((problem, i) => (
              <li key={`${i}-${problem}`}>{problem}</li>
            ))}
          </ul>
          {plant.problems.length > LISTED_PROBLEMS && <div>and {plant.problems.length - LISTED_PROBLEMS} more</div>}
        </Alert>
      )}
    </FieldSet>
  );
}
