import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import type { ConduitDataSourceOptions, ConduitSecureJsonData } from '../../types';
import { DetectionSettings } from './DetectionSettings';
import { StoreSettings } from './StoreSettings';
import { ZoneModelSettings } from './ZoneModelSettings';

type Props = DataSourcePluginOptionsEditorProps<ConduitDataSourceOptions, ConduitSecureJsonData>;

/**
 * The datasource's settings page: the two stores, the zone model and the detection settings. Every setting is
 * also provisionable (docs/datasource.md lists the keys).
 */
export function ConfigEditor(props: Props) {
  return (
    <>
      <StoreSettings {...props} store="it" />
      <StoreSettings {...props} store="ot" />
      <ZoneModelSettings {...props} />
      <DetectionSettings {...props} />
    </>
  );
}
