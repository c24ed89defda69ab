/** A template service that knows the named dashboard variables, for tests of what a click sets. */
import type { TypedVariableModel } from '@grafana/data';
import { setTemplateSrv, type TemplateSrv } from '@grafana/runtime';

export function useDashboardVariables(names: string[]): void {
  const variables = names.map((name) => ({ name, type: 'custom' }) as unknown as TypedVariableModel);
  const templateSrv: TemplateSrv = {
    getVariables: () => variables,
    replace: (target?: string) => target ?? '',
    containsTemplate: () => false,
    updateTimeRange: () => undefined,
  };
  setTemplateSrv(templateSrv);
}
