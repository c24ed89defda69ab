import {
  CustomVariableSupport,
  type DataQueryRequest,
  type DataQueryResponse,
  createDataFrame,
  FieldType,
  LoadingState,
} from '@grafana/data';
import { map, type Observable, of } from 'rxjs';

import type { ConduitDataSource } from '../datasource';
import { type ConduitVariableQuery, VARIABLE_KINDS } from '../types';
import { VariableQueryEditor } from './VariableQueryEditor';

/** A saved variable query as Grafana hands it over; one saved before a kind was chosen lists zones, as its editor shows. */
function variableQuery(value: unknown): ConduitVariableQuery | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const kind: unknown = 'kind' in value ? value.kind : 'zones';
  if (!(VARIABLE_KINDS as readonly unknown[]).includes(kind)) {
    return undefined;
  }
  return { refId: 'variable', ...(value as Partial<ConduitVariableQuery>), kind: kind as ConduitVariableQuery['kind'] };
}

/**
 * Dashboard variables through Grafana's custom variable support: the editor picks what to list, `query` lists
 * it as a frame of `text` and `value` fields. A store that fails leaves the other store's values and an error.
 */
export class ConduitVariableSupport extends CustomVariableSupport<ConduitDataSource, ConduitVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: ConduitDataSource) {
    super();
  }

  query(request: DataQueryRequest<ConduitVariableQuery>): Observable<DataQueryResponse> {
    const target = variableQuery(request.targets[0]);
    if (target === undefined) {
      return of({
        data: [],
        state: LoadingState.Error,
        errors: [{ refId: 'variable', message: `choose what the variable lists (${VARIABLE_KINDS.join(', ')})` }],
      });
    }
    const { refId } = target;
    return this.datasource.variableOptions(target, request.scopedVars).pipe(
      map(({ options, errors }) => ({
        data: [
          createDataFrame({
            refId,
            fields: [
              { name: 'text', type: FieldType.string, values: options.map((o) => o.text) },
              { name: 'value', type: FieldType.string, values: options.map((o) => o.value) },
            ],
          }),
        ],
        state: LoadingState.Done,
        ...(errors.length > 0 ? { errors: errors.map((message) => ({ refId, message })) } : {}),
      }))
    );
  }
}
