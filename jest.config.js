const { project } = require('./.config/jest.config.base');

const plugins = ['datasource', 'panels', 'app-plugin'];

// Unit tests sit beside the code; tests that start influxd or Chromium say so in their name.
const unitMatch = ['**/*.test.ts', '**/*.test.tsx'];
const integrationMatch = ['**/*.influx.test.ts', '**/*.influx.test.tsx', '**/*.build.test.ts'];

module.exports = {
  projects: [
    {
      ...project({
        displayName: 'core',
        // Also the scripts' own logic and the checks of the repository and of Grafana's reference data: plain Node.
        roots: [
          'core/src',
          'simulator/src',
          'cli/src',
          'scripts',
          'test/repository',
          'test/grafana-reference',
          'test/docs',
        ],
        testMatch: unitMatch,
      }),
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.influx\\.test\\.', '\\.build\\.test\\.'],
    },
    {
      ...project({
        displayName: 'plugins',
        roots: plugins,
        environment: 'jsdom',
        testMatch: unitMatch,
        setupFilesAfterEnv: ['<rootDir>/.config/jest/setupPlugins.js'],
      }),
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.influx\\.test\\.', '\\.build\\.test\\.'],
    },
    project({
      displayName: 'integration',
      roots: ['core/src', 'simulator/src', 'cli/src', 'datasource', 'test'],
      testMatch: integrationMatch,
    }),
  ],
};
