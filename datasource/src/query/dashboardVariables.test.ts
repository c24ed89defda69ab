import type { TypedVariableModel } from '@grafana/data';

import { ALL_VARIABLE_VALUE, dashboardVariables } from './dashboardVariables';

function templateSrv(models: unknown[]) {
  return { getVariables: () => models as TypedVariableModel[] };
}

const zone = {
  name: 'zone',
  type: 'query',
  multi: true,
  includeAll: true,
  allValue: '.*',
  current: { text: ['Basic control', 'Supervisory'], value: ['basic-control', 'supervisory'] },
  options: [
    { text: 'All', value: ALL_VARIABLE_VALUE, selected: false },
    { text: 'Basic control', value: 'basic-control', selected: true },
    { text: 'Supervisory', value: 'supervisory', selected: true },
    { text: 'Enterprise', value: 'enterprise', selected: false },
  ],
};

describe('dashboardVariables', () => {
  it('reads the selected values of each variable', () => {
    expect(dashboardVariables(templateSrv([zone]))).toEqual({
      zone: { values: ['basic-control', 'supervisory'], all: false, includeAll: true, allValue: '.*' },
    });
  });

  it('turns All into every option value, never into the custom all value', () => {
    const all = { ...zone, current: { text: 'All', value: [ALL_VARIABLE_VALUE] } };

    expect(dashboardVariables(templateSrv([all])).zone.values).toEqual(['basic-control', 'supervisory', 'enterprise']);
  });

  it('lets the scoped value of a repeated panel win, and leaves builtins to the core', () => {
    const variables = dashboardVariables(templateSrv([zone]), {
      zone: { text: 'Enterprise', value: 'enterprise' },
      __interval: { text: '1m', value: '1m' },
    });

    expect(variables.zone.values).toEqual(['enterprise']);
    expect(variables.__interval).toBeUndefined();
  });

  it('reads text boxes and constants, and skips what is not a variable', () => {
    const variables = dashboardVariables(
      templateSrv([
        { name: 'site', type: 'textbox', current: { value: "a' OR 1=1" } },
        { name: 'limit', type: 'constant', current: { value: 5 } },
        { type: 'broken' },
        null,
      ])
    );

    expect(variables).toEqual({ site: { values: ["a' OR 1=1"], all: false }, limit: { values: ['5'], all: false } });
  });

  it('works without a template service', () => {
    expect(dashboardVariables(undefined, { zone: { value: 'enterprise' } })).toEqual({
      zone: { values: ['enterprise'], all: false },
    });
  });
});
