import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { ConduitDataSource } from './datasource';
import type { ConduitDataSourceOptions, ConduitQuery } from './types';

export const plugin = new DataSourcePlugin<ConduitDataSource, ConduitQuery, ConduitDataSourceOptions>(ConduitDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
