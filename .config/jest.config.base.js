// The one Jest configuration every workspace uses: SWC transforms TypeScript and JSX, and the core is
// read from source so tests never depend on a prior build.
const path = require('path');

const root = path.resolve(__dirname, '..');

// ESM-only packages that @grafana/* pull in and Jest must transform (d3-color ships .mjs).
const esmPackages = [
  'd3',
  'd3-.*',
  'internmap',
  'delaunator',
  'robust-predicates',
  'ol',
  'marked',
  'uuid',
  'nanoid',
  'react-calendar',
  '@wojtekmaj/date-utils',
  'get-user-locale',
  'memoize',
  'mimic-function',
  // core reads YAML; under jsdom the browser build of yaml is ESM.
  'yaml',
];

const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      sourceMaps: 'inline',
      jsc: {
        parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
        transform: { react: { runtime: 'automatic' } },
        target: 'es2021',
      },
    },
  ],
  '^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2021' } }],
};

/** A Jest project over some roots; `environment` is node for the core and jsdom for plugins. */
function project({ displayName, roots, environment = 'node', testMatch, setupFilesAfterEnv = [] }) {
  return {
    displayName,
    rootDir: root,
    roots: roots.map((r) => path.join(root, r)),
    testEnvironment: environment,
    testMatch,
    transform,
    transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})/)`],
    moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'json'],
    moduleNameMapper: {
      '^@conduit/core$': path.join(root, 'core/src/index.ts'),
      '\\.(css|scss|sass)$': 'identity-obj-proxy',
      '\\.(svg|png|jpg)$': path.join(__dirname, 'jest/fileMock.js'),
    },
    setupFilesAfterEnv,
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  };
}

module.exports = { project, root };
