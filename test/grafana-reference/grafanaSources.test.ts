import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  namesOfSharedDependencies,
  pluginSchemaText,
  schemaWithoutDescriptions,
  sharedDependenciesText,
  sharedDependencyKeys,
} from './grafanaSources';

/** A loader source of the shape Grafana's sharedDependencies.ts has: values of every kind, comments, a spread. */
const LOADER_SOURCE = `
import * as grafanaData from '@grafana/data';
const legacyDeps = ['a.flot'].reduce((acc, dep) => ({ ...acc, [dep]: { fakeDep: 1 } }), {});

export const sharedDependenciesMap = {
  '@grafana/data': grafanaData,
  // a comment with 'quotes', commas, and a fake: key
  'app/core/config': {
    default: config,
    __useDefault: true,
  },
  'app/core/utils/datemath': grafanaData.dateMath,
  d3: () => import('d3'),
  i18next: () => import('@grafana/i18n/internal').then((module) => module.getI18nInstance()),
  ...legacyDeps,
  lodash: () => import('lodash').then((module) => ({ ...module, move: arrayMove, __useDefault: true })),
  /* block comment */ "react/jsx-runtime": () => import('react/jsx-runtime'),
  'slate-react': () => import('slate-react'),
};

export const somethingElse = { notAKey: 1 };
`;

describe('sharedDependencyKeys', () => {
  it("reads the loader map's top-level keys in order, quoted or bare, and names the spreads apart", () => {
    expect(sharedDependencyKeys(LOADER_SOURCE)).toEqual({
      names: [
        '@grafana/data',
        'app/core/config',
        'app/core/utils/datemath',
        'd3',
        'i18next',
        'lodash',
        'react/jsx-runtime',
        'slate-react',
      ],
      spreads: ['legacyDeps'],
    });
  });

  it('refuses a source without the map, rather than writing an empty list', () => {
    expect(() => sharedDependencyKeys('export const other = {};')).toThrow(/sharedDependenciesMap/);
  });

  it('refuses a source cut short inside the map', () => {
    expect(() => sharedDependencyKeys(LOADER_SOURCE.slice(0, LOADER_SOURCE.indexOf('lodash')))).toThrow(/cut short/);
  });
});

describe('sharedDependenciesText', () => {
  it('names its source and tag in comments that the list reader skips, and lists each name once', () => {
    const text = sharedDependenciesText({ names: ['react', 'rxjs'], spreads: ['legacyDeps'] }, 'v12.4.0');

    expect(text).toMatch(/sharedDependencies\.ts at v12\.4\.0/);
    expect(text).toMatch(/legacyDeps/);
    expect(namesOfSharedDependencies(text)).toEqual(['react', 'rxjs']);
  });
});

describe('schemaWithoutDescriptions', () => {
  it('drops description texts and keeps a property that is named description', () => {
    const schema = {
      description: 'The plugin.json file.',
      required: ['id'],
      properties: {
        id: { type: 'string', description: 'Unique name.', pattern: '^[a-z]+$' },
        description: { type: 'string', description: 'Description of plugin.' },
      },
    };

    expect(schemaWithoutDescriptions(schema)).toEqual({
      required: ['id'],
      properties: { id: { type: 'string', pattern: '^[a-z]+$' }, description: { type: 'string' } },
    });
  });

  it('writes the kept schema in the form refresh.ts keeps it, so a refresh of the same ref changes nothing', () => {
    const kept = readFileSync(join(__dirname, 'plugin.schema.json'), 'utf8');

    expect(pluginSchemaText(kept)).toBe(kept);
  });
});
