import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/config/ConfigEditor';
import { QueryEditor } from './components/query/QueryEditor';
import { ConduitDataSource } from './datasource';
import type { ConduitDataSourceOptions, ConduitQuery, ConduitSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<
  ConduitDataSource,
  ConduitQuery,
  ConduitDataSourceOptions,
  ConduitSecureJsonData
>(ConduitDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
