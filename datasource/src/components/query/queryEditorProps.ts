import type { QueryEditorProps } from '@grafana/data';

import type { ConduitDataSource } from '../../datasource';
import type { ConduitDataSourceOptions, ConduitQuery } from '../../types';

export type ConduitQueryEditorProps = QueryEditorProps<ConduitDataSource, ConduitQuery, ConduitDataSourceOptions>;

/** Applies a change and runs the query, as a choice made with one click should. */
export function changeAndRun(props: Pick<ConduitQueryEditorProps, 'query' | 'onChange' | 'onRunQuery'>) {
  return (changes: Partial<ConduitQuery>) => {
    props.onChange({ ...props.query, ...changes });
    props.onRunQuery();
  };
}
